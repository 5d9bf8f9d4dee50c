"""The stage: two drummers in matching blue jackets, each behind a kit, playing their player's
own hits (sticks strike the pieces hit, the foot kicks); stage lights that flash on a Sync and
wash the stage with warm beams during Harmony. The same stage stands behind the title.

The pictures are rendered once per size (`stage_art`); a frame blits them and draws the arms,
sticks and lights (see `bench`: well under a millisecond at 1920×1080)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import pygame

from game.core.chart import NoteTrack
from game.core.events import HarmonyEvent, JudgementEvent, SyncEvent
from game.core.judgement import Judgement
from game.ui import stage_art, theme
from game.ui.drummer import Drummer

FLASH_S = 0.35
"""How long (seconds) a Sync's flash takes to fade."""
HARMONY_FADE_S = 0.5
"""How long (seconds) Harmony's beams take to come up and to go."""
WOBBLE_S = 0.35
FLASH_COLOUR = (255, 246, 214)
"""How long (seconds) a drummer shakes on a miss."""

PLAY_LAYOUT = (0.92, {1: (0.5,), 2: (0.22, 0.78)})
"""On the play screen: drummers this share of the stage's height, at these shares of its width."""
TITLE_LAYOUT = (0.5, {1: (0.5,), 2: (0.15, 0.85)})
"""Behind the title: half the screen tall, at its sides (the menu stands between them)."""


