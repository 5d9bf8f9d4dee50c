"""The highway's projection, alone (no pygame): monotonic, converging, strike line at the bottom."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from game.ui.perspective import Camera, Projection


def projection(tilt_deg: float = 40.0) -> Projection:
    return Projection(200.0, 400.0, 80.0, 360.0, Camera(tilt_deg).recede, 1.0)


@pytest.mark.parametrize("tilt", [0.0, 20.0, 40.0, 70.0])
def test_the_strike_line_is_at_the_bottom_and_the_far_end_at_the_top(tilt):
    p = projection(tilt)
    assert p.y(0.0) == pytest.approx(400.0) and p.scale(0.0) == pytest.approx(1.0)
    assert p.y(1.0) == pytest.approx(80.0)
    assert p.half_width(0.0) == pytest.approx(180.0)
    z = np.linspace(p.nearest_z, 1.0, 200)
    assert np.all((p.y(z) > 400.0) == (z < 0))  # only notes past the line go below it


@pytest.mark.parametrize("tilt", [10.0, 40.0, 70.0])
def test_farther_notes_are_higher_and_smaller_and_the_lanes_converge(tilt):
    p = projection(tilt)
    z = np.linspace(p.nearest_z, 1.0, 500)
    assert p.scale(p.nearest_z) <= 2.0 + 1e-9  # never behind the camera
    assert np.all(np.diff(p.y(z)) < 0)  # farther: higher on the screen
    assert np.all(np.diff(p.scale(z)) < 0)  # farther: smaller
    gaps = p.x(0.75, z) - p.x(0.25, z)
    assert np.all(np.diff(gaps) < 0)  # the lanes close in
    assert p.x(0.5, 0.7) == pytest.approx(200.0)  # ... towards a point above the centre
    # equal steps of time shrink on the screen with distance (constant speed on the board)
    steps = -np.diff(p.y(np.linspace(0.0, 1.0, 11)))
    assert np.all(np.diff(steps) < 0)
    # very far away everything meets at the vanishing point
    assert p.half_width(1e6) < 1e-3 and p.y(1e6) == pytest.approx(p.vanishing_y, abs=0.05)
    assert p.vanishing_y < p.far_y


def test_more_tilt_recedes_faster_and_no_tilt_is_a_flat_board():
    far = [projection(t).scale(1.0) for t in (0.0, 20.0, 40.0, 60.0)]
    assert far[0] == pytest.approx(1.0) and all(a > b for a, b in itertools.pairwise(far))
    flat = projection(0.0)
    assert flat.y(0.5) == pytest.approx(240.0)  # a flat board is linear in time
    assert flat.vanishing_y == -math.inf


def test_depth_of_y_undoes_y():
    p = projection(55.0)
    for z in (-0.2, 0.0, 0.3, 0.9, 1.0):
        assert p.depth_of_y(p.y(z)) == pytest.approx(z)


def test_beat_lines_are_projected_all_at_once():
    p = projection()
    beats = np.array([0.1, 0.4, 0.8])
    ys = p.y(p.depth(beats))
    assert ys.shape == (3,) and list(ys) == [pytest.approx(p.y(b)) for b in beats]
