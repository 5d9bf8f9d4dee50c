"""A preview's clip maths: where the window lies in the song, the fades that let it loop, the
stems' sum kept below clipping, a WAV read for the window alone, and a built-in arrangement cut
to the window."""

from __future__ import annotations

import wave

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.audio.preview_clip import (
    CLIP_S,
    FADE_IN_S,
    FADE_OUT_S,
    MIN_CLIP_S,
    PEAK,
    PRE_ROLL_S,
    PreviewWindow,
    add_into,
    arrangement_window,
    cut_window,
    fade_envelope,
    pcm_frames,
    pre_roll_s,
    preview_window,
    read_wav_window,
    shape_clip,
)
from game.audio.wavfile import read_wav, write_wav

RATE = 48000


def test_the_window_starts_at_preview_start_time_else_a_third_in():
    assert preview_window(62.951, 200.0) == PreviewWindow(62.951, CLIP_S)
    assert preview_window(None, 180.0) == PreviewWindow(60.0, CLIP_S)
    assert preview_window(250.0, 180.0) == PreviewWindow(60.0, CLIP_S)  # past the end: ignored
    assert preview_window(-1.0, 90.0) == PreviewWindow(30.0, CLIP_S)


def test_a_late_start_moves_earlier_and_a_short_song_previews_what_it_has():
    late = preview_window(170.0, 180.0)
    assert late == PreviewWindow(180.0 - MIN_CLIP_S, MIN_CLIP_S)
    assert preview_window(5.0, 12.0) == PreviewWindow(0.0, 12.0)
    assert preview_window(3.0, None) == PreviewWindow(3.0, CLIP_S)  # length unknown
    assert preview_window(None, None) == PreviewWindow(0.0, CLIP_S)


@given(
    start=st.one_of(st.none(), st.floats(-10, 1000, allow_nan=False)),
    length=st.one_of(st.none(), st.floats(0.5, 1000, allow_nan=False)),
)
def test_the_window_always_lies_in_the_song_and_is_as_long_as_it_can_be(start, length):
    w = preview_window(start, length)
    assert w.start_s >= 0 and 0 < w.length_s <= CLIP_S
    if length is not None:
        assert w.end_s <= length + 1e-9
        assert w.length_s >= min(MIN_CLIP_S, length) - 1e-9
        if start is not None and start >= 0 and start + CLIP_S <= length:
            assert w.start_s == start and w.length_s == CLIP_S


