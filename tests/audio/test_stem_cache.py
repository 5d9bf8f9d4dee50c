"""The stem cache: decoded stems are kept as WAVs, read back on the next load, and decoded afresh
when a stem changes or the cache is damaged."""

from __future__ import annotations

import os

import numpy as np
import pytest

from game.audio import stem_cache
from game.audio.stem_cache import cached_stems, stems_key
from game.audio.wavfile import write_wav
from tests.audio.stem_files import RATE, open_mixer, write_stem


@pytest.fixture
def mixer(monkeypatch):
    yield from open_mixer(monkeypatch)


@pytest.fixture
def folder(tmp_path):
    """A song folder with a music stem (1 s) and a drum stem (0.5 s)."""
    write_stem(tmp_path / "song" / "song.wav", seconds=1.0, levels=(0.5, 0.25))
    write_stem(tmp_path / "song" / "drums.wav", seconds=0.5, levels=(0.3, 0.3))
    return tmp_path / "song"


def load(folder, cache):
    return cached_stems([folder / "song.wav"], [folder / "drums.wav"], cache)


def test_second_load_reads_the_cache_and_gives_the_same_audio(mixer, folder, tmp_path):
    cache = tmp_path / "cache"
    first = load(folder, cache)
    key = stems_key([folder / "song.wav"], [folder / "drums.wav"])
    assert sorted(p.name for p in cache.iterdir()) == [
        f"{key}.done",
        f"{key}.drums.wav",
        f"{key}.music.wav",
    ]
    again = load(folder, cache)
    assert again.music.shape == first.music.shape and again.drums is not None
    assert np.abs(again.music - first.music).max() < 2 / 32767  # 16-bit at half level
    assert np.abs(again.drums - first.drums).max() < 2 / 32767
    # Prove the cache is read: change the cached file (stored at half level), see it doubled.
    write_wav(cache / f"{key}.music.wav", np.full((10, 2), 0.125, np.float32), RATE)
    assert load(folder, cache).music == pytest.approx(np.full((10, 2), 0.25), abs=1e-4)


def test_a_changed_stem_is_decoded_afresh(mixer, folder, tmp_path):
    cache = tmp_path / "cache"
    load(folder, cache)
    write_stem(folder / "song.wav", seconds=2.0, levels=(0.1, 0.1))
    assert len(load(folder, cache).music) == 2 * RATE


def test_a_damaged_cache_entry_is_decoded_again(mixer, folder, tmp_path):
    cache = tmp_path / "cache"
    first = load(folder, cache)
    key = stems_key([folder / "song.wav"], [folder / "drums.wav"])
    music = cache / f"{key}.music.wav"
    music.write_bytes(music.read_bytes()[:100])
    again = load(folder, cache)
    assert again.music.shape == first.music.shape
    assert np.abs(again.music).max() == pytest.approx(0.5, abs=1e-3)


def test_a_mix_with_a_bad_stem_is_not_cached(mixer, folder, tmp_path):
    cache = tmp_path / "cache"
    bad = folder / "bass.ogg"
    bad.write_bytes(b"OggS broken")
    audio = cached_stems([folder / "song.wav", bad], [], cache)
    assert len(audio.notices) == 1
    assert not cache.exists() or not any(cache.iterdir())


def test_only_the_most_recently_played_songs_are_kept(mixer, tmp_path, monkeypatch):
    monkeypatch.setattr(stem_cache, "KEEP_SONGS", 2)
    cache = tmp_path / "cache"
    keys = []
    for i in range(4):
        song = write_stem(tmp_path / f"s{i}" / "song.wav", seconds=0.1)
        cached_stems([song], [], cache)
        keys.append(stems_key([song], []))
        os.utime(cache / f"{keys[-1]}.done", (1000 + i, 1000 + i))  # played in order
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [f"{k}.done" for k in keys[2:]] + [f"{k}.music.wav" for k in keys[2:]]
    )
