"""Fuzzing notes.mid: mutated and truncated real files load or raise ChartError, fast."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from game.core.split import split_chart
from game.formats.draft import build_chart
from game.formats.errors import ChartError
from game.formats.notes_mid import parse_notes_mid
from tests.formats.test_notes_mid import DRUMROLLS, DRUMTEST, TEST_MID
from tests.helpers import need_testdata

PER_FILE = {DRUMTEST / "notes.mid": 1200, DRUMROLLS / "notes.mid": 500, TEST_MID: 300}
SEED = 20261127


def mutate(data: bytes, rng: np.random.Generator) -> bytes:
    """One random damage: flipped bytes, a cut, an inserted or deleted run, or a swapped block."""
    b = bytearray(data)
    kind = rng.integers(0, 6)
    if kind == 0:  # truncate
        return bytes(b[: rng.integers(0, len(b))])
    if kind == 1:  # flip a few bytes anywhere
        for i in rng.integers(0, len(b), rng.integers(1, 8)):
            b[i] = int(rng.integers(0, 256))
        return bytes(b)
    if kind == 2:  # damage the header or a chunk length (where parsers trust the file)
        i = int(rng.choice([4, 5, 6, 7, 10, 11, 12, 13, 18, 19, 20, 21]))
        b[i] = int(rng.integers(0, 256))
        return bytes(b)
    if kind == 3:  # insert random bytes
        i = int(rng.integers(0, len(b)))
        return bytes(
            b[:i] + rng.integers(0, 256, rng.integers(1, 64)).astype(np.uint8).tobytes() + b[i:]
        )
    if kind == 4:  # delete a run
        i = int(rng.integers(0, len(b)))
        return bytes(b[:i] + b[i + int(rng.integers(1, 64)) :])
    i, j = sorted(rng.integers(0, len(b), 2).tolist())  # copy a block over another place
    k = int(rng.integers(0, len(b)))
    b[k : k + (j - i)] = b[i:j]
    return bytes(b)


@pytest.mark.parametrize("source", list(PER_FILE), ids=lambda p: p.parent.name)
def test_mutated_notes_mid_loads_or_raises_chart_error_within_a_second(source: Path):
    original = need_testdata(source).read_bytes()
    rng = np.random.default_rng(SEED)
    outcomes = {"loaded": 0, "refused": 0}
    slowest = 0.0
    for _ in range(PER_FILE[source]):
        data = mutate(original, rng)
        start = time.perf_counter()
        try:
            chart = build_chart(parse_notes_mid(data, source), None, source)
            split_chart(chart)
            outcomes["loaded"] += 1
        except ChartError as e:
            assert str(source) in str(e)
            outcomes["refused"] += 1
        slowest = max(slowest, time.perf_counter() - start)
    assert slowest < 1.0, f"slowest variant took {slowest:.2f} s"
    assert outcomes["loaded"] > 0 and outcomes["refused"] > 0, outcomes


def test_fuzz_runs_at_least_2000_variants():
    assert sum(PER_FILE.values()) >= 2000
