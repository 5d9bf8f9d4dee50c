"""End to end in a real X window: two players take the tutorial's duet chapter on one keyboard
with real key presses (xdotool), each note a pair of keys (player 1's, then player 2's a few
milliseconds later) timed to the game's song clock as players follow the music. The Sync step
goes on once its Syncs are made, and the chapter reaches its last card only once a Harmony has
started; a passage that ends without one is played again (here at most three times)."""

from __future__ import annotations

import os
import re
import subprocess
import time

from game.app.tutorial_duet_play import SYNC_GOAL, Step, duet_passage
from game.core.lanes import Lane
from game.formats.song_folder import builtin_charts_dir, load_song
from tests.e2e.logged_game import running_game, wait_for_log
from tests.e2e.test_duet_keyboard import song_clock, wait_for_song_time
from tests.e2e.xvfb import game_env, wait_for_window, xdotool, xvfb
from tests.helpers import need_program, shared_renders

PAIRS = {Lane.KICK: "space KP_0", Lane.RED: "s KP_4", Lane.GREEN: "g KP_Add"}
"""Each lane's keys of player 1 and player 2 in the default (numeric keypad) layout."""
HOLD_S = 1.0
"""A moment for the last card to show before Enter (seconds)."""
ENDED = re.compile(r"play ended: (\w+) step, (\d+) Syncs, Goodwill up to \d+, (\d+) Harmonies")


def endings(lines: list[str]) -> list[tuple[str, int, int]]:
    """Each guided play's end the game logged: its step, Syncs and Harmonies."""
    found = (ENDED.search(line) for line in list(lines))
    return [(m.group(1), int(m.group(2)), int(m.group(3))) for m in found if m]


def play_passage(display: str, lines: list[str], step: Step) -> tuple[str, int, int]:
    """Wait for the passage of `step` to start, press every note's pair of keys on time until
    the game says the play ended, and return how it ended."""
    notes = duet_passage(load_song(builtin_charts_dir() / "nara-soundcheck"), step)
    track = notes.chart.track("p1", "easy")
    start, done = len(lines), len(endings(lines))
    deadline = time.time() + 30
    while song_clock(lines[start:]) is None:
        assert time.time() < deadline, "the passage never started:\n" + "".join(lines[-9:])
        time.sleep(0.05)
    tool = subprocess.Popen(
        [need_program("xdotool"), "-"],
        stdin=subprocess.PIPE,
        text=True,
        env={**os.environ, "DISPLAY": display},
    )
    try:
        for t, lane in zip(track.times, track.lanes, strict=True):
            if len(endings(lines)) > done:
                break
            wait_for_song_time(lines, float(t))
            tool.stdin.write(f"key --delay 8 {PAIRS[Lane(int(lane))]}\n")
            tool.stdin.flush()
    finally:
        tool.stdin.close()
        tool.wait(10)
    deadline = time.time() + 20
    while len(endings(lines)) <= done:
        assert time.time() < deadline, "the play never ended:\n" + "".join(lines[-9:])
        time.sleep(0.1)
    return endings(lines)[done]


def test_two_players_take_the_duet_chapter_to_a_harmony(tmp_path, render_cache):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    shared_renders(home, render_cache)
    # 1024-frame buffers keep SDL's dummy audio driver's clock near real time (see
    # test_duet_keyboard).
    (home / "config" / "settings.toml").write_text("[audio]\nbuffer_frames = 1024\n")
    with xvfb() as display:
        env = game_env(display, home)
        with running_game(env) as (game, lines):
            window = wait_for_window(display, game.pid, "Drum Duet")
            xdotool(display, "windowfocus", "--sync", window)
            # Title: Tutorial; its first card: the duet chapter; the players' keys; Sync: play.
            keys = ("Down", "Down", "Return", "Down", "Return", "Return", "Return")
            xdotool(display, "key", "--delay", "150", *keys)
            step, syncs, _ = play_passage(display, lines, Step.SYNC)
            assert step == "sync" and syncs >= SYNC_GOAL
            xdotool(display, "key", "--delay", "150", "Return", "Return")  # Goodwill, Harmony
            tries = []
            for _ in range(3):
                tries.append(play_passage(display, lines, Step.HARMONY))
                if tries[-1][2] > 0:
                    break
                xdotool(display, "key", "Return")  # the card to try again: play it again
            assert tries[-1][2] == 1, tries  # the last try started a Harmony
            assert all(t[2] == 0 for t in tries[:-1])  # and each try before it did not
            time.sleep(HOLD_S)
            xdotool(display, "key", "Return")  # the last card: on to song select
            wait_for_log(lines, "song select shown", 10)
            xdotool(display, "key", "--delay", "150", "Escape", "Escape", "Return")
            game.wait(30)
    assert game.returncode == 0, "".join(lines[-30:])
