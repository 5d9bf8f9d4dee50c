"""The tutorial's duet chapter on the game's one loop, with real pygame (SDL dummy video and
audio), the real play screen and the real `DuetSession`: the first card offers it, its cards
show the two players' own keys, the Sync step goes on only after real Syncs, and the chapter
ends only once the pair has started a Harmony (hitting green together with the meter at 50).

The players' keys go through the guided play's own keymap (`map_key`, as the play screen maps
a pumped key) at the notes' song times, and the song clock is moved on to judge them, so the
tests do not depend on how fast the machine runs."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest

from tests.ui.test_tutorial import (  # noqa: F401
    home,
    lesson_played_through,
    open_tutorial,
    post,
    steps,
    window,
)

pygame = pytest.importorskip("pygame")

from game.app.loop import Loop  # noqa: E402
from game.app.song_select import SongSelectScreen  # noqa: E402
from game.app.title import TitleScreen  # noqa: E402
from game.app.tutorial import RING_S  # noqa: E402
from game.app.tutorial_duet import DuetChapterScreen, Phase  # noqa: E402
from game.app.tutorial_duet_play import (  # noqa: E402
    HARMONY_HOLD_S,
    HOLD_S,
    SYNC_GOAL,
    GuidedPlayScreen,
    Step,
    duet_passage,
    step_bars,
)
from game.core.chart import find_unison  # noqa: E402
from game.core.duet import HARMONY_THRESHOLD, SYNC_WINDOW_S, DuetSession  # noqa: E402
from game.core.lanes import Lane  # noqa: E402
from game.formats.song_folder import builtin_charts_dir, load_song  # noqa: E402
from game.input.bindings import Action as BoundAction  # noqa: E402
from game.store.settings import Settings  # noqa: E402
from game.ui.tutorial_view import Picture  # noqa: E402
from tests.ui.test_tutorial import app_for  # noqa: E402

pytestmark = pytest.mark.usefixtures("window")  # the window and mixer of test_tutorial


def open_chapter(app) -> tuple[Loop, DuetChapterScreen]:
    """The tutorial from the title menu, and Down and Enter on its first card."""
    loop, _ = open_tutorial(app)
    post(pygame.K_DOWN, pygame.K_RETURN)
    steps(loop)
    chapter = loop.stack.top
    assert isinstance(chapter, DuetChapterScreen)
    return loop, chapter


def start_play(loop: Loop, chapter: DuetChapterScreen, enters: int) -> GuidedPlayScreen:
    """Enter `enters` times (the last one on a card that starts a guided play)."""
    post(*[pygame.K_RETURN] * enters)
    steps(loop)
    play = loop.stack.top
    assert isinstance(play, GuidedPlayScreen) and chapter.phase is Phase.PLAY
    assert isinstance(play.live.session, DuetSession)
    return play


def key_of(play: GuidedPlayScreen, player: int, lane: Lane) -> str:
    return play.live.keymap.keys_for(BoundAction.of(player, lane))[0]


def hit(play: GuidedPlayScreen, player: int, lane: Lane, time_s: float) -> None:
    """`player` presses their key of `lane` at song time `time_s`, as the play maps a key."""
    event = play.live.map_key(key_of(play, player, lane), time_s)
    assert event is not None and event.player == player and event.lane is lane
    play.live.hit(event)


def notes(play: GuidedPlayScreen) -> list[tuple[float, Lane]]:
    track = play.live.song.chart.track("p1", "easy")
    return [(float(t), Lane(int(lane))) for t, lane in zip(track.times, track.lanes, strict=True)]


def run_to(loop: Loop, play: GuidedPlayScreen, song_s: float) -> None:
    """Move the song clock on to `song_s` (as the audio device reports its buffers; it never
    goes back) and let the loop judge up to there."""
    clock = play.live.clock
    clock.on_buffer(clock.sample_of(song_s), 256, time.perf_counter())
    clock.song_time()
    steps(loop, 2)


def test_the_first_card_offers_the_chapter_with_both_players_keys(tmp_path):
    loop, chapter = open_chapter(app_for(tmp_path))
    card = chapter.card
    assert card.picture is Picture.PLAYER_KEYS
    assert card.player_keys == (
        ("space", "s", "d", "f", "g"),
        ("keypad 0", "keypad 4", "keypad 5", "keypad 6", "keypad +"),
    )
    post(pygame.K_ESCAPE)
    steps(loop)
    assert [type(s) for s in loop.stack.screens] == [TitleScreen]


def test_the_laptop_layout_is_the_keys_the_chapter_shows_and_plays(tmp_path):
    keyboard = dataclasses.replace(Settings().keyboard, two_player_layout="laptop")
    loop, chapter = open_chapter(app_for(tmp_path, Settings(keyboard=keyboard)))
    assert chapter.card.player_keys == (("v", "a", "s", "d", "f"), ("n", "h", "j", "k", "l"))
    play = start_play(loop, chapter, 2)
    assert key_of(play, 0, Lane.RED) == "a" and key_of(play, 1, Lane.RED) == "h"


def test_the_sync_step_goes_on_only_after_real_syncs(tmp_path):
    """Hits 45 ms apart are both good hits but no Sync: with three Syncs and those the passage
    ends on a card to try again; the next try's fourth Sync ends the play and goes on."""
    loop, chapter = open_chapter(app_for(tmp_path))
    play = start_play(loop, chapter, 2)
    assert play.live.goal.step is Step.SYNC
    passage = notes(play)
    for k, (t, lane) in enumerate(passage[: SYNC_GOAL + 2]):
        apart = 0.0 if k < SYNC_GOAL - 1 else 1.5 * SYNC_WINDOW_S  # then near misses only
        hit(play, 0, lane, t)
        hit(play, 1, lane, t + apart)
    run_to(loop, play, passage[SYNC_GOAL + 2][0])
    session = play.live.session
    assert session.syncs == SYNC_GOAL - 1 and len(session.unison_deltas) == SYNC_GOAL + 2
    assert loop.stack.top is play  # the goal is not met: the passage plays on
    run_to(loop, play, play.live.end_s + 0.01)
    assert loop.stack.top is chapter and chapter.phase is Phase.RETRY
    assert chapter.card.lines[0].startswith(f"You made {SYNC_GOAL - 1} Syncs.")

    again = start_play(loop, chapter, 1)  # Enter on the card plays it again
    assert again is not play
    passage = notes(again)
    for t, lane in passage[:SYNC_GOAL]:
        hit(again, 0, lane, t)
        hit(again, 1, lane, t + 0.010)
    met = passage[SYNC_GOAL - 1][0]
    run_to(loop, again, met + 0.2)
    assert loop.stack.top is again and again.live.goal.met  # it holds a moment to show it
    run_to(loop, again, met + HOLD_S + 0.1)
    assert loop.stack.top is chapter and chapter.phase is Phase.CARDS
    assert chapter.card.picture is Picture.GOODWILL
    assert chapter.feedback is not None and chapter.feedback.right


