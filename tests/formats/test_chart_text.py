""".chart: YARG's feature-check chart gives its published counts; each rule on a tiny text."""

from __future__ import annotations

import codecs
import contextlib
import time
from collections import Counter
from pathlib import Path

import pytest

from game.core.chart import PhraseKind
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.formats.chart_text import decode_chart_text, parse_chart_text, read_chart_text
from game.formats.draft import ChartDraft, Pad, build_chart
from game.formats.errors import ChartError
from game.formats.song_folder import load_song
from tests.helpers import TESTDATA, need_testdata

TEST_CHART = TESTDATA / "rb-charts" / "yarg-core" / "test.chart"
PATH = Path("songs/tiny/notes.chart")
K, R, Y, B, G = Lane


def chart_text(
    drums: str = "0 = N 1 0",
    *,
    song: str = "Resolution = 480",
    sync: str = "0 = TS 4\n0 = B 120000",
    events: str = "",
    section: str = "ExpertDrums",
) -> str:
    """A small .chart with one drum section; each argument is the body of its section."""
    return (
        f"[Song]\n{{\n{song}\n}}\n[SyncTrack]\n{{\n{sync}\n}}\n[Events]\n{{\n{events}\n}}\n"
        f"[{section}]\n{{\n{drums}\n}}\n"
    )


def expert(draft: ChartDraft):
    return draft.tracks[Part.FULL].gems[Difficulty.EXPERT]


def lanes(track) -> list[int]:
    counts = track.lane_counts()
    return [counts[lane] for lane in Lane]


def toms(track, lane: Lane) -> int:
    return int(((track.lanes == lane) & ~track.cymbal).sum())


# The real file ---------------------------------------------------------------------------------


def raw_disco_flip_counts(section: str, mix_difficulty: int) -> tuple[int, int, int]:
    """(red, yellow, yellow tom) gems of one [<Difficulty>Drums] section of test.chart inside its
    `mix_N_drums0d` ... `mix_N_drums0` events, counted from the text line by line."""
    lines = need_testdata(TEST_CHART).read_text(encoding="utf-8-sig").split(f"[{section}]", 1)[1]
    entries = [line.split("=", 1) for line in lines.split("}", 1)[0].splitlines() if "=" in line]
    events = [(int(tick), value.split()) for tick, value in entries]
    flips, start = [], None
    for tick, (code, *args) in events:
        if code == "E" and args[0].startswith(f"mix_{mix_difficulty}_drums"):
            if args[0].endswith("d"):
                start = tick
            elif start is not None:
                flips.append((start, tick))
                start = None
    inside = {
        (t, int(a[0])) for t, (c, *a) in events if c == "N" and any(x <= t < y for x, y in flips)
    }
    yellow = [t for t, n in inside if n == 2]
    return (
        sum(1 for _, n in inside if n == 1),
        len(yellow),
        sum((t, 66) not in inside for t in yellow),
    )


def test_yarg_test_chart_gives_the_published_counts_in_every_difficulty():
    need_testdata(TEST_CHART)
    assert TEST_CHART.read_bytes().startswith(codecs.BOM_UTF8)
    draft = read_chart_text(TEST_CHART)
    assert draft.resolution == 480 and draft.offset_s == 0.0
    assert draft.meta["name"] == ".chart Feature Check" and draft.meta["year"] == ", 2021"
    track = draft.tracks[Part.FULL]
    assert list(track.gems) == list(Difficulty.standard())
    for difficulty, gems in track.gems.items():
        assert len(gems) == 962, difficulty
        assert Counter(g.pad for g in gems) == {
            Pad.KICK: 118,
            Pad.RED: 192,
            Pad.YELLOW: 220,
            Pad.BLUE: 216,
            Pad.GREEN: 216,
        }
        cymbals = Counter(g.pad for g in gems if g.cymbal)
        assert cymbals == {Pad.YELLOW: 110, Pad.BLUE: 108, Pad.GREEN: 108}, difficulty
        assert all(g.dynamics is Dynamics.NORMAL for g in gems)
    assert len(track.double_kicks) == 108 and track.pro_markers
    assert [p[0] for p in track.phrases] == [PhraseKind.STAR_POWER] * 22  # once, not 4 times
    signatures = {(s.numerator, s.denominator) for s in draft.time_signatures}
    assert {(4, 4), (5, 8), (3, 16)} == signatures
    assert [t.bpm for t in draft.tempos] == pytest.approx([100, 134, 82.118, 104])
    assert len(draft.sections) == 24 and draft.sections[0] == (3840, "Section 1")


