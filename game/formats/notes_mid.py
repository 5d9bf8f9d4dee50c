"""notes.mid: the Rock Band / Clone Hero / YARG drum chart, and Drum Duet's duet tracks.

Reads the tempo track, EVENTS, the drum track (`PART DRUMS` or an alias) and the duet tracks
`DUET DRUMS P1` / `DUET DRUMS P2`; every other track is skipped undecoded. A drum track's
`[mix N drumsCd]` events mark its disco-flip sections (see `disco_flip`).
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from game.base.bounded import read_bounded
from game.core.chart import PhraseKind
from game.core.lanes import Difficulty, Dynamics, Part
from game.core.tempo import TempoChange, TimeSignature
from game.formats.disco_flip import flip_spans
from game.formats.draft import ChartDraft, Gem, Pad, TrackDraft
from game.formats.errors import ChartError
from game.formats.midi_file import parse_midi

MAX_NOTES_MID_BYTES = 16 * 1024 * 1024
DRUM_TRACK_NAMES = ("PART DRUMS", "PART DRUM", "PART REAL_DRUMS_PS", "PART DRUMS_2X")
DUET_TRACK_NAMES = {Part.P1: "DUET DRUMS P1", Part.P2: "DUET DRUMS P2"}
EVENTS_TRACK = "EVENTS"
DYNAMICS_EVENT = "[ENABLE_CHART_DYNAMICS]"

DIFFICULTY_BASE = {
    Difficulty.EASY: 60,
    Difficulty.MEDIUM: 72,
    Difficulty.HARD: 84,
    Difficulty.EXPERT: 96,
}
DOUBLE_KICK = 95
TOM_MARKERS = {110: Pad.YELLOW, 111: Pad.BLUE, 112: Pad.GREEN}
PHRASE_NOTES = {
    116: PhraseKind.STAR_POWER,
    103: PhraseKind.SOLO,
    120: PhraseKind.FILL,
    121: PhraseKind.FILL,
    122: PhraseKind.FILL,
    123: PhraseKind.FILL,
    124: PhraseKind.FILL,
    126: PhraseKind.ROLL,
    127: PhraseKind.DOUBLE_ROLL,
    105: PhraseKind.VERSUS_P1,
    106: PhraseKind.VERSUS_P2,
}
ACCENT_VELOCITY, GHOST_VELOCITY = 127, 1
_SECTION = re.compile(r"^\[?\s*(?:section[ _]|prc_)(.+?)\s*\]?$", re.IGNORECASE)


def read_notes_mid(path: Path) -> ChartDraft:
    """Read the drum chart of a notes.mid; ChartError naming the file for any problem."""
    return parse_notes_mid(read_bounded(path, MAX_NOTES_MID_BYTES, ChartError), path)


def parse_notes_mid(data: bytes, path: Path) -> ChartDraft:
    """The ChartDraft of notes.mid bytes (`path` names the file in errors)."""
    midi = parse_midi(data, path)
    draft = ChartDraft(resolution=midi.resolution)
    tempo_track = midi.events(midi.tracks[0])
    for tick, us in tempo_track.tempos:
        if us <= 0:
            raise ChartError(path, f"tempo at tick {tick} is zero")
        draft.tempos.append(TempoChange(tick, us))
    for tick, num, den in tempo_track.time_signatures:
        if num <= 0:
            raise ChartError(path, f"time signature at tick {tick} has {num} beats")
        draft.time_signatures.append(TimeSignature(tick, num, den))
    events = midi.track_named(EVENTS_TRACK)
    event_texts = midi.events(events).texts if events is not None else []
    draft.sections = _sections(event_texts)
    wanted = {Part.FULL: midi.track_named(*DRUM_TRACK_NAMES)}
    wanted.update({part: midi.track_named(name) for part, name in DUET_TRACK_NAMES.items()})
    dynamics = any(t == DYNAMICS_EVENT for _, t in event_texts)
    for part, track in wanted.items():
        if track is None:
            continue
        decoded = midi.events(track)
        dynamics = dynamics or any(t.strip() == DYNAMICS_EVENT for _, t in decoded.texts)
        draft.tracks[part] = _drum_track(decoded.notes)
        draft.tracks[part].disco_flips = flip_spans(decoded.texts)
    if not draft.tracks:
        names = ", ".join(sorted({t.name for t in midi.tracks if t.name})) or "none"
        raise ChartError(path, f"no drum track (looked for PART DRUMS; tracks: {names[:300]})")
    draft.dynamics_enabled = dynamics
    return draft


def _sections(texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out = []
    for tick, text in texts:
        m = _SECTION.match(text.strip())
        if m:
            name = m.group(1)
            if text.strip().lstrip("[").lower().startswith("prc_"):
                name = name.replace("_", " ")
            out.append((tick, name.strip()[:120]))
    return out


def _drum_track(notes: list[tuple[int, int, int]]) -> TrackDraft:
    """Gems per difficulty, tom markers applied, phrases paired from note-ons and note-offs."""
    track = TrackDraft()
    gems: dict[Difficulty, list[Gem]] = {d: [] for d in DIFFICULTY_BASE}
    pad_of = {base + pad: (d, Pad(pad)) for d, base in DIFFICULTY_BASE.items() for pad in range(6)}
    open_spans: dict[int, int] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for tick, pitch, velocity in notes:
        if velocity:
            hit = pad_of.get(pitch)
            if hit is not None:
                difficulty, pad = hit
                dyn = (
                    Dynamics.ACCENT
                    if velocity == ACCENT_VELOCITY
                    else Dynamics.GHOST
                    if velocity == GHOST_VELOCITY
                    else Dynamics.NORMAL
                )
                gems[difficulty].append(Gem(tick, pad, pad >= Pad.YELLOW, dyn))
            elif pitch == DOUBLE_KICK:
                track.double_kicks.append(tick)
            elif pitch in TOM_MARKERS or pitch in PHRASE_NOTES:
                open_spans.setdefault(pitch, tick)
        elif pitch in open_spans:
            spans.setdefault(pitch, []).append((open_spans.pop(pitch), tick))
    for pitch, start in open_spans.items():  # a marker never switched off runs to the end
        spans.setdefault(pitch, []).append((start, 2**31 - 1))
    toms = {pad: sorted(spans.get(note, [])) for note, pad in TOM_MARKERS.items()}
    track.pro_markers = any(toms.values())
    for difficulty, found in gems.items():
        for gem in found:
            if gem.pad in toms and _covered(gem.tick, toms[gem.pad]):
                gem.cymbal = False
        track.gems[difficulty] = found
    seen = set()
    for pitch, kind in PHRASE_NOTES.items():
        for start, end in spans.get(pitch, []):
            if (kind, start, end) not in seen:
                seen.add((kind, start, end))
                track.phrases.append((kind, start, end))
    return track


def _covered(tick: int, spans: list[tuple[int, int]]) -> bool:
    """True when a marker span [start, end) holds `tick` (a zero-length marker holds its tick).

    `spans` are sorted and never overlap (a marker's second note-on while open is ignored).
    """
    i = bisect.bisect_right(spans, (tick, 2**31)) - 1
    if i < 0:
        return False
    start, end = spans[i]
    return tick < max(end, start + 1)
