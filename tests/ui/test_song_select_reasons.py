"""Song select with unplayable songs read from real folders: each row and the info panel give
the whole reason with the file, and Enter on such a song shows it as a notice."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.song_select import SongSelectScreen  # noqa: E402
from game.library.index import SongLibrary  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.kit_widgets import text_width  # noqa: E402
from game.ui.menus import NOTICE_SIZE, REASON_SIZE  # noqa: E402
from game.ui.song_select_view import (  # noqa: E402
    Focus,
    SongSelectState,
    draw_song_select,
    notice_box,
    reason_lines,
    setup_tip,
    song_row_info,
    song_select_layout,
)
from tests.helpers import ROOT  # noqa: E402

NARA = ROOT / "charts" / "nara-soundcheck"
SCREENSHOT_DIR = os.environ.get("DRUM_DUET_TEST_SHOTS")
"""When set, the test saves its screenshot there too (to look at it)."""


def odd_songs(root: Path) -> dict[str, Path]:
    """Song folders a player's disk holds: a good one, a truncated notes.mid, a song.ini of
    binary garbage beside a good chart, and a song.ini without a chart."""
    folders = {name: root / name for name in ("Good", "Truncated", "Garbage Ini", "No Chart")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    shutil.copy(NARA / "notes.mid", folders["Good"])
    (folders["Truncated"] / "notes.mid").write_bytes((NARA / "notes.mid").read_bytes()[:3000])
    shutil.copy(NARA / "notes.mid", folders["Garbage Ini"])
    (folders["Garbage Ini"] / "song.ini").write_bytes(bytes(range(256)) * 8)
    shutil.copy(NARA / "song.ini", folders["No Chart"])
    return folders


def save_shot(screen, path: Path) -> None:
    """Save the screen as a PNG (and copy it to DRUM_DUET_TEST_SHOTS when that is set)."""
    pygame.image.save(screen, str(path))
    if SCREENSHOT_DIR:
        shutil.copy(path, SCREENSHOT_DIR)


def test_unplayable_songs_show_their_whole_reason_and_enter_says_it(screen, tmp_path, loop):
    folders = odd_songs(tmp_path / "songs")
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([tmp_path / "songs"])
        songs = library.songs()
    by_folder = {s.folder.name: s for s in songs}
    assert set(by_folder) == set(folders)  # the folder without a chart is listed too
    truncated = by_folder["Truncated"]
    expected = {
        "Truncated": f"{folders['Truncated'] / 'notes.mid'}: track 2 is truncated",
        "Garbage Ini": f"{folders['Garbage Ini'] / 'song.ini'}: not a song.ini: it holds "
        "binary data, not lines of text",
        "No Chart": f"{folders['No Chart']}: no chart in this folder (looked for notes.mid, "
        "*.chart, chart.json)",
    }
    for name, reason in expected.items():
        song = by_folder[name]
        assert not song.playable and song.full_reason == reason
        assert song_row_info(song) == f"unplayable — {song.reason}"
        assert reason.endswith(song.reason)  # the row names the file within the song folder
    assert song_row_info(truncated) == "unplayable — notes.mid: track 2 is truncated"
    assert by_folder["Good"].playable

    boxes = song_select_layout(screen.get_size())
    width = boxes["details"].width - 32
    for name in expected:
        lines = reason_lines(by_folder[name], width)
        assert " ".join(lines).replace(" ", "") == expected[name].replace(" ", "")
        assert all(text_width(line, REASON_SIZE) <= width for line in lines)
        # The whole reason fits the info panel below the title and the "Cannot be played:" line.
        assert 12 + 34 + 28 + 24 * len(lines) <= boxes["details"].height - 8

    state = SongSelectState(songs)
    steps = songs.index(truncated)
    keys = [pygame.K_DOWN] * steps + [pygame.K_RETURN]
    for key in keys:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))
    loop.stack.push(SongSelectScreen(state))
    loop.step()
    assert state.song == truncated and state.focus == Focus.SONGS  # no setup for it
    assert state.notice == f"Truncated cannot be played. {expected['Truncated']}"
    box, lines = notice_box(screen.get_size(), state.notice)
    assert screen.get_rect().contains(box)
    assert all(text_width(line, NOTICE_SIZE) <= box.width - 48 for line in lines)
    assert 18 + 30 * len(lines) <= box.height - 34
    notice, state.notice = state.notice, None
    draw_song_select(screen, state)  # the row and the info panel, as the player sees them
    save_shot(screen, tmp_path / "song-select-unplayable.png")
    state.notice = notice
    draw_song_select(screen, state)  # after Enter: the notice over the dimmed list
    assert screen.get_at(box.midtop)[:3] != screen.get_at((box.centerx, box.top - 4))[:3]
    save_shot(screen, tmp_path / "song-select-unplayable-notice.png")

    # Any key puts the notice away; Esc then leaves song select.
    for key in (pygame.K_ESCAPE, pygame.K_ESCAPE):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))
    loop.step()
    assert loop.stack.top is None and state.notice is None


def test_the_setup_panel_says_an_unplayable_song_cannot_be_played(screen, tmp_path):
    """With an unplayable song highlighted, the setup panel's last row says it cannot be played
    (in the warning colour, not "Start!") and the key help says what Enter does there."""
    odd_songs(tmp_path / "songs")
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([tmp_path / "songs"])
        songs = library.songs()
    good = next(i for i, s in enumerate(songs) if s.playable)
    bad = next(i for i, s in enumerate(songs) if not s.playable)
    state = SongSelectState(songs, selected=good)
    assert "Enter: set up and play" in setup_tip(state)
    draw_song_select(screen, state)
    setup = song_select_layout(screen.get_size())["setup"]
    assert theme.WARN not in drawn_colours(screen, setup)
    state.selected = bad
    assert "Enter: why it cannot be played" in setup_tip(state)
    draw_song_select(screen, state)
    assert theme.WARN in drawn_colours(screen, setup)
    save_shot(screen, tmp_path / "setup-unplayable.png")


def drawn_colours(surface, rect) -> set[tuple[int, int, int]]:
    """The colours drawn inside `rect` of `surface`."""
    area = pygame.surfarray.pixels3d(surface.subsurface(rect))
    return {tuple(int(c) for c in px) for px in area.reshape(-1, 3)}
