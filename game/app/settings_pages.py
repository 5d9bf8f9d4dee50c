"""The pages of the settings screen: which rows each page has and how Left/Right change them.

Pure functions of `Settings` (no pygame): `game.app.settings_screen` moves the cursor, reads the
keys and saves; `game.ui.settings_view` draws what these rows show.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial
from typing import Any, TypeVar

from game.app.setup import keymap_for
from game.audio.stream import buffer_words
from game.base.language import LANGUAGES, N_, _, ngettext
from game.base.units import signed_ms as ms_text
from game.core.devices import DeviceId
from game.core.judgement import HitWindows, WindowPreset
from game.input.bindings import (
    PAD_NAMES,
    Action,
    Keymap,
    bindings_to_settings,
    find_conflicts,
    player_actions,
)
from game.input.keyboard import KEYBOARD
from game.store.settings import (
    HIGHWAY_LENGTH,
    HIGHWAY_TILT_DEG,
    HIGHWAY_WIDTH,
    KEY_LABEL_PLAYS,
    KEY_LABELS,
    PRO_CYMBALS,
    RESOLUTIONS,
    Settings,
)

T = TypeVar("T")


class Page(Enum):
    """A page of the settings screen; its value is its title (English: look it up with `_` to
    show it)."""

    GAMEPLAY = N_("Gameplay")
    HIGHWAY = N_("Highway")
    AUDIO = N_("Audio")
    INPUT = N_("Input")
    VIDEO = N_("Video")
    PLAYERS = N_("Players")
    KEYS = N_("Keys")


PAGES: tuple[Page, ...] = tuple(Page)
"""The pages in the order Tab walks them."""
NOTE_SPEED_S = (0.6, 3.0)
"""The slowest and fastest note speeds offered: seconds a note takes to cross the highway."""
VOLUME_STEP = 0.05
"""One step of a volume (0-1): 5%."""
OFFSET_LIMIT_MS = 1000.0
"""Offsets stay within ± this many milliseconds."""
SHIFT_STEP_MS = 10
"""How many milliseconds one step of an offset moves with Shift held (1 without)."""
FPS_CAPS = (30, 60, 120, 144, 165, 240, 360, 500, 1000, 0)
"""The frame-rate caps offered, frames per second, slowest first; 0 is no cap."""
SAMPLE_RATES_HZ = (44100, 48000)
"""The output sample rates offered (Hz)."""
BUFFERS_FRAMES = (64, 128, 256, 512, 1024)
"""The output buffer sizes offered (frames)."""
SYSTEM_DEFAULT = N_("System default")
"""The Output device row's name for the system's default device (`output_device` "")."""
NEXT_SONG = N_("applies from the next song")
DEVICE_SHOWN = 48
"""The most characters of a device's name the Output device row shows (then cut to fit)."""
NAME_MAX = 24
"""The longest player name, in characters."""
"""Each pad of a player as the Keys page names it, in the order of `player_actions`."""
PRO_CYMBALS_HINTS = {
    "auto": N_("on for a drum kit, off for a keyboard"),
    "on": N_("cymbal notes want a cymbal pad"),
    "off": N_("any hit on the lane counts"),
}
"""The hint of each pro cymbals choice (English: look it up with `_` to show it)."""
PRO_CYMBALS_WORDS = {"auto": N_("Auto"), "on": N_("On"), "off": N_("Off")}
"""Each pro cymbals choice in words (English: look it up with `_` to show it)."""
PRESET_WORDS = {
    WindowPreset.RELAXED: N_("Relaxed"),
    WindowPreset.STANDARD: N_("Standard"),
    WindowPreset.STRICT: N_("Strict"),
}
"""Each hit-window preset in words (English: look it up with `_` to show it)."""


def changed(settings: Settings, section: str, **values: Any) -> Settings:
    """`settings` with `values` set in its `section` ("audio", "gameplay", ...)."""
    return replace(settings, **{section: replace(getattr(settings, section), **values)})


