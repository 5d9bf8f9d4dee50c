"""The calibration screen's picture: the menu and offsets, a tap test running (each tap's error as
a mark on an early/late ruler, the flash of the visual test), and the result (drawing only;
game.app.calibrate drives it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import pygame

from game.base import units
from game.base.language import N_, _, ngettext
from game.core.calibration import MIN_TAPS, OffsetMeasurement, TapMark
from game.core.devices import DeviceId
from game.core.judgement import Judgement
from game.ui import theme
from game.ui.footer import draw_footer
from game.ui.menus import PAD_HELP
from game.ui.notice import NoticeLayout, draw_notice
from game.ui.text_boxes import dialog
from game.ui.text_fit import fit, wrap

RULER_MS = 150.0
"""The ruler shows errors from -RULER_MS (early) to +RULER_MS (late)."""


class CalibrationPhase(Enum):
    """What the calibration screen is doing: its menu, a test running, or a result shown."""

    MENU = "menu"
    RUN = "run"
    RESULT = "result"


class CalibrationKind(Enum):
    """Where a result comes from: the audio tap test (a device's input offset), the visual
    flash test (the video offset), or the last play's median hit error."""

    AUDIO = "audio"
    VISUAL = "visual"
    PLAY = "play"


class CalibrationRow(Enum):
    """A row of the calibration menu."""

    AUDIO_TEST = "audio tap test"
    VISUAL_TEST = "visual flash test"
    LAST_PLAY = "last play"
    BACK = "back"


KIND_TITLES = {
    CalibrationKind.AUDIO: N_("Audio tap test"),
    CalibrationKind.VISUAL: N_("Visual flash test"),
    CalibrationKind.PLAY: N_("From your last play"),
}
"""Each result's title (English: looked up with `_` when drawn)."""
WARNING_SIZES = (26, 22, 19, 16)
"""Text sizes the unsteady-taps warning tries, largest first, until it fits above the ruler."""
MENU_ROW_H = 92
"""The height of a calibration menu row with the gap under it (pixels)."""
ZONES = ((90.0, Judgement.GOOD), (50.0, Judgement.GREAT), (25.0, Judgement.PERFECT))
"""The standard hit windows (ms each side) shaded on the ruler, widest first."""


@dataclass(frozen=True)
class MenuItem:
    """A row of the calibration menu: which it is, its label, a line saying what it does, and
    whether it can be chosen now."""

    row: CalibrationRow
    label: str
    detail: str
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class OffsetChange:
    """The setting a result would change: its `name` in words, its value now and the new one
    (ms), and the `device` whose input offset it is (None: the video offset)."""

    name: str
    now_ms: float
    new_ms: float
    device: DeviceId | None = None


@dataclass
class CalibrationPicture:
    """What the calibration screen shows now.

    `phase` says what it does; `kind` the test running or shown; `offsets` the current offsets
    (name, ms); `progress` how much of the test has passed (0-1); `flash` the visual test's
    flash brightness (0-1, `count_in` while it counts in); `proposal` the setting a result would
    change; `device` the device tapped on.
    """

    phase: CalibrationPhase = CalibrationPhase.MENU
    menu: Sequence[MenuItem] = ()
    selected: int = 0
    offsets: Sequence[tuple[str, float]] = ()
    kind: CalibrationKind = CalibrationKind.AUDIO
    marks: Sequence[TapMark] = ()
    measurement: OffsetMeasurement | None = None
    progress: float = 0.0
    count_in: bool = False
    flash: float = 0.0
    proposal: OffsetChange | None = None
    notice: str | None = None
    unsteady: str | None = None
    """Why the taps of the result were not steady (`unsteady_reason`), None when they were:
    the result is then offered to try again or to keep, not applied with Enter."""
    device: str = "Keyboard"  # the keyboard's `DeviceId.label` (in the game's language)
    """The device tapped on in the test running, in words."""


def signed_ms(ms: float) -> str:
    """A measurement in milliseconds, with its sign and a tenth: "+31.2 ms", "-4.0 ms", "0.0 ms"."""
    return units.signed_ms(ms, tenths=True)


def draw_calibration(surface: pygame.Surface, picture: CalibrationPicture) -> NoticeLayout | None:
    """Draw the calibration screen as `picture` says; the notice's layout (wrapped above the
    help line)."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    pygame.draw.rect(surface, theme.JACKET_DARK, (0, 70, w, 6))
    menu = picture.phase is CalibrationPhase.MENU
    title = _("Calibrate") if menu else _(KIND_TITLES[picture.kind])
    title_line = theme.text(fit(title, 44, w // 2 - 40, True), 44, theme.TEXT, True)
    surface.blit(title_line, (24, 14))
    room = w - title_line.get_width() - 72
    tag_words = fit(_("Tap along, and the game learns your timing"), 26, room)
    tag = theme.text(tag_words, 26, theme.GOLD)
    surface.blit(tag, (w - tag.get_width() - 24, 24))
    if menu:
        _draw_menu(surface, picture)
    elif picture.phase is CalibrationPhase.RUN:
        _draw_run(surface, picture)
    else:
        _draw_result(surface, picture)
    if not picture.notice:
        return None
    footer = 76 if menu else 48  # the menu's footer has the kit's pads' line too
    area = pygame.Rect(0, 76, w, h - footer - 76)
    if not menu:  # the test's ruler and taps fill the screen: the notice goes over them
        dialog(surface)
    return draw_notice(surface, picture.notice, area, theme.GOLD)


def _help(surface: pygame.Surface, words: str, pads: bool = False) -> None:
    """The key help at the bottom (wrapped to the width), under the kit pads' line when
    `pads`."""
    helps = [(_(PAD_HELP), 19), (words, 22)] if pads else [(words, 22)]
    draw_footer(surface, helps, margin=40)  # the help's line 40 px above the bottom, as before


def menu_rows(size: tuple[int, int], count: int) -> list[pygame.Rect]:
    """The boxes (pixels) of the calibration menu's `count` rows in a window of `size`: where
    they are drawn and where the mouse chooses them."""
    w, h = size
    left = pygame.Rect(32, 104, int(w * 0.56), h - 200)
    return [
        pygame.Rect(left.left, left.top + i * MENU_ROW_H, left.width, MENU_ROW_H - 14)
        for i in range(count)
    ]


def _draw_menu(surface: pygame.Surface, picture: CalibrationPicture) -> None:
    w, h = surface.get_size()
    left = pygame.Rect(32, 104, int(w * 0.56), h - 200)
    rows = menu_rows((w, h), len(picture.menu))
    for i, (item, row) in enumerate(zip(picture.menu, rows, strict=True)):
        chosen = i == picture.selected
        pygame.draw.rect(surface, theme.JACKET_BLUE if chosen else theme.PANEL, row, 0, 14)
        if chosen:
            pygame.draw.rect(surface, theme.GOLD, row, 2, 14)
        colour = theme.TEXT if item.enabled else theme.DIM
        surface.blit(theme.text(item.label, 34, colour, chosen), (row.left + 20, row.top + 8))
        detail = theme.text(item.detail, 21, theme.GOLD if item.enabled else theme.DIM)
        surface.blit(detail, (row.left + 20, row.top + 46))
    extra = max(len(picture.offsets) - 3, 0)  # a kit's offsets under the game's three
    panel = pygame.Rect(left.right + 28, left.top, w - left.right - 60, 300 + 40 * extra)
    pygame.draw.rect(surface, theme.PANEL, panel, border_radius=14)
    surface.blit(
        theme.text(_("Your offsets"), 30, theme.TEXT, True), (panel.left + 20, panel.top + 14)
    )
    y = panel.top + 64
    for name, ms in picture.offsets:
        surface.blit(theme.text(name, 24, theme.DIM), (panel.left + 20, y))
        value = theme.text(signed_ms(ms), 26, theme.GOLD, True)
        surface.blit(value, (panel.right - value.get_width() - 20, y))
        y += 40
    tips = wrap(
        _(
            "Positive means late: the game takes that much off every hit and picture."
            " Do the tap test first, then the flash test."
        ),
        20,
        panel.width - 40,
    )
    for tip in tips:
        surface.blit(theme.text(tip, 20, theme.DIM), (panel.left + 20, y + 8))
        y += 26
    _draw_drum(surface, (panel.centerx, panel.bottom + 120 - 25 * extra), 70 - 12 * extra)
    _help(surface, _("Up/Down to choose  ·  Enter to start  ·  Esc to go back"), pads=True)


def _draw_run(surface: pygame.Surface, picture: CalibrationPicture) -> None:
    w, h = surface.get_size()
    size = max(60, h // 7)
    centre = (w // 2, round(h * 0.35))
    visual = picture.kind is CalibrationKind.VISUAL
    if visual:
        _draw_flash(surface, centre, round(size * 1.1), picture.flash, picture.count_in)
    else:
        _draw_drum(surface, centre, size)
    if picture.count_in:
        if visual:
            words = _("Count-in: look, and get ready to tap")
        else:
            words = _("Count-in: listen, and get ready to tap")
    elif picture.device != _("Keyboard"):
        if visual:
            words = _("Tap along! Any pad of {device}, right on the flash")
        else:
            words = _("Tap along! Any pad of {device}, right on the click")
        words = words.format(device=picture.device)
    elif visual:
        words = _("Tap along! Space or any key, right on the flash")
    else:
        words = _("Tap along! Space or any key, right on the click")
    line = theme.text(fit(words, 34, w - 48, True), 34, theme.TEXT, True)
    surface.blit(line, (w // 2 - line.get_width() // 2, round(h * 0.54)))
    ruler = pygame.Rect(120, round(h * 0.65), w - 240, 90)
    draw_ruler(surface, ruler, picture.marks, None)
    counted = sum(not m.stray for m in picture.marks)
    counted_words = ngettext("{count} tap counted", "{count} taps counted", counted)
    taps = theme.text(counted_words.format(count=counted), 24, theme.GOLD)
    surface.blit(taps, (ruler.left, ruler.bottom + 34))
    bar = pygame.Rect(ruler.left + 220, ruler.bottom + 42, ruler.width - 220, 10)
    pygame.draw.rect(surface, theme.PANEL, bar, border_radius=5)
    done = bar.copy()
    done.width = round(bar.width * min(max(picture.progress, 0.0), 1.0))
    pygame.draw.rect(surface, theme.JACKET_BLUE, done, border_radius=5)
    _help(surface, _("Esc to stop"))


def _draw_result(surface: pygame.Surface, picture: CalibrationPicture) -> None:
    w, h = surface.get_size()
    m = picture.measurement
    ruler = pygame.Rect(120, round(h * 0.46), w - 240, 90)
    play = picture.kind is CalibrationKind.PLAY
    if m is None or (not m.ready and not play):
        counted = 0 if m is None else m.count
        only = ngettext(
            "Only {count} tap counted: {needed} are needed",
            "Only {count} taps counted: {needed} are needed",
            counted,
        )
        words = fit(only.format(count=counted, needed=MIN_TAPS), 40, w - 48)
        head = theme.text(words, 40, theme.WARN)
        surface.blit(head, (w // 2 - head.get_width() // 2, round(h * 0.19)))
        again = fit(_("Tap on every click after the count-in, and try again."), 26, w - 48)
        why = theme.text(again, 26, theme.DIM)
        surface.blit(why, (w // 2 - why.get_width() // 2, round(h * 0.28)))
        draw_ruler(surface, ruler, picture.marks, None)
        _help(surface, _("Enter or R to try again  ·  Esc to go back"))
        return
    if m.median_ms > 0:
        way = _("{ms}  late")
    elif m.median_ms < 0:
        way = _("{ms}  early")
    else:
        way = _("{ms}  on time")
    head = theme.text(way.format(ms=signed_ms(m.median_ms)), 64, theme.GOLD, display=True)
    surface.blit(head, (w // 2 - head.get_width() // 2, round(h * 0.15)))
    if play:
        facts = _("the median hit error of your last play")
    else:
        facts = _("median of {count} taps  ·  spread ±{spread:.1f} ms").format(
            count=m.count, spread=m.spread_ms
        )
        if m.strays:
            strays = ngettext(
                "{facts}  ·  {count} stray tap left out",
                "{facts}  ·  {count} stray taps left out",
                m.strays,
            )
            facts = strays.format(facts=facts, count=m.strays)
    sub = theme.text(fit(facts, 28, w - 48), 28, theme.TEXT)
    surface.blit(sub, (w // 2 - sub.get_width() // 2, round(h * 0.28)))
    if picture.unsteady:
        top = round(h * 0.28) + sub.get_height() + 4
        unsteady_warning(surface, picture.unsteady, pygame.Rect(0, top, w, ruler.top - 32 - top))
    draw_ruler(surface, ruler, picture.marks, m)
    if picture.proposal is not None:
        change = picture.proposal
        box = pygame.Rect(0, 0, min(760, w - 48), 84)
        box.midtop = (w // 2, max(round(h * 0.65), ruler.bottom + 30))  # under the ticks
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=14)
        pygame.draw.rect(surface, theme.JACKET_BLUE, box, 2, border_radius=14)
        label = theme.text(fit(change.name, 26, box.width - 48), 26, theme.DIM)
        surface.blit(label, (box.left + 24, box.top + 12))
        words = f"{signed_ms(change.now_ms)}   →   {signed_ms(change.new_ms)}"
        words = fit(words, 34, box.width - 48, True)
        surface.blit(theme.text(words, 34, theme.TEXT, True), (box.left + 24, box.top + 40))
    if picture.unsteady:
        _help(surface, _("Enter or R to try again  ·  K to keep it anyway  ·  Esc to go back"))
        return
    if play:
        _help(surface, _("Enter to apply and save  ·  Esc to go back"))
    else:
        _help(surface, _("Enter to apply and save  ·  R to try again  ·  Esc to go back"))


def unsteady_warning(surface: pygame.Surface, reason: str, area: pygame.Rect) -> pygame.Rect:
    """The warning that the taps were not steady (`reason`), wrapped, centred in `area` on a
    warning-tinted band, in the largest text that fits it; returns the band's box (pixels)."""
    words = _("Your taps were not steady: {reason}.").format(reason=reason)
    width = min(area.width - 40, 1040)
    for size in WARNING_SIZES:
        lines = wrap(words, size, width - 32)
        line_h = theme.text("Ag", size, theme.WARN).get_height()
        if line_h * len(lines) + 12 <= area.height:
            break
    box = pygame.Rect(0, 0, width, line_h * len(lines) + 12)
    box.center = area.center
    pygame.draw.rect(surface, theme.darker(theme.WARN, 0.7), box, border_radius=10)
    for i, line in enumerate(lines):
        text = theme.text(line, size, theme.WARN)
        surface.blit(text, (box.centerx - text.get_width() // 2, box.top + 6 + i * line_h))
    return box


def _x_of(ruler: pygame.Rect, ms: float) -> int:
    """The x of an error of `ms` on the ruler, held at its ends."""
    frac = (min(max(ms, -RULER_MS), RULER_MS) + RULER_MS) / (2 * RULER_MS)
    return round(ruler.left + frac * ruler.width)


def draw_ruler(
    surface: pygame.Surface,
    ruler: pygame.Rect,
    marks: Sequence[TapMark] = (),
    measurement: OffsetMeasurement | None = None,
) -> None:
    """The early/late ruler with the hit windows shaded, one mark per tap, and the median with
    its spread."""
    pygame.draw.rect(surface, theme.PANEL, ruler.inflate(24, 24), border_radius=12)
    for ms, judgement in ZONES:
        left, right = _x_of(ruler, -ms), _x_of(ruler, ms)
        colour = theme.darker(theme.JUDGEMENT_COLOURS[judgement], 0.66)
        pygame.draw.rect(surface, colour, (left, ruler.top, right - left, ruler.height))
    for ms in range(-150, 151, 50):
        x = _x_of(ruler, ms)
        pygame.draw.line(surface, theme.DIM, (x, ruler.bottom), (x, ruler.bottom + 6))
        label = theme.text("0" if ms == 0 else f"{ms:+d}", 18, theme.DIM)
        surface.blit(label, (x - label.get_width() // 2, ruler.bottom + 8))
    early = theme.text(_("early"), 22, theme.DIM)
    surface.blit(early, (ruler.left, ruler.top - 30))
    late = theme.text(_("late"), 22, theme.DIM)
    surface.blit(late, (ruler.right - late.get_width(), ruler.top - 30))
    centre = _x_of(ruler, 0)
    pygame.draw.line(surface, theme.TEXT, (centre, ruler.top), (centre, ruler.bottom), 2)
    if measurement is not None and measurement.count:
        lo = _x_of(ruler, measurement.median_ms - measurement.spread_ms)
        hi = _x_of(ruler, measurement.median_ms + measurement.spread_ms)
        band = pygame.Surface((max(hi - lo, 2), ruler.height), pygame.SRCALPHA)
        band.fill((*theme.GOLD, 70))
        surface.blit(band, (lo, ruler.top))
    for i, mark in enumerate(marks):
        x = _x_of(ruler, mark.error_ms)
        newest = i == len(marks) - 1
        colour = (
            theme.WARN if mark.stray else theme.TEXT if newest else theme.lighter(theme.DIM, 0.3)
        )
        inset = 4 if newest else 14
        pygame.draw.line(
            surface, colour, (x, ruler.top + inset), (x, ruler.bottom - inset), 4 if newest else 2
        )
    if measurement is not None and measurement.count:
        x = _x_of(ruler, measurement.median_ms)
        pygame.draw.line(surface, theme.GOLD, (x, ruler.top - 6), (x, ruler.bottom + 6), 4)
        pygame.draw.polygon(
            surface,
            theme.GOLD,
            [(x - 9, ruler.top - 16), (x + 9, ruler.top - 16), (x, ruler.top - 4)],
        )


def _draw_flash(
    surface: pygame.Surface, centre: tuple[int, int], radius: int, level: float, count_in: bool
) -> None:
    """The visual test's light: dark between beats, bright on the beat (blue while counting in)."""
    lit = theme.lighter(theme.JACKET_BLUE, 0.35) if count_in else theme.GOLD
    glow = tuple(round(d + (c - d) * level) for c, d in zip(lit, theme.PANEL, strict=True))
    if level > 0:
        pygame.draw.circle(surface, theme.darker(lit, 0.6), centre, radius + round(24 * level))
    pygame.draw.circle(surface, glow, centre, radius)
    pygame.draw.circle(surface, theme.JACKET_DARK, centre, radius, 6)


def _draw_drum(surface: pygame.Surface, centre: tuple[int, int], size: int) -> None:
    """A snare drum in the jackets' blue with two crossed sticks: the metronome's stand-in."""
    cx, cy = centre
    shell = pygame.Rect(0, 0, size * 2, size)
    shell.midtop = (cx, cy - size // 4)
    bottom = pygame.Rect(0, 0, size * 2, size // 2)
    bottom.center = (cx, shell.bottom)
    pygame.draw.ellipse(surface, theme.JACKET_DARK, bottom)
    pygame.draw.rect(surface, theme.JACKET_BLUE, shell)
    for k in range(1, 6):  # the lugs
        x = shell.left + k * shell.width // 6
        pygame.draw.line(surface, theme.GOLD, (x, shell.top + 6), (x, shell.bottom - 2), 3)
    top = pygame.Rect(0, 0, size * 2, size // 2)
    top.center = (cx, shell.top)
    pygame.draw.ellipse(surface, theme.TEXT, top)
    pygame.draw.ellipse(surface, theme.GOLD, top, 4)
    for sign in (-1, 1):
        start = (cx + sign * size * 1.1, cy - size * 1.1)
        end = (cx - sign * size * 0.15, shell.top - 4)
        pygame.draw.line(surface, (214, 170, 110), start, end, 8)
        pygame.draw.circle(surface, (236, 200, 140), (round(end[0]), round(end[1])), 6)
