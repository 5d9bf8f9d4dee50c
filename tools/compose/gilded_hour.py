"""Gilded Hour: a soaring pop anthem in D major at 122 BPM that lifts to E for its last chorus.

Half-time verses (the snare on 3), a pre-chorus built on the toms, a driving chorus on the ride,
and a bridge where the players trade bars before the key lift. In the duet Player 1 keeps kick,
snare and hi-hat; Player 2 plays the ride, the toms and the crashes, and both hit the big
downbeats together. The chorus harmony climbs IVmaj7–V–iii–vi; the bridge turns on B7, the
dominant of E, so the final chorus rises a whole tone.
"""

from __future__ import annotations

from game.core.arrangement import Voice
from game.core.chart import SongMeta
from tools.compose.backing import Score, arpeggio, bass, comp, melody, pad, percussion
from tools.compose.drums import Bar, bar, crash_in, splice
from tools.compose.song import Composition, Form, compose_song
from tools.compose.theory import Key, note

FORM = Form(
    122.0,
    (
        ("Intro", 8),
        ("Verse 1", 16),
        ("Pre-Chorus 1", 8),
        ("Chorus 1", 8),
        ("Verse 2", 8),
        ("Pre-Chorus 2", 8),
        ("Chorus 2", 8),
        ("Bridge", 8),
        ("Final Chorus", 16),
        ("Outro", 4),
    ),
)
LIFT = 2  # semitones up for the final chorus and the outro

# --- drums ---------------------------------------------------------------------------------------

HALF = bar(  # the half-time verse: kick on 1, snare on 3
    "kick   p1   0...|..2.|....|..3.",
    "snare  p1   ....|....|0..g|....",
    "hat    p1   1.3.|2.3.|1.3.|2.3.",
    "ride   p2   -                     0...|1...|0...|1...",
    "tom3   p2   -                     ....|..2.|....|1.3.",
)
HALF_PICKUP = bar(  # the fourth verse bar: toms lead back to the top
    "kick   p1   0...|..2.|....|....",
    "snare  p1   ....|....|0..g|....",
    "hat    p1   1.3.|2.3.|1.3.|....",
    "ride   p2   -                     0...|1...|0...|....",
    "tom1   p2   ....|....|....|1.3.",
    "tom2   p2   ....|....|....|..2.   ....|....|....|..2.",
    "tom3   p2   ....|....|....|...3",
)
PRE_TOMS = bar(  # the tom-driven build: floor-tom eighths, the backbeat on the snare
    "kick   p1   0...|2...|0...|2...   0...|1...|0...|1...",
    "snare  p1   ....|0...|....|0...",
    "tom3   p2   1.3.|1.3.|1.3.|1.3.   1.2.|1.2.|1.2.|1.2.",
    "tom2   p2   ...3|....|...3|....   ...2|....|...2|....",
)
PRE_DRIVE = bar(  # the build doubles: tom sixteenths answer the snare
    "kick   p1   0...|1...|0...|1...",
    "snare  p1   ....|0...|....|0.G.   ....|0...|....|0.1.",
    "tom3   p2   2.3.|2.3.|2.3.|2...   1.2.|1.2.|1.2.|1...",
    "tom2   p2   ...3|...3|...3|....   ...2|...2|...2|....",
    "tom1   p2   ....|....|....|...3   ....|....|....|...2",
)
PRE_LAST = bar(  # triplets: toms, then the snare, then both together
    "kick   p1   0...|1...|0...|1...",
    "tom1   p2   123|...|...|...",
    "tom2   p2   ...|1..|...|...",
    "tom3   p2   ...|.32|...|...",
    "snare  p1   ...|...|B23|...",
    "snare  both ...|...|...|A.C",
)
CHORUS = bar(  # driving: the ride on the eighths, kicks pushing the off-beats
    "kick   p1   0...|1.3.|0...|1.2.",
    "snare  p1   ....|0...|....|0...",
    "ride   p2   2.3.|2.3.|2.3.|2.3.   0.2.|1.2.|0.2.|1.2.",
    "hat    p1   -                     ..2.|..2.|..2.|..2.",
    "kick   p2   -                     1...|....|....|....",
)
TOM_FILL = bar(  # beat 4: down the toms
    "kick   p1   ....|....|....|0...",
    "tom1   p2   ....|....|....|12..",
    "tom2   p2   ....|....|....|..2.",
    "tom3   p2   ....|....|....|...3",
)
SNARE_FILL = bar(  # beats 3-4: the snare calls, the floor tom answers
    "kick   p1   ....|....|0...|0...",
    "snare  p1   ....|....|1.23|....   ....|....|1.22|....",
    "tom3   p2   ....|....|....|1.23   ....|....|....|1.22",
)