def _no_hint(settings: Settings) -> str:
    return ""


@dataclass(frozen=True)
class ValueRow:
    """A setting changed with Left/Right; Enter steps a choice forward (`enter_steps`), not a
    number.

    `step(settings, direction, shift)` is the settings one step (direction -1 or +1) away; `shown`
    and `hint` say the value in words; `fraction` (0-1) draws a slider.
    """

    label: str
    shown: Callable[[Settings], str]
    step: Callable[[Settings, int, bool], Settings]
    hint: Callable[[Settings], str] = _no_hint
    fraction: Callable[[Settings], float] | None = None
    enter_steps: bool = True


@dataclass(frozen=True)
class NameRow:
    """A player's name (`player` 0 or 1): Enter to type it."""

    player: int


@dataclass(frozen=True)
class LayoutRow:
    """The keyboard layout shown on the Keys page: one player, or two sharing the keyboard."""


@dataclass(frozen=True)
class PadRow:
    """One pad (`pad`: index into `player_actions`) and its keys for each player of the layout."""

    pad: int


@dataclass(frozen=True)
class ResetRow:
    """Put the shown keyboard layout back to its default keys."""


class Opens(Enum):
    """The screens a settings row opens."""

    KITS = "kits"
    """The Drum kits screen."""


@dataclass(frozen=True)
class OpenRow:
    """A row whose Enter opens another screen (`screen`)."""

    label: str
    hint: str
    screen: Opens


Row = ValueRow | NameRow | LayoutRow | PadRow | ResetRow | OpenRow


def _clamp(value: float, lo: float, hi: float) -> float:
    return min(max(value, lo), hi)


def _cycle(options: Sequence[T], current: T, step: int) -> T:
    """The option `step` places from `current`, wrapping around."""
    return options[(options.index(current) + step) % len(options)]


def _pair(pair: tuple[T, T], player: int, value: T) -> tuple[T, T]:
    """`pair` with `player`'s item (0 or 1) set to `value`."""
    return (value, pair[1]) if player == 0 else (pair[0], value)


def _on_off(flag: bool) -> str:
    return _("On") if flag else _("Off")


def _toggle_row(label: str, section: str, name: str, on: str, off: str = "") -> ValueRow:
    """An on/off setting `name` of `section` ("video", ...) that any step flips; its hint is
    `on` while on and `off` (or `on` when `off` is empty) while off (both English, looked up
    when shown)."""

    def value(s: Settings) -> bool:
        return getattr(getattr(s, section), name)

    return ValueRow(
        label,
        lambda s: _on_off(value(s)),
        lambda s, d, shift: changed(s, section, **{name: not value(s)}),
        lambda s: _(on) if value(s) or not off else _(off),
    )


def _offset_step(value_ms: float, direction: int, shift: bool) -> float:
    """An offset one step on: 1 ms, or `SHIFT_STEP_MS` with Shift, within the limit."""
    moved = value_ms + direction * (SHIFT_STEP_MS if shift else 1)
    return round(_clamp(moved, -OFFSET_LIMIT_MS, OFFSET_LIMIT_MS), 1)


# Gameplay


def _note_speed(player: int, s: Settings, direction: int, shift: bool) -> Settings:
    pair = s.gameplay.note_speed
    speed = round(_clamp(pair[player] + 0.1 * direction, *NOTE_SPEED_S), 1)
    return changed(s, "gameplay", note_speed=_pair(pair, player, speed))


def note_speed_row(player: int) -> ValueRow:
    """Player `player`'s (0 or 1) note speed: seconds a note takes down the highway."""
    return ValueRow(
        _("Player {number} note speed").format(number=player + 1),
        lambda s: _("{seconds:.1f} s").format(seconds=s.gameplay.note_speed[player]),
        partial(_note_speed, player),
        lambda s: _("time on the highway; less is faster"),
        enter_steps=False,
    )


# Highway


