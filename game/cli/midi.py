"""`drum-duet midi ports` and `drum-duet midi monitor`: what a player runs while setting a kit up.

`ports` lists the MIDI input ports by the stable names the game remembers, and says which
backend this Python uses (python-rtmidi, or PortMidi from pygame-ce without it). `monitor`
prints every note-on as it arrives: the pad it plays through a kit profile (lane and
cymbal/tom), or why the profile drops it, its velocity, and the ms since the port's previous one.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from importlib import metadata

from game.cli.common import CliError
from game.input.kit_files import DEFAULT_PROFILE, load_profile
from game.input.kit_mapper import KitHit, KitMapper
from game.input.kit_profile import KitProfileError
from game.input.midi_input import MidiInput, open_backend
from game.input.midi_ports import (
    MIDI_APIS,
    PORTMIDI,
    MidiUnavailableError,
    NoteOn,
    api_label,
    backend_name,
    find_port,
    port_list,
)
from game.store.paths import kit_profiles_dir

DRAIN_INTERVAL_S = 0.002


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `midi ports` and `midi monitor`."""
    p = sub.add_parser("midi", help="MIDI drum kits: list the ports, watch what a kit sends")
    midi = p.add_subparsers(dest="midi_command", metavar="COMMAND", required=True)
    api_help = "the MIDI API: the platform's default, or JACK (ALSA, CoreMIDI, WinMM by name)"

    ports = midi.add_parser("ports", help="list MIDI input ports and the backend in use")
    ports.add_argument("--api", choices=MIDI_APIS, default="default", help=api_help)
    ports.set_defaults(handler=_ports)

    monitor = midi.add_parser("monitor", help="print each hit of a kit as it arrives")
    monitor.add_argument("--api", choices=MIDI_APIS, default="default", help=api_help)
    monitor.add_argument(
        "--port", metavar="NAME", help="the port (its name or a unique part of it); default all"
    )
    monitor.add_argument(
        "--profile", default=DEFAULT_PROFILE, help="kit profile name, or a profile .toml file"
    )
    monitor.add_argument(
        "--raw", action="store_true", help="turn the profile's filters off (show every note-on)"
    )
    monitor.add_argument("--seconds", type=float, metavar="N", help="stop after N seconds")
    monitor.add_argument("--json-lines", action="store_true", help="one JSON object per hit")
    monitor.set_defaults(handler=_monitor)


def _backend_label(name: str, api: str = "") -> str:
    """The backend in words with its version: "rtmidi (python-rtmidi 1.5.8), API JACK"."""
    if name == PORTMIDI:
        return f"{PORTMIDI} (pygame-ce {_version('pygame-ce')}; python-rtmidi is not installed)"
    return f"rtmidi (python-rtmidi {_version('python-rtmidi')})" + (f", API {api}" if api else "")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def _ports(args: argparse.Namespace) -> int:
    name = backend_name()
    try:
        backend = open_backend(args.api)
    except MidiUnavailableError as e:
        print(f"MIDI backend: {_backend_label(name)}")
        raise CliError(str(e)) from None
    try:
        print(f"MIDI backend: {_backend_label(backend.name, api_label(backend.api_name))}")
        ports = port_list(backend.port_names(), backend.api_name)
    except MidiUnavailableError as e:
        raise CliError(str(e)) from None
    finally:
        backend.close()
    print("MIDI input ports:" if ports else "MIDI input ports: none (is a kit plugged in and on?)")
    for port in ports:
        now = f"    (listed now as {port.raw_name!r})" if port.raw_name != port.name else ""
        print(f"  {port.name}{now}")
    return 0


def _monitor(args: argparse.Namespace) -> int:
    try:
        profile = load_profile(args.profile, kit_profiles_dir())
    except (KitProfileError, LookupError) as e:
        raise CliError(str(e)) from None
    if args.raw:
        profile = profile.without_filters()
    try:
        midi = MidiInput(args.api)
    except MidiUnavailableError as e:
        raise CliError(str(e)) from None
    with midi:
        names = _open_ports(midi, args.port)
        midi.take_changes()
        midi.start_watching()
        print(
            f"listening to {', '.join(names)} through the {profile.name} profile"
            + (" (filters off)" if args.raw else "")
            + ("" if args.seconds else "; Ctrl-C stops"),
            file=sys.stderr,
            flush=True,
        )
        mappers = {name: KitMapper(profile) for name in names}
        start = time.perf_counter()
        deadline = start + args.seconds if args.seconds else math.inf
        previous: dict[str, float] = {}
        try:
            while time.perf_counter() < deadline:
                for note in midi.drain():
                    mapper = mappers.setdefault(note.port, KitMapper(profile))
                    hit = mapper.hit(note.note, note.velocity, note.channel, note.stamp_s)
                    gap = previous.get(note.port)
                    previous[note.port] = note.stamp_s
                    gap_ms = None if gap is None else (note.stamp_s - gap) * 1000.0
                    print(_line(note, hit, note.stamp_s - start, gap_ms, args.json_lines))
                for change in midi.take_changes():
                    if change.connected:
                        mappers[change.port] = KitMapper(profile)
                    print(change.message, file=sys.stderr, flush=True)
                sys.stdout.flush()
                time.sleep(DRAIN_INTERVAL_S)
        except KeyboardInterrupt:
            pass
    return 0


def _open_ports(midi: MidiInput, wanted: str | None) -> list[str]:
    """Open the port `wanted` names (or every port); their stable names."""
    try:
        ports = midi.ports()
    except MidiUnavailableError as e:
        raise CliError(str(e)) from None
    known = ", ".join(p.name for p in ports) or "none"
    if wanted is not None:
        port = find_port(ports, wanted)
        if port is None:
            raise CliError(f"no MIDI input port {wanted!r} (there are: {known})")
        ports = [port]
    if not ports:
        raise CliError("no MIDI input ports (is the kit plugged in and on?)")
    for port in ports:
        try:
            midi.open(port.name)
        except MidiUnavailableError as e:
            raise CliError(str(e)) from None
    return [p.name for p in ports]


def _line(note: NoteOn, hit: KitHit, t_s: float, gap_ms: float | None, as_json: bool) -> str:
    """One hit as a line of text, or of JSON (channel counted 1-16, as people count)."""
    pad = hit.pad
    if as_json:
        return json.dumps(
            {
                "t_s": round(t_s, 6),
                "port": note.port,
                "note": note.note,
                "channel": note.channel + 1,
                "velocity": note.velocity,
                "pad": pad.value if pad else None,
                "lane": pad.lane.name.lower() if pad else None,
                "cymbal": pad.cymbal if pad else None,
                "dropped": hit.dropped.value if hit.dropped else None,
                "ms_since_previous": None if gap_ms is None else round(gap_ms, 3),
            }
        )
    what = pad.label if pad else "-"
    if hit.dropped is not None:
        what = f"{what} (dropped: {hit.dropped.value})" if pad else f"({hit.dropped.value})"
    gap = "" if gap_ms is None else f"+{gap_ms:8.1f} ms"
    return (
        f"{t_s:9.3f} s  {note.port}  note {note.note:3d} ch {note.channel + 1:2d}  "
        f"vel {note.velocity:3d}  {gap:>12}  {what}"
    )
