"""A newcomer's first minutes: the chosen difficulty shows in the grid, a new profile starts at
Medium, song select is remembered between launches (real settings files), a two-player layout
for a laptop, the keys on the strike line for the first plays, and key hints in the footers."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.menu_input import KEY_ACTIONS  # noqa: E402
from game.app.play import PlayOptions  # noqa: E402
from game.app.setup import keymap_for, strike_labels  # noqa: E402
from game.app.song_select import SongSelectScreen, song_select_state  # noqa: E402
from game.app.title import TitleScreen  # noqa: E402
from game.core.devices import KEYBOARD, DeviceId  # noqa: E402
from game.core.lanes import Difficulty, Lane, Part  # noqa: E402
from game.core.replay import PlayerSetup, new_session  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.input.bindings import (  # noqa: E402
    LAPTOP_TWO_PLAYERS,
    TWO_PLAYERS,
    Action,
    find_conflicts,
)
from game.input.keyboard import KeyboardMapper  # noqa: E402
from game.library.index import SongRecord, TrackInfo  # noqa: E402
from game.store.settings import Settings, load_settings  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.pause import draw_pause, pause_hint  # noqa: E402
from game.ui.play_scene import PlayScene  # noqa: E402
from game.ui.song_select_view import (  # noqa: E402
    CHOSEN_FILL,
    FOOTER_H,
    Focus,
    SongSelectState,
    chosen_cells,
    difficulty_cells,
    draw_song_select,
    setup_tip,
    song_select_layout,
)
from tests.helpers import ROOT  # noqa: E402
from tests.ui.stepped_loop import app_with, next_frame, stepped_loop  # noqa: E402

NARA = ROOT / "charts" / "nara-soundcheck"
TRACKS = tuple(
    TrackInfo(part, diff, 100 + 10 * i)
    for part in Part
    for i, diff in enumerate(Difficulty.standard())
)
SONGS = [
    SongRecord(f"Song {i}", "Drum Duet", tracks=TRACKS, chart_sha256=str(i), folder=Path(f"s{i}"))
    for i in range(4)
]


def press(*keys):
    for key in keys:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))


def fill_at(surface, box: pygame.Rect) -> tuple[int, int, int]:
    """The colour just inside a cell's left edge (its fill, clear of its outline and words)."""
    return surface.get_at((box.left + 4, box.centery))[:3]


def has_colour(surface, rect: pygame.Rect, colour) -> bool:
    sub = surface.subsurface(rect.clip(surface.get_rect()))
    w, h = sub.get_size()
    return any(sub.get_at((x, y))[:3] == colour for x in range(w) for y in range(0, h, 2))


# 2. the chosen difficulty in the grid ----------------------------------------------------------
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_each_players_difficulty_is_highlighted_in_the_grid_and_follows_the_keys(size):
    pygame.init()
    try:
        surface = pygame.display.set_mode(size)
        state = SongSelectState(list(SONGS))
        details = song_select_layout(size)["details"]
        draw_song_select(surface, state)
        cells = difficulty_cells(state, details)
        assert len(cells) == 12  # three parts at four difficulties
        chosen = chosen_cells(state)
        assert chosen == {(Part.FULL, Difficulty.MEDIUM): 0}
        for cell in cells:
            picked = (cell.part, cell.difficulty) in chosen
            assert (fill_at(surface, cell.box) == CHOSEN_FILL[0]) == picked, cell
        state.picks[0].difficulty = Difficulty.HARD  # as Right does
        state.players, state.picks[0].part, state.picks[1].part = 2, Part.P1, Part.P2
        draw_song_select(surface, state)
        filled = {
            (c.part, c.difficulty): fill_at(surface, c.box)
            for c in difficulty_cells(state, details)
        }
        assert filled[(Part.P1, Difficulty.HARD)] == CHOSEN_FILL[0]
        assert filled[(Part.P2, Difficulty.MEDIUM)] == CHOSEN_FILL[1]
        assert sum(colour in CHOSEN_FILL for colour in filled.values()) == 2
        for a in cells:  # the grid's cells never overlap and stay in the details panel
            assert details.contains(a.box)
            assert all(a is b or not a.box.colliderect(b.box) for b in cells)
    finally:
        pygame.quit()


