"""Hit windows: every edge of every preset, directly and through the engine at realistic times."""

from __future__ import annotations

import pytest

from game.core.engine import EngineParams, PlayerEngine
from game.core.events import InputEvent
from game.core.judgement import HitWindows, Judgement, WindowPreset
from tests.helpers import R, track

P, GR, GO, M = Judgement.PERFECT, Judgement.GREAT, Judgement.GOOD, Judgement.MISS

# (preset, offset in ms, judgement; None = outside the Good window)
EDGES = {
    WindowPreset.STANDARD: (25.0, 50.0, 90.0),
    WindowPreset.RELAXED: (37.5, 75.0, 135.0),
    WindowPreset.STRICT: (16.5, 33.0, 59.4),
}
TABLE = []
for preset, (perfect, great, good) in EDGES.items():
    for sign in (-1, 1):
        TABLE += [
            (preset, 0.0, P),
            (preset, sign * perfect, P),
            (preset, sign * (perfect + 0.1), GR),
            (preset, sign * great, GR),
            (preset, sign * (great + 0.1), GO),
            (preset, sign * good, GO),
            (preset, sign * (good + 0.1), None),
        ]


def test_presets_scale_the_standard_windows():
    assert HitWindows.for_preset("standard") == HitWindows(0.025, 0.050, 0.090)
    assert HitWindows.for_preset("relaxed").good_s == pytest.approx(0.135)
    assert HitWindows.for_preset("strict").perfect_s == pytest.approx(0.0165)


@pytest.mark.parametrize(("preset", "offset_ms", "expected"), TABLE)
def test_result_for_offset_at_each_window_edge(preset, offset_ms, expected):
    assert HitWindows.for_preset(preset).result_for(offset_ms / 1000.0) == expected


@pytest.mark.parametrize(("preset", "offset_ms", "expected"), TABLE)
@pytest.mark.parametrize("note_time", [0.5, 123.456, 1799.987])
def test_engine_judges_hit_at_each_window_edge(preset, offset_ms, expected, note_time):
    """Through the engine, at song times where float rounding would bite without the epsilon."""
    engine = PlayerEngine(track((note_time, R)), EngineParams(preset=preset))
    result = engine.hit(InputEvent(note_time + offset_ms / 1000.0, 0, R))
    if expected is None:
        assert result.judgement is Judgement.OVERHIT
        engine.advance_to(note_time + 1.0)
        assert engine.judgements[0] == M
    else:
        assert result.judgement is expected
        assert result.error_s == pytest.approx(offset_ms / 1000.0, abs=1e-9)


def test_note_is_missed_only_after_its_good_window_closes():
    engine = PlayerEngine(track((1.0, R)))
    assert engine.advance_to(1.090) == []
    misses = engine.advance_to(1.0901)
    assert [m.judgement for m in misses] == [M]
    assert misses[0].time_s == pytest.approx(1.090)
