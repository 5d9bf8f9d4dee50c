"""Kit profiles: the shipped note tables, the TOML files (good and bad), and user overrides."""

from __future__ import annotations

import json

import pytest

from game.core.lanes import Lane
from game.input.kit_files import (
    DEFAULT_PROFILE,
    list_profiles,
    load_profile,
    profile_file_name,
    save_user_profile,
    shipped_profiles_dir,
)
from game.input.kit_profile import (
    Crosstalk,
    HiHat,
    KitPad,
    KitProfile,
    KitProfileError,
    NoteKey,
    PadSettings,
)
from game.input.kit_toml import dumps_profile, read_profile
from tests.helpers import TESTDATA, need_testdata

KICK, RED = KitPad.KICK, KitPad.RED
YC, YT = KitPad.YELLOW_CYMBAL, KitPad.YELLOW_TOM
BC, BT = KitPad.BLUE_CYMBAL, KitPad.BLUE_TOM
GC, GT = KitPad.GREEN_CYMBAL, KitPad.GREEN_TOM

GM_TABLE = {
    35: KICK, 36: KICK,
    38: RED, 40: RED, 37: RED,
    42: YC, 46: YC,
    48: YT, 50: YT,
    45: BT, 47: BT,
    41: GT, 43: GT,
    49: GC, 57: GC, 52: GC, 55: GC,
    51: BC, 59: BC, 53: BC,
}  # fmt: skip
"""The General MIDI profile as the issue states it (the hi-hat pedal 44 is no pad)."""

TD11 = TESTDATA / "gm-performances" / "roland_td11_gmd_drum_mapping.json"


MIDI_KITS = ("General MIDI", "Roland TD", "Alesis Nitro", "Yamaha DTX")


def roland_pad(name: str) -> KitPad | None:
    """The pad a Roland TD-11 pad name plays in the 4-lane layout (None: the hi-hat pedal)."""
    if name == "HH Pedal":
        return None
    for word, pad in (
        ("Kick", KICK), ("Snare", RED), ("HH", YC), ("Tom 1", YT), ("Tom 2", BT), ("Tom 3", GT),
        ("Crash", GC), ("Ride", BC),
    ):  # fmt: skip
        if name.startswith(word):
            return pad
    raise AssertionError(f"unknown Roland pad {name!r}")


def test_pads_have_a_lane_a_cymbal_flag_and_round_trip_through_of():
    assert [(p.lane, p.cymbal) for p in KitPad] == [
        (Lane.KICK, False), (Lane.RED, False),
        (Lane.YELLOW, True), (Lane.YELLOW, False),
        (Lane.BLUE, True), (Lane.BLUE, False),
        (Lane.GREEN, True), (Lane.GREEN, False),
    ]  # fmt: skip
    assert all(KitPad.of(p.lane, p.cymbal) is p for p in KitPad)
    assert KitPad.of(Lane.RED, cymbal=True) is RED
    assert GC.label == "green cymbal"


def test_general_midi_profile_is_the_default_and_maps_the_issue_table():
    gm = load_profile()
    assert gm.name == DEFAULT_PROFILE == "General MIDI"
    table = {key.note: pad for key, pad in gm.note_table().items()}
    assert table == GM_TABLE
    assert all(key.channel is None for key in gm.note_table())
    assert gm.pad_for(44, 9) is None and gm.is_pedal(44, 9)
    assert gm.is_hihat_strike(42) and gm.is_hihat_strike(46) and not gm.is_hihat_strike(51)
    for unbound in (39, 54, 62, 69, 75):  # clap, tambourine, congas, cabasa, claves: no pad
        assert gm.pad_for(unbound) is None


def test_every_shipped_profile_loads_with_a_unique_name_and_ignores_the_pedal():
    entries = list_profiles()
    names = [e.name for e in entries]
    assert set(names) == {*MIDI_KITS, "Rock Band controller"}
    assert all(not e.user and e.problem is None for e in entries)
    for entry in (e for e in entries if e.name in MIDI_KITS):
        profile = read_profile(entry.path)
        assert profile.pad_for(44) is None and profile.is_pedal(44), entry.name
        assert set(profile.pads) == set(KitPad), entry.name  # every pad has notes
        assert profile.pads[KICK].retrigger_ms > profile.pads[RED].retrigger_ms
        assert entry.path.read_text().startswith("#")  # sources in a comment


