"""The library's lean chart reader against the game's own: on every chart we have (the
built-ins, the shared test charts, charts the tests write), its note counts, length, pro drums
and duet parts equal what `load_song` gives; its note-on decoder equals the MIDI decoder the
game plays with, on random tracks of every kind of event."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.lanes import Part
from game.formats.chart_summary import _note_ons, summarize_chart
from game.formats.midi_file import parse_midi
from game.formats.notes_mid_writer import write_song_folder
from game.formats.song_folder import chart_file_in, load_song
from game.formats.song_ini import read_song_ini
from game.library.summary import detail_row, summary_row
from tests.helpers import ROOT, TESTDATA, chart_of, track

BUILTINS = sorted((ROOT / "charts").glob("*/notes.mid"))
SHARED = [
    TESTDATA / "rb-charts" / "yarg-core" / "test.mid",
    TESTDATA / "rb-charts" / "yarg-core" / "test.chart",
    TESTDATA / "rb-charts" / "fofix-tutorials" / "drumtest" / "notes.mid",
    TESTDATA / "rb-charts" / "fofix-tutorials" / "drumrolls" / "notes.mid",
]

CHART_TEXT = """[Song]
{{
  Name = "Hand Made"
  Resolution = 192
  Offset = 0.25
}}
[SyncTrack]
{{
  0 = TS 4
  0 = B 120000
  768 = B 140000
}}
[ExpertDrums]
{{
{expert}
}}
[EasyDrums]
{{
  0 = N 0 0
  192 = N 1 0
  192 = N 1 0
  384 = N 5 0
}}
"""
STANDARD = """  0 = N 0 0
  0 = N 32 0
  96 = N 1 0
  96 = N 2 0
  96 = N 66 0
  192 = N 4 0
  192 = N 5 0
  288 = N 3 0
  288 = N 67 0
  384 = N 0 0
  384 = N 32 0
  480 = S 2 192
  480 = N 2 0
  480 = E solo
  576 = N 1 0
  576 = N 35 0"""
ODD_SPACING = STANDARD.replace("96 = N 1 0", "96=N  1 0").replace("288 = N 3", "288 =N 3")


def load_counts(path: Path) -> dict:
    """{part: {difficulty: notes}} as the game's whole chart says."""
    chart = load_song(path).chart
    return {p: {d: len(chart.track(p, d)) for d in chart.difficulties(p)} for p in chart.parts()}


def assert_summary_matches(path: Path) -> None:
    chart_file = chart_file_in(path)
    ini_path = chart_file.parent / "song.ini"
    ini = read_song_ini(ini_path) if ini_path.is_file() else None
    summary = summarize_chart(chart_file.read_bytes(), chart_file, ini)
    song = load_song(path)
    whole = load_counts(path)
    assert summary.counts[Part.FULL] == whole[Part.FULL]
    if summary.charted_duet:  # duet tracks of its own: counted exactly too
        assert {p: summary.counts[p] for p in (Part.P1, Part.P2)} == {
            p: whole[p] for p in (Part.P1, Part.P2)
        }
    else:
        assert set(summary.counts) == {Part.FULL}  # the split is left to the full read
    assert summary.end_s == pytest.approx(song.chart.duration_s, abs=1e-9)
    full = [song.chart.tracks[k] for k in song.chart.tracks if k[0] == Part.FULL]
    assert summary.pro_drums == any(t.pro_drums for t in full)


@pytest.mark.parametrize("chart", BUILTINS, ids=lambda p: p.parent.name)
def test_the_summary_counts_every_builtin_as_load_song_does(chart):
    assert_summary_matches(chart.parent)


