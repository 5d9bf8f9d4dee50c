"""The perspective highway drawn for real: gems told apart by shape, lefty flip, strike pads that
light on any hit, star power and glows, the partner's hits, and the settings reaching the view."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.core.chart import NoteTrack
from game.core.engine import PlayerEngine
from game.core.events import InputEvent, JudgementEvent
from game.core.judgement import Judgement
from game.core.lanes import Dynamics, Lane
from game.store.settings import Settings, load_settings, save_settings
from game.ui import theme
from game.ui.gems import STAR_COLOUR, cymbal_surface, kick_surface, tom_surface
from game.ui.highway import ACTIVATION_COLOUR, HighwayView, cameras_for
from game.ui.highway_board import SLOT_COLOURS
from game.ui.perspective import Camera
from tests.helpers import B, G, K, R, Y, chart_of, track

RECT = pygame.Rect(100, 70, 420, 496)


def view(notes: NoteTrack, camera: Camera | None = None, engine=None) -> HighwayView:
    chart = chart_of({("full", "expert"): notes})
    engine = engine or PlayerEngine(notes)
    return HighwayView(engine, chart.tempo, RECT, note_speed_s=1.0, camera=camera)


def pixels(surface: pygame.Surface, rect: pygame.Rect | None = None) -> np.ndarray:
    """The RGB pixels of `rect` (all of `surface` without it), as an (h, w, 3) int array."""
    sub = surface if rect is None else surface.subsurface(rect)
    return pygame.surfarray.array3d(sub).swapaxes(0, 1).astype(int)


def changed_xy(hw: HighwayView, screen, now_s: float) -> tuple[np.ndarray, ...]:
    """Where (xs, ys, colours) `hw` at `now_s` differs from a highway with the same camera
    whose only note is far in the future: the notes' own pixels, above the strike pads."""
    bare_view = view(track((100.0, R)), hw.camera)
    screen.fill(theme.BACKGROUND)
    bare_view.draw(screen, now_s)
    bare = pixels(screen)
    screen.fill(theme.BACKGROUND)
    hw.draw(screen, now_s)
    with_notes = pixels(screen)
    board = np.zeros(bare.shape[:2], dtype=bool)
    board[RECT.top + 80 : hw.hit_y - 30, RECT.left : RECT.right] = True  # above the pads
    diff = (np.abs(with_notes - bare).sum(axis=2) > 30) & board
    ys, xs = np.nonzero(diff)
    return xs, ys, with_notes[ys, xs]


def near(colours: np.ndarray, colour: tuple[int, int, int], within: int = 30) -> int:
    """How many of `colours` are within `within` of `colour` (sum of channel differences)."""
    return int((np.abs(colours - np.array(colour)).sum(axis=1) <= within).sum())


# the gems ---------------------------------------------------------------------------------------
def silhouette(surface: pygame.Surface, size=(64, 32)) -> np.ndarray:
    """`surface`'s opaque shape, scaled to `size`: a boolean mask."""
    scaled = pygame.transform.smoothscale(surface, size)
    return pygame.surfarray.array_alpha(scaled).T > 128


def test_a_cymbal_and_a_tom_of_one_colour_differ_in_shape_and_shading_not_only_colour():
    colour = theme.LANE_COLOURS[Lane.YELLOW]
    tom, cymbal = tom_surface(colour, 120), cymbal_surface(colour, 120)
    a, b = silhouette(tom), silhouette(cymbal)
    iou = (a & b).sum() / (a | b).sum()
    assert iou < 0.75, iou  # the same box, clearly different outlines
    fill_tom = a.mean()
    fill_cymbal = b.mean()
    assert fill_tom - fill_cymbal > 0.15  # a round-ended drum fills its box, a pointed dome not
    # a cymbal is flatter than a tom
    tom_box, cymbal_box = tom.get_bounding_rect(), cymbal.get_bounding_rect()
    assert cymbal_box.height / cymbal_box.width < 0.8 * tom_box.height / tom_box.width

    # and shaded differently, in grey: the cymbal's facets are lit from the upper left (its
    # left half lighter than its right), the drum's head is even; the facets spread wider
    def greys(s):
        rgb = pygame.surfarray.array3d(s).astype(float).swapaxes(0, 1)
        alpha = pygame.surfarray.array_alpha(s).T > 200
        grey = rgb @ [0.299, 0.587, 0.114]
        left = np.arange(grey.shape[1])[None, :] < grey.shape[1] / 2
        return grey[alpha & left].mean() - grey[alpha & ~left].mean(), grey[alpha].std()

    (cymbal_tilt, cymbal_spread), (tom_tilt, tom_spread) = greys(cymbal), greys(tom)
    assert cymbal_tilt > tom_tilt + 4
    assert cymbal_spread > tom_spread + 8


