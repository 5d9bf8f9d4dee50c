"""Song packs: a .zip of one or more song folders, imported into the player's songs folder.

Packs come from strangers, so every member name is checked, the bytes are counted as they are
unpacked, and nothing reaches the songs folder until the whole pack is unpacked and holds songs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

from game.formats.errors import BadFileError
from game.formats.song_folder import CHART_FILES, find_songs

log = logging.getLogger(__name__)

MAX_PACK_FILES = 5_000
"""Most files a pack may hold."""
MAX_PACK_BYTES = 500_000_000
"""Most bytes a pack may unpack to (500 MB), counted as they are unpacked."""
MAX_CENTRAL_DIRECTORY_BYTES = 8 * 1024 * 1024
"""Largest zip central directory (the member list zipfile reads whole into memory), in bytes."""
CHUNK_BYTES = 1024 * 1024

_CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error)
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_EOCD64_LOCATOR = struct.Struct("<4sLQL")


class PackError(BadFileError):
    """A song pack that cannot be imported (nothing of it was added), with the reason."""


def import_song_pack(zip_path: Path, songs_dir: Path) -> list[Path]:
    """Unpack the song folders of the .zip `zip_path` into `songs_dir`; the song folders added.

    A refused or failed import (PackError) leaves `songs_dir` as it was; existing folders are
    never overwritten (a second "Name" becomes "Name (2)").
    """
    zip_path, songs_dir = Path(zip_path), Path(songs_dir)
    created = not songs_dir.exists()
    try:
        songs_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".import-", dir=songs_dir))
    except OSError as e:
        raise PackError(zip_path, f"cannot write to {songs_dir}: {e.strerror or e}") from None
    try:
        _check_central_directory(zip_path)
        try:
            with zipfile.ZipFile(zip_path) as pack:
                members = _checked_members(zip_path, pack)
                _unpack(zip_path, pack, members, staging)
        except OSError as e:
            raise PackError(zip_path, f"cannot read: {e.strerror or e}") from None
        except _CORRUPT as e:
            raise PackError(zip_path, f"the zip archive is corrupt: {e}") from None
        except NotImplementedError as e:
            raise PackError(zip_path, f"uses a compression Drum Duet cannot unpack: {e}") from None
        added = _move_into_place(zip_path, staging, songs_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created:
            with contextlib.suppress(OSError):
                songs_dir.rmdir()  # only when the failed import left it empty
    log.info("imported %d song folder(s) from %s", len(added), zip_path)
    return added


def _check_central_directory(zip_path: Path) -> None:
    """Refuse a pack whose member list is too large to read (a zip without one: zipfile says)."""
    try:
        with zip_path.open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            tail_start = max(0, size - (_EOCD.size + 0xFFFF + _EOCD64_LOCATOR.size))
            f.seek(tail_start)
            tail = f.read()
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) - at < _EOCD.size:
                return
            *_, entries, cd_bytes, _, _ = _EOCD.unpack_from(tail, at)
            if (cd_bytes == 0xFFFFFFFF or entries == 0xFFFF) and at >= _EOCD64_LOCATOR.size:
                sig, _, eocd64_at, _ = _EOCD64_LOCATOR.unpack_from(tail, at - _EOCD64_LOCATOR.size)
                f.seek(eocd64_at)
                record = f.read(56)
                if sig == b"PK\x06\x07" and record[:4] == b"PK\x06\x06" and len(record) == 56:
                    cd_bytes = struct.unpack_from("<Q", record, 40)[0]
    except OSError as e:
        raise PackError(zip_path, f"cannot read: {e.strerror or e}") from None
    if cd_bytes > MAX_CENTRAL_DIRECTORY_BYTES:
        raise PackError(
            zip_path,
            f"its central directory is {cd_bytes:,} bytes, more than the "
            f"{MAX_CENTRAL_DIRECTORY_BYTES:,} allowed",
        )


def _checked_members(
    zip_path: Path, pack: zipfile.ZipFile
) -> list[tuple[zipfile.ZipInfo, tuple[str, ...]]]:
    """The members to unpack with their path parts; PackError for any hostile member or size."""
    members = []
    for info in pack.infolist():
        parts = _member_parts(zip_path, info)
        if parts is not None:
            members.append((info, parts))
    files = [info for info in pack.infolist() if not info.is_dir()]
    if len(files) > MAX_PACK_FILES:
        raise PackError(
            zip_path, f"holds {len(files):,} files, more than the {MAX_PACK_FILES:,} allowed"
        )
    declared = sum(info.file_size for info in files)
    if declared > MAX_PACK_BYTES:
        raise PackError(zip_path, _too_big(declared))
    return members


def _member_parts(zip_path: Path, info: zipfile.ZipInfo) -> tuple[str, ...] | None:
    """The path parts of a member inside the pack; None for macOS metadata (skipped)."""
    name = info.orig_filename

    def refuse(problem: str) -> PackError:
        return PackError(zip_path, f"member {name!r} {problem}")

    if stat.S_ISLNK(info.external_attr >> 16):
        raise refuse("is a symbolic link")
    if info.flag_bits & 0x1:
        raise refuse("is encrypted")
    if "\\" in name:
        raise refuse("has a backslash in its path")
    if name.startswith("/"):
        raise refuse("has an absolute path")
    if ":" in name:
        raise refuse("has a drive letter or a colon in its path")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise refuse("has control characters in its path")
    parts = tuple(p for p in name.split("/") if p not in ("", "."))
    if any(p.rstrip(". ") == "" for p in parts):  # "..", and "..." or ".. " (".." on Windows)
        raise refuse("climbs out of its folder with '..'")
    if not parts or parts[0] == "__MACOSX" or parts[-1].startswith("._"):
        return None
    return parts


def _unpack(
    zip_path: Path,
    pack: zipfile.ZipFile,
    members: list[tuple[zipfile.ZipInfo, tuple[str, ...]]],
    staging: Path,
) -> None:
    """Write `members` under `staging`, counting the bytes really unpacked against the limit."""
    total = 0
    for info, parts in members:
        target = staging.joinpath(*parts)
        if os.path.commonpath([staging, target]) != str(staging):
            raise PackError(zip_path, f"member {info.orig_filename!r} lies outside the pack")
        try:
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with pack.open(info) as src, target.open("xb") as dst:
                while chunk := src.read(CHUNK_BYTES):
                    total += len(chunk)
                    if total > MAX_PACK_BYTES:
                        raise PackError(zip_path, _too_big(None))
                    dst.write(chunk)
        except FileExistsError:
            raise PackError(zip_path, f"holds {info.orig_filename!r} twice") from None
        except (NotADirectoryError, IsADirectoryError):
            raise PackError(zip_path, f"holds {info.orig_filename!r} as file and folder") from None
        except OSError as e:
            problem = f"cannot unpack {info.orig_filename!r}: {e.strerror or e}"
            raise PackError(zip_path, problem) from None


def _too_big(size: int | None) -> str:
    """The refusal of a pack that unpacks to `size` bytes (None: more than the limit, counted)."""
    if size is None:
        return f"unpacks to more than the {MAX_PACK_BYTES:,} bytes allowed"
    return f"unpacks to {size:,} bytes, more than the {MAX_PACK_BYTES:,} allowed"


def _move_into_place(zip_path: Path, staging: Path, songs_dir: Path) -> list[Path]:
    """Move the unpacked song folders from `staging` into `songs_dir`; the song folders added.

    Each top-level folder holding songs moves whole (a pack folder keeps its songs together);
    chart files at the top of the archive make one song folder named after the archive.
    """
    songs = find_songs(staging)
    if not songs:
        charts = ", ".join(CHART_FILES)
        raise PackError(zip_path, f"holds no song folder (a folder with one of: {charts})")
    if staging in songs:
        moves = [(staging, zip_path.stem.strip(" .") or "Song")]
    else:
        tops = sorted({staging / song.relative_to(staging).parts[0] for song in songs})
        moves = [(top, top.name) for top in tops]
    moved: list[tuple[Path, Path]] = []
    try:
        for src, name in moves:
            dest = _free_folder(songs_dir, name)
            os.rename(src, dest)
            moved.append((dest, src))
    except OSError as e:
        for dest, src in reversed(moved):
            with contextlib.suppress(OSError):
                os.rename(dest, src)
        problem = f"cannot move its songs into {songs_dir}: {e.strerror or e}"
        raise PackError(zip_path, problem) from None
    return sorted(folder for dest, _ in moved for folder in find_songs(dest))


def _free_folder(songs_dir: Path, name: str) -> Path:
    """`songs_dir / name`, or "name (2)", "name (3)" ... when that is taken."""
    candidate, n = songs_dir / name, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = songs_dir / f"{name} ({n})"
    return candidate