def test_yarg_test_chart_builds_expert_and_an_expert_plus_with_the_2x_kicks_and_disco_flip():
    need_testdata(TEST_CHART)
    chart = build_chart(read_chart_text(TEST_CHART), None, TEST_CHART)
    # The published counts are raw gems (the test above); inside each section's
    # mix_N_drums0d ... mix_N_drums0 red is played as yellow cymbal and yellow as red.
    red_in, yellow_in, yellow_toms_in = raw_disco_flip_counts("ExpertDrums", 3)
    assert red_in > 0 and yellow_in > yellow_toms_in > 0
    flipped = [118, 192 - red_in + yellow_in, 220 + red_in - yellow_in, 216, 216]
    full = chart.track("full", "expert")
    assert len(full) == 962 and lanes(full) == flipped
    assert (toms(full, Y), toms(full, B), toms(full, G)) == (110 - yellow_toms_in, 108, 108)
    assert full.pro_drums and not full.dynamics.any()
    plus = chart.track("full", "expert+")
    assert len(plus) == 962 + 108 and lanes(plus) == [226, *flipped[1:]]
    for mix, difficulty in ((2, "hard"), (1, "medium"), (0, "easy")):  # 2x kicks: Expert+ only
        red, yellow, _ = raw_disco_flip_counts(f"{difficulty.title()}Drums", mix)
        assert lanes(chart.track("full", difficulty)) == [
            118,
            192 - red + yellow,
            220 + red - yellow,
            216,
            216,
        ]
    assert chart.meta.title == ".chart Feature Check" and chart.meta.year == "2021"
    star_power = [p for p in chart.phrases[Part.FULL] if p.kind is PhraseKind.STAR_POWER]
    assert len(star_power) == 22


def test_a_song_folder_loads_the_yarg_test_chart():
    chart = load_song(need_testdata(TEST_CHART)).chart
    assert len(chart.track("full", "expert")) == 962


# Encodings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its BOM
        lambda t: t.encode("latin-1"),  # not UTF-8: read as Windows-1252
    ],
    ids=["utf-8", "utf-8 bom", "utf-16 bom", "latin-1"],
)
def test_encodings_are_decoded(tmp_path, encode):
    path = tmp_path / "notes.chart"
    path.write_bytes(encode(chart_text(song='Resolution = 192\nName = "Café Été"')))
    draft = read_chart_text(path)
    assert draft.meta["name"] == "Café Été" and draft.resolution == 192


def test_windows_1252_tags_and_sections_read_as_their_characters(tmp_path):
    text = chart_text(
        song='Resolution = 192\nName = "Don\x92t Stop"\nArtist = "Beyonc\xe9"',
        events='0 = E "section Intro \x96 \x93Soft\x94"',
    )
    path = tmp_path / "notes.chart"
    path.write_bytes(text.encode("latin-1"))  # each code point below 256 is that byte
    draft = read_chart_text(path)
    assert (draft.meta["name"], draft.meta["artist"]) == ("Don\u2019t Stop", "Beyonc\xe9")
    assert draft.sections == [(0, "Intro \u2013 \u201cSoft\u201d")]


def test_crlf_and_cr_line_ends_are_read():
    text = chart_text("0 = N 2 0\n0 = N 66 0")
    for newline in ("\r\n", "\r"):
        assert expert(parse_chart_text(text.replace("\n", newline), PATH))[0].cymbal


def test_broken_utf16_and_missing_files_are_chart_errors(tmp_path):
    with pytest.raises(ChartError, match="UTF-16"):
        decode_chart_text(codecs.BOM_UTF16_LE + b"[\x00S", PATH)
    with pytest.raises(ChartError, match="not found"):
        read_chart_text(tmp_path / "missing.chart")


# Gems, modifiers, phrases ----------------------------------------------------------------------


