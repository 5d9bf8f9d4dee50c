"""A library of 10,000 songs for the browse tests: real song folders written to disk (a song.ini
each, and a chart: every third one a copy of the built-in Nara Soundcheck's notes.mid, with its
own duet parts and pro drums; the others a written notes.chart whose notes run to the song's
length, every other one with cymbal flags) and indexed by the game's own scan into a real
SQLite index, built once per test session.

Titles, artists and albums are in English, French (accents), Hangul, kana and kanji; a few
songs are marked so tests know what to look for (`MARKED`).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from game.formats.song_folder import builtin_charts_dir
from game.library.index import SongLibrary, SongRecord

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
_built: list[SongRecord] = []


def write_chart(folder: Path, length_s: float, notes: int, cymbals: bool) -> None:
    """A notes.chart in `folder` at 120 BPM whose `notes` Expert notes (and every other one on
    Hard) run evenly to `length_s` seconds; yellow, blue and green are cymbals when `cymbals`."""
    resolution, beat_s = 192, 0.5
    last = round(length_s / beat_s * resolution)
    lines = ["[Song]", "{", f"  Resolution = {resolution}", "}", "[SyncTrack]", "{"]
    lines += ["  0 = TS 4", "  0 = B 120000", "}"]
    for name, step in (("ExpertDrums", 1), ("HardDrums", 2)):
        lines += [f"[{name}]", "{"]
        for k in range(0, notes, step):
            tick, lane = last * k // max(1, notes - 1), k % 5
            lines.append(f"  {tick} = N {lane} 0")
            if cymbals and lane >= 2:
                lines.append(f"  {tick} = N {64 + lane} 0")
        lines.append("}")
    (folder / "notes.chart").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_library(root: Path, n: int = SONGS) -> None:
    """Write `n` song folders under `root`, each with a song.ini and a chart (in 40 packs)."""
    rng = random.Random(15)
    shapes = random.Random(16)  # the charts' own, so the tags stay what tests expect
    nara = builtin_charts_dir() / "nara-soundcheck" / "notes.mid"
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
        if i % 3 == 0:
            shutil.copyfile(nara, folder / "notes.mid")
        else:
            write_chart(folder, shapes.uniform(40, 600), shapes.randint(8, 60), cymbals=i % 2 == 1)


def read_library(root: Path, index: Path) -> list[SongRecord]:
    """The songs under `root` as the game's scan indexes them into the SQLite file `index`."""
    with SongLibrary(index) as library:
        library.scan([root])
        return library.songs()


def big_library(tmp_path_factory) -> list[SongRecord]:
    """The 10,000 songs (written and read the first time a test asks, then kept)."""
    if not _built:
        root = tmp_path_factory.mktemp("big-library")
        write_library(root / "songs")
        _built.extend(read_library(root / "songs", root / "library.sqlite3"))
    return list(_built)
