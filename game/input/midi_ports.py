"""MIDI input ports: the backend the game uses, the MIDI API, and port names that survive a reboot.

The best backend is python-rtmidi (a callback per message; ALSA, JACK, CoreMIDI, WinMM). It has
wheels only up to Python 3.12, so without it the game falls back to mido's pygame backend
(PortMidi inside pygame-ce), polled on its own thread. `backend_name()` says which one is used.

Backends list ports with numbers that change between boots and plug-ins: ALSA writes the client
and port ("TD-11:TD-11 MIDI 1 20:0"), a2jmidid the ALSA client in brackets ("a2j:TD-11 [20]
(capture): TD-11 MIDI 1"), WinMM a trailing index ("TD-11 1"). `stable_name` drops them, so a
player's choice is remembered by a name that finds the kit again next time.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from game.base.midi_apis import MIDI_APIS
from game.core.devices import DeviceId

RTMIDI = "rtmidi"
PORTMIDI = "pygame/PortMidi"

_RTMIDI_API_NAMES = {"jack": "jack", "alsa": "alsa", "coremidi": "core", "winmm": "winmm"}
"""Our API names -> python-rtmidi's (`rtmidi.get_api_name`)."""
_API_LABELS = {"alsa": "ALSA", "jack": "JACK", "core": "CoreMIDI", "winmm": "WinMM"}

_ALSA_ADDRESS = re.compile(r"\s+\d+:\d+$")  # "TD-11:TD-11 MIDI 1 20:0"
_A2J_CLIENT = re.compile(r"\s*\[\d+\]")  # "a2j:TD-11 [20] (capture): TD-11 MIDI 1"
_WINMM_INDEX = re.compile(r"\s+\d+$")  # "TD-11 1"


class MidiUnavailableError(OSError):
    """MIDI cannot be used as asked: an API this backend lacks, no JACK server, no ALSA
    sequencer... The message says what, in words a player understands."""


@dataclass(frozen=True, slots=True)
class MidiPort:
    """An input port: its stable `name` (what settings remember), the `raw_name` the backend
    lists now, and its `index` in that list now."""

    name: str
    raw_name: str
    index: int


@dataclass(frozen=True, slots=True)
class NoteOn:
    """A note-on as it arrived: the stable name of its port, note 0-127, velocity 1-127,
    channel 0-15 (General MIDI drums: 9) and `stamp_s`, `time.perf_counter()` seconds taken
    when it arrived (in the rtmidi callback, or at the poll that read it)."""

    port: str
    note: int
    velocity: int
    channel: int
    stamp_s: float

    @property
    def device(self) -> DeviceId:
        """The device the note came from (a controller's button carries its settings name)."""
        return DeviceId.parse(self.port)


def has_rtmidi() -> bool:
    """True when python-rtmidi is installed (it has no wheels for Python 3.13 and newer)."""
    return importlib.util.find_spec("rtmidi") is not None


def backend_name() -> str:
    """The MIDI backend this Python uses: "rtmidi", or "pygame/PortMidi" without python-rtmidi."""
    return RTMIDI if has_rtmidi() else PORTMIDI


def check_api(api: str) -> str:
    """`api` lower-cased if it is one of `MIDI_APIS`; else ValueError naming the choices."""
    name = api.strip().lower()
    if name not in MIDI_APIS:
        raise ValueError(f"unknown MIDI API {api!r} (choose from {', '.join(MIDI_APIS)})")
    return name


def rtmidi_api(api: str) -> tuple[int, str]:
    """The python-rtmidi API constant for our API setting, and rtmidi's name of it ("alsa",
    "jack", "core", "winmm"). "default" is the platform's own: the first API compiled in.

    MidiUnavailableError if this python-rtmidi was built without it.
    """
    import rtmidi

    name = check_api(api)
    compiled = [a for a in rtmidi.get_compiled_api() if rtmidi.get_api_name(a) in _API_LABELS]
    if name == "default":
        if not compiled:
            raise MidiUnavailableError("python-rtmidi was built without any MIDI API")
        return compiled[0], rtmidi.get_api_name(compiled[0])
    wanted = _RTMIDI_API_NAMES[name]
    for a in compiled:
        if rtmidi.get_api_name(a) == wanted:
            return a, wanted
    have = ", ".join(api_label(rtmidi.get_api_name(a)) for a in compiled) or "none"
    raise MidiUnavailableError(
        f"python-rtmidi on this system has no {api_label(wanted)} MIDI (it has: {have})"
    )


def api_label(api_name: str) -> str:
    """An API's name for people: "alsa" -> "ALSA", "core" -> "CoreMIDI"."""
    return _API_LABELS.get(api_name, api_name)


def stable_name(raw_name: str, api_name: str = "") -> str:
    """`raw_name` without the numbers that change between boots, for a port of `api_name`
    (rtmidi's "alsa", "jack", "core", "winmm"; "" for PortMidi, whose names have none)."""
    name = raw_name.strip()
    if api_name == "alsa":
        name = _ALSA_ADDRESS.sub("", name)
    elif api_name == "jack":
        name = _A2J_CLIENT.sub("", name)
    elif api_name == "winmm":
        name = _WINMM_INDEX.sub("", name)
    return name or raw_name


def port_list(raw_names: Sequence[str], api_name: str = "") -> list[MidiPort]:
    """The ports of a backend's list, by stable name; a name met again (two kits of one model)
    gets " #2", " #3" in the order the backend lists them."""
    seen: dict[str, int] = {}
    ports = []
    for index, raw in enumerate(raw_names):
        name = stable_name(raw, api_name)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} #{seen[name]}"
        ports.append(MidiPort(name, raw, index))
    return ports


def find_port(ports: Iterable[MidiPort], wanted: str) -> MidiPort | None:
    """The port `wanted` names: its stable name, else its raw name, else the same ignoring case,
    else the only port whose name contains it (ignoring case); None when there is no such one."""
    ports = list(ports)
    folded = wanted.strip().casefold()
    for match in (
        lambda p: wanted in (p.name, p.raw_name),
        lambda p: folded in (p.name.casefold(), p.raw_name.casefold()),
    ):
        found = [p for p in ports if match(p)]
        if found:
            return found[0]
    found = [p for p in ports if folded and folded in p.name.casefold()]
    return found[0] if len(found) == 1 else None
