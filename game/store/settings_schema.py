"""How each setting is read from TOML, checked and written back: the field specs of
`game.store.settings` (a flag, a number in a range, a choice, text, per-player pairs, folders,
tables of devices or key bindings).

A value of the wrong type raises `WrongTypeError` (the reader falls back to the default); a
number out of range is clamped and a string too long is cut, each with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from game.core.devices import DeviceId

MAX_TABLE_ENTRIES = 64
"""The most entries a table of the file may have (song folders, devices, bound actions)."""

Warn = Callable[[str], None]


class WrongTypeError(ValueError):
    """A value of the wrong type: its key falls back to the default. The message says what fits."""


def shown(value: object) -> str:
    """A short repr of a value from the file, for a warning."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Spec:
    """How one setting is checked in the file, made valid in code, and written back."""

    changed = "is changed"
    """What `fix` does to a value, for the warning (may name the setting's fields: "{hi:g}")."""

    def read(self, value: Any, default: Any, where: str, warn: Warn) -> Any:
        """The value to use for the file's `value`: WrongTypeError if it is of no use."""
        self.check(value)
        fixed = self.fix(value)
        if fixed != value:
            warn(f"{where} = {shown(value)} {self.say(self.changed)}; using {shown(fixed)}")
        return fixed

    expected = "a value"
    """What fits, in words, for the warning about a value of the wrong type."""

    def say(self, words: str) -> str:
        """`changed` or `expected` with the setting's own fields filled in ("{lo:g}")."""
        return words.format_map(vars(self)) if "{" in words else words

    def fits(self, value: Any) -> bool:
        """True when `value` is of a type this setting takes."""
        return True

    def check(self, value: Any) -> None:
        """Raise WrongTypeError (saying what would fit) if `value` is of the wrong type."""
        if not self.fits(value):
            raise WrongTypeError(self.say(self.expected))

    def typed(self, value: Any) -> Any:
        """`value` itself when it fits, else TypeError (a wrong value from code, not a file)."""
        if not self.fits(value):
            raise TypeError(f"expected {self.say(self.expected)}, got {value!r}")
        return value

    def fix(self, value: Any) -> Any:
        """`value` made valid (clamped, cut, frozen); TypeError/ValueError if it cannot be."""
        return self.typed(value)

    def dump(self, value: Any) -> Any:
        """`value` as TOML data."""
        return value


class Flag(Spec):
    """A true/false value."""

    expected = "true or false"

    def fits(self, value: Any) -> bool:
        return isinstance(value, bool)


@dataclass(frozen=True)
class Number(Spec):
    """A number from `lo` to `hi` (a whole one when `integer`; also 0 when `zero_means_off`).

    Out-of-range values are clamped, fractions of whole numbers rounded.
    """

    lo: float
    hi: float
    integer: bool = False
    zero_means_off: bool = False

    changed = "is outside {lo:g}..{hi:g}"
    expected = "a number from {lo:g} to {hi:g}"

    def fits(self, value: Any) -> bool:
        return not isinstance(value, bool) and isinstance(value, int | float) and value == value

    def fix(self, value: Any) -> float:
        value = self.typed(value)
        if self.zero_means_off and value == 0:
            return 0 if self.integer else 0.0
        clamped = min(max(value, self.lo), self.hi)
        return round(clamped) if self.integer else float(clamped)


@dataclass(frozen=True)
class Choice(Spec):
    """One of a few words (case-insensitive in the file)."""

    options: tuple[str, ...]
    changed = "is written in lower case"

    def check(self, value: Any) -> None:
        if not isinstance(value, str) or value.strip().lower() not in self.options:
            raise WrongTypeError("one of " + ", ".join(map(repr, self.options)))

    def fix(self, value: Any) -> str:
        word = value.strip().lower() if isinstance(value, str) else value
        if word not in self.options:
            raise ValueError(f"expected one of {self.options}, got {value!r}")
        return word


class EnumChoice(Choice):
    """One of an enum's members, kept in the file as its value (case-insensitive there); an
    unknown word is refused as `Choice` refuses it."""

    def __init__(self, enum: type[Enum]) -> None:
        super().__init__(tuple(str(m.value) for m in enum))
        object.__setattr__(self, "enum", enum)  # a frozen dataclass's field-less extra

    def read(self, value: Any, default: Any, where: str, warn: Warn) -> Enum:
        self.check(value)
        word = Choice.fix(self, value)  # the word, warned of as `Choice` warns
        if word != value:
            warn(f"{where} = {shown(value)} {self.say(self.changed)}; using {shown(word)}")
        return self.enum(word)

    def fix(self, value: Any) -> Enum:
        return self.enum(super().fix(value.value if isinstance(value, self.enum) else value))

    def dump(self, value: Any) -> Any:
        return value.value if isinstance(value, Enum) else value


@dataclass(frozen=True)
class Text(Spec):
    """A line of text, at most `max_len` characters (control characters are dropped)."""

    max_len: int
    changed = "is too long or has control characters"
    expected = "a string"

    def fits(self, value: Any) -> bool:
        return isinstance(value, str)

    def fix(self, value: Any) -> str:
        return "".join(c for c in self.typed(value) if c.isprintable())[: self.max_len]


