"""Firecracker Night: bright disco-pop in G minor at 114 BPM, about three minutes.

The drums: four on the floor, the backbeat on 2 and 4, open hi-hats on the off-beats. In the duet
Player 1 holds the groove (kick, snare, the hi-hat on the beat) and Player 2 is the percussionist:
the off-beat open hats, conga-like tom figures, the ride in the pre-chorus, the crashes and the tom
answers of every fill. The two meet in unison on the big downbeats, and trade bars in the
"Drum Duet Break". The backing runs one four-chord loop (i–VI–III–VII: Gm7 Ebmaj7 Bb F) under
an octave funk bass, off-beat electric piano, brass stabs and an original synth hook.
"""

from __future__ import annotations

from game.core.arrangement import Voice
from game.core.chart import SongMeta
from tools.compose.backing import Score, arpeggio, bass, comp, melody, pad, percussion
from tools.compose.drums import Bar, bar, crash_in, layer, splice
from tools.compose.song import Composition, Form, compose_song
from tools.compose.theory import Key, note

FORM = Form(
    114.0,
    (
        ("Intro", 8),
        ("Verse 1", 12),
        ("Pre-Chorus 1", 8),
        ("Chorus 1", 8),
        ("Verse 2", 8),
        ("Pre-Chorus 2", 4),
        ("Chorus 2", 8),
        ("Drum Duet Break", 8),
        ("Final Chorus", 16),
        ("Outro", 4),
    ),
)

# --- drums ---------------------------------------------------------------------------------------

PULSE = bar(  # the intro: kick and off-beat hats, no backbeat yet
    "kick   p1   0...|1...|0...|1...",
    "hat    p2   ..1.|..1.|..1.|..1.   ..0.|..1.|..0.|..1.",
    "hat    p2   -                     ....|...3|....|...3",
)
VERSE_KIT = bar(
    "kick   p1   0...|1...|1...|1...",
    "snare  p1   ....|0..g|....|0...",
    "hat    p1   3...|3...|3...|3...   2...|2...|2...|2...",
    "hat    p2   ..2.|..2.|..2.|..2.   ..1.|..0.|..1.|..0.",
)
CONGAS = bar(  # Player 2's conga-like tom figure under the verse (the duet only)
    "tom2   p2   -    ...3|....|...2|....",
    "tom3   p2   -    ....|2..3|....|1.3.",
)
VERSE = layer(VERSE_KIT, CONGAS)
CHORUS = bar(
    "kick   p1   0...|1...|0...|1..3",
    "kick   p2   -                     1...|....|2...|....",
    "snare  p1   ....|0...|..g.|0...",
    "hat    p1   3...|3...|3...|3...   2...|2...|2...|2...",
    "hat    p2   ..23|..23|..23|..23   ..12|..02|..12|..02",
)
PRE = bar(  # ride on the eighths, the backbeat steady
    "kick   p1   0...|1...|0...|1...",
    "snare  p1   ....|0...|....|0..g",
    "ride   p2   2.3.|2.3.|2.3.|2.3.   1.2.|1.2.|1.2.|1.2.",
    "tom3   p2   -                     ....|....|....|..3.",
)
PRE_BUILD = bar(  # snare eighths over a floor-tom pulse
    "kick   p1   0...|1...|0...|1...",
    "snare  p1   ..g.|0.g.|..G.|0.G.   ..G.|0.G.|..1.|0.1.",
    "tom3   p2   2...|2...|2...|2...   1...|1...|1...|1...",
)
PRE_LAST = bar(  # toms call, snare answers, then both on the last beat
    "kick   p1   0...|1...|0...|1...",
    "tom1   p2   1.23|....|....|....",
    "snare  p1   ....|1.23|....|....",
    "tom2   p2   ....|....|1.23|....",
    "snare  both ....|....|....|B.C.",
)
TOM_RUN = bar(  # Player 2 rolls down the toms on beat 4
    "kick   p1   ....|....|....|0...",
    "tom1   p2   ....|....|....|23..   ....|....|....|12..",
    "tom2   p2   ....|....|....|..2.   ....|....|....|..1.",
    "tom3   p2   ....|....|....|...3   ....|....|....|...2",
)
SNARE_RUN = bar(  # Player 1 answers on the snare
    "kick   p1   ....|....|....|0...",
    "snare  p1   ....|....|....|B2C3",
)
TRADE = bar(  # snare on beat 3, toms answer on beat 4
    "kick   p1   ....|....|0...|0...",
    "snare  p1   ....|....|1233|....   ....|....|1223|....",
    "tom1   p2   ....|....|....|12..",
    "tom2   p2   ....|....|....|..2.",
    "tom3   p2   ....|....|....|...2",
)

