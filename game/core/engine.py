"""One player's engine: judges hits at their own times, misses notes as their windows close.

Hit state lives here, in arrays indexed by note; the `NoteTrack` is never touched.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import numpy as np

from game.core.chart import NoteTrack
from game.core.events import InputEvent, JudgementEvent
from game.core.judgement import WINDOW_EPSILON_S, HitWindows, Judgement, WindowPreset
from game.core.lanes import Dynamics, Lane
from game.core.scoring import ACCENT_RATIO, DYNAMICS_BONUS, GHOST_RATIO, PlayerStats, ScoreCard
from game.core.star_power import STAR_FACTOR, StarPower
from game.core.tempo import TempoMap

DEFAULT_TEMPO = TempoMap(480)
"""The tempo map of an engine given none: 120 BPM in 4/4 (it only paces star power's drain)."""

UNJUDGED = -1


@dataclass(frozen=True, slots=True)
class EngineParams:
    """The rules one player plays by; saved in every replay.

    `pro_cymbals`: a cymbal note wants a cymbal hit and a tom note a tom hit.
    `overhits_break_combo`: an overhit resets the combo (and so the full combo).
    `score_dynamics`: accents and ghosts played at the right velocity earn a bonus (kit players).
    `star_power`: the chart's star-power phrases count (see `star_power`); off only for replays
    recorded before the game had star power.
    """

    preset: WindowPreset = WindowPreset.STANDARD
    pro_cymbals: bool = False
    overhits_break_combo: bool = False
    score_dynamics: bool = False
    star_power: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "preset", WindowPreset(self.preset))

    @property
    def windows(self) -> HitWindows:
        """The hit windows of this player's preset."""
        return HitWindows.for_preset(self.preset)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        d = asdict(self)
        d["preset"] = self.preset.value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> EngineParams:
        """The inverse of `to_dict`; unknown keys raise ValueError."""
        known = {"preset", "pro_cymbals", "overhits_break_combo", "score_dynamics", "star_power"}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown engine parameters: {sorted(unknown)}")
        flags = {k: d[k] for k in d if k != "preset"}
        for k, v in flags.items():
            if not isinstance(v, bool):
                raise ValueError(f"engine parameter {k} must be true or false")
        return cls(preset=WindowPreset(d.get("preset", "standard")), **flags)  # type: ignore[arg-type]


