"""The results' graphs: the early/late histogram and the error-over-time graph of one player,
each with a millisecond scale and the player's own hit windows as bands; the accuracy of each
lane; and the duet's Goodwill over time with its Harmonies.

Everything is drawn inside a box (pixels of the surface) given by the results' layout; where
there is nothing to plot (no hits), the box says so in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pygame

from game.base.language import N_, _
from game.core.goodwill_history import GoodwillHistory
from game.core.judgement import HitWindows, Judgement
from game.core.lane_accuracy import LaneAccuracy
from game.core.lanes import Lane
from game.core.practice import PassageStat
from game.ui import theme
from game.ui.heat import heat_colour
from game.ui.text_fit import fit

BIN_MS = 5
"""The width of a histogram bar (ms)."""
LANE_NAMES = {
    Lane.KICK: N_("Kick"),
    Lane.RED: N_("Red"),
    Lane.YELLOW: N_("Yellow"),
    Lane.BLUE: N_("Blue"),
    Lane.GREEN: N_("Green"),
}
"""Each lane's name on the results (English: looked up with `_` when drawn)."""
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)
"""A scale's tick steps: these times a power of ten."""
TIME_STEPS_S = (5, 10, 15, 30, 60, 120, 300, 600)
"""The steps (seconds) of a song-time scale."""
BAND_SHADE = 0.22
"""How strongly (0-1) a window's band shows its judgement's colour over the graph's ground."""
EDGE_SHADE = 0.5
"""How strongly (0-1) a window's edges show its judgement's colour."""


def graph_ground() -> tuple[int, int, int]:
    """The colour behind a graph."""
    return theme.darker(theme.PANEL, 0.3)


def band_colour(judgement: Judgement) -> tuple[int, int, int]:
    """The colour of `judgement`'s window band: its colour faint over the graph's ground (never
    the judgement's own colour, which the bars and dots keep)."""
    ground, colour = graph_ground(), theme.JUDGEMENT_COLOURS[judgement]
    return tuple(round(g + (c - g) * BAND_SHADE) for g, c in zip(ground, colour, strict=True))


def edge_colour(judgement: Judgement) -> tuple[int, int, int]:
    """The colour of the edges of `judgement`'s window band: brighter than the band, still not
    the judgement's own colour."""
    ground, colour = graph_ground(), theme.JUDGEMENT_COLOURS[judgement]
    return tuple(round(g + (c - g) * EDGE_SHADE) for g, c in zip(ground, colour, strict=True))


def judgement_for(error_ms: float, windows: HitWindows) -> Judgement:
    """The judgement of a hit `error_ms` from its note in `windows` (Miss outside them)."""
    judgement = windows.result_for(error_ms / 1000.0)
    return Judgement.MISS if judgement is None else judgement


def window_bands(windows: HitWindows) -> list[tuple[float, float, Judgement]]:
    """The hit windows as bands (from ms, to ms, judgement), early to late: Good, Great,
    Perfect, Great, Good."""
    p, g, ok = windows.perfect_s * 1000, windows.great_s * 1000, windows.good_s * 1000
    return [
        (-ok, -g, Judgement.GOOD),
        (-g, -p, Judgement.GREAT),
        (-p, p, Judgement.PERFECT),
        (p, g, Judgement.GREAT),
        (g, ok, Judgement.GOOD),
    ]


def nice_step(span: float, pixels: int, min_gap_px: int) -> float:
    """The smallest step (1, 2, 2.5 or 5 times a power of ten) whose ticks over `span` units
    drawn across `pixels` pixels lie at least `min_gap_px` apart."""
    if span <= 0 or pixels <= 0:
        return max(span, 1.0)
    least = span * min_gap_px / pixels
    power = 10.0 ** math.floor(math.log10(max(least, 1e-9)))
    for scale in (1.0, 10.0):
        for step in NICE_STEPS:
            if step * power * scale >= least - 1e-9:
                return step * power * scale
    return least


def ms_ticks(reach_ms: float, pixels: int, min_gap_px: int) -> list[float]:
    """The labelled ticks (ms) of a scale from -`reach_ms` to +`reach_ms` across `pixels`
    pixels: 0 and whole steps each side, at least `min_gap_px` apart."""
    step = nice_step(2 * reach_ms, pixels, min_gap_px)
    count = math.floor(reach_ms / step + 1e-9)
    return [k * step for k in range(-count, count + 1)]


