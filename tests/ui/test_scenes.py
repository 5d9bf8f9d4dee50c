"""Every screen renders headless (SDL dummy video) and answers posted events."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app import flow  # noqa: E402
from game.core.autoplay import autoplay_inputs  # noqa: E402
from game.core.devices import KEYBOARD  # noqa: E402
from game.core.judgement import WindowPreset  # noqa: E402
from game.core.lanes import Difficulty, Part  # noqa: E402
from game.core.replay import PlayerSetup, simulate  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.library.index import SongRecord, TrackInfo  # noqa: E402
from game.store.play_record import SongBests  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.menus import SongSelectState, draw_song_select, draw_title  # noqa: E402
from game.ui.play_scene import PlayScene  # noqa: E402
from tests.helpers import ROOT  # noqa: E402

NARA = ROOT / "charts" / "nara-soundcheck"


def post_keys(*keys):
    for key in keys:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))


def drawn(surface, rect) -> bool:
    """True when something other than the background is drawn inside `rect`."""
    sub = surface.subsurface(rect)
    return any(
        sub.get_at((x, y))[:3] != theme.BACKGROUND
        for x in range(0, rect[2], 7)
        for y in range(0, rect[3], 7)
    )


SONGS = [
    SongRecord(Path("a"), "Firecracker Night", "Drum Duet", length_s=178.0, chart_sha256="a"),
    SongRecord(Path("b"), "Broken Song", "", problem="notes.mid: truncated"),
    SongRecord(Path("c"), "Gilded Hour", "Drum Duet", chart_sha256="c"),
]


def test_title_menu_renders_and_answers_keys(screen):
    draw_title(screen, "a notice", 2)
    assert drawn(screen, (300, 150, 600, 200))
    post_keys(pygame.K_RETURN)
    assert flow.title_screen(screen) == "Play"
    post_keys(pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN)
    assert flow.title_screen(screen) == "Settings"
    post_keys(pygame.K_UP, pygame.K_RETURN)
    assert flow.title_screen(screen) == "Quit"  # Up from the top wraps to the bottom


@pytest.mark.parametrize(
    ("keys", "choice"),
    [
        ((pygame.K_ESCAPE, pygame.K_RETURN), "Quit"),  # Esc asks; Enter on "Yes, quit"
        ((pygame.K_ESCAPE, pygame.K_y), "Quit"),
        ((pygame.K_ESCAPE, pygame.K_ESCAPE, pygame.K_RETURN), "Play"),  # Esc again stays
        ((pygame.K_ESCAPE, pygame.K_RIGHT, pygame.K_RETURN, pygame.K_RETURN), "Play"),  # "No"
        ((pygame.K_ESCAPE, pygame.K_n, pygame.K_DOWN, pygame.K_RETURN), "Tutorial"),
    ],
)
def test_escape_on_the_title_asks_before_quitting(screen, keys, choice):
    post_keys(*keys)
    assert flow.title_screen(screen) == choice


def test_closing_the_window_on_the_title_quits_at_once(screen):
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert flow.title_screen(screen) == "Quit"


@pytest.mark.parametrize("size", [(960, 540), (1280, 720)])
def test_the_quit_question_is_drawn_inside_the_window_over_the_title(screen, size):
    from game.ui.menus import draw_quit_question

    surface = pygame.Surface(size)
    draw_title(surface, None, 0)
    plain = surface.copy()
    draw_title(surface, None, 0, confirm=0)
    box, yes, no = draw_quit_question(surface, 0)
    window = surface.get_rect()
    assert window.contains(box) and box.contains(yes) and box.contains(no)
    assert not yes.colliderect(no)
    assert surface.get_at(yes.move(4, 0).midleft)[:3] == theme.JACKET_BLUE  # highlighted
    assert surface.get_at(no.move(4, 0).midleft)[:3] == theme.JACKET_DARK
    corner = (8, 8)
    assert sum(surface.get_at(corner)[:3]) < sum(plain.get_at(corner)[:3])  # the title dimmed


TRACKS = tuple(
    TrackInfo(part, diff, 100 + 50 * i)
    for part in (Part.FULL, Part.P1, Part.P2)
    for i, diff in enumerate(Difficulty.standard())
)


def test_song_select_moves_chooses_players_and_difficulties(screen):
    songs = [dataclasses.replace(s, tracks=TRACKS) if s.playable else s for s in SONGS]
    best = SongBests(solo={(Part.FULL, Difficulty.EXPERT): 12345})
    state = SongSelectState(songs, best={"a": best})
    draw_song_select(screen, state)
    assert drawn(screen, (30, 90, 500, 150))
    post_keys(
        pygame.K_DOWN,
        pygame.K_DOWN,
        pygame.K_TAB,
        pygame.K_LEFT,
        pygame.K_a,
        pygame.K_a,
        pygame.K_RETURN,  # to the setup panel, on "Start!"
    )
    post_keys(pygame.K_UP, pygame.K_RIGHT)  # player 2's input device: only the keyboard
    post_keys(pygame.K_UP, pygame.K_RIGHT)  # player 2's timing windows: standard -> strict
    post_keys(pygame.K_UP, pygame.K_UP, pygame.K_UP, pygame.K_UP, pygame.K_LEFT)  # P1 relaxed
    post_keys(pygame.K_RETURN)
    picks = flow.song_select(screen, state)
    assert state.selected == 2 and state.players == 2
    assert [(p.part, p.difficulty, p.preset, p.device) for p in picks] == [
        (Part.P1, Difficulty.HARD, WindowPreset.RELAXED, KEYBOARD),
        (Part.P2, Difficulty.MEDIUM, WindowPreset.STRICT, KEYBOARD),
    ]
    assert all(type(p.preset) is WindowPreset for p in picks)  # one preset type, no strings


def test_song_select_swaps_duet_parts_and_offers_only_charted_difficulties(screen):
    only_easy = tuple(t for t in TRACKS if t.difficulty == Difficulty.EASY)
    song = SongRecord(Path("d"), "Easy Song", "x", tracks=only_easy, chart_sha256="d")
    state = SongSelectState([song])
    post_keys(pygame.K_TAB, pygame.K_RETURN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RIGHT)
    post_keys(pygame.K_RETURN)
    picks = flow.song_select(screen, state)
    assert [(p.part, p.difficulty) for p in picks] == [
        (Part.P2, Difficulty.EASY),
        (Part.P1, Difficulty.EASY),
    ]
    draw_song_select(screen, state)
    assert drawn(screen, (730, 90, 500, 200))  # the details panel


def test_song_select_will_not_start_an_unplayable_song(screen):
    state = SongSelectState(list(SONGS))
    # Enter shows why (a notice the next Esc puts away); the second Esc leaves song select.
    post_keys(pygame.K_DOWN, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_ESCAPE)
    assert flow.song_select(screen, state) is None
    assert state.focus == "songs" and state.notice is None


@pytest.mark.parametrize("players", [1, 2])
def test_play_scene_draws_highways_and_reacts_to_judgements(screen, players):
    song = load_song(NARA)
    parts = ["full"] if players == 1 else ["p1", "p2"]
    setups = [PlayerSetup(p, "expert") for p in parts]
    session = simulate(song.chart, setups, [])  # a fresh session: nothing hit, all missed
    live = simulate(
        song.chart,
        setups,
        [
            e
            for k, s in enumerate(setups)
            for e in autoplay_inputs(song.chart.track(s.part, s.difficulty), k)
        ],
    )
    for s in (session, live):
        scene = PlayScene(song.chart, s, screen.get_size())
        scene.draw(screen, 20.0)
        for hw in scene.highways:
            assert drawn(screen, hw.rect)
        assert drawn(screen, scene.stage.rect)
    from game.core.events import JudgementEvent
    from game.core.judgement import Judgement
    from game.core.lanes import Lane

    scene.on_events([JudgementEvent(20.0, 0, 5, Lane.RED, Judgement.GREAT, -0.03, 70, 0, 1, 1)])
    assert scene.highways[0].popup.detail == "early 30 ms"


def test_results_screen_shows_both_players_and_the_team(screen, tmp_path):
    from game.app.play import PlayOptions, PlayResult
    from game.store.scores import ScoreBook

    song = load_song(NARA)
    setups = [PlayerSetup("p1", "easy"), PlayerSetup("p2", "easy")]
    inputs = [
        e
        for k, s in enumerate(setups)
        for e in autoplay_inputs(song.chart.track(s.part, s.difficulty), k, 0.02, k)
    ]
    session = simulate(song.chart, setups, inputs)
    result = PlayResult(session, True, [])
    options = PlayOptions(setups)
    with ScoreBook(tmp_path / "scores.db") as book:
        play_id = flow.save_play(book, song, result, options).play_id
        assert book.play(play_id).team.syncs == session.team_stats().syncs
        post_keys(pygame.K_RETURN)
        assert flow.results_screen(screen, song, result, options, book) is True
        assert drawn(screen, (40, 100, 500, 300))
        post_keys(pygame.K_ESCAPE)  # Esc goes back to song select too: it does not quit
        assert flow.results_screen(screen, song, result, options, book) is True
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        assert flow.results_screen(screen, song, result, options, book) is False


def test_menus_scale_up_to_a_1080p_window():
    pygame.init()
    try:
        window = pygame.display.set_mode((1920, 1080))
        pygame.time.set_timer(pygame.QUIT, 100, loops=1)  # after a few frames are drawn
        assert flow.title_screen(window) == "Quit"
        # The title band spans the window's width at the same proportions as at 1280x720.
        small = pygame.Surface((1280, 720))
        draw_title(small)
        for y720 in (60, 150, 200, 250, 400):
            expected = small.get_at((100, y720))[:3]
            got = window.get_at((150, round(y720 * 1.5)))[:3]
            assert max(abs(a - b) for a, b in zip(expected, got, strict=True)) < 40
    finally:
        pygame.quit()


def test_notes_never_spill_above_their_highway(screen):
    song = load_song(NARA)
    setups = [PlayerSetup("p1", "expert"), PlayerSetup("p2", "expert")]
    session = simulate(song.chart, setups, [])
    scene = PlayScene(song.chart, session, screen.get_size())
    for hw in scene.highways:
        row = (hw.rect.left, hw.rect.top - 3, hw.rect.width, 2)
        for now_s in [10.0 + 0.02 * k for k in range(150)]:
            screen.fill(theme.BACKGROUND)
            hw.draw(screen, now_s)
            assert not drawn(screen, row), now_s


def test_keys_pressed_while_a_screen_closes_reach_the_next_screen(screen):
    state = SongSelectState(list(SONGS))
    post_keys(
        pygame.K_RETURN, pygame.K_DOWN, pygame.K_ESCAPE
    )  # all in one pump, as on a slow frame
    escape = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="")
    pygame.time.set_timer(escape, 2000, loops=1)  # song select must not wait for ever if lost
    assert flow.title_screen(screen) == "Play"
    assert flow.song_select(screen, state) is None
    assert state.selected == 1  # the Down pressed while the title closed was not dropped


def gold_drawn(surface, rect) -> bool:
    """True when the Sync pop-up's gold is drawn inside `rect`."""
    sub = surface.subsurface(rect)
    return any(
        sub.get_at((x, y))[:3] == theme.GOLD
        for x in range(0, rect.width, 2)
        for y in range(0, rect.height, 2)
    )


