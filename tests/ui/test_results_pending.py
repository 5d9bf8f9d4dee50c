"""The results of a play the score book cannot take (another process holds its write lock): the
game goes on to the results, says the play is kept, and stores it once the book is free."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.play import PlayOptions, PlayResult  # noqa: E402
from game.app.results_screen import ResultsScreen, save_play  # noqa: E402
from game.core.autoplay import autoplay_inputs  # noqa: E402
from game.core.replay import PlayerSetup, simulate  # noqa: E402
from game.core.report import SessionReport  # noqa: E402
from game.formats.replay_file import replay_from_json  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.store.pending_plays import BUSY, PendingPlays  # noqa: E402
from game.store.scores import ScoreBook  # noqa: E402
from game.ui.results import PlayerResults, ResultsView  # noqa: E402
from tests.helpers import ROOT  # noqa: E402
from tests.store.test_pending_plays import locked, short_busy_wait  # noqa: E402, F401

NARA = ROOT / "charts" / "nara-soundcheck"


def finished_play(song, parts: list[str]) -> tuple[PlayResult, PlayOptions]:
    setups = [PlayerSetup(part, "easy") for part in parts]
    inputs = [
        e
        for k, s in enumerate(setups)
        for e in autoplay_inputs(song.chart.track(s.part, s.difficulty), k, 0.02, k)
    ]
    return PlayResult(simulate(song.chart, setups, inputs), True, []), PlayOptions(setups)


def test_a_play_saved_while_the_book_is_locked_shows_its_results_and_is_stored_later(
    screen, tmp_path, loop
):
    song = load_song(NARA)
    result, options = finished_play(song, ["full"])
    pending = PendingPlays(tmp_path / "pending")
    with ScoreBook(tmp_path / "scores.db") as book, locked(book.db_path):
        saved = save_play(book, song, result, options, pending)  # the game's path: no raise
        assert saved.play_id is None and saved.notice == BUSY
        loop.app.book, loop.app.pending = book, pending
        loop.stack.push(ResultsScreen(song, result, options, saved.notice))
        loop.step()  # drawn
        pygame.image.save(screen, str(tmp_path / "results-busy.png"))
        shown = screen.copy()
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0))
        loop.step()
        assert loop.stack.top is None  # left (the book still locked: the play stays kept)
        assert len(pending.files()) == 1 and book.count() == 0
    screen = shown
    # The notice is drawn in gold under the title band, inside the window.
    gold = [screen.get_at((x, y))[:3] for x in range(24, 800, 3) for y in range(80, 100)]
    assert sum(c[0] > 200 and c[1] > 160 and c[2] < 120 for c in gold) > 50
    with ScoreBook(tmp_path / "scores.db") as book:  # the book is free: leaving results stores it
        assert pending.retry(book) == 1 and pending.retry(book) == 0
        (play,) = book.recent_plays()
        assert play.players[0].score == SessionReport.of(result.session).players[0].score
        replay = replay_from_json(book.replay_json(play.id))  # with its replay
        assert replay.chart_sha256 == song.chart_sha256
        assert replay.stats == SessionReport.of(result.session).to_json()
        assert book.count() == 1 and pending.files() == []


LONG = (
    "The score book cannot be written (database or disk is full): your play is kept for now (it"
    " could not be written to disk either: No space left on device) and will be saved when it can"
    " be."
)


@pytest.mark.parametrize("notice", [BUSY, LONG], ids=["busy", "long"])
@pytest.mark.parametrize("parts", [["full"], ["p1", "p2"]], ids=["solo", "duet"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])  # the canvas sizes
def test_the_kept_play_notice_stays_in_the_window_and_clear_of_the_panels(
    screen, notice, parts, size, tmp_path
):
    song = load_song(NARA)
    result, _ = finished_play(song, parts)
    report = SessionReport.of(result.session)
    players = [
        PlayerResults(f"Player {i + 1}", report.players[i], [1.0, -3.0], [1.0, 2.0], [])
        for i in range(len(parts))
    ]
    highs = [("Minji", 99_999 - k, "S") for k in range(5)]
    players[0].high_scores = highs
    view = ResultsView("Nara Soundcheck", players, report.team, 60.0, notice)
    surface = pygame.Surface(size)
    view.draw(surface)
    window = surface.get_rect()
    assert window.contains(view.notice_rect)
    assert view.notice_rect.top >= 70  # under the title band
    for panel in view.panel_rects:
        assert window.contains(panel) and not panel.colliderect(view.notice_rect)
    pygame.image.save(surface, str(tmp_path / f"results-{len(parts)}.png"))
