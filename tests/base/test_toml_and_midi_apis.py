"""game.base.toml_doc and game.base.midi_apis: one reader and one API list for every layer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.base import toml_doc
from game.base.midi_apis import MIDI_APIS
from game.input.kit_profile import KitProfileError
from game.input.kit_toml import read_profile
from game.input.midi_ports import check_api
from game.store.settings import InputSettings, Settings, load_settings, save_settings


def test_toml_doc_reads_tables_and_refuses_what_is_not_toml():
    assert toml_doc.loads("[audio]\nmaster_volume = 0.5\n") == {"audio": {"master_volume": 0.5}}
    assert issubclass(toml_doc.TOMLDecodeError, ValueError)
    with pytest.raises(toml_doc.TOMLDecodeError):
        toml_doc.loads("[audio\n")


def test_a_kit_profile_that_is_not_toml_names_the_file(tmp_path):
    path = tmp_path / "kit.toml"
    path.write_text("[pads\n")
    with pytest.raises(KitProfileError, match="not valid TOML") as refused:
        read_profile(path)
    assert str(refused.value).startswith(f"{path}: ")


def test_every_midi_api_is_a_port_choice_and_a_saved_setting(tmp_path):
    path = tmp_path / "settings.toml"
    for api in MIDI_APIS:
        assert check_api(api.upper()) == api
        save_settings(replace(Settings(), input=InputSettings(midi_api=api)), path)
        assert load_settings(path).settings.input.midi_api == api
    with pytest.raises(ValueError, match="choose from default, jack, alsa, coremidi, winmm"):
        check_api("directsound")
