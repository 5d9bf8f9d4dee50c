"""game.base.bounded on real files: the whole file within its limit, else one problem in words."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.base.bounded import FileReadError, MissingFileError, OversizeFileError, read_bounded
from game.formats.errors import ChartError
from game.input.kit_profile import KitProfileError


def test_a_file_of_exactly_the_limit_is_read_whole(tmp_path):
    path = tmp_path / "notes.mid"
    path.write_bytes(b"x" * 10)
    assert read_bounded(path, 10) == b"x" * 10
    assert read_bounded(str(path), 11) == b"x" * 10


def test_a_file_one_byte_over_the_limit_is_refused_with_its_size(tmp_path):
    path = tmp_path / "song.ini"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(OversizeFileError) as refused:
        read_bounded(path, 1000)
    assert refused.value.path == str(path)
    assert refused.value.problem == "file is 1,001 bytes, more than the 1,000 allowed"
    assert str(refused.value) == f"{path}: file is 1,001 bytes, more than the 1,000 allowed"


def test_a_missing_file_and_a_folder_name_the_problem(tmp_path):
    with pytest.raises(MissingFileError, match="file not found"):
        read_bounded(tmp_path / "missing.chart", 100)
    with pytest.raises(FileReadError, match="is a folder, not a file") as folder:
        read_bounded(tmp_path, 100)
    assert not isinstance(folder.value, MissingFileError)
    assert folder.value.strerror == "Is a directory"  # the system's own words, for the settings


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_file_that_reads_past_its_stated_size_stops_at_the_limit():
    """A device says 0 bytes and never ends: the read stops one byte past the limit."""
    with pytest.raises(OversizeFileError, match="grew past the 4,096 bytes allowed"):
        read_bounded(Path("/dev/zero"), 4096)


def test_an_error_type_given_is_raised_with_the_path_and_the_problem(tmp_path):
    big = tmp_path / "kit.toml"
    big.write_bytes(b"#" * 65)
    with pytest.raises(KitProfileError) as refused:
        read_bounded(big, 64, KitProfileError)
    assert refused.value.path == str(big)
    assert refused.value.problem == "file is 65 bytes, more than the 64 allowed"
    with pytest.raises(ChartError, match="file not found"):
        read_bounded(tmp_path / "gone.mid", 64, ChartError)