# The break: Player 1 calls with kick, snare and hats; Player 2 answers on the toms.
CALL_A = bar(
    "kick   p1   0..2|..1.|0..2|....",
    "snare  p1   ....|0..3|....|0.2.   ....|0..2|....|0.1.",
    "hat    p1   2.3.|2.3.|2.3.|2.3.   1.2.|1.2.|1.2.|1.2.",
)
ANSWER_A = bar(
    "tom3   p2   0..2|....|....|..3.   0..1|....|....|..2.",
    "tom2   p2   ....|0..3|....|....   ....|0..2|....|....",
    "tom1   p2   ....|....|0..2|....   ....|....|0..1|....",
    "crash  p2   ....|....|....|C...   ....|....|....|B...",
)
CALL_B = bar(
    "kick   p1   0..2|..1.|0.2.|..1.",
    "snare  p1   ....|0.3.|..3.|0323   ....|0.2.|..2.|0212",
    "hat    p1   2.3.|2.3.|2.3.|....   1.2.|1.2.|1.2.|....",
)
ANSWER_B = bar(
    "tom1   p2   0.23|....|....|....   0.12|....|....|....",
    "tom2   p2   ....|0.23|....|....   ....|0.12|....|....",
    "tom3   p2   ....|....|0.23|0...   ....|....|0.12|0...",
    "crash  p2   ....|....|....|..C.   ....|....|....|..B.",
)
HALF_TRADE = bar(  # two beats each
    "kick   p1   0...|0...|....|....",
    "snare  p1   2.33|C.3.|....|....   1.22|B.2.|....|....",
    "tom1   p2   ....|....|2.33|....   ....|....|0.22|....",
    "crash  p2   ....|....|....|C...   ....|....|....|B...",
    "tom3   p2   ....|....|....|..3.   ....|....|....|..2.",
)
QUARTER_TRADE = bar(  # one beat each, then both together
    "kick   p1   0...|....|....|....",
    "snare  p1   C.33|....|....|....   B.22|....|....|....",
    "tom2   p2   ....|C.33|....|....   ....|B.22|....|....",
    "snare  both ....|....|A.B.|C.D.",
    "kick   both ....|....|0...|1...",
)
BREAK_END = (HALF_TRADE, QUARTER_TRADE)
ENDING = bar("crash both A...", "kick both 0...")

INTRO = [PULSE, PULSE, PULSE, layer(PULSE, bar("snare p1 ....|....|....|1.23"))]
INTRO += [crash_in(CHORUS), CHORUS, CHORUS, splice(CHORUS, TRADE, 2)]


