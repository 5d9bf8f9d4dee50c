"""The song list scene: every song found, playable or with the reason it is not."""

from __future__ import annotations

import pygame

from game.library.index import SongRecord

BACKGROUND = (14, 22, 48)
JACKET_BLUE = (40, 90, 200)
TEXT = (235, 238, 245)
DIM = (150, 160, 185)
WARN = (240, 150, 120)


class SongListScene:
    """Draws the title and the list of songs; Up/Down move the selection, Esc quits."""

    def __init__(self, songs: list[SongRecord]) -> None:
        self.songs = songs
        self.selected = 0
        self.done = False
        self._title_font = pygame.font.Font(None, 72)
        self._font = pygame.font.Font(None, 36)
        self._small = pygame.font.Font(None, 26)

    def handle(self, event: pygame.event.Event) -> None:
        """React to one pygame event."""
        if event.type == pygame.QUIT:
            self.done = True
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_q):
                self.done = True
            elif event.key == pygame.K_DOWN and self.songs:
                self.selected = (self.selected + 1) % len(self.songs)
            elif event.key == pygame.K_UP and self.songs:
                self.selected = (self.selected - 1) % len(self.songs)

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the scene onto `surface` (any size)."""
        w, h = surface.get_size()
        surface.fill(BACKGROUND)
        pygame.draw.rect(surface, JACKET_BLUE, (0, 0, w, 110))
        title = self._title_font.render("Drum Duet", True, TEXT)
        surface.blit(title, (40, 28))
        y = 140
        if not self.songs:
            msg = "No songs found yet. Put Clone Hero / YARG song folders in your songs folder."
            surface.blit(self._font.render(msg, True, DIM), (40, y))
        for i, song in enumerate(self.songs):
            if y > h - 60:
                break
            colour = TEXT if song.problem is None else WARN
            if i == self.selected:
                pygame.draw.rect(surface, JACKET_BLUE, (30, y - 6, w - 60, 40), border_radius=6)
            label = f"{song.title}" + (f" — {song.artist}" if song.artist else "")
            surface.blit(self._font.render(label, True, colour), (40, y))
            if song.problem:
                surface.blit(
                    self._small.render(f"unplayable: {song.problem}", True, WARN), (60, y + 28)
                )
                y += 26
            y += 48
        hint = f"{len(self.songs)} songs  ·  Up/Down to browse  ·  Esc to quit"
        surface.blit(self._small.render(hint, True, DIM), (40, h - 40))
