"""Disco flip: the Rock Band `[mix N drumsCd]` events that swap red and yellow on pro drums.

A mix event `mix <difficulty> drums<configuration><flag>` (brackets optional, spaces or
underscores between its words; difficulty 0 Easy to 3 Expert, configuration 0-5) sets the stem mix
of one difficulty from its tick on. With the flag `d` the section is disco-flipped: charted for
non-pro players with the hi-hat on red, so on pro drums red notes are played as yellow cymbals and
yellow notes (cymbal or tom) as red. Any later mix event of that difficulty without `d` (no flag,
`dnoflip`, `easy`, ...) ends the flip. This is how Rock Band and YARG read them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from game.core.lanes import Difficulty

FLIP_FLAG = "d"
MIX_DIFFICULTIES = {
    0: Difficulty.EASY,
    1: Difficulty.MEDIUM,
    2: Difficulty.HARD,
    3: Difficulty.EXPERT,
}
OPEN_END = 2**31 - 1
"""The end tick of a flip that no later mix event closes (it runs to the end of the chart)."""

_MIX = re.compile(r"mix[ _]*([0-9])[ _]*drums[ _]*([0-5])[ _]*(\S*)", re.IGNORECASE)


def mix_event(text: str) -> tuple[Difficulty, bool] | None:
    """The difficulty a mix event `text` sets and whether it turns disco flip on; None when
    `text` is not a mix event of a four-lane difficulty."""
    inner = text.strip().removeprefix("[").removesuffix("]").strip()
    m = _MIX.fullmatch(inner)
    if m is None or int(m[1]) not in MIX_DIFFICULTIES:
        return None
    return MIX_DIFFICULTIES[int(m[1])], m[3].lower() == FLIP_FLAG


def flip_spans(events: Iterable[tuple[int, str]]) -> dict[Difficulty, list[tuple[int, int]]]:
    """The disco-flipped tick spans [start, end) of each difficulty, from (tick, text) events in
    file order. A note at a mix event's tick follows that event (the last one at a tick wins)."""
    flipped_since: dict[Difficulty, int] = {}
    spans: dict[Difficulty, list[tuple[int, int]]] = {}
    for tick, text in sorted(events, key=lambda e: e[0]):  # stable: file order within a tick
        if "mix" not in text.lower():
            continue
        found = mix_event(text)
        if found is None:
            continue
        difficulty, flip = found
        if flip:
            flipped_since.setdefault(difficulty, tick)
        elif difficulty in flipped_since:
            start = flipped_since.pop(difficulty)
            if tick > start:
                spans.setdefault(difficulty, []).append((start, tick))
    for difficulty, start in flipped_since.items():
        spans.setdefault(difficulty, []).append((start, OPEN_END))
    return spans


def in_spans(tick: int, spans: list[tuple[int, int]]) -> bool:
    """True when `tick` lies in one of the sorted, disjoint spans [start, end)."""
    i = bisect.bisect_right(spans, (tick, OPEN_END + 1)) - 1
    return i >= 0 and tick < spans[i][1]
