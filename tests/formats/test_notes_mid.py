"""notes.mid: the real charts of ../shared/testdata give their counts; each rule on a tiny file."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import mido
import pytest

from game.core.chart import PhraseKind
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.formats.disco_flip import flip_spans
from game.formats.draft import Pad, build_chart
from game.formats.errors import ChartError
from game.formats.notes_mid import parse_notes_mid, read_notes_mid
from game.formats.song_folder import load_song
from tests.helpers import TESTDATA, need_testdata

RB = TESTDATA / "rb-charts"
TEST_MID = RB / "yarg-core" / "test.mid"
DRUMTEST = RB / "fofix-tutorials" / "drumtest"
DRUMROLLS = RB / "fofix-tutorials" / "drumrolls"
K, R, Y, B, G = Lane


def lanes(track) -> list[int]:
    counts = track.lane_counts()
    return [counts[lane] for lane in Lane]


def toms(track, lane: Lane) -> int:
    return int(((track.lanes == lane) & ~track.cymbal).sum())


def raw_disco_flip_counts(path: Path, mix_difficulty: int) -> tuple[int, int, int]:
    """(red, yellow, yellow under tom marker 110) gems of one difficulty (mix number 0-3) inside
    its `[mix N drums0d]` ... `[mix N drums0]` sections, counted from the raw file with mido."""
    tracks = mido.MidiFile(need_testdata(path), clip=True).tracks
    track = next(t for t in tracks if t.name == "PART DRUMS")
    base = 60 + 12 * mix_difficulty
    tick, flips, toms, gems, opened = 0, [], [], [], {}
    for msg in track:
        tick += msg.time
        if msg.type == "text" and msg.text.startswith(f"[mix {mix_difficulty} drums"):
            if msg.text.endswith("d]"):
                opened["flip"] = tick
            elif "flip" in opened:
                flips.append((opened.pop("flip"), tick))
        elif msg.type == "note_on" and msg.velocity and msg.note in (base + 1, base + 2, 110):
            if msg.note == 110:
                opened[110] = tick
            else:
                gems.append((tick, msg.note - base))
        elif msg.type in ("note_off", "note_on") and msg.note == 110 and 110 in opened:
            toms.append((opened.pop(110), tick))
    inside = [(t, pad) for t, pad in gems if any(a <= t < b for a, b in flips)]
    red = sum(1 for _, pad in inside if pad == 1)
    yellow = [t for t, pad in inside if pad == 2]
    return red, len(yellow), sum(1 for t in yellow if any(a <= t < b for a, b in toms))


def test_yarg_test_mid_gives_the_published_counts_with_its_disco_flip_applied():
    need_testdata(TEST_MID)
    with pytest.raises(ValueError):
        mido.MidiFile(TEST_MID)  # the Phase Shift SysEx trap that plain mido falls into
    # The published counts are raw gems: the reader keeps them as they stand in the file.
    raw = read_notes_mid(TEST_MID).tracks[Part.FULL].gems[Difficulty.EXPERT]
    pads = Counter(g.pad for g in raw)
    assert [pads[p] for p in Pad] == [118, 192, 220, 216, 216, 0]
    # Inside [mix 3 drums0d] ... [mix 3 drums0] red is played as yellow cymbal, yellow as red.
    red_in, yellow_in, yellow_toms_in = raw_disco_flip_counts(TEST_MID, 3)
    assert red_in > 0 and yellow_in > yellow_toms_in > 0
    flipped = [118, 192 - red_in + yellow_in, 220 + red_in - yellow_in, 216, 216]
    chart = load_song(TEST_MID).chart
    expert = chart.track("full", "expert")
    assert len(expert) == 962 and lanes(expert) == flipped
    for mix, difficulty in ((2, "hard"), (1, "medium"), (0, "easy")):
        red, yellow, _ = raw_disco_flip_counts(TEST_MID, mix)
        track = chart.track("full", difficulty)
        assert len(track) == 1070 and lanes(track)[0] == 226
        assert lanes(track)[1:3] == [192 - red + yellow, 220 + red - yellow]
    plus = chart.track("full", "expert+")
    assert len(plus) == 962 + 108 and lanes(plus) == [118 + 108, *flipped[1:]]
    # Tom markers 110/111/112 cover 110/108/108 notes; the flip turns the yellow toms inside it
    # into red; the rest of the yellow, blue and green pads are cymbals.
    assert (toms(expert, Y), toms(expert, B), toms(expert, G)) == (110 - yellow_toms_in, 108, 108)
    assert int(expert.cymbal.sum()) == 962 - 118 - flipped[1] - (326 - yellow_toms_in)
    assert expert.pro_drums
    star_power = [p for p in chart.phrases[Part.FULL] if p.kind is PhraseKind.STAR_POWER]
    assert len(star_power) == 22
    assert not expert.dynamics.any()  # all velocities are 100


def test_fofix_drumtest_reads_the_part_drum_alias_and_has_no_easy_chart():
    chart = load_song(need_testdata(DRUMTEST)).chart
    assert chart.meta.title == "Drum Test Song" and chart.meta.artist == "Heka"
    assert chart.difficulties("full") == [Difficulty.MEDIUM, Difficulty.HARD, Difficulty.EXPERT]
    assert lanes(chart.track("full", "expert")) == [11, 31, 14, 33, 16]
    assert len(chart.track("full", "hard")) == 68 and len(chart.track("full", "medium")) == 56
    assert chart.duration_s == pytest.approx(15.2, abs=0.2)


def test_velocity_127_is_no_accent_without_the_dynamics_event():
    draft = read_notes_mid(need_testdata(DRUMTEST / "notes.mid"))
    assert not draft.dynamics_enabled
    assert any(
        g.dynamics == Dynamics.ACCENT for g in draft.tracks[Part.FULL].gems[Difficulty.EXPERT]
    )
    chart = build_chart(draft, None, DRUMTEST / "notes.mid")
    assert not chart.track("full", "expert").dynamics.any()


def test_fofix_drumrolls_at_96_ticks_per_quarter():
    chart = load_song(need_testdata(DRUMROLLS)).chart
    expert = chart.track("full", "expert")
    assert chart.tempo.resolution == 96
    assert len(expert) == 1083 and lanes(expert) == [70, 418, 327, 138, 130]
    assert not expert.pro_drums and not expert.cymbal.any()  # no markers: plain pads
    assert chart.difficulties("full") == [Difficulty.EXPERT]
    assert expert.end_s == pytest.approx(223.5, abs=1.0)


# Tiny hand-made files ----------------------------------------------------------------------


def midi_bytes(*tracks: list, resolution: int = 480) -> bytes:
    """A type-1 file whose tracks are lists of (delta, message) built with mido."""
    mid = mido.MidiFile(type=1, ticks_per_beat=resolution)
    for events in tracks:
        track = mido.MidiTrack()
        for msg in events:
            track.append(msg)
        mid.tracks.append(track)
    out = io.BytesIO()
    mid.save(file=out)
    return out.getvalue()


def meta(kind: str, time: int = 0, **kw) -> mido.MetaMessage:
    return mido.MetaMessage(kind, time=time, **kw)


def on(note: int, time: int = 0, velocity: int = 100) -> mido.Message:
    return mido.Message("note_on", note=note, velocity=velocity, time=time)


def off(note: int, time: int = 0) -> mido.Message:
    return mido.Message("note_off", note=note, time=time)


TEMPO_120 = [meta("track_name", name="tempo"), meta("set_tempo", tempo=500_000)]


def drums(*events, name: str = "PART DRUMS") -> list:
    return [meta("track_name", name=name), *events]


def parse(data: bytes, ini=None):
    path = Path("tiny/notes.mid")
    return build_chart(parse_notes_mid(data, path), ini, path)


def test_tom_marker_turns_a_cymbal_into_a_tom_for_every_difficulty():
    data = midi_bytes(
        TEMPO_120,
        drums(on(110), on(98), on(62), off(98, 10), off(62), off(110), on(98, 470), off(98, 10)),
    )
    chart = parse(data)
    assert chart.track("full", "expert").cymbal.tolist() == [False, True]
    assert chart.track("full", "easy").cymbal.tolist() == [False]
    assert chart.track("full", "expert").times.tolist() == [0.0, 0.5]


def test_dynamics_need_the_enable_event_and_then_127_is_accent_and_1_ghost():
    notes = [on(97, velocity=127), off(97, 10), on(97, 470, velocity=1), off(97, 10)]
    without = parse(midi_bytes(TEMPO_120, drums(*notes)))
    assert without.track("full", "expert").dynamics.tolist() == [0, 0]
    with_event = parse(
        midi_bytes(TEMPO_120, drums(meta("text", text="[ENABLE_CHART_DYNAMICS]"), *notes))
    )
    assert with_event.track("full", "expert").dynamics.tolist() == [Dynamics.ACCENT, Dynamics.GHOST]


def test_five_lane_chart_is_converted_to_four_lane_pro():
    # 5-lane: yellow 98 (cymbal), blue 99 (tom), orange 100 (cymbal), green 101 (tom);
    # orange + green together become green cymbal + blue tom.
    events = [on(98), on(99), off(98, 10), off(99)]
    events += [on(100, 470), off(100, 10), on(101, 470), off(101, 10)]
    events += [on(100, 470), on(101), off(100, 10), off(101)]
    track = parse(midi_bytes(TEMPO_120, drums(*events))).track("full", "expert")
    got = list(zip(track.times.tolist(), track.lanes.tolist(), track.cymbal.tolist(), strict=True))
    assert got == [
        (0.0, Y, True),
        (0.0, B, False),
        (0.5, G, True),
        (1.0, G, False),
        (1.5, B, False),
        (1.5, G, True),
    ]


def test_sections_phrases_and_the_events_track():
    events = [
        meta("track_name", name="EVENTS"),
        meta("text", text="[section Verse 1]"),
        meta("text", time=1920, text="[prc_chorus_2]"),
    ]
    phrase_notes = [on(116), on(105), on(96), off(96, 10), off(116, 950), off(105, 0)]
    chart = parse(midi_bytes(TEMPO_120, events, drums(*phrase_notes)))
    assert [(s.time_s, s.name) for s in chart.sections] == [(0.0, "Verse 1"), (2.0, "chorus 2")]
    kinds = {(p.kind, p.start_s, round(p.end_s, 6)) for p in chart.phrases[Part.FULL]}
    assert kinds == {(PhraseKind.STAR_POWER, 0.0, 1.0), (PhraseKind.VERSUS_P1, 0.0, 1.0)}


def test_duet_tracks_are_read_as_the_two_parts():
    data = midi_bytes(
        TEMPO_120,
        drums(on(96), off(96, 10)),
        drums(on(96), off(96, 10), name="DUET DRUMS P1"),
        drums(on(100), off(100, 10), name="DUET DRUMS P2"),
    )
    chart = parse(data)
    assert chart.parts() == [Part.FULL, Part.P1, Part.P2]
    assert chart.track("p2", "expert").lanes.tolist() == [G]


def test_running_status_across_meta_and_sysex_and_phase_shift_sysex():
    # Hand-written bytes: a note-on, then a meta and a Phase Shift SysEx, then data bytes that
    # continue the note-on running status (as some charts do).
    body = bytes([0x00, 0xFF, 0x03, 10]) + b"PART DRUMS"
    body += bytes([0x00, 0x90, 96, 100])
    body += bytes([0x00, 0xFF, 0x01, 3]) + b"abc"
    body += bytes([0x00, 0xF0, 0x09, 0x50, 0x53, 0x00, 0x00, 0xFF, 0x04, 0x01, 0xF7, 0x00])
    body += bytes([0x83, 0x60, 97, 100])  # delta 480, running status note-on red
    body += bytes([0x00, 0xFF, 0x2F, 0x00])
    tempo = bytes([0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x00, 0xFF, 0x2F, 0x00])
    data = b"MThd" + (6).to_bytes(4, "big") + (1).to_bytes(2, "big") + (2).to_bytes(2, "big")
    data += (480).to_bytes(2, "big")
    for chunk in (tempo, body):
        data += b"MTrk" + len(chunk).to_bytes(4, "big") + chunk
    track = parse(data).track("full", "expert")
    assert track.lanes.tolist() == [K, R] and track.times.tolist() == [0.0, 0.5]


def test_song_ini_can_force_pro_drums_and_delay_the_chart(tmp_path):
    (tmp_path / "notes.mid").write_bytes(midi_bytes(TEMPO_120, drums(on(98), off(98, 10))))
    (tmp_path / "song.ini").write_text("[Song]\nname = Tiny\npro_drums = True\ndelay = 250\n")
    chart = load_song(tmp_path).chart
    track = chart.track("full", "expert")
    assert track.pro_drums and track.cymbal.tolist() == [True]
    assert track.times.tolist() == [0.25] and chart.meta.title == "Tiny"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "not a MIDI file"),
        (b"RIFF" + bytes(20), "not a MIDI file"),
        (b"MThd" + (6).to_bytes(4, "big") + bytes([0, 2, 0, 1, 1, 224]), "format 2"),
        (b"MThd" + (6).to_bytes(4, "big") + bytes([0, 1, 0, 1, 0xE7, 0x28]), "SMPTE"),
        (b"MThd" + (6).to_bytes(4, "big") + bytes([0, 1, 0, 1, 1, 224]), "no tracks"),
        (
            b"MThd"
            + (6).to_bytes(4, "big")
            + bytes([0, 1, 0, 1, 1, 224])
            + b"MTrk\x00\x00\x01\x00",
            "truncated",
        ),
    ],
)
def test_malformed_files_give_a_chart_error_naming_the_file(data, problem):
    with pytest.raises(ChartError, match=problem) as caught:
        parse_notes_mid(data, Path("songs/bad/notes.mid"))
    assert "songs/bad/notes.mid" in str(caught.value)


@pytest.mark.parametrize(
    ("division", "problem"),
    [
        (0, "the MIDI header's division of 0 ticks per quarter note is invalid"),
        (0xE728, "MIDI files timed in SMPTE frames are not supported"),
    ],
)
def test_header_division_problems_are_named_exactly(division, problem):
    header = b"MThd" + (6).to_bytes(4, "big") + bytes([0, 1, 0, 1]) + division.to_bytes(2, "big")
    with pytest.raises(ChartError) as caught:
        parse_notes_mid(header + b"MTrk\x00\x00\x00\x04\x00\xff\x2f\x00", Path("a/notes.mid"))
    assert str(caught.value) == f"a/notes.mid: {problem}"


@pytest.mark.parametrize("texts_before", [32, 40, 500])
def test_the_drum_track_name_is_found_after_many_text_events(tmp_path, texts_before):
    texts = [meta("text", text=f"[idle {i}]") for i in range(texts_before)]
    track = [*texts, meta("track_name", name="PART DRUMS"), on(97), off(97, 10)]
    (tmp_path / "notes.mid").write_bytes(midi_bytes(TEMPO_120, track))
    assert lanes(load_song(tmp_path).chart.track("full", "expert")) == [0, 1, 0, 0, 0]


def test_the_drum_track_name_is_found_after_its_first_notes(tmp_path):
    track = [on(96), off(96, 10), meta("track_name", name="PART DRUMS", time=470)]
    track += [on(97), off(97, 10)]
    guitar = [meta("track_name", name="PART GUITAR"), on(96), off(96, 10)]
    (tmp_path / "notes.mid").write_bytes(midi_bytes(TEMPO_120, guitar, track))
    expert = load_song(tmp_path).chart.track("full", "expert")
    assert expert.lanes.tolist() == [K, R] and expert.times.tolist() == [0.0, 0.5]


def raw_text(data: bytes, time: int = 0) -> mido.MetaMessage:
    """A text event holding exactly `data` (mido writes each code point below 256 as a byte)."""
    return meta("text", time=time, text=data.decode("latin-1"))


def test_windows_1252_and_utf8_section_names_read_as_their_characters(tmp_path):
    events = [meta("track_name", name="EVENTS")]
    events.append(raw_text(b"[section Don\x92t Stop \x96 Beyonc\xe9]"))
    events.append(raw_text("[section 서울 – Café]".encode(), time=480))
    events.append(raw_text(b"[section a\x81b]", time=480))  # unmapped in Windows-1252
    (tmp_path / "notes.mid").write_bytes(midi_bytes(TEMPO_120, events, drums(on(97), off(97, 10))))
    names = [s.name for s in load_song(tmp_path).chart.sections]
    assert names == ["Don\u2019t Stop \u2013 Beyonc\xe9", "서울 – Café", "a\x81b"]


def test_windows_1252_track_names_are_read_as_their_characters():
    name = b"Guitare \x93fran\xe7aise\x94".decode("latin-1")
    data = midi_bytes(TEMPO_120, [meta("track_name", name=name), on(96), off(96, 10)])
    with pytest.raises(ChartError) as caught:
        parse(data)
    assert "Guitare \u201cfran\xe7aise\u201d" in str(caught.value)


def test_file_without_a_drum_track_names_the_tracks_it_has():
    data = midi_bytes(TEMPO_120, [meta("track_name", name="PART GUITAR"), on(96), off(96, 10)])
    with pytest.raises(ChartError, match=r"no drum track.*PART GUITAR"):
        parse(data)


def test_zero_tempo_is_refused():
    data = midi_bytes([meta("set_tempo", tempo=0)], drums(on(96), off(96, 10)))
    with pytest.raises(ChartError, match="tempo at tick 0 is zero"):
        parse(data)


def test_oversized_notes_mid_is_refused_before_reading(tmp_path):
    big = tmp_path / "notes.mid"
    with big.open("wb") as f:
        f.truncate(16 * 1024 * 1024 + 1)
    with pytest.raises(ChartError, match="more than the 16,777,216 allowed"):
        read_notes_mid(big)


# Disco flip --------------------------------------------------------------------------------


def timed(*events: tuple[int, mido.Message | mido.MetaMessage]) -> list:
    """Messages at absolute ticks (in that order within a tick), as a track's delta-timed list."""
    out, last = [], 0
    for tick, msg in sorted(events, key=lambda e: e[0]):
        out.append(msg.copy(time=tick - last))
        last = tick
    return out


