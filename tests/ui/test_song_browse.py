"""Song select's browsing over 10,000 real song.ini files: the search box fed by real pygame
key and text events, the orders, filters, folder view, letter jump, Home/End, wheel, click and
pads, and the list drawn with no text overlapping at 1280x720 and 1920x1080."""

from __future__ import annotations

import pytest

pygame = pytest.importorskip("pygame")

from game.app.context import AppContext  # noqa: E402
from game.app.scene import Action, Pumped  # noqa: E402
from game.app.song_select import SongSelectScreen  # noqa: E402
from game.library.song_search import SongFilter, SortKey, normalise  # noqa: E402
from game.store.settings import LoadedSettings, Settings  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.canvas import Canvas  # noqa: E402
from game.ui.canvas_scale import ScaledCanvas  # noqa: E402
from game.ui.footer import footer_layout  # noqa: E402
from game.ui.song_browse import browse_tip  # noqa: E402
from game.ui.song_select_view import (  # noqa: E402
    Focus,
    SongSelectState,
    setup_tip,
    song_rows,
    song_select_layout,
)
from game.ui.text_boxes import RecordingSurface  # noqa: E402
from tests.big_library import big_library  # noqa: E402


@pytest.fixture(scope="session")
def library(tmp_path_factory):
    return big_library(tmp_path_factory)


@pytest.fixture
def select(screen, library):
    """Song select over the 10,000 songs, sorted by title, drawn once on the window."""
    state = SongSelectState(library)
    state.set_songs(state.library)
    shown = attached(SongSelectScreen(state, lambda *a: None))
    shown.draw(screen)
    return shown


def attached(screen: SongSelectScreen) -> SongSelectScreen:
    """`screen` with the app context a stack would give it (no sound card, no scan)."""
    screen.app = AppContext(LoadedSettings(Settings()), sound_card=False)
    return screen


def key(code: int, mod: int = 0, text: str = "") -> Pumped:
    from game.app.menu_input import event_action

    event = pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=text)
    return Pumped(event, 0.0, event_action(event))


def typed(text: str) -> Pumped:
    return Pumped(pygame.event.Event(pygame.TEXTINPUT, text=text), 0.0)


def composing(text: str) -> Pumped:
    return Pumped(pygame.event.Event(pygame.TEXTEDITING, text=text, start=0, length=0), 0.0)


def titles(state: SongSelectState) -> list[str]:
    return [s.title for s in state.songs]


def test_typing_filters_the_list_live_and_esc_clears_then_closes(select):
    state = select.state
    select.on_input(key(pygame.K_SLASH, text="/"))
    select.on_input(typed("/"))  # the slash that opened the box is not searched
    assert state.view.typing and state.view.query == ""
    for letter in "드럼":
        select.on_input(typed(letter))
    assert "드럼 소리" in titles(state)
    tags = [normalise(" ".join((s.title, s.artist, s.album, s.charter))) for s in state.songs]
    assert all(normalise("드럼") in t for t in tags)
    assert 0 < len(state.songs) < len(state.library)
    select.on_input(key(pygame.K_BACKSPACE))
    assert state.view.query == "드"
    select.on_input(key(pygame.K_ESCAPE))  # clears
    assert state.view.query == "" and state.view.typing
    assert len(state.songs) == len(state.library)
    select.on_input(key(pygame.K_ESCAPE))  # closes
    assert not state.view.typing


def test_a_composed_word_filters_before_it_is_committed(select):
    state = select.state
    select.on_input(key(pygame.K_f, pygame.KMOD_CTRL))  # Ctrl+F opens the box
    assert state.view.typing
    select.on_input(composing("ㄷ"))
    select.on_input(composing("드"))
    select.on_input(composing("들"))  # a Korean IME shows this on the way to 드럼
    assert "드럼 소리" in titles(state)
    select.on_input(typed("드"))
    select.on_input(composing("럼"))
    assert state.view.query == "드" and state.view.composing == "럼"
    assert "드럼 소리" in titles(state)


