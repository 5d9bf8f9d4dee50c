"""The render cache and the WAV files it keeps."""

from __future__ import annotations

import os
import time
import wave

import numpy as np
import pytest

from game.audio import (
    SAMPLE_RATE,
    WavError,
    cached_render,
    cached_render_path,
    default_cache_dir,
    read_wav,
    render_song,
    write_wav,
)
from game.audio.cache import KEEP_RENDERS, _prune
from game.audio.wavfile import quantize


def test_second_load_comes_from_the_cache_and_is_equal(arrangement, tmp_path):
    cache = tmp_path / "cache"
    t0 = time.perf_counter()
    first = cached_render(arrangement, cache_dir=cache)
    t1 = time.perf_counter()
    files = list(cache.glob("*.wav"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns
    second = cached_render(arrangement, cache_dir=cache)
    t2 = time.perf_counter()
    print(f"first render {t1 - t0:.3f} s, cached load {t2 - t1:.3f} s")
    assert np.array_equal(first, second)
    assert files[0].stat().st_mtime_ns >= mtime and list(cache.glob("*.wav")) == files
    assert t2 - t1 < 2.0  # generous: the numbers are measured by bench/synth.py
    assert np.array_equal(first, quantize(render_song(arrangement)))


def test_the_cache_follows_drum_duet_home(arrangement, tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path / "portable"))
    assert default_cache_dir() == tmp_path / "portable" / "cache" / "renders"
    path = cached_render_path(arrangement)
    assert path.parent == default_cache_dir() and path.exists()
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, SAMPLE_RATE)


def test_a_guide_render_is_cached_apart_from_the_backing(arrangement, drums, tmp_path):
    backing = cached_render_path(arrangement, cache_dir=tmp_path)
    with_guide = cached_render_path(arrangement, drums, cache_dir=tmp_path)
    assert backing != with_guide and backing.exists() and with_guide.exists()


def test_a_corrupt_cache_file_is_rendered_again(arrangement, tmp_path):
    path = cached_render_path(arrangement, cache_dir=tmp_path)
    good = read_wav(path)[0]
    path.write_bytes(path.read_bytes()[:1000])  # truncated, as after a crash
    assert np.array_equal(cached_render(arrangement, cache_dir=tmp_path), good)
    path.write_bytes(b"not a wav file at all")
    assert np.array_equal(cached_render(arrangement, cache_dir=tmp_path), good)


def test_the_cache_keeps_only_the_most_recent_renders(tmp_path):
    for k in range(KEEP_RENDERS + 3):
        f = tmp_path / f"{k:02d}.wav"
        f.write_bytes(b"x")
        os.utime(f, (1000 + k, 1000 + k))
    _prune(tmp_path, KEEP_RENDERS)
    left = sorted(p.name for p in tmp_path.glob("*.wav"))
    assert len(left) == KEEP_RENDERS and left[0] == "03.wav"


def test_wav_round_trip_is_exact_after_quantizing(tmp_path):
    rng = np.random.default_rng(1)
    audio = np.clip(rng.standard_normal((5000, 2)) * 0.3, -1, 1).astype(np.float32)
    path = tmp_path / "sub" / "x.wav"
    path.parent.mkdir()  # write_wav never creates a missing folder
    write_wav(path, audio)
    back, rate = read_wav(path)
    assert rate == SAMPLE_RATE and back.dtype == np.float32 and back.shape == (5000, 2)
    assert np.array_equal(back, quantize(audio))
    assert np.abs(back - audio).max() <= 0.5 / 32767 + 1e-7
    assert [p.name for p in path.parent.iterdir()] == ["x.wav"]  # no temp file left behind


def test_wav_writing_is_atomic(tmp_path):
    path = tmp_path / "x.wav"
    write_wav(path, np.zeros((10, 2)))
    bad = np.zeros((100_000, 2), dtype=object)
    bad[90_000, 0] = "not a sample"  # the write fails half-way, after the first chunks
    with pytest.raises(ValueError):
        write_wav(path, bad)
    assert read_wav(path)[0].shape == (10, 2)  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["x.wav"]  # and the temp file is gone


def test_mono_wav_and_clipping(tmp_path):
    path = tmp_path / "m.wav"
    write_wav(path, np.array([0.0, 2.0, -2.0, 0.5]))
    back, _ = read_wav(path)
    assert back.shape == (4, 1)
    assert back[:, 0] == pytest.approx([0.0, 1.0, -32768 / 32767, 0.5], abs=1e-4)


@pytest.mark.parametrize(
    "content",
    [b"", b"RIFF\x00\x00\x00\x00WAVE", b"garbage" * 10],
)
def test_unreadable_wavs_raise_wav_error_naming_the_file(tmp_path, content):
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(WavError, match=r"bad\.wav"):
        read_wav(path)


def test_wav_of_another_sample_width_or_too_long_is_refused(tmp_path):
    path = tmp_path / "u8.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(b"\x80" * 100)
    with pytest.raises(WavError, match="8-bit"):
        read_wav(path)
    long_path = tmp_path / "long.wav"
    write_wav(long_path, np.zeros((SAMPLE_RATE * 2, 2)))
    with pytest.raises(WavError, match="more than"):
        read_wav(long_path, max_seconds=1.0)


def test_a_cache_that_cannot_be_written_is_skipped(arrangement, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"a file where the cache folder should be")
    audio = cached_render(arrangement, cache_dir=blocker / "renders")
    assert audio.shape[1] == 2 and np.abs(audio).max() > 0.1
    with pytest.raises(OSError):
        cached_render_path(arrangement, cache_dir=blocker / "renders")


def test_cached_render_path_replaces_a_damaged_file(arrangement, tmp_path):
    path = cached_render_path(arrangement, cache_dir=tmp_path)
    size = path.stat().st_size
    path.write_bytes(path.read_bytes()[: size // 2])
    assert cached_render_path(arrangement, cache_dir=tmp_path) == path
    assert path.stat().st_size == size