@pytest.mark.parametrize("chart", SHARED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_summary_counts_the_shared_test_charts_as_load_song_does(chart):
    if not chart.is_file():
        pytest.skip(f"shared test data missing: {chart}")
    assert_summary_matches(chart)


@pytest.mark.parametrize("body", [STANDARD, ODD_SPACING], ids=["standard", "odd-spacing"])
@pytest.mark.parametrize("ini", ["", "pro_drums = False\n", "five_lane_drums = True\n"])
def test_a_hand_made_chart_counts_as_load_song_does(tmp_path, body, ini):
    """Double kicks (Expert+), a repeated note, five-lane green beside orange, cymbal flags,
    accents, a phrase and an event; lines as editors write them and not; song.ini's choices."""
    (tmp_path / "notes.chart").write_text(CHART_TEXT.format(expert=body))
    (tmp_path / "song.ini").write_text("[song]\nname = x\n" + ini)
    assert_summary_matches(tmp_path)


def test_a_written_notes_mid_counts_as_load_song_does(tmp_path):
    chart = chart_of(
        {
            ("full", "expert"): track((0.0, 0), (0.0, 2, True), (0.5, 1), (0.5, 1), (1.0, 4)),
            ("full", "easy"): track((0.0, 0), (1.0, 1)),
            ("p1", "expert"): track((0.0, 0), (0.5, 1)),
            ("p2", "expert"): track((0.0, 2, True), (1.0, 4)),
        }
    )
    write_song_folder(chart, tmp_path / "song")
    assert_summary_matches(tmp_path / "song")


def test_the_full_read_adds_the_duet_split_to_the_summary(tmp_path):
    shutil.copytree(ROOT / "charts" / "nara-soundcheck", tmp_path / "nara")
    (tmp_path / "nara" / "album.PNG").write_bytes(b"not looked at here")
    for name in ("arrangement.mid",):
        (tmp_path / "nara" / name).unlink()
    drumrolls = SHARED[3]
    if drumrolls.is_file():
        shutil.copytree(drumrolls.parent, tmp_path / "rolls")
        summary, full = summary_row(tmp_path / "rolls"), detail_row(tmp_path / "rolls")
        assert summary["detailed"] == 0 and full["detailed"] == 1
        assert '"p1"' not in summary["parts"] and '"p1"' in full["parts"]
        assert (
            summary["chart_sha256"]
            == full["chart_sha256"]
            == load_song(tmp_path / "rolls").chart_sha256
        )
    nara = summary_row(tmp_path / "nara")
    assert nara["detailed"] == 1 and nara["charted_duet"] == 1 and nara["art"] == "album.PNG"
    assert nara["density"] > 0 and nara["pro_drums"] == 1


# the note-on decoder ---------------------------------------------------------------------------


def vlq(value: int) -> bytes:
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


EVENTS = st.one_of(
    st.tuples(
        st.just("note"),
        st.sampled_from([0x90, 0x80, 0x91]),
        st.integers(0, 127),
        st.integers(0, 127),
        st.booleans(),
    ),
    st.tuples(st.just("cc"), st.integers(0, 127), st.integers(0, 127)),
    st.tuples(st.just("program"), st.integers(0, 127)),
    st.tuples(st.just("text"), st.binary(max_size=140)),
    st.tuples(st.just("sysex"), st.binary(max_size=20)),
)


def encode(events: list[tuple[int, tuple]]) -> bytes:
    """A track's bytes: each event with its delta, using running status when asked and able."""
    out, running = bytearray(), None
    for delta, event in events:
        out += vlq(delta)
        kind = event[0]
        if kind == "note":
            _, status, pitch, velocity, use_running = event
            if not (use_running and running == status):
                out.append(status)
            out += bytes([pitch, velocity])
            running = status
        elif kind == "cc":
            out += bytes([0xB0, event[1], event[2]])
            running = 0xB0
        elif kind == "program":
            out += bytes([0xC0, event[1]])
            running = 0xC0
        elif kind == "text":
            out += b"\xff\x01" + vlq(len(event[1])) + event[1]
        else:
            out += b"\xf0" + vlq(len(event[1])) + event[1]
    return bytes(out + b"\x00\xff\x2f\x00")


def midi_of(track: bytes) -> bytes:
    header = b"MThd" + (6).to_bytes(4, "big") + (1).to_bytes(2, "big") + (1).to_bytes(2, "big")
    return header + (480).to_bytes(2, "big") + b"MTrk" + len(track).to_bytes(4, "big") + track


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.integers(0, 127), st.integers(0, 2**21)), EVENTS),
        max_size=300,
    ),
    st.integers(0, 3),
)
def test_the_lean_decoder_finds_the_note_ons_the_game_decoder_finds(events, notes_first):
    # long runs of plain notes, as drum tracks hold, so the vectorised runs are exercised
    run = [(k % 3 * 60, ("note", 0x90, 96 + k % 5, 100 * (k % 2), True)) for k in range(40)]
    events = run * notes_first + events + run
    data = midi_of(encode(events))
    midi = parse_midi(data, Path("random.mid"))
    track_ = midi.tracks[0]
    notes = midi.events(track_).notes
    want = [(t, p) for t, p, v in notes if v]
    ticks, pitches = _note_ons(midi, track_.index, track_.start, track_.end)
    assert list(zip(ticks.tolist(), pitches.tolist(), strict=True)) == want