def test_accents_ghosts_and_double_kicks_look_different():
    colour = theme.LANE_COLOURS[Lane.RED]
    normal = tom_surface(colour, 100)
    accent = tom_surface(colour, 100, Dynamics.ACCENT)
    ghost = tom_surface(colour, 100, Dynamics.GHOST)
    white = np.array(theme.TEXT)

    def count_white(s):
        rgb = pygame.surfarray.array3d(s)
        alpha = pygame.surfarray.array_alpha(s) > 200
        return int(((np.abs(rgb - white).sum(axis=2) < 20) & alpha).sum())

    assert count_white(accent) > count_white(normal) + 100  # a white ring
    assert pygame.surfarray.array_alpha(ghost).max() < 200  # see-through
    kick = kick_surface(theme.LANE_COLOURS[Lane.KICK], 300, 20)
    double = kick_surface(theme.LANE_COLOURS[Lane.KICK], 300, 20, double=True)
    assert count_white(double) > count_white(kick) + 40


# lefty flip -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lefty", [False, True])
def test_lefty_mirrors_the_notes_and_the_slots_keep_their_colours(screen, lefty):
    """A snare note comes down the leftmost slot, in red; lefty, the rightmost, in that slot's
    green. A green crash (a cymbal) comes down the rightmost slot; lefty, the leftmost, as a
    red cymbal."""
    hw = view(track((2.0, R)), Camera(lefty=lefty))
    xs, _ys, colours = changed_xy(hw, screen, 1.6)
    assert len(xs) > 50
    centre = hw.projection.centre_x
    if lefty:
        assert xs.mean() > centre + 40
        assert near(colours, SLOT_COLOURS[3]) > 20 and near(colours, SLOT_COLOURS[0]) == 0
    else:
        assert xs.mean() < centre - 40
        assert near(colours, SLOT_COLOURS[0]) > 20 and near(colours, SLOT_COLOURS[3]) == 0
    hw = view(track((2.0, G, True)), Camera(lefty=lefty))
    xs, _ys, colours = changed_xy(hw, screen, 1.6)
    slot = 0 if lefty else 3
    assert (xs.mean() < centre - 40) == lefty
    assert near(colours, theme.lighter(SLOT_COLOURS[slot], 0.45), 40) > 5  # its lit facet
    assert hw.slot_of(Lane.RED) == (3 if lefty else 0)
    assert [hw.slot_of(lane) for lane in (R, Y, B, G)] == ([3, 2, 1, 0] if lefty else [0, 1, 2, 3])


def test_a_note_grows_and_moves_down_as_it_comes(screen):
    hw = view(track((2.0, B)))
    spans = []
    for now_s in (1.2, 1.5, 1.8):
        xs, ys, _ = changed_xy(hw, screen, now_s)
        spans.append((ys.mean(), xs.max() - xs.min()))
    assert spans[0][0] < spans[1][0] < spans[2][0]  # down the screen
    assert spans[0][1] < spans[1][1] < spans[2][1]  # larger


def test_the_kick_is_a_bar_across_the_lanes(screen):
    hw = view(track((2.0, K)))
    xs, ys, colours = changed_xy(hw, screen, 1.7)
    assert xs.max() - xs.min() > 0.7 * hw.projection.half_width(0.3) * 2
    assert ys.max() - ys.min() < 30  # a bar, not a gem
    assert near(colours, theme.LANE_COLOURS[Lane.KICK]) > 50


# strike pads, bursts, misses ---------------------------------------------------------------
def event(lane: Lane, judgement: Judgement, t: float = 5.0, note: int = -1) -> JudgementEvent:
    return JudgementEvent(t, 0, note, lane, judgement, float("nan"), 0, 0, 0, 1)


def pad_brightness(hw: HighwayView, screen, now_s: float, lane: Lane) -> float:
    screen.fill(theme.BACKGROUND)
    hw.draw(screen, now_s)
    pad = hw.board.pad_rect(hw.slot_of(lane)).move(hw.rect.topleft)
    return float(pixels(screen, pad).mean())