def sync_step_done(tmp_path) -> tuple[Loop, DuetChapterScreen]:
    """The chapter past its Sync step (four Syncs made), on the Goodwill card."""
    loop, chapter = open_chapter(app_for(tmp_path))
    play = start_play(loop, chapter, 2)
    passage = notes(play)
    for t, lane in passage[:SYNC_GOAL]:
        hit(play, 0, lane, t)
        hit(play, 1, lane, t)
    run_to(loop, play, passage[SYNC_GOAL - 1][0] + HOLD_S + 0.1)
    assert chapter.card.picture is Picture.GOODWILL
    return loop, chapter


def test_the_chapter_does_not_end_without_a_harmony(tmp_path):
    """Syncs on every kick and snare fill the meter past 50, but the green notes are left to
    pass: the passage ends on a card to try again, which says the meter was gold."""
    loop, chapter = sync_step_done(tmp_path)
    play = start_play(loop, chapter, 2)  # Goodwill card, Harmony card: play
    assert play.live.goal.step is Step.HARMONY
    session = play.live.session
    for t, lane in notes(play):
        if lane is not Lane.GREEN:
            hit(play, 0, lane, t)
            hit(play, 1, lane, t)
    run_to(loop, play, play.live.end_s - 1.0)
    assert play.live.goal.best_goodwill >= HARMONY_THRESHOLD
    assert session.harmonies == 0 and loop.stack.top is play
    run_to(loop, play, play.live.end_s + 0.01)
    assert loop.stack.top is chapter and chapter.phase is Phase.RETRY
    assert chapter.card.lines[0] == "The meter was gold, but no Harmony started."
    post(pygame.K_RETURN)
    steps(loop)
    assert isinstance(loop.stack.top, GuidedPlayScreen)  # the passage again, not the end


