"""Every screen renders headless (SDL dummy video) and answers posted events."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.results_screen import ResultsScreen, save_play  # noqa: E402
from game.app.scene import Screen  # noqa: E402
from game.app.screens import TITLE_SCREENS  # noqa: E402
from game.app.song_select import SongSelectScreen  # noqa: E402
from game.app.title import TitleScreen  # noqa: E402
from game.core.autoplay import autoplay_inputs  # noqa: E402
from game.core.devices import KEYBOARD  # noqa: E402
from game.core.judgement import WindowPreset  # noqa: E402
from game.core.lanes import Difficulty, Part  # noqa: E402
from game.core.replay import PlayerSetup, simulate  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.library.index import SongRecord, TrackInfo  # noqa: E402
from game.store.play_record import SongBests  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.menus import TitleChoice, draw_title  # noqa: E402
from game.ui.play_scene import PlayScene  # noqa: E402
from game.ui.song_select_view import Focus, SongSelectState, draw_song_select  # noqa: E402
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
    SongRecord(
        "Firecracker Night", "Drum Duet", length_s=178.0, chart_sha256="a", folder=Path("a")
    ),
    SongRecord("Broken Song", "", problem="notes.mid: truncated", folder=Path("b")),
    SongRecord("Gilded Hour", "Drum Duet", chart_sha256="c", folder=Path("c")),
]


class Opened(Screen):
    """Stands for a screen the title opens (its own tests are its screen's)."""

    def __init__(self, choice: TitleChoice) -> None:
        self.choice = choice


@pytest.fixture
def title(loop, monkeypatch):
    """The title screen on the loop; each line opens an `Opened` standing for its screen."""
    for choice in TITLE_SCREENS:
        monkeypatch.setitem(TITLE_SCREENS, choice, lambda app, c=choice: Opened(c))
    screen = TitleScreen()
    loop.stack.push(screen)
    return screen


def opened(loop) -> TitleChoice | str:
    """What the title led to: the line opened, "Quit" (the game ended) or "title"."""
    top = loop.stack.top
    if top is None:
        return "Quit"
    return top.choice if isinstance(top, Opened) else "title"


def test_title_menu_renders_and_answers_keys(screen, loop, title):
    draw_title(screen, "a notice", 2)
    assert drawn(screen, (300, 150, 600, 200))
    post_keys(pygame.K_RETURN)
    loop.step()
    assert opened(loop) == TitleChoice.PLAY
    loop.stack.pop()
    post_keys(pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN)
    loop.step()
    assert opened(loop) == TitleChoice.SETTINGS
    loop.stack.pop()  # back on the title, the line the players came from is highlighted
    post_keys(pygame.K_DOWN, pygame.K_RETURN)
    loop.step()
    assert opened(loop) == "Quit"


def test_up_from_the_top_of_the_title_wraps_to_quit(screen, loop, title):
    post_keys(pygame.K_UP, pygame.K_RETURN)
    loop.step()
    assert opened(loop) == "Quit"


@pytest.mark.parametrize(
    ("keys", "choice"),
    [
        ((pygame.K_ESCAPE, pygame.K_RETURN), "Quit"),  # Esc asks; Enter on "Yes, quit"
        ((pygame.K_ESCAPE, pygame.K_y), "Quit"),
        ((pygame.K_ESCAPE, pygame.K_ESCAPE, pygame.K_RETURN), TitleChoice.PLAY),  # Esc stays
        ((pygame.K_ESCAPE, pygame.K_RIGHT, pygame.K_RETURN, pygame.K_RETURN), TitleChoice.PLAY),
        ((pygame.K_ESCAPE, pygame.K_n, pygame.K_DOWN, pygame.K_RETURN), TitleChoice.ONLINE),
    ],
)
def test_escape_on_the_title_asks_before_quitting(screen, loop, title, keys, choice):
    post_keys(*keys)
    loop.step()
    assert opened(loop) == choice


def test_closing_the_window_on_the_title_quits_at_once(screen, loop, title):
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    loop.step()
    assert opened(loop) == "Quit"


def test_a_click_on_a_title_line_opens_it_and_hovering_highlights(screen, loop, title):
    from game.ui.menus import title_rows

    loop.step()  # drawn once: the screen knows its size
    rows = title_rows(screen.get_size())
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=rows[2].center, rel=(0, 0), buttons=(0, 0, 0))
    )
    loop.step()
    assert title.selected == 2 and opened(loop) == "title"
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=rows[4].center, button=1))
    loop.step()
    assert opened(loop) == TitleChoice.SETTINGS