# 3. a new profile starts at Medium --------------------------------------------------------------
def test_a_new_profile_starts_at_medium_and_an_old_file_keeps_its_choice(tmp_path):
    fresh = song_select_state(list(SONGS), load_settings(tmp_path / "none.toml").settings)
    assert [p.difficulty for p in fresh.picks] == [Difficulty.MEDIUM, Difficulty.MEDIUM]
    old = tmp_path / "old.toml"
    old.write_text('[audio]\nmaster_volume = 0.5\n[select]\ndifficulties = ["expert", "hard"]\n')
    kept = song_select_state(list(SONGS), load_settings(old).settings)
    assert kept.picks[0].difficulty == Difficulty.EXPERT
    older = tmp_path / "older.toml"  # a file from before [select]: Medium, its volume kept
    older.write_text("[audio]\nmaster_volume = 0.5\n")
    settings = load_settings(older).settings
    assert song_select_state(list(SONGS), settings).picks[0].difficulty == Difficulty.MEDIUM
    assert settings.audio.master_volume == 0.5


# 4. remembered between launches -----------------------------------------------------------------
def test_song_select_is_remembered_between_launches_and_a_gone_song_falls_back(screen, tmp_path):
    path = tmp_path / "settings.toml"
    app = app_with(Settings(), path)
    loop = stepped_loop(app)
    loop.stack.push(TitleScreen())
    app.select = None
    app.songs = list(SONGS)
    press(pygame.K_RETURN)  # Play: song select opens
    next_frame(loop)
    press(pygame.K_DOWN, pygame.K_DOWN, pygame.K_TAB, pygame.K_RIGHT, pygame.K_a)
    press(pygame.K_ESCAPE)  # back to the title: remembered
    next_frame(loop)
    assert isinstance(loop.stack.top, TitleScreen)
    loop.stack.quit()

    saved = load_settings(path).settings  # the next launch reads the file
    assert saved.select.song == str(SONGS[2].folder) and saved.select.players == 2
    state = song_select_state(list(SONGS), saved)
    assert state.selected == 2 and state.players == 2
    assert [(p.part, p.difficulty) for p in state.picks] == [
        (Part.P1, Difficulty.HARD),
        (Part.P2, Difficulty.EASY),
    ]
    gone = song_select_state([SONGS[0], SONGS[1]], saved)  # the song's folder was removed
    assert gone.selected == 0 and gone.players == 2
    draw_song_select(screen, gone)  # and it draws


# 5. the laptop layout ---------------------------------------------------------------------------
def test_the_laptop_layout_uses_letters_only_and_no_menu_key(screen):
    menu_keys = {pygame.key.name(k, False).lower() for k in KEY_ACTIONS} | {"space"}
    keys = {b.key for b in LAPTOP_TWO_PLAYERS}
    assert len(LAPTOP_TWO_PLAYERS) == 16 and not find_conflicts(LAPTOP_TWO_PLAYERS)
    assert all(len(k) == 1 and k.isalpha() for k in keys)  # no keypad, no punctuation
    assert not keys & menu_keys
    left, right = set("qwertasdfgzxcvb"), set("yuiophjklnm")
    assert {b.key for b in LAPTOP_TWO_PLAYERS if b.action.player == 0} <= left
    assert {b.key for b in LAPTOP_TWO_PLAYERS if b.action.player == 1} <= right
    assert any("keypad" in b.key for b in TWO_PLAYERS)  # the other layout wants a keypad


