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
    note_speed = [1.2, 1.0]
    [highway]
    tilt = [40.0, 40.0]
    lefty = [false, true]
    [keyboard.one_player]
    p1_kick = ["space"]

A missing file or key means the default. A file that was read and is not TOML is set aside
(renamed ``settings.toml.corrupt-<time>``) with a notice, but only by the game, which writes the
settings; a read-only command warns and uses the defaults, leaving the file as it is. A file
that cannot be read at all (no permission, a folder, an I/O error) is never moved nor
overwritten: the defaults are used with a warning, and saving over it is refused. A value of
the wrong type falls back to that key's default, a number out of range is clamped and a string
too long is cut, each with a logged warning; unknown keys are ignored on reading and kept on
writing.
Writing goes to a temporary file that is flushed, synced and renamed over the old one, so
killing the game at any instant leaves the old file or the new one, never a part of one.

The store knows nothing of input: keyboard layouts are kept as plain tables (action id -> key
names) that `game.input.bindings` reads and writes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import tomli_w

from game.base import toml_doc
from game.base.atomic import write_atomic
from game.base.bounded import FileReadError, MissingFileError, OversizeFileError, read_bounded
from game.base.language import LANGUAGES, _, system_language
from game.base.midi_apis import MIDI_APIS
from game.base.set_aside import set_aside
from game.core.devices import KEYBOARD, DeviceId
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.store.paths import config_dir, user_songs_dir
from game.store.settings_schema import (
    Choice,
    Device,
    EnumChoice,
    Flag,
    Folders,
    KeyNames,
    Number,
    PerPlayer,
    Section,
    Table,
    Text,
    Warn,
    WrongTypeError,
    setting,
    shown,
)

log = logging.getLogger(__name__)
MAX_SETTINGS_BYTES = 1024 * 1024
SETTINGS_VERSION = 1
VOLUME = Number(0.0, 1.0)
OFFSET_MS = Number(-1000.0, 1000.0)
SAMPLE_RATE_HZ = Number(8000, 192000, integer=True)
BUFFER_FRAMES = Number(64, 1024, integer=True)
PRO_CYMBALS = ("auto", "on", "off")
RESOLUTIONS = (
    "960x540",
    "1280x720",
    "1600x900",
    "1920x1080",
    "2560x1080",
    "2560x1440",
    "3440x1440",
    "3840x2160",
)
"""The window sizes offered (pixels); the window can also be resized by hand."""
HIGHWAY_TILT_DEG = (0.0, 70.0)
"""The camera tilts offered over a highway, degrees (0: a flat board seen from above)."""
HIGHWAY_LENGTH = (0.5, 1.0)
"""The highway lengths offered: the fraction of the highway's height the board reaches up."""
HIGHWAY_WIDTH = (0.5, 1.0)
"""The strike line widths offered: the fraction of the highway's width it spans."""
TWO_PLAYER_LAYOUTS = ("numpad", "laptop")
"""The two-player keyboard layouts: player 2 on the numeric keypad, or both on the letters."""
KEY_LABELS = ("auto", "on", "off")
"""When the strike line shows each pad's keys: for the first plays ("auto"), always, never."""
KEY_LABEL_PLAYS = 3
"""How many plays of a profile show the keys on the strike line when `key_labels` is "auto"."""


@dataclass(frozen=True)
class LibrarySettings(Section):
    """Where the player keeps song folders (the default songs folder is always scanned)."""

    song_folders: tuple[Path, ...] = setting((), Folders())

    def roots(self) -> list[Path]:
        """The folders to scan for songs: the default songs folder, then the player's own."""
        roots = [user_songs_dir(), *self.song_folders]
        return list(dict.fromkeys(roots))


@dataclass(frozen=True)
class AudioSettings(Section):
    """Volumes (0-1), the quiet guide drums, song previews, the game's audio and video offsets
    (ms), and the output's sample rate (Hz), buffer size (frames) and device."""

    master_volume: float = setting(1.0, VOLUME)
    music_volume: float = setting(0.8, VOLUME)
    drums_volume: float = setting(1.0, VOLUME)
    guide_volume: float = setting(0.5, VOLUME)
    guide_drums: bool = setting(False, Flag())
    previews: bool = setting(True, Flag())
    """Song select plays the highlighted song's preview (at the music volume)."""
    audio_offset_ms: float = setting(0.0, OFFSET_MS)
    """How late the player hears the sound (output latency), ms; `SongClock.audio_offset_s`."""
    video_offset_ms: float = setting(0.0, OFFSET_MS)
    """How late the screen shows a frame, ms; `SongClock.video_offset_s`."""
    sample_rate: int = setting(48000, SAMPLE_RATE_HZ)
    """The output's sample rate (Hz) asked of the device; it may give another (a notice says)."""
    buffer_frames: int = setting(256, BUFFER_FRAMES)
    """Frames per audio buffer (64-1024): smaller is a shorter pad-to-ear time, but a busy
    machine may then miss a buffer's deadline (an underrun, heard as a crackle)."""
    output_device: str = setting("", Text(256))
    """The output device by SDL's name for it; "" is the system's default device."""


