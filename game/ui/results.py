"""The results screen: per player and team, an early/late histogram and a hit-error-over-time
graph drawn by the game, awards, and the high-score table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pygame

from game.base.language import N_, _
from game.core.duet import TeamStats
from game.core.judgement import HitWindows, Judgement
from game.core.report import PlayerReport
from game.ui import theme
from game.ui.text_boxes import panel as text_panel
from game.ui.text_fit import fit, fit_lines

HISTOGRAM_MS = 90
"""The histogram and error graph reach at least ±this many ms (the standard Good window); a
player's wider windows widen them."""
BIN_MS = 5
"""The width of a histogram bar (ms)."""
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

    @property
    def reach_ms(self) -> int:
        """How far (ms) the graphs reach each side: the player's Good window, in whole bars,
        and at least `HISTOGRAM_MS`."""
        good_ms = self.windows.good_s * 1000.0
        return max(HISTOGRAM_MS, BIN_MS * math.ceil(good_ms / BIN_MS - 1e-9))


@dataclass(frozen=True)
class GraphBoxes:
    """Where one player's graphs are drawn: the early/late histogram and the error-over-time
    graph (pixels of the surface)."""

    histogram: pygame.Rect
    timeline: pygame.Rect


def results_pad_hint() -> str:
    """How a kit's pads leave the results (green selects, red goes back: both to song select)."""
    return _("Drum kit: green or red pad: song select")


