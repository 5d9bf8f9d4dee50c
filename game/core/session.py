"""A play session: one or more player engines fed from one time-ordered input queue.

Inputs are queued as they arrive and judged in time order when `update(now)` reaches them;
time-driven misses of every player are interleaved in time order between them. The result
therefore depends only on the inputs, never on how often `update` is called.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence

from game.core.chart import NoteTrack
from game.core.engine import EngineParams, PlayerEngine
from game.core.events import HarmonyEvent, InputEvent, JudgementEvent, SyncEvent
from game.core.scoring import PlayerStats
from game.core.tempo import TempoMap

Event = JudgementEvent | SyncEvent | HarmonyEvent
"""Any event a session returns: a judgement, a duet's Sync, or Harmony starting or ending."""
_HOOKS = ("_before", "_before_hit", "_factor", "_after_judgement")


class PlaySession:
    """One player alone, or the base of a duet: owns the engines and the input queue.

    `tempo` (the chart's) paces star power's drain; each player has a personal star-power meter
    unless `star_meter` is false (the duet, see `star_power`).
    """

    def __init__(
        self,
        tracks: Sequence[NoteTrack],
        params: Sequence[EngineParams],
        engine_type: type[PlayerEngine] = PlayerEngine,
        tempo: TempoMap | None = None,
        star_meter: bool = True,
    ) -> None:
        if len(tracks) != len(params) or not tracks:
            raise ValueError("one note track and one EngineParams per player")
        pairs = enumerate(zip(tracks, params, strict=True))
        self.engines = [
            engine_type(t, p, player=i, tempo=tempo, star_meter=star_meter) for i, (t, p) in pairs
        ]
        self._queue: list[tuple[float, int, InputEvent]] = []
        self._seq = 0
        self.now_s = -math.inf
        self.inputs: list[InputEvent] = []  # every input, in the order judged: what a replay keeps

    def queue_input(self, event: InputEvent) -> None:
        """Queue an input; it is judged at its own time by the next `update` that reaches it."""
        if not 0 <= event.player < len(self.engines):
            raise ValueError(f"no player {event.player} in a {len(self.engines)}-player session")
        heapq.heappush(self._queue, (event.time_s, self._seq, event))
        self._seq += 1

    def update(self, now_s: float) -> list[Event]:
        """Judge the queued inputs up to `now_s` and every miss due before it; return the events."""
        out: list[Event] = []
        while self._queue and self._queue[0][0] <= now_s:
            _, _, event = heapq.heappop(self._queue)
            self._advance(event.time_s, out)
            self._judge_input(event, out)
        self._advance(now_s, out)
        self._before(now_s, out)
        self.now_s = max(self.now_s, now_s)
        return out

    def judge_all(self, events: Iterable[InputEvent]) -> None:
        """Judge `events`, given in time order, and then everything left, as queueing them all and
        calling `finish` would (the same judgements), without a queue or the returned events:
        how a replay is re-simulated."""
        if self._queue:
            raise ValueError("judge_all needs an empty input queue")
        engines = self.engines
        players = len(engines)
        out: list[Event] = []
        last = -math.inf
        # With no rules between the players (a solo session) and engines that judge as
        # PlayerEngine does, the events are not needed at all.
        plain = all(getattr(type(self), h) is getattr(PlaySession, h) for h in _HOOKS) and all(
            type(e).hit is PlayerEngine.hit for e in engines
        )
        append = self.inputs.append
        for event in events:
            time_s = event.time_s
            if not 0 <= event.player < players:
                raise ValueError(f"no player {event.player} in a {players}-player session")
            if time_s < last:
                raise ValueError("judge_all needs its inputs in time order")
            last = time_s
            if plain:
                engine = engines[event.player]
                if players > 1 or engine.next_deadline() < time_s:
                    self._advance(time_s, out)
                    out.clear()
                append(event)
                engine.judge_hit(event)
            else:
                self._advance(time_s, out)
                self._judge_input(event, out)
                out.clear()
        self.finish()

    def finish(self) -> list[Event]:
        """Judge everything left: all queued inputs and every remaining note."""
        return self.update(math.inf)

    @property
    def finished(self) -> bool:
        """True when every player's every note is judged and no input is waiting."""
        return not self._queue and all(e.finished for e in self.engines)

    def stats(self) -> list[PlayerStats]:
        """Each player's results so far."""
        return [e.stats() for e in self.engines]

    # steps -------------------------------------------------------------------------------------
    def _advance(self, time_s: float, out: list[Event]) -> None:
        """Miss, in time order across players, every note whose window closed before `time_s`."""
        engines = self.engines
        while True:
            engine, deadline = engines[0], engines[0].next_deadline()
            for other in engines[1:]:  # the first engine of the earliest deadline, as min() picks
                d = other.next_deadline()
                if d < deadline:
                    engine, deadline = other, d
            if not deadline < time_s:
                return
            self._before(deadline, out)
            miss = engine.miss_next()
            out.append(miss)
            self._after_judgement(miss, out)

    def _judge_input(self, event: InputEvent, out: list[Event]) -> None:
        self._before(event.time_s, out)
        self._before_hit(event, out)
        self.inputs.append(event)
        result = self.engines[event.player].hit(event, self._factor(event.time_s))
        out.append(result)
        self._after_judgement(result, out)

    # hooks for the duet rules ------------------------------------------------------------------
    def _before(self, time_s: float, out: list[Event]) -> None:
        """Called before anything happens at `time_s` (the duet ends Harmony here)."""

    def _before_hit(self, event: InputEvent, out: list[Event]) -> None:
        """Called before an input is judged (the duet starts Harmony here)."""

    def _factor(self, time_s: float) -> int:
        """The points factor at `time_s` (2 during Harmony)."""
        return 1

    def _after_judgement(self, event: JudgementEvent, out: list[Event]) -> None:
        """Called after every judgement (the duet scores Syncs and Goodwill here)."""
