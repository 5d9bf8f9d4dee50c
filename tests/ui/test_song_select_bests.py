"""Song select's "best" keeps the modes apart: alone, the solo best of the chosen part and
difficulty; in a duet, the team's best with the chosen pair of parts and difficulties."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.core.lanes import Difficulty, Part  # noqa: E402
from game.library.index import SongRecord, TrackInfo  # noqa: E402
from game.store.scores import ScoreBook  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.kit_widgets import text_width  # noqa: E402
from game.ui.song_select_view import (  # noqa: E402
    PlayerPick,
    SongSelectState,
    draw_song_select,
    song_select_layout,
)
from tests.store.test_scores import SHA, duet_record, scored  # noqa: E402

TRACKS = tuple(
    TrackInfo(part, diff, 100) for part in Part for diff in (Difficulty.HARD, Difficulty.EXPERT)
)


def test_the_solo_best_shows_only_solo_plays_and_the_duet_best_the_teams(screen, tmp_path):
    with ScoreBook(tmp_path / "scores.db") as book:  # one song: two solo plays, one duet
        book.save_play(scored(300, sha=SHA))  # full kit, expert
        book.save_play(scored(50, sha=SHA, part="p1", difficulty="hard"))
        duet = book.play(book.save_play(duet_record()))  # p1 + p2 at hard, on time
        bests = book.song_bests()
    assert duet.players[0].score > 300 and duet.team.score > 300  # mixing would show these
    song = SongRecord("Gilded Hour", "Drum Duet", chart_sha256=SHA, tracks=TRACKS, folder=Path("g"))
    state = SongSelectState([song], best=bests)

    state.picks[0] = PlayerPick(Part.FULL, Difficulty.EXPERT)
    assert state.best_text(song) == "best 300"
    draw_song_select(screen, state)
    label = theme.text("best 300", 24, theme.GOLD)
    songs_box = song_select_layout((1280, 720))["songs"]  # under the browse bar
    row_right = 16 + int(1280 * 0.56) - 16
    box = pygame.Rect(row_right - label.get_width() - 14, songs_box.top + 16, label.get_width(), 24)
    gold = [
        screen.get_at((x, y))[:3]
        for x in range(box.left, box.right)
        for y in range(box.top, box.bottom)
    ]
    assert any(c[0] > 200 and c[1] > 160 and c[2] < 120 for c in gold)  # drawn where it belongs

    state.picks[0] = PlayerPick(Part.P1, Difficulty.HARD)  # alone on duet part 1
    assert state.best_text(song) == "best 50"
    state.picks[0] = PlayerPick(Part.FULL, Difficulty.HARD)  # never played
    assert state.best_text(song) is None

    state.players = 2
    state.picks = [PlayerPick(Part.P1, Difficulty.HARD), PlayerPick(Part.P2, Difficulty.HARD)]
    assert state.best_text(song) == f"team best {duet.team.score:,}"
    state.picks.reverse()  # the players swapped parts: the same pair
    assert state.best_text(song) == f"team best {duet.team.score:,}"
    state.picks[0] = PlayerPick(Part.P2, Difficulty.EXPERT)  # another pair: no best yet
    assert state.best_text(song) is None
    draw_song_select(screen, state)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_a_long_title_fills_its_row_and_stops_before_the_best(screen, size):
    """A title too long for its row is cut with "…" by its drawn width: a wider window shows
    more of it, and it never runs into the best score at the row's end."""
    screen = pygame.display.set_mode(size)
    title = "Gilded Hour (Extended Anniversary Stadium Version, Remastered) " * 3
    songs = [SongRecord(title.strip(), "Someone", folder=Path("/songs/long"))] * 2
    state = SongSelectState(songs, selected=0)
    state.best_text = lambda song: "best 123,456"  # a score at the end of every row
    draw_song_select(screen, state)
    row = song_select_layout(size)["songs"].move(0, 60)  # the second row: not highlighted
    band = screen.subsurface(pygame.Rect(row.left, row.top + 4, row.width, 26))
    columns = [
        x for x in range(band.get_width())
        if any(band.get_at((x, y))[:3] == theme.TEXT for y in range(band.get_height()))
    ]  # fmt: skip
    best_w = text_width("best 123,456", 24)
    assert columns and max(columns) < row.width - 14 - best_w - 8  # stops before the best
    assert max(columns) > row.width * 0.6  # and uses the row (not a fixed 40 characters)
