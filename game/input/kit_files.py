"""Where kit profiles live: shipped ones inside the game, the player's own in a folder of theirs.

Shipped profiles are the TOML files of ``game.assets/kits``. The player's profiles are the
``*.toml`` files of their kit folder (`game.store.paths.kit_profiles_dir()`, passed in by the
caller: the input layer does not know the store). A user profile overrides a shipped profile of
the same name (names compare without case). A user file that cannot be read is listed with its
problem, never fatal; a shipped one that cannot be read is a bug, and raises.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from game.base.atomic import write_atomic
from game.input.kit_profile import KitProfile, KitProfileError
from game.input.kit_toml import dumps_profile, read_profile

log = logging.getLogger(__name__)

DEFAULT_PROFILE = "General MIDI"
"""The profile a kit gets until its player chooses another."""
MAX_USER_PROFILES = 256
"""The most profile files read from the user's folder (the rest are skipped with a warning)."""


@dataclass(frozen=True, slots=True)
class ProfileEntry:
    """A profile that can be chosen: its name, its file, whether it is the player's own (and
    then whether it overrides a shipped one), and the problem when its file cannot be read."""

    name: str
    path: Path
    user: bool
    overrides_shipped: bool = False
    problem: str | None = None


def shipped_profiles_dir() -> Path:
    """The folder of the shipped kit profiles (inside the installed package)."""
    return Path(str(resources.files("game.assets"))) / "kits"


def _user_files(user_dir: Path | None) -> list[Path]:
    """The profile files of the user's folder, sorted by name (none when it is absent)."""
    if user_dir is None or not user_dir.is_dir():
        return []
    files = sorted(p for p in user_dir.glob("*.toml") if p.is_file())
    if len(files) > MAX_USER_PROFILES:
        log.warning("%s: more than %d kit profiles; the rest are skipped", user_dir, len(files))
    return files[:MAX_USER_PROFILES]


def list_profiles(user_dir: Path | None = None) -> list[ProfileEntry]:
    """Every profile: the shipped ones (those not overridden), then the player's own, by name.

    A user file that cannot be read is listed under its file name with its `problem`.
    """
    shipped = {}
    for path in sorted(shipped_profiles_dir().glob("*.toml")):
        profile = read_profile(path)
        shipped[profile.name.casefold()] = ProfileEntry(profile.name, path, user=False)
    users: dict[str, ProfileEntry] = {}
    for path in _user_files(user_dir):
        try:
            name = read_profile(path).name
        except KitProfileError as e:
            users[f"\0{path.name}"] = ProfileEntry(path.stem, path, True, problem=e.problem)
            continue
        key = name.casefold()
        if key in users:
            log.warning(
                "%s: a second kit profile named %r; %s is used", path, name, users[key].path
            )
            continue
        users[key] = ProfileEntry(name, path, True, overrides_shipped=key in shipped)
    kept = [e for k, e in shipped.items() if k not in users]
    return sorted(kept, key=lambda e: e.name.casefold()) + sorted(
        users.values(), key=lambda e: e.name.casefold()
    )


def load_profile(name: str = DEFAULT_PROFILE, user_dir: Path | None = None) -> KitProfile:
    """The profile called `name` (the player's own first; case does not matter), or the profile
    file at `name` when it is a path to a .toml file.

    LookupError lists the profiles there are; a bad file is a KitProfileError.
    """
    if name.lower().endswith(".toml"):  # a file: a missing one is a "file not found" error
        return read_profile(Path(name).expanduser())
    entries = list_profiles(user_dir)
    for entry in entries:
        if entry.name.casefold() == " ".join(name.split()).casefold() and entry.problem is None:
            return read_profile(entry.path)
    for entry in entries:  # a broken user file of that name: say what is wrong with it
        if entry.problem is not None and entry.path.stem.casefold() == name.casefold():
            raise KitProfileError(entry.path, entry.problem)
    known = ", ".join(e.name for e in entries if e.problem is None)
    raise LookupError(f"no kit profile named {name!r} (there are: {known})")


def profile_file_name(name: str) -> str:
    """The file name for a profile called `name`: "My TD-17" -> "my-td-17.toml"."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return f"{slug or 'kit'}.toml"


def save_user_profile(profile: KitProfile, user_dir: Path) -> Path:
    """Write `profile` into the user's folder atomically and return its path.

    It replaces the user's profile of the same name (in whatever file that is), else it goes to
    a new file named after it. Raises OSError if it cannot be written (any old file is intact).
    """
    user_dir.mkdir(parents=True, exist_ok=True)
    entries = [e for e in list_profiles(user_dir) if e.user]
    same = [
        e.path
        for e in entries
        if e.problem is None and e.name.casefold() == profile.name.casefold()
    ]
    if same:
        path = same[0]
    else:  # a new file, never one holding another profile
        taken = {e.path.name for e in entries}
        stem = profile_file_name(profile.name).removesuffix(".toml")
        path, n = user_dir / f"{stem}.toml", 1
        while path.name in taken:
            n += 1
            path = user_dir / f"{stem}-{n}.toml"
    write_atomic(path, dumps_profile(profile).encode("utf-8"))
    return path
