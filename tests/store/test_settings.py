"""The settings file: defaults, round trips, bad values, a corrupt file set aside, atomic writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from game.core.devices import KEYBOARD, DeviceId
from game.core.judgement import WindowPreset
from game.store.settings import (
    AudioSettings,
    GameplaySettings,
    InputSettings,
    KeyboardSettings,
    LibrarySettings,
    LoadedSettings,
    PlayerSettings,
    Settings,
    SettingsUnreadableError,
    VideoSettings,
    load_settings,
    read_library_settings,
    save_settings,
    settings_path,
)
from tests.helpers import ROOT

# --- the [library] table (what the song library reads) ---


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


def test_reading_the_library_of_a_corrupt_settings_file_uses_defaults_and_moves_nothing(
    tmp_path, caplog
):
    path = tmp_path / "settings.toml"
    path.write_text("[library\nsong_folders = 3")
    assert read_library_settings(path).song_folders == ()
    assert list(tmp_path.iterdir()) == [path]  # read-only: nothing moved
    assert path.read_text() == "[library\nsong_folders = 3"
    assert str(path) in caplog.text and "not a valid settings file" in caplog.text


def test_wrong_typed_song_folders_fall_back_to_none_and_the_file_is_kept(tmp_path, caplog):
    path = tmp_path / "settings.toml"
    path.write_text("[library]\nsong_folders = [1, 2]\n[audio]\nmusic_volume = 0.25\n")
    assert read_library_settings(path).song_folders == ()
    assert "library.song_folders" in caplog.text
    assert path.exists() and not list(tmp_path.glob("settings.toml.corrupt-*"))
    assert load_settings(path).settings.audio.music_volume == 0.25


# --- the whole file ---


def custom_settings() -> Settings:
    """Settings with every section changed from its defaults."""
    s = Settings()
    return replace(
        s,
        library=LibrarySettings((Path("/media/usb/songs"),)),
        audio=replace(s.audio, master_volume=0.5, guide_drums=True, audio_offset_ms=-12.5),
        input=InputSettings({"keyboard": 3.0, "TD-11 MIDI 1": -4.5}),
        gameplay=GameplaySettings(1.8, ("relaxed", "strict"), ("off", "on"), True),
        video=VideoSettings(True, "1920x1080", False, 0),
        players=PlayerSettings(("Ana", "Bo")),
        keyboard=KeyboardSettings({"p1_kick": ("v",), "p1_red": ("d", "k")}, {}),
    )


def test_settings_round_trip_through_a_real_file(tmp_path):
    path = tmp_path / "config" / "settings.toml"
    settings = custom_settings()
    save_settings(settings, path)
    loaded = load_settings(path)
    assert loaded == LoadedSettings(settings, None, ())
    assert 'p1_kick = "v"' in path.read_text()  # one key is written as a plain string


def test_missing_file_gives_the_defaults_without_a_notice(tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    assert settings_path() == tmp_path / "config" / "settings.toml"
    assert load_settings() == LoadedSettings(Settings(), None, ())
    save_settings(Settings())  # creates the config folder
    assert load_settings() == LoadedSettings(Settings(), None, ())


def test_defaults_are_sensible():
    s = Settings()
    assert s.gameplay.window_presets == ("standard", "standard")
    assert s.gameplay.pro_cymbals_for(0, drum_kit=True) is True
    assert s.gameplay.pro_cymbals_for(1, drum_kit=False) is False
    assert s.video.size == (1280, 720) and s.players.name(1) == "Player 2"
    assert s.input.offset_ms(DeviceId.midi("a kit never calibrated")) == 0.0
    assert s.input.devices == (KEYBOARD, KEYBOARD)


@pytest.mark.parametrize(
    "content",
    [b"[audio\nmaster_volume = 1", b"\xff\xfe[audio]", b"x = 1\n" + b"#" * (1024 * 1024)],
    ids=["not TOML", "not UTF-8", "larger than 1 MB"],
)
def test_a_corrupt_file_is_set_aside_with_a_notice(tmp_path, caplog, content):
    path = tmp_path / "settings.toml"
    path.write_bytes(content)
    read_only = load_settings(path)  # a read-only command: a notice, the file untouched
    assert read_only.settings == Settings() and str(path) in read_only.notice
    assert list(tmp_path.iterdir()) == [path] and path.read_bytes() == content
    loaded = load_settings(path, set_aside=True)  # the game, which writes settings
    assert loaded.settings == Settings()
    assert loaded.notice is not None and str(path) in loaded.notice
    (aside,) = tmp_path.glob("settings.toml.corrupt-*")
    assert aside.name in loaded.notice and aside.read_bytes() == content
    assert not path.exists() and "set aside" in caplog.text
    path.write_bytes(content)  # corrupt again in the same second: a second name, nothing lost
    load_settings(path, set_aside=True)
    assert len(list(tmp_path.glob("settings.toml.corrupt-*"))) == 2


def test_one_bad_value_falls_back_without_losing_the_others(tmp_path, caplog):
    path = tmp_path / "settings.toml"
    path.write_text(
        "[audio]\n"
        'master_volume = "loud"\n'
        "music_volume = 0.3\n"
        "guide_drums = 1\n"
        "[gameplay]\n"
        'window_presets = ["strict", 7]\n'
        'pro_cymbals = "on"\n'
        "note_speed = 2.0\n"
        "[video]\n"
        'resolution = "800x600"\n'
        "vsync = false\n"
        "[players]\n"
        'names = ["Ana", "Bo"]\n'
        "[input.device_offsets_ms]\n"
        'keyboard = "fast"\n'
        "kit = 7.5\n"
        "[keyboard]\n"
        "one_player = 3\n"
    )
    loaded = load_settings(path)
    s = loaded.settings
    assert loaded.notice is None and path.exists()
    assert s.audio.master_volume == 1.0 and s.audio.music_volume == 0.3
    assert s.audio.guide_drums is False
    assert s.gameplay.window_presets == ("strict", "standard")
    assert s.gameplay.pro_cymbals == ("auto", "auto") and s.gameplay.note_speed == (2.0, 2.0)
    assert s.video.resolution == "1280x720" and s.video.vsync is False
    assert s.players.names == ("Ana", "Bo")
    assert dict(s.input.device_offsets_ms) == {DeviceId.midi("kit"): 7.5}
    assert s.keyboard.one_player == {}
    for where in [
        "audio.master_volume",
        "audio.guide_drums",
        "gameplay.window_presets[1]",
        "gameplay.pro_cymbals",
        "video.resolution",
        "input.device_offsets_ms.keyboard",
        "keyboard.one_player",
    ]:
        assert any(w.startswith(where) for w in loaded.warnings), where
        assert where in caplog.text
    assert len(loaded.warnings) == 7


def test_a_section_that_is_not_a_table_falls_back_alone(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('audio = "loud"\n[video]\nfullscreen = true\n')
    loaded = load_settings(path)
    assert loaded.settings.audio == AudioSettings() and loaded.settings.video.fullscreen is True
    assert loaded.warnings == ("[audio] must be a table, got 'loud'; using its defaults",)


def test_out_of_range_values_are_clamped_and_long_strings_cut(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(
        "[audio]\nmaster_volume = 1.7\ndrums_volume = -2\naudio_offset_ms = -5000\n"
        "video_offset_ms = nan\n"
        "[gameplay]\nnote_speed = 0.1\n"
        "[video]\nfps_cap = 5\n"
        f'[players]\nnames = ["{"A" * 300}", "Bo\\u0007b"]\n'
        '[input.device_offsets_ms]\nkit = 1e9\n"' + "k" * 200 + '" = 1.0\n'
        '[keyboard.two_players]\np1_kick = ["a", "b", "c", "d", "e"]\np2_red = "' + "x" * 99 + '"\n'
    )
    loaded = load_settings(path)
    s = loaded.settings
    assert (s.audio.master_volume, s.audio.drums_volume) == (1.0, 0.0)
    assert s.audio.audio_offset_ms == -1000.0 and s.audio.video_offset_ms == 0.0
    assert s.gameplay.note_speed == (0.6, 0.6) and s.video.fps_cap == 30
    assert s.players.names == ("A" * 24, "Bob")
    assert dict(s.input.device_offsets_ms) == {DeviceId.midi("kit"): 1000.0}
    assert s.keyboard.two_players == {"p1_kick": ("a", "b", "c", "d"), "p2_red": ("x" * 32,)}
    assert len(loaded.warnings) == 12 and loaded.notice is None


def test_the_dataclasses_clamp_and_check_what_code_gives_them():
    audio = replace(AudioSettings(), master_volume=2, audio_offset_ms=-3000)
    assert (audio.master_volume, audio.audio_offset_ms) == (1.0, -1000.0)
    assert VideoSettings(fps_cap=0).fps_cap == 0 and VideoSettings(fps_cap=10).fps_cap == 30
    assert GameplaySettings(window_presets=["Strict", "relaxed"]).window_presets == (
        "strict",
        "relaxed",
    )
    with pytest.raises(ValueError):
        GameplaySettings(window_presets=("fast", "standard"))
    with pytest.raises(TypeError):
        AudioSettings(guide_drums="yes")
    kit = DeviceId.midi("kit")
    offsets = InputSettings({kit: 5000})
    assert offsets.device_offsets_ms == {kit: 1000.0}
    assert InputSettings({"kit": 5.0}).device_offsets_ms == {kit: 5.0}  # a name is parsed
    with pytest.raises(TypeError):
        offsets.device_offsets_ms[kit] = 0.0  # frozen all the way down


def test_unknown_keys_are_kept_when_saving(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(
        'theme = "night"\n[audio]\nmaster_volume = 0.2\nreverb = 0.5\n[mods]\nconfetti = true\n'
    )
    loaded = load_settings(path)
    assert loaded.warnings == () and loaded.settings.audio.master_volume == 0.2
    save_settings(replace(loaded.settings, audio=AudioSettings(master_volume=0.9)), path)
    text = path.read_text()
    assert 'theme = "night"' in text and "reverb = 0.5" in text and "confetti = true" in text
    assert load_settings(path).settings.audio.master_volume == 0.9


def test_saving_over_a_corrupt_file_sets_it_aside_first(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("not = [toml")
    save_settings(custom_settings(), path)
    assert load_settings(path).settings == custom_settings()
    (aside,) = tmp_path.glob("settings.toml.corrupt-*")
    assert aside.read_text() == "not = [toml"


def test_a_settings_file_that_is_a_folder_is_left_alone_and_saving_over_it_is_refused(
    tmp_path, caplog
):
    path = tmp_path / "settings.toml"
    (path / "inside").mkdir(parents=True)
    for set_aside in (False, True):
        loaded = load_settings(path, set_aside=set_aside)
        assert loaded.settings == Settings()
        assert str(path) in loaded.notice and "left as it is" in loaded.notice
    with pytest.raises(SettingsUnreadableError, match="not saved"):
        save_settings(custom_settings(), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]
    assert [p.name for p in path.iterdir()] == ["inside"]


# --- atomic writes ---

SAVE_FOREVER = """
import itertools, sys
from pathlib import Path
from game.store.settings import AudioSettings, InputSettings, PlayerSettings, Settings
from game.store.settings import save_settings
path = Path(sys.argv[1])
offsets = {f"MIDI kit number {n}": n / 10 for n in range(64)}
print("ready", flush=True)
for i in itertools.count():
    save_settings(Settings(audio=AudioSettings(master_volume=(i % 101) / 100),
                           input=InputSettings(offsets),
                           players=PlayerSettings((f"P{i}", "Bo"))), path)
