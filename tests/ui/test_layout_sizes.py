"""Every screen lays itself out for windows from 960×540 to 3840×2160, 4:3 to 21:9, in every
language, with very long titles, artists and player names (Latin, Hangul, kana and kanji): drawn
onto a recording surface (real pygame, real fonts), no line of text covers another, leaves its
panel or leaves the window."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.base.language import LANGUAGES, _, set_language  # noqa: E402
from game.core.replay import PlayerSetup, simulate  # noqa: E402
from game.core.report import SessionReport  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.library.index import SongRecord, TrackInfo  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.canvas import Canvas  # noqa: E402
from game.ui.text_boxes import LayoutReport, RecordingSurface  # noqa: E402
from tests.helpers import ROOT  # noqa: E402

NARA = ROOT / "charts" / "nara-soundcheck"
FIRECRACKER = ROOT / "charts" / "firecracker-night"
SIZES = [
    (960, 540),
    (1280, 720),
    (1920, 1080),
    (2560, 1080),
    (3840, 2160),
    (1024, 768),
    (800, 450),
    (640, 360),
    (700, 900),
]
"""The windows: 16:9 from the smallest to 4K, 21:9, 4:3, and the smaller and portrait
windows the issue found faults in (menus are laid out at 960×540 or more and scaled down)."""

LONG_TITLE = "The Extraordinarily Long Title of a Song Nobody Could Fit On One Line (Extended Mix)"
LONG_ARTIST = "Somebody Featuring Everybody Else And Their Orchestra And The Choir Of The Hills"
KO_TITLE = "아주아주긴노래제목입니다정말로끝나지않는제목이에요그리고또계속됩니다"
JA_ARTIST = "とてもながいアーティストのなまえです東京特許許可局局長今日急遽休暇許可拒否"
NAMES = ("김민지김민지김민지김민지김민지김민지김민지김민", "Wolfeschlegelsteinhausenbergerdorff")
"""Player names at the settings' 24-character limit."""

TRACKS = tuple(
    TrackInfo(part, diff, 100 + 50 * i)
    for part in ("full", "p1", "p2")
    for i, diff in enumerate(("easy", "medium", "hard", "expert"))
)


def songs() -> list[SongRecord]:
    """A library of songs with long names in three scripts, one that cannot be played."""
    from game.core.lanes import Difficulty, Part

    tracks = tuple(
        TrackInfo(Part(p), Difficulty(d), n)
        for p, d, n in ((t.part, t.difficulty, t.notes) for t in TRACKS)
    )
    return [
        SongRecord(
            LONG_TITLE,
            LONG_ARTIST,
            length_s=3599.0,
            chart_sha256="a",
            folder=Path("a"),
            tracks=tracks,
            charter=JA_ARTIST,
            difficulty=5,
        ),
        SongRecord(
            KO_TITLE, JA_ARTIST, length_s=245.0, chart_sha256="b", folder=Path("b"), tracks=tracks
        ),
        SongRecord(
            JA_ARTIST,
            KO_TITLE,
            problem="notes.mid: truncated " + "/very/long/path" * 8,
            folder=Path("c"),
        ),
    ] * 6


@pytest.fixture(scope="module", autouse=True)
def window():
    """pygame started once for the module (the fonts need it), on a small dummy window."""
    pygame.init()
    pygame.display.set_mode((64, 64))
    yield
    pygame.quit()


@pytest.fixture(params=sorted(LANGUAGES))
def language(request):
    """Each of the game's languages in turn (English again after)."""
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.fixture
def app(tmp_path):
    """An app context whose players have very long names."""
    from game.app.context import AppContext
    from game.store.settings import LoadedSettings, Settings

    settings = Settings()
    settings = dataclasses.replace(
        settings, players=dataclasses.replace(settings.players, names=NAMES)
    )
    return AppContext(LoadedSettings(settings), settings_file=tmp_path / "settings.toml")


