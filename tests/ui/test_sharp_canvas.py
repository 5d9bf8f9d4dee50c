"""Menus laid out on a canvas smaller than the window still draw their text at the window's
size: at 3840×2160 the title's words are as sharp as words rendered at that size, not a 1280×720
picture scaled up three times (real fonts, real surfaces)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.ui import theme  # noqa: E402
from game.ui.canvas import Canvas, layout_size  # noqa: E402
from game.ui.menus import draw_title  # noqa: E402


@pytest.fixture(autouse=True)
def fonts():
    pygame.init()
    yield
    pygame.quit()


def blur(surface: pygame.Surface, rect: pygame.Rect) -> float:
    """How soft the text in `rect` is: pixels between the background and the text's colour,
    per pixel of the text's colour (edges a scaled picture smears over several pixels)."""
    between = solid = 0
    for x in range(rect.left, rect.right):
        for y in range(rect.top, rect.bottom):
            r, g, b = surface.get_at((x, y))[:3]
            if (r, g, b) == theme.DIM:
                solid += 1
            elif (r, g, b) != theme.BACKGROUND:
                between += 1
    return between / max(1, solid)


def test_layout_sizes_stay_between_960x540_and_1280_wide():
    assert layout_size((3840, 2160)) == (1280, 720)
    assert layout_size((2560, 1080)) == (1280, 540)
    assert layout_size((1024, 768)) == (1024, 768)
    assert layout_size((800, 450)) == (960, 540)
    assert layout_size((700, 900)) == (960, 1234)
    assert layout_size((3840, 1080)) == (1920, 540)  # 32:9 keeps 540 px of height


def test_the_titles_words_are_drawn_at_the_windows_size():
    window = pygame.Surface((3840, 2160))
    canvas = Canvas()
    drawn = canvas.surface_for(window)
    assert drawn.get_size() == (1280, 720)
    draw_title(drawn, None, 0)
    canvas.present(window, drawn)
    scaled = pygame.Surface((3840, 2160))  # the old way: the whole picture scaled up
    small = pygame.Surface((1280, 720))
    draw_title(small, None, 0)
    pygame.transform.smoothscale(small, (3840, 2160), scaled)
    native = pygame.Surface((600, 200))  # the words rendered at the window's size
    native.fill(theme.BACKGROUND)
    words = theme.text("Calibrate", 36 * 3, theme.DIM)
    native.blit(words, (10, 10))
    from game.ui.menus import title_rows

    row = title_rows((1280, 720))[2]  # "Calibrate", not highlighted
    box = pygame.Rect(row.left * 3, row.top * 3, row.width * 3, row.height * 3)
    sharp = blur(window, box)
    assert sharp < 1.5 * blur(native, native.get_rect())
    assert blur(scaled, box) > 2 * sharp  # the test can tell a scaled picture
