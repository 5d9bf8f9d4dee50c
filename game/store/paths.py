"""Where Drum Duet keeps the player's files: the user data, config and cache directories."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "drum-duet"


def data_dir() -> Path:
    """The user data directory (scores, songs); DRUM_DUET_HOME overrides it (tests, portable)."""
    home = os.environ.get("DRUM_DUET_HOME")
    return Path(home) / "data" if home else Path(platformdirs.user_data_dir(APP, appauthor=False))


def user_songs_dir() -> Path:
    """The default folder for the player's own song folders."""
    return data_dir() / "songs"
