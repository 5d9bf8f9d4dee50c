"""Decoding song stems with the real SDL_mixer (dummy audio driver) from real files on disk."""

from __future__ import annotations

import shutil

import numpy as np
import pygame
import pytest

from game.audio import stem_audio
from game.audio.stem_audio import StemError, as_stereo_float, decode_stem, mix_stems
from tests.audio.stem_files import RATE, example, open_mixer, write_stem


@pytest.fixture
def mixer(monkeypatch):
    """The mixer as the game opens it: 44100 Hz, 32-bit float, stereo."""
    yield from open_mixer(monkeypatch)


def peak(frames: np.ndarray) -> list[float]:
    return [float(x) for x in np.abs(frames).max(axis=0)]


def zero_crossings_per_s(channel: np.ndarray, rate: int = RATE) -> float:
    rising = np.count_nonzero((channel[1:] > 0) & (channel[:-1] <= 0))
    return rising * rate / len(channel)


def test_mixer_is_float_stereo_at_44100_as_the_game_opens_it(mixer):
    assert pygame.mixer.get_init() == (RATE, -32, 2)


def test_stereo_wav_decodes_to_its_length_and_levels(mixer, tmp_path):
    frames = decode_stem(write_stem(tmp_path / "song.wav", seconds=1.5, levels=(0.5, 0.25)))
    assert frames.dtype == np.float32 and frames.shape == (round(1.5 * RATE), 2)
    assert peak(frames) == pytest.approx([0.5, 0.25], abs=1e-3)


def test_mono_wav_plays_on_both_channels(mixer, tmp_path):
    frames = decode_stem(write_stem(tmp_path / "keys.wav", levels=(0.4,)))
    assert frames.shape == (RATE, 2)
    assert np.array_equal(frames[:, 0], frames[:, 1])
    assert peak(frames) == pytest.approx([0.4, 0.4], abs=1e-3)


