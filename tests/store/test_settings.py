"""The settings file's [library] table: song folders, defaults, and a corrupt file set aside."""

from __future__ import annotations

from pathlib import Path

from game.store.settings import read_library_settings


def test_song_folders_are_read_and_the_default_songs_folder_comes_first(tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    path = tmp_path / "settings.toml"
    path.write_text('[library]\nsong_folders = ["/media/usb/songs", "~/CH"]\n')
    roots = read_library_settings(path).roots()
    assert roots == [
        tmp_path / "data" / "songs",
        Path("/media/usb/songs"),
        Path("~/CH").expanduser(),
    ]


def test_missing_settings_file_means_defaults(tmp_path):
    assert read_library_settings(tmp_path / "absent.toml").song_folders == ()


def test_corrupt_settings_file_is_set_aside_and_defaults_are_used(tmp_path, caplog):
    path = tmp_path / "settings.toml"
    path.write_text("[library\nsong_folders = 3")
    assert read_library_settings(path).song_folders == ()
    aside = list(tmp_path.glob("settings.toml.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == "[library\nsong_folders = 3"
    assert not path.exists() and "set aside" in caplog.text


def test_wrong_types_count_as_corrupt(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[library]\nsong_folders = [1, 2]\n")
    assert read_library_settings(path).song_folders == ()
    assert list(tmp_path.glob("settings.toml.corrupt-*"))