def hit(tick: int, note: int, velocity: int = 100) -> list[tuple[int, mido.Message]]:
    return [(tick, on(note, velocity=velocity)), (tick + 10, off(note))]


def text_at(tick: int, text: str) -> tuple[int, mido.MetaMessage]:
    return (tick, meta("text", text=text))


def flip_file(tmp_path: Path, *events, ini: str = "") -> Path:
    """A song folder whose PART DRUMS holds `events` (absolute ticks, 480 per beat at 120 BPM)."""
    track = [meta("track_name", name="PART DRUMS"), *timed(*events)]
    (tmp_path / "notes.mid").write_bytes(midi_bytes(TEMPO_120, track))
    if ini:
        (tmp_path / "song.ini").write_text(f"[song]\nname = Flip\n{ini}", encoding="utf-8")
    return tmp_path


def notes(track) -> list[tuple[float, int, bool]]:
    return list(zip(track.times.tolist(), track.lanes.tolist(), track.cymbal.tolist(), strict=True))


# Expert (96-100) and Hard (84-88): red at 0, at the flip's first tick (480), a yellow cymbal
# and a yellow tom inside it, and red at the tick the flip ends (1440). A blue tom marker makes
# the chart pro drums.
FLIP_EVENTS = [
    text_at(480, "[mix 3 drums0d]"),
    text_at(1440, "[mix 3 drums0]"),
    *hit(0, 97),
    *hit(480, 97),
    *hit(960, 98),
    (1200, on(110)),
    *hit(1200, 98),
    (1210, off(110)),
    *hit(1440, 97),
    (1920, on(111)),
    *hit(1920, 99),
    (1930, off(111)),
    *hit(480, 85),
]