@dataclass(frozen=True)
class InputSettings(Section):
    """How late each input device reports a hit, in ms, by device (in the file by name:
    "keyboard", "TD-11 MIDI 1"); the song clock's `device_offset_s`. Each is -1000..1000 ms;
    at most 64 devices."""

    device_offsets_ms: Mapping[DeviceId, float] = setting(
        MappingProxyType({}), Table(OFFSET_MS, max_name=128, key=DeviceId.parse)
    )
    devices: tuple[DeviceId, DeviceId] = setting((KEYBOARD, KEYBOARD), PerPlayer(Device()))
    """Each player's input device; in the file by name: "keyboard", a MIDI port's stable name
    ("TD-11 MIDI 1", without the numbers that change between boots) or "joystick: NAME"."""
    kit_profiles: Mapping[DeviceId, str] = setting(
        MappingProxyType({}), Table(Text(64), max_name=128, key=DeviceId.parse)
    )
    """The kit profile of each drum kit or controller (default: General MIDI, or the Rock Band
    controller profile for a joystick)."""
    midi_api: str = setting("default", Choice(MIDI_APIS))
    """The MIDI system: "default" (the platform's), or "jack", "alsa", "coremidi", "winmm"."""

    def offset_ms(self, device: DeviceId) -> float:
        """The input offset of `device` in ms (0 for a device never calibrated)."""
        return self.device_offsets_ms.get(device, 0.0)

    def profile_for(self, device: DeviceId) -> str:
        """The kit profile name of `device`."""
        default = "Rock Band controller" if device.is_controller else "General MIDI"
        return self.kit_profiles.get(device, default)


@dataclass(frozen=True)
class GameplaySettings(Section):
    """Each player's note speed, hit-window preset and pro cymbals, and the overhit rule.

    `note_speed` per player is the seconds a note takes to come down the highway (smaller is
    faster), 0.6-3.0; a single number (older files) is both players'.
    `pro_cymbals` per player is "auto" (on for a drum kit, off for a keyboard), "on" or "off".
    """

    note_speed: tuple[float, float] = setting(
        (1.2, 1.2), PerPlayer(Number(0.6, 3.0), one_for_both=True)
    )
    window_presets: tuple[WindowPreset, WindowPreset] = setting(
        (WindowPreset.STANDARD, WindowPreset.STANDARD), PerPlayer(EnumChoice(WindowPreset))
    )
    pro_cymbals: tuple[str, str] = setting(("auto", "auto"), PerPlayer(Choice(PRO_CYMBALS)))
    overhits_break_combo: bool = setting(False, Flag())
    key_labels: str = setting("auto", Choice(KEY_LABELS))
    """The keys drawn on the strike line's pads: "auto" for the first `KEY_LABEL_PLAYS` plays."""

    def pro_cymbals_for(self, player: int, drum_kit: bool) -> bool:
        """Whether pro cymbals are on for `player` (0 or 1) playing a drum kit or a keyboard."""
        choice = self.pro_cymbals[player]
        return drum_kit if choice == "auto" else choice == "on"


@dataclass(frozen=True)
class HighwaySettings(Section):
    """How each player sees their highway: the camera's `tilt` (degrees, 0 flat to 70), the
    board's `length` (fraction of the highway's height it reaches up, 0.5-1), the strike line's
    `width` (fraction of the highway's width, 0.5-1), and the `lefty` flip."""

    tilt: tuple[float, float] = setting((40.0, 40.0), PerPlayer(Number(*HIGHWAY_TILT_DEG)))
    length: tuple[float, float] = setting((1.0, 1.0), PerPlayer(Number(*HIGHWAY_LENGTH)))
    width: tuple[float, float] = setting((0.86, 0.86), PerPlayer(Number(*HIGHWAY_WIDTH)))
    lefty: tuple[bool, bool] = setting((False, False), PerPlayer(Flag()))


