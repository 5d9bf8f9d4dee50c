"""The readers mark star power: phrases (MIDI 116, `.chart` `S 2`), activation fills (MIDI 120-124,
`.chart` `S 64`) and Expert+ 2x kicks (MIDI 95, `.chart` N 32), each counted in the test from the
raw file, independently of the game's readers."""

from __future__ import annotations

import re
from pathlib import Path

import mido

from game.core.lanes import Difficulty, Lane, Part
from game.formats.chart_text import parse_chart_text
from game.formats.draft import build_chart
from game.formats.song_folder import load_song
from tests.formats.test_chart_text import TEST_CHART, chart_text
from tests.formats.test_notes_mid import TEMPO_120, TEST_MID, drums, hit, midi_bytes, parse, timed
from tests.helpers import ROOT, need_testdata

EXPERT_BASE = {
    Difficulty.EASY: 60,
    Difficulty.MEDIUM: 72,
    Difficulty.HARD: 84,
    Difficulty.EXPERT: 96,
}


def raw_mid(path: Path, track_name: str = "PART DRUMS"):
    """(spans of note 116, the gems per difficulty as {(tick, pad)}, the 95 kicks) of a notes.mid
    drum track, read with mido."""
    track = next(
        t for t in mido.MidiFile(need_testdata(path), clip=True).tracks if t.name == track_name
    )
    tick, opened, spans = 0, None, []
    gems: dict[Difficulty, set[tuple[int, int]]] = {d: set() for d in EXPERT_BASE}
    doubles = set()
    for msg in track:
        tick += msg.time
        if msg.type not in ("note_on", "note_off"):
            continue
        sounding = msg.type == "note_on" and msg.velocity > 0
        if msg.note == 116:
            if sounding and opened is None:
                opened = tick
            elif not sounding and opened is not None:
                spans.append((opened, tick))
                opened = None
        elif sounding and msg.note == 95:
            doubles.add(tick)
        elif sounding:
            for d, base in EXPERT_BASE.items():
                if base <= msg.note <= base + 5:
                    gems[d].add((tick, min(msg.note - base, 4)))
    return spans, gems, doubles


def test_yarg_test_mid_phrases_and_the_notes_inside_them_match_a_count_with_mido():
    spans, gems, doubles = raw_mid(TEST_MID)
    assert len(spans) == 22  # the README's count
    chart = load_song(TEST_MID).chart
    for difficulty, found in gems.items():
        track = chart.track(Part.FULL, difficulty)
        holding = {k for k, (a, b) in enumerate(spans) if any(a <= t < b for t, _ in found)}
        inside = sum(1 for t, _ in found if any(a <= t < b for a, b in spans))
        assert int(track.star_phrase_id.max()) + 1 == len(holding), difficulty
        assert int(track.star_phrase.sum()) == inside, difficulty
        assert not track.double_kick.any()
    plus = chart.track(Part.FULL, Difficulty.EXPERT_PLUS)
    assert int(plus.double_kick.sum()) == len(doubles) == 108
    assert (plus.lanes[plus.double_kick] == Lane.KICK).all()


def raw_chart(section: str):
    """(the `S 2` spans, the N 0-4 gems, the N 32 ticks) of one section of test.chart, read as
    plain text."""
    text = need_testdata(TEST_CHART).read_text(encoding="utf-8-sig")
    body = text.split(f"[{section}]", 1)[1].split("}", 1)[0]
    spans, gems, doubles = [], set(), set()
    for tick, code, kind, length in re.findall(r"(\d+)\s*=\s*([NS])\s+(\d+)\s+(\d+)", body):
        tick, kind, length = int(tick), int(kind), int(length)
        if code == "S" and kind == 2:
            spans.append((tick, tick + max(length, 1)))
        elif code == "N" and kind <= 4:
            gems.add((tick, kind))
        elif code == "N" and kind == 32:
            doubles.add(tick)
    return spans, gems, doubles