def test_roland_profile_agrees_with_the_td11_table_of_the_test_data():
    td = load_profile("Roland TD")
    table = json.loads(need_testdata(TD11).read_text())
    for note, names in table.items():
        expected = roland_pad(names["Roland"])
        assert td.pad_for(int(note)) is expected, (note, names["Roland"])
    assert td.is_hihat_strike(22) and td.is_hihat_strike(26)  # hi-hat edges are strikes


def test_yamaha_and_alesis_profiles_keep_their_own_notes():
    dtx = load_profile("yamaha dtx")
    assert dtx.pad_for(52) is BC  # ride edge, not a china
    assert dtx.pad_for(59) is GC  # crash bow, not a second ride
    assert dtx.is_pedal(83) and dtx.pad_for(83) is None  # foot splash
    assert dtx.pad_for(31) is RED and dtx.pad_for(33) is KICK
    nitro = load_profile("Alesis Nitro")
    assert nitro.pad_for(39) is GT and nitro.pad_for(21) is GC and nitro.pad_for(23) is YC
    assert nitro.pad_for(53) is None


def write(tmp_path, text: str, name: str = "kit.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


MINIMAL = 'name = "Tiny"\n[pads.kick]\nnotes = [36]\n'


def test_a_minimal_profile_takes_the_defaults(tmp_path):
    profile = read_profile(write(tmp_path, MINIMAL))
    assert profile.name == "Tiny"
    assert profile.pads == {KICK: PadSettings((NoteKey(36),), 1, 30.0)}
    assert profile.hihat.pedal == (NoteKey(44),) and profile.hihat.suppress_ms == 30.0
    assert profile.crosstalk.window_ms == 10.0 and profile.crosstalk.ratio == 0.2


def test_defaults_table_and_pad_settings_are_read(tmp_path):
    text = (
        'name = "Set"\n[defaults]\nthreshold = 12\nretrigger_ms = 25\n'
        "[crosstalk]\nwindow_ms = 0\n[hihat]\npedal = [44, 83]\nsuppress_ms = 0\n"
        "[pads.kick]\nnotes = [36]\n[pads.red]\nnotes = [38]\nthreshold = 40\n"
    )
    profile = read_profile(write(tmp_path, text))
    assert profile.pads[KICK] == PadSettings((NoteKey(36),), 12, 25.0)
    assert profile.pads[RED] == PadSettings((NoteKey(38),), 40, 25.0)
    assert profile.crosstalk.window_ms == 0.0 and profile.hihat.suppress_ms == 0.0
    assert profile.is_pedal(83)


def test_a_note_on_one_channel_beats_the_same_note_on_any_channel(tmp_path):
    text = (
        'name = "Two kits"\n[pads.red]\nnotes = [38]\n'
        "[pads.yellow_tom]\nnotes = [{ note = 38, channel = 11 }]\n"
    )
    profile = read_profile(write(tmp_path, text))
    assert profile.pad_for(38, channel=10) is YT  # channel 11 as people count
    assert profile.pad_for(38, channel=9) is RED
    assert profile.pad_for(38, channel=0) is RED


@pytest.mark.parametrize("name", MIDI_KITS)
def test_shipped_profiles_round_trip_through_their_text(tmp_path, name):
    profile = load_profile(name)
    path = write(tmp_path, dumps_profile(profile))
    assert read_profile(path) == profile


def test_a_profile_with_channels_round_trips(tmp_path):
    text = (
        'name = "Ch"\ndescription = "x"\n[hihat]\nstrikes = [{ note = 42, channel = 10 }]\n'
        "[pads.yellow_cymbal]\nnotes = [{ note = 42, channel = 10 }, 46]\nretrigger_ms = 0\n"
    )
    profile = read_profile(write(tmp_path, text))
    again = read_profile(write(tmp_path, dumps_profile(profile), "again.toml"))
    assert again == profile
    assert again.pads[YC].notes == (NoteKey(42, 9), NoteKey(46))


BAD = [
    ("name = \n", "not valid TOML"),
    ("[pads.kick]\nnotes = [36]\n", "has no name"),
    ('name = ""\n[pads.kick]\nnotes = [36]\n', "has no name"),
    ('name = "X"\n', "binds no notes"),
    ('name = "X"\n[pads.purple]\nnotes = [36]\n', "[pads.purple] is not a pad"),
    ('name = "X"\n[pads.kick]\nnotes = [130]\n', "130 is not a MIDI note"),
    ('name = "X"\n[pads.kick]\nnotes = ["36"]\n', "[pads.kick] notes must be a whole number"),
    ('name = "X"\n[pads.kick]\nnotes = 36\n', "[pads.kick] notes must be a list"),
    ('name = "X"\n[pads.kick]\n', "[pads.kick] has no notes"),
    ('name = "X"\n[pads.kick]\nnotes = [36]\nthreshold = 200\n', "threshold = 200 is outside"),
    ('name = "X"\n[pads.kick]\nnotes = [36]\ntreshold = 20\n', "unknown key 'treshold'"),
    ('name = "X"\n[pads.kick]\nnotes = [36]\nretrigger_ms = -1\n', "retrigger_ms = -1 is outside"),
    ('name = "X"\n[pads.kick]\nnotes = [36]\n[pads.red]\nnotes = [36]\n', "36 is bound to both"),
    ('name = "X"\n[pads.red]\nnotes = [{ note = 38, channel = 17 }]\n', "channel = 17 is outside"),
    ('name = "X"\n[pads.red]\nnotes = [{ pitch = 38 }]\n', "{ note = 38, channel = 10 }"),
    ('name = "X"\ncolour = "blue"\n[pads.kick]\nnotes = [36]\n', "unknown key 'colour'"),
    ('name = "X"\nversion = 9\n[pads.kick]\nnotes = [36]\n', "version 9"),
    ('name = "X"\n[crosstalk]\nratio = 2\n[pads.kick]\nnotes = [36]\n', "ratio = 2 is outside"),
    ('name = "X"\n[hihat]\npedal = [4]\nstrikes = [4]\n[pads.kick]\nnotes = [36]\n', "a pedal"),
    ('name = "X"\nhihat = 3\n[pads.kick]\nnotes = [36]\n', "[hihat] must be a table"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "problem"), BAD)
def test_a_bad_profile_names_the_file_and_the_problem(tmp_path, text, problem):
    path = write(tmp_path, text, "broken-kit.toml")
    with pytest.raises(KitProfileError) as info:
        read_profile(path)
    assert info.value.path == str(path)
    assert problem in info.value.problem
    assert str(info.value).startswith(f"{path}: ")


def test_unreadable_profile_files_name_the_file(tmp_path):
    cases = {
        tmp_path / "missing.toml": "file not found",
        tmp_path: "is a folder",
    }
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'name = "Caf\xe9"\n')
    cases[latin] = "not UTF-8"
    huge = tmp_path / "huge.toml"
    huge.write_text('name = "X"\n' + "# padding\n" * 10_000)
    cases[huge] = "more than the 65,536 allowed"
    for path, problem in cases.items():
        with pytest.raises(KitProfileError, match=problem) as info:
            read_profile(path)
        assert info.value.path == str(path)


