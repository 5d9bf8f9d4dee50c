"""Practice audio at another speed: imported stems time-stretched at the same pitch (their length
over the speed, their chord's peaks where they were, their drum hits at the scaled times), cached
per song and speed; a built-in song re-rendered at the tempo."""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest

from game.app.sounds import song_backing
from game.audio.cache import render_key
from game.audio.onsets import detect_onsets
from game.audio.render import SAMPLE_RATE, TAIL_S
from game.audio.stem_cache import cached_stems, stems_key, stretch_stems
from game.audio.stretch import StretchError, stretch
from game.audio.stretch_workers import stretch_parts
from game.audio.wavfile import read_wav
from game.formats.arrangement_mid import read_arrangement
from game.formats.song_folder import load_song
from game.library.backing import render_backing
from tests.audio.spectra import average_peak_hz, peak_hz
from tests.audio.stem_files import CHORD_HZ, RATE, open_mixer, write_practice_song
from tests.helpers import ROOT

SPEEDS = (0.5, 0.75, 1.25)
NARA = ROOT / "charts" / "nara-soundcheck" / "arrangement.mid"


@pytest.fixture
def mixer(monkeypatch):
    yield from open_mixer(monkeypatch)


@pytest.fixture
def song(tmp_path):
    """An imported song folder (chord stem, drum-hit stem) and its hits' times (s)."""
    folder = tmp_path / "Practice Chords"
    return folder, write_practice_song(folder)


def stems_of(folder):
    return [folder / "song.wav"], [folder / "drums.wav"]


