"""Text benchmark: drawing song titles in every script with the per-character font fallback.

Draws 200 mixed-script titles (Hangul, kana, kanji, hanzi, Cyrillic, Greek, accented Latin and
ASCII words, made from a fixed seed) and, as the baseline in the same run, 200 ASCII-only titles,
with `game.ui.theme.text` at the song list's size. For each set it prints:
- first: the very first draw in the process (fonts opened, character maps read, nothing cached);
- cold: every title drawn once more with the text cache emptied (fonts already open);
- cached: every title drawn again from the cache.
Times are per title (mean, and the whole set), the median of `--repeats` passes.

    SDL_VIDEODRIVER=dummy .venv/bin/python bench/text.py [--repeats 5] [--size 24]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from game.ui import theme

WORDS = {
    "latin": ["Golden", "Firecracker", "Night", "Drum", "Hour", "Stage", "Duet", "Summit", "Live"],
    "accented": ["Café", "Ñandú", "Łódź", "Øresund", "Tiếng Việt", "Naïve", "Šťastný", "Über"],
    "hangul": ["골든", "다이너마이트", "봄날", "사랑", "밤하늘", "불꽃", "우리", "노래"],
    "kana": ["ゴールデン", "さくら", "ハレ晴レユカイ", "アイドル", "うた", "ドラム", "ライブ"],
    "kanji": ["黄金", "夜空", "花火", "太鼓", "青春", "残酷な天使", "紅蓮華", "夜に駆ける"],
    "hanzi": ["黄金时代", "烟花", "鼓手", "青春", "爱你", "晴天", "稻香", "东风破"],
    "cyrillic": ["Жар", "птица", "Катюша", "Ночь", "Звезда", "Кино"],
    "greek": ["Ελλάδα", "Καλημέρα", "Αστέρι", "Μουσική", "Νύχτα"],
    "marks": ["♪", "★", "☆", "♡", "〜", "「歌」", "(Live)", "feat."],
}


def titles(count: int, mixed: bool, seed: int = 13) -> list[str]:
    """`count` distinct titles of 2-5 words: from every script when `mixed`, else ASCII only."""
    rng = random.Random(seed)
    kinds = list(WORDS) if mixed else ["latin"]
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < count:
        words = [rng.choice(WORDS[rng.choice(kinds)]) for _ in range(rng.randint(2, 5))]
        title = f"{' '.join(words)} {len(out)}"  # numbered: every title differs
        if title not in seen:
            seen.add(title)
            out.append(title)
    return out


def timed(draw: Callable[[], None]) -> float:
    """Seconds `draw` takes."""
    t0 = time.perf_counter()
    draw()
    return time.perf_counter() - t0


def draw_all(batch: list[str], size: int) -> None:
    """Every title of `batch` drawn with the game's text function."""
    for title in batch:
        theme.text(title, size, theme.TEXT)


def forget_text() -> None:
    """Empty the text cache (the fonts stay open)."""
    theme._text.cache_clear()


def main() -> int:
    """Print first, cold and cached times of mixed-script titles beside ASCII-only titles."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--size", type=int, default=24, help="text size (theme units)")
    args = parser.parse_args()
    pygame.init()
    pygame.display.set_mode((64, 64))
    sets = {"ascii": titles(200, mixed=False), "mixed": titles(200, mixed=True)}
    first = {name: timed(lambda b=batch: draw_all(b, args.size)) for name, batch in sets.items()}
    rows = []
    for name, batch in sets.items():
        cold, cached = [], []
        for _ in range(args.repeats):
            forget_text()
            cold.append(timed(lambda b=batch: draw_all(b, args.size)))
            cached.append(timed(lambda b=batch: draw_all(b, args.size)))
        rows.append((name, first[name], statistics.median(cold), statistics.median(cached)))
    print(f"{len(sets['mixed'])} titles per set, size {args.size}, median of {args.repeats}")
    print(f"{'set':<6} {'first (ms)':>16} {'cold (ms)':>16} {'cached (ms)':>16}")
    for name, one, cold_s, cached_s in rows:
        cells = [f"{s * 1e3:7.1f} ({s * 1e6 / 200:5.0f} µs)" for s in (one, cold_s, cached_s)]
        print(f"{name:<6} {cells[0]:>16} {cells[1]:>16} {cells[2]:>16}")
    mixed, ascii_ = rows[1], rows[0]
    print(f"mixed / ascii: cold ×{mixed[2] / ascii_[2]:.1f}, cached ×{mixed[3] / ascii_[3]:.1f}")
    print("sample:", sets["mixed"][0])
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
