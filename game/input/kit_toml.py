"""Kit profile files: TOML read with every value checked, and written back.

    name = "My TD-17"                 # shown in menus; a user profile overrides a shipped one
    description = "Roland TD-17, factory note map"
    [defaults]                        # what every pad takes unless it says otherwise
    threshold = 1                     # MIDI velocity 0-127; a softer hit is dropped
    retrigger_ms = 10.0               # a second hit of the same pad sooner than this: dropped
    [crosstalk]
    window_ms = 10.0                  # 0 turns crosstalk cancelling off
    ratio = 0.2
    [hihat]
    pedal = [44]                      # the pedal's chick: not a hit
    strikes = [42, 46, 22, 26]        # sticks on the hi-hat (default: the yellow cymbal's notes)
    suppress_ms = 30.0                # strikes this soon after a chick are dropped
    [pads.kick]
    notes = [36]
    retrigger_ms = 30.0
    [pads.red]
    notes = [38, 40, { note = 37, channel = 10 }]   # channel 1-16, as people count

Pads are kick, red, yellow_cymbal, yellow_tom, blue_cymbal, blue_tom, green_cymbal, green_tom.
Unknown keys, wrong types and values out of range are errors naming the file and the key: a typo
in a profile should be seen, not silently ignored.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import tomli_w

from game.base import toml_doc
from game.base.bounded import read_bounded
from game.input.kit_profile import (
    DEFAULT_KICK_RETRIGGER_MS,
    DEFAULT_RETRIGGER_MS,
    DEFAULT_THRESHOLD,
    MIDI_CHANNELS,
    Crosstalk,
    HiHat,
    KitPad,
    KitProfile,
    KitProfileError,
    NoteKey,
    PadSettings,
)

MAX_PROFILE_BYTES = 64 * 1024
MAX_NOTES_PER_PAD = 32
FORMAT_VERSION = 1

_TOP_KEYS = {"version", "name", "description", "defaults", "crosstalk", "hihat", "pads"}
_PAD_KEYS = {"notes", "threshold", "retrigger_ms"}
_CROSSTALK = Crosstalk()
_HIHAT = HiHat()


class _BadValueError(ValueError):
    """What is wrong with one value of the file (the message names the key)."""


def _table(doc: dict[str, Any], key: str, allowed: set[str]) -> dict[str, Any]:
    """The sub-table `key` of `doc` (empty when absent), with no keys outside `allowed`."""
    value = doc.get(key, {})
    if not isinstance(value, dict):
        raise _BadValueError(f"[{key}] must be a table")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _BadValueError(
            f"[{key}] has an unknown key {unknown[0]!r} (known: {', '.join(sorted(allowed))})"
        )
    return value


def _number(value: Any, where: str, lo: float, hi: float, whole: bool = False) -> Any:
    """A number of the file from `lo` to `hi` (a whole one when `whole`)."""
    ok = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not ok or (isinstance(value, float) and math.isnan(value)):
        kind = "a whole number" if whole else "a number"
        raise _BadValueError(f"{where} must be {kind} from {lo:g} to {hi:g}, not {value!r}")
    if not lo <= value <= hi:
        raise _BadValueError(f"{where} = {value!r} is outside {lo:g}-{hi:g}")
    return value if whole else float(value)


def _note_key(value: Any, where: str) -> NoteKey:
    """A note of the file: a number 0-127, or { note = N, channel = 1-16 }."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"note", "channel"})
        if unknown or "note" not in value:
            raise _BadValueError(f"{where}: a note with a channel is {{ note = 38, channel = 10 }}")
        note = _number(value["note"], f"{where} note", 0, 127, whole=True)
        channel = value.get("channel")
        if channel is None:
            return NoteKey(note)
        channel = _number(channel, f"{where} channel", 1, MIDI_CHANNELS, whole=True)
        return NoteKey(note, channel - 1)
    if isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= 127:
        raise _BadValueError(f"{where}: {value!r} is not a MIDI note (0-127)")
    return NoteKey(_number(value, where, 0, 127, whole=True))


def _notes(value: Any, where: str) -> tuple[NoteKey, ...]:
    """A list of notes of the file."""
    if not isinstance(value, list):
        raise _BadValueError(f"{where} must be a list of MIDI notes, e.g. [38, 40]")
    if len(value) > MAX_NOTES_PER_PAD:
        raise _BadValueError(f"{where} lists {len(value)} notes, more than {MAX_NOTES_PER_PAD}")
    return tuple(_note_key(v, where) for v in value)


