"""Rebuild the CJK fonts the game ships (assets/fonts/NotoSansCJKjp-*-subset.otf) from Debian's
`fonts-noto-cjk` package: Noto Sans CJK JP Regular and Bold, cut down with fontTools to the
characters song titles and player names need, so the wheel stays small.

    apt-get install fonts-noto-cjk              # the source: /usr/share/fonts/opentype/noto
    .venv/bin/pip install fonttools             # MIT; needed only here, not by the game
    .venv/bin/python -m tools.cjk_fonts         # writes assets/fonts/NotoSansCJKjp-*-subset.otf

What the subsets keep (`code_points()`):
- every character of the three national sets, read from Python's own codecs: JIS X 0208
  (`euc_jp`: kana, kanji levels 1 and 2, symbols, Greek, Cyrillic), GB 2312 (`gb2312`: hanzi
  levels 1 and 2) and KS X 1001 (`euc_kr`: Hangul, hanja, symbols);
- all 11,172 Hangul syllables and the Hangul jamo blocks (conjoining, compatibility, extended);
- hiragana, katakana (with the phonetic extensions), CJK symbols and punctuation, enclosed CJK
  letters, CJK compatibility, half-width and full-width forms, vertical and small forms;
- ASCII, and the symbols song titles like (arrows, stars, hearts, notes, circled numbers).
The JP face of the collection is used (Japanese glyph forms for ideographs shared with Chinese;
Hangul and kana are the same in every face). Only kerning is kept of the OpenType features
(no `locl`, so a title draws the same whatever the machine's locale), and the vertical-writing
tables are dropped: the game sets text in lines.
The fonts are under the SIL Open Font License 1.1 (assets/fonts/OFL-NotoSansCJK.txt).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
OUT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FACE_JP = 0
"""Index of "Noto Sans CJK JP" in Debian's NotoSansCJK-*.ttc (JP, KR, SC, TC, HK, then Mono)."""
WEIGHTS = ("Regular", "Bold")
LAYOUT_FEATURES = ("kern",)
"""OpenType features kept: kerning only (SDL_ttf shapes no more than that for these scripts)."""

DROPPED_TABLES = ("vhea", "vmtx", "VORG", "BASE")
"""Vertical metrics and baselines: SDL_ttf sets horizontal lines only."""

NATIONAL_SETS = ("euc_jp", "gb2312", "euc_kr")
"""Codecs whose two-byte rows (lead and trail 0xA1-0xFE) are JIS X 0208, GB 2312, KS X 1001."""

BLOCKS = (
    (0x0020, 0x007E),  # ASCII
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
    (0x2030, 0x205E),  # per mille, primes, reference mark, interrobang
    (0x2160, 0x217F),  # Roman numerals
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # circled and parenthesised numbers and letters
    (0x25A0, 0x25FF),  # geometric shapes
    (0x2600, 0x26FF),  # miscellaneous symbols (stars, hearts, notes)
    (0x2700, 0x27BF),  # dingbats
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x309F),  # hiragana
    (0x30A0, 0x30FF),  # katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3200, 0x32FF),  # enclosed CJK letters and months
    (0x3300, 0x33FF),  # CJK compatibility (squared words and units)
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7A3),  # Hangul syllables (all 11,172)
    (0xD7B0, 0xD7FF),  # Hangul Jamo Extended-B
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFE50, 0xFE6F),  # small form variants
    (0xFF00, 0xFFEF),  # half-width and full-width forms
)


def national_set(codec: str) -> set[int]:
    """The code points of every two-byte code (rows and cells 0xA1-0xFE) that `codec` decodes."""
    points: set[int] = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                decoded = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            points.update(ord(c) for c in decoded)
    return points


def code_points() -> list[int]:
    """Every code point the subsets keep (those the source font has a glyph for stay)."""
    points: set[int] = set()
    for codec in NATIONAL_SETS:
        points |= national_set(codec)
    for first, last in BLOCKS:
        points.update(range(first, last + 1))
    return sorted(points)


def subset(source: Path, out: Path, points: list[int]) -> None:
    """Write the JP face of the collection `source`, cut down to `points`, into `out` (CFF)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.layout_features = list(LAYOUT_FEATURES)
    options.notdef_outline = True  # a character no font has still draws as a box, not nothing
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.recalc_timestamp = False  # the same source gives the same bytes
    options.drop_tables += list(DROPPED_TABLES)
    font = TTFont(source, fontNumber=FACE_JP, lazy=False, recalcTimestamp=False)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    font.save(out)


def main(argv: list[str] | None = None) -> int:
    """Build Regular and Bold into the output folder; 1 with a message when a source is missing."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-dir", type=Path, default=SOURCE_DIR)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    points = code_points()
    for weight in WEIGHTS:
        source = args.source_dir / f"NotoSansCJK-{weight}.ttc"
        if not source.is_file():
            sys.stderr.write(f"{source}: not found (apt-get install fonts-noto-cjk)\n")
            return 1
        out = args.out_dir / f"NotoSansCJKjp-{weight}-subset.otf"
        subset(source, out, points)
        sys.stdout.write(f"{out}: {out.stat().st_size:,} bytes, from {source}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