@dataclass(frozen=True)
class VideoSettings(Section):
    """The window: fullscreen, resolution (one of `RESOLUTIONS`), vsync, and the frame rate
    cap in frames per second (30-1000, or 0 for none)."""

    fullscreen: bool = setting(False, Flag())
    resolution: str = setting("1280x720", Choice(RESOLUTIONS))
    vsync: bool = setting(True, Flag())
    fps_cap: int = setting(240, Number(30, 1000, integer=True, zero_means_off=True))

    @property
    def size(self) -> tuple[int, int]:
        """The resolution as (width, height) in pixels."""
        width, height = self.resolution.split("x")
        return int(width), int(height)


@dataclass(frozen=True)
class PlayerSettings(Section):
    """The players' names (at most 24 characters; empty means "Player 1" / "Player 2", in the
    game's language)."""

    names: tuple[str, str] = setting(("Player 1", "Player 2"), PerPlayer(Text(24)))

    def name(self, player: int) -> str:
        """The name shown for `player` (0 or 1)."""
        name = self.names[player].strip()
        if name in ("", f"Player {player + 1}"):  # the default name, in the game's language
            return _("Player {number}").format(number=player + 1)
        return name


@dataclass(frozen=True)
class KeyboardSettings(Section):
    """The keyboard layouts as stored: action id ("p1_red") -> key names ("d",).

    Empty tables mean the default layouts; `game.input.bindings` turns them into keymaps.
    """

    one_player: Mapping[str, tuple[str, ...]] = setting(
        MappingProxyType({}), Table(KeyNames(), max_name=32)
    )
    two_players: Mapping[str, tuple[str, ...]] = setting(
        MappingProxyType({}), Table(KeyNames(), max_name=32)
    )
    two_player_layout: str = setting("numpad", Choice(TWO_PLAYER_LAYOUTS))
    """Which two-player layout is played: "numpad" (player 2 on the numeric keypad, keys in
    `two_players`) or "laptop" (both on the letters, keys in `two_players_laptop`)."""
    two_players_laptop: Mapping[str, tuple[str, ...]] = setting(
        MappingProxyType({}), Table(KeyNames(), max_name=32)
    )


@dataclass(frozen=True)
class SelectSettings(Section):
    """Song select as the players left it: the song (its folder), one or two players, each
    player's part and difficulty; and how many plays this profile has started."""

    song: str = setting("", Text(4096))
    players: int = setting(1, Number(1, 2, integer=True))
    parts: tuple[Part, Part] = setting((Part.FULL, Part.P2), PerPlayer(EnumChoice(Part)))
    difficulties: tuple[Difficulty, Difficulty] = setting(
        (Difficulty.MEDIUM, Difficulty.MEDIUM), PerPlayer(EnumChoice(Difficulty))
    )
    """A new profile starts at Medium."""
    plays: int = setting(0, Number(0, 1_000_000_000, integer=True))
    """Plays started with this profile (the strike line's key labels show for the first)."""

    def key_labels(self, choice: str) -> bool:
        """Whether the strike line shows the keys, by the `key_labels` setting's `choice`."""
        return choice == "on" or (choice == "auto" and self.plays < KEY_LABEL_PLAYS)


@dataclass(frozen=True)
class InterfaceSettings(Section):
    """The language the game speaks: "en", "ko" or "ja"; "" (unset) is the system's."""

    language: str = setting("", Choice(("", *LANGUAGES)))

    def spoken(self, environ: dict[str, str] | None = None) -> str:
        """The language to speak: the chosen one, else the system's (`system_language`)."""
        return self.language or system_language(environ)