def test_disco_flip_swaps_red_and_yellow_inside_its_section_on_pro_drums(tmp_path):
    chart = load_song(flip_file(tmp_path, *FLIP_EVENTS)).chart
    assert notes(chart.track("full", "expert")) == [
        (0.0, R, False),  # before the flip
        (0.5, Y, True),  # red at the flip's own tick: a yellow cymbal
        (1.0, R, False),  # yellow cymbal: red
        (1.25, R, False),  # yellow tom: red too
        (1.5, R, False),  # red at the tick the flip ends: red
        (2.0, B, False),
    ]
    assert notes(chart.track("full", "hard")) == [(0.5, R, False)]  # [mix 3 ...] is Expert's


def test_disco_flip_keeps_dynamics_and_reaches_expert_plus(tmp_path):
    events = [
        text_at(0, "[ENABLE_CHART_DYNAMICS]"),
        text_at(0, "mix_3_drums0d"),  # without brackets, with underscores
        *hit(0, 97, velocity=127),
        *hit(480, 95),
        (960, on(110)),
        (970, off(110)),
    ]
    chart = load_song(flip_file(tmp_path, *events)).chart
    expert = chart.track("full", "expert")
    assert notes(expert) == [(0.0, Y, True)] and expert.dynamics.tolist() == [Dynamics.ACCENT]
    assert notes(chart.track("full", "expert+")) == [(0.0, Y, True), (0.5, K, False)]


