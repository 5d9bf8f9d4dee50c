"""The checks of one field of a message: integers, numbers, booleans, texts, hashes, setups.

Each check takes the value and the field's name, and returns the value (a float for a number) or
raises `BadMessage` naming the field and the problem. Used by the messages' constructors and by
`decode`, so one rule is written once.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata

from game.core.engine import EngineParams
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.core.replay import PlayerSetup

HEX32 = re.compile(r"[0-9a-f]{32}", re.ASCII)
HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)
VERSION = re.compile(r"[0-9A-Za-z.+\-]{1,32}", re.ASCII)
MAX_DIGITS = 20
_ZWJ = "\u200d"  # joins emoji in a name; the other format characters (bidi overrides) are refused


class BadMessage(ValueError):  # noqa: N818 (the name the protocol uses)
    """A message that breaks a rule; the text names the field and the problem."""


def show(value: object) -> str:
    """A short, printable picture of a value for an error text (never the whole of a huge one)."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return f"an object of {len(value)} fields"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def span(lo: float, hi: float) -> str:
    """A range in words: "0-1", or "-60 to 36000" when it starts below zero."""
    return f"{show(lo)}-{show(hi)}" if lo >= 0 else f"{show(lo)} to {show(hi)}"


def fail(field: str, problem: str) -> BadMessage:
    """The error for `field` (a path such as `hits[3].velocity`) and its problem."""
    return BadMessage(f"{field}: {problem}")


# checks of one value ---------------------------------------------------------------------------
def integer(value: object, field: str, lo: int, hi: int) -> int:
    """An int in `lo`-`hi`: not a float, not a boolean."""
    if type(value) is not int:  # bool is an int subclass: refused, like floats
        raise fail(field, f"{show(value)} is not an integer")
    if not lo <= value <= hi:
        raise fail(field, f"{value} is not in {span(lo, hi)}")
    return value


def number(value: object, field: str, lo: float, hi: float) -> float:
    """A finite int or float in `lo`-`hi` (seconds, or 0-1 for a velocity), as a float."""
    if type(value) not in (int, float):
        raise fail(field, f"{show(value)} is not a number")
    x = float(value)  # type: ignore[arg-type]
    if not math.isfinite(x):
        raise fail(field, f"{x} is not a finite number")
    if not lo <= x <= hi:
        raise fail(field, f"{show(x)} is not in {span(lo, hi)}")
    return x


def boolean(value: object, field: str) -> bool:
    """true or false, not 0 or 1."""
    if type(value) is not bool:
        raise fail(field, f"{show(value)} is not true or false")
    return value


def text_field(value: object, field: str, lo: int, hi: int, *, name: bool = False) -> str:
    """A string of `lo`-`hi` characters with no control, surrogate or private-use characters;
    `name` also refuses format characters (bidi overrides) and a name of spaces only."""
    if type(value) is not str:
        raise fail(field, f"{show(value)} is not a string")
    if not lo <= len(value) <= hi:
        raise fail(field, f"{len(value)} characters, not {lo}-{hi}")
    refused = ("Cc", "Cs", "Co", "Zl", "Zp", "Cf") if name else ("Cc", "Cs", "Co")
    for i, ch in enumerate(value):
        if unicodedata.category(ch) in refused and ch != _ZWJ:
            raise fail(field, f"character {i} ({ch!r}) is not printable")
    if name and not value.strip():
        raise fail(field, "is blank")
    return value


def match(value: object, field: str, pattern: re.Pattern[str], what: str) -> str:
    """A string the whole of which matches `pattern`; `what` says what it must be."""
    if type(value) is not str or pattern.fullmatch(value) is None:
        raise fail(field, f"{show(value)} is not {what}")
    return value


def setup(value: object, field: str) -> PlayerSetup:
    """A duet part's setup, from its wire form or as given."""
    if isinstance(value, PlayerSetup):
        if value.part not in (Part.P1, Part.P2):
            raise fail(f"{field}.part", f"{value.part.value!r} is not a duet part (p1 or p2)")
        return value
    d = obj(value, field, {"part", "difficulty", "params"}, {"part", "difficulty"})
    part, difficulty = d["part"], d["difficulty"]
    if type(part) is not str or part not in ("p1", "p2"):
        raise fail(f"{field}.part", f"{show(part)} is not a duet part (p1 or p2)")
    if type(difficulty) is not str or difficulty not in {x.value for x in Difficulty}:
        raise fail(f"{field}.difficulty", f"{show(difficulty)} is not a difficulty")
    params = obj(d.get("params", {}), f"{field}.params", set(PARAM_FLAGS) | {"preset"})
    for key in PARAM_FLAGS:
        if key in params:
            boolean(params[key], f"{field}.params.{key}")
    preset = params.get("preset", WindowPreset.STANDARD.value)
    if type(preset) is not str or preset not in {x.value for x in WindowPreset}:
        raise fail(f"{field}.params.preset", f"{show(preset)} is not a window preset")
    return PlayerSetup(Part(part), Difficulty(difficulty), EngineParams.from_dict(params))


PARAM_FLAGS = ("pro_cymbals", "overhits_break_combo", "score_dynamics", "star_power")
"""The engine parameters that are true or false (EngineParams' fields besides `preset`)."""


def obj(value: object, field: str, known: set[str], required: set[str] = frozenset()) -> dict:
    """A JSON object with no field outside `known` and every field of `required`."""
    if type(value) is not dict:
        raise fail(field, f"{show(value)} is not an object")
    for key in value:
        if key not in known:
            raise fail(f"{field}.{key}" if field else key, "unknown field")
    for key in sorted(required):
        if key not in value:
            raise fail(f"{field}.{key}" if field else key, "missing")
    return value


def set_field(obj: object, name: str, value: object) -> None:
    """Set a field of a frozen message while it checks itself (a float for an int, a tuple)."""
    object.__setattr__(obj, name, value)