def on_stack(app, screen):
    """`screen` entered on a stack of the app (as the loop would show it)."""
    from game.app.scene import ScreenStack

    ScreenStack(app).push(screen)
    return screen


def draw_title(surface, app, *, confirm=None):
    from game.app.title import TitleScreen

    screen = on_stack(app, TitleScreen())
    screen.confirm = confirm
    screen.draw(surface)


def draw_song_select(
    surface, app, *, players=1, setup=False, notice=None, view=None, partner=False
):
    from game.app.song_select import SongSelectScreen
    from game.store.play_record import SavedPart
    from game.ui.song_select_view import Focus, SongSelectState

    state = SongSelectState(songs(), players=players)
    if partner:  # a saved play of the other duet part, chosen as the partner
        saved = SavedPart(7, 1, NAMES[0], "p2", "expert", 99_999_999, 0.987, "2026-12-01T10:00:00")
        state.partners, state.partner = [saved], saved
    if view is not None:  # searched, filtered or in folders (the browse bar)
        state.view = view
        state.set_songs(state.library)
    state.focus = Focus.SETUP if setup else Focus.SONGS
    state.notice = notice
    on_stack(app, SongSelectScreen(state, lambda *a: None)).draw(surface)


def _browse_view(kind: str):
    """A browse view typing a long search, in the folder view, or matching nothing."""
    from game.library.library_view import LibraryView
    from game.library.song_search import SongFilter, SortKey

    if kind == "search":
        return LibraryView(query="e", composing="드", typing=True, filter=SongFilter.DUET)
    if kind == "folders":
        return LibraryView(folders=True, sort=SortKey.DIFFICULTY, reverse=True)
    return LibraryView(query=LONG_TITLE + KO_TITLE, filter=SongFilter.PRO)


def draw_settings(surface, app, *, page=0):
    from game.app.settings_screen import SettingsScreen

    screen = on_stack(app, SettingsScreen(("A Sound Card With A Very Long Name " * 3,)))
    screen.page = page
    screen.draw(surface)


def draw_kits(surface, app):
    from game.ui.kit_setup_view import DeviceRow, KitSetupPicture, draw_kit_setup

    rows = (
        DeviceRow("Roland TD-17 " + KO_TITLE, "MIDI kit", True, "roland-td17 " + JA_ARTIST),
        DeviceRow(
            "Alesis Nitro Mesh Kit With A Long Port Name 20:0", "MIDI kit", False, "x", False
        ),
    )
    draw_kit_setup(
        surface, KitSetupPicture("JACK " + LONG_ARTIST, None, rows, 1, description=LONG_ARTIST)
    )


def draw_kit_midi(surface, app):
    from game.ui.kit_setup_view import KitSetupPicture, draw_kit_setup

    problem = "ALSA could not be opened: " + LONG_ARTIST + " " + KO_TITLE
    draw_kit_setup(surface, KitSetupPicture("JACK " + LONG_ARTIST, problem, ()))


def draw_kit_monitor(surface, app):
    from game.input.pads import KitPad
    from game.ui.kit_setup_view import DeviceRow, HitLine, KitSetupPicture, draw_kit_setup

    pads = list(KitPad)
    hits = tuple(
        HitLine(
            pads[k % len(pads)],
            38 + k,
            k % 16,
            127,
            1234.5 if k else None,
            "dropped: " + JA_ARTIST if k % 3 == 0 else None,
        )
        for k in range(12)
    )
    rows = (DeviceRow(NAMES[0], "Drum controller", True, JA_ARTIST, False, -12.5),)
    draw_kit_setup(surface, KitSetupPicture("ALSA", None, rows, 1, hits, LONG_ARTIST * 2))


