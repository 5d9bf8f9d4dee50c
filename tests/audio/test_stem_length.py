"""A stem's length read from its headers, for the library's song length."""

from __future__ import annotations

import pytest

from game.audio.stem_length import stem_length_s
from tests.audio.stem_files import example, write_stem

HOUSE_LO_S = 7.105  # pygame-ce's house_lo example, the same loop in every format


@pytest.mark.parametrize("ext", ["wav", "ogg", "opus", "flac"])
def test_the_length_of_a_shipped_example_is_read_from_its_headers(ext):
    assert stem_length_s(example(ext)) == pytest.approx(HOUSE_LO_S, abs=0.01)


def test_a_written_wav_has_its_length(tmp_path):
    assert stem_length_s(write_stem(tmp_path / "song.wav", 2.5)) == pytest.approx(2.5)


@pytest.mark.parametrize("name", ["song.mp3", "song.ogg", "song.flac", "song.wav", "song.txt"])
def test_unknown_or_broken_files_have_no_length(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"OggS" + bytes(200))
    assert stem_length_s(path) is None
    assert stem_length_s(tmp_path / "missing.ogg") is None
