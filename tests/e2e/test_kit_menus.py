"""End to end: a drum kit (MIDI over a real JACK server) is the only thing the player touches.
Its pads walk the title, song select and the setup panel (picking the kit itself as player 1's
input), its snare plays a short song, and its pads leave the results, go back to the title and
quit the game: no key is pressed."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from game.store.settings import load_settings
from tests.e2e.jack import jack_server
from tests.e2e.logged_game import running_game, wait_for_log
from tests.e2e.test_duet_keyboard import song_clock, wait_for_song_time

rtmidi = pytest.importorskip("rtmidi", reason="the JACK tests need python-rtmidi (Python < 3.13)")

SNARE, CRASH, HIGH_TOM, FLOOR_TOM, KICK = 38, 49, 48, 45, 36
"""General MIDI drums: red, green cymbal (select), yellow tom (up), blue tom (down), kick
(right). The red pad is also "back"."""
BEAT_S = 0.5
PAD_WALK = {
    "format": "drum-duet-chart",
    "version": 1,
    "song": {"title": "Pad Walk", "artist": "Tests"},
    "resolution": 480,
    "tempos": [[0, 120]],
    "sections": [[0, "Intro"]],
    "parts": {"full": {"expert": [[t, "red"] for t in range(0, 8 * 480, 480)]}},
}
"""Eight snare notes, one a beat at 120 bpm (0.0 to 3.5 s)."""


def test_a_kit_walks_the_menus_plays_a_song_and_quits_without_a_key(tmp_path: Path):
    home = tmp_path / "home"
    song = home / "data" / "songs" / "pad-walk"
    song.mkdir(parents=True)
    (song / "chart.json").write_text(json.dumps(PAD_WALK))
    settings = home / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    # 1024-frame buffers: SDL's dummy audio driver keeps near real time (test_duet_keyboard).
    settings.write_text('[input]\nmidi_api = "jack"\n[audio]\nbuffer_frames = 1024\n')
    with jack_server() as server:
        kit = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name="menu-kit")
        kit.open_virtual_port("out")
        env = {
            **server.env,
            "SDL_VIDEODRIVER": "dummy",
            "SDL_AUDIODRIVER": "dummy",
            "DRUM_DUET_HOME": str(home),
        }

        def pads(*notes: int, gap_s: float = 0.3) -> None:
            for note in notes:
                kit.send_message([0x99, note, 100])  # note-on, channel 10
                time.sleep(gap_s)

        try:
            with running_game(env) as (game, lines):
                wait_for_log(lines, "found", 30)  # the library is scanned: the title is next
                time.sleep(1.5)
                # Title: green plays. Song select: down to "Pad Walk" (after the three
                # built-in songs), green opens the setup panel on "Start!"; up past "Practice"
                # and "Host an online duet" to "Player 1 input", the kick steps to the kit, down
                # to "Start!", green starts the song.
                pads(CRASH)
                wait_for_log(lines, "song select shown", 10)
                pads(FLOOR_TOM, FLOOR_TOM, FLOOR_TOM, CRASH, HIGH_TOM, HIGH_TOM, HIGH_TOM, KICK)
                pads(FLOOR_TOM, FLOOR_TOM, FLOOR_TOM, CRASH)
                wait_for_log(lines, "song time", 20)
                while song_clock(lines) is None:
                    time.sleep(0.05)
                for beat in range(8):  # the snare along with the song, as its clock says
                    wait_for_song_time(lines, beat * BEAT_S)
                    kit.send_message([0x99, SNARE, 100])
                wait_for_log(lines, "saved play", 30)
                time.sleep(1.5)  # the results ignore pads for a moment: a last crash stays a hit
                # Red leaves the results, red leaves song select, red asks "Quit Drum Duet?",
                # green answers "Yes, quit".
                pads(SNARE, SNARE, SNARE, CRASH)
                game.wait(20)
        finally:
            kit.delete()
    log = "".join(lines)
    assert game.returncode == 0, log[-3000:]
    with sqlite3.connect(home / "data" / "scores.db") as db:
        (title, hit, miss) = db.execute(
            "SELECT p.title, pp.perfect + pp.great + pp.good, pp.miss"
            " FROM plays p JOIN play_players pp ON pp.play_id = p.id"
        ).fetchone()
    assert title == "Pad Walk"
    assert hit >= 6 and hit + miss == 8, log[-3000:]  # the kit played it, not a key
    devices = load_settings(settings).settings.input.devices
    assert "menu-kit" in str(devices[0])  # chosen on the setup panel by the kick
