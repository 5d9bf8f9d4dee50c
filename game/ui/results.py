"""The results screen: per player the facts, the accuracy of each lane, an early/late histogram
and a hit-error-over-time graph (ms scales, the player's own window bands) and the high scores;
for a duet the team's panel (Sync %, Tightness, Harmonies, awards, Goodwill over time).

One player's results take the whole width: facts, lanes and high scores in a column at the left,
the two graphs large at the right. A duet's two players share the width, each panel stacked:
facts, a row of lane accuracies, the graphs side by side, the high scores when there is room.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pygame

from game.base.language import N_, _
from game.core.duet import HARMONY_THRESHOLD, TeamStats
from game.core.goodwill_history import GoodwillHistory
from game.core.judgement import HitWindows
from game.core.lane_accuracy import LaneAccuracy
from game.core.practice import PassageStat
from game.core.report import PlayerReport
from game.ui import theme
from game.ui.results_graphs import (
    BIN_MS,
    draw_goodwill,
    draw_histogram,
    draw_lane_list,
    draw_lane_row,
    draw_timeline,
    judgement_for,
)
from game.ui.text_boxes import panel as text_panel
from game.ui.text_fit import fit, fit_lines

__all__ = ["BIN_MS", "judgement_for"]  # kept here for the callers of before

HISTOGRAM_MS = 90
"""The histogram and error graph reach at least ±this many ms (the standard Good window); a
player's wider windows widen them."""
GRADE_COLOURS = {
    "SS": theme.GOLD,
    "S": theme.GOLD,
    "A": (130, 240, 140),
    "B": (120, 230, 255),
    "C": theme.TEXT,
    "D": theme.WARN,
}
AWARD_NAMES = {"signed-drumsticks": N_("Signed Drumsticks")}
"""Each award's name (English: looked up with `_` when drawn)."""
NOTICE_PX = 22  # text size of the notice line(s) under the title band
FOOTER_H = 32
"""The keys' line at the bottom (pixels)."""
HINT_PX = 19
PAD = 12
"""The inner margin of a panel (pixels)."""
MIN_GRAPH_H, PREF_GRAPH_H, MAX_GRAPH_H = 90, 120, 280
"""A graph's least height, the height high scores give way to, and its most (pixels)."""
TEXT_PLANS = ((30, 72, 24, 30, 5), (26, 60, 22, 26, 3), (24, 52, 20, 23, 2), (22, 46, 18, 21, 1))
TEXT_PLANS += ((20, 40, 16, 19, 0), (18, 36, 15, 17, 0))
"""(name, grade, fact sizes, fact line step, most high scores), roomiest first: the first that
leaves room for the graphs."""


@dataclass
class PlayerResults:
    """What the results screen shows of one player."""

    name: str
    stats: PlayerReport
    errors_ms: list[float]
    hit_times_s: list[float]
    high_scores: list[tuple[str, int, str]]  # (name, score, grade)
    windows: HitWindows = field(default_factory=HitWindows)
    """The player's own hit windows (their preset): they colour the graphs."""
    lanes: tuple[LaneAccuracy, ...] = ()
    """The accuracy of each lane that has notes (kick first)."""
    bars: tuple[PassageStat, ...] = ()
    """Each bar of the song as played (the heat strip over the error-over-time graph)."""

    @property
    def reach_ms(self) -> int:
        """How far (ms) the graphs reach each side: the player's Good window, in whole bars,
        and at least `HISTOGRAM_MS`."""
        good_ms = self.windows.good_s * 1000.0
        return max(HISTOGRAM_MS, BIN_MS * math.ceil(good_ms / BIN_MS - 1e-9))

    def facts(self) -> list[str]:
        """The lines of facts: score, accuracy, max combo, judgement counts, mean and spread."""
        s = self.stats
        combo = _("Max combo {combo}  FULL COMBO") if s.full_combo else _("Max combo {combo}")
        lines = [
            _("Score {score:,}").format(score=s.score),
            _("Accuracy {percent:.2f}%").format(percent=s.accuracy * 100),
            combo.format(combo=s.max_combo),
            _(
                "Perfect {perfect}  Great {great}  Good {good}  Miss {miss}  Overhit {overhit}"
            ).format(**s.counts.to_json()),
        ]
        if s.mean_error_ms is not None and s.stdev_error_ms is not None:
            lines.append(
                _("Mean {mean:+.1f} ms  spread {spread:.1f} ms").format(
                    mean=s.mean_error_ms, spread=s.stdev_error_ms
                )
            )
        return lines