def test_pads_are_toms_unless_a_cymbal_flag_is_on_their_tick():
    draft = parse_chart_text(
        chart_text(
            "0 = N 2 0\n0 = N 3 0\n0 = N 4 0\n"  # all toms
            "480 = N 2 0\n480 = N 66 0\n480 = N 3 0\n480 = N 67 0\n480 = N 4 0\n480 = N 68 0\n"
            "960 = N 3 0\n960 = N 66 0\n"  # a yellow flag does not make blue a cymbal
            "1440 = N 67 0"  # a flag without its gem makes no gem
        ),
        PATH,
    )
    assert [(g.tick, g.pad, g.cymbal) for g in expert(draft)] == [
        (0, Pad.YELLOW, False),
        (0, Pad.BLUE, False),
        (0, Pad.GREEN, False),
        (480, Pad.YELLOW, True),
        (480, Pad.BLUE, True),
        (480, Pad.GREEN, True),
        (960, Pad.BLUE, False),
    ]
    assert draft.tracks[Part.FULL].pro_markers
    chart = build_chart(draft, None, PATH)
    assert chart.track("full", "expert").cymbal.tolist() == [False] * 3 + [True] * 3 + [False]


def test_a_chart_without_cymbal_flags_has_no_pro_markers():
    draft = parse_chart_text(chart_text("0 = N 2 0\n0 = N 3 0"), PATH)
    assert not draft.tracks[Part.FULL].pro_markers
    assert not build_chart(draft, None, PATH).track("full", "expert").pro_drums


def test_accents_and_ghosts_mark_the_gem_of_their_pad():
    draft = parse_chart_text(
        chart_text(
            "0 = N 1 0\n0 = N 34 0\n0 = N 2 0\n0 = N 41 0\n0 = N 0 0\n"
            "480 = N 3 0\n480 = N 36 0\n480 = N 4 0\n480 = N 43 0\n"
            "960 = N 4 0\n960 = N 37 0\n960 = N 40 0"  # a red ghost with no red gem: nothing
        ),
        PATH,
    )
    assert [(g.tick, g.pad, g.dynamics) for g in expert(draft)] == [
        (0, Pad.KICK, Dynamics.NORMAL),
        (0, Pad.RED, Dynamics.ACCENT),
        (0, Pad.YELLOW, Dynamics.GHOST),
        (480, Pad.BLUE, Dynamics.ACCENT),
        (480, Pad.GREEN, Dynamics.GHOST),
        (960, Pad.GREEN, Dynamics.ACCENT),
    ]
    assert draft.dynamics_enabled
    chart = build_chart(draft, None, PATH)
    assert chart.track("full", "expert").dynamics.tolist() == [0, 1, 2, 1, 2, 1]


def test_five_lane_green_is_converted_to_four_lane_pro():
    draft = parse_chart_text(
        chart_text(
            "0 = N 2 0\n480 = N 3 0\n960 = N 4 0\n1440 = N 5 0\n1920 = N 4 0\n1920 = N 5 0\n"
            "2400 = N 38 0\n2400 = N 5 0"
        ),
        PATH,
    )
    assert draft.tracks[Part.FULL].five_lane
    track = build_chart(draft, None, PATH).track("full", "expert")
    # yellow -> yellow cymbal, blue -> blue tom, orange -> green cymbal, green -> green tom;
    # orange + green -> green cymbal + blue tom; the five-lane green accent is kept.
    assert [(n.lane, n.cymbal) for n in track] == [
        (Y, True),
        (B, False),
        (G, True),
        (G, False),
        (B, False),
        (G, True),
        (G, False),
    ]
    assert track.dynamics.tolist()[-1] == Dynamics.ACCENT


def test_2x_kicks_are_expert_plus_only():
    text = chart_text("0 = N 0 0\n240 = N 32 0\n480 = N 0 0")
    text += "[HardDrums]\n{\n0 = N 0 0\n240 = N 32 0\n}\n"
    draft = parse_chart_text(text, PATH)
    track = draft.tracks[Part.FULL]
    assert track.double_kicks == [240]
    assert [g.tick for g in track.gems[Difficulty.HARD]] == [0]
    chart = build_chart(draft, None, PATH)
    assert len(chart.track("full", "expert")) == 2 and len(chart.track("full", "expert+")) == 3
    assert len(chart.track("full", "hard")) == 1


