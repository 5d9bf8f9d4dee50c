"""Counts before the notes: the count-in on the beats of the lead-in at a song's start, and the
3-2-1 count after the pause menu's Resume (the song stays paused while it counts).

The beats are the song's own (its tempo map), so a player hears and sees where the music
goes on; each number shows for one beat, shrinking and fading as the beat passes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.base.language import _
from game.core.tempo import TempoMap
from game.ui import theme
from game.ui.text_boxes import dialog, note_line, panel, style_of
from game.ui.text_fit import fit

RESUME_COUNTS = 3
"""How many beats the count after Resume lasts ("3", "2", "1")."""
RESUME_BEAT_MIN_S = 0.5
RESUME_BEAT_MAX_S = 1.0
"""The count after Resume goes at the song's beat where it stopped, kept between these (s):
a fast song still gives the hands time to find the kit, a slow one does not keep them waiting."""


@dataclass(frozen=True, slots=True)
class CountBeat:
    """One number of a count: shown from `start_s` for `length_s` seconds (song seconds for the
    count-in, the loop's seconds for the count after Resume)."""

    start_s: float
    length_s: float
    label: str


def count_in_beats(tempo: TempoMap, lead_in_s: float) -> tuple[CountBeat, ...]:
    """The count-in of a song with `lead_in_s` seconds of lead-in: the beats of one bar (of the
    song's first time signature and tempo) that end where its first bar begins, numbered as a
    drummer counts them in ("1 2 3 4" in 4/4), each inside the lead-in (song seconds < 0 and
    >= -`lead_in_s`); a bar longer than the lead-in keeps its last beats ("2 3 4")."""
    sig = tempo.time_signatures[0]
    beat_ticks = tempo.resolution * 4.0 / sig.denominator
    bar_s = tempo.second(0.0)
    beat_s = tempo.second(beat_ticks) - bar_s
    if not beat_s > 0:
        return ()
    beats = []
    for k in range(sig.numerator, 0, -1):
        start = bar_s - k * beat_s
        if -lead_in_s - 1e-9 <= start < 0.0:
            beats.append(CountBeat(start, beat_s, str(sig.numerator - k + 1)))
    return tuple(beats)


def resume_beats(tempo: TempoMap, song_s: float, from_s: float) -> tuple[CountBeat, ...]:
    """The count after Resume, starting at `from_s` (the loop's seconds): "3", "2", "1", each
    one beat of the song at `song_s` where it stopped (kept within `RESUME_BEAT_MIN_S` and
    `RESUME_BEAT_MAX_S`)."""
    beat_s = 60.0 / max(tempo.bpm_at(max(song_s, 0.0)), 1e-6)
    beat_s = min(max(beat_s, RESUME_BEAT_MIN_S), RESUME_BEAT_MAX_S)
    return tuple(
        CountBeat(from_s + i * beat_s, beat_s, str(RESUME_COUNTS - i)) for i in range(RESUME_COUNTS)
    )


def beat_at(beats: tuple[CountBeat, ...], t: float) -> tuple[CountBeat, float] | None:
    """The beat of `beats` showing at `t` and how far (0-1) into it, or None outside them all."""
    for beat in beats:
        if beat.start_s <= t < beat.start_s + beat.length_s:
            return beat, (t - beat.start_s) / beat.length_s
    return None


def count_ends_s(beats: tuple[CountBeat, ...]) -> float:
    """When the last beat of `beats` ends (-inf without beats)."""
    return max((b.start_s + b.length_s for b in beats), default=-math.inf)


def _number(label: str, size: int, fraction: float, colour: tuple[int, int, int]) -> pygame.Surface:
    """`label` in the display font, shrinking a little and fading as its beat passes."""
    line = theme.text(label, max(8, round(size * (1.0 - 0.25 * fraction))), colour, True, True)
    if fraction > 0.7:
        style = style_of(line)
        line = line.copy()  # the cached line stays opaque
        line.set_alpha(round(255 * max(0.0, 1.0 - (fraction - 0.7) * 2.2)))
        if style is not None:  # the faded copy shows the same words (a layout test reads them)
            note_line(line, style)
    return line


def draw_count_in(
    surface: pygame.Surface, boxes: list[pygame.Rect], label: str, fraction: float, scale: float
) -> None:
    """The count-in's number (`label`, `fraction` into its beat) two fifths down each player's
    highway box in `boxes` (pixels), clear of the name at its top: `scale` times its size at
    1280×720, smaller on a low highway."""
    for box in boxes:
        size = max(12, min(round(96 * scale), box.height // 5))
        line = _number(label, size, fraction, theme.GOLD)
        centre = (box.centerx, box.top + box.height * 2 // 5)
        with panel(surface, box):
            surface.blit(line, line.get_rect(center=centre))


def draw_resume_count(surface: pygame.Surface, label: str, fraction: float) -> None:
    """The count after Resume over the frozen play screen: the screen lightly dimmed and, on a
    plate in the middle, the number (`label`, `fraction` into its beat) large, "Get ready" and
    how to pause again under it."""
    w, h = surface.get_size()
    k = max(1.0, min(w / 1280, h / 720))

    def px(length: float) -> int:
        return max(1, round(length * k))

    dialog(surface, shade=110)
    plate = pygame.Rect(0, 0, min(px(340), w - 16), min(px(300), h - 16))
    plate.center = (w // 2, h // 2)
    back = pygame.Surface(plate.size, pygame.SRCALPHA)
    pygame.draw.rect(back, (*theme.PANEL, 225), back.get_rect(), border_radius=px(18))
    surface.blit(back, plate.topleft)
    with panel(surface, plate):
        room = plate.width - px(24)
        size = min(px(150), plate.height * 9 // 20)
        number = _number(label, size, fraction, theme.TEXT)
        surface.blit(
            number, number.get_rect(center=(plate.centerx, plate.top + plate.height * 7 // 20))
        )
        ready_px = min(px(28), plate.height // 10)
        words = fit(_("Get ready"), ready_px, room, True)
        ready = theme.text(words, ready_px, theme.GOLD, True)
        surface.blit(
            ready, ready.get_rect(midtop=(plate.centerx, plate.top + plate.height * 68 // 100))
        )
        hint_px = min(px(20), plate.height // 14)
        hint = theme.text(fit(_("Esc: pause again"), hint_px, room), hint_px, theme.DIM)
        surface.blit(hint, hint.get_rect(midbottom=(plate.centerx, plate.bottom - px(14))))