def _camera_row(player: int, label: str, name: str, step: float, limits, shown, hint) -> ValueRow:
    """Player `player`'s highway setting `name` (a pair in `highway`), moved `step` a press
    within `limits`, `shown(value)` in words."""

    def change(s: Settings, direction: int, shift: bool) -> Settings:
        pair = getattr(s.highway, name)
        value = round(_clamp(pair[player] + step * direction, *limits), 2)
        return changed(s, "highway", **{name: _pair(pair, player, value)})

    return ValueRow(
        label,
        lambda s: shown(getattr(s.highway, name)[player]),
        change,
        lambda s: _(hint),
        lambda s: (getattr(s.highway, name)[player] - limits[0]) / (limits[1] - limits[0]),
        enter_steps=False,
    )


def highway_rows() -> list[Row]:
    """Each player's camera over the highway (tilt, length, width) and lefty flip."""
    rows: list[Row] = []
    for p in (0, 1):
        number = p + 1
        rows += [
            _camera_row(
                p,
                _("Player {number} camera tilt").format(number=number),
                "tilt",
                5.0,
                HIGHWAY_TILT_DEG,
                lambda v: _("{degrees:.0f}°").format(degrees=v),
                N_("more tilt: the far end recedes faster"),
            ),
            _camera_row(
                p,
                _("Player {number} highway length").format(number=number),
                "length",
                0.05,
                HIGHWAY_LENGTH,
                lambda v: f"{round(v * 100)}%",
                N_("how far up the screen the highway reaches"),
            ),
            _camera_row(
                p,
                _("Player {number} highway width").format(number=number),
                "width",
                0.02,
                HIGHWAY_WIDTH,
                lambda v: f"{round(v * 100)}%",
                N_("how wide the strike line is"),
            ),
        ]
    for p in (0, 1):

        def lefty(s: Settings, direction: int, shift: bool, p: int = p) -> Settings:
            pair = s.highway.lefty
            return changed(s, "highway", lefty=_pair(pair, p, not pair[p]))

        rows.append(
            ValueRow(
                _("Player {number} lefty flip").format(number=p + 1),
                lambda s, p=p: _on_off(s.highway.lefty[p]),
                lefty,
                lambda s: _("mirrors the notes; the slots keep their colours"),
            )
        )
    return rows


def _player_choice_row(
    player: int,
    label: str,
    name: str,
    options: Sequence[T],
    hint: Callable[[Settings], str],
    word: Callable[[T], str],
) -> ValueRow:
    """Player `player`'s (0 or 1) choice among `options` in the gameplay pair `name`, shown
    as `word(choice)`; `label` is the row's words (with the player's number)."""

    def step(s: Settings, direction: int, shift: bool) -> Settings:
        pair = getattr(s.gameplay, name)
        chosen = _cycle(options, pair[player], direction)
        return changed(s, "gameplay", **{name: _pair(pair, player, chosen)})

    return ValueRow(
        label,
        lambda s: word(getattr(s.gameplay, name)[player]),
        step,
        hint,
    )


def _preset_hint(player: int, s: Settings) -> str:
    w = HitWindows.for_preset(s.gameplay.window_presets[player])
    ms = [round(x * 1000) for x in (w.perfect_s, w.great_s, w.good_s)]
    return _("Perfect ±{perfect}  Great ±{great}  Good ±{good} ms").format(
        perfect=ms[0], great=ms[1], good=ms[2]
    )


def key_label_words(choice: str) -> str:
    """The "Keys on the strike line" setting's `choice` in words."""
    if choice == "auto":
        return _("First {count} plays").format(count=KEY_LABEL_PLAYS)
    return _("On") if choice == "on" else _("Off")


