"""The automatic duet split: P1 and P2 parts from a full-kit part, deterministic and musical.

1. P1 keeps the groove (kick, snare, hi-hat); P2 plays toms, crashes, the ride and the accents.
2. Versus phrases (notes 105/106) become call and response: a P1 phrase is P1's alone, a P2
   phrase P2's; where both phrases overlap, both play.
3. Big moments are unison (both players play them): a crash on a bar's downbeat, with the kick
   under it, and the song's last hit.
4. Balance: while a player has under 35% of the notes, the other hands over one lane (the
   hi-hat first, then the snare, the kick; or the ride, toms and crashes the other way) in
   alternating two-bar blocks — trading fours, as drummers do. If that cannot reach 35%, the
   difficulty is played in unison.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from game.core.chart import Chart, NoteTrack, Phrase, PhraseKind
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.tempo import TempoMap

MIN_SHARE = 0.35
BLOCK_BARS = 2
P1_HANDS_OVER = ((Lane.YELLOW, True), (Lane.RED, None), (Lane.KICK, None), (Lane.YELLOW, False))
P2_HANDS_OVER = (
    (Lane.BLUE, True),
    (Lane.YELLOW, False),
    (Lane.BLUE, False),
    (Lane.GREEN, False),
    (Lane.GREEN, True),
)


def split_track(
    track: NoteTrack, tempo: TempoMap, phrases: tuple[Phrase, ...] = ()
) -> tuple[NoteTrack, NoteTrack]:
    """P1 and P2 tracks whose union is `track`, each with at least 35% of its notes."""
    n = len(track)
    if n == 0:
        return track, track
    lanes, times = track.lanes, track.times
    cymbal = track.cymbal if track.pro_drums else np.ones(n, dtype=bool)  # pads: hats are groove
    accent = (track.dynamics == Dynamics.ACCENT) & (lanes != Lane.KICK)
    groove = (lanes == Lane.KICK) | (lanes == Lane.RED) | ((lanes == Lane.YELLOW) & cymbal)
    p1 = groove & ~accent
    p2 = ~p1
    p1, p2 = _versus(times, phrases, p1, p2)
    bars = tempo.bar_position(times)
    unison = _big_moments(track, bars, cymbal)
    p1, p2 = p1 | unison, p2 | unison
    blocks = np.floor(bars / BLOCK_BARS).astype(np.int64)
    p1, p2 = _balance(track, cymbal, blocks, p1, p2, P1_HANDS_OVER)
    p2, p1 = _balance(track, cymbal, blocks, p2, p1, P2_HANDS_OVER)
    if min(p1.sum(), p2.sum()) < MIN_SHARE * n:
        p1 = p2 = np.ones(n, dtype=bool)
    return track.subset(p1), track.subset(p2)


def split_chart(chart: Chart) -> Chart:
    """`chart` with P1 and P2 parts split from its full part at every difficulty it has."""
    tracks = dict(chart.tracks)
    phrases = chart.phrases.get(Part.FULL, ())
    for difficulty in chart.difficulties(Part.FULL):
        full = chart.tracks[(Part.FULL, difficulty)]
        if difficulty is Difficulty.EXPERT_PLUS and (Part.FULL, Difficulty.EXPERT) in tracks:
            expert = chart.tracks[(Part.FULL, Difficulty.EXPERT)]
            p1_expert, p2_expert = (tracks[(p, Difficulty.EXPERT)] for p in (Part.P1, Part.P2))
            p1, p2 = _with_double_kicks(full, expert, p1_expert, p2_expert)
            # A player without 2x kicks plays Expert+ as Expert: no track of its own.
            tracks.update(
                {
                    (p, difficulty): t
                    for p, t, e in ((Part.P1, p1, p1_expert), (Part.P2, p2, p2_expert))
                    if len(t) != len(e)
                }
            )
            continue
        p1, p2 = split_track(full, chart.tempo, phrases)
        tracks[(Part.P1, difficulty)] = p1
        tracks[(Part.P2, difficulty)] = p2
    all_phrases = dict(chart.phrases)
    all_phrases.setdefault(Part.P1, phrases)
    all_phrases.setdefault(Part.P2, phrases)
    return Chart(chart.meta, chart.tempo, tracks, chart.sections, all_phrases)


def _with_double_kicks(
    plus: NoteTrack, expert: NoteTrack, p1: NoteTrack, p2: NoteTrack
) -> tuple[NoteTrack, NoteTrack]:
    """Expert+ split as Expert was; each 2x kick goes to whoever plays the nearest Expert kick."""
    extra = ~_member(plus, expert)
    kicks = expert.lanes == Lane.KICK
    kick_times = expert.times[kicks]
    owners = [_member(expert, p)[kicks] for p in (p1, p2)]
    if len(kick_times):
        after = np.clip(np.searchsorted(kick_times, plus.times), 0, len(kick_times) - 1)
        before = np.maximum(after - 1, 0)
        use_before = np.abs(kick_times[before] - plus.times) <= np.abs(
            kick_times[after] - plus.times
        )
        nearest = np.where(use_before, before, after)
        owner = [o[nearest] for o in owners]
    else:
        owner = [np.ones(len(plus), dtype=bool), np.zeros(len(plus), dtype=bool)]
    keep = [np.where(extra, owner[k], _member(plus, p)) for k, p in enumerate((p1, p2))]
    return plus.subset(keep[0]), plus.subset(keep[1])


def _member(track: NoteTrack, other: NoteTrack) -> NDArray[np.bool_]:
    """For each note of `track`: does `other` have a note of its lane at its time (to 1 µs)?"""

    def keys(t: NoteTrack) -> NDArray[np.int64]:
        return np.rint(t.times * 1e6).astype(np.int64) * 8 + t.lanes

    return np.isin(keys(track), keys(other))


def _versus(
    times: NDArray[np.float64], phrases: tuple[Phrase, ...], p1: NDArray, p2: NDArray
) -> tuple[NDArray, NDArray]:
    in_p1 = _inside(times, [p for p in phrases if p.kind is PhraseKind.VERSUS_P1])
    in_p2 = _inside(times, [p for p in phrases if p.kind is PhraseKind.VERSUS_P2])
    both = in_p1 & in_p2
    p1 = np.where(in_p1 | in_p2, in_p1, p1)
    p2 = np.where(in_p1 | in_p2, in_p2, p2)
    return p1 | both, p2 | both


def _inside(times: NDArray[np.float64], phrases: list[Phrase]) -> NDArray[np.bool_]:
    out = np.zeros(len(times), dtype=bool)
    for p in phrases:
        out |= (times >= p.start_s) & (times < p.end_s)
    return out


def _big_moments(track: NoteTrack, bars: NDArray[np.float64], cymbal: NDArray) -> NDArray:
    """Crashes on bar downbeats with the kick under them, and every note of the last instant."""
    lanes, times = track.lanes, track.times
    downbeat = np.abs(bars - np.rint(bars)) < 1e-6
    crash = (lanes == Lane.GREEN) & cymbal & downbeat
    kick_under = (lanes == Lane.KICK) & np.isin(times, times[crash])
    return crash | kick_under | (times == times[-1])


def _balance(
    track: NoteTrack,
    cymbal: NDArray,
    blocks: NDArray[np.int64],
    giver: NDArray,
    taker: NDArray,
    order: tuple[tuple[Lane, bool | None], ...],
) -> tuple[NDArray, NDArray]:
    """Move the giver's own notes to the taker, lane by lane and block by block, until 35%."""
    giver, taker = giver.copy(), taker.copy()
    need = MIN_SHARE * len(track)
    odd_first = sorted(np.unique(blocks).tolist(), key=lambda b: (b % 2 == 0, b))
    for lane, is_cymbal in order:
        lane_mask = track.lanes == lane
        if is_cymbal is not None:
            lane_mask &= cymbal == is_cymbal
        for block in odd_first:
            if taker.sum() >= need:
                return giver, taker
            move = lane_mask & (blocks == block) & giver & ~taker
            giver &= ~move
            taker |= move
    return giver, taker
