"""A kit's pads as menu moves: the mapping through the kit's profile, and the results screen
that lets a last crash of the song pass."""

from __future__ import annotations

import pytest

from game.app.menu_input import PadMenu, pad_action
from game.app.scene import Action, Pumped
from game.core.events import InputEvent
from game.core.lanes import Lane
from game.input.midi_ports import NoteOn
from game.store.settings import Settings

pygame = pytest.importorskip("pygame")


@pytest.mark.parametrize(
    ("lane", "cymbal", "action"),
    [
        (Lane.GREEN, True, Action.SELECT),
        (Lane.GREEN, False, Action.SELECT),
        (Lane.RED, False, Action.BACK),
        (Lane.YELLOW, False, Action.UP),
        (Lane.BLUE, False, Action.DOWN),
        (Lane.YELLOW, True, Action.LEFT),
        (Lane.BLUE, True, Action.RIGHT),
        (Lane.KICK, False, Action.RIGHT),
    ],
)
def test_each_pad_is_a_menu_move(lane, cymbal, action):
    assert pad_action(InputEvent(0.0, 0, lane, cymbal)) == action


@pytest.mark.parametrize(
    ("note", "action"),
    [
        (49, Action.SELECT),
        (38, Action.BACK),
        (48, Action.UP),
        (45, Action.DOWN),
        (36, Action.RIGHT),
    ],
)
def test_a_general_midi_kits_notes_walk_the_menus_through_its_profile(note, action):
    pads = PadMenu(Settings)
    assert pads.action(NoteOn("some kit", note, 100, 9, 1.0)) == action


def test_a_note_no_pad_plays_is_no_move():
    assert PadMenu(Settings).action(NoteOn("some kit", 127, 100, 9, 1.0)) is None


def test_the_results_let_pads_pass_for_a_moment_but_not_keys(screen, loop):
    from game.app.play import PlayOptions, PlayResult
    from game.app.results_screen import PAD_GUARD_S, ResultsScreen
    from game.app.title import TitleScreen
    from game.core.replay import PlayerSetup, simulate
    from game.formats.song_folder import load_song
    from tests.helpers import ROOT

    song = load_song(ROOT / "charts" / "nara-soundcheck")
    setups = [PlayerSetup("full", "easy")]
    result = PlayResult(simulate(song.chart, setups, []), True, [])
    loop.stack.push(TitleScreen())
    results = ResultsScreen(song, result, PlayOptions(setups))
    loop.stack.push(results)
    loop.step()
    shown = loop.clock()
    results.on_input(Pumped(None, shown + PAD_GUARD_S / 2, Action.SELECT))  # the song's last crash
    assert loop.stack.top is results
    results.on_input(Pumped(None, shown + PAD_GUARD_S + 0.01, Action.SELECT))
    assert isinstance(loop.stack.top, TitleScreen)
    loop.stack.push(results := ResultsScreen(song, result, PlayOptions(setups)))
    loop.step()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0))
    loop.step()  # a key leaves at once
    assert isinstance(loop.stack.top, TitleScreen)
