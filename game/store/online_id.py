"""This game's own id for live duets: 32 random hex digits kept in the user data directory, the
same after a restart. A host takes back a partner whose game closed mid-song by it, and no one
else (a name can be typed by anyone on the LAN; the id never leaves the two machines)."""

from __future__ import annotations

import logging
import os
import re
import secrets
from pathlib import Path

from game.store.paths import data_dir

log = logging.getLogger(__name__)

FILE = "online_id"
_ID = re.compile(r"[0-9a-f]{32}")


def online_id(folder: Path | None = None) -> str:
    """The id kept in `folder` (default: the user data directory), made and kept there the
    first time. A file that holds no id is replaced (it is ours, and holds nothing else); when
    the folder cannot be written the id lives for this run only (logged)."""
    path = (folder or data_dir()) / FILE
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
        if _ID.fullmatch(text):
            return text
        log.warning("%s holds no online id: a new one is made", path)
    except FileNotFoundError:
        pass
    except OSError as e:
        log.warning("cannot read %s (%s): a new online id is made", path, e)
    made = secrets.token_hex(16)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{FILE}.{os.getpid()}")
        partial.write_text(made + "\n", encoding="ascii")
        os.replace(partial, path)
    except OSError as e:
        log.warning("cannot keep the online id in %s (%s): it lasts this run only", path, e)
    return made