def gameplay_rows() -> list[Row]:
    """Each player's note speed, hit windows and pro cymbals, and the overhit rule."""
    rows: list[Row] = [note_speed_row(0), note_speed_row(1)]
    rows += [
        _player_choice_row(
            p,
            _("Player {number} hit windows").format(number=p + 1),
            "window_presets",
            tuple(WindowPreset),
            partial(_preset_hint, p),
            lambda preset: _(PRESET_WORDS[preset]),
        )
        for p in (0, 1)
    ]
    rows += [
        _player_choice_row(
            p,
            _("Player {number} pro cymbals").format(number=p + 1),
            "pro_cymbals",
            PRO_CYMBALS,
            lambda s, p=p: _(PRO_CYMBALS_HINTS[s.gameplay.pro_cymbals[p]]),
            lambda choice: _(PRO_CYMBALS_WORDS[choice]),
        )
        for p in (0, 1)
    ]
    rows.append(
        _toggle_row(
            _("Overhits break combo"),
            "gameplay",
            "overhits_break_combo",
            N_("a stray hit ends the combo"),
            N_("stray hits are counted, combo kept"),
        )
    )
    rows.append(
        ValueRow(
            _("Keys on the strike line"),
            lambda s: key_label_words(s.gameplay.key_labels),
            lambda s, d, shift: changed(
                s, "gameplay", key_labels=_cycle(KEY_LABELS, s.gameplay.key_labels, d)
            ),
            lambda s: _("each pad shows its key while you learn them"),
        )
    )
    rows.append(language_row())
    return rows


def _language_step(s: Settings, direction: int, shift: bool) -> Settings:
    """The next language (in `LANGUAGES`' order) from the one spoken now."""
    chosen = _cycle(tuple(LANGUAGES), s.interface.spoken(), direction)
    return changed(s, "interface", language=chosen)


def language_row() -> ValueRow:
    """The language the game speaks, each shown in its own name ("English", "한국어",
    "日本語"); unset, the system's (`system_language`)."""

    def hint(s: Settings) -> str:
        if s.interface.language:
            return _("the words of every screen")
        return _("the words of every screen; now the system's")

    return ValueRow(_("Language"), lambda s: LANGUAGES[s.interface.spoken()], _language_step, hint)


# Audio


def _next_on_grid(volume: float, direction: int) -> float:
    """The next volume on the 5% grid above (direction +1) or below (-1) `volume` (0-1)."""
    place = volume / VOLUME_STEP
    steps = math.floor(place + 1e-6) + 1 if direction > 0 else math.ceil(place - 1e-6) - 1
    return steps * VOLUME_STEP


def _volume_row(label: str, name: str, hint: str) -> ValueRow:
    def step(s: Settings, direction: int, shift: bool) -> Settings:
        volume = round(_clamp(_next_on_grid(getattr(s.audio, name), direction), 0.0, 1.0), 2)
        return changed(s, "audio", **{name: volume})

    return ValueRow(
        label,
        lambda s: f"{round(getattr(s.audio, name) * 100)}%",
        step,
        lambda s: _(hint),
        lambda s: getattr(s.audio, name),
        enter_steps=False,
    )


def _offset_row(label: str, name: str, hint: str) -> ValueRow:
    def step(s: Settings, direction: int, shift: bool) -> Settings:
        return changed(s, "audio", **{name: _offset_step(getattr(s.audio, name), direction, shift)})

    def shown(s: Settings) -> str:
        return ms_text(getattr(s.audio, name))

    return ValueRow(label, shown, step, lambda s: _(hint), enter_steps=False)


def _with(options: tuple, current: object) -> tuple:
    """`options` with `current` among them (a value set by hand in settings.toml), in order."""
    return options if current in options else tuple(sorted((*options, current)))


def _device_options(devices: tuple[str, ...], current: str, kept: str) -> tuple[str, ...]:
    """The system's default (""), each device SDL lists, then the chosen one and the one the
    screen opened with (`kept`) when SDL does not list them (unplugged, or typed by hand)."""
    return tuple(dict.fromkeys(("", *devices, kept, current)))