@dataclass(frozen=True)
class GraphBoxes:
    """Where one player's graphs are drawn: the early/late histogram and the error-over-time
    graph (pixels of the surface)."""

    histogram: pygame.Rect
    timeline: pygame.Rect


@dataclass(frozen=True)
class PlayerLayout:
    """Where one player's results go (pixels): the panel; the name, grade and facts' text sizes
    and line step; the facts' top and the width they may take; the lanes' box (a row in a duet,
    a list alone); the graphs; the high scores' top and how many of them show."""

    panel: pygame.Rect
    name_px: int
    grade_px: int
    fact_px: int
    step: int
    lanes: pygame.Rect
    graphs: GraphBoxes
    scores_top: int
    rows: int
    column: int
    """The width (pixels) of the facts' column: the panel's inner width, or the left column's."""


def results_pad_hint() -> str:
    """How a kit's pads leave the results (green selects, red goes back: both to song select)."""
    return _("Drum kit: green or red pad: song select")


def _scores_h(rows: int) -> int:
    """The height of the high scores' heading and `rows` lines (pixels)."""
    return 12 + 26 + 22 * rows if rows else 0


def stacked_layout(panel: pygame.Rect, lines: int, scores: int = 5) -> PlayerLayout:
    """A duet player's `panel`: facts (`lines` of them), the lanes' row, the two graphs side by
    side and as many of the `scores` high scores as leave the graphs `PREF_GRAPH_H`. The text
    is the roomiest that leaves the graphs `PREF_GRAPH_H` and one high score, else the graphs
    `PREF_GRAPH_H`, else `MIN_GRAPH_H`."""
    inner = panel.width - 2 * PAD

    def plan_for(plan: tuple[int, int, int, int, int]) -> tuple[pygame.Rect, int]:
        name_px, _grade, fact_px, step, _most = plan
        facts_top = panel.top + PAD + round(name_px * 1.25)
        lanes = pygame.Rect(panel.left + PAD, facts_top + step * lines + 6, inner, fact_px + 8)
        return lanes, panel.bottom - PAD - (lanes.bottom + 8)

    wants = (PREF_GRAPH_H + _scores_h(min(1, scores)), PREF_GRAPH_H, MIN_GRAPH_H)
    fits = (p for want in wants for p in TEXT_PLANS if plan_for(p)[1] >= want)
    plan = next(fits, TEXT_PLANS[-1])
    name_px, grade_px, fact_px, step, most = plan
    lanes, room = plan_for(plan)
    graphs_top = lanes.bottom + 8
    most = min(most, scores)
    rows = next((r for r in range(most, 0, -1) if room - _scores_h(r) >= PREF_GRAPH_H), 0)
    graph_h = max(40, min(room - _scores_h(rows), MAX_GRAPH_H))
    half = (inner - 16) // 2
    graphs = GraphBoxes(
        pygame.Rect(panel.left + PAD, graphs_top, half, graph_h),
        pygame.Rect(panel.left + PAD + half + 16, graphs_top, half, graph_h),
    )
    column = inner
    return PlayerLayout(
        panel, name_px, grade_px, fact_px, step, lanes, graphs, graphs_top + graph_h, rows, column
    )


