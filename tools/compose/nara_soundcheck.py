"""Nara Soundcheck: a one-minute warm-up in G major at 90 BPM, for the tutorial and calibration.

Four stick clicks count the song in; then a steady rock beat — kick on 1 and 3, snare on 2 and 4,
eighth-note hi-hats — with few fills, so a player can settle in and the calibration screen gets
an even pulse. In the duet Player 1 keeps that beat and Player 2 rides along on the ride cymbal
and the floor tom; both crash together at the top of each section and on the last hit.
"""

from __future__ import annotations

from game.core.arrangement import Voice
from game.core.chart import SongMeta
from tools.compose.backing import Score, arpeggio, bass, comp, melody, pad, percussion
from tools.compose.drums import REST, Bar, bar, crash_in, splice
from tools.compose.song import Composition, Form, compose_song
from tools.compose.theory import Key, note

FORM = Form(
    90.0,
    (
        ("Count-In", 1),
        ("Intro", 2),
        ("Verse", 8),
        ("Chorus", 8),
        ("Outro", 3),
    ),
)
STICKS = 31  # GM "Sticks"

# --- drums ---------------------------------------------------------------------------------------

BEAT = bar(  # the rock beat: Player 1; Player 2 rides along
    "kick   p1   0...|....|0.3.|....",
    "snare  p1   ....|0...|....|0...",
    "hat    p1   1.2.|1.2.|1.2.|1.2.",
    "ride   p2   -                     0.2.|1.2.|0.2.|1.23",
    "tom3   p2   -                     ....|1...|....|1.3.",
    "kick   p2   -                     1...|....|....|....",
)
BIG_BEAT = bar(  # the chorus: the kit moves to the ride, Player 1 keeps the hi-hat
    "kick   p1   0...|....|0.2.|....",
    "snare  p1   ....|0...|....|0...",
    "ride   p2   1.2.|1.2.|1.2.|1.2.   0.2.|1.2.|0.2.|1.2.",
    "hat    p1   -                     1.2.|1.2.|1.2.|1.2.",
    "tom3   p2   -                     ....|1...|....|1.3.",
    "kick   p2   -                     1...|....|....|....",
)
SIMPLE_FILL = bar(  # beat 4: two snares, two floor toms
    "kick   p1   ....|....|....|0...",
    "snare  p1   ....|....|....|1.2.   ....|....|....|0.2.",
    "tom3   p2   ....|....|....|..3.   ....|....|....|..2.",
    "tom1   p2   ....|....|....|...3   ....|....|....|...3",
)
ENDING = bar("crash both A...", "kick both 0...")

CHORUS = [crash_in(BIG_BEAT), BIG_BEAT, BIG_BEAT, BIG_BEAT]
CHORUS += [crash_in(BIG_BEAT, "B"), BIG_BEAT, BIG_BEAT, splice(BIG_BEAT, SIMPLE_FILL, 3)]

DRUMS: dict[str, list[Bar]] = {
    "Count-In": [REST],
    "Intro": [crash_in(BEAT), splice(BEAT, SIMPLE_FILL, 3)],
    "Verse": [crash_in(BEAT, "B")] + [BEAT] * 6 + [splice(BEAT, SIMPLE_FILL, 3)],
    "Chorus": CHORUS,
    "Outro": [crash_in(BEAT), BEAT, ENDING],
}

# --- backing -------------------------------------------------------------------------------------

KEY = Key(7, "major")  # G major
LOOP = ["Gadd9", "Em7", "Cmaj7", "Dsus4 D"]
TUNE = [
    "5:4 6:4 5:4 3:4",
    "2:4 3:4 5:8",
    "6:4 5:4 3:4 2:4",
    "2:12 r:4",
    "5:4 6:4 8:4 9:4",
    "8:4 6:4 5:8",
    "6:4 8:4 9:4 10:4",
    "9:4 8:4 9:4 r:4",
]


def backing(score: Score, form: Form) -> None:
    """Write the band: count-in sticks, bass, keys, pad, a simple tune, pluck and shaker."""
    score.instrument("percussion sticks", Voice.PERCUSSION, 0.0, 0.7)
    score.instrument("bass warm", Voice.BASS, 0.0, 0.55)
    score.instrument("keys electric piano", Voice.KEYS, -0.3, 0.5)
    score.instrument("pad soft", Voice.PAD, 0.0, 0.35)
    score.instrument("lead melody", Voice.LEAD, 0.1, 0.8)
    score.instrument("pluck arpeggio", Voice.PLUCK, 0.4, 0.5)
    score.instrument("percussion shaker", Voice.PERCUSSION, 0.5, 0.3)
    score.instrument("percussion tambourine", Voice.PERCUSSION, -0.5, 0.35)
    low = note("E1")
    for name, first, bars in form.spans():
        for i in range(bars):
            tick = form.tick(first + i)
            spec = LOOP[i % 4]
            nxt = LOOP[(i + 1) % 4]
            if name == "Count-In":
                percussion(score, "percussion sticks", tick, "XxXx", STICKS, 0.7)
                continue
            if name == "Outro" and i == bars - 1:
                bass(score, "bass warm", tick, "G", "R---------------", low)
                comp(score, "keys electric piano", tick, "G", "X---------------", 55, 74, 0.6)
                pad(score, "pad soft", tick, "Gadd9", 50, 69, 0.45)
                continue
            bass(score, "bass warm", tick, spec, "R-..R-..R-..R-.A", low, nxt)
            comp(score, "keys electric piano", tick, spec, "x---..x-x---..x-", 55, 74, 0.45)
            pad(score, "pad soft", tick, spec, 50, 69, 0.3)
            percussion(score, "percussion shaker", tick, "x.X.x.X.x.X.x.X.", 82, 0.35)
            if name == "Verse":
                arpeggio(score, "pluck arpeggio", tick, spec, "0.1.2.3.4.3.2.1.", note("G3"))
            if name == "Chorus":
                percussion(score, "percussion tambourine", tick, "....x.......x...", 54, 0.45)
            if name in ("Verse", "Chorus"):
                tune = TUNE[i % 8] if name == "Chorus" else TUNE[i % 4]
                melody(score, "lead melody", tick, KEY, note("G4"), tune, 0.5)


# --- the song ------------------------------------------------------------------------------------

META = SongMeta(
    title="Nara Soundcheck",
    artist="Drum Duet",
    genre="Pop Rock",
    year="2026",
    charter="Drum Duet",
    length_s=round(FORM.seconds(FORM.bars), 3),
    preview_start_s=round(FORM.seconds(FORM.start("Verse")), 3),
    difficulty=1,
)


def compose() -> Composition:
    """The chart and the arrangement of Nara Soundcheck."""
    return compose_song("nara-soundcheck", META, FORM, DRUMS, backing)
