"""`drum-duet library scan` and `drum-duet library import`: the songs the game can find."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.cli.common import subcommand
from game.formats.names import readable_name
from game.library.index import SongRecord
from game.library.packs import import_song_pack
from game.library.player import library_roots, open_library
from game.store.paths import user_songs_dir


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `library scan` and `library import`."""
    lib = sub.add_parser("library", help="the song library: scan folders, import song packs")
    lib_sub = lib.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    scan_help = "list every song found and why any cannot be played"
    scan = subcommand(lib_sub, "scan", scan_help, _scan, json=True)
    scan.add_argument(
        "--songs",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="scan this folder too (repeatable)",
    )
    scan.add_argument(
        "--full",
        action="store_true",
        help="also read every chart whole: the automatic duet split's notes, every line checked",
    )
    import_help = "import a .zip of song folders into your songs folder"
    subcommand(lib_sub, "import", import_help, _import, ("PACK.zip", None))


def song_json(song: SongRecord) -> dict[str, object]:
    """One song as `library scan --json` prints it."""
    return {
        "folder": str(song.folder),
        "folder_name": readable_name(song.folder.name),
        "title": song.title,
        "artist": song.artist,
        "length_s": song.length_s,
        "parts": {p.value: [d.value for d in song.difficulties(p)] for p in song.parts()},
        "stems": sorted(song.stem_files()),
        "playable": song.playable,
        "problem": song.problem,
        "problem_file": None if song.problem_file is None else str(song.problem_file),
        "added_s": song.added_s,
        "density": song.density,
        "charted_duet": song.charted_duet,
        "pro_drums": song.pro_drums,
        "art": None if song.art is None else song.art.name,
    }


def _scan(args: argparse.Namespace) -> int:
    with open_library() as library:
        result = library.scan(library_roots(args.songs))
        if args.full:
            library.fill_details()
        songs = library.songs()
    if args.json:
        print(
            json.dumps(
                {
                    "parsed": result.parsed,
                    "reused": result.reused,
                    "removed": result.removed,
                    "songs": [song_json(s) for s in songs],
                },
                indent=2,
            )
        )
        return 0
    for song in songs:
        if song.playable:
            parts = " ".join(p.value for p in song.parts())
            where = readable_name(song.folder)
            print(f"  {song.title} — {song.artist}  [{parts}] {song.length_text}  {where}")
        else:
            print(f"  UNPLAYABLE {song.title} — {song.full_reason}")
    playable = sum(s.playable for s in songs)
    print(
        f"{playable} playable, {len(songs) - playable} unplayable "
        f"({result.parsed} read, {result.reused} unchanged, {result.removed} gone)"
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    added = import_song_pack(args.pack, user_songs_dir())
    for folder in added:
        print(f"  imported {folder}")
    print(f"{len(added)} song folders imported into {user_songs_dir()}")
    return 0
