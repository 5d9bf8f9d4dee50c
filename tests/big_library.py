"""A library of 10,000 songs for the browse tests: real song.ini files written to disk and read
back by the game's own song.ini reader, built once per test session.

Titles, artists and albums are in English, French (accents), Hangul, kana and kanji; a few
songs are marked so tests know what to look for (`MARKED`).
"""

from __future__ import annotations

import random
from pathlib import Path

from game.core.lanes import Difficulty, Part
from game.formats.song_ini import read_song_ini
from game.library.index import SongRecord, TrackInfo

SONGS = 10_000
WORDS = (
    "love",
    "night",
    "drum",
    "fire",
    "gold",
    "summer",
    "heart",
    "city",
    "dream",
    "river",
    "storm",
    "echo",
    "neon",
    "wild",
    "rain",
    "드럼",
    "사랑",
    "하늘",
    "노래",
    "별빛",
    "바다",
    "불꽃",
    "여름",
    "꿈",
    "시간",
    "さくら",
    "ドラム",
    "ハート",
    "夜空",
    "花火",
    "東京",
    "ひかり",
    "メロディ",
    "未来",
    "café",
    "déjà",
    "été",
    "noël",
    "cœur",
)
MARKED = {
    7: ("Café Déjà Vu", "Zoë Ångström"),
    77: ("ＦＵＬＬ Ｗｉｄｔｈ", "Half Width"),
    777: ("ドラムマーチ", "カタカナ楽団"),
    7777: ("드럼 소리", "한글 밴드"),
    8888: ("東京夜景", "漢字の人"),
}
"""Songs with tags tests search for: index -> (title, artist)."""
TRACKS = tuple(
    TrackInfo(part, diff, 100 + 50 * i)
    for part in (Part.FULL, Part.P1, Part.P2)
    for i, diff in enumerate(Difficulty.standard())
)

_built: list[SongRecord] = []


def write_library(root: Path, n: int = SONGS) -> None:
    """Write `n` song folders under `root`, each with a song.ini (in 40 pack folders)."""
    rng = random.Random(15)
    for i in range(n):
        title, artist = MARKED.get(i) or (
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) + f" {i}",
            " ".join(rng.choice(WORDS) for _ in range(2)),
        )
        folder = root / f"Pack {i % 40:02}" / f"song {i:05}"
        folder.mkdir(parents=True)
        lines = [
            "[song]",
            f"name = {title}",
            f"artist = {artist}",
            f"album = {rng.choice(WORDS)} {i % 13}",
            f"genre = {rng.choice(('Rock', 'K-pop', 'J-pop', 'Metal', ''))}",
            f"year = {1970 + i % 55}",
            f"charter = {rng.choice(('Harmonix', '드러머', 'たいこ', 'Someone'))}",
            f"song_length = {rng.randint(40_000, 600_000)}",
            f"diff_drums = {rng.choice((-1, 0, 1, 2, 3, 4, 5, 6))}",
            f"pro_drums = {'True' if i % 2 else 'False'}",
        ]
        (folder / "song.ini").write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_library(root: Path) -> list[SongRecord]:
    """The songs under `root` as SongRecords, their tags read from their song.ini files."""
    songs = []
    for n, ini_path in enumerate(sorted(root.glob("*/*/song.ini"))):
        ini = read_song_ini(ini_path)
        songs.append(
            SongRecord(
                ini.name or ini_path.parent.name,
                artist=ini.artist or "",
                album=ini.album or "",
                genre=ini.genre or "",
                year=ini.year or "",
                charter=ini.charter or "",
                length_s=ini.song_length_s,
                difficulty=ini.diff_drums,
                folder=ini_path.parent,
                tracks=TRACKS,
                chart_sha256=f"{n:064x}",
                added_s=1.7e9 + n,
                density=(n % 29) / 2,
                charted_duet=n % 3 == 0,
                pro_drums=bool(ini.pro_drums),
            )
        )
    return songs


def big_library(tmp_path_factory) -> list[SongRecord]:
    """The 10,000 songs (written and read the first time a test asks, then kept)."""
    if not _built:
        root = tmp_path_factory.mktemp("big-library")
        write_library(root)
        _built.extend(read_library(root))
    return list(_built)
