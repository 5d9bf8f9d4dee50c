"""End to end: a drum kit (MIDI over a real JACK server) and a keyboard player (real key presses
in a real X window) play "Nara Soundcheck" (its first 29 s, as a song of its own: see
short_song.py) together. The kit player picks the kit on song
select; the kit is unplugged mid-song and plugged back; the song goes on, the kit is taken
back, the score is saved, and the kit is remembered for next time."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from game.core.devices import KEYBOARD
from game.core.lanes import Lane
from game.store.settings import load_settings
from tests.e2e.jack import jack_server
from tests.e2e.logged_game import running_game, wait_for_log
from tests.e2e.short_song import songs_folder, write_short_song
from tests.e2e.test_duet_keyboard import (
    KEYS,
    NARA,
    SHORT_S,
    SHORT_TITLE,
    press_along,
    song_clock,
    wait_for_song_time,
)
from tests.e2e.xvfb import wait_for_window, xdotool, xvfb
from tests.helpers import shared_renders

rtmidi = pytest.importorskip("rtmidi", reason="the JACK tests need python-rtmidi (Python < 3.13)")

GM_NOTES = {Lane.KICK: 36, Lane.RED: 38, Lane.YELLOW: 42, Lane.BLUE: 51, Lane.GREEN: 49}
TOMS = {Lane.YELLOW: 48, Lane.BLUE: 45, Lane.GREEN: 41}
UNPLUGGED = (10.0, 12.0)  # song seconds without the kit: 13 notes before, 25 after taking it back


class Kit:
    """A drum kit on a JACK MIDI port of its own, which can be unplugged and plugged back."""

    def __init__(self) -> None:
        self.out = None
        self.plug()

    def unplug(self) -> None:
        if self.out is not None:
            self.out.delete()  # the client and its port leave the JACK graph
            self.out = None

    def plug(self) -> None:
        self.out = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name="test-kit")
        self.out.open_virtual_port("out")

    def hit(self, note: int, velocity: int = 100) -> None:
        self.out.send_message([0x99, note, velocity])  # note-on, channel 10


def play_kit(kit: Kit, lines: list[str], notes: list[tuple[float, int]]) -> None:
    """Hit each note at its song time as the game's logged song clock says; unplugged between
    UNPLUGGED's two song times."""
    plugged, unplugged_once = True, False
    for t, note in notes:
        if not unplugged_once and t >= UNPLUGGED[0]:
            kit.unplug()
            plugged, unplugged_once = False, True
        if not plugged and t >= UNPLUGGED[1]:
            kit.plug()
            plugged = True
            time.sleep(2.2)  # the game looks for the kit about every second
            continue
        wait_for_song_time(lines, t)
        if plugged:
            kit.hit(note)


def test_a_kit_and_a_keyboard_play_a_duet_through_an_unplug(tmp_path: Path, render_cache: Path):
    home = tmp_path / "home"
    shared_renders(home, render_cache)
    chart = write_short_song(NARA, SHORT_S, SHORT_TITLE, songs_folder(home) / "nara-verse").chart
    p1, p2 = chart.track("p1", "easy"), chart.track("p2", "easy")
    kit_notes = [
        (float(t), (GM_NOTES if cymbal else {**GM_NOTES, **TOMS})[Lane(int(lane))])
        for t, lane, cymbal in zip(p1.times, p1.lanes, p1.cymbal, strict=True)
    ]
    keys = [
        (float(t), KEYS[1][Lane(int(lane))]) for t, lane in zip(p2.times, p2.lanes, strict=True)
    ]
    with jack_server() as server, xvfb() as display:
        kit = Kit()
        env = {
            **server.env,
            "DISPLAY": display,
            "SDL_VIDEODRIVER": "x11",
            "SDL_AUDIODRIVER": "dummy",
            "DRUM_DUET_HOME": str(home),
        }
        settings = home / "config" / "settings.toml"
        settings.parent.mkdir(parents=True)
        # 1024-frame buffers: SDL's dummy audio driver keeps near real time (test_duet_keyboard).
        settings.write_text('[input]\nmidi_api = "jack"\n[audio]\nbuffer_frames = 1024\n')
        try:
            with running_game(env) as (game, lines):
                window = wait_for_window(display, game.pid, "Drum Duet")
                wait_for_log(lines, "found", 30)  # the scan has listed the songs
                xdotool(display, "windowfocus", "--sync", window)
                # Title -> Nara's verse (fourth) -> duet -> Easy for both -> setup panel (on
                # Start!) -> up to "Player 1 input" -> the kit -> Start!
                xdotool(display, "key", "Return")
                wait_for_log(lines, "song select shown", 10)  # keys before it would reach the title
                xdotool(display, "key", "--delay", "120", "Down", "Down", "Down", "Tab")
                xdotool(display, "key", "--delay", "120", *["Left", "a"] * 3, "Return")
                xdotool(display, "key", "--delay", "120", *["Up"] * 5, "Right", "Return")
                deadline = time.time() + 30
                while song_clock(lines) is None:
                    assert time.time() < deadline, "the song never started:\n" + "".join(lines[-9:])
                    time.sleep(0.05)
                drummer = threading.Thread(target=play_kit, args=(kit, lines, kit_notes))
                drummer.start()
                press_along(display, lines, keys)
                drummer.join()
                deadline = time.time() + chart.duration_s + 60
                while not any("saved play" in line for line in list(lines)):
                    assert time.time() < deadline, "no score saved:\n" + "".join(lines[-20:])
                    time.sleep(0.2)
                time.sleep(1.0)
                # Esc leaves the results for song select, Esc goes to the title, Esc asks
                # "Quit Drum Duet?" and Enter quits.
                xdotool(display, "key", "--delay", "150", "Escape", "Escape", "Escape", "Return")
                game.wait(30)
        finally:
            kit.unplug()
    log = "".join(lines)
    assert game.returncode == 0, log[-3000:]
    assert "test-kit" in log, log[-3000:]
    with sqlite3.connect(home / "data" / "scores.db") as db:
        rows = db.execute(
            "SELECT player, perfect + great + good AS hit, miss FROM play_players ORDER BY player"
        ).fetchall()
        played = db.execute("SELECT title, mode FROM plays").fetchall()
    assert played == [(SHORT_TITLE, "duet")]
    gap = sum(UNPLUGGED[0] <= t < UNPLUGGED[1] + 2.2 for t, _ in kit_notes)
    (_, kit_hit, kit_miss), (_, key_hit, key_miss) = rows
    assert kit_miss >= gap * 0.8  # the notes played while the kit was away are missed
    midi_log = [line for line in lines if "MIDI" in line or "kit" in line]
    assert kit_hit >= 0.8 * (len(kit_notes) - gap), midi_log  # the kit was taken back
    assert key_hit >= 0.5 * (key_hit + key_miss)
    remembered = load_settings(home / "config" / "settings.toml").settings.input.devices
    assert remembered[0].is_midi and remembered[0].name.startswith("test-kit")
    assert remembered[1] == KEYBOARD