def _device_shown(devices: tuple[str, ...], s: Settings) -> str:
    chosen = s.audio.output_device
    if not chosen:
        return _(SYSTEM_DEFAULT)
    return _cut(chosen, DEVICE_SHOWN)


def _device_hint(devices: tuple[str, ...], s: Settings) -> str:
    chosen = s.audio.output_device
    if chosen and chosen not in devices:
        return _("not there now: the default plays; applies from the next song")
    return _(NEXT_SONG)


def output_rows(devices: tuple[str, ...], kept: str = "") -> list[Row]:
    """The output device (the system's default, one of SDL's `devices`, or `kept`: the one
    chosen when the screen opened, though not listed now), the sample rate and the buffer size
    with the time it holds; each applies from the next song."""
    return [
        ValueRow(
            _("Output device"),
            partial(_device_shown, devices),
            lambda s, d, shift: changed(
                s,
                "audio",
                output_device=_cycle(
                    _device_options(devices, s.audio.output_device, kept),
                    s.audio.output_device,
                    d,
                ),
            ),
            partial(_device_hint, devices),
        ),
        ValueRow(
            _("Sample rate"),
            lambda s: _("{rate} Hz").format(rate=s.audio.sample_rate),
            lambda s, d, shift: changed(
                s,
                "audio",
                sample_rate=_cycle(
                    _with(SAMPLE_RATES_HZ, s.audio.sample_rate), s.audio.sample_rate, d
                ),
            ),
            lambda s: _(NEXT_SONG),
        ),
        ValueRow(
            _("Buffer"),
            lambda s: buffer_words(s.audio.buffer_frames, s.audio.sample_rate),
            lambda s, d, shift: changed(
                s,
                "audio",
                buffer_frames=_cycle(
                    _with(BUFFERS_FRAMES, s.audio.buffer_frames), s.audio.buffer_frames, d
                ),
            ),
            lambda s: _("smaller is sooner; applies from the next song"),
        ),
    ]


def audio_rows(devices: tuple[str, ...] = (), kept: str = "") -> list[Row]:
    """The four volumes, the guide drums, song previews, the audio and video offsets, and the
    output (see `output_rows`: `devices` are SDL's output devices, `kept` one not listed now)."""
    return [
        _volume_row(_("Master volume"), "master_volume", N_("everything the game plays")),
        _volume_row(_("Music volume"), "music_volume", N_("the backing track")),
        _volume_row(_("Drums volume"), "drums_volume", N_("the sounds of your hits")),
        _volume_row(_("Guide volume"), "guide_volume", N_("the quiet guide drums")),
        _toggle_row(
            _("Guide drums"), "audio", "guide_drums", N_("a quiet kit plays the chart along")
        ),
        _toggle_row(
            _("Song previews"), "audio", "previews", N_("song select plays the highlighted song")
        ),
        _offset_row(_("Audio offset"), "audio_offset_ms", N_("how late you hear the sound")),
        _offset_row(_("Video offset"), "video_offset_ms", N_("how late the screen shows a frame")),
        *output_rows(devices, kept),
    ]


# Input


def devices(settings: Settings) -> list[DeviceId]:
    """The input devices with an offset: always the keyboard first, then the others by name."""
    others = sorted((d for d in settings.input.device_offsets_ms if d != KEYBOARD), key=str)
    return [KEYBOARD, *others]


def _device_step(device: DeviceId, s: Settings, direction: int, shift: bool) -> Settings:
    offsets = dict(s.input.device_offsets_ms)
    offsets[device] = _offset_step(s.input.offset_ms(device), direction, shift)
    return changed(s, "input", device_offsets_ms=offsets)


def _cut(name: str, length: int) -> str:
    """`name` cut to `length` characters, with "…" when it was longer."""
    return name if len(name) <= length else name[: length - 1] + "…"