"""


def test_killing_the_game_mid_save_never_corrupts_the_file(tmp_path):
    path = tmp_path / "settings.toml"
    save_settings(Settings(), path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.02, 0.05, 0.11, 0.17, 0.23):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVE_FOREVER, str(path)], stdout=subprocess.PIPE, env=env
        )
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        child.wait(timeout=10)
        child.stdout.close()
        loaded = load_settings(path)
        assert loaded.notice is None and loaded.warnings == ()
        assert len(loaded.settings.input.device_offsets_ms) in (0, 64)
    assert not list(tmp_path.glob("settings.toml.corrupt-*"))


FAIL_MIDWAY = """
import resource, signal, sys
from pathlib import Path
from game.store.settings import InputSettings, Settings, save_settings
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))  # the disk is "full" after 300 bytes
try:
    offsets = InputSettings({f"kit {n}": 1.0 for n in range(50)})
    save_settings(Settings(input=offsets), Path(sys.argv[1]))
except OSError as e:
    print("failed:", e)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="uses RLIMIT_FSIZE (POSIX)")
def test_a_write_failing_midway_leaves_the_old_file_intact(tmp_path):
    path = tmp_path / "settings.toml"
    save_settings(custom_settings(), path)
    before = path.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", FAIL_MIDWAY, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert out.stdout.startswith("failed:"), out.stdout + out.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]  # no temp file left