def test_letters_go_to_the_box_not_to_player_2s_difficulty(select):
    state = select.state
    state.players = 2
    before = state.picks[1].difficulty
    select.on_input(key(pygame.K_SLASH))
    select.on_input(key(pygame.K_a, text="a"))
    select.on_input(typed("a"))
    select.on_input(key(pygame.K_d, text="d"))
    select.on_input(typed("d"))
    assert state.picks[1].difficulty == before
    assert state.view.query == "ad"


def test_the_list_still_walks_while_typing_and_enter_keeps_the_search(select):
    state = select.state
    select.on_input(key(pygame.K_SLASH))
    for letter in "fire":
        select.on_input(typed(letter))
    found = len(state.songs)
    select.on_input(key(pygame.K_DOWN))
    select.on_input(Pumped(None, 0.0, Action.DOWN))  # a pad
    select.on_input(Pumped(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1), 0.0, Action.DOWN))
    assert state.selected == 3
    select.on_input(key(pygame.K_END))
    assert state.selected == found - 1
    select.on_input(key(pygame.K_HOME))
    assert state.selected == 0
    select.on_input(key(pygame.K_RETURN))  # done typing: the search stays
    assert not state.view.typing and len(state.songs) == found
    select.on_input(key(pygame.K_RETURN))  # now Enter sets up the highlighted song
    assert state.focus == Focus.SETUP
    state.focus = Focus.SONGS
    select.on_input(key(pygame.K_ESCAPE))  # Esc first clears the search in force
    assert len(state.songs) == len(state.library)


def test_no_match_says_so(select, screen):
    state = select.state
    select.on_input(key(pygame.K_SLASH))
    for letter in "xyzzy":
        select.on_input(typed(letter))
    assert state.songs == [] and state.song is None
    surface = RecordingSurface((1280, 720))
    select.draw(surface)
    said = [b.words for b in surface.report.boxes]
    assert "No songs match “xyzzy”" in said
    assert not surface.report.problems()


def test_f3_steps_the_order_keeping_the_highlighted_song(select):
    state = select.state
    state.selected = 1234
    chosen = state.song
    orders = []
    for _ in SortKey:
        select.on_input(key(pygame.K_F3))
        orders.append(state.view.sort)
        assert state.song is chosen  # still highlighted, wherever it now stands
    assert orders[-1] == SortKey.TITLE and set(orders) == set(SortKey)
    select.on_input(key(pygame.K_F3))  # by artist
    first = state.songs[0]
    select.on_input(key(pygame.K_F3, pygame.KMOD_SHIFT))  # the other way round
    assert state.view.reverse and state.songs[-1] is first
    assert state.song is chosen


def test_f4_filters_and_says_how_many_show(select):
    state = select.state
    select.on_input(key(pygame.K_F4))
    assert state.view.filter == SongFilter.DUET
    assert state.songs and all(s.charted_duet for s in state.songs)
    select.on_input(key(pygame.K_F4))
    assert all(s.pro_drums for s in state.songs)
    select.on_input(key(pygame.K_F4, pygame.KMOD_SHIFT))
    assert state.view.filter == SongFilter.DUET


def test_f6_folders_pageup_pagedown_step_a_folder_and_shift_letter_jumps(select):
    state = select.state
    select.on_input(key(pygame.K_F6))
    assert state.view.folders
    packs = [s.folder.parent.name for s in state.songs]
    select.on_input(key(pygame.K_HOME))  # the first folder's first song
    assert packs[state.selected] == "Pack 00"
    select.on_input(key(pygame.K_PAGEDOWN))
    assert packs[state.selected] == "Pack 01" and packs[state.selected - 1] == "Pack 00"
    select.on_input(key(pygame.K_PAGEUP))
    assert state.selected == 0
    select.on_input(key(pygame.K_F6))  # back to the list by title
    select.on_input(key(pygame.K_s, pygame.KMOD_SHIFT))
    assert normalise(state.song.title).startswith("s")
    before = state.picks[1].difficulty
    state.players = 2
    select.on_input(key(pygame.K_d, pygame.KMOD_SHIFT))  # a jump, not player 2's difficulty
    assert normalise(state.song.title).startswith("d") and state.picks[1].difficulty == before