def test_a_pad_lights_when_hit_without_a_note(screen):
    hw = view(track((30.0, R)))
    dark = pad_brightness(hw, screen, 5.02, Lane.BLUE)
    hw.on_judgement(event(Lane.BLUE, Judgement.OVERHIT))
    assert pad_brightness(hw, screen, 5.02, Lane.BLUE) > dark + 40
    assert pad_brightness(hw, screen, 5.02, Lane.RED) == pytest.approx(
        pad_brightness(view(track((30.0, R))), screen, 5.02, Lane.RED)
    )  # only the pad that was hit
    assert pad_brightness(hw, screen, 5.5, Lane.BLUE) == pytest.approx(dark)  # and not for long
    assert hw.popup is None  # an overhit shows no judgement words


def test_a_hit_bursts_and_a_miss_shakes_and_tints_the_strike_line(screen):
    hw = view(track((5.0, Y), (6.0, Y)))
    screen.fill(theme.BACKGROUND)
    hw.draw(screen, 5.05)
    before = pixels(screen, hw.rect)
    hw.on_judgement(JudgementEvent(5.0, 0, 0, Lane.YELLOW, Judgement.GREAT, 0.03, 70, 0, 1, 1))
    screen.fill(theme.BACKGROUND)
    hw.draw(screen, 5.05)
    burst = pixels(screen, hw.rect)
    assert (np.abs(burst - before).sum(axis=2) > 60).sum() > 400
    assert hw.popup.detail == "late 30 ms"
    screen.fill(theme.BACKGROUND)
    hw.draw(screen, 6.13)
    calm = pixels(screen, hw.rect)
    hw.on_judgement(JudgementEvent(6.1, 0, 1, Lane.YELLOW, Judgement.MISS, np.nan, 0, 0, 0, 1))
    screen.fill(theme.BACKGROUND)
    hw.draw(screen, 6.13)
    missed = pixels(screen, hw.rect)
    strike = slice(hw.hit_y - hw.rect.top - 20, hw.hit_y - hw.rect.top - 8)
    redder = missed[strike, :, 0] - missed[strike, :, 2] - (calm[strike, :, 0] - calm[strike, :, 2])
    assert redder.mean() > 5  # red-tinted
    assert (np.abs(missed - calm).sum(axis=2) > 60).sum() > 1000  # and shaken
    assert hw.popup.label == "MISS"


def test_the_judgement_and_combo_are_under_the_strike_line_out_of_the_notes_way(screen):
    hw = view(track((5.0, Y)))
    assert hw.foot.top > hw.hit_y and hw.foot.badge[1] > hw.hit_y
    assert hw.foot.top + 40 < hw.rect.bottom


# star power, Harmony, pulse, the partner ------------------------------------------------------
class StarEngine(PlayerEngine):
    """An engine with the star power branch's meter (a fixed level, active or not)."""

    level = 0.75
    active = False

    def star_meter(self, now_s: float) -> float:
        return self.level

    def star_active(self, now_s: float) -> bool:
        return self.active


def star_track() -> NoteTrack:
    """A kick and a snare at one instant, both in a star-power phrase, the kick a 2x kick."""
    plain = track((2.0, R), (2.0, K))
    return NoteTrack(
        plain.times,
        plain.lanes,
        plain.cymbal,
        plain.dynamics,
        double_kick=[True, False],  # in time order: the kick (lane 0) first
        star_phrase_id=[0, 0],
    )


def test_star_phrase_notes_are_drawn_silver_and_the_meter_and_glow_show(screen):
    t = star_track()
    engine = StarEngine(t)
    hw = view(t, engine=engine)
    _xs, _ys, colours = changed_xy(hw, screen, 1.6)
    assert near(colours, STAR_COLOUR) > 20 and near(colours, SLOT_COLOURS[0]) == 0
    assert hw.star_level(1.6) == 0.75
    screen.fill(theme.BACKGROUND)
    hw.draw(screen, 10.0)
    off = pixels(screen, hw.rect)
    engine.active = True
    screen.fill(theme.BACKGROUND)
    hw.draw(screen, 10.0)
    glowing = pixels(screen, hw.rect)
    assert (np.abs(glowing - off).sum(axis=2) > 20).sum() > 2000
    plain = view(track((2.0, R)))  # a track without phrases draws no star meter
    assert plain.star_level(0.0) is None


def test_harmony_glows_and_a_pulsed_lane_shines(screen):
    hw = view(track((30.0, R)))
    base = pixels_after(hw, screen, 5.0)
    gold = pixels_after(hw, screen, 5.0, harmony=True)
    assert (np.abs(gold - base).sum(axis=2) > 20).sum() > 2000
    lit = pixels_after(hw, screen, 5.0, pulse=frozenset({Lane.GREEN}))
    changed = np.abs(lit - base).sum(axis=2) > 20
    _ys, xs = np.nonzero(changed)
    assert len(xs) > 1000 and xs.mean() > hw.projection.centre_x - hw.rect.left + 40


