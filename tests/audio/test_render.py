"""Renders of a generated arrangement meet the audio numbers, and the same input gives the same
bytes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.audio import (
    SAMPLE_RATE,
    dc_offset,
    find_clicks,
    integrated_loudness,
    render_backing,
    render_key,
    render_song,
    sample_peak_dbfs,
)
from game.audio.mastering import limit
from game.audio.oscillators import table_osc, wavetable
from game.audio.voices import MELODIC
from game.core.arrangement import Arrangement, InstrumentPart, Voice, notes_array
from game.core.tempo import TempoMap


def test_backing_is_stereo_float32_in_range(backing, arrangement):
    assert backing.dtype == np.float32 and backing.ndim == 2 and backing.shape[1] == 2
    assert len(backing) >= arrangement.length_s * SAMPLE_RATE
    assert not np.isnan(backing).any()
    assert np.abs(backing).max() <= 1.0


def test_backing_loudness_is_between_minus_18_and_minus_12_lufs(backing):
    lufs = integrated_loudness(backing, SAMPLE_RATE)
    print(f"backing loudness {lufs:.2f} LUFS")
    assert -18.0 <= lufs <= -12.0
    assert lufs == pytest.approx(-14.0, abs=1.0)


def test_backing_peak_dc_and_clicks(backing):
    assert sample_peak_dbfs(backing) <= -1.0
    assert dc_offset(backing) < 0.001
    assert find_clicks(backing, SAMPLE_RATE) == []


def test_song_with_guide_drums_meets_the_numbers_too(arrangement, drums):
    song = render_song(arrangement, drums)
    assert -18.0 <= integrated_loudness(song, SAMPLE_RATE) <= -12.0
    assert sample_peak_dbfs(song) <= -1.0
    assert dc_offset(song) < 0.001
    assert not np.isnan(song).any()
    assert find_clicks(song, SAMPLE_RATE) == []


def test_same_arrangement_renders_the_same_bytes(arrangement, backing):
    assert render_backing(arrangement).tobytes() == backing.tobytes()


def _with_one_note_changed(arrangement: Arrangement) -> Arrangement:
    parts = list(arrangement.parts)
    notes = parts[1].notes.copy()
    notes["pitch"][5] += 1
    parts[1] = InstrumentPart(parts[1].name, parts[1].voice, notes, parts[1].pan, parts[1].gain)
    return Arrangement(arrangement.tempo, tuple(parts), arrangement.length_s)


def test_a_changed_note_changes_the_key_and_the_audio(arrangement, backing):
    changed = _with_one_note_changed(arrangement)
    assert render_key(changed) != render_key(arrangement)
    assert render_backing(changed).tobytes() != backing.tobytes()


def test_the_key_covers_pan_gain_guide_and_length(arrangement, drums):
    keys = {render_key(arrangement), render_key(arrangement, drums)}
    keys.add(render_key(arrangement, drums, guide_level=0.3))
    parts = list(arrangement.parts)
    p = parts[0]
    parts[0] = InstrumentPart(p.name, p.voice, p.notes, p.pan + 0.1, p.gain)
    keys.add(render_key(Arrangement(arrangement.tempo, tuple(parts), arrangement.length_s)))
    parts[0] = InstrumentPart(p.name, p.voice, p.notes, p.pan, p.gain * 0.5)
    keys.add(render_key(Arrangement(arrangement.tempo, tuple(parts), arrangement.length_s)))
    keys.add(render_key(Arrangement(arrangement.tempo, arrangement.parts, 31.0)))
    assert len(keys) == 6
    assert render_key(arrangement) == render_key(arrangement)


@pytest.mark.parametrize("at", [3.3, 5.3, 7.77, 14.2, 20.1, 26.4])
def test_click_detector_finds_a_deliberately_inserted_click(backing, at):
    i = int(at * SAMPLE_RATE)
    spiked = backing.copy()
    spiked[i, 0] += 0.3  # one stray sample at -10 dBFS, in the middle of the music
    assert any(abs(c - at) < 0.001 for c in find_clicks(spiked, SAMPLE_RATE))
    dropout = backing.copy()
    dropout[i : i + 220] = 0.0  # 5 ms of silence: a buffer underrun
    clicks = find_clicks(dropout, SAMPLE_RATE)
    assert any(abs(c - at) < 0.001 for c in clicks) or any(
        abs(c - at - 0.005) < 0.001 for c in clicks
    )


def test_click_detector_finds_a_note_without_an_envelope_and_not_a_smooth_one():
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    gated = 0.3 * np.sin(2 * math.pi * 220.0 * t) * ((t > 0.2) & (t < 0.7))
    assert len(find_clicks(gated, SAMPLE_RATE)) == 2
    tone = MELODIC[Voice.KEYS].render(57, 0.5, 0.8)
    padded = np.concatenate([np.zeros((2, 1000)), tone, np.zeros((2, 1000))], axis=1)
    assert find_clicks(padded.T, SAMPLE_RATE) == []


@pytest.mark.parametrize("voice", sorted(MELODIC, key=lambda v: v.value))
@pytest.mark.parametrize("pitch", [28, 60, 96])
def test_every_voice_note_starts_and_ends_smoothly(voice, pitch):
    buf = MELODIC[voice].render(pitch, 0.3, 1.0)
    assert buf.dtype == np.float32 and buf.shape[0] == 2
    assert np.abs(buf[:, 0]).max() < 1e-3 and np.abs(buf[:, -1]).max() < 1e-3
    padded = np.concatenate([np.zeros((2, 500)), buf, np.zeros((2, 500))], axis=1)
    assert find_clicks(padded.T, SAMPLE_RATE) == []
    assert abs(float(buf.mean())) < 1e-4


def test_wavetable_oscillator_does_not_alias():
    f0 = 2637.0  # E7: a bright high note, where naive sawtooths alias badly
    x = table_osc(wavetable("saw"), f0, 20000.0, SAMPLE_RATE).astype(np.float64)
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / SAMPLE_RATE)
    harmonic = np.abs(freqs / f0 - np.round(freqs / f0)) * f0 < 20.0
    off = spec[~harmonic & (freqs > 20)].sum() / spec.sum()
    assert 10 * math.log10(off) < -70.0
    assert spec[harmonic & (freqs > 5 * f0)].sum() > 1e-3 * spec.sum()  # and it is still bright


def test_limiter_holds_the_ceiling_and_leaves_quiet_audio_alone():
    rng = np.random.default_rng(3)
    loud = (rng.standard_normal((SAMPLE_RATE * 3, 2)) * 0.5).astype(np.float32)
    limit(loud, -1.5)
    assert sample_peak_dbfs(loud) <= -1.5 + 1e-4
    quiet = (rng.standard_normal((SAMPLE_RATE, 2)) * 0.05).astype(np.float32)
    assert np.array_equal(limit(quiet.copy(), -1.5), quiet)


def test_silent_and_empty_arrangements_render_silence():
    empty = Arrangement(TempoMap(480), (), 2.0)
    assert not render_backing(empty).any()
    rest = InstrumentPart("pad", Voice.PAD, notes_array([]))
    assert not render_backing(Arrangement(TempoMap(480), (rest,), 1.0)).any()