def test_a_gamepad_and_the_wheel_walk_the_title(screen, loop, title):
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    pygame.event.post(
        pygame.event.Event(pygame.JOYHATMOTION, joy=0, instance_id=0, hat=0, value=(0, -1))
    )
    pygame.event.post(pygame.event.Event(pygame.JOYBUTTONDOWN, joy=0, instance_id=0, button=0))
    loop.step()
    assert opened(loop) == TitleChoice.TUTORIAL


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


class Started:
    """Records the song and picks song select starts (the play itself is the play screen's)."""

    def __init__(self) -> None:
        self.picks: list | None = None

    def __call__(self, screen, record, picks) -> None:
        self.record, self.picks = record, picks


def song_select(loop, state: SongSelectState) -> Started:
    """Song select over the title on the loop; what it starts is recorded."""
    started = Started()
    loop.stack.push(TitleScreen())
    loop.stack.push(SongSelectScreen(state, started))
    return started


def test_song_select_moves_chooses_players_and_difficulties(screen, loop):
    songs = [dataclasses.replace(s, tracks=TRACKS) if s.playable else s for s in SONGS]
    best = SongBests(solo={(Part.FULL, Difficulty.EXPERT): 12345})
    state = SongSelectState(songs, best={"a": best})
    draw_song_select(screen, state)
    assert drawn(screen, (30, 90, 500, 150))
    post_keys(
        pygame.K_DOWN,
        pygame.K_DOWN,
        pygame.K_TAB,
        pygame.K_RIGHT,  # from Medium, where a new player starts
        pygame.K_d,
        pygame.K_a,
        pygame.K_RETURN,  # to the setup panel, on "Start!"
    )
    post_keys(pygame.K_UP, pygame.K_RIGHT)  # player 2's input device: only the keyboard
    post_keys(pygame.K_UP, pygame.K_RIGHT)  # player 2's timing windows: standard -> strict
    post_keys(pygame.K_UP, pygame.K_UP, pygame.K_UP, pygame.K_UP, pygame.K_LEFT)  # P1 relaxed
    post_keys(pygame.K_RETURN)
    started = song_select(loop, state)
    loop.step()
    picks = started.picks
    assert state.selected == 2 and state.players == 2
    assert loop.app.settings.gameplay.window_presets == (WindowPreset.RELAXED, WindowPreset.STRICT)
    assert [(p.part, p.difficulty, p.preset, p.device) for p in picks] == [
        (Part.P1, Difficulty.HARD, WindowPreset.RELAXED, KEYBOARD),
        (Part.P2, Difficulty.MEDIUM, WindowPreset.STRICT, KEYBOARD),
    ]
    assert all(type(p.preset) is WindowPreset for p in picks)  # one preset type, no strings


def test_song_select_swaps_duet_parts_and_offers_only_charted_difficulties(screen, loop):
    only_easy = tuple(t for t in TRACKS if t.difficulty == Difficulty.EASY)
    song = SongRecord("Easy Song", "x", tracks=only_easy, chart_sha256="d", folder=Path("d"))
    state = SongSelectState([song])
    post_keys(pygame.K_TAB, pygame.K_RETURN, pygame.K_DOWN, pygame.K_DOWN)  # keyboard layout
    post_keys(pygame.K_DOWN, pygame.K_RIGHT)  # player 1's part: the players swap parts
    post_keys(pygame.K_RETURN)
    started = song_select(loop, state)
    loop.step()
    assert [(p.part, p.difficulty) for p in started.picks] == [
        (Part.P2, Difficulty.EASY),
        (Part.P1, Difficulty.EASY),
    ]
    draw_song_select(screen, state)
    assert drawn(screen, (730, 90, 500, 200))  # the details panel