def test_input_devices_kit_profiles_and_midi_api_round_trip(tmp_path):
    from game.input.midi_ports import MIDI_APIS
    from game.store import settings as store

    assert store.MIDI_APIS is MIDI_APIS  # one list, in game.base, for the store and the input
    path = tmp_path / "settings.toml"
    td11 = DeviceId.midi("TD-11 MIDI 1")
    chosen = store.InputSettings(
        devices=(td11, KEYBOARD),
        kit_profiles={td11: "Roland TD"},
        midi_api="jack",
    )
    store.save_settings(store.Settings(input=chosen), path)
    back = store.load_settings(path).settings.input
    assert back.devices == (td11, KEYBOARD) and back.midi_api == "jack"
    assert back.profile_for(td11) == "Roland TD"
    assert back.profile_for(DeviceId.controller("Harmonix Drum Kit")) == "Rock Band controller"
    assert back.profile_for(DeviceId.midi("Alesis Nitro MIDI 1")) == "General MIDI"
    path.write_text('[input]\nmidi_api = "carrier pigeon"\n')
    loaded = store.load_settings(path)
    assert loaded.settings.input.midi_api == "default" and loaded.warnings


def test_audio_output_rate_and_buffer_round_trip_and_are_kept_in_range(tmp_path):
    path = tmp_path / "settings.toml"
    assert (Settings().audio.sample_rate, Settings().audio.buffer_frames) == (48000, 256)
    audio = replace(Settings().audio, sample_rate=44100, buffer_frames=128)
    save_settings(replace(Settings(), audio=audio), path)
    loaded = load_settings(path).settings.audio
    assert (loaded.sample_rate, loaded.buffer_frames) == (44100, 128)
    path.write_text("[audio]\nsample_rate = 48000\nbuffer_frames = 8\n")
    loaded = load_settings(path)
    assert loaded.settings.audio.buffer_frames == 64  # clamped to 64-1024
    assert any("buffer_frames" in w for w in loaded.warnings)
    path.write_text('[audio]\nsample_rate = "fast"\nbuffer_frames = 5000\n')
    audio = load_settings(path).settings.audio
    assert (audio.sample_rate, audio.buffer_frames) == (48000, 1024)