def test_a_user_profile_overrides_the_shipped_one_of_the_same_name(tmp_path):
    write(tmp_path, 'name = "general midi"\n[pads.yellow_tom]\nnotes = [38]\n', "mine.toml")
    entries = {e.name.casefold(): e for e in list_profiles(tmp_path)}
    assert len(entries) == 5  # the shipped General MIDI is hidden by the player's
    mine = entries["general midi"]
    assert mine.user and mine.overrides_shipped and mine.path == tmp_path / "mine.toml"
    assert not entries["roland td"].user
    assert load_profile("General MIDI", tmp_path).pad_for(38) is YT
    assert load_profile("General MIDI").pad_for(38) is RED  # without the user's folder


def test_user_profiles_are_listed_after_the_shipped_ones_and_bad_ones_say_why(tmp_path):
    write(tmp_path, 'name = "Zed Kit"\n[pads.kick]\nnotes = [36]\n', "zed.toml")
    write(tmp_path, 'name = "Broken"\n[pads.kick]\nnotes = [300]\n', "broken.toml")
    entries = list_profiles(tmp_path)
    assert [e.name for e in entries] == [
        "Alesis Nitro", "General MIDI", "Rock Band controller", "Roland TD", "Yamaha DTX",
        "broken", "Zed Kit",
    ]  # fmt: skip
    broken = entries[5]
    assert broken.user and "300 is not a MIDI note" in broken.problem
    with pytest.raises(KitProfileError, match="300"):
        load_profile("broken", tmp_path)
    with pytest.raises(LookupError, match="Zed Kit"):
        load_profile("Nobody's kit", tmp_path)
    assert load_profile("zed kit", tmp_path).name == "Zed Kit"
    assert load_profile(str(tmp_path / "zed.toml")).name == "Zed Kit"  # a file path works too
    with pytest.raises(KitProfileError, match="file not found"):
        load_profile(str(tmp_path / "gone.toml"))