def test_phrases_are_read_once_per_track():
    drums = (
        "0 = N 1 0\n0 = S 2 480\n960 = S 64 480\n1920 = S 65 240\n2400 = S 66 0\n"
        "2880 = E solo\n3360 = E soloend\n3840 = S 7 100\n4000 = N 1 0"
    )
    text = chart_text(drums) + f"[EasyDrums]\n{{\n{drums}\n}}\n"
    phrases = parse_chart_text(text, PATH).tracks[Part.FULL].phrases
    assert sorted(phrases, key=lambda p: p[1]) == [
        (PhraseKind.STAR_POWER, 0, 480),
        (PhraseKind.FILL, 960, 1441),  # an activation phrase holds its last tick
        (PhraseKind.ROLL, 1920, 2160),
        (PhraseKind.DOUBLE_ROLL, 2400, 2401),  # a zero-length phrase holds its own tick
        (PhraseKind.SOLO, 2880, 3361),  # notes on the soloend tick are in the solo
    ]


def test_a_solo_never_ended_runs_to_the_last_note():
    phrases = parse_chart_text(chart_text("0 = E solo\n0 = N 1 0\n960 = N 1 0"), PATH)
    assert phrases.tracks[Part.FULL].phrases == [(PhraseKind.SOLO, 0, 961)]


# Song, sync track, events ----------------------------------------------------------------------


def test_section_and_practice_names():
    events = (
        '0 = E "section Intro"\n480 = E "[section_Verse 1]"\n960 = E "prc_big_chorus"\n'
        '1440 = E "lyric section"\n1920 = E "[prc_solo_a]"\n2400 = E "end"\n2880 = E section'
    )
    draft = parse_chart_text(chart_text(events=events), PATH)
    assert draft.sections == [
        (0, "Intro"),
        (480, "Verse 1"),
        (960, "big chorus"),
        (1920, "solo a"),
    ]
    chart = build_chart(draft, None, PATH)
    assert [s.name for s in chart.sections][:2] == ["Intro", "Verse 1"]
    assert chart.sections[1].time_s == pytest.approx(0.5)


def test_tempo_changes_set_the_seconds_of_each_tick():
    text = chart_text(
        "0 = N 1 0\n960 = N 1 0\n1440 = N 1 0\n1920 = N 1 0",
        sync="0 = TS 4\n0 = B 120000\n960 = B 60000\n1920 = TS 3 3\n1920 = A 3000000",
    )
    draft = parse_chart_text(text, PATH)
    assert [t.us_per_quarter for t in draft.tempos] == [500_000, 1_000_000]
    chart = build_chart(draft, None, PATH)
    assert chart.track("full", "expert").times.tolist() == pytest.approx([0.0, 1.0, 2.0, 3.0])
    assert chart.tempo.time_signatures[-1].denominator == 8


def test_fractional_bpm_and_the_default_time_signature():
    draft = parse_chart_text(chart_text(sync="0 = B 150325\n480 = TS 7"), PATH)
    assert draft.tempos[0].bpm == pytest.approx(150.325)
    assert (draft.time_signatures[0].numerator, draft.time_signatures[0].denominator) == (7, 4)


def test_a_chart_without_a_sync_track_plays_at_120_bpm():
    text = "[Song]\n{\n  Resolution = 480\n}\n[ExpertDrums]\n{\n  960 = N 1 0\n}\n"
    chart = build_chart(parse_chart_text(text, PATH), None, PATH)
    assert chart.track("full", "expert").times.tolist() == pytest.approx([1.0])


@pytest.mark.parametrize("offset, first_s", [("0", 0.0), ("1.5", 1.5), ("-0.25", -0.25)])
def test_offset_moves_every_note(offset, first_s):
    text = chart_text("0 = N 1 0\n480 = N 1 0", song=f"Resolution = 480\nOffset = {offset}")
    draft = parse_chart_text(text, PATH)
    assert draft.offset_s == pytest.approx(first_s)
    times = build_chart(draft, None, PATH).track("full", "expert").times.tolist()
    assert times == pytest.approx([first_s, first_s + 0.5])


