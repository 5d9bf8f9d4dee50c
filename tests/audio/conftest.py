"""Shared renders for the audio tests: a short demo song (rendered once per session) and its
drum part, and a private cache directory."""

from __future__ import annotations

import numpy as np
import pytest

from game.audio import render_backing, render_guide
from game.audio.demo_song import demo_arrangement, demo_drums
from game.core.arrangement import Arrangement
from game.core.chart import NoteTrack

SONG_S = 30.0


@pytest.fixture(scope="session")
def arrangement() -> Arrangement:
    """A 30-second slice of the generated demo song: every voice and percussion sound plays."""
    return demo_arrangement(SONG_S)


@pytest.fixture(scope="session")
def drums() -> NoteTrack:
    """The demo song's drum part (8th hats, kicks, snares with ghosts, toms, crashes, ride)."""
    return demo_drums(SONG_S)


@pytest.fixture(scope="session")
def backing(arrangement: Arrangement) -> np.ndarray:
    """The rendered backing of `arrangement`."""
    return render_backing(arrangement)


@pytest.fixture(scope="session")
def guide(drums: NoteTrack) -> np.ndarray:
    """The kit playing `drums`."""
    return render_guide(drums, SONG_S)


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Every test gets its own DRUM_DUET_HOME, so nothing touches the real cache."""
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path / "home"))
