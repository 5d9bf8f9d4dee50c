"""A live duet over the network, seen from one of the two machines.

Each player is judged on their own machine, on their own calibrated song clock; the hits travel
between the machines in song time. Two views of the play are kept here:

- **Your feel**: your part judged the instant you hit (your pop-ups, combo and the notes you
  take off the highway), by an engine of your part alone. Judging one note is the same alone as
  in the duet: which note a hit takes and how well depend on your hits only.
- **The settled duet**: a `DuetSession` of both players, advanced only as far as both machines
  have promised their hits (`upto`: "every hit of mine up to this song second is sent"). Up to
  there it has every input there will ever be, queued in one order on both machines (time, then
  player), so it is exactly the duet a `simulate` of the merged inputs plays — the team score,
  the Goodwill meter, Syncs and Harmony are settled, a little behind (the link's delay).

Your score on your highway is provisional: your hits count at once, with Harmony's ×2 as far
as it is known then and each Sync's bonus added when the settled duet scores it. At the end
both machines finish the settled duet with all the hits: the same inputs, the same order, the
same result — which is what the results show and the replay keeps.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from game.core.chart import Chart
from game.core.duet import DuetSession
from game.core.engine import PlayerEngine
from game.core.events import InputEvent, JudgementEvent, SyncEvent
from game.core.replay import PlayerSetup, new_session
from game.core.session import Event

SEATS = 2
"""Players in a live duet: the host is player 0, the guest player 1."""


class PartnerFaultError(ValueError):
    """The partner sent hits that break the promise of the link (a hit before what they had
    already promised, or a promise going back): a faulty or hostile peer."""


@dataclass(frozen=True, slots=True)
class ClockOffset:
    """How far the partner's clock is ahead of ours (seconds), from ping round trips.

    `rtt_s` is the best round trip seen; the offset is within ± `rtt_s` / 2 of the truth (half
    the round trip is all the asymmetry of one ping can hide).
    """

    offset_s: float
    rtt_s: float
    samples: int


def clock_offset(samples: Iterable[tuple[float, float, float]]) -> ClockOffset:
    """The partner's clock offset from pings `(t0, t1, t2)`: sent at our `t0`, answered at their
    `t1`, back at our `t2` (seconds on each side's own clock), NTP-style.

    Each ping gives offset `t1 - (t0 + t2) / 2` with error at most half its round trip; the
    pings with the shortest round trips (within 10% or 2 ms of the best) are the least delayed,
    and the median of their offsets is taken. ValueError without a ping, or a ping that came
    back before it left."""
    rows = list(samples)
    if not rows:
        raise ValueError("a clock offset needs at least one ping")
    timed = []
    for t0, t1, t2 in rows:
        if not all(math.isfinite(t) for t in (t0, t1, t2)) or t2 < t0:
            raise ValueError(f"a ping cannot come back before it left: {(t0, t1, t2)}")
        timed.append((t2 - t0, t1 - (t0 + t2) / 2))
    best = min(rtt for rtt, _ in timed)
    near = sorted(off for rtt, off in timed if rtt <= best + max(0.002, 0.1 * best))
    mid = len(near) // 2
    offset = near[mid] if len(near) % 2 else (near[mid - 1] + near[mid]) / 2
    return ClockOffset(offset, best, len(rows))


class OnlineDuet:
    """One machine's side of a live duet on `chart`: `setups` of players 0 (host) and 1 (guest),
    `you` the player who plays here.

    Feed it your hits (`play`) and what you have sent (`promise`), the partner's hits as they
    arrive (`partner_hits`), and `update` it on your song clock.
    """

    def __init__(self, chart: Chart, setups: Sequence[PlayerSetup], you: int) -> None:
        if len(setups) != SEATS or you not in (0, 1):
            raise ValueError("a live duet has two players, and you are player 0 or 1")
        session = new_session(chart, setups)
        assert isinstance(session, DuetSession)
        self.session: DuetSession = session
        self.you = you
        self.partner = 1 - you
        mine = setups[you]
        track = chart.track(mine.part, mine.difficulty)
        self.feel = PlayerEngine(
            track, mine.params, player=you, tempo=chart.tempo, star_meter=False
        )
        self._feel_queue: list[tuple[float, int, InputEvent]] = []
        self._seq = 0
        self._pending: list[InputEvent] = []
        """Both players' hits not yet in the settled duet (beyond the settled horizon)."""
        self.sent_upto = -math.inf
        """Your promise: every hit of yours up to this song second is in (and sent)."""
        self.partner_upto = -math.inf
        """The partner's promise: every hit of theirs up to this song second has arrived."""
        self.partner_done = False
        self.mine: list[InputEvent] = []
        """Your hits in the order played (what the partner is sent)."""
        self.theirs = 0
        """How many of the partner's hits have arrived."""

    # hits ---------------------------------------------------------------------------------------
    def play(self, event: InputEvent) -> InputEvent:
        """Your hit: judged at once for your feel and kept for the settled duet. A hit stamped
        before what you already promised (it came too late for the link) is moved just after
        the promise, so both machines judge it the same; the hit as kept is returned."""
        if event.player != self.you:
            event = replace(event, player=self.you)
        if event.time_s <= self.sent_upto:
            event = replace(event, time_s=math.nextafter(self.sent_upto, math.inf))
        self.mine.append(event)
        heapq.heappush(self._feel_queue, (event.time_s, self._seq, event))
        self._seq += 1
        self._pending.append(event)
        return event

    def promise(self, upto_s: float) -> None:
        """You have sent every hit of yours up to song second `upto_s` (never goes back)."""
        self.sent_upto = max(self.sent_upto, upto_s)

    def partner_hits(self, hits: Iterable[InputEvent], upto_s: float) -> int:
        """The partner's hits (in time order) and their promise `upto_s`; hits they had sent
        already (at or before their last promise: a rejoin sends again) are skipped. Returns
        how many were new. Raises PartnerFaultError for a promise going back or a hit after it."""
        if self.partner_done:
            return 0  # sent again after their last word: nothing new can come
        if upto_s < self.partner_upto:
            went = f"{self.partner_upto} → {upto_s}"
            raise PartnerFaultError(f"the partner's promise went back, {went}")
        new = 0
        last = self.partner_upto
        for hit in hits:
            if hit.time_s <= self.partner_upto:
                continue  # sent again after a rejoin: already here
            if hit.time_s > upto_s or hit.time_s < last:
                raise PartnerFaultError(f"a partner's hit at {hit.time_s} s breaks their promise")
            last = hit.time_s
            self._pending.append(replace(hit, player=self.partner))
            new += 1
        self.partner_upto = upto_s
        self.theirs += new
        return new

    def partner_kept(self) -> list[InputEvent]:
        """Every hit of the partner's that has arrived, in time order (what a partner whose game
        closed is given back when they return; `partner_upto` is their promise)."""
        settled = [e for e in self.session.inputs if e.player == self.partner]
        pending = [e for e in self._pending if e.player == self.partner]
        return settled + sorted(pending, key=lambda e: e.time_s)

    def resume(self, kept: Iterable[InputEvent], upto_s: float) -> None:
        """Come back into a duet your game left mid-song: `kept` are your hits as the partner
        kept them, every one up to song second `upto_s` (your promise as they had it). They are
        played again as they were; your next hits come after `upto_s`."""
        if self.mine or self.sent_upto != -math.inf:
            raise ValueError("only a duet with no hits of yours yet can be resumed")
        for event in kept:
            if event.time_s > upto_s:
                raise ValueError(f"a kept hit at {event.time_s} s is after the promise {upto_s}")
            self.play(event)
        self.promise(upto_s)

    def partner_finished(self) -> None:
        """The partner has sent every hit (or left for good): nothing more will come from them."""
        self.partner_done = True
        self.partner_upto = math.inf

    @property
    def settled_s(self) -> float:
        """How far the settled duet can go: both promises (song seconds)."""
        return min(self.sent_upto, self.partner_upto)

    # time ---------------------------------------------------------------------------------------
    def update(self, now_s: float) -> tuple[list[JudgementEvent], list[Event]]:
        """Your feel judged up to song second `now_s`, and the settled duet up to both promises
        (never past `now_s`): `(your judgements, the settled duet's events)`."""
        feel = self._update_feel(now_s)
        settled = self._settle(min(now_s, self.settled_s))
        return feel, settled

    def finish(self) -> list[Event]:
        """Settle everything (both players have sent all their hits, or the partner is gone):
        the settled duet judged to the end; its events."""
        self.sent_upto = math.inf
        if not self.partner_done:
            self.partner_finished()
        self._update_feel(math.inf)
        return self._settle(math.inf)

    def _update_feel(self, now_s: float) -> list[JudgementEvent]:
        feel, queue, out = self.feel, self._feel_queue, []
        while queue and queue[0][0] <= now_s:
            _, _, event = heapq.heappop(queue)
            out += feel.advance_to(event.time_s)
            factor = self.session._factor(event.time_s)  # Harmony as far as it is known
            out.append(feel.hit(event, factor))
        out += feel.advance_to(now_s)
        return out

    def _settle(self, upto_s: float) -> list[Event]:
        """Queue every pending hit up to `upto_s` in (time, player) order and judge up to it."""
        due = [e for e in self._pending if e.time_s <= upto_s]
        if due:
            self._pending = [e for e in self._pending if e.time_s > upto_s]
            for event in sorted(due, key=lambda e: (e.time_s, e.player)):
                self.session.queue_input(event)
        events = self.session.finish() if upto_s == math.inf else self.session.update(upto_s)
        for e in events:
            if isinstance(e, SyncEvent):
                self.feel.add_bonus(e.points[self.you])
        return events

    # what the screen shows --------------------------------------------------------------------
    def views(self) -> list[PlayerEngine]:
        """The engines the highways draw: your feel on yours, the settled partner on theirs."""
        engines = list(self.session.engines)
        engines[self.you] = self.feel
        return engines

    def shown(self, settled: Iterable[Event]) -> list[Event]:
        """The settled duet's events the screen shows: all but your own judgements (your feel
        showed them already)."""
        return [e for e in settled if not (isinstance(e, JudgementEvent) and e.player == self.you)]

    def merged_inputs(self) -> list[InputEvent]:
        """Both players' hits as the settled duet judged them (a replay's inputs)."""
        return list(self.session.inputs)
