"""A setlist built, saved, loaded and played through on the game's one loop (SDL's dummy video
and audio, the real song loading and plays): two short chart.json songs from a real library
index, Insert/Space add them, F7 marks a favourite, F8's menu names and saves the set, plays it
with "Next: …" between the songs, and one summary ends it; the score book and the song book
(real SQLite files) then hold both plays, counted."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.context import AppContext  # noqa: E402
from game.app.loading import LoadingScreen  # noqa: E402
from game.app.play import PlayScreen  # noqa: E402
from game.app.setlists import SetlistsScreen, SetRunScreen, resolve_setlist  # noqa: E402
from game.app.song_select import SongSelectScreen, song_select_state  # noqa: E402
from game.library.index import SongLibrary, SongRecord  # noqa: E402
from game.store.scores import ScoreBook  # noqa: E402
from game.store.settings import LoadedSettings, Settings  # noqa: E402
from game.store.song_book import SongBook  # noqa: E402
from game.ui.song_select_view import SongSelectState  # noqa: E402
from tests.ui.stepped_loop import next_frame, stepped_loop  # noqa: E402

WAIT_S = 90.0
"""The longest a test waits for a song to load and play (a bound, not a timing)."""


def tiny_song(folder: Path, title: str, beats: int = 4, bpm: float = 120.0) -> Path:
    """A song folder holding a chart.json of `beats` red notes (the full kit at Expert, one a
    beat): a song of a few seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    chart = {
        "format": "drum-duet-chart",
        "version": 1,
        "song": {"title": title, "artist": "Setlist Tests"},
        "resolution": 480,
        "tempos": [[0, bpm]],
        "sections": [[0, "Intro"]],
        "parts": {"full": {"expert": [[480 * i, "red"] for i in range(beats)]}},
    }
    (folder / "chart.json").write_text(json.dumps(chart))
    return folder


def library_of(root: Path, index: Path) -> list[SongRecord]:
    """The songs under `root` as the real library index lists them."""
    with SongLibrary(index) as library:
        library.scan([root])
        return library.songs()


def press(key: int, text: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=text, scancode=0))


def type_text(text: str) -> None:
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))


def step_until(loop, done, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not done():
        assert time.monotonic() < deadline, f"never got to {what}"
        next_frame(loop)
        time.sleep(0.002)  # the worker thread's and the audio's turn


@pytest.fixture
def game(tmp_path, monkeypatch, screen):
    """An app with a real score book and song book under a fresh home, and its loop."""
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path / "home"))
    app = AppContext(LoadedSettings(Settings()), settings_file=tmp_path / "settings.toml")
    app.book = ScoreBook(tmp_path / "scores.db")
    app.song_book = SongBook(tmp_path / "songs.db")
    yield app, stepped_loop(app)
    app.close()
    app.book.close()


def test_a_two_song_set_is_built_saved_played_through_and_counted(tmp_path, game):
    app, loop = game
    root = tmp_path / "songs"
    tiny_song(root / "a-first", "First Tiny")
    tiny_song(root / "b-second", "Second Tiny", beats=3)
    songs = library_of(root, tmp_path / "index.db")
    app.select = state = SongSelectState(songs)
    select = SongSelectScreen(state)
    loop.stack.push(select)

    press(pygame.K_INSERT)  # the first song joins the set
    press(pygame.K_DOWN)
    press(pygame.K_SPACE, " ")  # and the second
    press(pygame.K_F7)  # the second is a favourite
    next_frame(loop)
    assert [s.title for s in state.setlist] == ["First Tiny", "Second Tiny"]
    assert state.stats[songs[1].chart_sha256].favourite

    press(pygame.K_F8)
    next_frame(loop)
    menu = loop.stack.top
    assert isinstance(menu, SetlistsScreen)
    press(pygame.K_DOWN)  # "Save the setlist under a name"
    press(pygame.K_RETURN)
    next_frame(loop)
    assert menu.typing == "Setlist 1"  # a name offered: Enter alone would save it
    type_text("Gig 서울")  # typed text, as an IME gives it, replaces the offered name
    press(pygame.K_BACKSPACE)
    type_text("울")
    press(pygame.K_RETURN)
    next_frame(loop)
    with SongBook(tmp_path / "songs.db") as book:  # in the file, read by another connection
        (saved,) = book.setlists()
    assert saved.name == "Gig 서울"
    assert [s.title for s in saved.songs] == ["First Tiny", "Second Tiny"]
    assert resolve_setlist(saved, songs) == (songs, [])

    press(pygame.K_UP)  # "Play the setlist (2 songs)"
    press(pygame.K_RETURN)
    next_frame(loop)
    run = loop.stack.top
    assert isinstance(run, SetRunScreen) and loop.stack.screens == [select, run]
    for number in (1, 2):
        assert run.index == number - 1 and not run.over  # "Next: …" waits for Enter
        next_frame(loop)
        press(pygame.K_RETURN)
        next_frame(loop)
        assert isinstance(loop.stack.top, (LoadingScreen, PlayScreen))  # loaded already: fine
        step_until(loop, lambda: isinstance(loop.stack.top, PlayScreen), f"song {number}")
        step_until(loop, lambda: loop.stack.top is run, f"the end of song {number}")
    assert run.over  # the last song ended: the summary, once
    assert [s.title for s in run.done] == ["First Tiny", "Second Tiny"]
    assert all(s.played and len(s.players) == 1 for s in run.done)
    next_frame(loop)  # the summary is drawn

    played = app.book.recent_plays()
    assert sorted(p.title for p in played) == ["First Tiny", "Second Tiny"]
    by_title = {p.title: p.players[0] for p in played}
    for song in run.done:  # the summary's figures are the saved plays'
        assert song.players[0].score == by_title[song.title].score
        assert song.players[0].accuracy == pytest.approx(by_title[song.title].accuracy)
    with SongBook(tmp_path / "songs.db") as book:
        stats = book.stats()
    first, second = (stats[s.chart_sha256] for s in songs)
    assert (first.plays, second.plays) == (1, 1)
    assert first.last_played_s is not None and second.last_played_s >= first.last_played_s
    assert second.favourite and not first.favourite
    assert state.stats[songs[0].chart_sha256].plays == 1  # song select sees it at once

    press(pygame.K_RETURN)
    next_frame(loop)
    assert loop.stack.top is select
    loop.stack.quit()