def draw_kit_learn(surface, app, *, naming=False):
    from game.ui.kit_learn_view import LearnLine, LearnPicture
    from game.ui.kit_setup_view import KitSetupPicture, draw_kit_setup

    lines = tuple(
        LearnLine(f"Pad {k} {KO_TITLE}", "38, 40, 41, 42, 43, 44", k == 2) for k in range(9)
    )
    learn = LearnPicture(
        NAMES[0] + " " + LONG_ARTIST,
        "Hit the pad for " + JA_ARTIST,
        3,
        9,
        lines,
        heard="note 38 " + LONG_ARTIST,
        naming=naming,
        name=NAMES[1],
        name_hint=LONG_ARTIST,
    )
    draw_kit_setup(surface, KitSetupPicture("ALSA", None, (), learn=learn))


def draw_calibration(surface, app):
    from game.app.calibrate import CalibrationScreen

    on_stack(app, CalibrationScreen()).draw(surface)


def draw_calibration_phase(surface, app, *, result=False):
    from game.core.calibration import OffsetMeasurement, TapMark
    from game.ui.calibration_view import (
        CalibrationPhase,
        CalibrationPicture,
        OffsetChange,
        draw_calibration,
    )

    marks = tuple(TapMark(k * 0.5, k, (k % 7 - 3) / 1000, k % 5 == 0) for k in range(40))
    picture = CalibrationPicture(
        phase=CalibrationPhase.RESULT if result else CalibrationPhase.RUN,
        marks=marks,
        measurement=OffsetMeasurement(12.5, 4.2, 32, 8),
        progress=0.6,
        proposal=OffsetChange(NAMES[0] + " " + LONG_ARTIST, 0.0, 12.5),
        unsteady="Your taps wandered: " + LONG_ARTIST if result else None,
        device=NAMES[0] + " " + JA_ARTIST,
        notice=LONG_ARTIST * 2,
    )
    canvas = Canvas()  # as the calibration screen lays itself out
    drawn = canvas.surface_for(surface)
    draw_calibration(drawn, picture)
    canvas.present(surface, drawn)


def draw_loading_screen(surface, app):
    from game.ui.loading_view import LoadingPicture, draw_loading

    picture = LoadingPicture(KO_TITLE + " " + LONG_TITLE, JA_ARTIST + LONG_ARTIST, 0.4, LONG_ARTIST)
    canvas = Canvas()  # as the loading screen lays itself out
    drawn = canvas.surface_for(surface)
    draw_loading(drawn, picture)
    canvas.present(surface, drawn)


def draw_tutorial(surface, app, *, card=0):
    from game.app.setup import keymap_for
    from game.app.tutorial import lesson_cards
    from game.ui.tutorial_view import draw_card

    cards = lesson_cards(keymap_for(app.settings, 1))
    canvas = Canvas()  # as the tutorial screen lays its cards out
    drawn = canvas.surface_for(surface)
    draw_card(drawn, cards[card % len(cards)], card % len(cards), len(cards))
    canvas.present(surface, drawn)


def draw_tutorial_results(surface, app):
    """The lesson's last card, with its choice of song select or the duet chapter."""
    from game.app.play import PlayResult
    from game.app.tutorial import results_card
    from game.ui.tutorial_view import draw_card

    session = simulate(load_song(NARA).chart, [PlayerSetup("full", "easy")], [])
    card = results_card(PlayResult(session, True, []))
    canvas = Canvas()
    drawn = canvas.surface_for(surface)
    draw_card(drawn, card, 0, 1, choice=1)
    canvas.present(surface, drawn)