class PlayerEngine:
    """Judges one player's inputs against one note track.

    Call `advance_to(t)` to miss every note whose window closed before `t`, and `hit(event)` to
    judge an input at its own time. Feed inputs in time order (the sessions do this).
    `tempo` paces star power's drain (bars); `star_meter` false (a duet) keeps the phrases
    counted but never fills the personal meter.
    """

    def __init__(
        self,
        track: NoteTrack,
        params: EngineParams | None = None,
        player: int = 0,
        tempo: TempoMap | None = None,
        star_meter: bool = True,
    ):
        self.track = track
        self.params = params or EngineParams()
        self.player = player
        self.star = StarPower(
            track, tempo or DEFAULT_TEMPO, meter=star_meter and self.params.star_power
        )
        marked = (track.star_phrase_id >= 0) | track.fill_end
        self._star_on = self.params.star_power and bool(marked.any())
        self._star_note = marked.tolist()  # per note: does judging it touch star power?
        self.phrase_completed = False  # did the last judgement complete a star-power phrase?
        self.windows = self.params.windows
        n = len(track)
        self._judged = [UNJUDGED] * n  # per note: a Judgement value, or UNJUDGED
        self._hit_times = [math.nan] * n
        self.card = ScoreCard(notes=n, overhits_break_combo=self.params.overhits_break_combo)
        self._times = track.times.tolist()  # Python scalars: fast access in the hot path
        self._cymbals = track.cymbal.tolist()
        self._lanes = [Lane(x) for x in track.lanes.tolist()]  # per note, its Lane
        self._lane_notes = [np.flatnonzero(track.lanes == lane).tolist() for lane in Lane]
        self._lane_next = [0] * len(Lane)  # per lane: position of the first possibly-unjudged note
        self._miss_next = 0  # position (in time order) of the next note whose window may close
        self._deadline_pad = self.windows.good_s + WINDOW_EPSILON_S
        self._pro_cymbals = self.params.pro_cymbals and track.pro_drums
        self._score_dynamics = self.params.score_dynamics

    # time-driven misses ------------------------------------------------------------------------
    def next_deadline(self) -> float:
        """When the window of the earliest unjudged note closes (seconds); inf when none is left."""
        i, n, judged = self._miss_next, len(self._times), self._judged
        while i < n and judged[i] != UNJUDGED:
            i += 1
        self._miss_next = i
        return self._times[i] + self._deadline_pad if i < n else math.inf

    def miss_next(self) -> JudgementEvent:
        """Miss the unjudged note whose window closes first."""
        deadline = self.next_deadline()
        if deadline == math.inf:
            raise IndexError("no unjudged note left")
        i = self._miss_next
        self._judged[i] = Judgement.MISS
        self._miss_next += 1
        self.card.judge(Judgement.MISS)
        self.phrase_completed = False  # a miss never completes a phrase
        if self._star_on and self._star_note[i]:
            self.star.note_judged(i, False, self._times[i])
        return self._event(deadline, i, Judgement.MISS, math.nan, 0, 0)

    def advance_to(self, time_s: float) -> list[JudgementEvent]:
        """Miss every note whose window closed before `time_s`; return those misses in order."""
        out = []
        while self.next_deadline() < time_s:
            out.append(self.miss_next())
        return out

    # hits --------------------------------------------------------------------------------------
    def find_note(self, event: InputEvent) -> int:
        """The note `event` takes: the earliest unjudged note of its lane whose window holds it.

        With pro cymbals on, a yellow/blue/green note must also match the hit's cymbal flag.
        Returns -1 when there is none (an overhit).
        """
        lane = int(event.lane)
        notes, times, judged = self._lane_notes[lane], self._times, self._judged
        k = self._lane_next[lane]
        while k < len(notes) and judged[notes[k]] != UNJUDGED:
            k += 1
        self._lane_next[lane] = k
        t, good = event.time_s, self._deadline_pad
        check_cymbal = self._pro_cymbals and lane >= Lane.YELLOW
        cymbals = self._cymbals
        while k < len(notes):
            i = notes[k]
            if times[i] > t + good:
                break
            if (
                judged[i] == UNJUDGED
                and times[i] >= t - good
                and (not check_cymbal or cymbals[i] == event.cymbal)
            ):
                return i
            k += 1
        return -1

    def hit(self, event: InputEvent, factor: int = 1) -> JudgementEvent:
        """Judge one input at its own time; `factor` multiplies its points (2 during Harmony,
        times 2 more for a note inside this player's star power)."""
        i, judgement, error, points, bonus = self.judge_hit(event, factor)
        lane = event.lane if i < 0 else None
        return self._event(event.time_s, i, judgement, error, points, bonus, lane)

    def judge_hit(
        self, event: InputEvent, factor: int = 1
    ) -> tuple[int, Judgement, float, int, int]:
        """Judge one input as `hit` does, without building its event: (the note taken or -1,
        the judgement, the error in seconds (NaN for an overhit), points with bonus, bonus)."""
        time_s = event.time_s
        if self.next_deadline() < time_s:
            self.advance_to(time_s)
        card = self.card
        peak = card.note_velocity(event.velocity)
        i = self.find_note(event)
        self.phrase_completed = False
        if i < 0:
            card.judge(Judgement.OVERHIT)
            return -1, Judgement.OVERHIT, math.nan, 0, 0
        if self._star_on and self.star.doubles(self._times[i]):
            factor *= STAR_FACTOR
        error = time_s - self._times[i]
        judgement = self.windows.result_for(error)
        assert judgement is not None  # find_note only returns notes whose window holds the hit
        self._judged[i] = judgement
        self._hit_times[i] = time_s
        points = card.judge(judgement, error, factor)
        bonus = 0
        if self._score_dynamics:
            bonus = self._dynamics_bonus(i, event.velocity, peak) * factor
            card.add_bonus(bonus)
        if self._star_on and self._star_note[i]:
            self.phrase_completed = self.star.note_judged(i, True, self._times[i])
        return i, judgement, error, points + bonus, bonus

    # star power --------------------------------------------------------------------------------
    def star_meter(self, now_s: float) -> float:
        """The star-power meter (0.0-1.0) at song time `now_s` (drains while active)."""
        return self.star.meter_at(now_s)

    def star_active(self, now_s: float) -> bool:
        """True when star power doubles this player's points at song time `now_s`."""
        return self.star.active_at(now_s)

    def star_ready(self, now_s: float) -> bool:
        """True when the chart's fills are offered at song time `now_s`: hitting a fill's last
        note would activate star power (the highway draws fills only then)."""
        return self.star.ready_at(now_s)

    def _dynamics_bonus(self, i: int, velocity: float, peak: float) -> int:
        if not self.params.score_dynamics or peak <= 0.0:
            return 0
        dyn = self.track.dynamics[i]
        ratio = velocity / peak
        if (dyn == Dynamics.ACCENT and ratio >= ACCENT_RATIO) or (
            dyn == Dynamics.GHOST and ratio <= GHOST_RATIO
        ):
            return DYNAMICS_BONUS
        return 0

    def add_bonus(self, points: int) -> None:
        """Add bonus points earned outside this engine (a Sync)."""
        self.card.add_bonus(points)

    # results -----------------------------------------------------------------------------------
    def note_state(self, i: int) -> int:
        """Note i's Judgement value, or UNJUDGED (-1): what the highway draws."""
        return self._judged[i]

    @property
    def judgements(self) -> np.ndarray:
        """Per note: its Judgement value, or -1 while unjudged (a copy)."""
        return np.array(self._judged, dtype=np.int8)

    @property
    def hit_times(self) -> np.ndarray:
        """Per note: the song time of the hit that took it, NaN if none (a copy)."""
        return np.array(self._hit_times)

    @property
    def finished(self) -> bool:
        """True when every note has been judged."""
        return self.next_deadline() == math.inf

    def stats(self) -> PlayerStats:
        """The player's results so far."""
        return replace(self.card.stats(), star_power=self.star.stats())

    def _event(
        self,
        time_s: float,
        i: int,
        judgement: Judgement,
        error: float,
        points: int,
        bonus: int,
        lane: Lane | None = None,
    ) -> JudgementEvent:
        return JudgementEvent(
            time_s=time_s,
            player=self.player,
            note_index=i,
            lane=self._lanes[i] if lane is None else lane if type(lane) is Lane else Lane(lane),
            judgement=judgement,
            error_s=error,
            points=points,
            bonus=bonus,
            combo=self.card.combo,
            multiplier=self.card.multiplier,
        )
