"""Practice on the game's one loop (SDL's dummy video and audio, the real song loading and
plays): from song select's setup panel to the practice menu, a section loop set slower with
auto speed-up, passes played by the bot, the card between passes, the heat map and the worst
passage back on the menu; the practice book (a real SQLite file) keeps each speed's best, and
the score book keeps no play."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.practice import PracticeScreen  # noqa: E402
from game.app.practice_run import CARD_S, PassCardScreen, PracticePlayScreen  # noqa: E402
from game.app.song_select import SongSelectScreen, fit_picks  # noqa: E402
from game.core.practice import Loop  # noqa: E402
from game.store.practice_book import PracticeBook, practice_book_path  # noqa: E402
from game.ui.practice_view import PracticeItem  # noqa: E402
from game.ui.song_select_view import SetupItem, SongSelectState  # noqa: E402
from tests.ui.stepped_loop import next_frame  # noqa: E402
from tests.ui.test_setlist_play import library_of, press, step_until  # noqa: E402


def sectioned_song(folder: Path, title: str = "Loop Tiny") -> Path:
    """A song of three 2-bar sections at 120 BPM (one red note a beat, a kick on each bar):
    Intro, Verse, Chorus."""
    folder.mkdir(parents=True, exist_ok=True)
    notes = [[480 * i, "red"] for i in range(24)] + [[1920 * b, "kick"] for b in range(6)]
    chart = {
        "format": "drum-duet-chart",
        "version": 1,
        "song": {"title": title, "artist": "Practice Tests"},
        "resolution": 480,
        "tempos": [[0, 120.0]],
        "sections": [[0, "Intro"], [3840, "Verse"], [7680, "Chorus"]],
        "parts": {"full": {"expert": notes}},
    }
    (folder / "chart.json").write_text(json.dumps(chart))
    return folder


def menu_row(loop, practice: PracticeScreen, item: PracticeItem) -> None:
    """Walk the practice menu's highlight to `item` with Up/Down, as a player does."""
    choices = practice.choices
    assert choices is not None
    target = choices.items().index(item)
    while choices.row != target:
        press(pygame.K_DOWN if choices.row < target else pygame.K_UP)
        next_frame(loop)


def practise(loop, practice: PracticeScreen) -> None:
    """Walk to Practise! and press Enter: the first pass starts loading."""
    menu_row(loop, practice, PracticeItem.START)
    press(pygame.K_RETURN)
    next_frame(loop)


def test_a_section_loop_practised_slower_speeds_up_after_clean_passes_and_keeps_no_score(
    tmp_path, scored_game
):
    app, loop = scored_game
    sectioned_song(tmp_path / "songs" / "loop-tiny")
    songs = library_of(tmp_path / "songs", tmp_path / "index.db")
    app.songs = songs
    app.select = state = SongSelectState(songs)
    fit_picks(state)  # Expert: the only difficulty charted
    select = SongSelectScreen(state)
    loop.stack.push(select)

    press(pygame.K_RETURN)  # the setup panel, on Start
    next_frame(loop)
    assert state.setup_rows()[state.row][1] == SetupItem.START
    press(pygame.K_UP)  # Practice, just above
    press(pygame.K_RETURN)
    next_frame(loop)
    practice = loop.stack.top
    assert isinstance(practice, PracticeScreen)
    choices = practice.choices
    assert choices is not None and choices.sections[1][0] == "Verse"

    menu_row(loop, practice, PracticeItem.FROM)
    press(pygame.K_RIGHT)  # from the Verse (to the Verse: the loop is the Verse)
    menu_row(loop, practice, PracticeItem.SPEED)
    for _ in range(5):
        press(pygame.K_LEFT)  # 100% -> 75%
    menu_row(loop, practice, PracticeItem.AUTO)
    press(pygame.K_RIGHT)  # auto speed-up to 100%
    next_frame(loop)
    assert choices.speed == pytest.approx(0.75) and choices.auto_top == 1.0
    assert choices.loop() == Loop(4.0, 8.0, "Verse")
    practice.autoplay = True  # the bot plays the player's part: clean passes

    practise(loop, practice)
    run = practice.run
    assert run is not None
    step_until(loop, lambda: isinstance(loop.stack.top, PracticePlayScreen), "the first pass")
    play = loop.stack.top
    assert play.live.options.speed == pytest.approx(0.75)
    notes = play.live.song.chart.track("full", "expert")
    assert len(notes) == 8 + 2  # the Verse: 8 beats and 2 bars' kicks
    step_until(loop, lambda: isinstance(loop.stack.top, PassCardScreen), "the first card")
    card = loop.stack.top.card
    assert card.accuracy == pytest.approx(1.0) and card.new_best
    assert card.speed == pytest.approx(0.75) and card.next_speed == pytest.approx(0.8)
    # The card goes on by itself after CARD_S: a second pass, at 80%.
    step_until(loop, lambda: isinstance(loop.stack.top, PracticePlayScreen), "the second pass")
    assert loop.stack.top.live.options.speed == pytest.approx(0.8)
    step_until(loop, lambda: isinstance(loop.stack.top, PassCardScreen), "the second card")
    press(pygame.K_ESCAPE)  # the practice menu
    next_frame(loop)
    assert loop.stack.top is practice
    assert [round(s, 2) for s, _ in run.record.passes] == [0.75, 0.8]
    assert choices.speed == pytest.approx(0.85)  # where auto speed-up got to
    verse_bars = [b for b in run.record.bars.values() if b.notes]
    assert [round(b.start_s, 3) for b in sorted(verse_bars, key=lambda b: b.start_s)] == [4.0, 6.0]
    assert all(b.accuracy == pytest.approx(1.0) for b in verse_bars)
    assert choices.worst is None  # clean passes: no passage to offer (see test_practice_more)
    assert choices.items()[choices.row] == PracticeItem.START

    with PracticeBook(practice_book_path()) as book:
        best = book.best(songs[0].chart_sha256, "full", "expert", Loop(4.0, 8.0, "Verse"))
    assert {round(s, 2): a for s, a in best.items()} == {0.75: 1.0, 0.8: 1.0}
    with sqlite3.connect(tmp_path / "scores.db") as db:  # practice never makes a high score
        assert db.execute("SELECT COUNT(*) FROM plays").fetchone()[0] == 0
    assert CARD_S > 0
