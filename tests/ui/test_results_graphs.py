"""The results' graphs, drawn by real pygame with the game's fonts onto recording surfaces: the
ms scales' labels are drawn under (beside) their ticks, the player's own hit windows lie as
bands at the pixels their milliseconds give, the lanes' accuracies are the engine's, a graph
with nothing to plot says so, and one player's results take the whole width."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.play import PlayOptions, PlayResult  # noqa: E402
from game.app.results_screen import results_view  # noqa: E402
from game.base.language import _  # noqa: E402
from game.core.autoplay import autoplay_inputs  # noqa: E402
from game.core.engine import EngineParams  # noqa: E402
from game.core.judgement import HitWindows, Judgement, WindowPreset  # noqa: E402
from game.core.lane_accuracy import lane_accuracy  # noqa: E402
from game.core.replay import PlayerSetup, simulate  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.ui.results_graphs import (  # noqa: E402
    LANE_NAMES,
    band_colour,
    draw_histogram,
    draw_timeline,
    histogram_plot,
    ms_label,
    ms_ticks,
    percent,
    timeline_plot,
)
from game.ui.text_boxes import LayoutReport, RecordingSurface  # noqa: E402
from tests.helpers import ROOT  # noqa: E402

NARA = ROOT / "charts" / "nara-soundcheck"
WINDOWS = HitWindows(0.020, 0.045, 0.100)
REACH = 100.0


@pytest.fixture(autouse=True)
def window():
    pygame.init()
    pygame.display.set_mode((64, 64))
    yield
    pygame.quit()


def recording(size=(800, 400)) -> RecordingSurface:
    return RecordingSurface(size, LayoutReport())


def words_at(surface: RecordingSurface) -> dict[str, list[pygame.Rect]]:
    out: dict[str, list[pygame.Rect]] = {}
    for box in surface.report.boxes:
        out.setdefault(box.words, []).append(box.box)
    return out


def expected_judgement(ms: float) -> Judgement | None:
    """The window a millisecond lies in, by the windows' own numbers (None outside Good)."""
    a = abs(ms)
    for limit, j in ((20, Judgement.PERFECT), (45, Judgement.GREAT), (100, Judgement.GOOD)):
        if a < limit:
            return j
    return None


def test_the_histograms_ms_scale_is_labelled_under_its_ticks():
    surface = recording()
    box = pygame.Rect(20, 20, 600, 220)
    draw_histogram(surface, box, [-30.0, 2.0, 5.0, 12.0, 60.0], WINDOWS, REACH)
    plot = histogram_plot(box)
    drawn = words_at(surface)
    ticks = [t for t in ms_ticks(REACH, plot.width, 40) if abs(t) < REACH]
    assert len(ticks) >= 5 and 0.0 in ticks
    for tick in ticks:
        (label,) = drawn[ms_label(tick)]
        x = plot.left + (tick + REACH) / (2 * REACH) * (plot.width - 1)
        assert abs(label.centerx - x) <= 3, (tick, label)
        assert label.top >= plot.bottom  # under the bars
    assert surface.report.problems() == []
    assert "+20" in drawn or "+25" in drawn  # signed, so early and late read apart


def test_the_timelines_ms_scale_is_labelled_beside_its_ticks_and_song_time_under_it():
    surface = recording()
    box = pygame.Rect(20, 20, 700, 300)
    draw_timeline(surface, box, [-30.0, 2.0, 60.0], [1.0, 20.0, 50.0], WINDOWS, REACH, 60.0)
    plot = timeline_plot(box)
    drawn = words_at(surface)
    ticks = [t for t in ms_ticks(REACH, plot.height, 21) if abs(t) < REACH]
    for tick in ticks:
        (label,) = drawn[ms_label(tick)]
        y = plot.top + (tick + REACH) / (2 * REACH) * (plot.height - 1)
        assert abs(label.centery - y) <= 3 and label.right <= plot.left
    assert "0:00" in drawn and "0:30" in drawn
    assert surface.report.problems() == []


@pytest.mark.parametrize("windows", [WINDOWS, HitWindows.for_preset(WindowPreset.STRICT)])
def test_the_window_bands_lie_at_their_milliseconds(windows):
    surface = recording()
    box = pygame.Rect(10, 10, 640, 200)
    draw_histogram(surface, box, [200.0], windows, REACH)  # one hit, far out: a bar at the edge
    plot = histogram_plot(box)
    y = plot.top + 3  # above any bar
    edges = [1000 * w for w in (windows.perfect_s, windows.great_s, windows.good_s)]
    checked = 0
    for x in range(plot.left + 2, plot.right - 2):
        ms = -REACH + (x - plot.left) / (plot.width - 1) * 2 * REACH
        near_edge = any(abs(abs(ms) - e) < 2 * 2 * REACH / plot.width for e in edges)
        if near_edge or abs(ms) < 2:
            continue
        a = abs(ms)
        expected = next(
            (j for limit, j in zip(edges, list(Judgement)[:3], strict=True) if a < limit), None
        )
        colour = tuple(surface.get_at((x, y))[:3])
        if expected is None:
            assert colour not in {band_colour(j) for j in list(Judgement)[:3]}, (x, ms)
        else:
            assert colour == band_colour(expected), (x, ms, expected)
            checked += 1
    assert checked > plot.width // 2


