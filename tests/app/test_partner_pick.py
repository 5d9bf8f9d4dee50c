"""Song select's "duet with a saved play": the saved plays offered, and the partner taken
from the chosen play's replay in the score book (a real SQLite file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from game.app.partner_pick import partner_choices, partner_from_book
from game.core.lanes import Part
from game.core.partner import DUET_PARTS, PARTNER, PartnerError
from game.library.index import SongRecord
from game.store.scores import ScoreBook
from tests.store.test_scores import OTHER_SHA, SHA, duet_record


@pytest.fixture
def book(tmp_path):
    with ScoreBook(tmp_path / "scores.db") as b:
        yield b


def test_song_select_offers_them_and_takes_the_partner_from_the_replay(book):
    book.save_play(duet_record(names=["Ana", "Bo"]))
    song = SongRecord("Gilded Hour", "Drum Duet", chart_sha256=SHA, folder=Path("g"))
    offered = partner_choices(book, song)
    assert [s.name for s in offered] == ["Ana", "Bo"]
    assert partner_choices(None, song) == [] and partner_choices(book, None) == []
    bo = offered[1]
    partner = partner_from_book(book, bo, SHA, Part.P1)
    assert partner.setup.part is Part.P2 and partner.player == PARTNER
    doc = book.replay_json(bo.play_id)
    assert len(partner.inputs) == sum(1 for row in doc["inputs"] if row[1] == 1)
    with pytest.raises(PartnerError, match="the part you play"):
        partner_from_book(book, bo, SHA, Part.P2)
    with pytest.raises(PartnerError, match=rf"play {bo.play_id} \(Bo, .*another chart"):
        partner_from_book(book, bo, OTHER_SHA, Part.P1)


def test_a_partner_whose_replay_is_unreadable_is_refused_naming_the_play(book, tmp_path):
    play_id = book.save_play(duet_record(names=["Ana", "Bo"]))
    book.close()
    with sqlite3.connect(tmp_path / "scores.db") as db:
        db.execute("UPDATE replays SET zlib_json = ? WHERE play_id = ?", (b"not zlib", play_id))
    with ScoreBook(tmp_path / "scores.db") as again:
        (ana, _) = again.saved_parts(SHA, DUET_PARTS)
        with pytest.raises(PartnerError, match=rf"play {play_id} \(Ana.*replay cannot be read"):
            partner_from_book(again, ana, SHA, Part.P2)