def input_rows(settings: Settings) -> list[Row]:
    """The input offset of each device (the keyboard and every device calibrated so far), then
    the row that opens the Drum kits screen."""
    rows: list[Row] = [
        ValueRow(
            _cut(device.label, 22),
            lambda s, device=device: ms_text(s.input.offset_ms(device)),
            partial(_device_step, device),
            lambda s, device=device: _("how late a hit reaches the game"),
            enter_steps=False,
        )
        for device in devices(settings)
    ]
    rows.append(
        OpenRow(_("Drum kits…"), _("Enter: your kits, their profiles, learn mode"), Opens.KITS)
    )
    return rows


# Video


def _fps_step(s: Settings, direction: int, shift: bool) -> Settings:
    """The next cap up (no cap is the highest) or down from the current one, at the ends kept."""

    def rank(fps: int) -> float:
        return float("inf") if fps == 0 else fps

    now = rank(s.video.fps_cap)
    if direction > 0:
        options = [f for f in FPS_CAPS if rank(f) > now]
        cap = options[0] if options else s.video.fps_cap
    else:
        options = [f for f in FPS_CAPS if rank(f) < now]
        cap = options[-1] if options else s.video.fps_cap
    return changed(s, "video", fps_cap=cap)


def video_rows() -> list[Row]:
    """Fullscreen, resolution, vsync and the frame-rate cap."""
    return [
        _toggle_row(
            _("Fullscreen"),
            "video",
            "fullscreen",
            N_("the whole screen"),
            N_("a window you can resize"),
        ),
        ValueRow(
            _("Resolution"),
            lambda s: s.video.resolution.replace("x", " × "),
            lambda s, d, shift: changed(
                s, "video", resolution=_cycle(RESOLUTIONS, s.video.resolution, d)
            ),
            lambda s: _("the size of the game's picture"),
        ),
        _toggle_row(
            _("Vsync"),
            "video",
            "vsync",
            N_("frames wait for the display"),
            N_("frames may tear"),
        ),
        ValueRow(
            _("Frame rate cap"),
            lambda s: (
                _("{fps} fps").format(fps=s.video.fps_cap) if s.video.fps_cap else _("No cap")
            ),
            _fps_step,
            lambda s: _("the most frames drawn each second"),
            enter_steps=False,
        ),
    ]


# Keys


def _table(settings: Settings, players: int) -> str:
    if players == 1:
        return "one_player"
    laptop = settings.keyboard.two_player_layout == "laptop"
    return "two_players_laptop" if laptop else "two_players"


def with_keymap(settings: Settings, keymap: Keymap) -> Settings:
    """`settings` holding `keymap` as its layout (every action written, unbound ones as []);
    two players' keys go to the two-player layout chosen now (numeric keypad or laptop)."""
    table = _table(settings, len(keymap.players))
    return changed(settings, "keyboard", **{table: bindings_to_settings(keymap)})


def with_default_keys(settings: Settings, players: int) -> Settings:
    """`settings` with the layout for `players` back to the default keys (an empty table)."""
    return changed(settings, "keyboard", **{_table(settings, players): {}})


def layout_players(players: int) -> tuple[int, ...]:
    """The players (0, 1) of the layout for `players` people."""
    return (0,) if players == 1 else (0, 1)


def pad_action(pad: int, player: int) -> Action:
    """The action of pad number `pad` (see `PAD_NAMES`) of `player`."""
    return player_actions(player)[pad]


def pad_name(action: Action) -> str:
    """The pad of `action` in words: "Red (snare)", "Green cymbal (crash)"."""
    return _(PAD_NAMES[action.pad])


def key_caps(keys: tuple[str, ...]) -> str:
    """Key names as printed on the keys: "Space", "D / K", "Keypad +"; "—" for none."""
    return " / ".join(k[:1].upper() + k[1:] for k in keys) if keys else "—"


def clashes(keymap: Keymap, action: Action) -> list[Action]:
    """The other actions that share a key with `action` (a conflict)."""
    others: list[Action] = []
    for key in keymap.keys_for(action):
        others += [a for a in keymap.actions_for(key) if a != action and a not in others]
    return others


