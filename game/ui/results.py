"""The results screen: per player and team, an early/late histogram and a hit-error-over-time
graph drawn by the game, awards, and the high-score table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from game.core.judgement import HitWindows, Judgement
from game.ui import theme
from game.ui.kit_widgets import wrap

HISTOGRAM_MS = 90
GRADE_COLOURS = {
    "SS": theme.GOLD,
    "S": theme.GOLD,
    "A": (130, 240, 140),
    "B": (120, 230, 255),
    "C": theme.TEXT,
    "D": theme.WARN,
}
AWARD_NAMES = {"signed-drumsticks": "Signed Drumsticks"}
NOTICE_PX = 22  # text size of the notice line(s) under the title band


@dataclass
class PlayerResults:
    """What the results screen shows of one player."""

    name: str
    stats: dict
    errors_ms: list[float]
    hit_times_s: list[float]
    high_scores: list[tuple[str, int, str]]  # (name, score, grade)


class ResultsView:
    """Draws the results of a finished play; `team` is the duet's team dict or None; `notice`
    a line for the players (their play was kept for a busy score book), wrapped under the title.

    After `draw`, `notice_rect` and `panel_rects` hold where the notice and the players' panels
    went (for tests of the layout)."""

    def __init__(
        self,
        title: str,
        players: list[PlayerResults],
        team: dict | None,
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
        surface.blit(theme.text(f"Results — {self.title}", 44, theme.TEXT, True), (24, 16))
        top = 86
        self.notice_rect = None
        if self.notice:
            lines = wrap(self.notice, NOTICE_PX, w - 48)
            self.notice_rect = pygame.Rect(24, 78, w - 48, 26 * len(lines))
            for k, line in enumerate(lines):
                surface.blit(theme.text(line, NOTICE_PX, theme.GOLD), (24, 78 + 26 * k))
            top = self.notice_rect.bottom + 8
        n = len(self.players)
        col_w = (w - 48) // n
        self.panel_rects = [
            pygame.Rect(24 + i * col_w, top, col_w - 16, h - 114 - top) for i in range(n)
        ]
        for r, p in zip(self.panel_rects, self.players, strict=True):
            self._player(surface, r, p)
        if self.team is not None:
            self._team(surface, pygame.Rect(24, h - 104, w - 48, 90))
        hint = theme.text("Enter: song select   Esc: quit", 22, theme.DIM)
        surface.blit(hint, (w - hint.get_width() - 24, h - 28))

    def _player(self, surface, r: pygame.Rect, p: PlayerResults) -> None:
        s = p.stats
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=12)
        x, y = r.left + 16, r.top + 12
        surface.blit(theme.text(p.name, 32, theme.TEXT, True), (x, y))
        grade = theme.text(s["grade"], 72, GRADE_COLOURS.get(s["grade"], theme.TEXT), True)
        surface.blit(grade, (r.right - grade.get_width() - 16, y))
        lines = [
            f"Score {s['score']:,}",
            f"Accuracy {s['accuracy'] * 100:.2f}%",
            f"Max combo {s['max_combo']}" + ("  FULL COMBO" if s["full_combo"] else ""),
            "Perfect {perfect}  Great {great}  Good {good}  Miss {miss}  Overhit {overhit}".format(
                **s["counts"]
            ),
        ]
        if s["mean_error_ms"] is not None:
            lines.append(f"Mean {s['mean_error_ms']:+.1f} ms  spread {s['stdev_error_ms']:.1f} ms")
        for line in lines:
            y += 34
            surface.blit(theme.text(line, 26, theme.TEXT), (x, y + 10))
        graph_top = y + 56
        half = (r.width - 48) // 2
        self._histogram(surface, pygame.Rect(x, graph_top, half, 120), p.errors_ms)
        self._timeline(surface, pygame.Rect(x + half + 16, graph_top, half, 120), p)
        y = graph_top + 136
        surface.blit(theme.text("High scores", 24, theme.DIM, True), (x, y))
        rows = max(0, min(5, (r.bottom - y - 26) // 22))  # as many as the panel holds
        for k, (name, score, g) in enumerate(p.high_scores[:rows]):
            surface.blit(
                theme.text(f"{k + 1}. {name}  {score:,}  {g}", 22, theme.TEXT), (x, y + 26 + k * 22)
            )

    def _histogram(self, surface, r: pygame.Rect, errors_ms: list[float]) -> None:
        """Early (left) to late (right) counts of hit errors in 5 ms bins."""
        pygame.draw.rect(surface, theme.darker(theme.PANEL, 0.3), r)
        bins = np.arange(-HISTOGRAM_MS, HISTOGRAM_MS + 5, 5)
        counts, _ = np.histogram(np.clip(errors_ms, -HISTOGRAM_MS, HISTOGRAM_MS), bins)
        top = max(int(counts.max()), 1) if len(counts) else 1
        bw = r.width / len(counts)
        for k, c in enumerate(counts.tolist()):
            bh = int((r.height - 20) * c / top)
            centre = (bins[k] + bins[k + 1]) / 2
            colour = _colour_for(centre)
            pygame.draw.rect(surface, colour, (r.left + k * bw, r.bottom - 18 - bh, bw - 1, bh))
        pygame.draw.line(surface, theme.TEXT, (r.centerx, r.top), (r.centerx, r.bottom - 18))
        surface.blit(theme.text("early", 18, theme.DIM), (r.left + 2, r.bottom - 16))
        late = theme.text("late", 18, theme.DIM)
        surface.blit(late, (r.right - late.get_width() - 2, r.bottom - 16))

    def _timeline(self, surface, r: pygame.Rect, p: PlayerResults) -> None:
        """Each hit's error (y, ±90 ms) against its time in the song (x)."""
        pygame.draw.rect(surface, theme.darker(theme.PANEL, 0.3), r)
        mid = r.top + (r.height - 18) // 2
        pygame.draw.line(surface, theme.DIM, (r.left, mid), (r.right, mid))
        for t, e in zip(p.hit_times_s, p.errors_ms, strict=True):
            px = r.left + int(r.width * min(max(t / self.length_s, 0.0), 1.0))
            py = mid + int(((r.height - 18) / 2) * max(-1.0, min(1.0, e / HISTOGRAM_MS)))
            surface.set_at((px, py), _colour_for(e))
        surface.blit(theme.text("error over time", 18, theme.DIM), (r.left + 2, r.bottom - 16))

    def _team(self, surface, r: pygame.Rect) -> None:
        t = self.team
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=12)
        tight = "-" if t["tightness_ms"] is None else f"{t['tightness_ms']:.1f} ms"
        line = (
            f"Team {t['score']:,}   Syncs {t['syncs']}/{t['unison_notes']}   "
            f"Tightness {tight}   Harmonies {t['harmonies']}"
        )
        surface.blit(theme.text(line, 30, theme.TEXT, True), (r.left + 16, r.top + 12))
        awards = ", ".join(AWARD_NAMES.get(a, a) for a in t["awards"]) or "none yet"
        surface.blit(theme.text(f"Awards: {awards}", 26, theme.GOLD), (r.left + 16, r.top + 50))


def _colour_for(error_ms: float) -> tuple[int, int, int]:
    j = HitWindows().result_for(error_ms / 1000.0) or Judgement.MISS
    return theme.JUDGEMENT_COLOURS[j]
