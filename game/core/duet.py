"""The duet: two player engines plus the team rules — Sync, Goodwill, Harmony and Tightness."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from game.core.chart import NoteTrack, find_unison
from game.core.engine import EngineParams, PlayerEngine
from game.core.events import HarmonyEvent, InputEvent, JudgementEvent, SyncEvent
from game.core.judgement import WINDOW_EPSILON_S, Judgement
from game.core.lanes import Lane
from game.core.session import Event, PlaySession
from game.core.star_power import DUET_GOODWILL_PER_PHRASE
from game.core.tempo import TempoMap

SYNC_WINDOW_S = 0.030
SYNC_POINTS = 50
GOODWILL_MAX = 100
GOODWILL_START = 0
GOODWILL_SYNC = 4
GOODWILL_PERFECT = 1
GOODWILL_MISS = -3
GOODWILL_OVERHIT = -1
HARMONY_THRESHOLD = 50
HARMONY_PAIR_WINDOW_S = 0.100
HARMONY_BARS = 8.0
HARMONY_FACTOR = 2
SIGNED_DRUMSTICKS = "signed-drumsticks"
SIGNED_DRUMSTICKS_SYNC_SHARE = 0.9
MISSED = math.nan


@dataclass(frozen=True)
class TeamStats:
    """The pair's results: team score, Syncs out of unison notes, Tightness (ms) and awards."""

    score: int
    syncs: int
    unison_notes: int
    tightness_ms: float | None
    harmonies: int
    awards: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Harmony:
    """A running Harmony: from `start_s` to `end_s` (8 bars), the meter draining from `meter`."""

    start_s: float
    end_s: float
    start_bar: float
    meter: int


