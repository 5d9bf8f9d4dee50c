"""The Drum kits screen's picture (drawing only; game.app.kit_setup drives it).

On the left the MIDI system and the kits and controllers found; on the right the highlighted
one: its kit profile, its input offset, and a live monitor of its last hits. Learn mode is drawn
by game.ui.kit_learn_view. Laid out for 1280×720 and scaled to the surface.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.base.language import N_, _
from game.base.units import signed_ms
from game.input.pads import KitPad
from game.ui import theme
from game.ui.kit_learn_view import LearnPicture, draw_learn
from game.ui.kit_widgets import Scale, arrow, arrows, band, fit, warning_mark, wrap
from game.ui.notice import NoticeLayout, draw_notice
from game.ui.text_boxes import panel as text_panel

PAD_WORDS = {
    KitPad.KICK: N_("Kick"),
    KitPad.RED: N_("Snare"),
    KitPad.YELLOW_CYMBAL: N_("Hi-hat"),
    KitPad.YELLOW_TOM: N_("High tom"),
    KitPad.BLUE_CYMBAL: N_("Ride"),
    KitPad.BLUE_TOM: N_("Mid tom"),
    KitPad.GREEN_CYMBAL: N_("Crash"),
    KitPad.GREEN_TOM: N_("Floor tom"),
}
"""Each pad as a drummer names it (its lane shows as a colour chip); English, looked up with
`_` when drawn."""
MONITOR_LINES = 9
"""The most hits the monitor shows."""
PROBLEM_LINES = 7
"""The most lines the warning of why MIDI cannot be used takes."""


@dataclass(frozen=True)
class DeviceRow:
    """A kit or controller in the list: its name, kind ("MIDI kit", "Drum controller"), whether
    it is plugged in, its kit profile (and whether that profile exists), its input offset (ms),
    and `glow`, 1 right after a hit fading to 0."""

    name: str
    kind: str
    connected: bool
    profile: str
    profile_found: bool = True
    offset_ms: float = 0.0
    glow: float = 0.0


@dataclass(frozen=True)
class HitLine:
    """One note-on in the monitor: the pad it plays (None: none), note, channel (0-15),
    velocity (0-127), ms since the device's previous note-on (None for the first), and why the
    profile drops it (None when it is a hit)."""

    pad: KitPad | None
    note: int
    channel: int
    velocity: int
    gap_ms: float | None
    dropped: str | None = None


@dataclass(frozen=True)
class KitSetupPicture:
    """What the Drum kits screen shows: the MIDI system in words; why MIDI cannot be used and
    what to try, in the game's words (None when it can; shown once, in the list's warning); the
    devices, the selected row (0 the MIDI system, 1.. the devices), the monitor of the
    highlighted device, its profile's description, learn mode, and a notice."""

    midi_system: str
    midi_problem: str | None
    devices: tuple[DeviceRow, ...]
    selected: int = 0
    monitor: tuple[HitLine, ...] = ()
    description: str = ""
    learn: LearnPicture | None = None
    notice: str | None = None


def pad_words(pad: KitPad) -> str:
    """A pad as the monitor names it: "Kick", "Snare · red", "Hi-hat · yellow cymbal"."""
    if pad is KitPad.KICK:
        return _(PAD_WORDS[pad])
    return _("{drum} · {pad}").format(drum=_(PAD_WORDS[pad]), pad=pad.label)


def help_line(picture: KitSetupPicture) -> str:
    """The keys that work now."""
    learn = picture.learn
    if learn is not None and learn.naming:
        return _("Type a name   Backspace: erase   Enter: save   Esc: cancel")
    if learn is not None:
        return _("Hit the pad (more notes are fine)   Enter: next   Backspace: back   Esc: cancel")
    if picture.selected == 0:
        return _("Up/Down: choose   Left/Right: MIDI system   R: rescan   Esc: back")
    return _(
        "Up/Down: choose   Left/Right: kit profile   Enter: learn this kit   R: rescan   Esc: back"
    )