def test_the_fades_rise_from_silence_and_fall_back_to_it_so_the_loop_is_seamless():
    n = round(CLIP_S * RATE)
    env = fade_envelope(n, RATE)
    rise, fall = round(FADE_IN_S * RATE), round(FADE_OUT_S * RATE)
    assert env[0] < 1e-5 and env[-1] < 1e-5  # the loop's seam: silence on both sides
    assert np.all(np.diff(env[:rise]) >= 0) and np.all(np.diff(env[n - fall :]) <= 0)
    assert env[rise // 2] == pytest.approx(0.5, abs=1e-3)  # a raised cosine: half way, half
    assert env[n - fall // 2] == pytest.approx(0.5, abs=1e-3)
    assert np.all(env[rise : n - fall] == 1.0)
    short = fade_envelope(3 * RATE, RATE)  # a 3 s clip: each fade a third of it at most
    assert np.all(short[RATE : 2 * RATE] == 1.0)
    assert short[RATE // 2] == pytest.approx(0.5, abs=1e-3)
    assert short[3 * RATE - RATE // 2] == pytest.approx(0.5, abs=1e-3)  # 1 s, not 2 s


def test_a_loud_sum_of_stems_is_brought_under_full_scale_and_shaped():
    tone = np.sin(2 * np.pi * 440 * np.arange(2 * RATE) / RATE).astype(np.float32)
    stems = None
    for _ in range(3):
        stems = add_into(stems, np.stack([tone, tone], 1) * np.float32(0.6))
    assert stems is not None and np.abs(stems).max() == pytest.approx(1.8, abs=1e-3)
    clip = shape_clip(stems, RATE)
    assert np.abs(clip).max() <= PEAK + 1e-6
    middle = clip[RATE - 100 : RATE + 100]  # between the fades: only scaled
    assert np.allclose(middle, stems[RATE - 100 : RATE + 100] * (PEAK / 1.8), atol=1e-5)
    assert np.abs(stems).max() == pytest.approx(1.8, abs=1e-3)  # the input is left alone


def test_the_longer_stem_holds_the_sum():
    short, long = np.ones((10, 2), np.float32), np.full((20, 2), 0.5, np.float32)
    total = add_into(add_into(None, short), long)
    assert len(total) == 20 and total[5, 0] == 1.5 and total[15, 0] == 0.5


def test_pcm_of_every_width_reads_as_the_same_level():
    level = 0.5
    raw = {
        1: bytes([128 + 64]),
        2: (16384).to_bytes(2, "little", signed=True),
        3: (2**22).to_bytes(3, "little", signed=True),
        4: (2**30).to_bytes(4, "little", signed=True),
    }
    for width, data in raw.items():
        assert pcm_frames(data, width, 1).tolist() == [[level, level]]
    negative = (-(2**22)).to_bytes(3, "little", signed=True)
    assert pcm_frames(negative * 2, 3, 2).tolist() == [[-0.5, -0.5]]


def test_a_wav_is_read_for_its_window_alone_and_matches_the_whole_file(tmp_path):
    rng = np.random.default_rng(5)
    audio = (rng.uniform(-0.5, 0.5, (10 * RATE, 2))).astype(np.float32)
    path = tmp_path / "song.wav"
    write_wav(path, audio, RATE)
    whole, _ = read_wav(path)
    window = PreviewWindow(3.25, 4.0)
    part = read_wav_window(path, window, RATE)
    assert np.allclose(part, cut_window(whole, RATE, window), atol=1e-4)  # same frames
    past = read_wav_window(path, PreviewWindow(8.0, 25.0), RATE)  # the file ends first
    assert len(past) == 2 * RATE


def test_a_wav_at_another_rate_is_resampled_to_the_mixers(tmp_path):
    rate = 44100
    t = np.arange(5 * rate) / rate
    path = tmp_path / "mono.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.rint(0.5 * np.sin(2 * np.pi * 1000 * t) * 32767).astype("<i2").tobytes())
    part = read_wav_window(path, PreviewWindow(1.0, 2.0), RATE)
    assert part.shape == (2 * RATE, 2)
    spectrum = np.abs(np.fft.rfft(part[:, 0]))
    assert np.fft.rfftfreq(len(part), 1 / RATE)[np.argmax(spectrum)] == pytest.approx(1000, abs=1)


def test_a_float_wav_is_not_read_by_the_window_reader(tmp_path):
    path = tmp_path / "float.wav"
    fmt = (3).to_bytes(2, "little") + (1).to_bytes(2, "little") + RATE.to_bytes(4, "little")
    fmt += (RATE * 4).to_bytes(4, "little") + (4).to_bytes(2, "little") + (32).to_bytes(2, "little")
    data = np.zeros(100, "<f4").tobytes()
    path.write_bytes(
        b"RIFF"
        + (4 + 8 + len(fmt) + 8 + len(data)).to_bytes(4, "little")
        + b"WAVE"
        + b"fmt "
        + len(fmt).to_bytes(4, "little")
        + fmt
        + b"data"
        + len(data).to_bytes(4, "little")
        + data
    )
    with pytest.raises(wave.Error):
        read_wav_window(path, PreviewWindow(0.0, 1.0), RATE)


def test_an_arrangement_is_cut_to_the_window_with_a_pre_roll(arrangement):
    window = PreviewWindow(10.0, 12.0)
    part = arrangement_window(arrangement, window)
    assert pre_roll_s(window) == PRE_ROLL_S
    assert part.length_s == pytest.approx(window.end_s - (10.0 - PRE_ROLL_S))
    for before, after in zip(arrangement.parts, part.parts, strict=True):
        starts = before.notes["start_s"]
        kept = starts[(starts >= 10.0 - PRE_ROLL_S) & (starts < window.end_s)]
        assert np.allclose(after.notes["start_s"], kept - (10.0 - PRE_ROLL_S))
        assert (after.name, after.voice, after.pan, after.gain) == (
            before.name,
            before.voice,
            before.pan,
            before.gain,
        )
    assert sum(len(p.notes) for p in part.parts) > 0
    assert pre_roll_s(PreviewWindow(1.0, 5.0)) == 1.0  # no time before the song
