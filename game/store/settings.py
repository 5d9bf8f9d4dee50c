"""The player's settings: a TOML file in the user config directory, read and written safely.

    version = 1
    [library]
    song_folders = ["~/Songs/Clone Hero", "/media/usb/songs"]
    [audio]
    master_volume = 1.0
    audio_offset_ms = 0.0
    [input.device_offsets_ms]
    keyboard = 0.0
    "TD-11 MIDI 1" = -4.5
    [gameplay]
    window_presets = ["standard", "strict"]
    [keyboard.one_player]
    p1_kick = ["space"]

A missing file or key means the default. A file that is not TOML is set aside (renamed
``settings.toml.corrupt-<time>``) with a notice and the defaults are used. A value of the wrong
type falls back to that key's default, a number out of range is clamped and a string too long
is cut, each with a logged warning; unknown keys are ignored on reading and kept on writing.
Writing goes to a temporary file that is flushed, synced and renamed over the old one, so
killing the game at any instant leaves the old file or the new one, never a part of one.

The store knows nothing of input: keyboard layouts are kept as plain tables (action id -> key
names) that `game.input.bindings` reads and writes.
"""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs
import tomli_w

from game.atomic import write_atomic
from game.store.paths import APP, user_songs_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

log = logging.getLogger(__name__)
MAX_SETTINGS_BYTES = 1024 * 1024
SETTINGS_VERSION = 1
MAX_TABLE_ENTRIES = 64
"""The most entries a table of the file may have (song folders, devices, bound actions)."""

Warn = Callable[[str], None]


class _WrongTypeError(ValueError):
    """A value of the wrong type: its key falls back to the default. The message says what fits."""


def _shown(value: object) -> str:
    """A short repr of a value from the file, for a warning."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Spec:
    """How one setting is checked in the file, made valid in code, and written back."""

    changed = "is changed"
    """What `fix` does to a value, for the warning."""

    def read(self, value: Any, default: Any, where: str, warn: Warn) -> Any:
        """The value to use for the file's `value`: _WrongTypeError if it is of no use."""
        self.check(value)
        fixed = self.fix(value)
        if fixed != value:
            warn(f"{where} = {_shown(value)} {self.changed}; using {_shown(fixed)}")
        return fixed

    def check(self, value: Any) -> None:
        """Raise _WrongTypeError (saying what would fit) if `value` is of the wrong type."""

    def fix(self, value: Any) -> Any:
        """`value` made valid (clamped, cut, frozen); TypeError/ValueError if it cannot be."""
        return value

    def dump(self, value: Any) -> Any:
        """`value` as TOML data."""
        return value


