"""End to end in a real X window: two short songs in the player's songs folder are put in a
setlist with real key presses (Insert), F8 plays the set, each song is played along with timed
key presses between the "Next: …" pauses, and the one summary shows at the end; the score book
and the song book (real SQLite files) hold both plays."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

from tests.e2e.logged_game import running_game, wait_for_log
from tests.e2e.test_duet_keyboard import press_along, song_clock
from tests.e2e.xvfb import game_env, wait_for_window, xdotool, xvfb
from tests.helpers import need_program
from tests.ui.test_setlist_play import tiny_song

BEATS = 4
"""Each song's notes: a red note a beat at 120 bpm (two seconds of song)."""


class LinesSince:
    """The game's log lines from the `start`th on (the next song's clock reports only)."""

    def __init__(self, lines: list[str], start: int) -> None:
        self.lines, self.start = lines, start

    def __iter__(self):
        return iter(self.lines[self.start :])


def grab(display: str, out: Path) -> None:
    """The X screen as a PNG (for the test's report and for looking at)."""
    xwd = subprocess.run(
        [need_program("xwd"), "-root", "-display", display, "-silent"],
        capture_output=True,
        check=True,
        timeout=20,
    )
    pnm = subprocess.run(
        [need_program("xwdtopnm")], input=xwd.stdout, capture_output=True, check=True, timeout=20
    )
    png = subprocess.run(
        [need_program("pnmtopng")], input=pnm.stdout, capture_output=True, check=True, timeout=20
    )
    out.write_bytes(png.stdout)


def play_along(display: str, lines: list[str], number: int) -> None:
    """Wait for the set's song `number` to start, then strike its red notes on time (D)."""
    wait_for_log(lines, f"setlist song {number} of 2", 20)
    start = next(i for i, line in enumerate(list(lines)) if f"setlist song {number} of" in line)
    since = LinesSince(lines, start)
    deadline = time.time() + 30
    while song_clock(since) is None:
        assert time.time() < deadline, "the song never started:\n" + "".join(lines[-9:])
        time.sleep(0.05)
    press_along(display, since, [(0.5 * i, "d") for i in range(BEATS)])


def test_a_two_song_setlist_is_played_through_in_a_real_window(tmp_path: Path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    # 1024-frame buffers keep SDL's dummy audio clock near real time (see test_duet_keyboard).
    (home / "config" / "settings.toml").write_text("[audio]\nbuffer_frames = 1024\n")
    songs = home / "data" / "songs"
    tiny_song(songs / "one", "A Tiny One", beats=BEATS)  # first and second in the list
    tiny_song(songs / "two", "B Tiny Two", beats=BEATS)
    with xvfb() as display, running_game(game_env(display, home)) as (game, lines):
        window = wait_for_window(display, game.pid, "Drum Duet")
        xdotool(display, "windowfocus", "--sync", window)
        # Title (Play) -> song select: the first song into the set, the second too, F8,
        # "Play the setlist" -> "Next: A Tiny One" -> Enter plays it.
        keys = ["Return", "Insert", "Down", "Insert", "F8", "Return", "Return"]
        xdotool(display, "key", "--delay", "150", *keys)
        play_along(display, lines, 1)
        wait_for_log(lines, "saved play", 30)
        time.sleep(0.5)  # "Next: B Tiny Two"
        grab(display, tmp_path / "next.png")
        xdotool(display, "key", "Return")
        play_along(display, lines, 2)
        wait_for_log(lines, "setlist over: 2 of 2 songs played", 30)
        time.sleep(0.5)  # the summary is up
        grab(display, tmp_path / "summary.png")
        # The summary -> song select -> the title -> "Quit Drum Duet?" -> quit.
        xdotool(display, "key", "--delay", "150", "Return", "Escape", "Escape", "Return")
        game.wait(30)
    assert game.returncode == 0, "".join(lines[-30:])
    with sqlite3.connect(home / "data" / "scores.db") as db:
        rows = db.execute(
            "SELECT p.title, s.score, s.perfect + s.great + s.good FROM plays p"
            " JOIN play_players s ON s.play_id = p.id ORDER BY p.id"
        ).fetchall()
    assert [r[0] for r in rows] == ["A Tiny One", "B Tiny Two"]
    # Key presses timed from outside the game land with some tens of ms of jitter on a busy
    # machine (the first song, as the game warms up, most): every song scores, and at least
    # half of all the notes are hits.
    assert all(score > 0 for _, score, _ in rows), rows
    assert sum(hits for *_, hits in rows) >= BEATS, rows
    with sqlite3.connect(home / "data" / "songs.db") as db:
        plays = db.execute("SELECT plays FROM song_stats ORDER BY last_played_s").fetchall()
    assert plays == [(1,), (1,)]
    assert (tmp_path / "summary.png").stat().st_size > 10_000
