"""Practice's other ways in and its controls, on the game's one loop (SDL's dummy video and
audio, real loading and plays): from a play's pause menu at the section being played; the card
between passes walked by a kit's pads (menu actions with no key event); one duet part practised
while the bot plays the other, seen on its highway and heard as the kit."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.play import PlayOptions, PlayResult, PlayScreen  # noqa: E402
from game.app.practice import PracticeScreen  # noqa: E402
from game.app.practice_run import PAD_GUARD_S, PassCardScreen, PracticePlayScreen  # noqa: E402
from game.app.results_screen import ResultsScreen  # noqa: E402
from game.app.scene import Action, Pumped  # noqa: E402
from game.app.song_select import SongSelectScreen, fit_picks  # noqa: E402
from game.core.autoplay import autoplay_inputs  # noqa: E402
from game.core.duet import DuetSession  # noqa: E402
from game.core.events import InputEvent  # noqa: E402
from game.core.lanes import Lane, Part  # noqa: E402
from game.core.replay import PlayerSetup, simulate  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.ui.practice_view import PracticeItem  # noqa: E402
from game.ui.song_select_view import SongSelectState  # noqa: E402
from tests.audio.stem_files import RATE, write_practice_song  # noqa: E402
from tests.ui.stepped_loop import next_frame  # noqa: E402
from tests.ui.test_practice_play import menu_row, practise, sectioned_song  # noqa: E402
from tests.ui.test_setlist_play import library_of, press, step_until  # noqa: E402


def duet_song(folder: Path) -> Path:
    """Two duet parts over two 2-bar sections at 120 BPM: player 1 the beats' reds, player 2
    the off-beats' yellow cymbals."""
    folder.mkdir(parents=True, exist_ok=True)
    chart = {
        "format": "drum-duet-chart",
        "version": 1,
        "song": {"title": "Duet Tiny", "artist": "Practice Tests"},
        "resolution": 480,
        "tempos": [[0, 120.0]],
        "sections": [[0, "Intro"], [3840, "Verse"]],
        "parts": {
            "p1": {"expert": [[480 * i, "red"] for i in range(16)]},
            "p2": {"expert": [[480 * i + 240, "yellow"] for i in range(16)]},
        },
    }
    (folder / "chart.json").write_text(json.dumps(chart))
    return folder


def song_select_on(app, loop, tmp_path: Path, make) -> SongSelectState:
    """Song select over one song made by `make(folder)`, its setup fitted, on the loop."""
    make(tmp_path / "songs" / "one")
    songs = library_of(tmp_path / "songs", tmp_path / "index.db")
    app.songs = songs
    app.select = state = SongSelectState(songs)
    fit_picks(state)
    loop.stack.push(SongSelectScreen(state))
    return state


def open_practice(loop) -> PracticeScreen:
    """Enter (the setup panel), Up (Practice), Enter: the practice menu."""
    press(pygame.K_RETURN)
    next_frame(loop)
    press(pygame.K_UP)
    press(pygame.K_RETURN)
    next_frame(loop)
    practice = loop.stack.top
    assert isinstance(practice, PracticeScreen)
    return practice


def test_the_pause_menu_opens_practice_at_the_section_being_played(tmp_path, scored_game):
    app, loop = scored_game
    song_select_on(app, loop, tmp_path, sectioned_song)
    press(pygame.K_RETURN)  # the setup panel
    press(pygame.K_RETURN)  # Start!
    next_frame(loop)
    step_until(loop, lambda: isinstance(loop.stack.top, PlayScreen), "the play")
    play = loop.stack.top
    assert play.pause_choices[-1] == "Practise this section"
    step_until(loop, lambda: play.live.clock.song_time() > 4.5, "the Verse")  # 4.0-8.0 s
    press(pygame.K_ESCAPE)
    next_frame(loop)
    for _ in range(len(play.pause_choices) - 1):
        press(pygame.K_DOWN)
    press(pygame.K_RETURN)
    next_frame(loop)
    practice = loop.stack.top
    assert isinstance(practice, PracticeScreen)
    next_frame(loop)
    choices = practice.choices
    assert choices is not None and (choices.first, choices.last) == (1, 1)
    assert (choices.a_s, choices.b_s) == (4.0, 8.0)
    assert practice.song is play.live.song  # the song read once, not again