@pytest.mark.parametrize(
    ("ini", "first_s"),
    [
        ("delay = 500\n", 0.5),  # song.ini's delay wins over the chart's Offset
        ("delay = -250\n", -0.25),
        ("delay = 0\n", 6.0),  # a delay of 0 leaves the chart's own Offset
        ("", 6.0),
    ],
)
def test_song_ini_delay_replaces_the_chart_offset_never_adds_to_it(tmp_path, ini, first_s):
    text = chart_text("0 = N 1 0\n480 = N 1 0", song="Resolution = 480\nOffset = 6")
    (tmp_path / "notes.chart").write_text(text, encoding="utf-8")
    (tmp_path / "song.ini").write_text(f"[song]\nname = Late\n{ini}", encoding="utf-8")
    times = load_song(tmp_path).chart.track("full", "expert").times.tolist()
    assert times == pytest.approx([first_s, first_s + 0.5])


def test_disco_flip_in_a_chart_section_swaps_red_and_yellow_on_pro_drums():
    # Red at 0, red at the flip's tick (480), a yellow cymbal and a yellow tom inside it, red at
    # the tick the flip ends (1440); a blue cymbal makes the chart pro drums.
    drums = "0 = N 1 0\n480 = E mix_3_drums0d\n480 = N 1 0\n960 = N 2 0\n960 = N 66 0\n"
    drums += '1200 = N 2 0\n1440 = E "[mix 3 drums0]"\n1440 = N 1 0\n1920 = N 3 0\n1920 = N 67 0'
    expert = build_chart(parse_chart_text(chart_text(drums), PATH), None, PATH).track(
        "full", "expert"
    )
    got = list(
        zip(expert.times.tolist(), expert.lanes.tolist(), expert.cymbal.tolist(), strict=True)
    )
    assert got == [
        (0.0, R, False),
        (0.5, Y, True),
        (1.0, R, False),
        (1.25, R, False),
        (1.5, R, False),
        (2.0, B, True),
    ]


def test_a_chart_section_obeys_only_its_own_difficultys_mix_events():
    drums = "0 = E mix_2_drums0d\n0 = N 1 0\n0 = N 3 0\n0 = N 67 0"  # Hard's event in Expert
    chart = build_chart(parse_chart_text(chart_text(drums), PATH), None, PATH)
    assert chart.track("full", "expert").lanes.tolist() == [R, B]
    hard = chart_text(drums.replace("mix_2", "mix_3"), section="HardDrums")
    chart = build_chart(parse_chart_text(hard, PATH), None, PATH)
    assert chart.track("full", "hard").lanes.tolist() == [R, B]
    hard = chart_text(drums, section="HardDrums")
    chart = build_chart(parse_chart_text(hard, PATH), None, PATH)
    assert chart.track("full", "hard").lanes.tolist() == [Y, B]


def test_events_out_of_tick_order_are_sorted():
    ordered = chart_text(
        "0 = N 1 0\n480 = N 2 0\n480 = N 66 0\n960 = N 3 0",
        sync="0 = B 120000\n480 = B 60000",
        events='0 = E "section A"\n960 = E "section B"',
    )
    shuffled = chart_text(
        "960 = N 3 0\n480 = N 66 0\n0 = N 1 0\n480 = N 2 0",
        sync="480 = B 60000\n0 = B 120000",
        events='960 = E "section B"\n0 = E "section A"',
    )
    a, b = parse_chart_text(ordered, PATH), parse_chart_text(shuffled, PATH)
    assert a == b
    chart = build_chart(b, None, PATH)
    assert chart.track("full", "expert").times.tolist() == pytest.approx([0.0, 0.5, 1.5])


def test_unknown_sections_and_entries_are_skipped_undecoded():
    text = (
        "[ExpertSingle]\n{\n  this is = not read at all\n  ???\n}\n"
        + chart_text(
            "0 = N 1 0\n0 = N 7 0\n0 = H 2 0\n0 = E mix_3_drums0d",
            song="Resolution = 480\nDifficulty = oops\nMusicStream = song.ogg",
        )
        + "\n[Mystery]\n{\n}\n"
    )
    draft = parse_chart_text(text, PATH)
    assert [g.pad for g in expert(draft)] == [Pad.RED]


def test_duplicate_gems_count_once():
    assert len(expert(parse_chart_text(chart_text("0 = N 1 0\n0 = N 1 120"), PATH))) == 1


# Bad files -------------------------------------------------------------------------------------

