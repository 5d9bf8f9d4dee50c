"""End to end in a real X window: a player joins a live duet from the title's "Play online" with
real key presses — the host's address typed, Expert taken on P2 — and plays the red notes with
real keys on their song clock, while a real headless host (another process, the bot on P1)
plays the other part. The window's saved duet (a real SQLite score book) is what the host
printed: both machines ended with the same stats, the window's keys among them."""

from __future__ import annotations

import json
import sqlite3
import time

from game.core.lanes import Lane
from game.formats.replay_file import replay_from_json
from game.formats.song_folder import load_song
from game.store.scores import ScoreBook
from tests.e2e.logged_game import running_game, wait_for_log
from tests.e2e.test_duet_keyboard import press_along, song_clock
from tests.e2e.test_online_duet import BOT, Game, write_song
from tests.e2e.test_setlist_window import grab
from tests.e2e.xvfb import game_env, wait_for_window, xdotool, xvfb

NEAR_REAL_TIME = "[audio]\nbuffer_frames = 1024\n"
"""1024-frame buffers keep SDL's dummy audio clock near real time (see test_duet_keyboard)."""


def test_a_duet_joined_from_the_title_with_real_keys_ends_alike_on_both_machines(tmp_path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(NEAR_REAL_TIME)
    song = write_song(home / "data" / "songs" / "online-groove")
    (tmp_path / "host-home" / "config").mkdir(parents=True)
    (tmp_path / "host-home" / "config" / "settings.toml").write_text(NEAR_REAL_TIME)
    host = Game(
        tmp_path, "host", "online", "host", str(song), "--port", "0", "--no-lan", *BOT, "--json"
    )
    port = host.port()
    track = load_song(song).chart.track("p2", "expert")
    reds = [float(t) for t, lane in zip(track.times, track.lanes, strict=True) if lane == Lane.RED]
    with xvfb() as display, running_game(game_env(display, home)) as (game, lines):
        window = wait_for_window(display, game.pid, "Drum Duet")
        xdotool(display, "windowfocus", "--sync", window)
        wait_for_log(lines, "found", 30)
        # Title: Play online -> the join list: typing goes to the address row.
        xdotool(display, "key", "--delay", "200", "Down", "Return")
        time.sleep(0.8)
        xdotool(display, "type", "--delay", "60", f"127.0.0.1:{port}")
        xdotool(display, "key", "Return")
        time.sleep(2.0)  # the lobby: the host's offer, P2's difficulties (Expert lit)
        grab(display, tmp_path / "lobby.png")
        xdotool(display, "key", "Return")
        wait_for_log(lines, "song time", 60)
        while song_clock(lines) is None:
            time.sleep(0.05)
        press_along(display, lines, [(t, "d") for t in reds])  # d: the red pad's key
        wait_for_log(lines, "saved play", 60)
        time.sleep(1.0)
        grab(display, tmp_path / "results.png")
        xdotool(display, "key", "--delay", "300", "Escape", "Escape", "Escape", "Return")
        game.wait(20)
    assert host.wait() == 0, host.log()
    theirs = host.stats()
    log = "".join(lines)
    with sqlite3.connect(home / "data" / "scores.db") as db:
        ((play_id,),) = db.execute("SELECT id FROM plays").fetchall()
    book = ScoreBook(home / "data" / "scores.db")
    try:
        replay = replay_from_json(book.replay_json(play_id))
    finally:
        book.close()
    assert replay.stats == theirs, log[-3000:]
    guest = theirs["players"][1]["counts"]
    assert guest["perfect"] + guest["great"] + guest["good"] >= len(reds) - 1  # the keys counted
    assert guest["miss"] > 0  # the notes no key was pressed for
    assert theirs["players"][0]["counts"]["miss"] == 0  # the host's bot
    assert json.dumps(theirs["team"])  # a duet: the team's stats, the same on both machines
