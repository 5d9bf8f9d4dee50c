"""A song.ini of binary garbage is refused naming the file; text in any encoding is not."""

from __future__ import annotations

import os

import pytest

from game.formats.errors import ChartError
from game.formats.song_ini import read_song_ini

TEXT = "[song]\nname = Café Ünïcode\nartist = Les Vestes Bleues\nsong_length = 60000\n"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,  # every byte
        os.urandom(4096),
        b"[song]\nname = x\n" + b"\x00" * 64,  # text with NULs in it
        b"\x01\x02\x03\x04\x1b\x1c" * 200,  # control characters only, no NUL
    ],
)
def test_a_binary_song_ini_is_refused_naming_the_file(tmp_path, data):
    path = tmp_path / "song.ini"
    path.write_bytes(data)
    with pytest.raises(ChartError) as caught:
        read_song_ini(path)
    assert caught.value.path == str(path) and "binary data" in caught.value.problem


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),  # with its byte-order mark: NULs are text there
        TEXT.replace("\n", "\r\n").encode("cp1252") + b"\x1a",  # DOS line ends and end mark
    ],
)
def test_a_text_song_ini_in_any_encoding_is_read(tmp_path, data):
    path = tmp_path / "song.ini"
    path.write_bytes(data)
    ini = read_song_ini(path)
    assert ini.artist == "Les Vestes Bleues" and ini.name.startswith("Caf")
