"""Bounded file reads: the bytes of a file no larger than a limit, or one clear problem in words.

Every loader reads its file through here, so a huge or endless file never fills the memory.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path


class FileReadError(OSError):
    """A file that could not be read whole within its limit, with its path and the problem in
    words; `strerror` is the system's own words when the system refused the read."""

    def __init__(self, path: str | Path, problem: str, strerror: str | None = None) -> None:
        super().__init__(problem)
        self.path = str(path)
        self.problem = problem
        self.strerror = strerror or problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class MissingFileError(FileReadError):
    """There is no file at the path."""


class OversizeFileError(FileReadError):
    """The file is larger than the limit (or grew past it while it was read)."""


def read_bounded(
    path: str | Path,
    limit: int,
    error: Callable[[Path, str], Exception] | None = None,
) -> bytes:
    """The bytes of `path`, at most `limit` bytes.

    A missing, unreadable or larger file raises `MissingFileError`, `FileReadError` or
    `OversizeFileError`; with `error` given, `error(path, problem)` is raised instead.
    """
    path = Path(path)
    try:
        return _read(path, limit)
    except FileReadError as e:
        if error is None:
            raise
        raise error(path, e.problem) from None


def _read(path: Path, limit: int) -> bytes:
    """`read_bounded` without the translation of its errors."""
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        size = st.st_size
        if size > limit:
            raise OversizeFileError(
                path, f"file is {size:,} bytes, more than the {limit:,} allowed"
            )
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except FileNotFoundError as e:
        raise MissingFileError(path, "file not found", e.strerror) from None
    except IsADirectoryError as e:
        raise FileReadError(path, "is a folder, not a file", e.strerror) from None
    except FileReadError:
        raise
    except OSError as e:
        raise FileReadError(path, f"cannot read: {e.strerror or e}", e.strerror) from None
    if len(data) > limit:
        raise OversizeFileError(path, f"file grew past the {limit:,} bytes allowed while reading")
    return data