def test_the_laptop_layout_is_chosen_on_song_select_saved_and_played(screen, tmp_path):
    path = tmp_path / "settings.toml"
    app = app_with(Settings(), path)
    loop = stepped_loop(app)
    state = SongSelectState(list(SONGS))
    played = []

    def play(screen, record, picks):  # the play reads the settings as they are at its start
        played.append(keymap_for(screen.app.settings, 2))

    loop.stack.push(SongSelectScreen(state, play=play))
    press(pygame.K_TAB, pygame.K_RETURN)  # a duet; the setup panel on "Start!"
    press(pygame.K_DOWN, pygame.K_DOWN, pygame.K_RIGHT)  # "Keyboard layout": the laptop's
    next_frame(loop)
    assert state.layout == "laptop"
    draw_song_select(screen, state)
    press(pygame.K_RETURN)  # Start: the choice is kept
    next_frame(loop)
    assert played == [LAPTOP_TWO_PLAYERS]
    settings = load_settings(path).settings
    assert settings.keyboard.two_player_layout == "laptop"
    keymap = keymap_for(settings, 2)
    assert keymap == LAPTOP_TWO_PLAYERS
    mapper = KeyboardMapper(keymap)
    assert mapper.action_for(pygame.key.name(pygame.K_n, False)) == Action.of(1, Lane.KICK)
    assert mapper.action_for("v") == Action.of(0, Lane.KICK)
    assert keymap_for(dataclasses.replace(settings, keyboard=Settings().keyboard), 2) == (
        TWO_PLAYERS
    )


# 6. the keys on the strike line -----------------------------------------------------------------
@pytest.mark.parametrize(("plays", "choice", "shown"), [
    (0, "auto", True), (2, "auto", True), (3, "auto", False), (9, "on", True), (0, "off", False)
])  # fmt: skip
def test_the_strike_line_keys_show_for_the_first_three_plays_unless_set(plays, choice, shown):
    settings = Settings()
    settings = dataclasses.replace(
        settings,
        select=dataclasses.replace(settings.select, plays=plays),
        gameplay=dataclasses.replace(settings.gameplay, key_labels=choice),
    )
    assert settings.select.key_labels(settings.gameplay.key_labels) == shown


def test_starting_a_song_counts_the_play_in_the_settings_file(screen, tmp_path):
    path = tmp_path / "settings.toml"
    app = app_with(Settings(), path)
    loop = stepped_loop(app)
    shown = []

    def play(screen, record, picks):  # what play_song asks of the settings
        shown.append(app.settings.select.key_labels(app.settings.gameplay.key_labels))

    loop.stack.push(SongSelectScreen(SongSelectState(list(SONGS)), play=play))
    for _ in range(4):
        press(pygame.K_RETURN, pygame.K_RETURN)
        next_frame(loop)
    assert shown == [True, True, True, False]
    assert load_settings(path).settings.select.plays == 4


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("layout", ["numpad", "laptop"])
def test_the_strike_line_shows_each_players_own_keys(size, layout):
    pygame.init()
    try:
        surface = pygame.display.set_mode(size)
        settings = Settings()
        settings = dataclasses.replace(
            settings,
            keyboard=dataclasses.replace(settings.keyboard, two_player_layout=layout),
        )
        labels = strike_labels(settings, (KEYBOARD, KEYBOARD), 2)
        expected = {"numpad": ("Space", "Num 0"), "laptop": ("V", "N")}[layout]
        assert (labels[0].kick, labels[1].kick) == expected
        assert labels[0].pads[Lane.RED][1] == ""  # the snare has no cymbal
        kit = strike_labels(settings, (KEYBOARD, DeviceId.parse("TD-11 MIDI 1")), 2)
        assert kit[1] is None  # a kit player's pads need no keys
        song = load_song(NARA)
        setups = [PlayerSetup("p1", "easy"), PlayerSetup("p2", "easy")]
        scene = PlayScene(song.chart, new_session(song.chart, setups), size, keys=labels)
        scene.draw(surface, -1.0)  # the lead-in: no note over the keys yet
        for hw in scene.highways:
            boxes = hw.label_boxes()
            assert len(boxes) == 1 + 1 + 3 * 2  # kick, snare, three toms and three cymbals
            for a in boxes:
                assert hw.rect.contains(a.box)
                assert all(a is b or not a.box.colliderect(b.box) for b in boxes)
                lane_fill = theme.darker(theme.LANE_COLOURS[a.lane], 0.55)
                assert has_colour(surface, a.box, lane_fill), a
                assert has_colour(surface, a.box, theme.TEXT), a  # the key's name
        bare = PlayScene(song.chart, new_session(song.chart, setups), size)
        assert all(not hw.label_boxes() for hw in bare.highways)
        options = PlayOptions([PlayerSetup("full", "easy")])
        assert options.key_labels is False  # tools and tests play without them
    finally:
        pygame.quit()