def draw_duet_card(surface, app, *, card=0):
    """The duet chapter's cards: its four, the three cards to try again, and the last."""
    from game.app.play import PlayResult
    from game.app.setup import keymap_for
    from game.app.tutorial_duet import HEADING, chapter_cards, end_card, retry_card
    from game.app.tutorial_duet_play import DuetGoal, Step, duet_passage
    from game.ui.tutorial_view import Feedback, draw_card

    cards = chapter_cards(keymap_for(app.settings, 2))
    cards += [
        retry_card(DuetGoal(Step.SYNC, syncs=3)),
        retry_card(DuetGoal(Step.HARMONY, best_goodwill=38)),
        retry_card(DuetGoal(Step.HARMONY, best_goodwill=64)),
    ]
    if card >= len(cards):
        song = duet_passage(load_song(NARA), Step.HARMONY)
        session = simulate(song.chart, [PlayerSetup("p1", "easy"), PlayerSetup("p2", "easy")], [])
        cards.append(end_card(PlayResult(session, True, [])))
    feedback = Feedback("4 Syncs! Now make them count. " + KO_TITLE, True) if card == 2 else None
    canvas = Canvas()
    drawn = canvas.surface_for(surface)
    draw_card(drawn, cards[card], min(card, 4), 5, feedback, heading=HEADING)
    canvas.present(surface, drawn)


def draw_duet_guide(surface, app, *, stage=0):
    """A guided play of the duet chapter with its guide over the play screen."""
    from game.app.tutorial_duet_play import DuetGoal, Step, guide_words
    from game.ui.tutorial_duet_view import draw_guide

    draw_play(surface, app, players=2)
    goal = DuetGoal(Step.SYNC if stage == 0 else Step.HARMONY, syncs=3)
    meter = (0, 0, 49.6, 50, 10)[stage]
    keys = ("keypad +", "keypad +") if stage == 3 else ("g", "l")
    draw_guide(surface, guide_words(goal, stage == 4, meter, keys))


def _play_scene(size, players, app):
    from game.ui.play_scene import PlayScene

    song = load_song(NARA)
    chart = dataclasses.replace(
        song.chart, meta=dataclasses.replace(song.chart.meta, title=LONG_TITLE)
    )
    parts = ["full"] if players == 1 else ["p1", "p2"]
    session = simulate(chart, [PlayerSetup(p, "easy") for p in parts], [])
    return chart, session, PlayScene(chart, session, size, names=NAMES[:players])


def draw_play(surface, app, *, players=1, pause=False, count=None):
    from game.ui.count_in import draw_count_in, draw_resume_count
    from game.ui.pause import draw_pause

    *_, scene = _play_scene(surface.get_size(), players, app)
    scene.draw(surface, 20.0)
    if pause:
        draw_pause(surface, 0, "The drum kit Roland TD-17 was unplugged " + KO_TITLE)
    if count == "resume":
        draw_resume_count(surface, "3", 0.1)
    elif count == "in":
        draw_count_in(surface, [h.rect for h in scene.highways], "4", 0.1, scene.scale)


def draw_results(surface, app, *, players=1, hits=True):
    from game.core.goodwill_history import goodwill_history
    from game.core.lane_accuracy import lane_accuracy
    from game.core.practice import bar_stats
    from game.ui.results import PlayerResults, ResultsView

    chart, session, _scene = _play_scene(surface.get_size(), players, app)
    if hits:  # played by the bot: lanes at 100%, Goodwill rising, Harmonies
        from game.core.autoplay import autoplay_inputs

        setups = [PlayerSetup(p, "easy") for p in (["full"] if players == 1 else ["p1", "p2"])]
        inputs = [
            e
            for k, s in enumerate(setups)
            for e in autoplay_inputs(chart.track(s.part, s.difficulty), k)
        ]
        session = simulate(chart, setups, sorted(inputs, key=lambda e: e.time_s))
    report = SessionReport.of(session)
    highs = [(NAMES[k % 2], 99_999_999 - k, "S") for k in range(5)]
    errors, times = ([1.0, -3.0, 40.0, -85.0], [1.0, 2.0, 30.0, 50.0]) if hits else ([], [])
    results = [
        PlayerResults(
            NAMES[i],
            report.players[i],
            errors,
            times,
            highs,
            lanes=lane_accuracy(session.engines[i]),
            bars=tuple(bar_stats(chart, e.track, e.judgements, e.hit_times))
            if (e := session.engines[i])
            else (),
        )
        for i in range(players)
    ]
    offer = _("P (yellow tom): practise the worst passage, {label} ({accuracy})").format(
        label="Bars 12-15", accuracy="71%"
    )
    goodwill = None
    if players == 2:
        goodwill = goodwill_history(session, np.linspace(0.0, chart.duration_s, 50))
    view = ResultsView(
        LONG_TITLE, results, report.team, chart.duration_s, "A notice " * 20, goodwill, offer
    )
    canvas = Canvas()
    drawn = canvas.surface_for(surface)
    view.draw(drawn)
    canvas.present(surface, drawn)