class DuetSession(PlaySession):
    """Two players on the two parts of one song, scored apart and together (SPEC, Duet rules).

    Goodwill gains and losses pause while Harmony drains the meter; it is 0 when Harmony ends.
    Harmony starts when both players hit green within 100 ms and the meter stood at 50 or more
    before either of the two hits. Star power meets the duet here: no personal meter, and each
    star-power phrase a player completes gives Goodwill `DUET_GOODWILL_PER_PHRASE` (why: see
    `game.core.star_power`).
    """

    def __init__(
        self,
        tracks: Sequence[NoteTrack],
        params: Sequence[EngineParams],
        tempo: TempoMap,
        engine_type: type[PlayerEngine] = PlayerEngine,
    ) -> None:
        if len(tracks) != 2:
            raise ValueError("a duet has exactly two players")
        super().__init__(tracks, params, engine_type, tempo=tempo, star_meter=False)
        self.tempo = tempo
        self.unison = find_unison(tracks[0], tracks[1])
        self._unison_of = [inst.tolist() for inst in self.unison.instant_of_note]
        # Per unison note and player: the hit's time, MISSED, or None while unjudged.
        self._unison_hits: list[list[float | None]] = [[None, None] for _ in self.unison.times]
        self.unison_deltas: list[float] = []
        self.syncs = 0
        self._goodwill = GOODWILL_START
        self.harmony: Harmony | None = None
        self.harmonies = 0
        self._last_green: list[tuple[float, int] | None] = [None, None]

    # the meter ---------------------------------------------------------------------------------
    def goodwill_at(self, time_s: float) -> float:
        """The Goodwill meter (0-100) at `time_s`; during Harmony it drains linearly over 8 bars."""
        h = self.harmony
        if h is None or time_s >= h.end_s:
            return float(self._goodwill) if h is None else 0.0
        done = (float(self.tempo.bar_position(time_s)) - h.start_bar) / HARMONY_BARS
        return h.meter * min(1.0, max(0.0, 1.0 - done))

    @property
    def goodwill(self) -> float:
        """The Goodwill meter at the session's current time."""
        return self.goodwill_at(self.now_s)

    def harmony_active(self, time_s: float) -> bool:
        """True when Harmony doubles the score at `time_s`."""
        h = self.harmony
        return h is not None and h.start_s <= time_s < h.end_s

    def _change_goodwill(self, delta: int) -> None:
        if self.harmony is None:
            self._goodwill = min(GOODWILL_MAX, max(0, self._goodwill + delta))

    # hooks -------------------------------------------------------------------------------------
    def _before(self, time_s: float, out: list[Event]) -> None:
        h = self.harmony
        if h is not None and time_s >= h.end_s:
            self.harmony = None
            self._goodwill = 0
            out.append(HarmonyEvent(h.end_s, False, h.end_s))

    def _factor(self, time_s: float) -> int:
        return HARMONY_FACTOR if self.harmony_active(time_s) else 1

    def _before_hit(self, event: InputEvent, out: list[Event]) -> None:
        if event.lane != Lane.GREEN or self.harmony is not None:
            return
        meter = self._goodwill
        other = self._last_green[1 - event.player]
        if (
            other is not None
            and abs(event.time_s - other[0]) <= HARMONY_PAIR_WINDOW_S + WINDOW_EPSILON_S
            and max(other[1], meter) >= HARMONY_THRESHOLD
        ):
            self._start_harmony(event.time_s, max(other[1], meter), out)
            self._last_green = [None, None]
        else:
            self._last_green[event.player] = (event.time_s, meter)

    def _start_harmony(self, time_s: float, meter: int, out: list[Event]) -> None:
        start_bar = float(self.tempo.bar_position(time_s))
        end_s = float(self.tempo.seconds_at_bar_position(start_bar + HARMONY_BARS))
        self.harmony = Harmony(time_s, end_s, start_bar, meter)
        self.harmonies += 1
        out.append(HarmonyEvent(time_s, True, end_s))

    def _after_judgement(self, event: JudgementEvent, out: list[Event]) -> None:
        j = event.judgement
        if self.engines[event.player].phrase_completed:
            self._change_goodwill(DUET_GOODWILL_PER_PHRASE)
        if j is Judgement.PERFECT:
            self._change_goodwill(GOODWILL_PERFECT)
        elif j is Judgement.MISS:
            self._change_goodwill(GOODWILL_MISS)
        elif j is Judgement.OVERHIT:
            self._change_goodwill(GOODWILL_OVERHIT)
            return
        k = self._unison_of[event.player][event.note_index]
        if k < 0:
            return
        hits = self._unison_hits[k]
        hits[event.player] = MISSED if j is Judgement.MISS else event.time_s
        if hits[0] is not None and hits[1] is not None:
            self._resolve_unison(k, hits[0], hits[1], event.time_s, out)

    def _resolve_unison(
        self, k: int, t1: float, t2: float, time_s: float, out: list[Event]
    ) -> None:
        """Both players have judged unison note k: its Tightness, and a Sync if close enough."""
        if math.isnan(t1) or math.isnan(t2):
            return
        delta = abs(t1 - t2)
        self.unison_deltas.append(delta)
        if delta > SYNC_WINDOW_S + WINDOW_EPSILON_S:
            return
        factor = self._factor(time_s)
        points = tuple(SYNC_POINTS * e.card.multiplier * factor for e in self.engines)
        for engine, pts in zip(self.engines, points, strict=True):
            engine.add_bonus(pts)
        self.syncs += 1
        self._change_goodwill(GOODWILL_SYNC)
        out.append(SyncEvent(time_s, k, delta, (points[0], points[1])))

    # results -----------------------------------------------------------------------------------
    def team_stats(self) -> TeamStats:
        """The pair's results so far."""
        players = self.stats()
        unison = len(self.unison)
        awards = []
        if (
            all(p.full_combo for p in players)
            and self.syncs >= SIGNED_DRUMSTICKS_SYNC_SHARE * unison
        ):
            awards.append(SIGNED_DRUMSTICKS)
        tightness = statistics.fmean(self.unison_deltas) * 1000.0 if self.unison_deltas else None
        return TeamStats(
            score=sum(p.score for p in players),
            syncs=self.syncs,
            unison_notes=unison,
            tightness_ms=tightness,
            harmonies=self.harmonies,
            awards=tuple(awards),
        )