def test_the_timelines_bands_lie_at_their_milliseconds():
    surface = recording()
    box = pygame.Rect(10, 10, 500, 320)
    draw_timeline(surface, box, [], [], WINDOWS, REACH, 60.0)
    plot = timeline_plot(box)
    x = plot.right - 3
    for y in range(plot.top + 1, plot.bottom - 1):
        ms = -REACH + (y - plot.top) / (plot.height - 1) * 2 * REACH
        if any(abs(abs(ms) - e) < 2 for e in (20, 45, 100)) or abs(ms) < 2:
            continue
        expected = expected_judgement(ms)
        if expected is not None:
            assert tuple(surface.get_at((x, y))[:3]) == band_colour(expected), (y, ms)


def test_graphs_with_no_hits_say_so_and_graphs_with_hits_do_not():
    surface = recording()
    box = pygame.Rect(10, 10, 400, 160)
    draw_histogram(surface, box, [], WINDOWS, REACH)
    draw_timeline(surface, box.move(0, 180), [], [], WINDOWS, REACH, 60.0)
    assert len(words_at(surface).get(_("No hits to plot"), [])) == 2
    surface = recording()
    draw_histogram(surface, box, [3.0], WINDOWS, REACH)
    draw_timeline(surface, box.move(0, 180), [3.0], [2.0], WINDOWS, REACH, 60.0)
    assert _("No hits to plot") not in words_at(surface)


def played(parts, inputs_for, preset=WindowPreset.STANDARD):
    song = load_song(NARA)
    setups = [PlayerSetup(p, "easy", EngineParams(preset=preset)) for p in parts]
    inputs = [
        e
        for k, s in enumerate(setups)
        for e in inputs_for(song.chart.track(s.part, s.difficulty), k)
    ]
    session = simulate(song.chart, setups, sorted(inputs, key=lambda e: e.time_s))
    return song, PlayResult(session, True, []), PlayOptions(setups)


def drawn_view(view, size=(1280, 720)):
    surface = recording(size)
    view.draw(surface)
    return surface


def test_the_lanes_accuracies_drawn_are_the_engines():
    # the bot hits every kick and snare (a little late), misses every cymbal
    def kicks_and_snares(track, player):
        return [
            e for e in autoplay_inputs(track, player, 0.04, 7) if e.lane.value <= 1 or e.time_s < 5
        ]

    song, result, options = played(["p1", "p2"], kicks_and_snares)
    view = results_view(song, result, options, None)
    drawn = words_at(drawn_view(view))
    for engine, player in zip(result.session.engines, view.players, strict=True):
        lanes = lane_accuracy(engine)
        assert player.lanes == lanes
        notes = sum(x.notes for x in lanes)
        mean = sum(x.accuracy * x.notes for x in lanes) / notes
        assert mean == pytest.approx(engine.stats().accuracy)
        assert len({x.accuracy for x in lanes}) > 1  # lanes told apart
        for lane in lanes:
            assert f"{_(LANE_NAMES[lane.lane])} {percent(lane.accuracy)}" in drawn


def test_one_players_results_use_the_whole_width_and_two_share_it():
    song, result, options = played(["full"], lambda t, k: autoplay_inputs(t, k, 0.03, 1))
    view = results_view(song, result, options, None)
    for size in ((1280, 720), (1920, 1080), (960, 540)):
        (lay,) = view.layouts(size)
        w = size[0]
        assert lay.panel.left <= 30 and lay.panel.right >= w - 30
        graphs = lay.graphs.histogram.union(lay.graphs.timeline)
        assert graphs.right >= w - 50 and graphs.width >= 0.5 * w  # large, to the right edge
        assert lay.graphs.histogram.height >= 0.25 * size[1]
        assert lay.lanes.right <= graphs.left  # the facts' column beside them
    surface = drawn_view(view)
    assert surface.report.problems() == []
    drawn = words_at(surface)
    assert _("Accuracy per lane") in drawn

    song, result, options = played(["p1", "p2"], lambda t, k: autoplay_inputs(t, k, 0.03, k))
    view = results_view(song, result, options, None)
    one, two = view.layouts((1280, 720))
    assert one.panel.right < two.panel.left and two.panel.right >= 1280 - 30
    assert one.panel.width == two.panel.width


def test_the_team_panel_shows_sync_share_tightness_harmonies_and_goodwill():
    song, result, options = played(["p1", "p2"], autoplay_inputs)
    view = results_view(song, result, options, None)
    team = result.session.team_stats()
    assert team.harmonies >= 1 and view.goodwill is not None
    surface = drawn_view(view)
    drawn = words_at(surface)
    share = 100 * team.syncs / team.unison_notes
    assert (
        _("Sync {percent:.0f}% ({syncs}/{unison})").format(
            percent=share, syncs=team.syncs, unison=team.unison_notes
        )
        in drawn
    )
    assert _("Harmonies {harmonies}").format(harmonies=team.harmonies) in drawn
    assert _("Goodwill over time") in drawn and _("Harmony") in drawn
    assert all(view.team_rect.contains(r) for r in drawn[_("Goodwill over time")])
    assert surface.report.problems() == []


def test_a_duet_without_goodwill_says_so():
    song, result, options = played(["p1", "p2"], lambda t, k: [])
    view = results_view(song, result, options, None)
    drawn = words_at(drawn_view(view))
    assert _("No Goodwill this time") in drawn
    assert len(drawn[_("No hits to plot")]) == 4
