"""The player's settings reach a live play: offsets on the song clock and the keyboard, volumes
in the mix, the guide drums under the music, the keymap and the names."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from game.app.play import KIT_LEVEL, LivePlay, PlayOptions, mix_music
from game.app.setup import player_setups
from game.app.sounds import guide_for
from game.audio.dsp import SAMPLE_RATE
from game.audio.guide import guide_bus
from game.audio.onsets import detect_onsets
from game.core.lanes import Difficulty, Lane, Part
from game.formats.song_folder import load_song
from game.store.settings import (
    AudioSettings,
    InputSettings,
    KeyboardSettings,
    PlayerSettings,
    Settings,
)
from game.ui.song_select_view import PlayerPick
from tests.helpers import ROOT, live_for

NARA = ROOT / "charts" / "nara-soundcheck"


@pytest.fixture(scope="module")
def nara():
    return load_song(NARA)


def settings_with(**sections) -> Settings:
    return dataclasses.replace(Settings(), **sections)


def test_offsets_move_the_song_clock_and_the_keyboard(nara):
    settings = settings_with(
        audio=AudioSettings(audio_offset_ms=30.0, video_offset_ms=-12.0),
        input=InputSettings(device_offsets_ms={"keyboard": 15.0}),
    )
    picks = [PlayerPick(Part.FULL, Difficulty.EASY)]
    options = PlayOptions.from_settings(player_setups(settings, picks), settings)
    live = live_for(nara, options)
    # The buffer from stream second 3.0 went out at t=100 s; a key is stamped then: 3 s into
    # the stream, after the 2 s lead-in, heard 30 ms late and pressed 15 ms late.
    live.clock.on_buffer(3 * live.clock.rate, 512, stamp=100.0)
    live.player_hit("space", 100.0)
    live.session.update(5.0)
    assert [e.time_s for e in live.session.inputs] == [pytest.approx(3.0 - 2.0 - 0.030 - 0.015)]
    assert live.clock.song_time(100.0) == pytest.approx(1.0 - 0.030)
    assert live.clock.video_offset_s == pytest.approx(-0.012)


def test_volumes_and_guide_drums_reach_the_mix(nara):
    setups = player_setups(Settings(), [PlayerPick(Part.FULL, Difficulty.EASY)])
    guide = guide_for(nara, setups)
    notes = np.unique(nara.chart.track(Part.FULL, Difficulty.EASY).times)
    onsets = detect_onsets(guide[:, 0], SAMPLE_RATE)
    assert len(onsets) >= 0.9 * len(notes)
    assert np.median([np.min(np.abs(onsets - t)) for t in notes]) < 0.002
    music = np.full((1000, 2), 0.5, np.float32)
    mixed, gain = mix_music(music, 0.4, guide[:2000], 0.25)
    assert len(mixed) == 2000 and gain == 1.0
    np.testing.assert_allclose(mixed[:1000], 0.2 + guide[:1000] * 0.25, atol=1e-6)
    alone, gain = mix_music(music, 0.4, None, 0.25)
    assert np.shares_memory(alone, music) and gain == 0.4  # no guide: no copy, at its volume
    settings = settings_with(
        audio=AudioSettings(master_volume=0.5, music_volume=0.4, drums_volume=0.6)
    )
    live = LivePlay(nara, PlayOptions(setups, settings=settings), music, None)
    assert live.mix.backing_gain == pytest.approx(0.5 * 0.4)
    assert live.mix.hits_gain == pytest.approx(0.5 * 0.6 * KIT_LEVEL)
    np.testing.assert_allclose(live.mix.backing, 0.5)  # the music itself, not a scaled copy


def rms_db(audio: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(audio, dtype=np.float64)))))


def test_the_kit_sits_under_the_music_at_the_default_volumes(nara):
    """The players' kit playing the full Expert part perfectly, at the mix's default gains, is
    quieter than the music it plays over (it used to be as loud as the whole backing), but not
    buried: between 8 and 0.5 dB under it in RMS. (bench/kit_level.py prints every song.)"""
    setups = player_setups(Settings(), [PlayerPick(Part.FULL, Difficulty.EXPERT)])
    live = live_for(nara, PlayOptions(setups, settings=Settings()))
    music = live.mix.backing * np.float32(live.mix.backing_gain)
    track = nara.chart.track(Part.FULL, Difficulty.EXPERT)
    kit = guide_bus(track, len(music)) * np.float32(live.mix.hits_gain)
    assert -8.0 < rms_db(kit) - rms_db(music) < -0.5


def test_rebound_keys_and_typed_names_are_played(nara):
    settings = settings_with(
        keyboard=KeyboardSettings(one_player={"p1_red": ("x",)}),
        players=PlayerSettings(names=("Ana", "")),
    )
    options = PlayOptions.from_settings(player_setups(settings, [PlayerPick(Part.FULL)]), settings)
    assert options.names == ("Ana",)
    live = live_for(nara, options)
    assert live.map_key("x", 1.0).lane == Lane.RED
    assert live.map_key("d", 1.0) is None  # the default red key is free now
