"""The play screen: one highway or two side by side, the Goodwill meter, Sync pop-ups, Harmony,
song progress and section, and a little stage where two drummers in blue jackets react."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pygame

from game.base.language import _
from game.core.chart import Chart
from game.core.duet import DuetSession
from game.core.events import HarmonyEvent, JudgementEvent, SyncEvent
from game.core.session import PlaySession
from game.ui import theme
from game.ui.highway import HighwayView, StrikeLabels
from game.ui.notice import NoticeLayout, draw_notice
from game.ui.perspective import Camera
from game.ui.stage import Stage
from game.ui.text_fit import fit

METER_W = 36
SYNC_POPUP_S = 0.6


class PlayScene:
    """Draws a `PlaySession` of `chart`; feed it the session's events with `on_events`."""

    def __init__(
        self,
        chart: Chart,
        session: PlaySession,
        size: tuple[int, int],
        note_speed_s: float = 1.4,
        names: tuple[str, ...] | None = None,
        keys: tuple[StrikeLabels | None, ...] = (),
        cameras: tuple[Camera, ...] = (),
    ) -> None:
        """`keys` are each player's keys shown on the strike line (None or none: not shown);
        `cameras` each player's view of their highway (none: the defaults)."""
        self.chart = chart
        self.keys = keys
        self.cameras = cameras
        self.session = session
        self.duet = isinstance(session, DuetSession)
        self.note_speed_s = note_speed_s
        self.names = names or tuple(_("Player {number}").format(number=n) for n in (1, 2))
        self.sync_from = self.sync_until = -math.inf
        """The song times (seconds) between which the last Sync's pop-up shows; none before
        the first Sync (song time starts negative, in the lead-in)."""
        self.notice: str | None = None
        self.notice_layout: NoticeLayout | None = None
        """Where the notice was last drawn: wrapped on the stage, under the highways."""
        self.layout(size)

    def layout(self, size: tuple[int, int]) -> None:
        """Place the highways, meter and stage for a window of `size` pixels."""
        w, h = size
        self.size = size
        self.scale = max(1.0, min(w / 1280, h / 720))
        """How much larger than at 1280×720 the words are drawn (1 up to that size)."""
        top, stage_h = self._px(70), max(120, h // 5)
        hw_h = h - top - stage_h - 10
        n = len(self.session.engines)
        hw_w = min(round(420 * max(1.0, h / 720)), (w - 80 - METER_W) // max(n, 1))
        gap = 40 + METER_W if n == 2 else 0
        left = (w - (n * hw_w + gap)) // 2
        self.highways = []
        for i, engine in enumerate(self.session.engines):
            x = left + i * (hw_w + gap)
            rect = pygame.Rect(x, top, hw_w, hw_h)
            self.highways.append(
                HighwayView(
                    engine,
                    self.chart.tempo,
                    rect,
                    self.note_speed_s,
                    self.names[i],
                    self.keys[i] if i < len(self.keys) else None,
                    self.scale,
                    self.cameras[i] if i < len(self.cameras) else None,
                )
            )
        # the meter, with room under it for its label at the screen's scale
        margin = self._px(40)
        self.meter_rect = pygame.Rect(
            w // 2 - METER_W // 2, top + margin, METER_W, hw_h - 2 * margin
        )
        self.stage = Stage(pygame.Rect(0, h - stage_h, w, stage_h), n)

    def _px(self, length: float) -> int:
        """`length` (pixels at 1280×720) at the screen's scale."""
        return max(1, round(length * self.scale))

    def on_events(self, events: list[object]) -> None:
        """Route the session's events to the highways, the stage and the pop-ups."""
        for e in events:
            if isinstance(e, JudgementEvent):
                self.highways[e.player].on_judgement(e)
                for other in self.highways[: e.player] + self.highways[e.player + 1 :]:
                    other.on_partner_judgement(e)  # the partner's hits, faintly
                self.stage.on_judgement(e)
            elif isinstance(e, SyncEvent):
                self.sync_from, self.sync_until = e.time_s, e.time_s + SYNC_POPUP_S
            elif isinstance(e, HarmonyEvent):
                self.stage.harmony = e.active

    def sync_shown(self, now_s: float) -> bool:
        """True when the "SYNC" pop-up shows at song time `now_s` (seconds)."""
        return self.duet and self.sync_from <= now_s < self.sync_until

    def draw(self, surface: pygame.Surface, now_s: float) -> None:
        """Draw the whole play screen at song time `now_s`."""
        for _part in self.draw_parts(surface, now_s):
            pass

    def draw_parts(self, surface: pygame.Surface, now_s: float) -> Iterator[None]:
        """Draw the play screen at song time `now_s` a part at a time (well under a millisecond
        each), yielding between parts so that the loop can pump input while a frame is drawn."""
        if surface.get_size() != self.size:
            self.layout(surface.get_size())
        surface.fill(theme.BACKGROUND)
        self.stage.draw(surface, now_s)  # first: the meter's label may reach into its rect
        harmony = self.duet and self.session.harmony_active(now_s)  # type: ignore[attr-defined]
        for hw in self.highways:
            yield
            hw.draw(surface, now_s, harmony)
        yield
        if self.duet:
            self._draw_meter(surface, now_s)
        self._draw_header(surface, now_s)
        self.notice_layout = None
        if self.notice:
            self.notice_layout = draw_notice(
                surface, self.notice, self.stage.rect, size=self._px(22), margin=self._px(16)
            )

    def _draw_meter(self, surface: pygame.Surface, now_s: float) -> None:
        session: DuetSession = self.session  # type: ignore[assignment]
        r = self.meter_rect
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=10)
        level = session.goodwill_at(now_s) / 100.0
        fill = pygame.Rect(
            r.left + 4,
            r.bottom - 4 - int((r.height - 8) * level),
            r.width - 8,
            int((r.height - 8) * level),
        )
        ready = level >= 0.5
        colour = theme.HARMONY_GLOW if session.harmony_active(now_s) or ready else theme.JACKET_BLUE
        pygame.draw.rect(surface, colour, fill, border_radius=8)
        half = r.bottom - 4 - (r.height - 8) // 2
        pygame.draw.line(surface, theme.TEXT, (r.left, half), (r.right, half), 1)
        px = self._px
        label = theme.text(_("GOODWILL"), px(18), theme.DIM)
        surface.blit(label, (r.centerx - label.get_width() // 2, r.bottom + px(6)))
        if self.sync_shown(now_s):
            sync = theme.text(_("SYNC"), px(40), theme.GOLD, True)
            surface.blit(sync, (r.centerx - sync.get_width() // 2, r.top - px(44)))
        if session.harmony_active(now_s):
            h = theme.text(_("HARMONY x2"), px(28), theme.HARMONY_GLOW, True)
            surface.blit(h, (r.centerx - h.get_width() // 2, px(8 + 30)))

    def _draw_header(self, surface: pygame.Surface, now_s: float) -> None:
        w = surface.get_width()
        px = self._px
        room = w - px(32)
        if self.duet:
            team = sum(e.card.score for e in self.session.engines)
            words = _("Team {score:,}").format(score=team)
            score = theme.text(words, px(30), theme.GOLD, True)
            surface.blit(score, (w - score.get_width() - px(16), px(12)))
            room -= score.get_width() + px(24)
        title = theme.text(fit(self.chart.meta.title, px(30), room, True), px(30), theme.TEXT, True)
        surface.blit(title, (px(16), px(12)))
        section = self.chart.section_at(now_s)
        if section is not None:
            sec = theme.text(fit(section.name, px(24), room), px(24), theme.DIM)
            surface.blit(sec, (px(16), px(40)))
        length = max(self.chart.duration_s, 1e-6)
        done = min(max(now_s / length, 0.0), 1.0)
        bar = pygame.Rect(px(16), px(62), w - px(32), px(4))
        pygame.draw.rect(surface, theme.PANEL, bar)
        filled = (bar.left, bar.top, int(bar.width * done), bar.height)
        pygame.draw.rect(surface, theme.JACKET_BLUE, filled)