def test_the_card_between_passes_is_walked_by_the_kit_s_pads(tmp_path, scored_game):
    app, loop = scored_game
    song_select_on(app, loop, tmp_path, sectioned_song)
    practice = open_practice(loop)
    practice.autoplay = True
    practise(loop, practice)
    step_until(loop, lambda: isinstance(loop.stack.top, PassCardScreen), "the card")
    card = loop.stack.top
    next_frame(loop)  # the card's first update: shown from now
    shown = card._shown_at
    assert shown is not None
    card.on_input(Pumped(None, shown + PAD_GUARD_S / 2, Action.DOWN))  # the pass's last crash
    assert card.card.selected == 0 and card.card.seconds_left is not None
    card.on_input(Pumped(None, shown + PAD_GUARD_S + 0.01, Action.DOWN))  # blue tom: down
    assert card.card.selected == 1 and card.card.seconds_left is None  # no going on by itself
    for _ in range(20):
        next_frame(loop)
    assert loop.stack.top is card
    speed = practice.run.plan.speed
    card.on_input(Pumped(None, shown + PAD_GUARD_S + 0.02, Action.SELECT))  # green: Slower
    next_frame(loop)
    step_until(loop, lambda: isinstance(loop.stack.top, PracticePlayScreen), "the slower pass")
    assert loop.stack.top.live.options.speed == pytest.approx(speed - 0.05)


def test_one_duet_part_is_practised_while_the_bot_plays_the_other(tmp_path, scored_game):
    app, loop = scored_game
    state = song_select_on(app, loop, tmp_path, duet_song)
    state.picks[0].part = Part.P1
    fit_picks(state)
    practice = open_practice(loop)
    choices = practice.choices
    assert choices is not None and choices.can_partner and choices.partner
    assert PracticeItem.PARTNER in choices.items()
    practise(loop, practice)
    step_until(loop, lambda: isinstance(loop.stack.top, PracticePlayScreen), "the pass")
    play = loop.stack.top
    live = play.live
    assert isinstance(live.session, DuetSession)
    assert [s.part for s in live.options.setups] == [Part.P1, Part.P2]
    assert live.options.bots == (1,) and not live.options.autoplay
    assert len(play.scene.highways) == 2  # the bot's part is seen on its own highway
    assert {e.player for e in live.bot} == {1}  # heard as the kit: its hits are the kit's
    step_until(loop, lambda: isinstance(loop.stack.top, PassCardScreen), "the card")
    human, bot = (e.stats() for e in live.session.engines)
    assert bot.accuracy == pytest.approx(1.0) and bot.notes == 8
    assert human.accuracy == 0.0  # nobody played player 1's part
    assert loop.stack.top.card.accuracy == 0.0  # the pass is the person's, not the bot's
    press(pygame.K_ESCAPE)  # the practice menu offers the worst passage, highlighted
    next_frame(loop)
    assert loop.stack.top is practice
    assert choices.worst is not None and choices.worst.label == "Bars 1-2"
    assert choices.items()[choices.row] == PracticeItem.WORST
    press(pygame.K_RETURN)  # taken: A and B are the passage's, Practise! highlighted
    next_frame(loop)
    assert (choices.a_s, choices.b_s) == (choices.worst.start_s, choices.worst.end_s)
    assert choices.items()[choices.row] == PracticeItem.START


def test_an_imported_song_is_practised_at_half_speed_on_its_stretched_stems(tmp_path, scored_game):
    app, loop = scored_game
    song_select_on(app, loop, tmp_path, lambda folder: write_practice_song(folder, 6.0, RATE))
    practice = open_practice(loop)
    choices = practice.choices
    assert choices is not None and choices.sections == [("Whole song", 0.0)]  # no sections
    practice.autoplay = True
    menu_row(loop, practice, PracticeItem.SPEED)
    for _ in range(10):
        press(pygame.K_LEFT)  # 100% -> 50%
    practise(loop, practice)
    step_until(loop, lambda: isinstance(loop.stack.top, PracticePlayScreen), "the pass")
    prepared = practice.run.prepared
    assert prepared is not None and prepared.speed == 0.5
    music, drums = prepared.backing.music, prepared.backing.drums
    assert drums is not None and prepared.backing.notice is None
    rate = prepared.rate
    assert abs(len(music) / rate - 12.0) < 12.0 * 0.002  # 6 s of stems at half speed
    assert abs(len(drums) / rate - 12.0) < 12.0 * 0.002
    step_until(loop, lambda: isinstance(loop.stack.top, PassCardScreen), "the card")
    assert loop.stack.top.card.accuracy == pytest.approx(1.0)