class Stage:
    """Draws `players` drummers across `rect`; `tracks` (each player's notes) tell a cymbal
    hit from a tom hit. Feed it the play's events with `on_event`."""

    def __init__(
        self,
        rect: pygame.Rect,
        players: int,
        tracks: Sequence[NoteTrack] = (),
        layout: tuple[float, dict[int, tuple[float, ...]]] = PLAY_LAYOUT,
    ) -> None:
        self.rect = pygame.Rect(rect)
        self.players = min(max(players, 1), 2)
        self.tracks = tuple(tracks)
        share, centres = layout
        self.plan = stage_art.plan(self.rect.size, self.players, share, centres[self.players])
        self.drummers = [
            Drummer(p, pygame.Rect(box).move(self.rect.topleft), mirrored)
            for p, (box, mirrored) in enumerate(self.plan.drummers)
        ]
        self.harmony = False
        """True while Harmony runs (set by a `HarmonyEvent`)."""
        self.harmony_from = -math.inf
        self.harmony_until = -math.inf
        """Song times (seconds) Harmony's beams came up and went down."""
        self.flash_s = -math.inf
        """The song time (seconds) of the last Sync's flash; none before the first Sync."""
        self.wobble_until = [-math.inf, -math.inf]
        self.prepare()

    def prepare(self) -> None:
        """Render every picture the stage will draw now, so that the first Sync or Harmony of
        a song does not hold up its frame."""
        stage_art.backdrop(self.plan)
        stage_art.harmony_beams(self.rect.size, theme.HARMONY_GLOW)
        stage_art.sync_flash(self.rect.size, FLASH_COLOUR)
        for d in self.drummers:
            for name in ("drummer", "kit"):
                stage_art.art(name, d.player, d.box.size, d.mirrored)

    def carry_on_from(self, old: Stage) -> None:
        """Take over `old`'s lights, drummers' strokes and shakes (the window was resized)."""
        self.harmony, self.harmony_from = old.harmony, old.harmony_from
        self.harmony_until, self.flash_s = old.harmony_until, old.flash_s
        self.wobble_until = list(old.wobble_until)
        for new, before in zip(self.drummers, old.drummers, strict=False):
            new.strokes, new.kick_s = list(before.strokes), before.kick_s

    # events ------------------------------------------------------------------------------------
    def on_event(self, event: object) -> None:
        """A player's judgement (a hit moves their drummer), a Sync (a flash) or Harmony (the
        warm beams)."""
        if isinstance(event, JudgementEvent):
            self.on_judgement(event)
        elif isinstance(event, SyncEvent):
            self.flash_s = event.time_s
        elif isinstance(event, HarmonyEvent):
            self.harmony = event.active
            if event.active:
                self.harmony_from = event.time_s
            else:
                self.harmony_until = event.time_s

    def on_judgement(self, event: JudgementEvent) -> None:
        """A hit (a note's or an overhit) strikes the piece of its lane; a miss shakes."""
        if event.player >= len(self.drummers):
            return
        if event.judgement is Judgement.MISS:
            self.wobble_until[event.player] = event.time_s + WOBBLE_S
            return
        self.drummers[event.player].hit(event.lane, self._cymbal(event), event.time_s)

    def _cymbal(self, event: JudgementEvent) -> bool:
        """Whether the hit note was a cymbal (an overhit, with no note, counts as a tom)."""
        if event.note_index < 0 or event.player >= len(self.tracks):
            return False
        cymbals = self.tracks[event.player].cymbal
        return event.note_index < len(cymbals) and bool(cymbals[event.note_index])

    # drawing -----------------------------------------------------------------------------------
    def harmony_level(self, now_s: float) -> float:
        """How bright Harmony's beams are at `now_s` (0-1): up over `HARMONY_FADE_S`, down as
        long after it ends."""
        if self.harmony:
            return min(1.0, max(0.0, (now_s - self.harmony_from) / HARMONY_FADE_S))
        return min(1.0, max(0.0, 1 - (now_s - self.harmony_until) / HARMONY_FADE_S))

    def flash_level(self, now_s: float) -> float:
        """How bright a Sync's flash is at `now_s` (0-1)."""
        since = now_s - self.flash_s
        return (1 - since / FLASH_S) ** 2 if 0 <= since < FLASH_S else 0.0

    def draw(self, surface: pygame.Surface, now_s: float) -> None:
        """Draw the stage at song time `now_s`."""
        surface.blit(stage_art.backdrop(self.plan), self.rect)
        clip = surface.get_clip()
        surface.set_clip(self.rect.clip(clip))
        for p, drummer in enumerate(self.drummers):
            shake = 0
            if self.wobble_until[p] > now_s:
                left = (self.wobble_until[p] - now_s) / WOBBLE_S
                shake = round(math.sin(left * 18) * drummer.box.width * 0.015 * left)
            drummer.box.move_ip(shake, 0)
            drummer.draw_body(surface)
            drummer.draw_limbs(surface, now_s)
            drummer.box.move_ip(-shake, 0)
        self._draw_lights(surface, now_s)
        surface.set_clip(clip)

    def _draw_lights(self, surface: pygame.Surface, now_s: float) -> None:
        harmony = self.harmony_level(now_s)
        if harmony > 0:
            beams = stage_art.harmony_beams(self.rect.size, theme.HARMONY_GLOW)
            sway = 0.75 + 0.25 * math.sin(now_s * math.tau / 1.6)
            beams.set_alpha(round(255 * harmony * sway))
            surface.blit(beams, self.rect)
        flash = self.flash_level(now_s)
        if flash > 0:
            light = stage_art.sync_flash(self.rect.size, FLASH_COLOUR)
            light.set_alpha(round(255 * flash))
            surface.blit(light, self.rect)


@lru_cache(maxsize=4)
def title_stage(size: tuple[int, int]) -> Stage:
    """The stage behind the title on a screen of `size` pixels: both drummers at rest, the
    warm beams up."""
    stage = Stage(pygame.Rect((0, 0), size), 2, layout=TITLE_LAYOUT)
    stage.harmony, stage.harmony_from = True, -math.inf
    return stage


def draw_title_stage(surface: pygame.Surface, shaded: Sequence[pygame.Rect]) -> None:
    """The stage filling `surface` behind the title, with a dark translucent shade over each of
    `shaded` (pixels) so the words drawn there stay readable."""
    title_stage(surface.get_size()).draw(surface, 0.0)
    for box in shaded:
        shade = pygame.Surface(box.size, pygame.SRCALPHA)
        radius = min(box.height // 4, 24)
        pygame.draw.rect(shade, (*theme.BACKGROUND, 200), shade.get_rect(), 0, radius)
        surface.blit(shade, box)
