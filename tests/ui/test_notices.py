"""Long notices (a corrupt settings file set aside, no audio device) are wrapped inside the window
on every screen that shows one: each line's box lies inside the window, no two lines overlap,
and on the play screen the notice stays on the stage, under the highways and their strike line.
Real pygame surfaces (SDL dummy video) at 960x540 and 1280x720."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.core.replay import PlayerSetup, new_session  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.store.settings import load_settings  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.calibration_view import (  # noqa: E402
    CalibrationPicture,
    CalibrationRow,
    MenuItem,
    draw_calibration,
)
from game.ui.kit_setup_view import KitSetupPicture, draw_kit_setup  # noqa: E402
from game.ui.kit_widgets import Scale  # noqa: E402
from game.ui.menus import draw_title  # noqa: E402
from game.ui.notice import NoticeLayout, layout_notice  # noqa: E402
from game.ui.play_scene import PlayScene  # noqa: E402
from game.ui.settings_view import SettingsViewState, draw_settings  # noqa: E402
from tests.helpers import ROOT  # noqa: E402

SIZES = [(960, 540), (1280, 720)]
NO_AUDIO = (
    "No audio device (ALSA: Couldn't open audio device: No such file or directory;"
    " PulseAudio: Connection refused); playing on silently."
)


@pytest.fixture
def corrupt_notice(tmp_path) -> str:
    """The real notice of a settings file that is not TOML, set aside in a deep folder."""
    folder = tmp_path / "a-rather-long-folder-name-for-a-home" / "config" / "drum-duet"
    folder.mkdir(parents=True)
    (folder / "settings.toml").write_text("[video\nfullscreen = yes please\n")
    notice = load_settings(folder / "settings.toml").notice
    assert notice is not None and len(notice) > 150
    return notice


def assert_inside_and_apart(layout: NoticeLayout, window: pygame.Rect, words: str) -> None:
    """Every line's box lies inside the window and in the shade; no two lines overlap; the
    lines hold the notice's words in order (the last may end with "…")."""
    assert layout.lines
    assert window.contains(layout.shade)
    boxes = [box for _, box in layout.lines]
    for i, box in enumerate(boxes):
        assert window.contains(box) and layout.shade.contains(box), box
        assert all(not box.colliderect(other) for other in boxes[i + 1 :])
    shown = " ".join(line for line, _ in layout.lines).replace("…", "")
    assert "".join(words.split()).startswith("".join(shown.split()))


def colours_in(surface: pygame.Surface, rect: pygame.Rect) -> set[tuple[int, int, int]]:
    sub = surface.subsurface(rect)
    return {tuple(sub.get_at((x, y))[:3]) for x in range(rect.width) for y in range(rect.height)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("at", ["top", "bottom"])
def test_a_long_notice_wraps_inside_its_area(screen, corrupt_notice, size, at):
    window = pygame.Rect((0, 0), size)
    area = pygame.Rect(0, 0, size[0], size[1] // 3)
    layout = layout_notice(corrupt_notice, area, at=at)
    assert len(layout.lines) > 1  # too long for one line at either size
    assert_inside_and_apart(layout, window, corrupt_notice)
    assert area.contains(layout.shade)
    if at == "top":
        assert area.top < layout.shade.top <= area.top + 8
    else:
        assert area.bottom - 8 <= layout.shade.bottom < area.bottom


def test_a_word_longer_than_the_line_is_broken_and_a_notice_too_long_is_cut(screen):
    path = "/home/player/" + "very-long-folder-name/" * 12 + "settings.toml"
    area = pygame.Rect(0, 0, 400, 200)
    layout = layout_notice(f"{path} could not be read. " * 4, area, max_lines=3)
    assert len(layout.lines) == 3 and layout.lines[-1][0].endswith("…")
    assert_inside_and_apart(layout, pygame.Rect(0, 0, 400, 200), path)


@pytest.mark.parametrize("size", SIZES)
def test_the_title_wraps_its_notice_above_the_title_band(screen, corrupt_notice, size):
    surface = pygame.Surface(size)
    layout = draw_title(surface, corrupt_notice)
    assert layout is not None
    assert_inside_and_apart(layout, surface.get_rect(), corrupt_notice)
    assert layout.shade.bottom <= size[1] // 6  # the band (and the menu under it) stay clear
    assert theme.WARN in colours_in(surface, layout.lines[0][1])


@pytest.mark.parametrize("size", SIZES)
def test_the_play_screen_keeps_its_notice_on_the_stage_under_the_strike_line(screen, size):
    song = load_song(ROOT / "charts" / "nara-soundcheck")
    setups = [PlayerSetup("p1", "easy"), PlayerSetup("p2", "easy")]
    scene = PlayScene(song.chart, new_session(song.chart, setups), size)
    scene.notice = NO_AUDIO + " " + NO_AUDIO  # as long as two
    surface = pygame.Surface(size)
    scene.draw(surface, 1.0)
    layout = scene.notice_layout
    assert layout is not None
    assert_inside_and_apart(layout, surface.get_rect(), scene.notice)
    assert len(layout.lines) > 1
    for hw in scene.highways:
        assert layout.shade.top > hw.hit_y and layout.shade.top >= hw.rect.bottom
    assert scene.stage.rect.contains(layout.shade)
    assert theme.WARN in colours_in(surface, layout.lines[0][1])


@pytest.mark.parametrize("size", SIZES)
def test_settings_kits_and_calibration_wrap_their_notices_above_the_help_line(
    screen, corrupt_notice, size
):
    help_top = size[1] - Scale(size)(42)  # the help strip of settings and kits
    drawings = {
        "settings": lambda s: draw_settings(
            s,
            SettingsViewState(("Gameplay",), 0, (), 0, "Esc: back", notice=corrupt_notice),
        ),
        "kits": lambda s: draw_kit_setup(
            s, KitSetupPicture("JACK", None, (), notice=corrupt_notice)
        ),
        "calibration": lambda s: draw_calibration(
            s,
            CalibrationPicture(
                menu=(MenuItem(CalibrationRow.BACK, "Back", "Return"),), notice=corrupt_notice
            ),
        ),
    }
    for name, draw in drawings.items():
        surface = pygame.Surface(size)
        layout = draw(surface)
        assert layout is not None, name
        assert_inside_and_apart(layout, surface.get_rect(), corrupt_notice)
        footer = size[1] - 40 if name == "calibration" else help_top
        assert layout.shade.bottom <= footer, name  # the help line stays clear
        assert layout.shade.top >= 76, name  # under the header