def test_a_loop_that_cannot_be_practised_is_refused_on_screen_with_the_reason(
    tmp_path, scored_game
):
    app, loop = scored_game
    song_select_on(app, loop, tmp_path, sectioned_song)
    practice = open_practice(loop)
    choices = practice.choices
    assert choices is not None
    menu_row(loop, practice, PracticeItem.B)
    for _ in range(12):  # B back from 4.0 s past A (0.0 s) to the song's start
        press(pygame.K_LEFT)
    next_frame(loop)
    assert choices.notice == "A must come before B"
    practise(loop, practice)
    assert loop.stack.top is practice and practice.run is None  # refused: nothing plays
    assert practice.menu().notice == "A must come before B"  # what the screen shows
    menu_row(loop, practice, PracticeItem.B)
    for _ in range(4):  # B two beats after A: a loop again
        press(pygame.K_RIGHT)
    next_frame(loop)
    assert choices.notice is None


def test_the_results_show_each_bar_and_offer_the_worst_passage_for_practice(tmp_path, scored_game):
    app, loop = scored_game
    song_select_on(app, loop, tmp_path, sectioned_song)
    song = load_song(tmp_path / "songs" / "one")
    setups = [PlayerSetup("full", "expert")]
    notes = autoplay_inputs(song.chart.track("full", "expert"), 0)
    played = [e for e in notes if not 6.0 <= e.time_s < 8.0]  # bar 4 (6-8 s) left alone
    result = PlayResult(simulate(song.chart, setups, played), True, [])
    options = PlayOptions(setups)
    results = ResultsScreen(song, result, options)
    loop.stack.push(results)
    next_frame(loop)
    assert results.offer is not None and results.offer.label == "Bars 1-4"  # ties: the earliest
    bars = results.view.players[0].bars
    assert [b.accuracy for b in bars if b.notes] == [1.0, 1.0, 1.0, 0.0, 1.0, 1.0]
    assert "Bars 1-4" in (results.view.offer or "")
    loop.sleep(2.0)  # past the pads' guard
    press(pygame.K_p)
    next_frame(loop)
    practice = loop.stack.top
    assert isinstance(practice, PracticeScreen)
    choices = practice.choices
    assert (choices.a_s, choices.b_s) == (results.offer.start_s, results.offer.end_s)
    assert choices.items()[choices.row] == PracticeItem.START and choices.notice is None


def test_a_clean_play_offers_no_passage(tmp_path, scored_game):
    app, loop = scored_game
    song_select_on(app, loop, tmp_path, sectioned_song)
    song = load_song(tmp_path / "songs" / "one")
    setups = [PlayerSetup("full", "expert")]
    inputs = autoplay_inputs(song.chart.track("full", "expert"), 0)
    result = PlayResult(simulate(song.chart, setups, inputs), True, [])
    results = ResultsScreen(song, result, PlayOptions(setups))
    loop.stack.push(results)
    next_frame(loop)
    assert results.offer is None and results.view.offer is None
    press(pygame.K_p)
    next_frame(loop)
    assert loop.stack.top is results


class StruckPads:
    """A kit as a play reads it (`KitHits`): the pads struck since the last look."""

    notice = None

    def __init__(self) -> None:
        self.struck: list[tuple[InputEvent, bool]] = []

    def strike(self, lane: Lane, cymbal: bool = False) -> None:
        self.struck.append((InputEvent(0.0, 0, lane, cymbal, 0.8), False))

    def take(self) -> list[tuple[InputEvent, bool]]:
        struck, self.struck = self.struck, []
        return struck

    def detach(self) -> None:
        pass


def test_a_kit_s_pads_walk_a_pass_s_pause_menu_and_restart_the_loop(tmp_path, scored_game):
    app, loop = scored_game
    song_select_on(app, loop, tmp_path, sectioned_song)
    practice = open_practice(loop)
    practice.autoplay = True
    practise(loop, practice)
    step_until(loop, lambda: isinstance(loop.stack.top, PracticePlayScreen), "the pass")
    play = loop.stack.top
    pads = StruckPads()
    play.live.kit_hits = pads
    pads.strike(Lane.BLUE)  # mid-song a pad is a hit, not a menu move
    next_frame(loop)
    assert play.paused is None and play.choice == 0
    press(pygame.K_ESCAPE)
    next_frame(loop)
    assert play.paused is not None
    pads.strike(Lane.BLUE)  # blue tom: down, to "Restart the loop"
    next_frame(loop)
    assert play.choice == 1
    pads.strike(Lane.GREEN, cymbal=True)  # green: select
    next_frame(loop)
    step_until(loop, lambda: loop.stack.top is not play, "the restart")
    step_until(loop, lambda: isinstance(loop.stack.top, PracticePlayScreen), "the new pass")
    assert loop.stack.top is not play and not practice.run.record.passes  # not counted