def solo_layout(panel: pygame.Rect, lines: int, lane_count: int, scores: int = 5) -> PlayerLayout:
    """One player's `panel` across the whole width: a left column of facts (`lines`), the
    accuracy of each of `lane_count` lanes and the high scores; the histogram over the
    error-over-time graph, both large, at the right."""
    column = max(300, min(round(panel.width * 0.4), 520))
    right = pygame.Rect(panel.left + PAD + column + 20, panel.top + PAD, 0, 0)
    right.width = panel.right - PAD - right.left
    right.height = panel.height - 2 * PAD
    half = (right.height - 14) // 2
    graphs = GraphBoxes(
        pygame.Rect(right.left, right.top, right.width, half),
        pygame.Rect(right.left, right.top + half + 14, right.width, half),
    )
    rows_of_lanes = max(lane_count, 1)

    def plan_for(plan: tuple[int, int, int, int, int]) -> tuple[pygame.Rect, int]:
        name_px, _grade, fact_px, step, _most = plan
        heading = panel.top + PAD + round(name_px * 1.25) + step * lines + 8
        lanes = pygame.Rect(
            panel.left + PAD, heading + fact_px + 10, column, rows_of_lanes * (fact_px + 8)
        )
        return lanes, panel.bottom - PAD - lanes.bottom

    # the roomiest text that leaves room for two high scores, else for the lanes
    wants = (_scores_h(min(2, scores)), 0)
    fits = (p for want in wants for p in TEXT_PLANS if plan_for(p)[1] >= want)
    plan = next(fits, TEXT_PLANS[-1])
    name_px, grade_px, fact_px, step, most = plan
    lanes, room = plan_for(plan)
    rows = next((r for r in range(min(most, scores), 0, -1) if _scores_h(r) <= room), 0)
    return PlayerLayout(
        panel, name_px, grade_px, fact_px, step, lanes, graphs, lanes.bottom, rows, column
    )