def chord_peaks(audio: np.ndarray) -> list[float]:
    """The strongest peak (Hz) near each chord note, in the steady middle of `audio`."""
    middle = audio[len(audio) // 6 : -len(audio) // 6]
    return [peak_hz(middle, RATE, hz * 0.9, hz * 1.1, pad=1 << 20) for hz in CHORD_HZ]


@pytest.mark.parametrize("speed", SPEEDS)
def test_a_stretched_stem_lasts_its_length_over_the_speed_at_the_same_pitch(song, speed):
    folder, _ = song
    music, rate = read_wav(folder / "song.wav")
    slow = stretch(music, rate, speed)
    assert slow.dtype == np.float32 and slow.shape[1] == 2
    assert len(slow) / rate == pytest.approx(len(music) / rate / speed, rel=0.002)
    for before, after in zip(chord_peaks(music), chord_peaks(slow), strict=True):
        assert after == pytest.approx(before, rel=0.005)


def levels_db(audio: np.ndarray, rate: int) -> np.ndarray:
    """The level (dB) of the left channel in 50 ms windows, the first and last 0.5 s left out."""
    window = round(0.05 * rate)
    body = audio[: len(audio) // window * window, 0].reshape(-1, window)
    return 10 * np.log10((body.astype(np.float64) ** 2).mean(axis=1))[10:-10]


@pytest.mark.parametrize("speed", (0.5, 0.75))
def test_the_joins_between_stretched_blocks_keep_a_held_tone_steady(speed):
    """A held 220 Hz tone over 20 s (several blocks): two runs of the stretcher over the same
    audio are out of phase, so a plain crossfade dips; the level must stay as steady as one
    whole-buffer run of the stretcher (within 0.5 dB in every 50 ms)."""
    import python_stretch

    t = np.arange(20 * RATE) / RATE
    tone = np.repeat((0.3 * np.sin(2 * np.pi * 220.0 * t)).astype(np.float32)[:, None], 2, 1)
    blocks = stretch(tone, RATE, speed)
    whole = python_stretch.Signalsmith.Stretch(0)
    whole.preset(2, float(RATE))
    whole.timeFactor = speed
    one_run = whole.process(np.ascontiguousarray(tone.T)).T
    assert len(blocks) == len(one_run)
    assert np.abs(levels_db(blocks, RATE) - levels_db(one_run, RATE)).max() < 0.5


@pytest.mark.parametrize("speed", SPEEDS)
def test_stretched_drum_hits_land_at_their_times_over_the_speed(song, speed):
    folder, hits = song
    drums, rate = read_wav(folder / "drums.wav")
    slow = stretch(drums, rate, speed)
    onsets = detect_onsets(slow.mean(axis=1), rate)
    found = np.array([onsets[np.argmin(np.abs(onsets - at))] for at in hits / speed])
    errors_ms = (found - hits / speed) * 1000
    print(f"speed {speed}: hits off by {errors_ms.min():.2f} to {errors_ms.max():.2f} ms")
    assert np.abs(errors_ms).max() < 3.0
    # Anything else the detector finds is a faint ghost of the stretcher (-35 dB at 0.5, 0.6 s
    # after each hit), never a doubled hit: 30 dB below the hits.
    loudest = np.abs(slow).max()
    for at in set(onsets.tolist()) - set(found.tolist()):
        i = round(at * rate)
        assert np.abs(slow[i : i + rate // 100]).max() < loudest * 10 ** (-30 / 20)


def test_stretch_tells_its_progress_and_stops_when_progress_raises(song):
    folder, _ = song
    music, rate = read_wav(folder / "song.wav")
    music = np.tile(music, (5, 1))  # 30 s: several blocks
    told: list[float] = []
    stretch(music, rate, 0.75, told.append)
    assert len(told) > 2 and told == sorted(told) and told[-1] == 1.0

    def cancel(fraction: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stretch(music, rate, 0.75, cancel)
    assert stretch(music, rate, 1.0) is music
    with pytest.raises(StretchError, match="speed"):
        stretch(music, rate, 2.0)
    with pytest.raises(StretchError, match="stereo"):
        stretch(music[:, 0], rate, 0.75)


def test_mixes_stretched_in_workers_are_the_stretches_made_here(song):
    folder, _ = song
    music, rate = read_wav(folder / "song.wav")
    drums, _ = read_wav(folder / "drums.wav")
    told: list[float] = []
    got = stretch_parts(
        [music, drums[: rate * 3], np.zeros((0, 2), np.float32)], rate, 0.5, told.append
    )
    np.testing.assert_array_equal(got[0], stretch(music, rate, 0.5))
    np.testing.assert_array_equal(got[1], stretch(drums[: rate * 3], rate, 0.5))
    assert got[2].shape == (0, 2)
    assert told == sorted(told) and told[-1] == 1.0
    assert multiprocessing.active_children() == []


def test_a_cancel_ends_the_stretch_workers(song):
    """Two mixes, two workers at work while the progress is told; a cancel ends both."""
    folder, _ = song
    music, rate = read_wav(folder / "song.wav")
    working: list[int] = []

    def cancel(fraction: float) -> None:
        working.append(len(multiprocessing.active_children()))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stretch_parts([np.tile(music, (10, 1)), music], rate, 0.25, cancel)
    assert working == [2]
    assert multiprocessing.active_children() == []


def test_an_imported_song_at_speed_is_stretched_once_then_read_from_the_cache(
    mixer, song, tmp_path
):
    folder, _ = song
    cache = tmp_path / "cache"
    music_files, drum_files = stems_of(folder)
    first = cached_stems(music_files, drum_files, cache, RATE, speed=0.75)
    n = round(6.0 * RATE)
    assert first.notices == () and first.drums is not None
    assert len(first.music) == len(first.drums) == round(n / 0.75)
    slow = stems_key(music_files, drum_files, RATE, 0.75)
    plain = stems_key(music_files, drum_files, RATE)
    assert slow != plain and plain == stems_key(music_files, drum_files, RATE, 1.0)
    names = {p.name for p in cache.iterdir()}
    for key in (slow, plain):  # the mix at speed 1.0 is kept too: other speeds start from it
        assert {f"{key}.done", f"{key}.music.wav", f"{key}.drums.wav"} <= names
    stored, rate = read_wav(cache / f"{slow}.music.wav")
    assert rate == RATE and len(stored) == round(n / 0.75)
    again = cached_stems(music_files, drum_files, cache, RATE, speed=0.75)
    assert np.abs(again.music - first.music).max() < 2 / 32767  # 16-bit at half level
    assert np.abs(again.drums - first.drums).max() < 2 / 32767
    at_one = cached_stems(music_files, drum_files, cache, RATE)
    assert len(at_one.music) == n


def test_a_cancelled_stretch_caches_nothing_at_that_speed(mixer, song, tmp_path):
    folder, _ = song
    cache = tmp_path / "cache"
    music_files, drum_files = stems_of(folder)
    told: list[float] = []

    def cancel_midway(fraction: float) -> None:
        told.append(fraction)
        if fraction > 0.5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cached_stems(music_files, drum_files, cache, RATE, speed=0.5, progress=cancel_midway)
    slow = stems_key(music_files, drum_files, RATE, 0.5)
    assert not (cache / f"{slow}.done").exists() and not (cache / f"{slow}.music.wav").exists()
    assert told == sorted(told)


def test_an_unreadable_stem_at_speed_is_named_and_the_others_still_play(mixer, song):
    folder, _ = song
    (folder / "guitar.ogg").write_bytes(b"OggS" + b"\x00" * 500)
    backing = song_backing(load_song(folder), RATE, speed=0.75)
    assert backing.notice is not None and str(folder / "guitar.ogg") in backing.notice
    assert len(backing.music) == round(6.0 * RATE / 0.75)
    assert backing.drums is not None and len(backing.drums) == len(backing.music)
    assert np.abs(backing.music).max() > 0.1 and np.abs(backing.drums).max() > 0.1


def test_mixes_the_stretcher_refuses_name_each_of_their_stems(mixer, song):
    """A speed the stretcher refuses (3.0): the workers fail, the mixes are tried here, and each
    stem is named in a notice as an undecodable one is."""
    folder, _ = song
    music_files, drum_files = stems_of(folder)
    audio = cached_stems(music_files, drum_files, rate=RATE)
    fast = stretch_stems(audio, music_files, drum_files, RATE, 3.0)
    assert fast.silent and len(fast.notices) == 2
    for notice, path in zip(fast.notices, music_files + drum_files, strict=True):
        assert notice.startswith(f"Stem left out: {path}: not stretched to 300% speed")
    assert multiprocessing.active_children() == []


def test_an_imported_song_at_speed_1_plays_as_before(mixer, song):
    folder, _ = song
    music, _ = read_wav(folder / "song.wav")
    backing = song_backing(load_song(folder), RATE, speed=1.0)
    assert len(backing.music) == len(music)
    assert np.abs(backing.music - music).max() < 2 / 32767


def test_a_built_in_song_is_rendered_again_at_the_tempo_at_the_same_pitch(tmp_path):
    """nara-soundcheck (59 s) rendered at 0.75 beside 1.0: exact length, same peaks, two files."""
    cache = tmp_path / "renders"
    normal = render_backing(NARA, cache)
    slow = render_backing(NARA, cache, speed=0.75)
    arrangement = read_arrangement(NARA)
    assert render_key(arrangement.at_speed(0.75)) != render_key(arrangement)
    assert {p.name for p in cache.glob("*.wav")} == {
        f"{render_key(arrangement)}.wav",
        f"{render_key(arrangement.at_speed(0.75))}.wav",
    }
    # The song scales; the reverb's tail after the last note stays TAIL_S long.
    song_s, slow_song_s = (len(a) / SAMPLE_RATE - TAIL_S for a in (normal, slow))
    assert slow_song_s == pytest.approx(song_s / 0.75, rel=0.002)
    bands = [(40, 120), (120, 300), (300, 700), (700, 1500), (1500, 4000)]
    for low, high in bands:
        before = average_peak_hz(normal, SAMPLE_RATE, low, high)
        after = average_peak_hz(slow, SAMPLE_RATE, low, high)
        print(f"{low}-{high} Hz: strongest peak {before:.2f} Hz, at 0.75 {after:.2f} Hz")
        assert after == pytest.approx(before, rel=0.005)
    np.testing.assert_array_equal(render_backing(NARA, cache, speed=0.75), slow)  # cached
