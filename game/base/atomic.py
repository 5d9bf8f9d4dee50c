"""Atomic file writes: a reader sees the old file or the whole new one, never a part of one.

Every file the game writes goes through here, and only onto a regular file or a new name: a
folder, a named pipe, a device or a socket is refused (`OutputPathError`), and a missing folder
is never created on the way. A symbolic link is followed to the regular file it names, which is
replaced; the link itself stays. A link to nothing, or to anything but a regular file, is refused.

Standard library only, in the base package under every layer, so that formats/, store/, audio/,
input/ and the command line share it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class OutputPathError(OSError):
    """A path the game will not write to, with the path and the problem in words."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(problem)
        self.path = str(path)
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def check_output_path(path: str | Path) -> Path:
    """The file to write for `path`: `path` itself, or the regular file a symbolic link names.

    Raises `OutputPathError` unless that is an existing regular file or a new name in an
    existing folder. Nothing is created or changed.
    """
    path = Path(path)
    try:
        st: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise OutputPathError(path, f"{_not_a_folder(path.parent)} is not a folder") from None
    except OSError as e:
        raise OutputPathError(path, f"cannot write there: {e.strerror or e}") from None
    target = path
    if st is not None and stat.S_ISLNK(st.st_mode):
        target = Path(os.path.realpath(path))
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise OutputPathError(
                path, f"is a symbolic link to {os.readlink(path)}, which does not exist"
            ) from None
        except OSError as e:
            problem = f"is a symbolic link that cannot be followed: {e.strerror or e}"
            raise OutputPathError(path, problem) from None
        if not stat.S_ISREG(st.st_mode):
            raise OutputPathError(
                path, f"is a symbolic link to {target}, {_kind(st.st_mode)}, not a regular file"
            )
        return _writable_folder(path, target)
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputPathError(path, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise OutputPathError(path, f"is {_kind(st.st_mode)}, not a regular file")
        return _writable_folder(path, target)
    folder = target.parent
    try:
        folder_st = os.stat(folder)
    except FileNotFoundError:
        raise OutputPathError(path, f"folder {folder} does not exist (create it first)") from None
    except NotADirectoryError:
        raise OutputPathError(path, f"{_not_a_folder(folder)} is not a folder") from None
    except OSError as e:
        raise OutputPathError(path, f"cannot write there: {e.strerror or e}") from None
    if not stat.S_ISDIR(folder_st.st_mode):
        raise OutputPathError(path, f"{folder} is not a folder")
    return _writable_folder(path, target)


def _writable_folder(path: Path, target: Path) -> Path:
    """`target` when its folder takes a new file (the temporary one); OutputPathError else."""
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise OutputPathError(path, f"cannot write in folder {target.parent} (permission denied)")
    return target


@contextlib.contextmanager
def open_atomic(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write `path`'s new contents to; when the block ends without an error it
    is flushed to disk and renamed over the target (see `check_output_path`), else removed.

    Raises `OutputPathError` for a path the game will not write to or a write that failed.
    """
    target = check_output_path(path)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent
        )
    except OSError as e:
        raise OutputPathError(path, f"cannot write there: {e.strerror or e}") from None
    try:
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        check_output_path(path)  # still a regular file or a new name (no swap meanwhile)
        os.replace(tmp, target)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError) and not isinstance(e, OutputPathError):
            raise OutputPathError(path, f"cannot write: {e.strerror or e}") from e
        raise
    if os.name == "posix":
        with contextlib.suppress(OSError):
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, rename it over, and
    (on POSIX) sync the folder so that the rename itself survives a power cut.

    Only onto a regular file or a new name (see `check_output_path`): `OutputPathError` else.
    """
    with open_atomic(path) as f:
        f.write(data)


def _kind(mode: int) -> str:
    """What a non-regular file is, in words with its article."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_a_folder(folder: Path) -> Path:
    """The first part of `folder` that exists but is not a folder (or `folder` itself)."""
    for part in reversed((folder, *folder.parents)):
        if part.exists() and not part.is_dir():
            return part
    return folder


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or what a plain open() would give (0666 less umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
