"""End to end in a real X window: navigate the menus with real key presses, play "Nara
Soundcheck" (its first 29 s: intro and verse, as a song folder of its own in the player's songs
folder; see short_song.py) as two players on one keyboard with timed key presses (xdotool),
reach the results, and find the score in the SQLite file."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import time
from pathlib import Path

from game.core.lanes import Lane
from tests.e2e.logged_game import running_game, wait_for_log
from tests.e2e.short_song import songs_folder, write_short_song
from tests.e2e.xvfb import game_env, wait_for_window, xdotool, xvfb
from tests.helpers import ROOT, need_program, shared_renders

NARA = ROOT / "charts" / "nara-soundcheck"
SHORT_S = 30.0
"""How much of Nara the end-to-end plays play (cut at the bar line before: the chorus, 29.3 s)."""
SHORT_TITLE = "Nara Soundcheck Verse"
"""The cut song's title: fourth on song select, after the three built-in songs."""
# The two-player default layout (game.input.bindings), as X keysyms; toms and cymbals share a
# key per lane here only when the chart says which (pro cymbals are off on the keyboard).
KEYS = {
    0: {Lane.KICK: "space", Lane.RED: "s", Lane.YELLOW: "e", Lane.BLUE: "r", Lane.GREEN: "t"},
    1: {
        Lane.KICK: "KP_0",
        Lane.RED: "KP_4",
        Lane.YELLOW: "KP_8",
        Lane.BLUE: "KP_9",
        Lane.GREEN: "KP_Subtract",
    },
}
SONG_TIME = re.compile(r"song time (-?[0-9.]+) is at ([0-9.]+) s since the epoch")


def song_clock(lines: list[str]) -> tuple[float, float] | None:
    """The game's latest (song time, epoch seconds) report, or None before the song starts."""
    for line in reversed(list(lines)):
        m = SONG_TIME.search(line)
        if m:
            return float(m.group(1)), float(m.group(2))
    return None


def song_clock_rate(lines: list[str]) -> float:
    """Song seconds per wall second between the game's last two clock reports (1.0 before there
    are two): SDL's dummy audio driver, pacing its buffers with sleeps, runs slow."""
    reports = []
    for line in reversed(list(lines)):
        m = SONG_TIME.search(line)
        if m:
            reports.append((float(m.group(1)), float(m.group(2))))
            if len(reports) == 2:
                (s1, e1), (s0, e0) = reports
                return min(1.5, max(0.3, (s1 - s0) / (e1 - e0))) if e1 > e0 else 1.0
    return 1.0


def wait_for_song_time(lines: list[str], t: float) -> None:
    """Sleep until the game's song clock (as its reports say, at its observed rate) reaches
    `t`, looking at the reports again every 100 ms as they come."""
    while True:
        song_t, epoch = song_clock(lines)
        delay = epoch + (t - song_t) / song_clock_rate(lines) - time.time()
        if delay <= 0:
            return
        time.sleep(min(delay, 0.1))


def press_along(display: str, lines: list[str], hits: list[tuple[float, str]]) -> None:
    """Press each key at its song time, following the game's song clock as a player follows
    the music, through one xdotool reading commands from stdin."""
    tool = subprocess.Popen(
        [need_program("xdotool"), "-"],
        stdin=subprocess.PIPE,
        text=True,
        env={**os.environ, "DISPLAY": display},
    )
    try:
        for t, keysym in hits:
            wait_for_song_time(lines, t)
            tool.stdin.write(f"key {keysym}\n")
            tool.stdin.flush()
    finally:
        tool.stdin.close()
        tool.wait(10)


def test_two_players_play_nara_on_one_keyboard_and_the_score_is_saved(
    tmp_path: Path, render_cache: Path
):
    home = tmp_path / "home"
    shared_renders(home, render_cache)
    chart = write_short_song(NARA, SHORT_S, SHORT_TITLE, songs_folder(home) / "nara-verse").chart
    assert len(chart.track("p1", "easy")) + len(chart.track("p2", "easy")) > 60
    hits = sorted(
        (float(t), KEYS[p][Lane(int(lane))])
        for p, part in enumerate(("p1", "p2"))
        for t, lane in zip(
            chart.track(part, "easy").times, chart.track(part, "easy").lanes, strict=True
        )
    )
    (home / "config").mkdir(parents=True)
    # SDL's dummy audio driver paces its buffers with sleeps: at 256 frames its song clock ran at
    # 55-92% of real time here (the keys, timed by the wall clock between the game's clock
    # reports, then missed); 1024-frame buffers keep it near real time. A real device paces itself.
    (home / "config" / "settings.toml").write_text("[audio]\nbuffer_frames = 1024\n")
    with xvfb() as display:
        env = game_env(display, home)
        with running_game(env) as (game, lines):
            window = wait_for_window(display, game.pid, "Drum Duet")
            wait_for_log(lines, "found", 30)  # the scan has listed the songs
            xdotool(display, "windowfocus", "--sync", window)
            # Title (Play) -> song select -> Nara's verse (fourth) -> duet -> Easy for both ->
            # the setup panel -> Start!
            xdotool(display, "key", "Return")
            wait_for_log(lines, "song select shown", 10)  # keys before it would reach the title
            xdotool(
                display,
                "key",
                "--delay",
                "120",
                "Down",
                "Down",
                "Down",
                "Tab",
                "Left",
                "Left",
                "Left",
                "a",
                "a",
                "a",
                "Return",
                "Return",
            )
            deadline = time.time() + 30
            while song_clock(lines) is None:
                assert time.time() < deadline, "the song never started:\n" + "".join(lines[-9:])
                time.sleep(0.05)
            press_along(display, lines, hits)
            deadline = time.time() + chart.duration_s + 60
            while not any("saved play" in line for line in list(lines)):
                assert time.time() < deadline, "no score saved:\n" + "".join(lines[-20:])
                time.sleep(0.2)
            time.sleep(1.0)  # the results screen is up
            # Esc leaves the results for song select, Esc goes to the title, Esc asks
            # "Quit Drum Duet?" and Enter quits.
            xdotool(display, "key", "--delay", "150", "Escape", "Escape", "Escape", "Return")
            game.wait(30)
    assert game.returncode == 0, "".join(lines[-30:])
    with sqlite3.connect(home / "data" / "scores.db") as db:
        rows = db.execute(
            "SELECT player, score, accuracy, perfect + great + good AS hit, miss "
            "FROM play_players ORDER BY player"
        ).fetchall()
        mode = db.execute("SELECT title, mode FROM plays").fetchall()
    assert mode == [(SHORT_TITLE, "duet")]
    assert [r[0] for r in rows] == [0, 1]
    for player, score, accuracy, hit, miss in rows:
        # Key presses timed from outside the game land with some tens of ms of jitter on a
        # busy machine; most of them must still be hits.
        assert score > 0 and hit >= 0.5 * (hit + miss), (player, score, accuracy, hit, miss)