def test_a_flip_never_switched_off_runs_to_the_end(tmp_path):
    events = [text_at(480, "[mix 3 drums4d]"), *hit(0, 97), *hit(480, 97), *hit(96_000, 97)]
    events += [(0, on(110)), (10, off(110))]
    expert = load_song(flip_file(tmp_path, *events)).chart.track("full", "expert")
    assert expert.lanes.tolist() == [R, Y, Y]


@pytest.mark.parametrize(
    "ending", ["[mix 3 drums0dnoflip]", "[mix 3 drums0easy]", "[mix 3 drums2]", "[mix_3_drums0]"]
)
def test_any_later_mix_event_without_d_ends_the_flip(tmp_path, ending):
    events = [text_at(0, "[mix 3 drums0d]"), text_at(480, ending), *hit(0, 97), *hit(480, 97)]
    events += [(0, on(110)), (10, off(110))]
    expert = load_song(flip_file(tmp_path, *events)).chart.track("full", "expert")
    assert expert.lanes.tolist() == [Y, R]


def test_dnoflip_swaps_no_notes(tmp_path):
    events = [text_at(0, "[mix 3 drums0dnoflip]"), *hit(0, 97), (0, on(110)), (10, off(110))]
    expert = load_song(flip_file(tmp_path, *events)).chart.track("full", "expert")
    assert expert.lanes.tolist() == [R]


