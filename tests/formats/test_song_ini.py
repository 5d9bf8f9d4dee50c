"""song.ini: the standard tags, read as forgivingly as the games read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.formats.errors import ChartError
from game.formats.song_ini import parse_song_ini, read_song_ini
from tests.helpers import TESTDATA, need_testdata

PATH = Path("songs/x/song.ini")


def test_standard_tags():
    ini = parse_song_ini(
        "[Song]\nname = Firecracker Night\nartist = Drum Duet\nalbum = A\ngenre = disco-pop\n"
        "year = 2026\ncharter = us\nsong_length = 183500\npreview_start_time = 30000\n"
        "diff_drums = 4\npro_drums = True\nfive_lane_drums = False\ndelay = -120\n",
        PATH,
    )
    assert (ini.name, ini.artist, ini.album, ini.genre, ini.year, ini.charter) == (
        "Firecracker Night",
        "Drum Duet",
        "A",
        "disco-pop",
        "2026",
        "us",
    )
    assert ini.song_length_s == 183.5 and ini.preview_start_s == 30.0
    assert ini.diff_drums == 4 and ini.pro_drums is True and ini.five_lane_drums is False
    assert ini.delay_s == pytest.approx(-0.12)


def test_real_fofix_song_ini_uses_frets_for_the_charter():
    ini = read_song_ini(need_testdata(TESTDATA / "rb-charts/fofix-tutorials/drumrolls/song.ini"))
    assert ini.name == "Drum Rolls Practice" and ini.charter == "Bluedude426"
    assert ini.delay_s == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "name = No Header\n",
        "\ufeff[song]\nname = No Header\n",
        "[SONG]\nname = Old\nname = No Header\n",
        "[song]\nName = No Header\nbroken line without equals\n",
    ],
)
def test_forgiving_about_headers_case_duplicates_and_junk_lines(text):
    assert parse_song_ini(text, PATH).name == "No Header"


def test_unknown_values_are_ignored_not_fatal():
    ini = parse_song_ini("[song]\ndiff_drums = hard\npro_drums = maybe\ndelay = 9e99\n", PATH)
    assert ini.diff_drums is None and ini.pro_drums is None and ini.delay_s == 0.0


def test_latin1_and_utf16_files(tmp_path):
    (tmp_path / "a.ini").write_bytes("[song]\nartist = Mot\xf6rhead\n".encode("latin-1"))
    assert read_song_ini(tmp_path / "a.ini").artist == "Mot\xf6rhead"
    (tmp_path / "b.ini").write_bytes("[song]\nartist = Bj\xf6rk\n".encode("utf-16"))
    assert read_song_ini(tmp_path / "b.ini").artist == "Bj\xf6rk"


def test_windows_1252_text_reads_as_its_characters_not_control_codes(tmp_path):
    # 0x92 is a right quote and 0x96 an en dash in Windows-1252 (C1 control codes in Latin-1);
    # 0x81 is unmapped in Windows-1252 and stays Latin-1.
    data = b"[song]\nname = Don\x92t Stop \x96 Live\nartist = Beyonc\xe9\ncharter = a\x81b\n"
    (tmp_path / "song.ini").write_bytes(data)
    ini = read_song_ini(tmp_path / "song.ini")
    assert (ini.name, ini.artist) == ("Don\u2019t Stop \u2013 Live", "Beyonc\xe9")
    assert ini.charter == "a\x81b"


def test_utf8_text_stays_utf8(tmp_path):
    (tmp_path / "song.ini").write_bytes("[song]\nname = 서울 \u2013 Caf\xe9\n".encode())
    assert read_song_ini(tmp_path / "song.ini").name == "서울 \u2013 Caf\xe9"


def test_a_file_with_other_sections_only_is_an_error():
    with pytest.raises(ChartError, match="no \\[song\\] section"):
        parse_song_ini("[other]\nname = x\n", PATH)


def test_oversized_song_ini_is_refused(tmp_path):
    path = tmp_path / "song.ini"
    path.write_text("[song]\n" + "x = y\n" * 50_000)
    with pytest.raises(ChartError, match="allowed"):
        read_song_ini(path)
