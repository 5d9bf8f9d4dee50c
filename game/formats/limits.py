"""Size limits every loader enforces before reading a file."""

from __future__ import annotations

from pathlib import Path

from game.formats.errors import BadFileError

MAX_JSON_CHART_BYTES = 4 * 1024 * 1024
MAX_REPLAY_BYTES = 16 * 1024 * 1024  # a replay of MAX_REPLAY_INPUTS inputs is about 7 MB


def read_bounded(path: Path, limit: int, error: type[BadFileError]) -> bytes:
    """The bytes of `path`, or `error` when it is missing, unreadable or larger than `limit`."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise error(path, f"file is {size:,} bytes, more than the {limit:,} allowed")
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except FileNotFoundError:
        raise error(path, "file not found") from None
    except IsADirectoryError:
        raise error(path, "is a folder, not a file") from None
    except OSError as e:
        raise error(path, f"cannot read: {e.strerror or e}") from None
    if len(data) > limit:
        raise error(path, f"file grew past the {limit:,} bytes allowed while reading")
    return data