def test_yarg_test_chart_phrases_and_the_notes_inside_them_match_a_plain_text_count():
    chart = load_song(need_testdata(TEST_CHART)).chart
    for difficulty in Difficulty.standard():
        spans, gems, doubles = raw_chart(f"{difficulty.value.capitalize()}Drums")
        assert len(spans) == 22  # the README's count
        track = chart.track(Part.FULL, difficulty)
        inside = sum(1 for t, _ in gems if any(a <= t < b for a, b in spans))
        holding = {k for k, (a, b) in enumerate(spans) if any(a <= t < b for t, _ in gems)}
        assert int(track.star_phrase.sum()) == inside and inside > 0
        assert int(track.star_phrase_id.max()) + 1 == len(holding)
    plus = chart.track(Part.FULL, Difficulty.EXPERT_PLUS)
    assert int(plus.double_kick.sum()) == len(doubles) == 108
    assert not chart.track(Part.FULL, Difficulty.EXPERT).double_kick.any()


def test_a_chart_fill_holds_its_last_tick_and_its_last_instant_activates():
    # Notes every beat (480 ticks = 0.5 s); a fill from beat 4 to exactly beat 8's tick.
    notes = "\n".join(f"{480 * k} = N 1 0" for k in range(12)) + "\n960 = N 0 0\n3840 = N 0 0"
    drums = f"{notes}\n1920 = S 64 1920\n480 = S 2 480"
    chart = build_chart(parse_chart_text(chart_text(drums), Path("x.chart")), None, Path("x.chart"))
    track = chart.track(Part.FULL, Difficulty.EXPERT)
    assert track.times[track.fill_end].tolist() == [4.0, 4.0]  # red and kick at tick 3840
    assert track.times[track.fill_id >= 0].tolist() == [2.0, 2.5, 3.0, 3.5, 4.0, 4.0]
    assert track.times[track.star_phrase].tolist() == [0.5]


def test_each_chart_difficulty_keeps_its_own_phrases():
    text = chart_text("0 = N 1 0\n480 = N 1 0\n0 = S 2 960") + (
        "[EasyDrums]\n{\n0 = N 1 0\n480 = N 1 0\n}\n"
    )
    chart = build_chart(parse_chart_text(text, Path("x.chart")), None, Path("x.chart"))
    assert chart.track(Part.FULL, Difficulty.EXPERT).star_phrase.tolist() == [True, True]
    assert chart.track(Part.FULL, Difficulty.EASY).star_phrase.tolist() == [False, False]


def test_a_mid_fill_on_120_to_124_ends_before_its_note_off_and_marks_its_last_note():
    beat = 480
    events = [e for k in range(8) for e in hit(k * beat, 97)]  # a red every beat, Expert
    events += [(2 * beat, mido.Message("note_on", note=n, velocity=100)) for n in range(120, 125)]
    events += [(4 * beat + 1, mido.Message("note_off", note=n)) for n in range(120, 125)]
    events += [
        (0, mido.Message("note_on", note=116, velocity=100)),
        (beat + 1, mido.Message("note_off", note=116)),
    ]
    chart = parse(midi_bytes(TEMPO_120, drums(*timed(*events))))
    track = chart.track(Part.FULL, Difficulty.EXPERT)
    assert track.times[track.fill_id >= 0].tolist() == [1.0, 1.5, 2.0]
    assert track.times[track.fill_end].tolist() == [2.0]
    assert track.times[track.star_phrase].tolist() == [0.0, 0.5]


TRACK_NAMES = {Part.FULL: "PART DRUMS", Part.P1: "DUET DRUMS P1", Part.P2: "DUET DRUMS P2"}


def test_the_built_in_songs_have_phrases_and_fills_in_every_part():
    for slug in ("firecracker-night", "gilded-hour"):
        path = ROOT / "charts" / slug
        chart = load_song(path).chart
        for part, name in TRACK_NAMES.items():
            spans, gems, _ = raw_mid(path / "notes.mid", name)
            for difficulty in Difficulty.standard():
                track = chart.track(part, difficulty)
                ticks = {t for t, _ in gems[difficulty]}
                holding = [(a, b) for a, b in spans if any(a <= t < b for t in ticks)]
                assert int(track.star_phrase_id.max()) + 1 == len(holding), (slug, part)
                assert track.fill_end.any(), (slug, part, difficulty)
            expert = chart.track(part, Difficulty.EXPERT)
            assert int(expert.star_phrase_id.max()) + 1 >= 6 and int(expert.fill_id.max()) >= 5