class ResultsView:
    """Draws the results of a finished play; `team` is the duet's team results or None; `notice`
    a line for the players (their play was kept for a busy score book), wrapped under the title.

    After `draw`, `notice_rect` and `panel_rects` hold where the notice and the players' panels
    went (for tests of the layout)."""

    def __init__(
        self,
        title: str,
        players: list[PlayerResults],
        team: TeamStats | None,
        length_s: float,
        notice: str | None = None,
    ) -> None:
        self.title = title
        self.players = players
        self.team = team
        self.length_s = max(length_s, 1e-6)
        self.notice = notice
        self.notice_rect: pygame.Rect | None = None
        self.panel_rects: list[pygame.Rect] = []

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
        panels = self._panels((w, h))
        self.panel_rects = [r for r, _ in panels]
        for r, p in panels:
            with text_panel(surface, r):
                self._player(surface, r, p)
        hint = theme.text(fit(_("Enter or Esc: song select"), 22, w - 80), 22, theme.DIM)
        pads = theme.text(fit(results_pad_hint(), 19, w - 80), 19, theme.DIM)
        if self.team is not None:
            team = pygame.Rect(24, h - 104, w - 48, 90)
            with text_panel(surface, team):
                self._team(surface, team, hint.get_width() + 40, pads.get_width() + 40)
                surface.blit(hint, (w - hint.get_width() - 40, h - 104 + 56))  # in the team's panel
                surface.blit(pads, (w - pads.get_width() - 40, h - 104 + 32))
        else:
            surface.blit(hint, (w - hint.get_width() - 40, h - 28))
            surface.blit(pads, (w - pads.get_width() - 40, h - 52))

    def _player(self, surface, r: pygame.Rect, p: PlayerResults) -> None:
        s = p.stats
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=12)
        x, y = r.left + 16, r.top + 12
        grade = theme.text(s.grade, 72, GRADE_COLOURS.get(s.grade, theme.TEXT), True)
        surface.blit(grade, (r.right - grade.get_width() - 16, y))
        beside = r.width - 48 - grade.get_width()  # the room left of the grade
        surface.blit(theme.text(fit(p.name, 32, beside, True), 32, theme.TEXT, True), (x, y))
        lines = [
            _("Score {score:,}").format(score=s.score),
            _("Accuracy {percent:.2f}%").format(percent=s.accuracy * 100),
            (_("Max combo {combo}  FULL COMBO") if s.full_combo else _("Max combo {combo}")).format(
                combo=s.max_combo
            ),
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
        plan = panel_plan(r, len(lines))
        grade_bottom = r.top + 12 + grade.get_height()
        for line in lines:
            y += plan.step
            room = beside if y + 10 < grade_bottom else r.width - 32
            surface.blit(theme.text(fit(line, plan.size, room), plan.size, theme.TEXT), (x, y + 10))
        boxes = graph_boxes(r, plan.graphs_top, plan.graph_h)
        self._histogram(surface, boxes.histogram, p)
        self._timeline(surface, boxes.timeline, p)
        if not plan.rows:
            return
        y = boxes.histogram.bottom + 16
        surface.blit(theme.text(_("High scores"), 24, theme.DIM, True), (x, y))
        for k, (name, score, g) in enumerate(p.high_scores[: plan.rows]):
            tail = f"  {score:,}  {g}"  # the score and grade always show; a long name is cut
            head = fit(f"{k + 1}. {name}", 22, max(0, r.width - 32 - theme.text_width(tail, 22)))
            words = fit(head + tail, 22, r.width - 32)
            surface.blit(theme.text(words, 22, theme.TEXT), (x, y + 26 + k * 22))

    def graph_boxes(self, size: tuple[int, int]) -> list[GraphBoxes]:
        """Each player's graph boxes on a surface of `size` pixels (as `draw` places them)."""
        boxes = []
        for r, p in self._panels(size):
            plan = panel_plan(r, _line_count(p))
            boxes.append(graph_boxes(r, plan.graphs_top, plan.graph_h))
        return boxes

    def _notice_lines(self, size: tuple[int, int]) -> list[str]:
        """The notice wrapped to the window of `size` (px): 3 lines at most, 1 in a window
        lower than 640 px (the last shortened with "…"), or no lines."""
        if not self.notice:
            return []
        return fit_lines(self.notice, NOTICE_PX, size[0] - 48, 1 if size[1] < 640 else 3)

    def _panels(self, size: tuple[int, int]) -> list[tuple[pygame.Rect, PlayerResults]]:
        """Each player's panel, under the title band and the notice, above the team's."""
        w, h = size
        notice = self._notice_lines(size)
        top = 78 + 26 * len(notice) + 8 if notice else 86
        col_w = (w - 48) // len(self.players)
        return [
            (pygame.Rect(24 + i * col_w, top, col_w - 16, h - 114 - top), p)
            for i, p in enumerate(self.players)
        ]

    def _histogram(self, surface, r: pygame.Rect, p: PlayerResults) -> None:
        """Early (left) to late (right) counts of hit errors in 5 ms bins, each bar coloured by
        the judgements of its hits in the player's own windows (stacked, best at the bottom)."""
        pygame.draw.rect(surface, theme.darker(theme.PANEL, 0.3), r)
        reach = p.reach_ms
        bins = np.arange(-reach, reach + BIN_MS, BIN_MS)
        errors = np.clip(np.asarray(p.errors_ms, dtype=float), -reach, reach)
        judged = np.array([judgement_for(e, p.windows) for e in p.errors_ms], dtype=int)
        per_judgement = [np.histogram(errors[judged == j], bins)[0] for j in Judgement]
        counts = np.sum(per_judgement, axis=0)
        top = max(int(counts.max()), 1)
        bw = r.width / len(counts)
        scale = (r.height - 20) / top
        base = r.bottom - 18
        for k in range(len(counts)):
            below = 0
            for j, part in zip(Judgement, per_judgement, strict=True):
                if not part[k]:
                    continue
                y0, y1 = base - round(below * scale), base - round((below + part[k]) * scale)
                colour = theme.JUDGEMENT_COLOURS[j]
                pygame.draw.rect(surface, colour, (r.left + k * bw, y1, bw - 1, max(1, y0 - y1)))
                below += part[k]
        pygame.draw.line(surface, theme.TEXT, (r.centerx, r.top), (r.centerx, r.bottom - 18))
        surface.blit(theme.text(_("early"), 18, theme.DIM), (r.left + 2, r.bottom - 16))
        late = theme.text(_("late"), 18, theme.DIM)
        surface.blit(late, (r.right - late.get_width() - 2, r.bottom - 16))

    def _timeline(self, surface, r: pygame.Rect, p: PlayerResults) -> None:
        """Each hit's error (y, ±the player's reach) against its time in the song (x), coloured
        by its judgement in the player's own windows."""
        pygame.draw.rect(surface, theme.darker(theme.PANEL, 0.3), r)
        mid = r.top + (r.height - 18) // 2
        pygame.draw.line(surface, theme.DIM, (r.left, mid), (r.right, mid))
        for t, e in zip(p.hit_times_s, p.errors_ms, strict=True):
            px = r.left + int(r.width * min(max(t / self.length_s, 0.0), 1.0))
            py = mid + int(((r.height - 18) / 2) * max(-1.0, min(1.0, e / p.reach_ms)))
            colour = theme.JUDGEMENT_COLOURS[judgement_for(e, p.windows)]
            pygame.draw.rect(surface, colour, (px - 1, py - 1, 3, 3))
        surface.blit(theme.text(_("error over time"), 18, theme.DIM), (r.left + 2, r.bottom - 16))

    def _team(self, surface, r: pygame.Rect, hint_w: int, pads_w: int) -> None:
        t = self.team
        if t is None:
            return
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=12)
        tight = "-" if t.tightness_ms is None else _("{ms:.1f} ms").format(ms=t.tightness_ms)
        line = _(
            "Team {score:,}   Syncs {syncs}/{unison}   Tightness {tight}   Harmonies {harmonies}"
        ).format(
            score=t.score,
            syncs=t.syncs,
            unison=t.unison_notes,
            tight=tight,
            harmonies=t.harmonies,
        )
        line = fit(line, 30, r.width - 32 - pads_w, True)  # the pads' hint is right of it
        surface.blit(theme.text(line, 30, theme.TEXT, True), (r.left + 16, r.top + 12))
        names = (_(AWARD_NAMES[a]) if a in AWARD_NAMES else a for a in t.awards)
        awards = _(", ").join(names) or _("none yet")
        words = fit(_("Awards: {awards}").format(awards=awards), 26, r.width - 32 - hint_w)
        surface.blit(theme.text(words, 26, theme.GOLD), (r.left + 16, r.top + 50))