def test_a_duet_shows_no_sync_before_any_sync(screen):
    """Over the lead-in and the first seconds of a duet with no input, no "SYNC" is drawn;
    a real Sync then shows it for its pop-up time."""
    from game.core.events import SyncEvent
    from game.core.replay import new_session
    from game.ui.play_scene import SYNC_POPUP_S

    song = load_song(NARA)
    setups = [PlayerSetup("p1", "expert"), PlayerSetup("p2", "expert")]
    session = new_session(song.chart, setups)  # a fresh duet: nobody has hit anything
    scene = PlayScene(song.chart, session, screen.get_size())
    above_meter = pygame.Rect(scene.meter_rect.left - 40, scene.meter_rect.top - 46, 116, 44)
    for frame in range(5 * 60):  # from the lead-in (song time -2 s) to 3 s, at 60 fps
        now_s = -2.0 + frame / 60
        scene.on_events(session.update(now_s))
        scene.draw(screen, now_s)
        assert not scene.sync_shown(now_s), now_s
        assert not gold_drawn(screen, above_meter), now_s
    scene.on_events([SyncEvent(3.5, 0, 0.004, (50, 50))])
    scene.draw(screen, 3.5 + SYNC_POPUP_S / 2)
    assert scene.sync_shown(3.5 + SYNC_POPUP_S / 2)
    assert gold_drawn(screen, above_meter)
    scene.draw(screen, 3.5 + SYNC_POPUP_S + 0.01)
    assert not gold_drawn(screen, above_meter)


