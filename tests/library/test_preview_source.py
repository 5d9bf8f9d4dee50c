"""Where a preview comes from, on real song folders indexed by the real library: every stem
mixed from the window on (a WAV seeked, an Ogg decoded whole), the preview cache read back, a
bad stem left out with its name, and a built-in song rendered for the window alone in step with
its whole rendered backing."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from game.audio.preview_clip import PreviewWindow, cut_window, shape_clip
from game.audio.stem_audio import decode_stem
from game.audio.wavfile import write_wav
from game.formats.song_folder import builtin_charts_dir
from game.library.index import SongLibrary, SongRecord
from game.library.preview_source import (
    PreviewError,
    default_preview_cache_dir,
    preview_clip,
    record_window,
)
from tests.audio.stem_files import example, open_mixer, write_stem

RATE = 44100  # the mixer as the stem tests open it


@pytest.fixture
def mixer(monkeypatch, tmp_path):
    """The mixer opened (dummy driver) and a private DRUM_DUET_HOME (the caches)."""
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path / "home"))
    yield from open_mixer(monkeypatch)


def song(tmp_path: Path, preview_ms: int | None, **stems: Path | bytes) -> SongRecord:
    """A song folder with the built-in Nara Soundcheck's chart, `preview_ms`, and `stems`
    ({file name: a file to copy, or bytes}), as the library indexes it."""
    folder = tmp_path / "songs" / "Song"
    folder.mkdir(parents=True)
    shutil.copy(builtin_charts_dir() / "nara-soundcheck" / "notes.mid", folder / "notes.mid")
    ini = "[song]\nname = Song\n"
    if preview_ms is not None:
        ini += f"preview_start_time = {preview_ms}\n"
    (folder / "song.ini").write_text(ini)
    for name, source in stems.items():
        if isinstance(source, bytes):
            (folder / name).write_bytes(source)
        else:
            shutil.copy(source, folder / name)
    library = SongLibrary(tmp_path / "index.sqlite3")
    library.scan([tmp_path / "songs"])
    (record,) = library.songs()
    return record


def peaks_hz(clip: np.ndarray, count: int) -> list[float]:
    spectrum = np.abs(np.fft.rfft(clip[:, 0] * np.hanning(len(clip))))
    freqs = np.fft.rfftfreq(len(clip), 1 / RATE)
    return sorted(float(freqs[i]) for i in np.argsort(spectrum)[-count:])


def test_every_stem_is_mixed_from_the_window_on(mixer, tmp_path):
    music = write_stem(tmp_path / "m.wav", 40.0, levels=(0.3,), freq_hz=440.0)
    drums = write_stem(tmp_path / "d.wav", 40.0, levels=(0.3,), freq_hz=1000.0)
    record = song(tmp_path, 12_000, **{"song.wav": music, "drums.wav": drums})
    assert record_window(record) == PreviewWindow(12.0, 25.0)
    clip = preview_clip(record, RATE)
    assert clip.shape == (25 * RATE, 2) and clip.dtype == np.float32
    assert np.abs(clip[0]).max() < 1e-4 and np.abs(clip[-1]).max() < 1e-4  # faded both ends
    middle = clip[10 * RATE : 11 * RATE]
    assert [round(f) for f in peaks_hz(middle, 2)] == [440, 1000]
    assert np.abs(middle).max() == pytest.approx(0.6, abs=0.01)  # summed, not scaled


def test_an_ogg_stem_is_decoded_whole_and_cut_to_the_window(mixer, tmp_path):
    record = song(tmp_path, 2_000, **{"song.ogg": example("ogg")})
    clip = preview_clip(record, RATE)
    whole = decode_stem(record.folder / "song.ogg", RATE)
    assert len(clip) == len(whole) - 2 * RATE  # from 2 s to where the 7.1 s file ends
    expected = shape_clip(cut_window(whole, RATE, PreviewWindow(2.0, 25.0)), RATE)
    assert np.allclose(clip, expected, atol=1e-4)


def test_a_clip_is_kept_in_the_preview_cache_and_read_back_until_a_stem_changes(mixer, tmp_path):
    stem = write_stem(tmp_path / "m.wav", 30.0, levels=(0.3,), freq_hz=440.0)
    record = song(tmp_path, 1_000, **{"song.wav": stem})
    first = preview_clip(record, RATE)
    (cached,) = (default_preview_cache_dir() / "stems").glob("*.wav")
    t = np.arange(len(first)) / RATE
    other = 0.25 * np.sin(2 * np.pi * 2000 * t)
    write_wav(cached, np.stack([other, other], 1).astype(np.float32), RATE)  # a stand-in
    assert [round(f) for f in peaks_hz(preview_clip(record, RATE)[RATE:-RATE], 1)] == [2000]
    os.utime(record.folder / "song.wav", ns=(1, 1))  # the stem changed: decoded afresh
    again = preview_clip(record, RATE)
    assert np.allclose(again, first, atol=1e-4)


def test_a_stem_that_cannot_be_decoded_is_left_out_and_named(mixer, tmp_path, caplog):
    good = write_stem(tmp_path / "m.wav", 30.0, levels=(0.3,), freq_hz=440.0)
    record = song(tmp_path, 1_000, **{"song.wav": good, "drums.ogg": b"OggS" + bytes(4000)})
    with caplog.at_level(logging.WARNING):
        clip = preview_clip(record, RATE)
    assert [round(f) for f in peaks_hz(clip[RATE:-RATE], 1)] == [440]
    assert str(record.folder / "drums.ogg") in caplog.text


def test_a_song_whose_stems_all_fail_or_that_has_none_has_no_preview(mixer, tmp_path):
    record = song(tmp_path, 1_000, **{"song.ogg": b"not audio at all" * 100})
    with pytest.raises(PreviewError) as failed:
        preview_clip(record, RATE)
    assert str(record.folder / "song.ogg") in str(failed.value)
    shutil.rmtree(tmp_path / "songs")
    silent = song(tmp_path / "again", None)
    with pytest.raises(PreviewError, match="no audio stems"):
        preview_clip(silent, RATE)


def test_a_built_in_song_renders_its_window_in_step_with_its_whole_backing(mixer, tmp_path):
    from game.audio.cache import cached_render_path, is_cached
    from game.formats.arrangement_mid import read_arrangement

    library = SongLibrary(tmp_path / "index.sqlite3")
    library.scan([builtin_charts_dir()])
    nara = next(s for s in library.songs() if s.title == "Nara Soundcheck")
    assert record_window(nara) == PreviewWindow(8.0, 25.0)
    alone = preview_clip(nara, RATE)  # the window rendered by itself (the render cache empty)
    arrangement = read_arrangement(nara.folder / "arrangement.mid")
    assert not is_cached(arrangement)
    cached_render_path(arrangement)  # the song is played: its whole backing is rendered
    from_whole = preview_clip(nara, RATE)  # now read from the whole render
    assert alone.shape == from_whole.shape == (25 * RATE, 2)
    a, b = alone[:, 0].astype(np.float64), from_whole[:, 0].astype(np.float64)
    assert float(np.sqrt(np.mean(a**2))) > 0.02
    correlation = float(np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b)))
    assert correlation > 0.8  # the same music at the same times
    shifted = float(np.dot(a[RATE // 10 :], b[: -RATE // 10]))  # 0.1 s apart: much less alike
    assert shifted / np.sqrt(np.dot(a, a) * np.dot(b, b)) < correlation - 0.3