def clash_note(keymap: Keymap, action: Action) -> str:
    """What `action` shares its keys with, in words ("also P2 kick"); "" when nothing."""
    others = clashes(keymap, action)
    if not others:
        return ""
    two = len(keymap.players) == 2

    def short(a: Action) -> str:
        if two:
            return _("P{number} {pad}").format(number=a.player + 1, pad=a.pad.label)
        return a.pad.label

    return _("also {pads}").format(pads=_(", ").join(short(a) for a in others))


def conflict_summary(settings: Settings, players: int) -> list[str]:
    """The conflicts of the shown layout, one line each, and a line if the other has some too."""
    lines = [m[:1].upper() + m[1:] for m in find_conflicts(keymap_for(settings, players))]
    other = 3 - players
    count = len(find_conflicts(keymap_for(settings, other)))
    if count:
        if other == 1:
            too = ngettext(
                "The one-player layout has {count} conflict too.",
                "The one-player layout has {count} conflicts too.",
                count,
            )
        else:
            too = ngettext(
                "The two-player layout has {count} conflict too.",
                "The two-player layout has {count} conflicts too.",
                count,
            )
        lines.append(too.format(count=count))
    return lines


def keys_rows() -> list[Row]:
    """The layout chooser, the eight pads, and the reset row."""
    return [LayoutRow(), *(PadRow(i) for i in range(len(PAD_NAMES))), ResetRow()]


def page_rows(
    page: int, settings: Settings, devices: tuple[str, ...] = (), kept: str = ""
) -> list[Row]:
    """The rows of page number `page` (see `PAGES`); `devices` are SDL's output devices and
    `kept` the output device chosen when the screen opened (offered though not listed)."""
    name = PAGES[page]
    if name == Page.GAMEPLAY:
        return gameplay_rows()
    if name == Page.HIGHWAY:
        return highway_rows()
    if name == Page.AUDIO:
        return audio_rows(devices, kept)
    if name == Page.INPUT:
        return input_rows(settings)
    if name == Page.VIDEO:
        return video_rows()
    if name == Page.PLAYERS:
        return [NameRow(0), NameRow(1)]
    return keys_rows()


NOTES = {
    Page.GAMEPLAY: N_("How the notes come and how each player is judged."),
    Page.HIGHWAY: N_("How each player sees their highway: the camera, and a lefty flip."),
    Page.AUDIO: N_("Volumes, the offsets that line sound and picture up, and the sound output."),
    Page.INPUT: N_("How late each input device reports a hit. The calibration screen measures it."),
    Page.VIDEO: N_("The game's window and how often it is drawn."),
    Page.PLAYERS: N_("Names show on the play screen, the results and the high scores."),
    Page.KEYS: "",
}
"""One line under each page's title (English: look it up with `_` to show it)."""

HELP = {
    Page.GAMEPLAY: N_("Up/Down: choose   Left/Right: change   Tab: next page   Esc: back"),
    Page.HIGHWAY: N_("Up/Down: choose   Left/Right: change   Tab: next page   Esc: back"),
    Page.AUDIO: N_(
        "Up/Down: choose   Left/Right: change (Shift: 10 ms)   Tab: next page   Esc: back"
    ),
    Page.INPUT: N_("Up/Down: choose   Left/Right: 1 ms (Shift: 10 ms)   Tab: page   Esc: back"),
    Page.VIDEO: N_("Up/Down: choose   Left/Right: change   Tab: next page   Esc: back"),
    Page.PLAYERS: N_("Up/Down: choose   Enter: type a name   Tab: next page   Esc: back"),
    Page.KEYS: N_(
        "Enter: new key   Delete: unbind   Left/Right: layout, player   Tab: page   Esc: back"
    ),
}
"""The help line of each page (English: look it up with `_` to show it)."""
TYPING_HELP = N_("Type the name   Backspace: erase   Enter or Esc: done")
WAITING_HELP = N_("Press the key to play this pad   Esc: cancel")