def draw_kit_setup(
    surface: pygame.Surface,
    picture: KitSetupPicture,
    rows: dict[int, pygame.Rect] | None = None,
) -> NoticeLayout | None:
    """Draw the Drum kits screen of `picture` onto `surface` (any size); the notice's layout
    (wrapped above the help line). `rows`, when given, is filled with where each row of the
    list was drawn (0: the MIDI system, then each device), in the surface's pixels."""
    rows = rows if rows is not None else {}
    rows.clear()
    w, h = surface.get_size()
    px = Scale((w, h))
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, px(70)))
    pygame.draw.rect(surface, theme.GOLD, (0, px(70), w, px(3)))
    title = theme.text(fit(_("Drum kits"), px(48), w // 2 - px(40), True), px(48), theme.TEXT, True)
    surface.blit(title, (px(28), px(36) - title.get_height() // 2))
    tag = theme.text(
        fit(
            _("A kit for each player: the drum set as a gift"),
            px(26),
            w - title.get_width() - px(84),
        ),
        px(26),
        theme.lighter(theme.JACKET_BLUE, 0.6),
    )
    surface.blit(tag, (w - tag.get_width() - px(28), px(36) - tag.get_height() // 2))
    footer = pygame.Rect(0, h - px(42), w, px(42))
    pygame.draw.rect(surface, theme.darker(theme.PANEL, 0.3), footer)
    editing = picture.learn is not None
    help_words = fit(help_line(picture), px(25), w - px(56))
    words = theme.text(help_words, px(25), theme.GOLD if editing else theme.DIM)
    surface.blit(words, (px(28), footer.centery - words.get_height() // 2))
    bottom = footer.top - px(14)
    notice = None
    if picture.notice:
        area = pygame.Rect(0, px(92), w, footer.top - px(4) - px(92))
        notice = draw_notice(surface, picture.notice, area, theme.GOLD, px(24), margin=px(14))
        bottom = notice.shade.top - px(12)
    left = pygame.Rect(px(24), px(92), px(470), bottom - px(92))
    right = pygame.Rect(left.right + px(20), left.top, w - left.right - px(44), left.height)
    pygame.draw.rect(surface, theme.PANEL, right, border_radius=px(16))
    if picture.learn is not None:
        draw_learn(surface, picture.learn, left, right, px)
        return notice
    with text_panel(surface, left):
        _device_list(surface, picture, left, px, rows)
    with text_panel(surface, right):
        if picture.selected == 0 or not picture.devices:
            _midi_panel(surface, picture, right, px)
        else:
            _device_panel(surface, picture, right, px)
    return notice


# the list ---------------------------------------------------------------------------------------


def _device_list(
    surface: pygame.Surface,
    picture: KitSetupPicture,
    area: pygame.Rect,
    px: Scale,
    rows: dict[int, pygame.Rect],
) -> None:
    """The MIDI system row, then a row per device (scrolled to the selected one)."""
    chosen = picture.selected == 0
    row = pygame.Rect(area.left, area.top, area.width, px(62))
    rows[0] = row
    band(surface, row, chosen, px)
    label = theme.text(fit(_("MIDI system"), px(24), row.width - px(36)), px(24), theme.DIM)
    surface.blit(label, (row.left + px(18), row.top + px(6)))
    system_words = fit(picture.midi_system, px(30), row.width - px(90), chosen)
    system = theme.text(system_words, px(30), theme.TEXT, chosen)
    surface.blit(system, (row.left + px(18), row.top + px(28)))
    if chosen:
        arrows(surface, row, px)
    y = row.bottom + px(12)
    if picture.midi_problem:
        lines = wrap(picture.midi_problem, px(21), area.width - px(56))[:PROBLEM_LINES]
        box = pygame.Rect(area.left, y, area.width, px(16) + px(24) * len(lines))
        pygame.draw.rect(surface, theme.darker(theme.WARN, 0.7), box, border_radius=px(10))
        warning_mark(surface, (box.left + px(18), box.top + px(20)), px)
        for i, line in enumerate(lines):
            text = theme.text(line, px(21), theme.WARN)
            surface.blit(text, (box.left + px(36), box.top + px(8) + i * px(24)))
        y = box.bottom + px(12)
    heading_words = fit(_("Kits and controllers"), px(26), area.width - px(8), True)
    heading = theme.text(heading_words, px(26), theme.GOLD, True)
    surface.blit(heading, (area.left + px(4), y))
    y += heading.get_height() + px(6)
    if not picture.devices:
        words_ = _("None found yet. Plug in a USB drum kit or a drum controller: it shows here.")
        for i, words in enumerate(wrap(words_, px(23), area.width - px(16))):
            text = theme.text(words, px(23), theme.DIM)
            surface.blit(text, (area.left + px(8), y + i * px(28)))
        return
    row_h = px(70)
    visible = max(1, (area.bottom - y) // row_h)
    first = max(0, min(picture.selected - 1 - visible // 2, len(picture.devices) - visible))
    for i in range(first, min(len(picture.devices), first + visible)):
        device = picture.devices[i]
        rect = pygame.Rect(area.left, y, area.width, row_h - px(8))
        rows[i + 1] = rect
        _device_row(surface, device, rect, picture.selected == i + 1, px)
        y += row_h


def _device_row(
    surface: pygame.Surface, device: DeviceRow, rect: pygame.Rect, chosen: bool, px: Scale
) -> None:
    band(surface, rect, chosen, px)
    name = fit(device.name, px(28), rect.width - px(80), True)
    surface.blit(
        theme.text(name, px(28), theme.TEXT if device.connected else theme.DIM, True),
        (rect.left + px(18), rect.top + px(6)),
    )
    status = _("plugged in") if device.connected else _("not plugged in")
    facts = fit(f"{device.kind} · {status} · {device.profile}", px(21), rect.width - px(80))
    colour = theme.GOLD if chosen else theme.DIM
    surface.blit(theme.text(facts, px(21), colour), (rect.left + px(18), rect.top + px(36)))
    light = (rect.right - px(30), rect.centery)
    lit = theme.GOLD
    base = theme.darker(theme.PANEL, 0.3) if device.connected else theme.PANEL
    glow = max(0.0, min(1.0, device.glow))
    colour = tuple(round(b + (c - b) * glow) for b, c in zip(base, lit, strict=True))
    pygame.draw.circle(surface, colour, light, px(11))
    pygame.draw.circle(surface, theme.DIM if device.connected else theme.PANEL, light, px(11), 2)


# the right panel --------------------------------------------------------------------------------


def _midi_panel(
    surface: pygame.Surface, picture: KitSetupPicture, panel: pygame.Rect, px: Scale
) -> None:
    """What the MIDI system is, and what to do when no kit shows."""
    x, y = panel.left + px(28), panel.top + px(20)
    room = panel.width - px(56)
    surface.blit(
        theme.text(fit(_("MIDI system"), px(40), room, True), px(40), theme.TEXT, True), (x, y)
    )
    y += px(58)
    paragraphs = [
        _("Now: {system}.").format(system=picture.midi_system),
        _(
            "Default is your computer's own MIDI (ALSA on Linux, CoreMIDI on a Mac,"
            " WinMM on Windows). Choose JACK if your kit is connected through a JACK server."
        ),
        _(
            "A kit appears on the left as soon as it is plugged in and switched on."
            " Drum controllers (Rock Band and Guitar Hero kits, gamepads) appear too."
            " Hit a pad: its light flashes, and the monitor shows what it sends."
        ),
    ]
    lines: list[str] = []
    for k, paragraph in enumerate(paragraphs):
        lines += [*([""] if k > 1 else []), *wrap(paragraph, px(24), room)]
    for line in lines:
        if y + px(32) > panel.bottom - px(8):
            return
        if line:
            surface.blit(theme.text(line, px(24), theme.DIM), (x, y))
        y += px(32)


def _device_panel(
    surface: pygame.Surface, picture: KitSetupPicture, panel: pygame.Rect, px: Scale
) -> None:
    """The highlighted device: its profile, its input offset and the monitor of its hits."""
    device = picture.devices[picture.selected - 1]
    x, y = panel.left + px(28), panel.top + px(18)
    name = fit(device.name, px(38), panel.width - px(56), True)
    surface.blit(theme.text(name, px(38), theme.TEXT, True), (x, y))
    y += px(48)
    status = _("plugged in") if device.connected else _("not plugged in: plug it in to hear it")
    room = panel.width - px(56)
    surface.blit(
        theme.text(fit(f"{device.kind} · {status}", px(23), room), px(23), theme.DIM), (x, y)
    )
    y += px(40)
    row = pygame.Rect(x - px(10), y, panel.width - px(36), px(56))
    pygame.draw.rect(surface, theme.JACKET_BLUE, row, border_radius=px(10))
    missing_w = 0 if device.profile_found else theme.text_width(_("not found"), px(22)) + px(28)
    box_w = max(px(120), min(px(380), row.right - px(200) - missing_w - row.left - px(8)))
    box = pygame.Rect(row.right - px(8) - missing_w - box_w, row.top, box_w, row.height)
    label_words = fit(_("Kit profile"), px(26), box.left - row.left - px(26))
    label = theme.text(label_words, px(26), theme.DIM)
    surface.blit(label, (row.left + px(18), row.centery - label.get_height() // 2))
    arrow(surface, (box.left + px(8), box.centery), -1, theme.GOLD, px)
    arrow(surface, (box.right - px(8), box.centery), 1, theme.GOLD, px)
    profile = theme.text(fit(device.profile, px(30), box.width - px(50), True), px(30), theme.GOLD)
    surface.blit(
        profile,
        (box.centerx - profile.get_width() // 2, box.centery - profile.get_height() // 2),
    )
    if not device.profile_found:
        missing = theme.text(_("not found"), px(22), theme.WARN)
        surface.blit(missing, (box.right + px(14), box.centery - missing.get_height() // 2))
    y = row.bottom + px(8)
    description = picture.description or " "
    for line in wrap(description, px(21), panel.width - px(56))[:2]:
        surface.blit(theme.text(line, px(21), theme.DIM), (x, y))
        y += px(24)
    y += px(8)
    offset = _("Input offset {ms}  ·  the Calibrate screen measures it").format(
        ms=signed_ms(device.offset_ms)
    )
    surface.blit(theme.text(fit(offset, px(22), room), px(22), theme.DIM), (x, y))
    y += px(38)
    _monitor(surface, picture.monitor, pygame.Rect(x - px(10), y, row.width, panel.bottom - y), px)


def _monitor(
    surface: pygame.Surface, lines: Sequence[HitLine], area: pygame.Rect, px: Scale
) -> None:
    """The last hits, newest on top: pad, cymbal/tom, velocity, ms since the previous one."""
    heading = fit(_("Last hits"), px(26), area.width - px(20), True)
    surface.blit(theme.text(heading, px(26), theme.GOLD, True), (area.left + px(10), area.top))
    box = pygame.Rect(area.left, area.top + px(34), area.width, area.height - px(50))
    pygame.draw.rect(surface, theme.darker(theme.PANEL, 0.35), box, border_radius=px(10))
    if not lines:
        hint = fit(_("Hit a pad: each hit shows here."), px(23), box.width - px(36))
        words = theme.text(hint, px(23), theme.DIM)
        surface.blit(words, (box.left + px(18), box.top + px(14)))
        return
    line_h = px(31)
    shown = min(len(lines), MONITOR_LINES, max(1, (box.height - px(12)) // line_h))
    for i, hit in enumerate(list(lines)[-shown:][::-1]):
        y = box.top + px(8) + i * line_h
        _hit_line(surface, hit, box.left + px(14), y, box.width - px(28), i == 0, px)


def _hit_line(
    surface: pygame.Surface, hit: HitLine, x: int, y: int, width: int, newest: bool, px: Scale
) -> None:
    colour = theme.TEXT if newest else theme.lighter(theme.DIM, 0.2)
    if hit.dropped is not None:
        colour = theme.DIM
    chip = pygame.Rect(x, y + px(5), px(18), px(18))
    if hit.pad is not None:
        lane_colour = theme.LANE_COLOURS[hit.pad.lane]
        if hit.pad.cymbal:
            pygame.draw.circle(surface, lane_colour, chip.center, px(9))
        else:
            pygame.draw.rect(surface, lane_colour, chip, border_radius=px(4))
    else:
        pygame.draw.rect(surface, theme.DIM, chip, 2, border_radius=px(4))
    what = _("no pad") if hit.pad is None else pad_words(hit.pad)
    surface.blit(theme.text(what, px(25), colour, newest), (x + px(30), y))
    velocity = theme.text(_("vel {velocity:3d}").format(velocity=hit.velocity), px(24), colour)
    surface.blit(velocity, (x + px(300), y))
    gap = _("first") if hit.gap_ms is None else _("+{ms:.1f} ms").format(ms=hit.gap_ms)
    gap_text = theme.text(gap, px(24), colour)
    surface.blit(gap_text, (x + px(470) - gap_text.get_width(), y))
    tail = _("note {note} ch {channel}").format(note=hit.note, channel=hit.channel + 1)
    if hit.dropped is not None:
        tail = _("note {note}: {why}").format(note=hit.note, why=_(hit.dropped))
    tail_text = theme.text(fit(tail, px(21), width - px(490)), px(21), theme.DIM)
    surface.blit(tail_text, (x + px(490), y + px(3)))