def test_a_saved_set_skips_a_song_gone_from_the_library_and_says_so(tmp_path, game):
    app, loop = game
    root = tmp_path / "songs"
    tiny_song(root / "stays", "Stays")
    gone = tiny_song(root / "goes", "Goes Away")
    songs = library_of(root, tmp_path / "index.db")
    state = SongSelectState(songs)
    state.setlist[:] = songs
    loop.stack.push(SongSelectScreen(state))
    press(pygame.K_F8)
    press(pygame.K_DOWN)
    press(pygame.K_RETURN)
    press(pygame.K_RETURN)  # saved as "Setlist 1"
    next_frame(loop)
    (gone / "chart.json").unlink()
    gone.rmdir()
    state.set_songs(library_of(root, tmp_path / "index.db"))
    state.setlist.clear()
    menu = loop.stack.top
    assert menu.selected == 1  # still on "Save"
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)  # the saved setlist's row
    press(pygame.K_RETURN)  # load it
    next_frame(loop)
    assert [s.title for s in state.setlist] == ["Stays"]
    assert "Goes Away" in (menu.notice or "") and "skipped" in menu.notice
    assert menu.selected == 0  # loaded: "Play the setlist" is highlighted
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)
    press(pygame.K_DELETE)  # and delete it
    next_frame(loop)
    assert app.song_book.setlists() == []
    loop.stack.quit()


def test_a_saved_set_loads_whole_while_a_search_hides_some_of_its_songs(tmp_path, game):
    _app, loop = game
    root = tmp_path / "songs"
    tiny_song(root / "one", "First Beat")
    tiny_song(root / "two", "Second Beat")
    state = SongSelectState(library_of(root, tmp_path / "index.db"))
    state.set_songs(state.library)
    state.setlist[:] = state.library
    loop.stack.push(SongSelectScreen(state))
    press(pygame.K_F8)
    press(pygame.K_DOWN)
    press(pygame.K_RETURN)
    press(pygame.K_RETURN)  # saved as "Setlist 1"
    next_frame(loop)
    state.setlist.clear()
    state.view.query = "second"  # the list shows one of the two songs
    state.set_songs(state.library)
    assert [s.title for s in state.songs] == ["Second Beat"]
    menu = loop.stack.top
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)  # the saved setlist's row
    press(pygame.K_RETURN)  # load it
    next_frame(loop)
    assert [s.title for s in state.setlist] == ["First Beat", "Second Beat"]
    assert "skipped" not in (menu.notice or "")
    loop.stack.quit()


def test_one_song_played_from_song_select_is_counted_and_shows_its_results(tmp_path, game):
    from game.app.results_screen import ResultsScreen

    app, loop = game
    root = tmp_path / "songs"
    tiny_song(root / "solo", "Solo Tiny", beats=2)
    songs = library_of(root, tmp_path / "index.db")
    app.select = state = song_select_state(songs, app.settings)  # picks fitted to the song
    select = SongSelectScreen(state)
    loop.stack.push(select)
    assert state.stats == {}
    press(pygame.K_RETURN)  # the setup panel
    press(pygame.K_RETURN)  # Start!
    next_frame(loop)
    step_until(loop, lambda: isinstance(loop.stack.top, ResultsScreen), "the results")
    (sha,) = [s.chart_sha256 for s in songs]
    with SongBook(tmp_path / "songs.db") as book:
        assert book.song(sha).plays == 1 and book.song(sha).last_played_s is not None
    assert state.stats[sha].plays == 1
    loop.stack.quit()


def test_esc_between_songs_ends_the_set_and_a_song_that_fails_to_load_is_skipped(tmp_path, game):
    app, loop = game
    root = tmp_path / "songs"
    broken = tiny_song(root / "a-broken", "A Breaks")
    tiny_song(root / "b-fine", "B Fine")
    songs = library_of(root, tmp_path / "index.db")
    (broken / "chart.json").write_text("{ not json")  # rewritten after the scan
    state = SongSelectState(songs)
    select = SongSelectScreen(state)
    loop.stack.push(select)
    run = SetRunScreen(state, list(songs))
    loop.stack.push(run)
    press(pygame.K_RETURN)  # play "A Breaks": its loading fails
    next_frame(loop)
    step_until(loop, lambda: loop.stack.top is run and run.index == 1, "the next song")
    (failed,) = run.done
    assert not failed.played and "A Breaks" in failed.problem and "chart.json" in failed.problem
    press(pygame.K_ESCAPE)  # at "Next: B Fine": the set ends
    next_frame(loop)
    assert run.over and [s.played for s in run.done] == [False, False]
    assert run.done[1].problem == "not reached"
    assert app.book.count() == 0 and app.song_book.stats() == {}  # nothing was played
    press(pygame.K_ESCAPE)
    next_frame(loop)
    assert loop.stack.top is select
    loop.stack.quit()