def ms_label(ms: float) -> str:
    """A tick's label: "0", "+25", "-12.5" (ms, no unit: the graph's title gives it)."""
    if abs(ms) < 1e-9:
        return "0"
    words = f"{ms:+.1f}" if abs(ms - round(ms)) > 1e-9 else f"{round(ms):+d}"
    return words


def time_label(seconds: float) -> str:
    """A song time as minutes and seconds ("1:05")."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def x_of_ms(plot: pygame.Rect, reach_ms: float, ms: float) -> int:
    """The x pixel of `ms` on a horizontal scale from -`reach_ms` (left edge of `plot`) to
    +`reach_ms` (right edge)."""
    share = (min(max(ms, -reach_ms), reach_ms) + reach_ms) / (2 * reach_ms)
    return plot.left + round(share * (plot.width - 1))


def y_of_ms(plot: pygame.Rect, reach_ms: float, ms: float) -> int:
    """The y pixel of `ms` on a vertical scale from -`reach_ms` (early, at the top of `plot`)
    to +`reach_ms` (late, at the bottom)."""
    share = (min(max(ms, -reach_ms), reach_ms) + reach_ms) / (2 * reach_ms)
    return plot.top + round(share * (plot.height - 1))


def _label_size(box: pygame.Rect) -> int:
    """The text size of a graph's scale and title in a box (pixels)."""
    return 15 if box.height >= 110 else 13


def _empty(surface: pygame.Surface, plot: pygame.Rect, words: str, size: int) -> None:
    """`words` in the middle of an empty plot."""
    line = theme.text(fit(words, size, plot.width - 8), size, theme.DIM)
    surface.blit(line, line.get_rect(center=plot.center))


def histogram_plot(box: pygame.Rect) -> pygame.Rect:
    """Where the histogram's bars go in its `box`: under its title, above its ms scale."""
    size = _label_size(box)
    top = size + 8
    return pygame.Rect(box.left + 6, box.top + top, box.width - 12, box.height - top - size - 8)


def draw_histogram(
    surface: pygame.Surface,
    box: pygame.Rect,
    errors_ms: Sequence[float],
    windows: HitWindows,
    reach_ms: float,
) -> None:
    """Early (left) to late (right) counts of hit errors in `BIN_MS` bins over ±`reach_ms`, on
    the player's window bands, each bar stacked by the judgements of its hits (best at the
    bottom), with a labelled ms scale under it."""
    size = _label_size(box)
    pygame.draw.rect(surface, graph_ground(), box, border_radius=6)
    plot = histogram_plot(box)
    for lo, hi, judgement in window_bands(windows):
        x0, x1 = x_of_ms(plot, reach_ms, lo), x_of_ms(plot, reach_ms, hi)
        pygame.draw.rect(surface, band_colour(judgement), (x0, plot.top, x1 - x0, plot.height))
    for lo, hi, judgement in window_bands(windows):  # each window's edges, a little brighter
        for x in (x_of_ms(plot, reach_ms, lo), x_of_ms(plot, reach_ms, hi)):
            pygame.draw.line(surface, edge_colour(judgement), (x, plot.top), (x, plot.bottom))
    _title_row(surface, box, size, _("early"), _("Hit errors (ms)"), _("late"))
    centre = x_of_ms(plot, reach_ms, 0.0)
    if len(errors_ms):
        bins = np.arange(-reach_ms, reach_ms + BIN_MS, BIN_MS)
        errors = np.clip(np.asarray(errors_ms, dtype=float), -reach_ms, reach_ms)
        judged = np.array([judgement_for(e, windows) for e in errors_ms], dtype=int)
        per_judgement = [np.histogram(errors[judged == j], bins)[0] for j in Judgement]
        counts = np.sum(per_judgement, axis=0)
        scale = (plot.height - 4) / max(int(counts.max()), 1)
        for k in range(len(counts)):
            x0 = x_of_ms(plot, reach_ms, bins[k])
            x1 = x_of_ms(plot, reach_ms, bins[k + 1])
            below = 0
            for j, part in zip(Judgement, per_judgement, strict=True):
                if not part[k]:
                    continue
                y0 = plot.bottom - round(below * scale)
                y1 = plot.bottom - round((below + part[k]) * scale)
                bar = (x0 + 1, y1, max(1, x1 - x0 - 1), max(1, y0 - y1))
                pygame.draw.rect(surface, theme.JUDGEMENT_COLOURS[j], bar)
                below += part[k]
    pygame.draw.line(surface, theme.TEXT, (centre, plot.top), (centre, plot.bottom))
    pygame.draw.line(surface, theme.DIM, plot.bottomleft, plot.bottomright)
    gap = theme.text_width("+100.0", size) + 16
    for ms in ms_ticks(reach_ms, plot.width, gap):
        x = x_of_ms(plot, reach_ms, ms)
        pygame.draw.line(surface, theme.DIM, (x, plot.bottom), (x, plot.bottom + 3))
        label = theme.text(ms_label(ms), size, theme.DIM)
        at = label.get_rect(midtop=(x, plot.bottom + 4))
        at.clamp_ip(box)
        surface.blit(label, at)
    if not len(errors_ms):
        _empty(surface, plot, _("No hits to plot"), size + 2)


