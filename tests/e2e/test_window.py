"""The real game in a real X window (Xvfb), driven by real key presses (xdotool)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pygame

from game.ui.song_select_view import SONG_ROW_H, song_select_layout
from game.ui.theme import JACKET_BLUE
from tests.e2e.logged_game import wait_for_log
from tests.e2e.xvfb import game_env, wait_for_window, xdotool, xvfb
from tests.test_cli import SONG


def test_launch_opens_the_title_then_the_song_list_and_quits_on_escape(tmp_path: Path):
    songs = tmp_path / "home" / "data" / "songs"
    (songs / "cli-groove").mkdir(parents=True)
    (songs / "cli-groove" / "chart.json").write_text(json.dumps(SONG))
    (songs / "broken").mkdir()
    (songs / "broken" / "chart.json").write_text("{")
    shot = tmp_path / "song-list.png"
    with xvfb() as display:
        env = game_env(display, tmp_path / "home")
        game = subprocess.Popen(
            [sys.executable, "-m", "game", "-v", "--screenshot", str(shot)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: list[str] = []
        threading.Thread(target=lambda: lines.extend(game.stderr), daemon=True).start()
        try:
            window = wait_for_window(display, game.pid, "Drum Duet")
            geometry = xdotool(display, "getwindowgeometry", window)
            assert "1280x720" in geometry
            xdotool(display, "windowfocus", "--sync", window)
            wait_for_log(lines, "found", 30)  # the background scan has listed the songs
            # Song select -> the title (Esc) -> "Quit Drum Duet?" (Esc) -> Yes (Enter).
            xdotool(
                display, "key", "--delay", "150", "Return", "Down", "Escape", "Escape", "Return"
            )
            game.wait(timeout=20)
        finally:
            if game.poll() is None:
                game.kill()
                game.wait()
    assert game.returncode == 0, "".join(lines[-20:])
    image = pygame.image.load(str(shot))
    assert image.get_size() == (1280, 720)
    # The song list (built-in songs, then "CLI Groove", "broken" by title): after Down the
    # second row is highlighted.
    pygame.font.init()  # the layout measures text
    rows = song_select_layout((1280, 720))["songs"]
    first, second = rows.top + SONG_ROW_H // 3, rows.top + SONG_ROW_H + SONG_ROW_H // 3
    assert image.get_at((rows.left + 9, first))[:3] != JACKET_BLUE
    assert image.get_at((rows.left + 9, second))[:3] == JACKET_BLUE


def test_closing_the_window_on_song_select_quits_the_game(tmp_path: Path):
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "DRUM_DUET_HOME": str(tmp_path / "home"),
    }
    run = subprocess.run(
        [sys.executable, "-m", "game", "-v", "--start-at", "song-select", "--quit-after", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "song select shown at" in run.stderr


def test_settings_typed_in_the_window_are_saved(tmp_path: Path):
    home = tmp_path / "home"
    with xvfb() as display:
        env = game_env(display, home)
        game = subprocess.Popen(
            [sys.executable, "-m", "game"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            window = wait_for_window(display, game.pid, "Drum Duet")
            xdotool(display, "windowfocus", "--sync", window)
            # Title: Settings (5th) -> the Players page (6th) -> edit Player 1's name.
            xdotool(display, "key", "--delay", "150", "Down", "Down", "Down", "Down", "Return")
            xdotool(display, "key", "--delay", "150", *["Tab"] * 5, "Return")
            xdotool(display, "key", "--delay", "60", *["BackSpace"] * 10)  # "Player 1" away
            xdotool(display, "type", "--delay", "80", "Ana")
            # The name typed; Esc leaves the settings; Esc on the title asks, Enter quits.
            xdotool(display, "key", "--delay", "150", "Return", "Escape", "Escape", "Return")
            _, err = game.communicate(timeout=20)
        finally:
            if game.poll() is None:
                game.kill()
                game.wait()
    assert game.returncode == 0, err
    from game.store.settings import load_settings

    assert load_settings(home / "config" / "settings.toml").settings.players.names[0] == "Ana"