@dataclass(frozen=True)
class Settings:
    """All of the player's settings; change them with `dataclasses.replace`, save with
    `save_settings`."""

    library: LibrarySettings = field(default_factory=LibrarySettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    input: InputSettings = field(default_factory=InputSettings)
    gameplay: GameplaySettings = field(default_factory=GameplaySettings)
    highway: HighwaySettings = field(default_factory=HighwaySettings)
    video: VideoSettings = field(default_factory=VideoSettings)
    players: PlayerSettings = field(default_factory=PlayerSettings)
    keyboard: KeyboardSettings = field(default_factory=KeyboardSettings)
    select: SelectSettings = field(default_factory=SelectSettings)
    interface: InterfaceSettings = field(default_factory=InterfaceSettings)


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
    return config_dir() / "settings.toml"


class SettingsUnreadableError(OSError):
    """The settings file exists but cannot be read (no permission, a folder, an I/O error);
    it is left as it is and never written over."""


def _read_doc(path: Path) -> dict[str, Any]:
    """The TOML document in `path`.

    FileNotFoundError when there is none; SettingsUnreadableError when it cannot be read;
    ValueError (or UnicodeDecodeError) when it was read and is not a settings file.
    """
    try:
        data = read_bounded(path, MAX_SETTINGS_BYTES)
    except MissingFileError:
        raise FileNotFoundError(path) from None
    except OversizeFileError:
        raise ValueError("the file is larger than 1 MB") from None
    except FileReadError as e:
        raise SettingsUnreadableError(
            _("{path} cannot be read ({problem})").format(path=path, problem=_why(e))
        ) from e
    return toml_doc.loads(data.decode("utf-8"))


def _why(e: OSError) -> str:
    """What went wrong, in words ("Permission denied", "Is a directory")."""
    return e.strerror or str(e)


def _set_aside(path: Path, problem: str) -> str:
    """Rename a corrupt settings file out of the way; the notice for the player."""
    try:
        aside = set_aside(path)
    except OSError as e:
        log.warning("%s could not be read (%s) nor set aside (%s)", path, problem, e)
        return _(
            "{path} could not be read ({problem}) nor set aside ({error}); the default settings"
            " are used"
        ).format(path=path, problem=problem, error=e)
    log.warning("%s could not be read (%s); set aside as %s", path, problem, aside.name)
    return _(
        "{path} could not be read ({problem}); set aside as {aside}; the default settings are used"
    ).format(path=path, problem=problem, aside=aside.name)


def _read_section(cls: type, table: object, where: str, warn: Warn) -> Any:
    """A settings section from its TOML table: wrong-typed keys fall back to their defaults."""
    if not isinstance(table, dict):
        warn(f"[{where}] must be a table, got {shown(table)}; using its defaults")
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
        except WrongTypeError as e:
            warn(f"{where}.{key}: expected {e}, got {shown(table[key])}; using the default")
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


def load_settings(path: Path | None = None, set_aside: bool = False) -> LoadedSettings:
    """The settings in `path` (default `settings_path()`): defaults when it is missing or
    unusable, with a notice; bad values fall back with warnings.

    Only with `set_aside` (the game, which will write the settings) is a file that was read and
    is not TOML renamed out of the way; otherwise (read-only commands) it is left untouched. A
    file that cannot be read is always left untouched.
    """
    path = path or settings_path()
    try:
        doc = _read_doc(path)
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except SettingsUnreadableError as e:
        notice = _("{problem}; the default settings are used and the file is left as it is").format(
            problem=e
        )
        log.warning("%s", notice)
        return LoadedSettings(Settings(), notice=notice)
    except (UnicodeDecodeError, ValueError) as e:  # TOMLDecodeError is a ValueError
        if set_aside:
            return LoadedSettings(Settings(), notice=_set_aside(path, str(e)))
        notice = _("{path} is not a valid settings file ({problem}); the default settings are used")
        notice = notice.format(path=path, problem=e)
        log.warning("%s", notice)
        return LoadedSettings(Settings(), notice=notice)
    warnings: list[str] = []

    def warn(message: str) -> None:
        log.warning("%s: %s", path, message)
        warnings.append(message)

    return LoadedSettings(settings_from_toml(doc, warn), warnings=tuple(warnings))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write `settings` to `path` (default `settings_path()`) atomically.

    Keys of the existing file that the game does not know are kept; an existing file that is
    not TOML is set aside first. Raises OSError if the file cannot be written (the old file is
    then intact), and SettingsUnreadableError, writing nothing, when the existing file cannot
    be read: a file the game cannot read is never replaced.
    """
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        doc = _read_doc(path)
    except FileNotFoundError:
        doc = {}
    except SettingsUnreadableError as e:
        raise SettingsUnreadableError(
            _("{problem}; not saved, so as not to replace it").format(problem=e)
        ) from e
    except (UnicodeDecodeError, ValueError) as e:
        _set_aside(path, str(e))
        doc = {}
    for name, table in settings_to_toml(settings).items():
        old = doc.get(name)
        doc[name] = {**old, **table} if isinstance(old, dict) and isinstance(table, dict) else table
    text = "# Drum Duet settings. Unknown keys are kept; see the README.\n" + tomli_w.dumps(doc)
    write_atomic(path, text.encode("utf-8"))


def read_library_settings(path: Path | None = None) -> LibrarySettings:
    """The [library] table of the settings file; defaults when it is missing or unusable (the
    file is left untouched: reading the library is read-only)."""
    return load_settings(path).settings.library
