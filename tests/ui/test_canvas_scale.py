"""The kept, partly rescaled canvas gives the very pixels of pygame's smoothscale, frame after
frame, whatever changed on the canvas (real surfaces, real pixels)."""

from __future__ import annotations

import os
import random

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.ui.canvas_scale import ScaledCanvas, scales_in_bands  # noqa: E402


@pytest.fixture(autouse=True)
def video():
    pygame.init()
    yield
    pygame.quit()


def noise(surface: pygame.Surface, rect: pygame.Rect, rng: random.Random) -> None:
    """Paint `rect` of `surface` with random rectangles of random colours."""
    for _ in range(12):
        w, h = rng.randint(1, rect.width), rng.randint(1, rect.height)
        box = pygame.Rect(rect.left + rng.randrange(rect.width - w + 1), 0, w, h)
        box.top = rect.top + rng.randrange(rect.height - h + 1)
        surface.fill([rng.randrange(256) for _ in range(3)], box)


def smoothscaled(canvas: pygame.Surface, size: tuple[int, int]) -> pygame.Surface:
    out = pygame.Surface(size)
    pygame.transform.smoothscale(canvas, size, out)
    return out


def same_pixels(a: pygame.Surface, b: pygame.Surface) -> bool:
    return a.get_size() == b.get_size() and bytes(a.get_view("2")) == bytes(b.get_view("2"))


@pytest.mark.parametrize(
    ("canvas_size", "window_size"),
    [((1280, 720), (1920, 1080)), ((1280, 720), (3840, 2160)), ((961, 541), (1333, 777))],
)
def test_every_frame_is_the_smoothscaled_canvas(canvas_size, window_size):
    rng = random.Random(f"{canvas_size}{window_size}")
    canvas = pygame.Surface(canvas_size)
    noise(canvas, canvas.get_rect(), rng)
    window = pygame.Surface(window_size)
    scaled = ScaledCanvas()
    w, h = canvas_size
    changes = [
        pygame.Rect(0, 0, w, h),  # all of it (scaled whole)
        pygame.Rect(0, 0, 1, 1),  # the first pixel
        pygame.Rect(w - 1, h - 1, 1, 1),  # the last
        pygame.Rect(w // 3, h // 2, 1, 1),
        pygame.Rect(0, h // 4, w, 1),  # one whole row
        pygame.Rect(w // 2, 0, 1, h),  # one whole column
        pygame.Rect(16, 128, w // 2, 52),  # a song's row
        pygame.Rect(w // 2 + 1, 3, w // 3, 7),
    ]
    changes += [pygame.Rect(rng.randrange(w), rng.randrange(h), 0, 0) for _ in range(6)]
    for k, change in enumerate(changes):
        if change.width == 0:  # a few random boxes anywhere
            change = pygame.Rect(change.topleft, (rng.randint(1, 200), rng.randint(1, 80)))
            change = change.clip(canvas.get_rect())
        if k % 5 == 4:  # and a second change further down
            noise(canvas, pygame.Rect(0, h - 10, w // 5, 10), rng)
        noise(canvas, change, rng)
        window.fill((255, 0, 255))  # what was on the window does not matter
        scaled.draw(canvas, window)
        assert same_pixels(window, smoothscaled(canvas, window_size)), f"change {k}: {change}"
    scaled.draw(canvas, window)  # nothing changed
    assert same_pixels(window, smoothscaled(canvas, window_size))


def test_a_canvas_shown_smaller_or_of_another_format_is_smoothscaled():
    rng = random.Random(3)
    scaled = ScaledCanvas()
    for canvas_size, window_size, depth in [
        ((960, 540), (800, 450), 32),  # a small window: shrunk
        ((1280, 720), (1920, 1080), 24),
        ((1280, 720), (1920, 1080), 32),
        ((1280, 720), (2560, 1080), 32),  # another window size
    ]:
        canvas = pygame.Surface(canvas_size, 0, depth)
        noise(canvas, canvas.get_rect(), rng)
        window = pygame.Surface(window_size, 0, depth)
        scaled.draw(canvas, window)
        expected = pygame.Surface(window_size, 0, depth)
        pygame.transform.smoothscale(canvas, window_size, expected)
        assert same_pixels(window, expected)


def test_an_unchanged_canvas_is_not_scaled_again():
    """The kept picture is what the window gets: a frame with nothing changed leaves it as
    it was (so the test above would see a wrongly kept picture)."""
    canvas = pygame.Surface((1280, 720))
    canvas.fill((20, 30, 40))
    window = pygame.Surface((1920, 1080))
    scaled = ScaledCanvas()
    scaled.draw(canvas, window)
    kept = scaled._scaled
    assert kept is not None
    kept.fill((1, 2, 3), (0, 0, 10, 10))  # spoil the kept picture: the window shows it
    scaled.draw(canvas, window)
    assert window.get_at((5, 5))[:3] == (1, 2, 3)
    canvas.fill((200, 30, 40), (0, 0, 8, 8))  # a change over it: that part scaled again
    scaled.draw(canvas, window)
    assert same_pixels(window, smoothscaled(canvas, (1920, 1080)))


@pytest.fixture
def generic_smoothscale():
    """pygame's plain-C smoothscale filter in use for the test (it rounds otherwise)."""
    before = pygame.transform.get_smoothscale_backend()
    pygame.transform.set_smoothscale_backend("GENERIC")
    yield
    pygame.transform.set_smoothscale_backend(before)


def test_a_smoothscale_that_mixes_otherwise_is_found_out_and_used_as_it_is(generic_smoothscale):
    assert not scales_in_bands()
    rng = random.Random(5)
    canvas = pygame.Surface((1280, 720))
    noise(canvas, canvas.get_rect(), rng)
    window = pygame.Surface((1920, 1080))
    scaled = ScaledCanvas()
    for change in (pygame.Rect(0, 0, 1280, 720), pygame.Rect(16, 128, 700, 52)):
        noise(canvas, change, rng)
        scaled.draw(canvas, window)
        assert same_pixels(window, smoothscaled(canvas, (1920, 1080)))


def test_the_sse2_smoothscale_is_the_one_the_kept_picture_copies():
    """x86-64's: the kept picture is used there (ARM's NEON filter is SSE2's code, translated)."""
    if pygame.transform.get_smoothscale_backend() != "SSE2":
        pytest.skip("this pygame does not smoothscale with SSE2")
    assert scales_in_bands()
