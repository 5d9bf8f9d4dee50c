""".chart: the Clone Hero / Moonscraper text chart, drums only.

Reads [Song], [SyncTrack], [Events] and the four [<Difficulty>Drums] sections into a `ChartDraft`
(in ticks); every other section is skipped undecoded. A malformed line is a ChartError naming the
file and the line. Parsing is linear in the size of the text (plus sorting the events).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from game.base.bounded import read_bounded
from game.core.chart import PhraseKind
from game.core.lanes import Difficulty, Dynamics, Part
from game.core.tempo import TempoChange, TimeSignature
from game.formats.disco_flip import flip_spans
from game.formats.draft import (
    MAX_BPM,
    MAX_NOTES_PER_DIFFICULTY,
    MAX_TICK,
    MIN_BPM,
    ChartDraft,
    Gem,
    Pad,
    TrackDraft,
)
from game.formats.errors import ChartError
from game.formats.text_decoding import decode_text_file

MAX_CHART_BYTES = 32 * 1024 * 1024
MAX_RESOLUTION = 100_000
MAX_OFFSET_S = 3600.0
MAX_TS_NUMERATOR, MAX_TS_EXPONENT = 255, 7
MAX_ENTRIES_PER_SECTION = 250_000  # lines of one section; a real drum difficulty has < 50,000
MAX_TEXT = 200
MAX_SECTIONS = 10_000
DRUM_SECTIONS = {f"{d.value}drums": d for d in Difficulty.standard()}  # "expertdrums"...
WANTED_SECTIONS = {"song", "synctrack", "events", *DRUM_SECTIONS}
META_KEYS = ("name", "artist", "album", "genre", "year", "charter")
DOUBLE_KICK = 32
_PADS, _LAST_PAD = tuple(Pad), int(Pad.FIVE_LANE_GREEN)
ACCENTS = {34 + i: Pad(1 + i) for i in range(5)}  # red, yellow, blue, green, five-lane green
GHOSTS = {40 + i: Pad(1 + i) for i in range(5)}
CYMBALS = {66: Pad.YELLOW, 67: Pad.BLUE, 68: Pad.GREEN}
PHRASES = {
    2: PhraseKind.STAR_POWER,
    64: PhraseKind.FILL,
    65: PhraseKind.ROLL,
    66: PhraseKind.DOUBLE_ROLL,
}
_INT = re.compile(r"-?[0-9]{1,12}")
_PLAIN_NOTE = re.compile(r"([0-9]{1,9})\s*=\s*([NS])\s+([0-9]{1,9})\s+([0-9]{1,9})")  # < MAX_TICK
_HEADER = re.compile(r"^[^\S\n]*\[([^\n]*)\][^\S\n]*$", re.MULTILINE)
_OPEN = re.compile(r"\s*\{[^\S\n]*$", re.MULTILINE)
_CLOSE = re.compile(r"^[^\S\n]*\}[^\S\n]*$", re.MULTILINE)
_DECIMAL = re.compile(r"-?(?:[0-9]{1,12}(?:\.[0-9]{0,12})?|\.[0-9]{1,12})")


class _LineError(Exception):
    """A problem of the file, at 1-based line `line` (0 when it is no one line's fault)."""

    def __init__(self, problem: str, line: int = 0) -> None:
        super().__init__(problem)
        self.problem, self.line = problem, line


@dataclass
class _DrumSection:
    """What one [<Difficulty>Drums] section holds: (tick, type) notes, phrases, solo marks and
    (tick, text) mix events."""

    notes: list[tuple[int, int]] = field(default_factory=list)
    specials: list[tuple[int, int, int]] = field(default_factory=list)  # tick, type, length
    solo_marks: list[tuple[int, bool]] = field(default_factory=list)  # tick, True = start
    mix_events: list[tuple[int, str]] = field(default_factory=list)


def read_chart_text(path: Path) -> ChartDraft:
    """Read the drum chart of a .chart file; ChartError naming the file for any problem."""
    data = read_bounded(path, MAX_CHART_BYTES, ChartError)
    return parse_chart_text(decode_chart_text(data, path), path)


def decode_chart_text(data: bytes, path: Path) -> str:
    """The text of .chart bytes: UTF-16 with a BOM, else UTF-8 (BOM or not), else Windows-1252."""
    try:
        return decode_text_file(data)
    except UnicodeDecodeError:
        raise ChartError(path, "not valid UTF-16 text despite its byte-order mark") from None


def parse_chart_text(text: str, path: Path) -> ChartDraft:
    """The ChartDraft of a .chart's text (`path` names the file in errors)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        return _draft(text)
    except _LineError as e:
        raise ChartError(path, f"line {e.line}: {e.problem}" if e.line else e.problem) from None


def _draft(text: str) -> ChartDraft:
    """Decode the wanted sections of `text` into a draft, events sorted by tick."""
    draft = ChartDraft(resolution=0)
    drums: dict[Difficulty, _DrumSection] = {}
    for name, body in _sections(text):
        if name == "song":
            _read_song(body, draft)
        elif name == "synctrack":
            _read_sync_track(body, draft)
        elif name == "events":
            draft.sections.extend(_read_events(body))
        else:
            section = drums.setdefault(DRUM_SECTIONS[name], _DrumSection())
            _read_drums(body, section)
            if len(section.notes) > MAX_ENTRIES_PER_SECTION:
                raise _LineError(f"more than {MAX_ENTRIES_PER_SECTION:,} notes in one difficulty")
    if draft.resolution <= 0:
        raise _LineError("no Resolution in [Song]")
    if not drums:
        raise _LineError("no drum sections ([ExpertDrums], [HardDrums], ...)")
    draft.tempos.sort(key=lambda t: t.tick)
    draft.time_signatures.sort(key=lambda s: s.tick)
    draft.sections.sort(key=lambda s: s[0])
    draft.tracks[Part.FULL] = _drum_track(drums)
    return draft


def _sections(text: str) -> Iterator[tuple[str, list[tuple[int, str]]]]:
    """The wanted sections as (lowercase name, [(line number, stripped line)]), blanks left out.

    Headers, braces and the end of a skipped section are found by regular expressions over the
    whole text, so skipped sections and blank lines cost no Python work per line.
    """
    counted = [0, 1]  # a position and its line: lines are only ever counted forward

    def line_at(position: int) -> int:
        counted[1] += text.count("\n", counted[0], position)
        counted[0] = position
        return counted[1]

    heads = _HEADER.finditer(text)
    head, after = next(heads, None), 0
    for _ in range(MAX_SECTIONS + 1):
        _no_stray_text(text[after : head.start() if head else len(text)], after, line_at)
        if head is None:
            return
        following = next(heads, None)
        end = following.start() if following else len(text)
        header, where = head[0].strip()[:40], line_at(head.start())
        opened = _OPEN.match(text, head.end(), end)
        if opened is None:
            raise _LineError(f"section {header} does not open with {{", where)
        closed = _CLOSE.search(text, opened.end(), end)
        if closed is None:
            raise _LineError(f"section {header} is not closed with }}", where)
        if head[1].strip().lower() in WANTED_SECTIONS:
            lines = text[opened.end() : closed.start()].split("\n")
            if len(lines) > MAX_ENTRIES_PER_SECTION:
                raise _LineError(f"more than {MAX_ENTRIES_PER_SECTION:,} lines in {header}", where)
            first = line_at(opened.end())
            entries = [(first + i, e) for i, line in enumerate(lines) if (e := line.strip())]
            yield head[1].strip().lower(), entries
        head, after = following, closed.end()
    raise _LineError(f"more than {MAX_SECTIONS:,} sections")


def _no_stray_text(gap: str, start: int, line_at: Callable[[int], int]) -> None:
    """Raise unless `gap`, the text between two sections from position `start`, is blank."""
    stray = gap.lstrip()
    if stray:
        found = stray.split("\n", 1)[0].strip()[:40]
        line = line_at(start + len(gap) - len(stray))
        raise _LineError(f"expected a [Section] header, found {found!r}", line)


def _read_song(body: list[tuple[int, str]], draft: ChartDraft) -> None:
    """Resolution (ticks per quarter), Offset (seconds) and the song's tags; others ignored."""
    for line_no, line in body:
        key, value = _entry(line, line_no)
        key = key.lower()
        if key == "resolution":
            draft.resolution = _int(value, "Resolution", line_no, MAX_RESOLUTION, low=1)
        elif key == "offset":
            if not _DECIMAL.fullmatch(value) or abs(float(value)) > MAX_OFFSET_S:
                raise _LineError(f"Offset {value[:40]!r} is not a number of seconds", line_no)
            draft.offset_s = float(value)  # a higher Offset makes every note later
        elif key in META_KEYS:
            draft.meta[key] = _unquote(value)[:MAX_TEXT]


def _read_sync_track(body: list[tuple[int, str]], draft: ChartDraft) -> None:
    """Tempos (`B` BPM x 1000) and time signatures (`TS` numerator [denominator exponent])."""
    for line_no, line in body:
        tick, code, rest = _track_event(line, line_no)
        if code == "B":
            (arg,) = _args(rest, code, line_no, 1, 1)
            milli_bpm = _int(arg, "tempo", line_no, MAX_TICK)
            if not MIN_BPM <= milli_bpm / 1000 <= MAX_BPM:
                sane = f"between {MIN_BPM:g} and {MAX_BPM:g}"
                raise _LineError(f"tempo {milli_bpm / 1000:g} BPM is not {sane}", line_no)
            draft.tempos.append(TempoChange(tick, 60e9 / milli_bpm))
        elif code == "TS":
            args = _args(rest, code, line_no, 1, 2)
            beats = _int(args[0], "time signature numerator", line_no, MAX_TS_NUMERATOR, low=1)
            exponent = 2
            if len(args) == 2:
                exponent = _int(args[1], "time signature exponent", line_no, MAX_TS_EXPONENT)
            draft.time_signatures.append(TimeSignature(tick, beats, 2**exponent))
        # `A` (tempo anchors) are for editors; other codes are unknown: both ignored.


def _read_events(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The practice sections of [Events] as (tick, name); other global events ignored."""
    found = []
    for line_no, line in body:
        tick, code, rest = _track_event(line, line_no)
        name = _section_name(rest) if code == "E" else None
        if name:
            found.append((tick, name))
    return found


def _section_name(text: str) -> str | None:
    """The name of a `section X`, `section_X` or `prc_X` event (brackets and quotes off)."""
    text = _unquote(text).removeprefix("[").removesuffix("]").strip()
    if text[:8].lower() in ("section ", "section_"):
        name = text[8:]
    elif text[:4].lower() == "prc_":
        name = text[4:].replace("_", " ")
    else:
        return None
    return name.strip()[:MAX_TEXT] or None


def _read_drums(body: list[tuple[int, str]], into: _DrumSection) -> None:
    """Notes `N type length`, phrases `S type length` and solo events of one difficulty."""
    for line_no, line in body:
        plain = _PLAIN_NOTE.fullmatch(line)  # the common case, read in one step
        if plain is not None:
            tick, code, number, length = int(plain[1]), plain[2], int(plain[3]), int(plain[4])
        else:
            tick, code, rest = _track_event(line, line_no)
            if code in ("N", "S"):
                kind, ticks = _args(rest, code, line_no, 2, 2)
                number = _int(kind, f"{code} type", line_no, MAX_TICK - 1)
                length = _int(ticks, f"{code} length", line_no, MAX_TICK - 1)
            elif code == "E":
                event = _unquote(rest).removeprefix("[").removesuffix("]").strip().lower()
                if event in ("solo", "soloend"):
                    into.solo_marks.append((tick, event == "solo"))
                elif event.startswith("mix"):
                    into.mix_events.append((tick, event))
        if code == "N":
            into.notes.append((tick, number))
        elif code == "S":
            into.specials.append((tick, number, length))


def _drum_track(sections: dict[Difficulty, _DrumSection]) -> TrackDraft:
    """The Part.FULL track: gems per difficulty, Expert's 2x kicks, phrases once each, and the
    disco-flip spans each section's own `mix_<difficulty>_drums<C>d` events give its difficulty.

    2x kicks (N 32) count only on Expert, where they become Expert+ (flagged as 2x kicks);
    elsewhere they are dropped. Each difficulty keeps its own `S` phrases (star power, fills) as
    well as adding them to the part's.
    """
    track = TrackDraft()
    phrases: dict[tuple[PhraseKind, int, int], None] = {}  # an ordered set
    for difficulty in Difficulty.standard():
        section = sections.get(difficulty)
        if section is None:
            continue
        track.gems[difficulty] = _gems(section.notes)
        flips = flip_spans(section.mix_events).get(difficulty)
        if flips:
            track.disco_flips[difficulty] = flips
        track.pro_markers |= any(kind in CYMBALS for _, kind in section.notes)
        if difficulty is Difficulty.EXPERT:
            track.double_kicks = sorted({t for t, kind in section.notes if kind == DOUBLE_KICK})
        last = max((t for t, _ in section.notes), default=0)
        own = _phrases(section.specials)
        track.difficulty_phrases[difficulty] = own
        for phrase in own + _solos(section.solo_marks, last):
            phrases.setdefault(phrase)
    track.phrases = list(phrases)
    return track


def _gems(notes: list[tuple[int, int]]) -> list[Gem]:
    """Gems N 0-5 in tick order with the cymbal, accent and ghost modifiers of their tick.

    Pads are toms unless flagged; a gem both accented and ghosted is an accent.
    """
    cymbal = {(t, CYMBALS[k]) for t, k in notes if k in CYMBALS}
    dynamics_at = {(t, GHOSTS[k]): Dynamics.GHOST for t, k in notes if k in GHOSTS}
    dynamics_at.update({(t, ACCENTS[k]): Dynamics.ACCENT for t, k in notes if k in ACCENTS})
    gems: dict[tuple[int, int], Gem] = {}
    for tick, kind in sorted(notes):
        if kind <= _LAST_PAD and (tick, kind) not in gems:
            at = (tick, _PADS[kind])
            dynamics = dynamics_at.get(at, Dynamics.NORMAL)
            gems[(tick, kind)] = Gem(tick, at[1], at in cymbal, dynamics)
    if len(gems) > MAX_NOTES_PER_DIFFICULTY:
        raise _LineError(f"more than {MAX_NOTES_PER_DIFFICULTY:,} notes in one difficulty")
    return list(gems.values())


def _phrases(specials: list[tuple[int, int, int]]) -> list[tuple[PhraseKind, int, int]]:
    """(kind, start tick, end tick) of `S` phrases; the end tick is exclusive.

    A zero-length phrase holds its own tick; a fill (activation) phrase holds its last tick.
    """
    found = []
    for tick, number, length in specials:
        kind = PHRASES.get(number)
        if kind is PhraseKind.FILL:
            found.append((kind, tick, tick + length + 1))
        elif kind is not None:
            found.append((kind, tick, tick + max(length, 1)))
    return found


def _solos(marks: list[tuple[int, bool]], last_tick: int) -> list[tuple[PhraseKind, int, int]]:
    """SOLO phrases from `solo`/`soloend` (which holds its own tick); an open solo ends at the
    section's last note."""
    found, start = [], None
    for tick, is_start in sorted(marks, key=lambda m: (m[0], m[1])):  # soloend first at a tick
        if is_start and start is None:
            start = tick
        elif not is_start and start is not None:
            found.append((PhraseKind.SOLO, start, tick + 1))
            start = None
    if start is not None:
        found.append((PhraseKind.SOLO, start, max(start, last_tick) + 1))
    return found


def _entry(line: str, line_no: int) -> tuple[str, str]:
    """The stripped key and value of a `key = value` line."""
    key, equals, value = line.partition("=")
    if not equals or not key.strip():
        raise _LineError(f"expected `key = value`, found {line[:40]!r}", line_no)
    return key.strip(), value.strip()


def _track_event(line: str, line_no: int) -> tuple[int, str, str]:
    """(tick, type code, the rest) of a `tick = CODE values...` line."""
    key, value = _entry(line, line_no)
    tick = _int(key, "tick", line_no, MAX_TICK - 1)
    parts = value.split(None, 1)
    if not parts:
        raise _LineError(f"no event type after tick {tick}", line_no)
    return tick, parts[0], parts[1] if len(parts) == 2 else ""


def _args(rest: str, code: str, line_no: int, least: int, most: int) -> list[str]:
    """The space-separated values of an event, `least` to `most` of them."""
    args = rest.split()
    if not least <= len(args) <= most:
        want = str(least) if least == most else f"{least} or {most}"
        raise _LineError(f"`{code}` takes {want} values, found {len(args)}", line_no)
    return args


def _int(token: str, what: str, line_no: int, high: int, low: int = 0) -> int:
    """`token` as a base-10 integer in [low, high]."""
    if not _INT.fullmatch(token):
        raise _LineError(f"{what} {token[:40]!r} is not a whole number", line_no)
    value = int(token)
    if not low <= value <= high:
        raise _LineError(f"{what} {value} is out of range ({low} to {high})", line_no)
    return value


def _unquote(value: str) -> str:
    """`value` without its outer quotes (the format has no escapes, so only those go)."""
    value = value.strip()
    value = value[1:] if value.startswith('"') else value
    return value[:-1] if value.endswith('"') else value