def test_a_click_picks_the_row_under_the_pointer(select):
    state = select.state
    rows = song_rows(state, song_select_layout(select.canvas.size)["songs"])
    index, row = rows[3]
    event = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=row.center)
    select.on_input(Pumped(event, 0.0))
    assert state.selected == index


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("mode", ["scrolled", "typing", "folders"])
def test_ten_thousand_songs_draw_with_no_text_over_other_text(library, size, mode):
    pygame.init()
    state = SongSelectState(library, players=2)
    state.set_songs(state.library)
    select = attached(SongSelectScreen(state, lambda *a: None))
    if mode == "typing":
        select.on_input(key(pygame.K_SLASH))
        select.on_input(typed("e"))
        select.on_input(composing("드"))
    elif mode == "folders":
        select.on_input(key(pygame.K_F6))
    for _ in range(40):
        select.on_input(key(pygame.K_PAGEDOWN))
    surface = RecordingSurface(size)
    select.draw(surface)
    report = surface.report
    assert not report.problems()
    said = [b.words for b in report.boxes]
    assert any(str(len(state.library)) in w.replace(",", "") for w in said)  # the count


@pytest.mark.parametrize("code", ["en", "ko", "ja"])
@pytest.mark.parametrize("players", [1, 2])
@pytest.mark.parametrize("view", ["list", "typing", "folders"])
def test_the_footer_help_fits_whole_at_1280x720(screen, library, players, view, code):
    from game.base.language import set_language
    from game.ui.setlist_panel import with_set_keys
    from game.ui.song_select_view import KEY_LINES

    set_language(code)
    try:
        state = SongSelectState(library[:5], players=players)
        state.view.typing = view == "typing"
        state.view.folders = view == "folders"
        tip = browse_tip(state.view, with_set_keys(state, setup_tip(state)))
        placed = footer_layout((1280, 720), [(tip, 21, KEY_LINES)], margin=12)
    finally:
        set_language("en")
    assert "".join("".join(line for line, *_ in placed).split()) == "".join(tip.split())
    assert all(not line.endswith("…") for line, *_ in placed)
    assert theme.text_width(tip, 21) > 0


def test_the_input_methods_candidates_go_under_the_search_box_in_window_pixels(library):
    pygame.init()
    window = pygame.display.set_mode((1920, 1080))
    select = attached(SongSelectScreen(SongSelectState(library[:50]), lambda *a: None))
    select.draw(window)  # laid out on a 1280-wide canvas, scaled 1.5 times
    box = song_select_layout(select.canvas.size)["browse"]
    shown = select._search_box()
    assert (shown.left, shown.top, shown.width) == (box.left * 1.5, box.top * 1.5, box.width * 1.5)


def test_at_1920x1080_the_kept_scaled_canvas_shows_what_scaling_it_anew_shows(library, monkeypatch):
    """Song select through a browse - down, a page, a search typed, the folder view, a
    notice - drawn on a window with the kept canvas picture and on one whose canvas is
    smoothscaled anew each frame: the same pixels every frame."""
    from game.ui import song_browse

    pygame.init()
    monkeypatch.setattr(song_browse.ROWS, "budget_s", 10.0)  # every row drawn at once
    state = SongSelectState(library)
    state.set_songs(state.library)
    select = attached(SongSelectScreen(state, lambda *a: None))
    kept, anew = select.canvas, Canvas()
    anew._scaled = ScaledCanvas()  # its own (menus share one)
    monkeypatch.setattr(anew._scaled, "_keeps", lambda canvas, window: False)
    windows = pygame.Surface((1920, 1080)), pygame.Surface((1920, 1080))
    steps = [key(pygame.K_DOWN)] * 3 + [key(pygame.K_PAGEDOWN), key(pygame.K_SLASH)]
    steps += [typed(c) for c in "electric"] + [key(pygame.K_ESCAPE), key(pygame.K_RETURN)]
    steps += [key(pygame.K_F6), key(pygame.K_PAGEDOWN), key(pygame.K_UP)]
    for k, step in enumerate([None, *steps, "notice"]):
        if step == "notice":
            state.notice = "This song cannot be played."
        elif step is not None:
            select.on_input(step)
        for canvas, window in zip((kept, anew), windows, strict=True):
            select.canvas = canvas
            select.draw(window)
        same = bytes(windows[0].get_view("2")) == bytes(windows[1].get_view("2"))
        assert same, f"frame {k} after {step}"