# The bridge: Player 1's half-time bar, Player 2's tom answer, then both build to the lift.
BRIDGE_CALL = bar(
    "kick   p1   0...|..2.|....|..3.   0...|..1.|....|..2.",
    "snare  p1   ....|....|0..3|....   ....|....|0..2|....",
    "hat    p1   1.3.|2.3.|1.3.|2.3.   1.2.|1.2.|1.2.|1.2.",
)
BRIDGE_ANSWER = bar(
    "tom3   p2   0...|..2.|....|..3.   0...|..1.|....|..2.",
    "tom2   p2   ....|....|0..3|....   ....|....|0..2|....",
    "tom1   p2   1.3.|2.3.|1.3.|2.3.   1.2.|1.2.|1.2.|1.2.",
)
BRIDGE_RISE = bar(  # both build: floor tom eighths over four on the floor
    "kick   p1   0...|1...|0...|1...",
    "snare  p1   ....|0.3.|....|0.2.   ....|0.2.|....|0.1.",
    "tom3   p2   2.3.|2.3.|2.3.|2.3.   1.2.|1.2.|1.2.|1.2.",
)
BRIDGE_LAST = bar(  # the lift: unison hits on the beats, then a unison snare run
    "crash  both A...|B...|....|....",
    "kick   both 0...|1...|0...|....",
    "snare  both ....|....|B.2.|C3D3",
)
BRIDGE_BUILD = (crash_in(BRIDGE_RISE, "B"), BRIDGE_RISE, splice(BRIDGE_RISE, SNARE_FILL, 2))
BRIDGE_BUILD += (BRIDGE_LAST,)
ENDING = bar("crash both A...", "kick both 0...")
INTRO_TOMS = bar(  # the intro's heartbeat: the floor tom and the kick, soft
    "kick   p1   0...|....|0...|....   0...|....|0...|1...",
    "tom3   p2   ..2.|1...|..2.|1...   ..1.|0...|..1.|0...",
    "tom2   p2   -                     ....|..3.|....|..2.",
)


