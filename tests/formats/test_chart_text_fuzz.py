"""Fuzzing .chart: damaged copies of a real chart and generated texts load or raise ChartError.

Each case is timed from the bytes (or text) to a built and split `Chart`, as a song folder loads it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.split import split_chart
from game.formats.chart_text import decode_chart_text, parse_chart_text
from game.formats.draft import build_chart
from game.formats.errors import ChartError
from tests.formats.test_chart_text import TEST_CHART
from tests.helpers import need_testdata

SEED = 20261127
VARIANTS = {"excerpt": 1940, "whole": 60}
PATH = Path("songs/fuzz/notes.chart")
WANTED = ("Song", "SyncTrack", "Events", "EasyDrums", "MediumDrums", "HardDrums", "ExpertDrums")
CHART_BYTES = b'0123456789 =NSEBTSA[]{}"\n-.'


def load(data: bytes, path: Path) -> str:
    """Decode, parse, build and split like a song folder: 'loaded', or ChartError."""
    chart = build_chart(parse_chart_text(decode_chart_text(data, path), path), None, path)
    split_chart(chart)
    return "loaded"


def excerpt(text: str, last_tick: int = 12_000, unknown_lines: int = 30) -> str:
    """test.chart cut small: the wanted sections with notes up to `last_tick` (every phrase and
    event kept), plus the first lines of two sections the reader skips."""
    blocks, unknown = [], 0
    for name, body in re.findall(r"\[(\w+)\]\n\{\n(.*?)\n\}", text, re.DOTALL):
        lines = body.split("\n")
        if name not in WANTED:
            unknown += 1
            if unknown > 2:
                continue
            lines = lines[:unknown_lines]
        elif name.endswith("Drums"):
            lines = [ln for ln in lines if " N " not in ln or int(ln.split()[0]) <= last_tick]
        blocks.append(f"[{name}]\n{{\n" + "\n".join(lines) + "\n}")
    return "\n".join(blocks) + "\n"


def mutate(data: bytes, rng: np.random.Generator) -> bytes:
    """One random damage: a cut, flipped or inserted bytes, a deleted run, moved or dropped lines,
    or a number swapped for a strange one."""
    b = bytearray(data)
    kind = int(rng.integers(0, 9))
    if kind == 0:  # truncate
        return bytes(b[: rng.integers(0, len(b))])
    if kind == 1:  # flip a few bytes
        for i in rng.integers(0, len(b), rng.integers(1, 8)):
            b[i] = int(rng.integers(0, 256))
        return bytes(b)
    if kind == 2:  # insert random bytes, or bytes a chart is made of
        i = int(rng.integers(0, len(b)))
        if rng.random() < 0.5:
            junk = rng.integers(0, 256, rng.integers(1, 32)).astype(np.uint8).tobytes()
        else:
            junk = bytes(rng.choice(list(CHART_BYTES), int(rng.integers(1, 12))).tolist())
        return bytes(b[:i] + junk + b[i:])
    if kind == 3:  # delete a run
        i = int(rng.integers(0, len(b)))
        return bytes(b[:i] + b[i + int(rng.integers(1, 64)) :])
    lines = bytes(b).split(b"\n")
    i, j = (int(x) for x in rng.integers(0, len(lines), 2))
    if kind == 4:  # swap two lines
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 5:  # copy a line elsewhere
        lines.insert(j, lines[i])
    elif kind == 6:  # drop a line (a brace, a header, a tempo...)
        del lines[i]
    elif kind == 7:  # shuffle a run of lines
        run = lines[i : i + 20]
        rng.shuffle(run)
        lines[i : i + 20] = run
    else:  # a number becomes a strange one
        words = lines[i].split(b" ")
        strange = [b"-1", b"0", b"2147483648", b"99999999999999", b"1.5", b"", b"7", b"66", b"5"]
        words[int(rng.integers(0, len(words)))] = strange[int(rng.integers(0, len(strange)))]
        lines[i] = b" ".join(words)
    return b"\n".join(lines)


def run_variants(original: bytes, count: int, rng: np.random.Generator) -> tuple[dict, float]:
    """Load `count` damaged copies of `original`: the outcomes and the slowest time (s)."""
    outcomes = {"loaded": 0, "refused": 0}
    slowest = 0.0
    for _ in range(count):
        data = mutate(original, rng)
        start = time.perf_counter()
        try:
            outcomes[load(data, PATH)] += 1
        except ChartError as e:
            assert str(e).startswith(f"{PATH}: ")
            outcomes["refused"] += 1
        slowest = max(slowest, time.perf_counter() - start)
    return outcomes, slowest


def test_the_excerpt_is_a_loadable_chart_with_every_kind_of_line():
    text = excerpt(need_testdata(TEST_CHART).read_text(encoding="utf-8-sig"))
    for needle in (
        " = B ",
        " = TS 5 3",
        " = A ",
        " = S 2 ",
        " = N 32 ",
        " = N 66 ",
        "[ExpertSingle]",
    ):
        assert needle in text
    assert load(text.encode(), PATH) == "loaded"


def test_mutated_excerpts_of_test_chart_load_or_raise_chart_error_within_a_second():
    text = need_testdata(TEST_CHART).read_text(encoding="utf-8-sig")
    original = b"\xef\xbb\xbf" + excerpt(text).encode()
    outcomes, slowest = run_variants(original, VARIANTS["excerpt"], np.random.default_rng(SEED))
    assert slowest < 1.0, f"slowest variant took {slowest:.2f} s"
    assert outcomes["loaded"] > 100 and outcomes["refused"] > 100, outcomes


def test_mutated_whole_test_chart_loads_or_raises_chart_error_within_a_second():
    original = need_testdata(TEST_CHART).read_bytes()
    outcomes, slowest = run_variants(original, VARIANTS["whole"], np.random.default_rng(SEED + 1))
    assert slowest < 1.0, f"slowest variant took {slowest:.2f} s"
    assert outcomes["loaded"] > 0 and outcomes["refused"] > 0, outcomes


def test_fuzz_runs_at_least_2000_variants():
    assert sum(VARIANTS.values()) >= 2000


# Generated texts -------------------------------------------------------------------------------

LINE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20)
NUMBERS = st.one_of(
    st.integers(0, 2_000),
    st.integers(-3, 2**32),
    st.sampled_from(["", "x", "1.5", "-0", "nan", "1e3", "+3", "١٢", "0x10", "9" * 30]),
).map(str)
TICKS = st.integers(0, 20_000).map(str)
NOTE_TYPES = st.one_of(
    st.sampled_from([0, 1, 2, 3, 4, 5, 32, 34, 35, 36, 37, 38, 40, 41, 42, 43, 44, 66, 67, 68]),
    st.integers(0, 300),
).map(str)
EVENT_TEXTS = st.one_of(
    st.sampled_from(["solo", "soloend", "[solo]", '"section Verse"', '"[prc_a_b]"', "section_"]),
    LINE_TEXT,
)


def _lines(key: st.SearchStrategy[str], *values: st.SearchStrategy[tuple[str, ...]]):
    """`key = values...` lines."""
    return st.tuples(key, st.one_of(*values).map(" ".join)).map(" = ".join)


CLEAN_LINES = {  # well-formed entries with sane values
    "Song": st.one_of(
        st.sampled_from(["Resolution = 192", "Offset = 0.5", "Offset = -0.1", 'Genre = "A"']),
        _lines(st.sampled_from(["Name", "Year", "Charter", "Difficulty"]), st.tuples(LINE_TEXT)),
    ),
    "SyncTrack": _lines(
        TICKS,
        st.tuples(st.just("B"), st.sampled_from(["120000", "60000", "200000", "97531"])),
        st.tuples(st.just("TS"), st.sampled_from(["4", "3 3", "5 3", "7 4", "1 0"])),
        st.tuples(st.just("A"), st.integers(0, 10**7).map(str)),
    ),
    "Events": _lines(TICKS, st.tuples(st.just("E"), EVENT_TEXTS)),
    "Drums": _lines(
        TICKS,
        st.tuples(st.just("N"), NOTE_TYPES, st.sampled_from(["0", "120"])),
        st.tuples(st.just("S"), st.sampled_from(["2", "64", "65", "66", "7"]), TICKS),
        st.tuples(st.just("E"), EVENT_TEXTS),
    ),
}
NOISY_LINES = st.one_of(  # entries of any section, damaged
    _lines(
        st.one_of(TICKS, NUMBERS, st.sampled_from(["Resolution", "Offset"])),
        st.tuples(st.sampled_from(["N", "S", "B", "TS", "A", "E", "H", ""]), NUMBERS),
        st.tuples(st.sampled_from(["N", "S", "TS"]), NUMBERS, NUMBERS),
        st.tuples(NUMBERS, NUMBERS, NUMBERS),
    ),
    LINE_TEXT,
    st.sampled_from(["=", "{", "}", "[", "]", "[Song]", "0 = N", "= 5"]),
)
SECTIONS = ["Song", "SyncTrack", "Events", "ExpertDrums", "HardDrums", "EasyDrums", "ExpertSingle"]


@st.composite
def chart_texts(draw) -> str:
    """A .chart of random sections: most hold well-formed entries, some damaged ones."""
    names = draw(st.lists(st.sampled_from(SECTIONS), min_size=1, max_size=6))
    if draw(st.integers(0, 3)):  # usually a playable skeleton, in any order
        names = ["Song", "ExpertDrums", *names]
    parts = []
    for name in names:
        clean = CLEAN_LINES.get("Drums" if name.endswith("Drums") else name, NOISY_LINES)
        noisy = draw(st.sampled_from([False] * 7 + [True]))
        lines = draw(st.lists(NOISY_LINES if noisy else clean, max_size=20))
        if name == "Song" and draw(st.integers(0, 3)):
            lines.insert(0, "Resolution = 480")
        if name.endswith("Drums"):
            pads = st.tuples(st.integers(0, 9999), st.integers(0, 5))
            lines += [f"{t} = N {p} 0" for t, p in draw(st.lists(pads, max_size=30))]
        braces = [("{", "}")] * 16 + [("", "}"), ("{", ""), ("{", "{"), ("}", "{")]
        opening, closing = draw(st.sampled_from(braces))
        indent = draw(st.sampled_from(["  ", "\t", ""]))
        body = "".join(f"{indent}{line}\n" for line in lines)
        parts.append(f"[{name}]\n{opening}\n{body}{closing}")
    return draw(st.sampled_from(["\n", "\r\n"])).join(parts)


def assert_loads_or_refuses_within_a_second(data: bytes) -> None:
    start = time.perf_counter()
    try:
        load(data, PATH)
    except ChartError as e:
        assert str(e).startswith(f"{PATH}: ")
    assert time.perf_counter() - start < 1.0


HYPOTHESIS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(chart_texts())
def test_generated_charts_load_or_raise_chart_error(text):
    assert_loads_or_refuses_within_a_second(text.encode("utf-8"))


@HYPOTHESIS
@given(st.text(max_size=400))
def test_raw_text_loads_or_raises_chart_error(text):
    assert_loads_or_refuses_within_a_second(text.encode("utf-8", "surrogatepass"))


@HYPOTHESIS
@given(st.binary(max_size=400))
def test_raw_bytes_load_or_raise_chart_error(data):
    assert_loads_or_refuses_within_a_second(data)
