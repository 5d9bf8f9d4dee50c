"""The built-in songs' audio, measured: loudness, peaks, DC, clicks, and guide drums on the beat."""

from __future__ import annotations

import numpy as np
import pytest

from game.audio.clicks import find_clicks
from game.audio.guide import render_guide
from game.audio.loudness import integrated_loudness, sample_peak_dbfs
from game.audio.onsets import detect_onsets
from game.audio.render import SAMPLE_RATE, render_backing
from game.formats.arrangement_mid import read_arrangement
from game.formats.song_folder import load_song
from tests.helpers import ROOT

SONGS = ["firecracker-night", "gilded-hour", "nara-soundcheck"]


@pytest.fixture(scope="module", params=SONGS)
def backing(request) -> tuple[str, np.ndarray]:
    arrangement = read_arrangement(ROOT / "charts" / request.param / "arrangement.mid")
    return request.param, render_backing(arrangement)


def test_backing_meets_the_loudness_peak_dc_and_click_numbers(backing):
    name, audio = backing
    assert not np.isnan(audio).any()
    lufs = integrated_loudness(audio, SAMPLE_RATE)
    assert -18.0 <= lufs <= -12.0, f"{name}: {lufs:.1f} LUFS"
    assert sample_peak_dbfs(audio) <= -1.0
    assert np.abs(audio.mean(axis=0)).max() < 0.001
    assert find_clicks(audio, SAMPLE_RATE) == [], name


@pytest.mark.parametrize(("song", "part"), [("nara-soundcheck", "p1"), ("gilded-hour", "p2")])
def test_guide_drums_land_within_2_ms_of_the_chart(song, part):
    """The kit playing a part: every onset the detector finds sits on a note and every note
    (separated from the last by 60 ms or more) has its onset."""
    track = load_song(ROOT / "charts" / song).chart.track(part, "expert")
    audio = render_guide(track, track.end_s + 2.0)
    onsets = detect_onsets(audio.mean(axis=1), SAMPLE_RATE)
    times = np.unique(track.times)
    separable = times[np.concatenate(([True], np.diff(times) >= 0.06))]
    nearest = np.array([np.abs(onsets - t).min() for t in separable])
    assert nearest.max() <= 0.002, f"worst {nearest.max() * 1000:.2f} ms"
    to_note = np.array([np.abs(times - o).min() for o in onsets])
    assert to_note.max() <= 0.002
