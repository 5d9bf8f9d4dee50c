"""The scores database: plays saved and read back, high scores, replays, and a file that is
corrupt, from a newer game, or read while it is being written."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.core.replay import PlayerSetup, record, simulate
from game.core.report import SessionReport
from game.formats.replay_file import replay_to_json
from game.store import scores
from game.store.play_record import (
    HighScore,
    PlayerResult,
    PlayRecord,
    ReplayTooLargeError,
    SongFacts,
    TeamResult,
)
from game.store.scores import ScoreBook, ScoreBookError
from tests.helpers import B, G, K, R, chart_of, track

SHA = "ab" * 32
OTHER_SHA = "cd" * 32
WHEN = datetime(2025, 5, 1, 21, 15, 3, tzinfo=timezone.utc)
NOTES = [(0.5 * i, lane) for i, lane in enumerate((K, R, K, R, G, K, R, B), start=1)]
CHART = chart_of(
    {key: track(*NOTES) for key in (("full", "expert"), ("p1", "hard"), ("p2", "hard"))}
)


def hits(player: int, late_s: float = 0.0, skip: int = -1) -> list[InputEvent]:
    """Hits on every note of NOTES, `late_s` seconds late, leaving out note `skip`."""
    return [InputEvent(t + late_s, player, lane) for i, (t, lane) in enumerate(NOTES) if i != skip]


def solo_record(**kw) -> PlayRecord:
    """A real solo play on the full kit at Expert (one miss, hits 12 ms late), from its stats."""
    setup = [PlayerSetup(Part.FULL, Difficulty.EXPERT, EngineParams(WindowPreset.STRICT))]
    session = simulate(CHART, setup, hits(0, 0.012, skip=3))
    replay = replay_to_json(record("/songs/nara", SHA, setup, session))
    args = dict(names=["Minji"], replay_json=replay, played_at=WHEN) | kw
    song = SongFacts("/songs/nara", SHA, "Nara Soundcheck", "Drum Duet")
    return PlayRecord.from_report(SessionReport.of(session), song, setup, **args)


def duet_record(**kw) -> PlayRecord:
    """A real duet on P1 and P2 at Hard: both hit every note on time, so it earns the drumsticks."""
    setup = [PlayerSetup(Part.P1, Difficulty.HARD), PlayerSetup(Part.P2, Difficulty.HARD)]
    session = simulate(CHART, setup, hits(0) + hits(1, 0.004))
    replay = replay_to_json(record("/songs/gilded", SHA, setup, session))
    args = dict(names=["Left", ""], replay_json=replay, played_at=WHEN) | kw
    song = SongFacts("/songs/gilded", SHA, "Gilded Hour", "Drum Duet")
    return PlayRecord.from_report(SessionReport.of(session), song, setup, **args)


def scored(score: int, accuracy: float = 0.9, name: str = "P", sha: str = SHA, **where: str):
    """A solo play with a chosen score and accuracy, built field by field; `where` may name the
    part= and difficulty= (by default full, expert)."""
    part, difficulty = where.get("part", "full"), where.get("difficulty", "expert")
    player = PlayerResult(
        0, name, Part(part), Difficulty(difficulty), WindowPreset.STANDARD, score, accuracy, "A",
        40, accuracy == 1.0, 40, 2, 1, 0, 3, 1.5, 9.25,
    )  # fmt: skip
    when = "2025-05-01T20:00:00+00:00"
    return PlayRecord(when, "/songs/fire", sha, "Firecracker Night", "Drum Duet", (player,))


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain autocommit connection to the file at `path`, closed afterwards."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def book(tmp_path):
    with ScoreBook(tmp_path / "scores.db") as b:
        yield b


def test_a_solo_play_is_saved_and_read_back_with_every_field(tmp_path):
    play = solo_record()
    with ScoreBook(tmp_path / "data" / "scores.db") as book:
        play_id = book.save_play(play)
    with ScoreBook(tmp_path / "data" / "scores.db") as book:
        back = book.play(play_id)
    assert back == dataclasses.replace(play, id=play_id)
    assert back.mode == "solo" and back.team is None
    assert back.played_at == "2025-05-01T21:15:03+00:00" and back.song_folder == "/songs/nara"
    (p,) = back.players
    assert (p.player, p.name, p.part, p.difficulty, p.preset) == (
        0, "Minji", Part.FULL, Difficulty.EXPERT, WindowPreset.STRICT,
    )  # fmt: skip
    assert (p.perfect, p.great, p.good, p.miss, p.overhit) == (7, 0, 0, 1, 0)
    assert p.accuracy == pytest.approx(7 / 8) and p.grade == "B" and not p.full_combo
    assert p.max_combo == 4 and p.score == 700
    assert p.mean_error_ms == pytest.approx(12.0) and p.stdev_error_ms == pytest.approx(0.0)


def test_the_game_keeps_its_book_in_the_user_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    with ScoreBook() as book:
        book.save_play(scored(1))
        assert book.db_path == scores.scores_path() == tmp_path / "data" / "scores.db"
    assert (tmp_path / "data" / "scores.db").is_file()


def test_a_duet_keeps_both_players_the_team_stats_and_the_awards(book):
    play = duet_record()
    back = book.play(book.save_play(play))
    assert back == dataclasses.replace(play, id=back.id) and back.mode == "duet"
    assert [(p.player, p.name, p.part) for p in back.players] == [
        (0, "Left", Part.P1), (1, "Player 2", Part.P2),
    ]  # fmt: skip
    team = back.team
    assert team.score == sum(p.score for p in back.players)
    assert (team.syncs, team.unison_notes, team.awards) == (8, 8, ("signed-drumsticks",))
    assert team.tightness_ms == pytest.approx(4.0)


def test_a_replay_is_stored_compressed_and_read_back_equal(book, tmp_path):
    play = duet_record()
    play_id = book.save_play(play)
    assert book.replay_json(play_id) == play.replay_json
    assert book.play(play_id).replay_json["inputs"] == play.replay_json["inputs"]
    from_text = solo_record(replay_json=json.dumps(solo_record().replay_json))
    assert book.replay_json(book.save_play(from_text)) == solo_record().replay_json
    with raw(tmp_path / "scores.db") as db:
        size, blob = db.execute("SELECT json_bytes, zlib_json FROM replays LIMIT 1").fetchone()
    assert len(blob) < size


def test_a_play_without_a_replay_has_none(book):
    play_id = book.save_play(solo_record(replay_json=None))
    assert book.replay_json(play_id) is None and book.play(play_id).replay_json is None
    assert book.play(play_id + 1) is None and book.replay_json(play_id + 1) is None


def test_an_oversized_replay_is_refused_and_nothing_is_saved(book):
    huge = {"format": "drum-duet-replay", "inputs": "x" * scores.MAX_REPLAY_BYTES}
    with pytest.raises(ReplayTooLargeError, match="16 MB"):
        book.save_play(solo_record(replay_json=huge))
    with pytest.raises(ReplayTooLargeError):
        solo_record(replay_json=json.dumps(huge))
    assert book.count() == 0
    assert book.save_play(solo_record(replay_json=None)) == 1


def test_high_scores_are_best_first_ties_go_to_the_earlier_play_and_limit_cuts(book):
    for score, accuracy, name in [(500, 0.8, "a"), (900, 0.9, "b"), (700, 0.7, "c"),
                                  (900, 0.9, "d"), (900, 0.95, "e"), (100, 0.1, "f")]:  # fmt: skip
        book.save_play(scored(score, accuracy, name))
    book.save_play(scored(5000, name="other chart", sha=OTHER_SHA))
    book.save_play(scored(5000, name="other part", part="p1"))
    book.save_play(scored(5000, name="other difficulty", difficulty="hard"))
    table = book.best_scores(SHA, Part.FULL, Difficulty.EXPERT, limit=4)
    assert [(h.name, h.score) for h in table] == [("e", 900), ("b", 900), ("d", 900), ("c", 700)]
    assert table[0] == HighScore(5, "e", 900, 0.95, "A", False, WindowPreset.STANDARD,
                                 "2025-05-01T20:00:00+00:00")  # fmt: skip
    assert len(book.best_scores(SHA, "full", "expert")) == 6
    assert book.best_scores(SHA, "p2", "expert") == []


def test_duet_players_each_enter_the_table_of_their_part(book):
    play_id = book.save_play(duet_record())
    p1 = book.best_scores(SHA, Part.P1, Difficulty.HARD)
    p2 = book.best_scores(SHA, Part.P2, Difficulty.HARD)
    assert [(h.play_id, h.name) for h in p1 + p2] == [(play_id, "Left"), (play_id, "Player 2")]
    assert p1[0].full_combo and p1[0].grade == "SS"


def test_song_bests_keep_solo_duet_players_and_the_team_apart(book):
    for play in (
        scored(300),
        scored(800),
        scored(200, difficulty="easy"),
        scored(9, sha=OTHER_SHA),
        scored(50, part="p1", difficulty="hard"),  # one player alone on duet part 1
    ):
        book.save_play(play)
    duet = book.play(book.save_play(duet_record()))
    p1, p2 = (Part.P1, Difficulty.HARD), (Part.P2, Difficulty.HARD)
    assert duet.players[0].score > 50 and duet.team.score > 800
    bests = book.song_bests()
    assert bests[SHA].solo == {
        (Part.FULL, Difficulty.EXPERT): 800,
        (Part.FULL, Difficulty.EASY): 200,
        p1: 50,
    }
    assert bests[SHA].duet == {p1: duet.players[0].score, p2: duet.players[1].score}
    assert bests[SHA].team == {(p1, p2): duet.team.score}
    assert bests[OTHER_SHA].solo == {(Part.FULL, Difficulty.EXPERT): 9}
    assert bests[SHA].best_for([p1]) == 50  # alone on part 1: the solo best, not the duet's
    assert bests[SHA].best_for([(Part.FULL, Difficulty.EXPERT)]) == 800  # not the team's
    assert bests[SHA].best_for([p2, p1]) == duet.team.score  # seats swapped: the same team
    assert bests[SHA].best_for([p1, (Part.P2, Difficulty.EXPERT)]) is None
    assert "ef" * 32 not in bests


def test_the_high_score_table_of_a_mode_leaves_the_other_mode_out(book):
    book.save_play(scored(50, name="alone", part="p1", difficulty="hard"))
    book.save_play(duet_record())
    solo = book.best_scores(SHA, Part.P1, Difficulty.HARD, mode="solo")
    duet = book.best_scores(SHA, Part.P1, Difficulty.HARD, mode="duet")
    both = book.best_scores(SHA, Part.P1, Difficulty.HARD)
    assert [h.name for h in solo] == ["alone"] and [h.name for h in duet] == ["Left"]
    assert [h.name for h in both] == ["Left", "alone"]


def test_recent_plays_are_newest_first_without_replays(book):
    ids = [book.save_play(p) for p in (scored(1), duet_record(), scored(3))]
    recent = book.recent_plays(limit=2)
    assert [p.id for p in recent] == ids[:0:-1] and book.count() == 3
    assert recent[1] == dataclasses.replace(duet_record(), id=ids[1], replay_json=None)


def test_from_report_names_blank_players_and_stamps_now_in_utc():
    play = solo_record(names=[" \n "], played_at=None)
    assert play.players[0].name == "Player 1"
    stamp = datetime.fromisoformat(play.played_at)
    assert stamp.utcoffset().total_seconds() == 0
    assert abs((datetime.now(timezone.utc) - stamp).total_seconds()) < 60
    with pytest.raises(ValueError, match="players"):
        dataclasses.replace(play, team=TeamResult(1, 0, 0, None, 0))


def test_the_book_is_wal_with_its_schema_version_and_foreign_keys(book, tmp_path):
    book.save_play(duet_record())
    with raw(tmp_path / "scores.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == scores.SCHEMA_VERSION
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        query = f"EXPLAIN QUERY PLAN {scores.HIGH_SCORES_SQL}"
        plan = db.execute(query, (SHA, "p1", "hard", "%", 10)).fetchall()
    assert any("high_scores" in row[-1] for row in plan), plan
    assert not any("TEMP B-TREE" in row[-1] for row in plan), plan


def test_a_corrupt_file_is_set_aside_with_its_wal_and_a_new_book_started(tmp_path, caplog):
    path = tmp_path / "scores.db"
    garbage = b"these are not the scores you are looking for" * 100
    path.write_bytes(garbage)
    Path(f"{path}-wal").write_bytes(b"wal garbage")
    with caplog.at_level(logging.WARNING), ScoreBook(path) as book:
        assert book.count() == 0
        assert book.save_play(scored(10)) == 1
    (aside,) = tmp_path.glob("scores.db.corrupt-*[0-9]")
    assert aside.read_bytes() == garbage
    assert Path(f"{aside}-wal").read_bytes() == b"wal garbage"
    assert "unreadable" in caplog.text and aside.name in caplog.text
    with ScoreBook(path) as book:
        assert book.count() == 1


def test_a_database_from_a_newer_game_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "scores.db"
    with raw(path) as db:
        db.execute("CREATE TABLE plays (id INTEGER PRIMARY KEY, future TEXT)")
        db.execute("INSERT INTO plays VALUES (1, 'a score from the future')")
        db.execute(f"PRAGMA user_version = {scores.SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(ScoreBookError, match=r"newer version of Drum Duet.*left untouched"):
        ScoreBook(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.db"]


def test_a_database_of_an_unknown_old_layout_is_refused_not_dropped(tmp_path):
    path = tmp_path / "scores.db"
    with raw(path) as db:
        db.execute("CREATE TABLE plays (id INTEGER PRIMARY KEY, score INTEGER)")
        db.execute("INSERT INTO plays VALUES (1, 12345)")
    with pytest.raises(ScoreBookError, match="cannot upgrade"):
        ScoreBook(path)
    with raw(path) as db:
        assert db.execute("SELECT score FROM plays").fetchall() == [(12345,)]


def test_a_schema_1_book_is_upgraded_keeping_its_plays_and_then_keeps_one_play_per_key(tmp_path):
    path = tmp_path / "scores.db"
    with ScoreBook(path) as book:
        old_id = book.save_play(solo_record())
    with raw(path) as db:  # the book as schema 1 left it: no play keys
        db.execute("DROP INDEX plays_by_key")
        db.execute("ALTER TABLE plays DROP COLUMN play_key")
        db.execute("PRAGMA user_version = 1")
    with ScoreBook(path) as book:
        assert book.play(old_id) == dataclasses.replace(solo_record(), id=old_id)
        assert book.play(old_id).key is None
        play = solo_record()
        new_id = book.save_play(play)
        assert book.save_play(play) == new_id  # stored again (a retry): kept once
        assert book.play(new_id).key == play.key and book.count() == 2
    with raw(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == scores.SCHEMA_VERSION == 2


def test_a_place_that_cannot_hold_the_book_is_an_error_and_nothing_is_moved(tmp_path):
    folder = tmp_path / "scores.db"
    folder.mkdir()
    with pytest.raises(ScoreBookError, match="cannot open"):
        ScoreBook(folder)
    assert folder.is_dir() and list(tmp_path.iterdir()) == [folder]


def test_a_reader_sees_committed_plays_while_a_save_is_open(tmp_path):
    path = tmp_path / "scores.db"
    with ScoreBook(path) as book:
        book.save_play(scored(100))
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO plays (played_at, song_folder, chart_sha256, title, artist,"
                       " mode) VALUES ('now', '/s', 'x', 't', 'a', 'solo')")  # fmt: skip
        with ScoreBook(path) as reader:
            assert reader.count() == 1  # not blocked, and not seeing the open save
            writer.execute("COMMIT")
            assert reader.count() == 2
    finally:
        writer.close()


def test_reads_while_another_book_saves_in_a_loop_never_block_or_see_half_a_play(tmp_path):
    path = tmp_path / "scores.db"
    ScoreBook(path).close()
    errors: list[BaseException] = []

    def save_many() -> None:
        try:
            with ScoreBook(path) as writer:
                for i in range(60):
                    writer.save_play(duet_record() if i % 2 else scored(i))
        except BaseException as e:  # reported by the main thread
            errors.append(e)

    thread = threading.Thread(target=save_many)
    seen = []
    with ScoreBook(path) as reader:
        thread.start()
        while thread.is_alive():
            seen.append(reader.count())
            for play in reader.recent_plays(limit=3):
                assert len(play.players) == (2 if play.team else 1)
        thread.join()
        seen.append(reader.count())
    assert not errors and seen == sorted(seen) and seen[-1] == 60
    assert len(set(seen)) >= 3  # the reads really ran between the saves