class ResultsView:
    """Draws the results of a finished play; `team` is the duet's team results or None, and
    `goodwill` its meter over the song; `notice` a line for the players (their play was kept for
    a busy score book), wrapped under the title.

    After `draw`, `notice_rect`, `panel_rects` and `team_rect` hold where the notice, the players'
    panels and the team's panel went (for tests of the layout)."""

    def __init__(
        self,
        title: str,
        players: list[PlayerResults],
        team: TeamStats | None,
        length_s: float,
        notice: str | None = None,
        goodwill: GoodwillHistory | None = None,
        offer: str | None = None,
    ) -> None:
        """`offer`: the words offering to practise the worst passage (None: nothing to offer)."""
        self.title = title
        self.offer = offer
        self.players = players
        self.team = team
        self.length_s = max(length_s, 1e-6)
        self.notice = notice
        self.goodwill = goodwill
        self.notice_rect: pygame.Rect | None = None
        self.panel_rects: list[pygame.Rect] = []
        self.team_rect: pygame.Rect | None = None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the results onto `surface` (any size)."""
        w, h = surface.get_size()
        surface.fill(theme.BACKGROUND)
        pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
        heading = fit(_("Results — {title}").format(title=self.title), 44, w - 48, True)
        surface.blit(theme.text(heading, 44, theme.TEXT, True), (24, 16))
        self.notice_rect = None
        if self.notice:
            lines = self._notice_lines((w, h))
            self.notice_rect = pygame.Rect(24, 78, w - 48, 26 * len(lines))
            for k, line in enumerate(lines):
                surface.blit(theme.text(line, NOTICE_PX, theme.GOLD), (24, 78 + 26 * k))
        layouts = self.layouts((w, h))
        self.panel_rects = [lay.panel for lay in layouts]
        for lay, p in zip(layouts, self.players, strict=True):
            with text_panel(surface, lay.panel):
                self._player(surface, lay, p)
        self.team_rect = self._team_rect((w, h))
        if self.team is not None and self.team_rect is not None:
            with text_panel(surface, self.team_rect):
                self._team(surface, self.team_rect, self.team)
        self._footer(surface)

    def layouts(self, size: tuple[int, int]) -> list[PlayerLayout]:
        """Where each player's results go on a surface of `size` pixels (as `draw` places them)."""
        out = []
        for r, p in self._panels(size):
            if len(self.players) == 1:
                out.append(solo_layout(r, len(p.facts()), len(p.lanes), len(p.high_scores)))
            else:
                out.append(stacked_layout(r, len(p.facts()), len(p.high_scores)))
        return out

    def graph_boxes(self, size: tuple[int, int]) -> list[GraphBoxes]:
        """Each player's graph boxes on a surface of `size` pixels (as `draw` places them)."""
        return [lay.graphs for lay in self.layouts(size)]

    def _footer(self, surface: pygame.Surface) -> None:
        """The keys that leave the results, at the bottom right: the keyboard's, then the kit's."""
        w, h = surface.get_size()
        half = (w - 48) // 2 - 12
        pads = theme.text(fit(results_pad_hint(), HINT_PX, half), HINT_PX, theme.DIM)
        keys = theme.text(fit(_("Enter or Esc: song select"), HINT_PX, half), HINT_PX, theme.DIM)
        y = h - FOOTER_H + (FOOTER_H - pads.get_height()) // 2 - 2
        surface.blit(pads, (w - 24 - pads.get_width(), y))
        keys_x = w - 24 - pads.get_width() - 28 - keys.get_width()
        surface.blit(keys, (keys_x, y))
        if self.offer:
            room = keys_x - 28 - 24
            offer = theme.text(fit(self.offer, HINT_PX, room), HINT_PX, theme.GOLD)
            surface.blit(offer, (24, y))

    def _player(self, surface: pygame.Surface, lay: PlayerLayout, p: PlayerResults) -> None:
        r = lay.panel
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=12)
        x, column_right = r.left + PAD, r.left + PAD + lay.column
        colour = GRADE_COLOURS.get(p.stats.grade, theme.TEXT)
        grade = theme.text(p.stats.grade, lay.grade_px, colour, True)
        grade_at = (column_right - grade.get_width(), r.top + PAD - lay.grade_px // 8)
        surface.blit(grade, grade_at)
        beside = lay.column - grade.get_width() - 16  # the room left of the grade
        name = theme.text(fit(p.name, lay.name_px, beside, True), lay.name_px, theme.TEXT, True)
        surface.blit(name, (x, r.top + PAD))
        grade_bottom = grade_at[1] + grade.get_height()
        y = r.top + PAD + round(lay.name_px * 1.25)
        for line in p.facts():
            room = beside if y + lay.step // 2 < grade_bottom else lay.column
            words = fit(line, lay.fact_px, room)
            surface.blit(theme.text(words, lay.fact_px, theme.TEXT), (x, y))
            y += lay.step
        if len(self.players) == 1:
            head = fit(_("Accuracy per lane"), lay.fact_px, lay.column, True)
            heading = theme.text(head, lay.fact_px, theme.DIM, True)
            surface.blit(heading, (x, lay.lanes.top - lay.fact_px - 8))
            draw_lane_list(surface, lay.lanes, p.lanes, lay.fact_px)
        else:
            draw_lane_row(surface, lay.lanes, p.lanes, lay.fact_px)
        boxes = lay.graphs
        draw_histogram(surface, boxes.histogram, p.errors_ms, p.windows, p.reach_ms)
        draw_timeline(
            surface,
            boxes.timeline,
            p.errors_ms,
            p.hit_times_s,
            p.windows,
            p.reach_ms,
            self.length_s,
            p.bars,
        )
        if lay.rows:
            self._high_scores(surface, x, lay.scores_top + 12, lay.column, p, lay.rows)

    def _high_scores(
        self, surface: pygame.Surface, x: int, y: int, width: int, p: PlayerResults, rows: int
    ) -> None:
        """The best scores of the song, part and difficulty: `rows` of them from `y`."""
        heading = fit(_("High scores"), 24, width, True)
        surface.blit(theme.text(heading, 24, theme.DIM, True), (x, y))
        for k, (name, score, g) in enumerate(p.high_scores[:rows]):
            tail = f"  {score:,}  {g}"  # the score and grade always show; a long name is cut
            head = fit(f"{k + 1}. {name}", 22, max(0, width - theme.text_width(tail, 22)))
            words = fit(head + tail, 22, width)
            surface.blit(theme.text(words, 22, theme.TEXT), (x, y + 26 + k * 22))

    def _notice_lines(self, size: tuple[int, int]) -> list[str]:
        """The notice wrapped to the window of `size` (px): 3 lines at most, 1 in a window
        lower than 640 px (the last shortened with "…"), or no lines."""
        if not self.notice:
            return []
        return fit_lines(self.notice, NOTICE_PX, size[0] - 48, 1 if size[1] < 640 else 3)

    def _team_rect(self, size: tuple[int, int]) -> pygame.Rect | None:
        """The team's panel, above the keys' line (None without a team)."""
        if self.team is None:
            return None
        w, h = size
        team_h = max(112, min(round(h * 0.2), 170))
        return pygame.Rect(24, h - FOOTER_H - team_h, w - 48, team_h)

    def _panels(self, size: tuple[int, int]) -> list[tuple[pygame.Rect, PlayerResults]]:
        """Each player's panel, under the title band and the notice, above the team's."""
        w, h = size
        notice = self._notice_lines(size)
        top = 78 + 26 * len(notice) + 8 if notice else 86
        team = self._team_rect(size)
        bottom = team.top - 10 if team is not None else h - FOOTER_H - 4
        col_w = (w - 48 + 16) // len(self.players)
        return [
            (pygame.Rect(24 + i * col_w, top, col_w - 16, bottom - top), p)
            for i, p in enumerate(self.players)
        ]

    def _team(self, surface: pygame.Surface, r: pygame.Rect, t: TeamStats) -> None:
        """The team's score, Sync %, Tightness, Harmonies and awards at the left; the Goodwill
        meter over the song at the right."""
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=12)
        split = round(r.width * 0.5)
        big = max(24, min(round(r.height * 0.27), 40))
        small = max(16, min(round(r.height * 0.17), 26))
        x, room = r.left + 16, split - 28
        line = fit(_("Team {score:,}").format(score=t.score), big, room, True)
        surface.blit(theme.text(line, big, theme.TEXT, True), (x, r.top + 8))
        share = t.syncs / t.unison_notes if t.unison_notes else 0.0
        tight = "-" if t.tightness_ms is None else _("{ms:.1f} ms").format(ms=t.tightness_ms)
        names = (_(AWARD_NAMES[a]) if a in AWARD_NAMES else a for a in t.awards)
        awards = _(", ").join(names) or _("none yet")
        cells = (
            (_("Sync {percent:.0f}% ({syncs}/{unison})"), theme.TEXT),
            (_("Tightness {tight}"), theme.TEXT),
            (_("Harmonies {harmonies}"), theme.TEXT),
            (_("Awards: {awards}"), theme.GOLD),
        )
        facts = dict(
            percent=share * 100,
            syncs=t.syncs,
            unison=t.unison_notes,
            tight=tight,
            harmonies=t.harmonies,
            awards=awards,
        )
        first_w = round(room * 0.45)
        row_h = round(small * 1.35)
        top = r.top + 8 + round(big * 1.3)
        for k, (words, colour) in enumerate(cells):
            col, row = k % 2, k // 2
            cx = x + (0 if col == 0 else first_w + 12)
            width = first_w if col == 0 else room - first_w - 12
            text = fit(words.format(**facts), small, width)
            surface.blit(theme.text(text, small, colour), (cx, top + row * row_h))
        graph = pygame.Rect(r.left + split, r.top + 8, r.right - 12 - (r.left + split), 0)
        graph.height = r.height - 16
        draw_goodwill(surface, graph, self.goodwill, self.length_s, HARMONY_THRESHOLD)