def heat_px(box: pygame.Rect) -> int:
    """The height (pixels) of the bars' heat strip over the error-over-time graph in `box`."""
    return max(4, _label_size(box) // 2)


def timeline_plot(box: pygame.Rect, heat: bool = False) -> pygame.Rect:
    """Where the error-over-time dots go in its `box`: right of its ms scale, under its title
    (and the bars' heat strip, with `heat`), above its time scale."""
    size = _label_size(box)
    left = theme.text_width("+100.0", size) + 10
    top = size + 8 + (heat_px(box) + 3 if heat else 0)
    return pygame.Rect(
        box.left + left, box.top + top, box.width - left - 8, box.height - top - size - 8
    )


def draw_timeline(
    surface: pygame.Surface,
    box: pygame.Rect,
    errors_ms: Sequence[float],
    hit_times_s: Sequence[float],
    windows: HitWindows,
    reach_ms: float,
    length_s: float,
    bars: Sequence[PassageStat] = (),
) -> None:
    """Each hit's error (early up, late down, ±`reach_ms`) against its time in the song (left
    to right over `length_s`), a dot coloured by its judgement, on the player's window bands;
    a labelled ms scale at the left, song time under it; above the dots, each bar of the song
    coloured by its accuracy (`bars`: the heat map, the same time scale)."""
    size = _label_size(box)
    pygame.draw.rect(surface, graph_ground(), box, border_radius=6)
    plot = timeline_plot(box, bool(bars))
    if bars:
        strip = pygame.Rect(plot.left, plot.top - heat_px(box) - 3, plot.width, heat_px(box))
        length = max(length_s, 1e-6)
        for bar in bars:
            if not bar.notes:
                continue
            left = plot.left + round((plot.width - 1) * min(bar.start_s / length, 1.0))
            right = plot.left + round((plot.width - 1) * min(bar.end_s / length, 1.0))
            spot = (left, strip.top, max(1, right - left - 1), strip.height)
            pygame.draw.rect(surface, heat_colour(bar.accuracy), spot)
    for lo, hi, judgement in window_bands(windows):
        y0, y1 = y_of_ms(plot, reach_ms, lo), y_of_ms(plot, reach_ms, hi)
        pygame.draw.rect(surface, band_colour(judgement), (plot.left, y0, plot.width, y1 - y0))
    for lo, hi, judgement in window_bands(windows):  # each window's edges, a little brighter
        for y in (y_of_ms(plot, reach_ms, lo), y_of_ms(plot, reach_ms, hi)):
            pygame.draw.line(surface, edge_colour(judgement), (plot.left, y), (plot.right - 1, y))
    _title_row(surface, box, size, _("Error over time (ms)"), "", "")
    mid = y_of_ms(plot, reach_ms, 0.0)
    pygame.draw.line(surface, theme.DIM, (plot.left, mid), (plot.right - 1, mid))
    for ms in ms_ticks(reach_ms, plot.height, size + 6):
        y = y_of_ms(plot, reach_ms, ms)
        pygame.draw.line(surface, theme.DIM, (plot.left - 3, y), (plot.left, y))
        label = theme.text(ms_label(ms), size, theme.DIM)
        at = label.get_rect(midright=(plot.left - 5, y))
        at.clamp_ip(pygame.Rect(box.left, plot.top, plot.left - box.left, plot.height))
        surface.blit(label, at)
    length_s = max(length_s, 1e-6)
    gap = theme.text_width("00:00", size) + 16
    step = next((s for s in TIME_STEPS_S if plot.width * s / length_s >= gap), TIME_STEPS_S[-1])
    t = 0.0
    while t <= length_s + 1e-9:
        x = plot.left + round((plot.width - 1) * t / length_s)
        pygame.draw.line(surface, theme.DIM, (x, plot.bottom), (x, plot.bottom + 3))
        label = theme.text(time_label(t), size, theme.DIM)
        at = label.get_rect(midtop=(x, plot.bottom + 4))
        at.clamp_ip(box)
        surface.blit(label, at)
        t += step
    radius = max(2, min(4, plot.height // 30))
    for t, e in zip(hit_times_s, errors_ms, strict=True):
        x = plot.left + round((plot.width - 1) * min(max(t / length_s, 0.0), 1.0))
        y = y_of_ms(plot, reach_ms, e)
        colour = theme.JUDGEMENT_COLOURS[judgement_for(e, windows)]
        pygame.draw.circle(surface, colour, (x, y), radius)
    if not len(errors_ms):
        _empty(surface, plot, _("No hits to plot"), size + 2)


def _title_row(
    surface: pygame.Surface, box: pygame.Rect, size: int, left: str, middle: str, right: str
) -> None:
    """A graph's title row: words at the left, in the middle and at the right of `box`'s top,
    each in its own share of the width."""
    y = box.top + 3
    room = box.width - 12
    if not middle and not right:
        surface.blit(theme.text(fit(left, size, room), size, theme.DIM), (box.left + 6, y))
        return
    side = room // 5
    lw = theme.text(fit(left, size, side), size, theme.DIM)
    rw = theme.text(fit(right, size, side), size, theme.DIM)
    mw = theme.text(fit(middle, size, room - 2 * side - 16), size, theme.DIM)
    surface.blit(lw, (box.left + 6, y))
    surface.blit(rw, (box.right - 6 - rw.get_width(), y))
    surface.blit(mw, (box.centerx - mw.get_width() // 2, y))


def percent(share: float) -> str:
    """A share (0-1) as a percentage with one decimal ("97.5%")."""
    return f"{share * 100:.1f}%"


def draw_lane_row(
    surface: pygame.Surface, box: pygame.Rect, lanes: Sequence[LaneAccuracy], size: int
) -> None:
    """The accuracy of each lane side by side in `box`: a swatch of the lane's colour, its name
    when there is room, and its accuracy ("-" before a note of it is judged)."""
    if not lanes:
        return
    cell = box.width // len(lanes)
    for k, lane in enumerate(lanes):
        x = box.left + k * cell
        swatch = pygame.Rect(x, box.centery - size // 2, max(6, size // 2), size)
        pygame.draw.rect(surface, theme.LANE_COLOURS[lane.lane], swatch, border_radius=3)
        room = cell - swatch.width - 12
        value = "-" if lane.accuracy is None else percent(lane.accuracy)
        words = f"{_(LANE_NAMES[lane.lane])} {value}"
        if theme.text_width(words, size) > room:
            words = fit(value, size, room)
        line = theme.text(words, size, theme.TEXT)
        surface.blit(line, line.get_rect(midleft=(swatch.right + 5, box.centery)))


def draw_lane_list(
    surface: pygame.Surface, box: pygame.Rect, lanes: Sequence[LaneAccuracy], size: int
) -> None:
    """The accuracy of each lane one under another in `box`: the lane's colour and name, a bar
    as long as its accuracy, the percentage and how many of its notes were hit."""
    if not lanes:
        return
    step = box.height // len(lanes)
    name_w = max(theme.text_width(_(LANE_NAMES[x.lane]), size) for x in lanes) + 8
    value_w = max(theme.text_width(f"100.0%  {x.hit}/{x.notes}", size) for x in lanes) + 8
    bar_w = box.width - 14 - name_w - value_w
    for k, lane in enumerate(lanes):
        y = box.top + k * step + step // 2
        colour = theme.LANE_COLOURS[lane.lane]
        pygame.draw.rect(surface, colour, (box.left, y - size // 2, 8, size), border_radius=3)
        name = theme.text(fit(_(LANE_NAMES[lane.lane]), size, name_w - 4), size, theme.TEXT)
        surface.blit(name, name.get_rect(midleft=(box.left + 14, y)))
        if bar_w > 20:
            track = pygame.Rect(box.left + 14 + name_w, y - size // 3, bar_w, 2 * (size // 3))
            pygame.draw.rect(surface, graph_ground(), track, border_radius=3)
            if lane.accuracy:
                filled = track.copy()
                filled.width = max(2, round(track.width * lane.accuracy))
                pygame.draw.rect(surface, colour, filled, border_radius=3)
        value = "-" if lane.accuracy is None else percent(lane.accuracy)
        words = fit(f"{value}  {lane.hit}/{lane.notes}", size, value_w - 4)
        line = theme.text(words, size, theme.TEXT)
        surface.blit(line, line.get_rect(midright=(box.right, y)))


def goodwill_plot(box: pygame.Rect) -> pygame.Rect:
    """Where the Goodwill line goes in its `box`: under its title, right of its 0-100 scale."""
    size = _label_size(box)
    left = theme.text_width("100", size) + 10
    top = size + 8
    return pygame.Rect(box.left + left, box.top + top, box.width - left - 8, box.height - top - 8)


def draw_goodwill(
    surface: pygame.Surface,
    box: pygame.Rect,
    history: GoodwillHistory | None,
    length_s: float,
    threshold: int,
) -> None:
    """The Goodwill meter (0-100) over the song (left to right over `length_s`): a line over
    gold bands where Harmony ran, the `threshold` that lets Harmony start marked; a plain
    message when the meter never rose."""
    size = _label_size(box)
    pygame.draw.rect(surface, graph_ground(), box, border_radius=6)
    plot = goodwill_plot(box)
    surface.blit(
        theme.text(fit(_("Goodwill over time"), size, box.width - 12), size, theme.DIM),
        (box.left + 6, box.top + 3),
    )
    length_s = max(length_s, 1e-6)

    def x_at(t: float) -> int:
        return plot.left + round((plot.width - 1) * min(max(t / length_s, 0.0), 1.0))

    def y_at(value: float) -> int:
        return plot.bottom - 1 - round((plot.height - 1) * min(max(value, 0.0), 100.0) / 100.0)

    glow = theme.darker(theme.HARMONY_GLOW, 0.6)
    word = _("Harmony")
    for start, end in history.harmonies if history is not None else ():
        x0, x1 = x_at(start), x_at(end)
        pygame.draw.rect(surface, glow, (x0, plot.top, max(1, x1 - x0), plot.height))
        if theme.text_width(word, size) + 8 <= x1 - x0:
            label = theme.text(word, size, theme.HARMONY_GLOW)
            surface.blit(label, label.get_rect(midbottom=((x0 + x1) // 2, plot.bottom - 3)))
    for value in (0, threshold, 100):
        y = y_at(value)
        pygame.draw.line(surface, theme.DIM, (plot.left - 3, y), (plot.right - 1, y))
        label = theme.text(str(value), size, theme.DIM)
        at = label.get_rect(midright=(plot.left - 5, y))
        at.clamp_ip(pygame.Rect(box.left, plot.top, plot.left - box.left, box.bottom - plot.top))
        surface.blit(label, at)
    if history is None or not len(history.times_s) or not np.any(history.goodwill > 0):
        _empty(surface, plot, _("No Goodwill this time"), size + 2)
        return
    points = [(x_at(t), y_at(v)) for t, v in zip(history.times_s, history.goodwill, strict=True)]
    if len(points) > 1:
        pygame.draw.lines(surface, theme.GOLD, False, points, 2)
