"""The title and song-select screens (drawing only; game.app.flow drives them)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.core.lanes import Difficulty
from game.library.index import SongRecord
from game.ui import theme

DIFFICULTIES = list(Difficulty.standard())


def draw_title(surface: pygame.Surface, notice: str | None = None) -> None:
    """The title screen: the name, the theme, and how to start."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, h // 3 - 20, w, 150))
    title = theme.text("Drum Duet", 110, theme.TEXT, True)
    surface.blit(title, (w // 2 - title.get_width() // 2, h // 3))
    tag = theme.text("Two players, one stage, a little goodwill.", 34, theme.GOLD)
    surface.blit(tag, (w // 2 - tag.get_width() // 2, h // 3 + 150))
    start = theme.text("Press Enter to choose a song  ·  Esc to quit", 30, theme.DIM)
    surface.blit(start, (w // 2 - start.get_width() // 2, h * 3 // 4))
    if notice:
        surface.blit(theme.text(notice, 22, theme.WARN), (16, h - 30))


@dataclass
class SongSelectState:
    """What the player has chosen on the song-select screen."""

    songs: list[SongRecord]
    selected: int = 0
    players: int = 1
    difficulty: list[int] = field(default_factory=lambda: [3, 3])  # index into DIFFICULTIES
    best: dict[str, int] = field(default_factory=dict)  # chart sha -> best score

    @property
    def song(self) -> SongRecord | None:
        """The highlighted song, or None when the library is empty."""
        return self.songs[self.selected] if self.songs else None


def draw_song_select(surface: pygame.Surface, state: SongSelectState) -> None:
    """The library with title, artist, length, difficulties and best score, and the choices."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    surface.blit(theme.text("Choose a song", 44, theme.TEXT, True), (24, 16))
    mode = "Duet: Player 1 and Player 2" if state.players == 2 else "One player"
    surface.blit(theme.text(f"{mode}  (Tab to change)", 28, theme.GOLD), (w - 460, 24))
    y = 90
    for i, song in enumerate(state.songs):
        if y > h - 150:
            break
        row = pygame.Rect(20, y - 4, w - 40, 52)
        if i == state.selected:
            pygame.draw.rect(surface, theme.JACKET_BLUE, row, border_radius=8)
        colour = theme.TEXT if song.playable else theme.WARN
        surface.blit(theme.text(song.title, 32, colour, True), (36, y))
        info = song.artist
        if song.length_s:
            info += f"  ·  {int(song.length_s // 60)}:{int(song.length_s % 60):02d}"
        if not song.playable:
            info = f"unplayable: {song.problem}"
        surface.blit(
            theme.text(info[:110], 22, theme.DIM if song.playable else theme.WARN), (36, y + 28)
        )
        best = state.best.get(song.chart_sha256 or "")
        if best:
            b = theme.text(f"best {best:,}", 24, theme.GOLD)
            surface.blit(b, (w - b.get_width() - 36, y + 12))
        y += 60
    panel = pygame.Rect(20, h - 130, w - 40, 110)
    pygame.draw.rect(surface, theme.PANEL, panel, border_radius=12)
    for p in range(state.players):
        part = "full kit" if state.players == 1 else ("P1 part" if p == 0 else "P2 part")
        diff = DIFFICULTIES[state.difficulty[p]].value.capitalize()
        keys = "Left/Right" if p == 0 else "A/D"
        line = f"Player {p + 1}: {part}, {diff}  ({keys})"
        surface.blit(theme.text(line, 28, theme.TEXT), (40, panel.top + 14 + p * 34))
    go = theme.text("Enter: play   Esc: back", 24, theme.DIM)
    surface.blit(go, (panel.right - go.get_width() - 20, panel.bottom - 34))
