"""game.base.units: milliseconds in words, for offsets (whole where they are) and measurements."""

from __future__ import annotations

import pytest

from game.base.units import signed_ms
from game.ui.calibration_view import signed_ms as measured_ms


@pytest.mark.parametrize(
    ("ms", "offset", "measurement"),
    [
        (0.0, "+0 ms", "0.0 ms"),
        (0.04, "+0 ms", "0.0 ms"),
        (12.0, "+12 ms", "+12.0 ms"),
        (-12.0, "-12 ms", "-12.0 ms"),
        (-4.5, "-4.5 ms", "-4.5 ms"),
        (31.25, "+31.2 ms", "+31.2 ms"),
        (4.96, "+5 ms", "+5.0 ms"),
        (-0.06, "-0.1 ms", "-0.1 ms"),
    ],
)
def test_signed_ms_offsets_and_measurements(ms, offset, measurement):
    assert signed_ms(ms) == offset
    assert signed_ms(ms, tenths=True) == measurement
    assert measured_ms(ms) == measurement  # the calibration screen's words
