"""A song's backing as the game plays it: an imported Clone Hero folder's stems (music apart from
the drums stem), a built-in song's rendered arrangement, and the notices when audio is missing."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from game.app.sounds import backing_for, song_backing
from game.formats.song_folder import load_song
from tests.audio.stem_files import RATE, example, open_mixer, write_stem
from tests.helpers import ROOT, TESTDATA, need_testdata

DRUMTEST = TESTDATA / "rb-charts" / "fofix-tutorials" / "drumtest"


@pytest.fixture
def mixer(monkeypatch):
    yield from open_mixer(monkeypatch)


@pytest.fixture
def song_folder(tmp_path):
    """A real Clone Hero chart (FoFiX's "Drum Test Song", 15.2 s) without its audio."""
    need_testdata(DRUMTEST)
    folder = tmp_path / "Drum Test Song"
    folder.mkdir()
    for name in ("notes.mid", "song.ini"):
        shutil.copy(DRUMTEST / name, folder / name)
    return folder


def test_imported_song_plays_its_stems_with_the_drums_apart(mixer, song_folder):
    shutil.copy(example("ogg"), song_folder / "song.ogg")
    write_stem(song_folder / "Guitar.WAV", seconds=15.0, levels=(0.2, 0.2))
    write_stem(song_folder / "drums_1.wav", seconds=15.0, levels=(0.3, 0.3))
    write_stem(song_folder / "drums_2.wav", seconds=15.0, levels=(0.1, 0.1))
    backing = song_backing(load_song(song_folder), RATE)
    assert backing.notice is None
    assert len(backing.music) == 15 * RATE  # guitar is the longest music stem
    assert backing.drums is not None and len(backing.drums) == 15 * RATE
    assert np.abs(backing.drums).max() == pytest.approx(0.4, abs=2e-3)  # drums_1 + drums_2
    assert np.abs(backing.music[8 * RATE :]).max() == pytest.approx(0.2, abs=2e-3)  # guitar only


def test_imported_song_with_a_corrupt_stem_names_it_and_plays_the_rest(mixer, song_folder):
    write_stem(song_folder / "song.wav", seconds=2.0)
    (song_folder / "drums.ogg").write_bytes(b"OggS" + b"\x00" * 500)
    backing = song_backing(load_song(song_folder), RATE)
    assert backing.notice is not None and str(song_folder / "drums.ogg") in backing.notice
    assert backing.drums is None and len(backing.music) == 2 * RATE


def test_imported_song_without_stems_is_silent_with_a_notice(mixer, song_folder):
    backing = song_backing(load_song(song_folder), RATE)
    assert backing.music.shape == (0, 2) and backing.drums is None
    assert backing.notice is not None and "No audio stems" in backing.notice


def test_imported_song_whose_stems_all_fail_is_silent_naming_each(mixer, song_folder):
    (song_folder / "song.ogg").write_bytes(b"junk" * 50)
    (song_folder / "drums.mp3").write_bytes(b"")
    backing = song_backing(load_song(song_folder), RATE)
    assert backing.music.shape == (0, 2) and backing.drums is None
    assert "song.ogg" in backing.notice and "drums.mp3" in backing.notice
    assert "No stem could be played" in backing.notice


def test_backing_for_keeps_its_old_shape_with_the_drums_mixed_in(mixer, song_folder):
    write_stem(song_folder / "song.wav", seconds=1.0, levels=(0.25, 0.25))
    write_stem(song_folder / "drums.wav", seconds=2.0, levels=(0.25, 0.25))
    audio, notice = backing_for(load_song(song_folder), RATE)
    assert notice is None and audio.shape == (2 * RATE, 2)
    assert np.abs(audio[:RATE]).max() == pytest.approx(0.5, abs=2e-3)


def test_built_in_song_has_its_rendered_backing_and_no_drums_stem():
    backing = song_backing(load_song(ROOT / "charts" / "nara-soundcheck"))
    assert backing.drums is None and backing.notice is None
    assert len(backing.music) > 30 * RATE and np.abs(backing.music).max() > 0.1