def test_green_together_at_goodwill_50_starts_harmony_and_ends_the_chapter(tmp_path):
    """Syncs fill the meter; on the first green note after it stands at 50 both players hit
    green together: the session starts Harmony, the play ends a moment later and the last card
    counts it; its Enter goes on to song select."""
    loop, chapter = sync_step_done(tmp_path)
    play = start_play(loop, chapter, 2)
    session = play.live.session
    started = None
    for t, lane in notes(play):
        run_to(loop, play, t - 0.2)
        if lane is Lane.GREEN and session.goodwill < HARMONY_THRESHOLD:
            continue  # too early: no Harmony yet, the green notes are left to pass
        hit(play, 0, lane, t)
        hit(play, 1, lane, t + 0.020)
        if lane is Lane.GREEN:
            started = t
            break
    assert started is not None
    run_to(loop, play, started + 0.5)
    assert session.harmonies == 1 and session.harmony_active(started + 0.5)
    assert loop.stack.top is play
    run_to(loop, play, started + HARMONY_HOLD_S + 0.1)
    assert loop.stack.top is chapter and chapter.phase is Phase.END
    assert ("Harmonies", "1") in chapter.card.facts
    post(pygame.K_RETURN)
    steps(loop)
    assert isinstance(loop.stack.top, SongSelectScreen)


def test_the_solo_lesson_s_last_card_offers_the_chapter_too(tmp_path):
    loop, tutorial, _ = lesson_played_through(tmp_path)
    assert tutorial.lesson.card.choices  # song select, or the duet chapter
    post(pygame.K_DOWN, pygame.K_RETURN)
    steps(loop)
    assert [type(s) for s in loop.stack.screens] == [TitleScreen, DuetChapterScreen]


@pytest.mark.parametrize("step", list(Step))
def test_every_note_of_the_passage_is_a_unison_note_on_nara_s_bars(step):
    """The passage (on the real Nara chart's tempo) gives both players the same notes, each
    on a beat from the bar after the count-in; the Harmony step's bars start on green."""
    song = duet_passage(load_song(builtin_charts_dir() / "nara-soundcheck"), step)
    p1, p2 = song.chart.track("p1", "easy"), song.chart.track("p2", "easy")
    assert len(find_unison(p1, p2)) == len(p1) == len(p2) == 4 * step_bars(step)
    beat = 60 / 90  # Nara is 90 BPM in 4/4
    assert p1.times[0] == pytest.approx(4 * beat)
    assert np.diff(p1.times) == pytest.approx(np.full(len(p1) - 1, beat))
    greens = int(np.sum(p1.lanes == int(Lane.GREEN)))
    assert greens == (step_bars(step) if step is Step.HARMONY else 0)
    assert song.chart.meta.length_s == pytest.approx(p1.end_s + RING_S)