def verse(bars: int) -> list[Bar]:
    """Half-time four-bar phrases; a crash opens the verse, toms close each phrase."""
    out: list[Bar] = []
    for phrase in range(bars // 4):
        out += [crash_in(HALF, "B") if phrase == 0 else HALF, HALF, HALF, HALF_PICKUP]
    return out


def pre_chorus() -> list[Bar]:
    """Eight bars: the floor-tom build, doubling, then the triplet call and response."""
    build = [crash_in(PRE_TOMS, "B"), PRE_TOMS, PRE_TOMS, splice(PRE_TOMS, SNARE_FILL, 2)]
    return [*build, PRE_DRIVE, PRE_DRIVE, PRE_DRIVE, PRE_LAST]


def chorus(bars: int) -> list[Bar]:
    """Four-bar phrases of the driving groove, crash and kick together on each phrase."""
    out: list[Bar] = []
    for phrase in range(bars // 4):
        last = bars // 4 - 1 == phrase
        end = splice(CHORUS, SNARE_FILL, 2) if last else splice(CHORUS, TOM_FILL, 3)
        out += [crash_in(CHORUS), CHORUS, crash_in(CHORUS, "C"), end]
    return out


DRUMS: dict[str, list[Bar]] = {
    "Intro": [INTRO_TOMS] * 3 + [splice(INTRO_TOMS, SNARE_FILL, 2)] + chorus(4),
    "Verse 1": verse(16),
    "Pre-Chorus 1": pre_chorus(),
    "Chorus 1": chorus(8),
    "Verse 2": verse(8),
    "Pre-Chorus 2": pre_chorus(),
    "Chorus 2": chorus(8),
    "Bridge": [BRIDGE_CALL, BRIDGE_ANSWER, BRIDGE_CALL, BRIDGE_ANSWER, *BRIDGE_BUILD],
    "Final Chorus": chorus(16),
    "Outro": [crash_in(CHORUS), CHORUS, splice(CHORUS, SNARE_FILL, 2), ENDING],
}

# --- backing -------------------------------------------------------------------------------------

KEY = Key(2, "major")  # D major
CHORUS_CHORDS = ["Gmaj7", "A", "F#m7", "Bm7", "Gmaj7", "A", "Bm7 A/C#", "D"]
VERSE_CHORDS = ["Dadd9", "F#m7", "Bm7", "G", "Em7", "F#m7", "Gmaj7", "A"]
PRE_CHORDS = ["Em7", "D/F#", "Gmaj7", "A", "Em7", "D/F#", "G", "Asus4 A"]
BRIDGE_CHORDS = ["Bm7", "Gmaj7", "D", "A", "Bm7", "Gmaj7", "Em7", "B7sus4 B7"]
OUTRO_CHORDS = ["Gmaj7", "A", "Bm7 A/C#", "D"]
HOOK = [
    "5:4 6:2 5:2 8:6 r:2",
    "7:2 8:2 9:4 8:2 7:2 5:4",
    "3:4 5:2 7:2 10:6 r:2",
    "9:2 8:2 7:2 8:2 6:8",
    "5:4 6:2 5:2 8:4 9:4",
    "10:4 9:2 8:2 9:8",
    "8:4 7:2 6:2 7:4 9:4",
    "8:12 r:4",
]
VERSE_TUNE = [
    "3:2 2:2 1:4 r:2 1:2 2:2 3:2",
    "5:6 3:2 r:4 3:2 5:2",
    "6:4 5:2 3:2 5:4 r:4",
    "4:2 3:2 1:4 0:2 1:6",
    "2:2 3:2 4:4 5:4 r:4",
    "3:2 5:2 7:4 5:4 r:4",
    "4:2 6:2 8:4 7:4 6:4",
    "5:12 r:4",
]
PRE_TUNE = [
    "2:4 3:4 4:4 5:4",
    "3:4 5:4 6:4 5:4",
    "4:4 6:4 8:4 6:4",
    "5:8 r:8",
    "5:4 6:4 8:4 9:4",
    "8:4 9:4 10:4 9:4",
    "8:4 9:4 11:8",
    "12:8 r:4 9:4",
]
BRIDGE_TUNE = [
    "6:8 5:8",
    "3:8 5:8",
    "8:12 r:4",
    "7:16",
    "6:8 8:8",
    "10:8 9:8",
    "8:8 9:8",
    "9:8 8#:8",
]
BASS = {
    "half": "R-------..O.5-..",
    "drive": "R.R.R.R.R.R.R.RA",
    "pulse": "R---R---R---R--A",
    "end": "R---------------",
}
SHAKER = "x.xXx.xXx.xXx.xX"
ARPEGGIO = "0123423101234231"
FANFARE = "X-----..x.x.X---"
CLAPS_HALF = "........x......."
CLAPS = "....x.......x..."


def _chords(name: str, bars: int) -> list[str]:
    if name == "Intro":
        return CHORUS_CHORDS
    if name.startswith("Verse"):
        return (VERSE_CHORDS[:4] * 3 + VERSE_CHORDS[4:])[-bars:]
    if name.startswith("Pre-Chorus"):
        return PRE_CHORDS
    if name == "Bridge":
        return BRIDGE_CHORDS
    if name == "Outro":
        return OUTRO_CHORDS
    return [CHORUS_CHORDS[i % 8] for i in range(bars)]


def backing(score: Score, form: Form) -> None:
    """Write the band: bass, piano, brass, pad, the hook, the pluck and hand percussion."""
    score.instrument("bass synth", Voice.BASS, 0.0, 0.55)
    score.instrument("keys piano", Voice.KEYS, -0.25, 0.45)
    score.instrument("brass horns", Voice.BRASS, 0.3, 0.7)
    score.instrument("pad choir", Voice.PAD, 0.0, 0.5)
    score.instrument("lead hook", Voice.LEAD, 0.1, 0.9)
    score.instrument("pluck arpeggio", Voice.PLUCK, 0.4, 0.55)
    score.instrument("percussion claps", Voice.PERCUSSION, 0.0, 0.55)
    score.instrument("percussion shaker", Voice.PERCUSSION, 0.5, 0.3)
    score.instrument("percussion tambourine", Voice.PERCUSSION, -0.5, 0.4)
    spans = form.spans()
    for k, (name, first, bars) in enumerate(spans):
        chords = _chords(name, bars)
        lift = LIFT if name in ("Final Chorus", "Outro") else 0
        nxt_chords = _chords(*spans[k + 1][::2]) if k + 1 < len(spans) else None
        for i in range(bars):
            nxt = chords[i + 1] if i + 1 < bars else (nxt_chords[0] if nxt_chords else None)
            tick, spec = form.tick(first + i), chords[i % len(chords)]
            _bar(score, name, i, bars, tick, spec, nxt, lift)


def _bar(
    score: Score, name: str, i: int, bars: int, tick: int, spec: str, nxt: str | None, lift: int
) -> None:
    """One bar of the band in section `name` (bar i of `bars`), `lift` semitones up."""
    low = note("D1")
    key, base = KEY.transpose(lift), note("D4") + lift
    if name == "Outro" and i == bars - 1:
        bass(score, "bass synth", tick, spec, BASS["end"], low, transpose=lift)
        comp(score, "keys piano", tick, spec, "X---------------", 57, 76, 0.7, transpose=lift)
        comp(score, "brass horns", tick, spec, "X-----------....", 60, 79, 0.75, 3, transpose=lift)
        pad(score, "pad choir", tick, spec, 50, 69, 0.5, transpose=lift)
        return
    if name.startswith("Verse"):
        bass(score, "bass synth", tick, spec, BASS["half"], low, nxt)
        comp(score, "keys piano", tick, spec, "x-------x-------", 57, 76, 0.45)
        arpeggio(score, "pluck arpeggio", tick, spec, ARPEGGIO, note("D4"), 0.4)
        percussion(score, "percussion claps", tick, CLAPS_HALF, 39, 0.5)
        percussion(score, "percussion shaker", tick, SHAKER, 82, 0.35)
        if bars - i <= 12:  # the first phrase of a long verse is the band's alone
            tune = VERSE_TUNE[(4 if i >= bars - 4 else 0) + i % 4]
            melody(score, "lead hook", tick, key, base, tune, 0.55)
    elif name.startswith("Pre-Chorus"):
        bass(score, "bass synth", tick, spec, BASS["pulse" if i < 4 else "drive"], low, nxt)
        comp(score, "keys piano", tick, spec, "x-x-x-x-x-x-x-x-", 57, 76, 0.45 + 0.02 * i)
        pad(score, "pad choir", tick, spec, 50, 69, 0.3 + 0.03 * i)
        tambourine = "x.x.x.x.x.x.x.x." if i < 6 else "xxxxxxxxxxxxxxxx"
        percussion(score, "percussion tambourine", tick, tambourine, 54, 0.35 + 0.02 * i)
        melody(score, "lead hook", tick, key, base, PRE_TUNE[i], 0.6)
    elif name == "Bridge":  # its last approach note leads into the lifted key
        groove = BASS["pulse" if i < 4 else "drive"]
        bass(score, "bass synth", tick, spec, groove, low, nxt, next_shift=LIFT * (i == bars - 1))
        pad(score, "pad choir", tick, spec, 50, 69, 0.35 + 0.03 * i)
        if i >= 4:
            arpeggio(score, "pluck arpeggio", tick, spec, ARPEGGIO, note("D4"), 0.4)
        if i == bars - 1:
            comp(score, "brass horns", tick, spec, "X...X.......X-X-", 60, 79, 0.6, 3)
        melody(score, "lead hook", tick, key, base, BRIDGE_TUNE[i], 0.5)
    else:  # intro, choruses and the outro's first bars: the whole band
        opening = name == "Intro" and i < 4
        groove = BASS["pulse" if opening else "drive"]
        bass(score, "bass synth", tick, spec, groove, low, nxt, transpose=lift)
        pad(score, "pad choir", tick, spec, 50, 69, 0.45, transpose=lift)
        arpeggio(score, "pluck arpeggio", tick, spec, ARPEGGIO, note("D4"), 0.4, transpose=lift)
        if opening:
            return
        comp(score, "keys piano", tick, spec, "x-.x-.x-x-.x-.x-", 57, 76, 0.5, transpose=lift)
        if i % 4 == 0:
            comp(score, "brass horns", tick, spec, FANFARE, 60, 79, 0.6, 3, transpose=lift)
        percussion(score, "percussion claps", tick, CLAPS, 39, 0.6)
        percussion(score, "percussion tambourine", tick, "x.X.x.X.x.X.x.X.", 54, 0.4)
        melody(score, "lead hook", tick, key, base, HOOK[i % 8], 0.7)


# --- the song ------------------------------------------------------------------------------------

META = SongMeta(
    title="Gilded Hour",
    artist="Drum Duet",
    genre="K-Pop",
    year="2026",
    charter="Drum Duet",
    length_s=round(FORM.seconds(FORM.bars), 3),
    preview_start_s=round(FORM.seconds(FORM.start("Chorus 1")), 3),
    difficulty=4,
)


def compose() -> Composition:
    """The chart and the arrangement of Gilded Hour."""
    return compose_song("gilded-hour", META, FORM, DRUMS, backing, star_power=True)