BAD = {
    "missing resolution": (chart_text(song='Name = "x"'), "no Resolution in [Song]"),
    "zero resolution": (chart_text(song="Resolution = 0"), "line 3: Resolution 0"),
    "absurd resolution": (chart_text(song="Resolution = 480000"), "Resolution 480000"),
    "decimal resolution": (chart_text(song="Resolution = 4.5"), "not a whole number"),
    "bad offset": (chart_text(song="Resolution = 480\nOffset = nan"), "Offset 'nan'"),
    "negative tick": (chart_text("-5 = N 1 0"), "line 16: tick -5 is out of range"),
    "huge tick": (chart_text("2147483648 = N 1 0"), "tick 2147483648 is out of range"),
    "garbage tick": (chart_text("12a = N 1 0"), "tick '12a' is not a whole number"),
    "garbage note": (chart_text("0 = N x 0"), "N type 'x'"),
    "negative length": (chart_text("0 = N 1 -1"), "N length -1"),
    "note without length": (chart_text("0 = N 1"), "`N` takes 2 values, found 1"),
    "note with 3 values": (chart_text("0 = N 1 0 0"), "`N` takes 2 values, found 3"),
    "phrase without length": (chart_text("0 = S 2"), "`S` takes 2 values"),
    "no equals sign": (chart_text("0 N 1 0"), "expected `key = value`"),
    "no event type": (chart_text("0 ="), "no event type"),
    "zero tempo": (chart_text(sync="0 = B 0"), "tempo 0 BPM is not between"),
    "absurd tempo": (chart_text(sync="0 = B 99000000"), "tempo 99000 BPM"),
    "negative tempo": (chart_text(sync="0 = B -120000"), "tempo -120000 is out of range"),
    "tempo of two values": (chart_text(sync="0 = B 120000 1"), "`B` takes 1 values"),
    "zero beats": (chart_text(sync="0 = TS 0"), "time signature numerator 0"),
    "absurd metre": (chart_text(sync="0 = TS 4 40"), "time signature exponent 40"),
    "unterminated section": (chart_text().removesuffix("}\n"), "[ExpertDrums] is not closed"),
    "section runs into the next": (
        "[Song]\n{\nResolution = 480\n[ExpertDrums]\n{\n0 = N 1 0\n}\n",
        "line 1: section [Song] is not closed",
    ),
    "no opening brace": ("[Song]\nResolution = 480\n}\n", "does not open with {"),
    "text outside sections": ("hello\n" + chart_text(), "line 1: expected a [Section] header"),
    "text after the last section": (chart_text() + "}\n", "expected a [Section] header"),
    "no drum sections": (
        "[Song]\n{\nResolution = 480\n}\n[ExpertSingle]\n{\n0 = N 1 0\n}\n",
        "no drum sections",
    ),
    "empty file": ("", "no Resolution"),
}


@pytest.mark.parametrize("text, problem", list(BAD.values()), ids=list(BAD))
def test_bad_files_are_chart_errors_naming_the_file_and_line(text, problem):
    with pytest.raises(ChartError) as caught:
        parse_chart_text(text, PATH)
    assert str(caught.value).startswith(f"{PATH}: ")
    assert problem in str(caught.value)


def test_a_drum_section_with_no_notes_parses_but_does_not_build():
    draft = parse_chart_text(chart_text(""), PATH)
    assert expert(draft) == []
    with pytest.raises(ChartError, match="no drum notes"):
        build_chart(draft, None, PATH)


SLOW_IF_QUADRATIC = {  # ~2 MB each: a quadratic step would take minutes, a linear one milliseconds
    "blank lines": "\n" * 2_000_000,
    "empty sections": "[X]\n{\n}\n" * 250_000,
    "one long drum line": chart_text("0 = E " + "x " * 1_000_000),
    "a long section name": chart_text(events='0 = E "section' + " " * 2_000_000 + 'x"'),
    "a header of brackets": "[" + "] " * 1_000_000 + "x\n",
    "spaces before a brace": "[Song]\n" + " \n" * 1_000_000 + "x",
    "a huge skipped section": chart_text() + "[X]\n{\n" + "1 = N 1 0\n" * 200_000 + "}\n",
}


@pytest.mark.parametrize("text", list(SLOW_IF_QUADRATIC.values()), ids=list(SLOW_IF_QUADRATIC))
def test_pathological_texts_are_read_in_linear_time(text):
    start = time.perf_counter()
    with contextlib.suppress(ChartError):
        parse_chart_text(text, PATH)
    assert time.perf_counter() - start < 1.0