# 1. key hints in the footers ---------------------------------------------------------------------
def test_song_select_footer_names_the_keys_that_act_there(screen, loop):
    state = SongSelectState(list(SONGS))
    loop.stack.push(SongSelectScreen(state, play=lambda *a: None))
    tip = setup_tip(state)
    assert "Left/Right" in tip and "A/D" not in tip and "Tab" in tip and "Esc" in tip
    press(pygame.K_RIGHT)
    next_frame(loop)
    assert state.picks[0].difficulty == Difficulty.HARD  # Left/Right: the difficulty
    press(pygame.K_TAB)
    next_frame(loop)
    assert "A/D: P2 difficulty" in setup_tip(state)
    press(pygame.K_d)
    next_frame(loop)
    assert state.picks[1].difficulty == Difficulty.HARD
    w, h = screen.get_size()
    footer = pygame.Rect(0, h - FOOTER_H, w, FOOTER_H)
    assert has_colour(screen, footer.inflate(0, -FOOTER_H // 2).move(0, -FOOTER_H // 4), theme.DIM)
    state.focus = Focus.SETUP
    assert "Enter: play" in setup_tip(state)
    layout = song_select_layout((w, h))
    assert all(not box.colliderect(footer) for box in layout.values())


def test_the_pause_menu_shows_its_keys(screen):
    screen.fill(theme.BACKGROUND)
    draw_pause(screen, 0)
    w, h = screen.get_size()
    assert "Esc" in pause_hint() and "Enter" in pause_hint()
    row = pygame.Rect(w // 2 - 200, h // 2 + 170 - 40, 400, 24)
    assert has_colour(screen, row, theme.DIM)


@pytest.mark.parametrize("players", [1, 2])
def test_the_results_and_the_tutorial_show_how_the_kits_pads_leave_them(screen, players):
    from game.app.play import PlayResult
    from game.app.results_screen import results_view
    from game.core.autoplay import autoplay_inputs
    from game.core.replay import simulate
    from game.ui.results import results_pad_hint
    from game.ui.tutorial_view import LessonCard, Picture, draw_card, tutorial_pad_hint

    song = load_song(NARA)
    setups = [PlayerSetup(p, "easy") for p in (["full"] if players == 1 else ["p1", "p2"])]
    inputs = [
        e
        for k, s in enumerate(setups)
        for e in autoplay_inputs(song.chart.track(s.part, s.difficulty), k)
    ]
    session = simulate(song.chart, setups, sorted(inputs, key=lambda e: e.time_s))
    view = results_view(song, PlayResult(session, True, []), PlayOptions(setups), None)
    view.draw(screen)
    w, h = screen.get_size()
    pads_row = pygame.Rect(w - 360, h - 30, 320, 26)  # the keys' line at the bottom right
    assert "green" in results_pad_hint() and "red" in results_pad_hint()
    assert has_colour(screen, pads_row, theme.DIM)
    for last in (False, True):
        picture = Picture.RESULTS if last else Picture.PADS
        draw_card(screen, LessonCard("Welcome", ("a line",), picture=picture), 0, 5)
        assert has_colour(screen, pygame.Rect(w // 2 - 150, h - 74, 300, 20), theme.DIM)
        assert ("song select" in tutorial_pad_hint(last)) == last
    draw_card(screen, LessonCard("Snare", ("hit it",), Lane.RED, keys=("d",)), 1, 5)
    assert not has_colour(screen, pygame.Rect(w // 2 - 150, h - 74, 300, 20), theme.DIM)
