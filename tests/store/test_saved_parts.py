"""The saved plays that can be a duet partner: each player's P1 or P2 part of a chart whose
replay the score book kept, newest first (a real SQLite file)."""

from __future__ import annotations

import dataclasses

import pytest

from game.core.lanes import Difficulty, Part
from game.core.partner import DUET_PARTS
from game.store.scores import ScoreBook
from tests.store.test_scores import OTHER_SHA, SHA, duet_record, scored, solo_record


@pytest.fixture
def book(tmp_path):
    with ScoreBook(tmp_path / "scores.db") as b:
        yield b


def test_the_duet_parts_with_replays_of_one_chart_newest_first(book):
    solo_full = book.save_play(solo_record())  # the full kit: no duet part
    duet = book.save_play(duet_record(names=["Left", "Right"]))
    book.save_play(scored(500, sha=SHA, part="p2", difficulty="hard"))  # no replay kept
    other = dataclasses.replace(duet_record(), chart_sha256=OTHER_SHA)
    book.save_play(other)  # another chart
    later = book.save_play(duet_record(names=["Ana", "Bo"]))
    parts = book.saved_parts(SHA, DUET_PARTS)
    assert [(p.play_id, p.player, p.name, p.part) for p in parts] == [
        (later, 0, "Ana", Part.P1),
        (later, 1, "Bo", Part.P2),
        (duet, 0, "Left", Part.P1),
        (duet, 1, "Right", Part.P2),
    ]
    assert parts[0].difficulty is Difficulty.HARD and parts[0].score > 0
    assert book.saved_parts(SHA, [Part.P2], limit=1) == [parts[1]]
    assert [p.play_id for p in book.saved_parts(SHA, [Part.FULL])] == [solo_full]