def verse(bars: int) -> list[Bar]:
    """A verse: four-bar phrases, a crash to open, a tom or snare pickup to close each phrase."""
    out: list[Bar] = []
    for phrase in range(bars // 4):
        last = splice(VERSE, TOM_RUN if phrase % 2 == 0 else SNARE_RUN, 3)
        out += [crash_in(VERSE, "B") if phrase == 0 else VERSE, VERSE, VERSE, last]
    return out


def pre_chorus(bars: int) -> list[Bar]:
    """The pre-chorus: ride groove, then the snare build, then the call-and-response bar."""
    return [crash_in(PRE, "B")] + [PRE] * (bars - 3) + [PRE_BUILD, PRE_LAST]


def chorus(bars: int, final: bool = False) -> list[Bar]:
    """A chorus: crash and kick together on each phrase, tom and trade fills at the ends.

    The final chorus crashes every two bars (on Hard and Expert).
    """
    out: list[Bar] = []
    third = crash_in(CHORUS, "C") if final else CHORUS
    for phrase in range(bars // 4):
        end = TRADE if phrase == bars // 4 - 1 else TOM_RUN
        out += [crash_in(CHORUS), CHORUS, third, splice(CHORUS, end, 3 if end is TOM_RUN else 2)]
    return out


DRUMS: dict[str, list[Bar]] = {
    "Intro": INTRO,
    "Verse 1": verse(12),
    "Pre-Chorus 1": pre_chorus(8),
    "Chorus 1": chorus(8),
    "Verse 2": verse(8),
    "Pre-Chorus 2": pre_chorus(4),
    "Chorus 2": chorus(8),
    "Drum Duet Break": [CALL_A, ANSWER_A, CALL_B, ANSWER_B, CALL_A, ANSWER_B, *BREAK_END],
    "Final Chorus": chorus(16, final=True),
    "Outro": [crash_in(CHORUS), CHORUS, splice(CHORUS, TRADE, 2), ENDING],
}

# --- backing -------------------------------------------------------------------------------------

KEY = Key(7, "minor")  # G minor
LOOP = ["Gm7", "Ebmaj7", "Bb", "F"]
PRE_CHORDS = ["Cm7", "Dm7", "Ebmaj7", "F", "Cm7", "Dm7", "Ebmaj7", "D7sus4 D7"]
HOOK = [  # the chorus hook over the loop (scale degrees of G minor : sixteenths)
    "r:2 5:2 7:2 8:3 7:1 5:2 4:2 r:2",
    "3:2 5:2 r:2 6:3 5:1 3:4 r:2",
    "r:2 5:2 7:2 8:3 9:1 10:2 9:2 8:2",
    "7:4 8:2 7:2 5:6 r:2",
]
HOOK_END = "7:2 8:2 9:4 8:6 r:2"
VERSE_TUNE = [
    "1:2 1:2 3:2 4:2 5:4 r:4",
    "6:2 5:2 3:2 1:2 3:6 r:2",
    "3:2 3:2 4:2 5:2 7:3 5:1 4:4",
    "2:4 1:2 0:2 2:6 r:2",
]
PRE_TUNE = [
    "4:2 5:2 6:4 5:2 4:2 3:4",
    "5:2 6:2 7:4 6:2 5:2 4:4",
    "6:2 7:2 8:4 7:2 6:2 5:4",
    "7:4 9:4 8:8",
]
PRE_TUNE_END = "8:2 9:2 8:4 7#:4 5:4"
BASS = {
    "funk": "R.O.R.O.R.O.RO.O",
    "funk turn": "R.O.R.O.R.O.O5OA",
    "pulse": "R.R.R.R.R.R.R.RA",
    "break": "R..R..O.R...O.R.",
    "end": "R---------------",
}
KEYS_SKANK = "..x-..x-..x-..x-"
KEYS_DRIVE = "x-.x..x-.x..x.x."
BRASS = ["X..x..X...x.X...", "..x...x.X..x.X--"]
CLAPS = "....x.......x..."
SHAKER = "xxXxxxXxxxXxxxXx"
TAMBOURINE = "x.X.x.X.x.X.x.X."


def _section_chords(name: str, bars: int) -> list[str]:
    if name.startswith("Pre-Chorus"):
        return PRE_CHORDS[-bars:] if bars < 8 else PRE_CHORDS
    if name == "Outro":
        return [*LOOP[:3], "Gm9"]
    return [LOOP[i % 4] for i in range(bars)]


def backing(score: Score, form: Form) -> None:
    """Write the band: bass, keys, brass, pad, lead, pluck and hand percussion."""
    score.instrument("bass octave funk", Voice.BASS, 0.0, 0.6)
    score.instrument("keys electric piano", Voice.KEYS, -0.3, 0.55)
    score.instrument("brass stabs", Voice.BRASS, 0.25, 0.75)
    score.instrument("pad strings", Voice.PAD, 0.0, 0.45)
    score.instrument("lead hook", Voice.LEAD, 0.1, 0.9)
    score.instrument("pluck arpeggio", Voice.PLUCK, 0.45, 0.55)
    score.instrument("percussion claps", Voice.PERCUSSION, 0.0, 0.6)
    score.instrument("percussion shaker", Voice.PERCUSSION, 0.5, 0.35)
    score.instrument("percussion tambourine", Voice.PERCUSSION, -0.5, 0.4)
    spans = form.spans()
    for k, (name, first, bars) in enumerate(spans):
        chords = _section_chords(name, bars)
        following = _section_chords(spans[k + 1][0], spans[k + 1][2]) if k + 1 < len(spans) else []
        for i in range(bars):
            tick = form.tick(first + i)
            spec = chords[i]
            nxt = chords[i + 1] if i + 1 < bars else (following[0] if following else None)
            _bar(score, name, i, bars, tick, spec, nxt)


def _bar(score: Score, name: str, i: int, bars: int, tick: int, spec: str, nxt: str | None) -> None:
    """One bar of the band in section `name` (bar i of `bars`)."""
    low_bass = note("E1")
    big = name.startswith(("Chorus", "Final", "Outro")) or (name == "Intro" and i >= 4)
    if name == "Outro" and i == bars - 1:
        bass(score, "bass octave funk", tick, spec, BASS["end"], low_bass)
        comp(score, "keys electric piano", tick, spec, "X---------------", 55, 74, 0.7)
        comp(score, "brass stabs", tick, spec, "X-------........", 62, 82, 0.8, size=3)
        pad(score, "pad strings", tick, spec, 48, 67, 0.5)
        return
    if name == "Drum Duet Break":
        bass(score, "bass octave funk", tick, spec, BASS["break"], low_bass, nxt, 0.75)
        percussion(score, "percussion claps", tick, CLAPS, 39, 0.55)
        if i >= bars - 2:
            pad(score, "pad strings", tick, spec, 48, 67, 0.3)
        return
    turn = i % 4 == 3
    if name.startswith("Pre-Chorus"):
        bass(score, "bass octave funk", tick, spec, BASS["pulse"], low_bass, nxt)
        comp(score, "keys electric piano", tick, spec, "x-x-x-x-x-x-x-x-", 55, 74, 0.5)
        pad(score, "pad strings", tick, spec, 48, 67, 0.35 + 0.03 * i)
        tambourine = "x.x.x.x.x.x.x.x." if i < bars - 2 else "xxxxxxxxxxxxxxxx"
        percussion(score, "percussion tambourine", tick, tambourine, 54, 0.4)
        tune = PRE_TUNE_END if i == bars - 1 else PRE_TUNE[(i + (8 - bars)) % 4]
        melody(score, "lead hook", tick, KEY, note("G4"), tune, 0.6)
    else:
        groove = BASS["funk turn" if turn else "funk"]
        bass(score, "bass octave funk", tick, spec, groove, low_bass, nxt)
    if name == "Intro" and i < 4:
        arpeggio(score, "pluck arpeggio", tick, spec, "0.2.1.3.2.4.3.1.", note("G3"), 0.45)
        percussion(score, "percussion shaker", tick, SHAKER, 82, 0.45)
    elif name.startswith("Verse"):
        comp(score, "keys electric piano", tick, spec, KEYS_SKANK, 55, 74, 0.5)
        pad(score, "pad strings", tick, spec, 48, 67, 0.3)
        arpeggio(score, "pluck arpeggio", tick, spec, "0.2.1.3.2.4.3.1.", note("G3"), 0.4)
        percussion(score, "percussion claps", tick, CLAPS, 39, 0.55)
        percussion(score, "percussion shaker", tick, SHAKER, 82, 0.4)
        if bars - i <= 8:  # the first phrase of a long verse is the band's alone
            melody(score, "lead hook", tick, KEY, note("G4"), VERSE_TUNE[i % 4], 0.55)
        if turn:
            comp(score, "brass stabs", tick, spec, "........X..x.X--", 62, 82, 0.55, size=3)
    elif big:
        comp(score, "keys electric piano", tick, spec, KEYS_DRIVE, 55, 74, 0.55)
        comp(score, "brass stabs", tick, spec, BRASS[i % 2], 62, 82, 0.65, size=3, gate=0.5)
        pad(score, "pad strings", tick, spec, 48, 67, 0.4)
        percussion(score, "percussion claps", tick, CLAPS, 39, 0.65)
        percussion(score, "percussion tambourine", tick, TAMBOURINE, 54, 0.45)
        tune = HOOK_END if (name == "Outro" and i == bars - 2) else HOOK[i % 4]
        melody(score, "lead hook", tick, KEY, note("G4"), tune, 0.7)


# --- the song ------------------------------------------------------------------------------------

META = SongMeta(
    title="Firecracker Night",
    artist="Drum Duet",
    genre="Disco Pop",
    year="2026",
    charter="Drum Duet",
    length_s=round(FORM.seconds(FORM.bars), 3),
    preview_start_s=round(FORM.seconds(FORM.start("Chorus 1")), 3),
    difficulty=3,
)


def compose() -> Composition:
    """The chart and the arrangement of Firecracker Night."""
    return compose_song("firecracker-night", META, FORM, DRUMS, backing, star_power=True)