def draw_practice_picture(surface, app, *, which: str):
    from game.app.practice import choices_for
    from game.app.practice_run import PRACTICE_PAUSE
    from game.ui.pause import draw_pause
    from game.ui.practice_view import draw_pass_card, draw_practice
    from tests.ui.practice_pictures import (
        DIFFICULTY,
        PART,
        draw_on_canvas,
        pass_card,
        practice_menu,
        practised,
    )

    chart, choices, record = practised(FIRECRACKER)
    if which == "fresh":
        fresh = choices_for(chart, PART, DIFFICULTY)
        draw_on_canvas(surface, draw_practice, practice_menu(chart, fresh, None))
    elif which == "passes":
        draw_on_canvas(surface, draw_practice, practice_menu(chart, choices, record))
    elif which == "card":
        draw_on_canvas(surface, draw_pass_card, pass_card(choices, record))
    else:
        _, _, scene = _play_scene(surface.get_size(), 1, app)
        scene.draw(surface, 20.0)
        draw_pause(surface, 2, None, PRACTICE_PAUSE)


def draw_online(surface, app, *, lobby=None, join=None):
    from game.ui.online_view import draw_join, draw_lobby
    from tests.ui.online_pictures import join_pictures, lobby_pictures

    canvas = Canvas()  # as the lobby and the join list lay themselves out
    drawn = canvas.surface_for(surface)
    if lobby is not None:
        draw_lobby(drawn, lobby_pictures()[lobby])
    else:
        draw_join(drawn, join_pictures()[join])
    canvas.present(surface, drawn)


SCREENS = {
    "title": draw_title,
    "quit question": lambda s, a: draw_title(s, a, confirm=0),
    "song select": draw_song_select,
    "song select duet setup": lambda s, a: draw_song_select(s, a, players=2, setup=True),
    "song select partner setup": lambda s, a: draw_song_select(s, a, setup=True, partner=True),
    "song select notice": lambda s, a: draw_song_select(s, a, notice=LONG_ARTIST * 3),
    "song select search": lambda s, a: draw_song_select(s, a, view=_browse_view("search")),
    "song select folders": lambda s, a: draw_song_select(s, a, view=_browse_view("folders")),
    "song select no match": lambda s, a: draw_song_select(s, a, view=_browse_view("none")),
    **{f"settings page {p}": (lambda s, a, p=p: draw_settings(s, a, page=p)) for p in range(7)},
    "kit setup": draw_kits,
    "kit setup midi": draw_kit_midi,
    "kit setup monitor": draw_kit_monitor,
    "kit learn": draw_kit_learn,
    "kit learn naming": lambda s, a: draw_kit_learn(s, a, naming=True),
    "calibration": draw_calibration,
    "calibration run": draw_calibration_phase,
    "calibration result": lambda s, a: draw_calibration_phase(s, a, result=True),
    **{
        f"tutorial card {c}": (lambda s, a, c=c: draw_tutorial(s, a, card=c))
        for c in range(0, 12, 3)
    },
    **{
        f"tutorial duet card {c}": (lambda s, a, c=c: draw_duet_card(s, a, card=c))
        for c in range(8)
    },
    **{
        f"tutorial duet guide {g}": (lambda s, a, g=g: draw_duet_guide(s, a, stage=g))
        for g in range(5)
    },
    "tutorial results": draw_tutorial_results,
    "loading": draw_loading_screen,
    "play 1p": draw_play,
    "play 2p": lambda s, a: draw_play(s, a, players=2),
    "pause": lambda s, a: draw_play(s, a, pause=True),
    "resume count": lambda s, a: draw_play(s, a, count="resume"),
    "count-in 2p": lambda s, a: draw_play(s, a, players=2, count="in"),
    "results 1p": draw_results,
    "results 2p": lambda s, a: draw_results(s, a, players=2),
    "results 1p no hits": lambda s, a: draw_results(s, a, hits=False),
    "results 2p no hits": lambda s, a: draw_results(s, a, players=2, hits=False),
    "practice menu": lambda s, a: draw_practice_picture(s, a, which="fresh"),
    "practice after passes": lambda s, a: draw_practice_picture(s, a, which="passes"),
    "practice card": lambda s, a: draw_practice_picture(s, a, which="card"),
    "practice pause": lambda s, a: draw_practice_picture(s, a, which="pause"),
    **{
        f"online lobby {k}": (lambda s, a, k=k: draw_online(s, a, lobby=k))
        for k in ("hosting", "choosing", "starting", "loading", "failed")
    },
    **{
        f"online join {k}": (lambda s, a, k=k: draw_online(s, a, join=k))
        for k in ("found", "searching", "typing")
    },
}