@pytest.mark.parametrize(
    ("preset", "late_ms", "expected"),
    [
        ("standard", 0, "PERFECT"),
        ("standard", 20, "PERFECT"),
        ("strict", 20, "GREAT"),  # Strict: Perfect ±16.5 ms, Great ±33 ms
        ("relaxed", 30, "PERFECT"),  # Relaxed: Perfect ±37.5 ms
        ("standard", 30, "GREAT"),
        ("strict", 40, "GOOD"),
    ],
)
def test_results_graphs_colour_each_hit_by_the_players_own_windows(
    screen, preset, late_ms, expected
):
    """Every hit of the play lands `late_ms` late: the histogram's bars and the error graph's
    dots are all in the colour of the judgement the player's preset gives it (a Perfect is
    never drawn in Miss red)."""
    from game.app.play import PlayOptions, PlayResult
    from game.core.engine import EngineParams
    from game.core.judgement import Judgement
    from game.core.report import SessionReport
    from game.ui.results import PlayerResults, ResultsView

    song = load_song(NARA)
    setups = [PlayerSetup("full", "easy", EngineParams(preset=preset))]
    track = song.chart.track("full", "easy")
    inputs = [
        dataclasses.replace(e, time_s=e.time_s + late_ms / 1000) for e in autoplay_inputs(track, 0)
    ]
    session = simulate(song.chart, setups, inputs)
    assert session.stats()[0].counts[Judgement[expected]] == len(track)
    enter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="")
    pygame.time.set_timer(enter, 150, loops=1)  # after a few frames are drawn
    assert flow.results_screen(
        screen, song, PlayResult(session, True, []), PlayOptions(setups), None
    )
    stats = SessionReport.of(session).players[0]
    view = ResultsView("", [PlayerResults("", stats, [], [], [])], None, 1.0)
    (boxes,) = view.graph_boxes(screen.get_size())
    judgement_colours = set(theme.JUDGEMENT_COLOURS.values())
    for box in (boxes.histogram, boxes.timeline):
        sub = screen.subsurface(box)
        seen = {
            tuple(sub.get_at((x, y))[:3]) for x in range(box.width) for y in range(box.height)
        } & judgement_colours
        assert seen == {theme.JUDGEMENT_COLOURS[Judgement[expected]]}, box