def test_saving_a_user_profile_writes_a_new_file_or_replaces_the_same_name(tmp_path):
    user_dir = tmp_path / "kits"
    first = KitProfile("My TD-17", {KICK: PadSettings((NoteKey(36),))})
    path = save_user_profile(first, user_dir)
    assert path == user_dir / profile_file_name("My TD-17") == user_dir / "my-td-17.toml"
    assert read_profile(path) == first
    second = KitProfile("my td-17", {KICK: PadSettings((NoteKey(35),))})
    assert save_user_profile(second, user_dir) == path  # same name: same file, replaced
    assert read_profile(path) == second
    other = KitProfile("My TD 17", {RED: PadSettings((NoteKey(38),))})  # another name, same slug
    other_path = save_user_profile(other, user_dir)
    assert other_path == user_dir / "my-td-17-2.toml" and read_profile(path) == second
    assert sorted(p.name for p in user_dir.iterdir()) == ["my-td-17-2.toml", "my-td-17.toml"]


def test_the_kit_folder_is_in_the_players_config_directory(tmp_path, monkeypatch):
    from game.store.paths import kit_profiles_dir

    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    assert kit_profiles_dir() == tmp_path / "config" / "kits"


def test_shipped_profiles_are_package_data():
    assert shipped_profiles_dir().name == "kits"
    assert {p.name for p in shipped_profiles_dir().glob("*.toml")} == {
        "general-midi.toml", "roland-td.toml", "alesis-nitro.toml", "yamaha-dtx.toml",
        "rock-band-controller.toml",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: PadSettings((NoteKey(36),), threshold=128), "threshold 128 is outside 0-127"),
        (lambda: PadSettings((NoteKey(36),), threshold=-1), "threshold -1 is outside 0-127"),
        (lambda: PadSettings((), retrigger_ms=1000.5), "retrigger_ms 1000.5 is outside 0-1000"),
        (lambda: Crosstalk(window_ms=-0.1), "window_ms -0.1 is outside 0-1000"),
        (lambda: Crosstalk(ratio=1.01), "ratio 1.01 is outside 0-1"),
        (lambda: HiHat(suppress_ms=float("nan")), "suppress_ms nan is outside 0-1000"),
    ],
)
def test_pad_crosstalk_and_hihat_numbers_outside_their_range_are_named(make, problem):
    with pytest.raises(ValueError) as refused:
        make()
    assert str(refused.value) == problem


def test_pad_crosstalk_and_hihat_numbers_at_their_edges_are_kept():
    assert PadSettings((NoteKey(36),), threshold=127, retrigger_ms=1000).threshold == 127
    assert PadSettings((), threshold=0, retrigger_ms=0.0).retrigger_ms == 0.0
    assert Crosstalk(window_ms=1000.0, ratio=1.0).ratio == 1.0
    assert Crosstalk(window_ms=0.0, ratio=0.0).window_ms == 0.0
    assert HiHat(suppress_ms=1000.0).suppress_ms == 1000.0