def test_window_presets_are_the_engines_type_stored_as_their_value_words(tmp_path):
    """The file keeps "strict"; the settings hold WindowPreset members; an unknown word falls
    back with the notice the settings always gave, and a capitalised one is read."""
    path = tmp_path / "settings.toml"
    path.write_text('[gameplay]\nwindow_presets = ["Strict", "fast"]\n')
    loaded = load_settings(path)
    presets = loaded.settings.gameplay.window_presets
    assert presets == (WindowPreset.STRICT, WindowPreset.STANDARD)
    assert all(type(p) is WindowPreset for p in presets)
    assert loaded.warnings == (
        "gameplay.window_presets[0] = 'Strict' is written in lower case; using 'strict'",
        "gameplay.window_presets[1]: expected one of 'relaxed', 'standard', 'strict', got 'fast';"
        " using 'standard'",
    )
    relaxed = replace(loaded.settings.gameplay, window_presets=(WindowPreset.RELAXED, "strict"))
    assert all(type(p) is WindowPreset for p in relaxed.window_presets)
    save_settings(replace(loaded.settings, gameplay=relaxed), path)
    assert 'window_presets = [\n    "relaxed",\n    "strict",\n]' in path.read_text()
    assert load_settings(path).settings.gameplay.window_presets == relaxed.window_presets


def test_an_older_settings_files_devices_are_read_as_devices_and_written_back_the_same(tmp_path):
    """Device names in settings.toml keep their old spelling: "keyboard", a MIDI port's name,
    "joystick: NAME"; they are read as DeviceIds of the right kind and written back unchanged."""
    path = tmp_path / "settings.toml"
    old = (
        "[input]\n"
        'devices = ["joystick: Harmonix Drum Kit", "TD-11 MIDI 1"]\n'
        "[input.device_offsets_ms]\n"
        "keyboard = -3.0\n"
        '"TD-11 MIDI 1" = -4.5\n'
        "[input.kit_profiles]\n"
        '"joystick: Harmonix Drum Kit" = "Rock Band controller"\n'
        '"TD-11 MIDI 1" = "Roland TD"\n'
    )
    path.write_text(old)
    loaded = load_settings(path)
    s = loaded.settings.input
    pads, td11 = DeviceId.controller("Harmonix Drum Kit"), DeviceId.midi("TD-11 MIDI 1")
    assert loaded.warnings == () and s.devices == (pads, td11)
    assert s.offset_ms(KEYBOARD) == -3.0 and s.offset_ms(td11) == -4.5
    assert s.profile_for(pads) == "Rock Band controller" and s.profile_for(td11) == "Roland TD"
    save_settings(loaded.settings, path)
    text = path.read_text()
    assert '"joystick: Harmonix Drum Kit",\n    "TD-11 MIDI 1",' in text
    assert "keyboard = -3.0" in text and '"TD-11 MIDI 1" = -4.5' in text
    assert load_settings(path).settings == loaded.settings