@dataclass(frozen=True)
class Device(Spec):
    """An input device, written as its name ("keyboard", a MIDI port's, "joystick: NAME"; at
    most 128 characters, control characters dropped) and held as a `DeviceId`."""

    text: Text = Text(128)

    def read(self, value: Any, default: Any, where: str, warn: Warn) -> DeviceId:
        return DeviceId.parse(self.text.read(value, str(default), where, warn))

    def fix(self, value: Any) -> DeviceId:
        if not isinstance(value, DeviceId | str):
            raise TypeError(f"expected a DeviceId, got {value!r}")
        return DeviceId.parse(self.text.fix(str(value)))

    def dump(self, value: Any) -> Any:
        return str(value)


@dataclass(frozen=True)
class PerPlayer(Spec):
    """A pair of values, player 1's then player 2's; a bad one falls back alone. With
    `one_for_both`, a single value (as older files wrote a setting now kept per player) is
    both players'."""

    inner: Any
    one_for_both: bool = False

    def read(self, value: object, default: Any, where: str, warn: Warn) -> tuple:
        if self.one_for_both and not isinstance(value, list):
            one = self.inner.read(value, default[0], where, warn)
            return (one, one)
        if not isinstance(value, list) or len(value) != 2:
            raise WrongTypeError("a list of two values, player 1's and player 2's")
        pair = []
        for i, item in enumerate(value):
            try:
                pair.append(self.inner.read(item, default[i], f"{where}[{i}]", warn))
            except WrongTypeError as e:
                fallback = self.inner.dump(default[i])
                warn(f"{where}[{i}]: expected {e}, got {shown(item)}; using {fallback!r}")
                pair.append(default[i])
        return tuple(pair)

    def fix(self, value: Any) -> tuple:
        if self.one_for_both and not isinstance(value, list | tuple):
            value = (value, value)
        pair = tuple(value)
        if len(pair) != 2:
            raise ValueError(f"expected one value per player, got {value!r}")
        return tuple(self.inner.fix(v) for v in pair)

    def dump(self, value: Any) -> Any:
        return [self.inner.dump(v) for v in value]


class Folders(Spec):
    """A list of folder names ("~" expands to the home folder)."""

    def read(self, value: object, default: object, where: str, warn: Warn) -> tuple[Path, ...]:
        if not isinstance(value, list) or not all(isinstance(f, str) and f for f in value):
            raise WrongTypeError("a list of folder names")
        if any(len(f) > 4096 for f in value) or len(value) > MAX_TABLE_ENTRIES:
            raise WrongTypeError(f"at most {MAX_TABLE_ENTRIES} folder names of 4096 characters")
        return tuple(Path(f).expanduser() for f in value)

    def fix(self, value: Any) -> tuple[Path, ...]:
        return tuple(Path(f) for f in value)

    def dump(self, value: Any) -> Any:
        return [str(f) for f in value]


@dataclass(frozen=True)
class Table(Spec):
    """A table of names (at most `max_name` characters) to values read by `inner`; `key` makes
    a name the table's key in code (a `DeviceId`, say) and `str` writes it back.

    A bad entry is skipped with a warning; the others are kept.
    """

    inner: Any
    max_name: int
    key: Callable[[str], Any] = str

    def read(self, value: object, default: object, where: str, warn: Warn) -> Mapping:
        if not isinstance(value, dict):
            raise WrongTypeError("a table")
        table: dict[str, Any] = {}
        for name, item in value.items():
            if len(table) == MAX_TABLE_ENTRIES:
                warn(f"{where}: more than {MAX_TABLE_ENTRIES} entries; the rest are ignored")
                break
            if len(name) > self.max_name:
                warn(f"{where}: the name {shown(name)} is too long; skipped")
                continue
            try:
                table[self.key(name)] = self.inner.read(item, None, f"{where}.{name}", warn)
            except WrongTypeError as e:
                warn(f"{where}.{name}: expected {e}, got {shown(item)}; skipped")
        return MappingProxyType(table)

    def fix(self, value: Any) -> Mapping:
        return MappingProxyType(
            {self.key(str(k)[: self.max_name]): self.inner.fix(v) for k, v in dict(value).items()}
        )

    def dump(self, value: Any) -> Any:
        return {str(k): self.inner.dump(v) for k, v in value.items()}


class KeyNames(Spec):
    """The keys of one action: a key name or a list of at most 4 (see `game.input.bindings`)."""

    def read(self, value: object, default: object, where: str, warn: Warn) -> tuple[str, ...]:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise WrongTypeError("a list of key names")
        fixed = self.fix(names)
        if len(fixed) != len(names) or any(len(n) > 32 for n in names):
            warn(f"{where}: at most 4 key names of at most 32 characters are kept")
        return fixed

    def fix(self, value: Any) -> tuple[str, ...]:
        return tuple(str(n)[:32] for n in value)[:4]

    def dump(self, value: Any) -> Any:
        return value[0] if len(value) == 1 else list(value)


def setting(default: Any, spec: Any, key: str | None = None) -> Any:
    """A dataclass field read and written by `spec` (under TOML name `key`, default field name)."""
    meta = {"spec": spec, "toml": key}
    if isinstance(default, tuple | Mapping):
        return field(default_factory=lambda: default, metadata=meta)
    return field(default=default, metadata=meta)


class Section:
    """Fixes (clamps, freezes) every field of a settings dataclass when it is made."""

    def __post_init__(self) -> None:
        for f in fields(self):
            spec = f.metadata["spec"]
            object.__setattr__(self, f.name, spec.fix(getattr(self, f.name)))