def _line_count(p: PlayerResults) -> int:
    """The lines of facts above a player's graphs."""
    return 5 if p.stats.mean_error_ms is not None else 4


def judgement_for(error_ms: float, windows: HitWindows) -> Judgement:
    """The judgement of a hit `error_ms` from its note in `windows` (Miss outside them)."""
    judgement = windows.result_for(error_ms / 1000.0)
    return Judgement.MISS if judgement is None else judgement


def graph_boxes(panel: pygame.Rect, top: int, height: int = 120) -> GraphBoxes:
    """The histogram (left) and error-over-time graph (right) of a player's `panel`, from
    `top`, `height` tall (pixels)."""
    x = panel.left + 16
    half = (panel.width - 48) // 2
    return GraphBoxes(
        pygame.Rect(x, top, half, height), pygame.Rect(x + half + 16, top, half, height)
    )


@dataclass(frozen=True)
class PanelPlan:
    """How a player's panel is filled: the facts' text size and line step, the graphs' top
    and height, and how many high scores show (pixels)."""

    size: int
    step: int
    graphs_top: int
    graph_h: int
    rows: int


PLANS = ((26, 34, 120, 5), (24, 30, 100, 3), (22, 27, 80, 2), (20, 24, 64, 1), (20, 24, 56, 0))
"""(text size, line step, graph height, high scores), roomiest first: the first that fits."""


def panel_plan(panel: pygame.Rect, lines: int) -> PanelPlan:
    """The roomiest plan (`PLANS`) whose facts (`lines` of them), graphs and high scores fit
    in `panel` (the last when none does)."""
    plan = None
    for size, step, graph_h, rows in PLANS:
        plan = PanelPlan(size, step, panel.top + 12 + step * lines + 56, graph_h, rows)
        scores = 16 + 26 + 22 * rows if rows else 0
        if plan.graphs_top + graph_h + scores + 8 <= panel.bottom:
            break
    assert plan is not None
    return plan
