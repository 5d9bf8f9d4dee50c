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


def config_dir() -> Path:
    """The user config directory (settings, kit profiles); DRUM_DUET_HOME=DIR: DIR/config."""
    home = os.environ.get("DRUM_DUET_HOME")
    return Path(home) / "config" if home else Path(platformdirs.user_config_dir(APP, False))


def kit_profiles_dir() -> Path:
    """The folder of the player's own kit profiles (TOML files; see `game.input.kit_files`)."""
    return config_dir() / "kits"