def _pads(doc: dict[str, Any], threshold: int, retrigger_ms: float | None) -> dict:
    """The [pads.*] tables: each pad's notes and settings."""
    raw = doc.get("pads", {})
    if not isinstance(raw, dict):
        raise _BadValueError("[pads] must be a table of pads")
    names = ", ".join(p.value for p in KitPad)
    pads: dict[KitPad, PadSettings] = {}
    for name, table in raw.items():
        try:
            pad = KitPad(name)
        except ValueError:
            raise _BadValueError(f"[pads.{name}] is not a pad (pads are {names})") from None
        if not isinstance(table, dict):
            raise _BadValueError(f"[pads.{name}] must be a table with notes = [...]")
        unknown = sorted(set(table) - _PAD_KEYS)
        if unknown:
            raise _BadValueError(f"[pads.{name}] has an unknown key {unknown[0]!r}")
        if "notes" not in table:
            raise _BadValueError(f"[pads.{name}] has no notes = [...]")
        default_mask = DEFAULT_KICK_RETRIGGER_MS if pad is KitPad.KICK else DEFAULT_RETRIGGER_MS
        pads[pad] = PadSettings(
            _notes(table["notes"], f"[pads.{name}] notes"),
            _number(table.get("threshold", threshold), f"[pads.{name}] threshold", 0, 127, True),
            _number(
                table.get(
                    "retrigger_ms", retrigger_ms if retrigger_ms is not None else default_mask
                ),
                f"[pads.{name}] retrigger_ms",
                0,
                1000,
            ),
        )
    return pads


def profile_from_toml(doc: dict[str, Any], path: str | Path) -> KitProfile:
    """A kit profile from a parsed TOML document; KitProfileError naming `path` and the problem."""
    try:
        unknown = sorted(set(doc) - _TOP_KEYS)
        if unknown:
            raise _BadValueError(
                f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_TOP_KEYS))})"
            )
        version = doc.get("version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise _BadValueError(
                f"version {version!r} is not one this game reads ({FORMAT_VERSION})"
            )
        name = doc.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 64:
            raise _BadValueError(
                'has no name: add a line such as name = "My kit" (1-64 characters)'
            )
        description = doc.get("description", "")
        if not isinstance(description, str) or len(description) > 1000:
            raise _BadValueError("description must be a string of at most 1000 characters")
        defaults = _table(doc, "defaults", {"threshold", "retrigger_ms"})
        threshold = _number(
            defaults.get("threshold", DEFAULT_THRESHOLD), "[defaults] threshold", 0, 127, True
        )
        mask = defaults.get("retrigger_ms")
        mask = None if mask is None else _number(mask, "[defaults] retrigger_ms", 0, 1000)
        cross = _table(doc, "crosstalk", {"window_ms", "ratio"})
        crosstalk = Crosstalk(
            _number(cross.get("window_ms", _CROSSTALK.window_ms), "[crosstalk] window_ms", 0, 1000),
            _number(cross.get("ratio", _CROSSTALK.ratio), "[crosstalk] ratio", 0, 1),
        )
        hat = _table(doc, "hihat", {"pedal", "strikes", "suppress_ms"})
        hihat = HiHat(
            _notes(hat["pedal"], "[hihat] pedal") if "pedal" in hat else _HIHAT.pedal,
            _notes(hat["strikes"], "[hihat] strikes") if "strikes" in hat else (),
            _number(hat.get("suppress_ms", _HIHAT.suppress_ms), "[hihat] suppress_ms", 0, 1000),
        )
        pads = _pads(doc, threshold, mask)
        if not any(s.notes for s in pads.values()):
            raise _BadValueError("binds no notes: add [pads.kick] notes = [36] and so on")
        clash = set(hihat.pedal) & set(hihat.strikes)
        if clash:
            raise _BadValueError(f"[hihat] note {min(clash)} is both a pedal and a strike note")
        return KitProfile(name, pads, crosstalk, hihat, description.strip())
    except (_BadValueError, ValueError) as e:
        raise KitProfileError(path, str(e)) from None


def read_profile(path: str | Path) -> KitProfile:
    """Read a kit profile file; any problem is a KitProfileError naming the file and the problem."""
    path = Path(path)
    data = read_bounded(path, MAX_PROFILE_BYTES, KitProfileError)
    try:
        doc = toml_doc.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise KitProfileError(path, "not UTF-8 text") from None
    except toml_doc.TOMLDecodeError as e:
        raise KitProfileError(path, f"not valid TOML: {e}") from None
    return profile_from_toml(doc, path)


def _note_value(key: NoteKey) -> int | dict[str, int]:
    """A note as the file writes it."""
    return key.note if key.channel is None else {"note": key.note, "channel": key.channel + 1}


def profile_to_toml(profile: KitProfile) -> dict[str, Any]:
    """The TOML document (plain dicts and lists) of `profile`; `profile_from_toml` reads it back."""
    doc: dict[str, Any] = {"version": FORMAT_VERSION, "name": profile.name}
    if profile.description:
        doc["description"] = profile.description
    doc["crosstalk"] = {"window_ms": profile.crosstalk.window_ms, "ratio": profile.crosstalk.ratio}
    hihat = profile.hihat
    doc["hihat"] = {
        "pedal": [_note_value(k) for k in hihat.pedal],
        "suppress_ms": hihat.suppress_ms,
    }
    if hihat.strikes:
        doc["hihat"]["strikes"] = [_note_value(k) for k in hihat.strikes]
    doc["pads"] = {
        pad.value: {
            "notes": [_note_value(k) for k in s.notes],
            "threshold": s.threshold,
            "retrigger_ms": s.retrigger_ms,
        }
        for pad, s in profile.pads.items()
    }
    return doc


def dumps_profile(profile: KitProfile) -> str:
    """`profile` as the text of a profile file."""
    header = f"# Drum Duet kit profile: {profile.name}\n"
    return header + tomli_w.dumps(profile_to_toml(profile))