def test_song_select_will_not_start_an_unplayable_song(screen, loop):
    state = SongSelectState(list(SONGS))
    # Enter shows why (a notice the next Esc puts away); the second Esc leaves song select.
    post_keys(pygame.K_DOWN, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_ESCAPE)
    started = song_select(loop, state)
    loop.step()
    assert started.picks is None and isinstance(loop.stack.top, TitleScreen)
    assert state.focus == Focus.SONGS and state.notice is None


def test_song_select_pages_clicks_and_wheels(screen, loop):
    from game.ui.song_select_view import page_size, song_rows, song_select_layout

    songs = [dataclasses.replace(SONGS[0], title=f"Song {i}", tracks=TRACKS) for i in range(40)]
    state = SongSelectState(songs)
    started = song_select(loop, state)
    page = page_size(screen.get_size())
    post_keys(pygame.K_PAGEDOWN, pygame.K_PAGEDOWN)
    loop.step()
    assert state.selected == 2 * page
    post_keys(pygame.K_PAGEUP)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    loop.step()
    assert state.selected == page + 1
    rows = song_rows(state, song_select_layout(screen.get_size())["songs"])
    index, box = rows[-1]
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=box.center, button=1)
    pygame.event.post(click)
    loop.step()
    assert state.selected == index and state.focus == Focus.SONGS
    pygame.event.post(click)  # the highlighted song clicked again: its setup, on "Start!"
    loop.step()
    assert state.focus == Focus.SETUP
    post_keys(pygame.K_RETURN)
    loop.step()
    assert started.record.title == f"Song {index}"


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


def results_on(loop, song, result, options, book):
    """The results screen over a stand-in for song select, on the loop."""
    under = TitleScreen()
    loop.app.book = book
    loop.stack.push(under)
    loop.stack.push(ResultsScreen(song, result, options))
    return under


def test_results_screen_shows_both_players_and_the_team(screen, tmp_path, loop):
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
        play_id = save_play(book, song, result, options).play_id
        assert book.play(play_id).team.syncs == session.team_stats().syncs
        under = results_on(loop, song, result, options, book)
        loop.step()
        assert drawn(screen, (40, 100, 500, 300))
        post_keys(pygame.K_RETURN)
        loop.step()
        assert loop.stack.top is under
        under = results_on(loop, song, result, options, book)
        post_keys(pygame.K_ESCAPE)  # Esc goes back to song select too: it does not quit
        loop.step()
        assert loop.stack.top is under
        results_on(loop, song, result, options, book)
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        loop.step()
        assert loop.stack.top is None


def test_menus_scale_up_to_a_1080p_window(app):
    from game.app.loop import Loop

    pygame.init()
    try:
        window = pygame.display.set_mode((1920, 1080))
        loop = Loop(app)
        loop.stack.push(TitleScreen())
        loop.step()
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


def test_keys_pressed_while_a_screen_closes_reach_the_next_screen(screen, loop):
    loop.app.select = state = SongSelectState(list(SONGS))
    loop.stack.push(TitleScreen())
    post_keys(pygame.K_RETURN, pygame.K_DOWN, pygame.K_ESCAPE)  # one pump, as on a slow frame
    loop.step()
    assert isinstance(loop.stack.top, TitleScreen)  # song select opened and was left
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
    screen, loop, preset, late_ms, expected
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
    results_on(loop, song, PlayResult(session, True, []), PlayOptions(setups), None)
    loop.step()  # drawn
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
