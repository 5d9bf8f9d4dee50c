"""The player's settings file (TOML in the user config directory): what the library needs of it.

    [library]
    song_folders = ["~/Songs/Clone Hero", "/media/usb/songs"]

A missing file means defaults; a corrupt one is set aside (renamed) with a warning and the
defaults are used, so nothing the player made is ever lost.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from game.store.paths import APP, user_songs_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

log = logging.getLogger(__name__)
MAX_SETTINGS_BYTES = 1024 * 1024


@dataclass(frozen=True)
class LibrarySettings:
    """Where the player keeps song folders (the default songs folder is always scanned)."""

    song_folders: tuple[Path, ...] = field(default_factory=tuple)

    def roots(self) -> list[Path]:
        """The folders to scan for songs: the default songs folder, then the player's own."""
        roots = [user_songs_dir(), *self.song_folders]
        return list(dict.fromkeys(roots))


def settings_path() -> Path:
    """settings.toml in the user config directory; DRUM_DUET_HOME=DIR puts it in DIR/config."""
    home = os.environ.get("DRUM_DUET_HOME")
    base = Path(home) / "config" if home else Path(platformdirs.user_config_dir(APP, False))
    return base / "settings.toml"


def read_library_settings(path: Path | None = None) -> LibrarySettings:
    """The [library] table of the settings file; defaults when it is missing or corrupt."""
    path = path or settings_path()
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise ValueError("the file is larger than 1 MB")
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        folders = doc.get("library", {}).get("song_folders", [])
        if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
            raise ValueError("library.song_folders must be a list of folder names")
    except FileNotFoundError:
        return LibrarySettings()
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as e:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        log.warning("%s: %s; set aside as %s, using defaults", path, e, aside.name)
        with contextlib.suppress(OSError):
            path.replace(aside)
        return LibrarySettings()
    return LibrarySettings(tuple(Path(f).expanduser() for f in folders))
