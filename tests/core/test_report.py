"""The typed results of a play (SessionReport) and their JSON form."""

from __future__ import annotations

from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.judgement import Judgement, WindowPreset
from game.core.lanes import Difficulty, Part
from game.core.replay import PlayerSetup, simulate
from game.core.report import JudgementCounts, PlayerReport, SessionReport
from tests.helpers import G, K, R, chart_of, track

NOTES = [(0.5, K), (1.0, R), (1.5, G), (2.0, K)]
CHART = chart_of(
    {key: track(*NOTES) for key in (("full", "expert"), ("p1", "hard"), ("p2", "hard"))}
)


def test_a_solo_report_is_the_engines_stats_typed_and_has_no_team():
    setup = [PlayerSetup(Part.FULL, Difficulty.EXPERT, EngineParams(WindowPreset.STRICT))]
    inputs = [InputEvent(0.5 + 0.010, 0, K), InputEvent(1.0 + 0.040, 0, R), InputEvent(1.2, 0, K)]
    session = simulate(CHART, setup, inputs)
    (stats,) = session.stats()
    report = SessionReport.of(session)
    assert report.team is None and not report.duet
    (player,) = report.players
    assert player == PlayerReport.of(stats)
    assert (player.score, player.grade, player.full_combo) == (stats.score, "D", False)
    assert player.counts == JudgementCounts(perfect=1, good=1, miss=2, overhit=1)
    assert player.counts.to_json() == {"perfect": 1, "great": 0, "good": 1, "miss": 2, "overhit": 1}
    assert list(report.to_json()) == ["players"]


def test_a_duet_report_carries_the_team_and_its_json_keeps_the_printed_order():
    setup = [PlayerSetup(Part.P1, Difficulty.HARD), PlayerSetup(Part.P2, Difficulty.HARD)]
    inputs = [InputEvent(t + d, p, lane) for p, d in ((0, 0.0), (1, 0.004)) for t, lane in NOTES]
    session = simulate(CHART, setup, sorted(inputs, key=lambda e: e.time_s))
    report = SessionReport.of(session)
    assert report.duet and report.team == session.team_stats()
    assert report.team.syncs == 4 and report.team.awards == ("signed-drumsticks",)
    doc = report.to_json()
    assert list(doc) == ["players", "team"]
    assert list(doc["players"][0]) == [
        "score", "accuracy", "grade", "max_combo", "full_combo", "counts",
        "mean_error_ms", "stdev_error_ms", "star_power",
    ]  # fmt: skip
    assert doc["team"] == {
        "score": report.team.score, "syncs": 4, "unison_notes": 4,
        "tightness_ms": report.team.tightness_ms, "harmonies": 0, "awards": ["signed-drumsticks"],
    }  # fmt: skip
    assert doc["players"][1]["mean_error_ms"] == report.players[1].mean_error_ms


def test_counts_of_an_engine_count_a_judgement_it_never_gave_as_zero():
    assert JudgementCounts.of({Judgement.GREAT: 3}) == JudgementCounts(great=3)
