"""The window: its size and mode from the video settings, and the frame pace.

Drawing is paced by the play loop, never by a blocking flip: a vsync'd flip would hold the
input pump for up to a frame. With vsync on, frames are paced to the display's refresh rate.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pygame

from game.base.atomic import OutputPathError, open_atomic
from game.store.settings import VideoSettings

log = logging.getLogger(__name__)

WINDOW_TITLE = "Drum Duet"
UNCAPPED_FPS = 1000
FALLBACK_REFRESH_HZ = 60


def save_screenshot(surface: pygame.Surface, path: Path) -> bool:
    """Save `surface` as an image (its kind from the file name), atomically and only onto a
    regular file or a new name; a refusal is logged, not raised (the play goes on)."""
    try:
        with open_atomic(path) as f:
            pygame.image.save(surface, f, path.name)
    except (OutputPathError, pygame.error) as e:
        log.warning("screenshot not saved: %s", e)
        return False
    return True


def open_window(video: VideoSettings, title: str = WINDOW_TITLE) -> pygame.Surface:
    """Open (or re-open) the game window as `video` says: windowed at its resolution and
    resizable, or fullscreen at the desktop's size (no mode switch)."""
    if video.fullscreen:
        surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    else:
        surface = pygame.display.set_mode(video.size, pygame.RESIZABLE)
    pygame.display.set_caption(title)
    log.info("window %dx%d%s", *surface.get_size(), " fullscreen" if video.fullscreen else "")
    return surface


def frame_rate(video: VideoSettings) -> int:
    """Frames per second to draw at: the display's refresh rate with vsync on (within the cap),
    else the cap (0 in the settings means no cap)."""
    cap = video.fps_cap or UNCAPPED_FPS
    if not video.vsync:
        return cap
    try:
        refresh = pygame.display.get_current_refresh_rate()
    except (pygame.error, AttributeError):
        refresh = 0
    return min(cap, refresh or FALLBACK_REFRESH_HZ)
