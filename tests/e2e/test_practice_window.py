"""End to end in a real X window: a song in the player's songs folder is practised with real
key presses — song select's setup panel, Practice, the Verse as the loop at 75% — and the
pass is played along with timed key presses on the song clock; the card between passes shows,
Esc goes to the practice menu, and the practice book (a real SQLite file) holds the pass while
the score book holds no play."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from game.core.practice import LOOP_TAIL_S, Loop, loop_chart
from game.formats.song_folder import load_song
from tests.e2e.logged_game import running_game, wait_for_log
from tests.e2e.test_duet_keyboard import press_along, song_clock
from tests.e2e.test_setlist_window import grab
from tests.e2e.xvfb import game_env, wait_for_window, xdotool, xvfb

SPEED = 0.75


def verse_song(folder: Path) -> Path:
    """Intro and Verse, two bars each at 120 BPM, a red note on every beat."""
    folder.mkdir(parents=True, exist_ok=True)
    chart = {
        "format": "drum-duet-chart",
        "version": 1,
        "song": {"title": "Verse Loop", "artist": "Practice Window"},
        "resolution": 480,
        "tempos": [[0, 120.0]],
        "sections": [[0, "Intro"], [3840, "Verse"]],
        "parts": {"full": {"expert": [[480 * i, "red"] for i in range(16)]}},
    }
    (folder / "chart.json").write_text(json.dumps(chart))
    return folder


def test_a_verse_is_practised_at_75_percent_in_a_real_window(tmp_path: Path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    # 1024-frame buffers keep SDL's dummy audio clock near real time (see test_duet_keyboard);
    # Expert: the one difficulty the song has.
    (home / "config" / "settings.toml").write_text(
        '[audio]\nbuffer_frames = 1024\n[select]\ndifficulties = ["expert", "expert"]\n'
    )
    song = verse_song(home / "data" / "songs" / "verse-loop")
    # The Verse is the last section: its loop ends a moment (LOOP_TAIL_S) after its last note.
    verse = Loop(4.0, 7.5 + LOOP_TAIL_S, "Verse")
    played = loop_chart(load_song(song).chart, verse, SPEED, 2.0)
    notes = played.track("full", "expert").times
    assert len(notes) == 8
    with xvfb() as display, running_game(game_env(display, home)) as (game, lines):
        window = wait_for_window(display, game.pid, "Drum Duet")
        xdotool(display, "windowfocus", "--sync", window)
        wait_for_log(lines, "found", 30)
        # Title (Play) -> song select (the built-in songs first: End for ours) -> the
        # setup panel on Start! -> up to Practice -> the practice menu.
        keys = ["Return", "End", "Return", "Up", "Return"]
        xdotool(display, "key", "--delay", "200", *keys)
        time.sleep(0.8)
        # From section: Verse (To follows); down to Speed: five steps to 75%; down past
        # auto speed-up and the lead-in to Practise!
        keys = ["Right", "Down", "Down", "Down", "Down", *["Left"] * 5, "Down", "Down", "Down"]
        xdotool(display, "key", "--delay", "120", *keys)
        time.sleep(0.5)
        grab(display, tmp_path / "menu.png")
        xdotool(display, "key", "Return")
        wait_for_log(lines, "song time", 30)
        while song_clock(lines) is None:
            time.sleep(0.05)
        press_along(display, lines, [(float(t), "d") for t in notes])
        wait_for_log(lines, "practice pass 1", 30)
        time.sleep(0.6)
        grab(display, tmp_path / "card.png")
        xdotool(display, "key", "Escape")  # the card: to the practice menu
        time.sleep(0.8)
        grab(display, tmp_path / "after.png")
        # The practice menu -> song select -> the title -> "Quit Drum Duet?" -> quit.
        xdotool(display, "key", "--delay", "200", "Escape", "Escape", "Escape", "Return")
        game.wait(30)
    assert game.returncode == 0, "".join(lines[-30:])
    passes = [line for line in lines if "practice pass" in line]
    assert len(passes) == 1 and "of Verse at 75%" in passes[0], passes
    with sqlite3.connect(home / "data" / "practice.db") as db:
        rows = db.execute(
            "SELECT start_ms, end_ms, speed_pct, accuracy FROM practice_bests"
        ).fetchall()
    assert len(rows) == 1 and rows[0][:3] == (4000, round(verse.end_s * 1000), 75), rows
    # Key presses timed from outside the game land with some tens of ms of jitter on a busy
    # machine: at least half of the notes are hits.
    assert rows[0][3] >= 0.5, rows
    with sqlite3.connect(home / "data" / "scores.db") as db:
        assert db.execute("SELECT COUNT(*) FROM plays").fetchone() == (0,)
    assert (tmp_path / "after.png").stat().st_size > 10_000