class _Flag(_Spec):
    """A true/false value."""

    def check(self, value: Any) -> None:
        if not isinstance(value, bool):
            raise _WrongTypeError("true or false")

    def fix(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise TypeError(f"expected a bool, got {value!r}")
        return value


@dataclass(frozen=True)
class _Number(_Spec):
    """A number from `lo` to `hi` (a whole one when `integer`; also 0 when `zero_means_off`).

    Out-of-range values are clamped, fractions of whole numbers rounded.
    """

    lo: float
    hi: float
    integer: bool = False
    zero_means_off: bool = False

    @property
    def changed(self) -> str:
        return f"is outside {self.lo:g}..{self.hi:g}"

    def check(self, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise _WrongTypeError(f"a number from {self.lo:g} to {self.hi:g}")

    def fix(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise TypeError(f"expected a number, got {value!r}")
        if self.zero_means_off and value == 0:
            return 0 if self.integer else 0.0
        clamped = min(max(value, self.lo), self.hi)
        return round(clamped) if self.integer else float(clamped)


@dataclass(frozen=True)
class _Choice(_Spec):
    """One of a few words (case-insensitive in the file)."""

    options: tuple[str, ...]
    changed = "is written in lower case"

    def check(self, value: Any) -> None:
        if not isinstance(value, str) or value.strip().lower() not in self.options:
            raise _WrongTypeError("one of " + ", ".join(map(repr, self.options)))

    def fix(self, value: Any) -> str:
        word = value.strip().lower() if isinstance(value, str) else value
        if word not in self.options:
            raise ValueError(f"expected one of {self.options}, got {value!r}")
        return word


@dataclass(frozen=True)
class _Text(_Spec):
    """A line of text, at most `max_len` characters (control characters are dropped)."""

    max_len: int
    changed = "is too long or has control characters"

    def check(self, value: Any) -> None:
        if not isinstance(value, str):
            raise _WrongTypeError("a string")

    def fix(self, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected a string, got {value!r}")
        return "".join(c for c in value if c.isprintable())[: self.max_len]


@dataclass(frozen=True)
class _PerPlayer(_Spec):
    """A pair of values, player 1's then player 2's; a bad one falls back alone."""

    inner: Any

    def read(self, value: object, default: Any, where: str, warn: Warn) -> tuple:
        if not isinstance(value, list) or len(value) != 2:
            raise _WrongTypeError("a list of two values, player 1's and player 2's")
        pair = []
        for i, item in enumerate(value):
            try:
                pair.append(self.inner.read(item, default[i], f"{where}[{i}]", warn))
            except _WrongTypeError as e:
                warn(f"{where}[{i}]: expected {e}, got {_shown(item)}; using {default[i]!r}")
                pair.append(default[i])
        return tuple(pair)

    def fix(self, value: Any) -> tuple:
        pair = tuple(value)
        if len(pair) != 2:
            raise ValueError(f"expected one value per player, got {value!r}")
        return tuple(self.inner.fix(v) for v in pair)

    def dump(self, value: Any) -> Any:
        return [self.inner.dump(v) for v in value]


class _Folders(_Spec):
    """A list of folder names ("~" expands to the home folder)."""

    def read(self, value: object, default: object, where: str, warn: Warn) -> tuple[Path, ...]:
        if not isinstance(value, list) or not all(isinstance(f, str) and f for f in value):
            raise _WrongTypeError("a list of folder names")
        if any(len(f) > 4096 for f in value) or len(value) > MAX_TABLE_ENTRIES:
            raise _WrongTypeError(f"at most {MAX_TABLE_ENTRIES} folder names of 4096 characters")
        return tuple(Path(f).expanduser() for f in value)

    def fix(self, value: Any) -> tuple[Path, ...]:
        return tuple(Path(f) for f in value)

    def dump(self, value: Any) -> Any:
        return [str(f) for f in value]


@dataclass(frozen=True)
class _Table(_Spec):
    """A table of names (at most `max_name` characters) to values read by `inner`.

    A bad entry is skipped with a warning; the others are kept.
    """

    inner: Any
    max_name: int

    def read(self, value: object, default: object, where: str, warn: Warn) -> Mapping:
        if not isinstance(value, dict):
            raise _WrongTypeError("a table")
        table: dict[str, Any] = {}
        for name, item in value.items():
            if len(table) == MAX_TABLE_ENTRIES:
                warn(f"{where}: more than {MAX_TABLE_ENTRIES} entries; the rest are ignored")
                break
            if len(name) > self.max_name:
                warn(f"{where}: the name {_shown(name)} is too long; skipped")
                continue
            try:
                table[name] = self.inner.read(item, None, f"{where}.{name}", warn)
            except _WrongTypeError as e:
                warn(f"{where}.{name}: expected {e}, got {_shown(item)}; skipped")
        return MappingProxyType(table)

    def fix(self, value: Any) -> Mapping:
        return MappingProxyType(
            {str(k)[: self.max_name]: self.inner.fix(v) for k, v in dict(value).items()}
        )

    def dump(self, value: Any) -> Any:
        return {k: self.inner.dump(v) for k, v in value.items()}


class _KeyNames(_Spec):
    """The keys of one action: a key name or a list of at most 4 (see `game.input.bindings`)."""

    def read(self, value: object, default: object, where: str, warn: Warn) -> tuple[str, ...]:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise _WrongTypeError("a list of key names")
        fixed = self.fix(names)
        if len(fixed) != len(names) or any(len(n) > 32 for n in names):
            warn(f"{where}: at most 4 key names of at most 32 characters are kept")
        return fixed

    def fix(self, value: Any) -> tuple[str, ...]:
        return tuple(str(n)[:32] for n in value)[:4]

    def dump(self, value: Any) -> Any:
        return value[0] if len(value) == 1 else list(value)


def _setting(default: Any, spec: Any, key: str | None = None) -> Any:
    """A dataclass field read and written by `spec` (under TOML name `key`, default field name)."""
    meta = {"spec": spec, "toml": key}
    if isinstance(default, tuple | Mapping):
        return field(default_factory=lambda: default, metadata=meta)
    return field(default=default, metadata=meta)


class _Section:
    """Fixes (clamps, freezes) every field of a settings dataclass when it is made."""

    def __post_init__(self) -> None:
        for f in fields(self):
            spec = f.metadata["spec"]
            object.__setattr__(self, f.name, spec.fix(getattr(self, f.name)))


VOLUME = _Number(0.0, 1.0)
OFFSET_MS = _Number(-1000.0, 1000.0)
WINDOW_PRESETS = ("relaxed", "standard", "strict")
PRO_CYMBALS = ("auto", "on", "off")
RESOLUTIONS = ("1280x720", "1920x1080")


@dataclass(frozen=True)
class LibrarySettings(_Section):
    """Where the player keeps song folders (the default songs folder is always scanned)."""

    song_folders: tuple[Path, ...] = _setting((), _Folders())

    def roots(self) -> list[Path]:
        """The folders to scan for songs: the default songs folder, then the player's own."""
        roots = [user_songs_dir(), *self.song_folders]
        return list(dict.fromkeys(roots))


@dataclass(frozen=True)
class AudioSettings(_Section):
    """Volumes (0-1), the quiet guide drums, and the game's audio and video offsets (ms)."""

    master_volume: float = _setting(1.0, VOLUME)
    music_volume: float = _setting(0.8, VOLUME)
    drums_volume: float = _setting(1.0, VOLUME)
    guide_volume: float = _setting(0.5, VOLUME)
    guide_drums: bool = _setting(False, _Flag())
    audio_offset_ms: float = _setting(0.0, OFFSET_MS)
    """How late the player hears the sound (output latency), ms; `SongClock.audio_offset_s`."""
    video_offset_ms: float = _setting(0.0, OFFSET_MS)
    """How late the screen shows a frame, ms; `SongClock.video_offset_s`."""


@dataclass(frozen=True)
class InputSettings(_Section):
    """How late each input device reports a hit, in ms, by device name ("keyboard", "TD-11 MIDI
    1"); the song clock's `device_offset_s`. Each is -1000..1000 ms; at most 64 devices."""

    device_offsets_ms: Mapping[str, float] = _setting(
        MappingProxyType({}), _Table(OFFSET_MS, max_name=128)
    )

    def offset_ms(self, device: str) -> float:
        """The input offset of `device` in ms (0 for a device never calibrated)."""
        return self.device_offsets_ms.get(device, 0.0)


@dataclass(frozen=True)
class GameplaySettings(_Section):
    """Note speed, each player's hit-window preset and pro cymbals, and the overhit rule.

    `note_speed` is the seconds a note takes to cross the highway (smaller is faster), 0.6-3.0.
    `pro_cymbals` per player is "auto" (on for a drum kit, off for a keyboard), "on" or "off".
    """

    note_speed: float = _setting(1.2, _Number(0.6, 3.0))
    window_presets: tuple[str, str] = _setting(
        ("standard", "standard"), _PerPlayer(_Choice(WINDOW_PRESETS))
    )
    pro_cymbals: tuple[str, str] = _setting(("auto", "auto"), _PerPlayer(_Choice(PRO_CYMBALS)))
    overhits_break_combo: bool = _setting(False, _Flag())

    def pro_cymbals_for(self, player: int, drum_kit: bool) -> bool:
        """Whether pro cymbals are on for `player` (0 or 1) playing a drum kit or a keyboard."""
        choice = self.pro_cymbals[player]
        return drum_kit if choice == "auto" else choice == "on"


@dataclass(frozen=True)
class VideoSettings(_Section):
    """The window: fullscreen, resolution ("1280x720"/"1920x1080"), vsync, and the frame rate
    cap in frames per second (30-1000, or 0 for none)."""

    fullscreen: bool = _setting(False, _Flag())
    resolution: str = _setting("1280x720", _Choice(RESOLUTIONS))
    vsync: bool = _setting(True, _Flag())
    fps_cap: int = _setting(240, _Number(30, 1000, integer=True, zero_means_off=True))

    @property
    def size(self) -> tuple[int, int]:
        """The resolution as (width, height) in pixels."""
        width, height = self.resolution.split("x")
        return int(width), int(height)


@dataclass(frozen=True)
class PlayerSettings(_Section):
    """The players' names (at most 24 characters; empty means "Player 1" / "Player 2")."""

    names: tuple[str, str] = _setting(("Player 1", "Player 2"), _PerPlayer(_Text(24)))

    def name(self, player: int) -> str:
        """The name shown for `player` (0 or 1)."""
        return self.names[player].strip() or f"Player {player + 1}"


@dataclass(frozen=True)
class KeyboardSettings(_Section):
    """The keyboard layouts as stored: action id ("p1_red") -> key names ("d",).

    Empty tables mean the default layouts; `game.input.bindings` turns them into keymaps.
    """

    one_player: Mapping[str, tuple[str, ...]] = _setting(
        MappingProxyType({}), _Table(_KeyNames(), max_name=32)
    )
    two_players: Mapping[str, tuple[str, ...]] = _setting(
        MappingProxyType({}), _Table(_KeyNames(), max_name=32)
    )


@dataclass(frozen=True)
class Settings:
    """All of the player's settings; change them with `dataclasses.replace`, save with
    `save_settings`."""

    library: LibrarySettings = field(default_factory=LibrarySettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    input: InputSettings = field(default_factory=InputSettings)
    gameplay: GameplaySettings = field(default_factory=GameplaySettings)
    video: VideoSettings = field(default_factory=VideoSettings)
    players: PlayerSettings = field(default_factory=PlayerSettings)
    keyboard: KeyboardSettings = field(default_factory=KeyboardSettings)


@dataclass(frozen=True)
class LoadedSettings:
    """The settings read from a file, and what went wrong on the way.

    `notice` is for the player (the file was unreadable and set aside), None when all went well;
    `warnings` lists the values that fell back to a default or were clamped.
    """

    settings: Settings
    notice: str | None = None
    warnings: tuple[str, ...] = ()


def settings_path() -> Path:
    """settings.toml in the user config directory; DRUM_DUET_HOME=DIR puts it in DIR/config."""
    home = os.environ.get("DRUM_DUET_HOME")
    base = Path(home) / "config" if home else Path(platformdirs.user_config_dir(APP, False))
    return base / "settings.toml"


def _read_doc(path: Path) -> dict[str, Any]:
    """The TOML document in `path`; FileNotFoundError, or ValueError/OSError saying what's wrong."""
    with path.open("rb") as f:
        data = f.read(MAX_SETTINGS_BYTES + 1)
    if len(data) > MAX_SETTINGS_BYTES:
        raise ValueError("the file is larger than 1 MB")
    return tomllib.loads(data.decode("utf-8"))


def _set_aside(path: Path, problem: str) -> str:
    """Rename a corrupt settings file out of the way; the notice for the player."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        path.replace(aside)
        notice = f"{path} could not be read ({problem}); set aside as {aside.name}"
    except OSError as e:
        notice = f"{path} could not be read ({problem}) nor set aside ({e})"
    log.warning("%s; using the default settings", notice)
    return notice + "; the default settings are used"


def _read_section(cls: type, table: object, where: str, warn: Warn) -> Any:
    """A settings section from its TOML table: wrong-typed keys fall back to their defaults."""
    if not isinstance(table, dict):
        warn(f"[{where}] must be a table, got {_shown(table)}; using its defaults")
        return cls()
    defaults = cls()
    values = {}
    for f in fields(cls):
        key = f.metadata["toml"] or f.name
        if key not in table:
            continue
        default = getattr(defaults, f.name)
        try:
            values[f.name] = f.metadata["spec"].read(table[key], default, f"{where}.{key}", warn)
        except _WrongTypeError as e:
            warn(f"{where}.{key}: expected {e}, got {_shown(table[key])}; using the default")
    return cls(**values)


def settings_from_toml(doc: Mapping[str, Any], warn: Warn) -> Settings:
    """Settings from a parsed TOML document; every value checked, problems passed to `warn`."""
    sections = {}
    for f in fields(Settings):
        if f.name in doc:
            section_type = f.default_factory  # the section's class
            sections[f.name] = _read_section(section_type, doc[f.name], f.name, warn)
    return Settings(**sections)


def settings_to_toml(settings: Settings) -> dict[str, Any]:
    """The TOML document (plain dicts and lists) of `settings`."""
    doc: dict[str, Any] = {"version": SETTINGS_VERSION}
    for f in fields(Settings):
        section = getattr(settings, f.name)
        doc[f.name] = {
            g.metadata["toml"] or g.name: g.metadata["spec"].dump(getattr(section, g.name))
            for g in fields(section)
        }
    return doc


def load_settings(path: Path | None = None) -> LoadedSettings:
    """The settings in `path` (default `settings_path()`): defaults when it is missing; a file
    that cannot be read is set aside with a notice; bad values fall back with warnings."""
    path = path or settings_path()
    try:
        doc = _read_doc(path)
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except (OSError, UnicodeDecodeError, ValueError) as e:  # TOMLDecodeError is a ValueError
        return LoadedSettings(Settings(), notice=_set_aside(path, str(e)))
    warnings: list[str] = []

    def warn(message: str) -> None:
        log.warning("%s: %s", path, message)
        warnings.append(message)

    return LoadedSettings(settings_from_toml(doc, warn), warnings=tuple(warnings))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write `settings` to `path` (default `settings_path()`) atomically.

    Keys of the existing file that the game does not know are kept; a corrupt existing file is
    set aside first. Raises OSError if the file cannot be written (the old file is then intact).
    """
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        doc = _read_doc(path)
    except FileNotFoundError:
        doc = {}
    except (OSError, UnicodeDecodeError, ValueError) as e:
        _set_aside(path, str(e))
        doc = {}
    for name, table in settings_to_toml(settings).items():
        old = doc.get(name)
        doc[name] = {**old, **table} if isinstance(old, dict) and isinstance(table, dict) else table
    text = "# Drum Duet settings. Unknown keys are kept; see the README.\n" + tomli_w.dumps(doc)
    write_atomic(path, text.encode("utf-8"))


def read_library_settings(path: Path | None = None) -> LibrarySettings:
    """The [library] table of the settings file; defaults when it is missing or corrupt."""
    return load_settings(path).settings.library
