"""Setting a damaged file aside: renamed beside itself to `<name>.corrupt-<date>-<time>`, never
deleted, so the player can still take it to someone who can mend it."""

from __future__ import annotations

import os
import time
from pathlib import Path


def aside_path(path: Path) -> Path:
    """The first free name `<name>.corrupt-YYYYmmdd-HHMMSS` (then `-2`, `-3`...) beside `path`."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return aside


def set_aside(path: Path, companions: tuple[str, ...] = ()) -> Path:
    """Rename `path` to `aside_path(path)`, after its companion files (`path` plus a suffix in
    `companions`, such as SQLite's "-wal" and "-shm") that exist, each to the same name plus its
    suffix; the new path of `path`. OSError when a rename fails (what was moved stays moved)."""
    aside = aside_path(path)
    for suffix in (*companions, ""):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, f"{aside}{suffix}")
    return aside