def pixels_after(hw, screen, now_s, **kw) -> np.ndarray:
    screen.fill(theme.BACKGROUND)
    hw.draw(screen, now_s, **kw)
    return pixels(screen, hw.rect)


def test_the_partners_hits_land_faintly_on_this_highway(screen):
    hw = view(track((30.0, R)))
    base = pixels_after(hw, screen, 5.05)
    hw.on_partner_judgement(JudgementEvent(5.0, 1, 3, Lane.GREEN, Judgement.PERFECT, 0, 0, 0, 1, 1))
    shown = pixels_after(hw, screen, 5.05)
    changed = np.abs(shown - base).sum(axis=2) > 20
    _ys, xs = np.nonzero(changed)
    assert len(xs) > 50 and xs.mean() > hw.projection.centre_x - hw.rect.left  # the green pad
    assert hw.popup is None  # the partner's judgement is not this player's


# the settings reach the view ---------------------------------------------------------------
def test_each_players_camera_and_note_speed_come_from_the_settings_file(tmp_path, screen):
    from dataclasses import replace

    from game.app.play import PlayOptions
    from game.core.replay import PlayerSetup
    from game.formats.song_folder import load_song
    from game.ui.play_scene import PlayScene
    from tests.helpers import ROOT

    s = Settings()
    s = replace(s, highway=replace(s.highway, tilt=(40.0, 20.0), width=(0.86, 0.6)))
    s = replace(s, highway=replace(s.highway, lefty=(False, True), length=(1.0, 0.7)))
    s = replace(s, gameplay=replace(s.gameplay, note_speed=(1.2, 2.0)))
    path = tmp_path / "settings.toml"
    save_settings(s, path)
    loaded = load_settings(path).settings
    assert cameras_for(loaded, 2) == cameras_for(s, 2)
    song = load_song(ROOT / "charts" / "nara-soundcheck")
    setups = [PlayerSetup("p1", "easy"), PlayerSetup("p2", "easy")]
    options = PlayOptions.from_settings(setups, loaded)
    from game.core.replay import new_session

    scene = PlayScene(
        song.chart, new_session(song.chart, setups), (1280, 720), cameras=options.cameras
    )
    one, two = scene.highways
    assert (one.note_speed_s, two.note_speed_s) == (1.2, 2.0)
    assert not one.camera.lefty and two.camera.lefty
    assert two.projection.strike_w < one.projection.strike_w  # narrower
    assert two.projection.far_y > one.projection.far_y  # shorter
    assert two.projection.scale(1.0) > one.projection.scale(1.0)  # less tilt: less receding


def fill_track() -> NoteTrack:
    """Two one-note star-power phrases (red at 1 s and 2 s), then a fill whose last note is a
    green at 4 s: hitting both phrases fills half the meter, so the fill can activate."""
    plain = track((1.0, R), (2.0, R), (3.5, B), (4.0, G))
    return NoteTrack(
        plain.times,
        plain.lanes,
        plain.cymbal,
        plain.dynamics,
        star_phrase_id=[0, 1, -1, -1],
        fill_id=[-1, -1, 0, 0],
    )


def test_a_fills_last_note_is_drawn_to_be_hit_only_when_star_power_can_activate(screen):
    """The real engine: with half a meter the fill's green end is gold and ringed; with an
    empty meter (the phrases missed) it is a plain green gem."""
    t = fill_track()
    ready = PlayerEngine(t)
    for at in (1.0, 2.0):
        ready.hit(InputEvent(at, 0, Lane.RED))
    ready.advance_to(3.0)
    assert ready.star_meter(3.0) == pytest.approx(0.5) and ready.star_ready(3.0)
    empty = PlayerEngine(t)
    empty.advance_to(3.0)
    assert not empty.star_ready(3.0)
    _xs, _ys, gold = changed_xy(view(t, engine=ready), screen, 3.3)
    _xs, _ys, plain = changed_xy(view(t, engine=empty), screen, 3.3)
    assert near(gold, ACTIVATION_COLOUR, 60) > 20 and near(plain, ACTIVATION_COLOUR, 60) == 0
    assert near(plain, SLOT_COLOURS[3], 60) > near(gold, SLOT_COLOURS[3], 60)
