"""The writer: reading what it wrote gives the same chart (test files and generated charts)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.chart import Chart, NoteTrack, Phrase, PhraseKind, Section, SongMeta
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.star_power import mark_star_power
from game.core.tempo import TempoChange, TempoMap, TimeSignature
from game.formats.notes_mid_writer import write_notes_mid, write_song_folder
from game.formats.song_folder import load_song
from tests.formats.test_notes_mid import DRUMROLLS, DRUMTEST, TEST_MID
from tests.helpers import need_testdata


def assert_same_chart(a: Chart, b: Chart) -> None:
    assert set(a.tracks) == set(b.tracks)
    for key, track in a.tracks.items():
        assert b.tracks[key] == track, key
    assert a.sections == b.sections
    assert {p: set(v) for p, v in a.phrases.items() if v} == {
        p: set(v) for p, v in b.phrases.items() if v
    }
    assert a.meta == b.meta
    assert a.tempo.tempos == b.tempo.tempos and a.tempo.time_signatures == b.tempo.time_signatures


@pytest.mark.parametrize(
    "source", [TEST_MID, DRUMTEST, DRUMROLLS], ids=["test.mid", "drumtest", "drumrolls"]
)
def test_writing_a_real_chart_and_reading_it_back_gives_the_same_chart(tmp_path, source):
    original = load_song(need_testdata(source)).chart
    write_song_folder(original, tmp_path / "copy")
    assert_same_chart(original, load_song(tmp_path / "copy").chart)


def test_duet_tracks_are_written_as_duet_drums_p1_and_p2(tmp_path):
    import mido

    chart = load_song(need_testdata(DRUMTEST)).chart  # split automatically: it has full, p1 and p2
    write_notes_mid(chart, tmp_path / "notes.mid")
    names = [t.name for t in mido.MidiFile(tmp_path / "notes.mid").tracks]
    assert names[1:] == ["EVENTS", "PART DRUMS", "DUET DRUMS P1", "DUET DRUMS P2"]


def test_a_tom_and_a_cymbal_of_one_colour_at_one_tick_cannot_be_written(tmp_path):
    tempo = TempoMap(480)
    tracks = {
        (Part.FULL, Difficulty.EXPERT): NoteTrack([0.0], [Lane.YELLOW], [True]),
        (Part.FULL, Difficulty.EASY): NoteTrack([0.0], [Lane.YELLOW], [False]),
    }
    with pytest.raises(ValueError, match="tom and cymbal at tick 0"):
        write_notes_mid(Chart(SongMeta("X"), tempo, tracks), tmp_path / "notes.mid")


@st.composite
def charts(draw) -> Chart:
    """Random charts on a tick grid, with tempo and metre changes, dynamics, phrases, sections."""
    res = draw(st.sampled_from([96, 192, 480]))
    tempos = [TempoChange(0, draw(st.integers(300_000, 1_000_000)))]
    tempos += [
        TempoChange(res * 4 * k, draw(st.integers(300_000, 1_000_000)))
        for k in sorted(draw(st.sets(st.integers(1, 20), max_size=3)))
    ]
    sigs = [TimeSignature(0, 4, 4), TimeSignature(res * 4 * 5, draw(st.integers(2, 7)), 8)]
    tempo = TempoMap(res, tempos, sigs)
    step = res // 4
    # One cymbal flag per (tick, lane) shared by every difficulty, as .mid requires.
    slots = sorted(draw(st.sets(st.integers(0, 400), min_size=1, max_size=80)))
    kit = {}
    for slot in slots:
        for lane in draw(st.sets(st.sampled_from(list(Lane)), min_size=1, max_size=3)):
            kit[(slot * step, lane)] = (draw(st.booleans()), draw(st.sampled_from(list(Dynamics))))
    tracks = {}
    for part in draw(st.sets(st.sampled_from(list(Part)), min_size=1)):
        for difficulty in draw(st.sets(st.sampled_from(Difficulty.standard()), min_size=1)):
            keys = [k for k in kit if draw(st.booleans())] or [next(iter(kit))]
            ticks = np.array([k[0] for k in keys], dtype=float)
            tracks[(part, difficulty)] = NoteTrack(
                tempo.seconds(ticks),
                [k[1] for k in keys],
                [kit[k][0] for k in keys],
                [kit[k][1] for k in keys],
            )
    sections = tuple(
        Section(float(tempo.seconds(t * res * 4)), f"Part {t}")
        for t in sorted(draw(st.sets(st.integers(0, 30), max_size=4)))
    )
    phrases = {}
    for part in {p for p, _ in tracks}:
        found = set()
        for kind in draw(st.sets(st.sampled_from(list(PhraseKind)), max_size=3)):
            a = draw(st.integers(0, 100)) * step
            found.add(Phrase(kind, float(tempo.seconds(a)), float(tempo.seconds(a + 8 * step))))
        phrases[part] = tuple(sorted(found, key=lambda p: (p.start_s, p.kind.value)))
    # As the readers do: each track's notes carry the star-power phrases and fills holding them.
    tracks = {key: mark_star_power(t, phrases[key[0]]) for key, t in tracks.items()}
    meta = SongMeta(draw(st.text("abc XYZ", min_size=1, max_size=12)).strip() or "Song", "Us")
    return Chart(meta, tempo, tracks, sections, phrases)


@settings(max_examples=40, deadline=None)
@given(charts())
def test_generated_charts_round_trip_through_a_song_folder(tmp_path_factory, chart):
    folder = tmp_path_factory.mktemp("song")
    write_song_folder(chart, folder)
    back = load_song(folder).chart
    for key, track in chart.tracks.items():
        assert back.tracks[key] == track, key
    assert back.sections == chart.sections
    for part, found in chart.phrases.items():
        assert set(back.phrases.get(part, ())) == set(found)


def test_a_dot_chart_written_as_notes_mid_reads_back_within_a_tenth_of_a_millisecond(tmp_path):
    """.mid stores whole microseconds per quarter; .chart tempos (BPM x 1000) round to them."""
    from tests.helpers import TESTDATA, need_testdata

    original = load_song(need_testdata(TESTDATA / "rb-charts/yarg-core/test.chart")).chart
    write_song_folder(original, tmp_path / "copy")
    back = load_song(tmp_path / "copy").chart
    assert set(back.tracks) == set(original.tracks)
    for key, track in original.tracks.items():
        other = back.tracks[key]
        assert np.abs(other.times - track.times).max() < 1e-4, key
        assert (other.lanes == track.lanes).all() and (other.cymbal == track.cymbal).all()
        assert (other.dynamics == track.dynamics).all()
    assert [s.name for s in back.sections] == [s.name for s in original.sections]
    assert back.meta == original.meta
