"""One render cache for the whole end-to-end session (the `render_cache` fixture, conftest.py).

Each test runs the game in a home of its own (DRUM_DUET_HOME), whose render cache starts empty,
so every test that plays a built-in song waited for the same backing to be rendered again (a
second or more each on a busy machine). With `shared_renders(home, render_cache)` a home's
render cache is the session's: the first test that plays a song renders it through the game (the
cache-miss path), the later ones take it from the cache as a player's second play does.
"""

from __future__ import annotations

import contextlib
from pathlib import Path


def shared_renders(home: Path, renders: Path) -> None:
    """Make the render cache of the game's home `home` the session's `renders` (a symlink; left
    out where the system cannot make one, and the game then renders into its own)."""
    cache = home / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        (cache / "renders").symlink_to(renders, target_is_directory=True)