@pytest.mark.parametrize(
    ("ini", "events"),
    [
        ("pro_drums = False\n", []),  # song.ini says the chart is not pro drums
        ("", []),  # no tom marker and no pro_drums: plain pads
        ("", [*hit(960, 101)]),  # a five-lane chart (its green, 101): no pro red/yellow to swap
    ],
    ids=["pro_drums off", "no markers", "five-lane"],
)
def test_disco_flip_is_for_pro_drums_only(tmp_path, ini, events):
    events = [text_at(0, "[mix 3 drums0d]"), *hit(0, 97), *hit(480, 98), *events]
    if ini:
        events += [(1440, on(110)), (1450, off(110))]
    expert = load_song(flip_file(tmp_path, *events, ini=ini)).chart.track("full", "expert")
    assert expert.lanes.tolist()[:2] == [R, Y]


@pytest.mark.parametrize(
    ("text", "flips"),
    [
        ("[mix 3 drums0d]", {Difficulty.EXPERT: [(0, 2**31 - 1)]}),
        ("[mix 0 drums5d]", {Difficulty.EASY: [(0, 2**31 - 1)]}),
        ("  [mix_2_drums1d]  ", {Difficulty.HARD: [(0, 2**31 - 1)]}),
        ("mix 1 drums0d", {Difficulty.MEDIUM: [(0, 2**31 - 1)]}),
        ("[mix 4 drums0d]", {}),  # no difficulty 4
        ("[mix 3 drums6d]", {}),  # configurations are 0-5
        ("[mix 3 drumsd]", {}),
        ("[remix 3 drums0d]", {}),
    ],
)
def test_which_texts_are_disco_flip_events(text, flips):
    assert flip_spans([(0, text)]) == flips