def test_48k_stem_is_resampled_to_44100_keeping_pitch_and_level(mixer, tmp_path):
    path = write_stem(tmp_path / "bass.wav", seconds=2.0, rate=48000, freq_hz=1000.0)
    frames = decode_stem(path)
    assert abs(len(frames) - 2 * RATE) <= 2  # 2 s still lasts 2 s
    assert zero_crossings_per_s(frames[:, 0]) == pytest.approx(1000.0, abs=2)
    middle = frames[RATE // 2 : -RATE // 2]
    assert peak(middle) == pytest.approx([0.5, 0.25], abs=0.01)


@pytest.mark.parametrize("ext", ["ogg", "opus", "mp3", "flac"])
def test_encoded_stems_decode_like_the_wav_of_the_same_music(mixer, ext):
    reference = decode_stem(example("wav"))
    frames = decode_stem(example(ext))
    assert len(frames) == pytest.approx(len(reference), rel=0.03)  # mp3 pads a little
    rms, ref_rms = (float(np.sqrt(np.mean(np.square(a)))) for a in (frames, reference))
    assert 20 * np.log10(rms / ref_rms) == pytest.approx(0.0, abs=1.0)  # same loudness, +-1 dB


def test_ogg_song_folder_stem_plays_alongside_wav_stems(mixer, tmp_path):
    shutil.copy(example("ogg"), tmp_path / "song.ogg")
    write_stem(tmp_path / "drums.wav", seconds=2.0, levels=(0.3, 0.3))
    audio = mix_stems([tmp_path / "song.ogg"], [tmp_path / "drums.wav"])
    assert audio.notices == ()
    assert len(audio.music) == pytest.approx(7.1 * RATE, rel=0.01)
    assert np.abs(audio.music).max() > 0.3
    assert audio.drums is not None and len(audio.drums) == 2 * RATE


def test_stems_sum_into_music_and_drums_and_the_longest_sets_the_length(mixer, tmp_path):
    song = write_stem(tmp_path / "song.wav", seconds=1.0, levels=(0.2, 0.2))
    guitar = write_stem(tmp_path / "guitar.wav", seconds=2.0, levels=(0.3, 0.1))
    kick = write_stem(tmp_path / "drums_1.wav", seconds=1.0, levels=(0.25, 0.25))
    snare = write_stem(tmp_path / "drums_2.wav", seconds=1.0, levels=(0.25, 0.25))
    audio = mix_stems([song, guitar], [kick, snare])
    assert audio.notices == () and not audio.silent
    assert audio.music.shape == (2 * RATE, 2)
    assert peak(audio.music[:RATE]) == pytest.approx([0.5, 0.3], abs=2e-3)  # in phase: they add
    assert peak(audio.music[RATE:]) == pytest.approx([0.3, 0.1], abs=2e-3)
    assert audio.drums is not None and peak(audio.drums) == pytest.approx([0.5, 0.5], abs=2e-3)


def test_corrupt_and_empty_stems_are_left_out_naming_the_file_and_the_others_play(mixer, tmp_path):
    song = write_stem(tmp_path / "song.wav", levels=(0.5, 0.5))
    bass = tmp_path / "bass.ogg"
    bass.write_bytes(b"OggS" + bytes(range(256)) * 8)
    keys = tmp_path / "keys.mp3"
    keys.write_bytes(b"")
    drums = tmp_path / "drums.opus"
    drums.write_bytes(b"not an opus file at all")
    audio = mix_stems([song, bass, keys], [drums])
    assert len(audio.notices) == 3
    bass_notice, keys_notice, drums_notice = audio.notices
    assert str(bass) in bass_notice and "decode" in bass_notice
    assert str(keys) in keys_notice and "empty file" in keys_notice
    assert str(drums) in drums_notice
    assert audio.drums is None
    assert peak(audio.music) == pytest.approx([0.5, 0.5], abs=1e-3)


def test_missing_stem_file_is_named(mixer, tmp_path):
    with pytest.raises(StemError, match=r"vocals\.ogg: cannot be read"):
        decode_stem(tmp_path / "vocals.ogg")


def test_overlong_stem_is_refused(mixer, tmp_path, monkeypatch):
    monkeypatch.setattr(stem_audio, "MAX_STEM_SECONDS", 60)
    path = write_stem(tmp_path / "crowd.wav", seconds=61.0, levels=(0.0,), rate=8000)
    with pytest.raises(StemError, match=r"crowd\.wav: 61 s long, more than 60 s"):
        decode_stem(path)


def test_no_stem_that_plays_is_silence(mixer, tmp_path):
    bad = tmp_path / "song.ogg"
    bad.write_bytes(b"garbage" * 100)
    audio = mix_stems([bad], [])
    assert audio.silent and audio.music.shape == (0, 2) and audio.drums is None
    assert len(audio.notices) == 1
    assert mix_stems([], []).silent


@pytest.fixture
def int16_mixer_at_22050(monkeypatch):
    """A mixer opened in another format than the game's: 16-bit integers at 22050 Hz."""
    yield from open_mixer(monkeypatch, 22050, -16, 2)


def test_stems_from_a_16_bit_22050_hz_mixer_come_out_float_at_the_streams_rate(
    int16_mixer_at_22050, tmp_path
):
    assert pygame.mixer.get_init() == (22050, -16, 2)
    frames = decode_stem(write_stem(tmp_path / "song.wav", seconds=1.0, freq_hz=441.0), 48000)
    assert frames.dtype == np.float32
    assert abs(len(frames) - 48000) <= 2
    assert zero_crossings_per_s(frames[:, 0], 48000) == pytest.approx(441.0, abs=2)
    assert peak(frames[1000:-1000]) == pytest.approx([0.5, 0.25], abs=0.01)


@pytest.mark.parametrize(
    ("dtype", "full_scale", "zero"),
    [("int16", 32767, 0), ("int32", 2**31 - 1, 0), ("uint8", 255, 128), ("uint16", 65535, 32768)],
)
def test_integer_samples_convert_to_float_full_scale(dtype, full_scale, zero):
    samples = np.array([[zero, full_scale]] * 4, dtype=dtype)
    out = as_stereo_float(samples, RATE)
    assert out.dtype == np.float32 and out.shape == (4, 2)
    assert out[0, 0] == 0.0 and out[0, 1] == pytest.approx(1.0, abs=1e-2)


def test_surround_samples_keep_front_left_and_right():
    samples = np.tile(np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], np.float32), (10, 1))
    out = as_stereo_float(samples, RATE)
    assert out.shape == (10, 2) and out[0].tolist() == pytest.approx([0.1, 0.2])
