"""MIDI port names that survive a reboot, finding a port by name, the MIDI API setting, and the
rtmidi callback's stamping (fed real rtmidi message tuples, as rtmidi calls it)."""

from __future__ import annotations

import time

import pytest

from game.input.midi_ports import (
    MIDI_APIS,
    PORTMIDI,
    RTMIDI,
    MidiPort,
    MidiUnavailableError,
    NoteOn,
    backend_name,
    check_api,
    find_port,
    has_rtmidi,
    port_list,
    rtmidi_api,
    stable_name,
)


@pytest.mark.parametrize(
    ("raw", "api", "stable"),
    [
        ("TD-11:TD-11 MIDI 1 20:0", "alsa", "TD-11:TD-11 MIDI 1"),
        ("TD-11:TD-11 MIDI 1 24:0", "alsa", "TD-11:TD-11 MIDI 1"),
        ("Midi Through:Midi Through Port-0 14:0", "alsa", "Midi Through:Midi Through Port-0"),
        ("Alesis Nitro:Alesis Nitro MIDI 1 128:12", "alsa", "Alesis Nitro:Alesis Nitro MIDI 1"),
        ("a2j:TD-11 [20] (capture): TD-11 MIDI 1", "jack", "a2j:TD-11 (capture): TD-11 MIDI 1"),
        ("kit1:out", "jack", "kit1:out"),
        ("TD-11 1", "winmm", "TD-11"),
        ("MIDIIN2 (TD-11) 3", "winmm", "MIDIIN2 (TD-11)"),
        ("TD-11", "core", "TD-11"),
        ("TD-11 MIDI 1", "", "TD-11 MIDI 1"),  # PortMidi names carry no numbers
        ("TD-11 MIDI 1", "alsa", "TD-11 MIDI 1"),  # a name's own number stays
    ],
)
def test_stable_name_drops_only_the_numbers_that_change_between_boots(raw, api, stable):
    assert stable_name(raw, api) == stable


def test_two_kits_of_one_model_get_numbered_names_in_list_order():
    raw = ["TD-11:TD-11 MIDI 1 20:0", "Nitro:Nitro MIDI 1 24:0", "TD-11:TD-11 MIDI 1 28:0"]
    assert port_list(raw, "alsa") == [
        MidiPort("TD-11:TD-11 MIDI 1", raw[0], 0),
        MidiPort("Nitro:Nitro MIDI 1", raw[1], 1),
        MidiPort("TD-11:TD-11 MIDI 1 #2", raw[2], 2),
    ]


def test_a_port_is_found_by_stable_name_raw_name_case_or_a_unique_part():
    ports = port_list(["TD-11:TD-11 MIDI 1 20:0", "Nitro:Nitro MIDI 1 24:0"], "alsa")
    assert find_port(ports, "TD-11:TD-11 MIDI 1") is ports[0]
    assert find_port(ports, "TD-11:TD-11 MIDI 1 20:0") is ports[0]
    assert find_port(ports, "td-11:td-11 midi 1") is ports[0]
    assert find_port(ports, "nitro") is ports[1]
    assert find_port(ports, "MIDI 1") is None  # both have it: ambiguous
    assert find_port(ports, "Roland") is None
    assert find_port([], "TD-11") is None


def test_the_api_setting_takes_the_known_names_only():
    assert MIDI_APIS == ("default", "jack", "alsa", "coremidi", "winmm")
    assert check_api(" JACK ") == "jack"
    with pytest.raises(ValueError, match="unknown MIDI API 'pipewire'"):
        check_api("pipewire")


def test_the_backend_is_rtmidi_exactly_when_python_rtmidi_is_installed():
    assert backend_name() == (RTMIDI if has_rtmidi() else PORTMIDI)


def test_rtmidi_names_its_apis_and_refuses_one_it_was_built_without():
    rtmidi = pytest.importorskip("rtmidi")
    compiled = {rtmidi.get_api_name(a) for a in rtmidi.get_compiled_api()}
    if "jack" in compiled:
        assert rtmidi_api("jack") == (rtmidi.API_UNIX_JACK, "jack")
    assert rtmidi_api("default")[1] in compiled
    missing = next(n for n, r in (("coremidi", "core"), ("winmm", "winmm")) if r not in compiled)
    with pytest.raises(MidiUnavailableError, match=r"has no (CoreMIDI|WinMM) MIDI"):
        rtmidi_api(missing)


def test_the_rtmidi_callback_stamps_note_ons_and_drops_the_rest():
    pytest.importorskip("rtmidi")
    from game.input.midi_rtmidi import note_on_stamper

    got: list[NoteOn] = []
    callback = note_on_stamper("TD-11:TD-11 MIDI 1", got.append)
    before = time.perf_counter()
    callback(([0x99, 38, 100], 0.0), None)  # note-on, channel 10
    callback(([0x99, 38, 0], 0.01), None)  # velocity 0: a note-off
    callback(([0x89, 38, 64], 0.01), None)  # note-off
    callback(([0xB9, 4, 90], 0.01), None)  # hi-hat pedal position (CC 4)
    callback(([0xC9, 1], 0.01), None)  # program change
    callback(([0x90, 36, 127], 0.01))  # channel 1, no data argument
    after = time.perf_counter()
    assert [(n.port, n.note, n.velocity, n.channel) for n in got] == [
        ("TD-11:TD-11 MIDI 1", 38, 100, 9),
        ("TD-11:TD-11 MIDI 1", 36, 127, 0),
    ]
    assert before <= got[0].stamp_s <= got[1].stamp_s <= after


def test_midi_ports_on_the_command_line_names_the_backend_and_refuses_a_missing_api(capsys):
    from game.cli import main
    from game.cli.common import EXIT_BAD_INPUT

    assert main(["midi", "ports", "--api", "winmm"]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out.startswith(f"MIDI backend: {backend_name()}")
    assert "winmm" in err.lower() and "Traceback" not in err