def record(name: str, size: tuple[int, int], app) -> LayoutReport:
    """The text boxes screen `name` draws in a window of `size` pixels."""
    surface = RecordingSurface(size)
    SCREENS[name](surface, app)
    return surface.report


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_no_text_overlaps_or_leaves_its_panel(name, size, language, app):
    report = record(name, size, app)
    assert report.boxes, f"{name} drew no text"
    assert report.problems() == []


@pytest.mark.parametrize(
    ("size", "screen"), [((960, 540), "results 1p"), ((1280, 720), "results 2p")], ids=str
)
def test_a_long_name_in_the_high_scores_is_cut_and_its_score_still_shows(size, screen, app):
    """(A duet at 960×540 gives its room to the graphs: its high scores do not show.)"""
    report = record(screen, size, app)
    scores = [b.words for b in report.boxes if b.words.startswith(("1. ", "2. "))]
    assert scores, "no high score drawn"
    assert all("99,999,99" in words and words.endswith(" S") for words in scores), scores


@pytest.mark.parametrize("size", SIZES[:5], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_goodwill_meters_label_is_seen_not_drawn_over(size, language, app):
    """The recorder sees text, not shapes: the label's own pixels must still be on the screen
    (at 4K the stage, drawn after the meter, covered it)."""
    surface = RecordingSurface(size)
    draw_play(surface, app, players=2)
    (box,) = [b.box for b in surface.report.boxes if b.words == _("GOODWILL")]
    scale = max(1.0, min(size[0] / 1280, size[1] / 720))  # the play screen's own scale
    label = theme.text(_("GOODWILL"), max(1, round(18 * scale)), theme.DIM)
    ink = (
        pygame.surfarray.pixels_alpha(label)[_slices(label.get_bounding_rect())] > 240
    )  # solid ink
    shown = pygame.surfarray.pixels3d(surface)[_slices(box)].astype(int)
    near = np.abs(shown - np.array(theme.DIM)).sum(axis=2) < 90
    assert ink.shape == near.shape
    assert near[ink].mean() >= 0.98, f"{near[ink].mean():.0%} of the label at {box} is seen"


def _slices(r: pygame.Rect) -> tuple[slice, slice]:
    return slice(r.left, r.right), slice(r.top, r.bottom)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_quit_question_is_asked_whole_in_every_language(size, language, app):
    """A question cut short ("終了します…") loses its question: it is drawn smaller instead."""
    report = record("quit question", size, app)
    assert _("Quit Drum Duet?") in [b.words for b in report.boxes]
