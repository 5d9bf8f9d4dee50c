"""Recorded performances: note-ons at their times through the tempo map; bad files named."""

from __future__ import annotations

from collections import Counter

import mido
import pytest

from game.formats.performance_mid import (
    PerformanceError,
    read_performance,
    read_performance_columns,
)
from tests.helpers import TESTDATA, need_testdata

EVAL = TESTDATA / "gm-performances/groove/drummer1/eval_session/1_funk-groove1_138_beat_4-4.mid"


def test_the_eval_groove_has_its_published_note_ons():
    notes = read_performance(need_testdata(EVAL))
    assert len(notes) == 410
    assert Counter(n.note for n in notes) == {
        36: 54, 37: 1, 38: 94, 40: 6, 43: 1, 44: 123, 51: 126, 52: 3, 53: 1, 55: 1,
    }  # fmt: skip
    assert {n.channel for n in notes} == {9}
    assert min(n.velocity for n in notes) == 8 and max(n.velocity for n in notes) == 127
    times = [n.time_s for n in notes]
    assert times == sorted(times) and 27.0 < times[-1] < 27.87


def test_times_follow_every_tempo_change_of_a_type1_file(tmp_path):
    # Tempo 120 then 60 BPM from beat 4, in a conductor track; notes in a second track.
    midi = mido.MidiFile(type=1, ticks_per_beat=480)
    conductor = mido.MidiTrack(
        [
            mido.MetaMessage("set_tempo", tempo=500_000, time=0),
            mido.MetaMessage("set_tempo", tempo=1_000_000, time=4 * 480),
        ]
    )
    drums = mido.MidiTrack()
    for _beat in range(8):
        drums.append(mido.Message("note_on", channel=9, note=38, velocity=100, time=0))
        drums.append(mido.Message("note_off", channel=9, note=38, velocity=0, time=480))
    midi.tracks += [conductor, drums]
    path = tmp_path / "take.mid"
    midi.save(path)
    times = [n.time_s for n in read_performance(path)]
    assert times == pytest.approx([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0])


def test_note_ons_with_velocity_zero_are_note_offs(tmp_path):
    midi = mido.MidiFile(type=0)
    midi.tracks.append(
        mido.MidiTrack(
            [
                mido.Message("note_on", channel=9, note=36, velocity=90, time=0),
                mido.Message("note_on", channel=9, note=36, velocity=0, time=10),
                mido.Message("control_change", channel=9, control=4, value=90, time=0),
            ]
        )
    )
    path = tmp_path / "t.mid"
    midi.save(path)
    (note,) = read_performance(path)
    assert (note.note, note.velocity, note.channel) == (36, 90, 9)


def test_bad_files_are_a_performance_error_naming_the_file(tmp_path):
    text = tmp_path / "take.txt"
    text.write_text("not midi at all")
    truncated = tmp_path / "cut.mid"
    truncated.write_bytes(need_testdata(EVAL).read_bytes()[:200])
    async_file = tmp_path / "type2.mid"
    midi = mido.MidiFile(type=2)
    midi.tracks += [mido.MidiTrack([mido.Message("note_on", note=36)])] * 2
    midi.save(async_file)
    cases = {
        text: "not a MIDI file",
        truncated: "not a readable MIDI file",
        async_file: "type 2",
        tmp_path / "missing.mid": "file not found",
    }
    for path, problem in cases.items():
        with pytest.raises(PerformanceError) as info:
            read_performance(path)
        assert info.value.path == str(path) and problem in info.value.problem


@pytest.mark.parametrize(
    "name",
    [
        "drummer1/eval_session/1_funk-groove1_138_beat_4-4.mid",
        "drummer1/session1/1_funk_80_beat_4-4.mid",
        "drummer6/session1/3_rock_80_beat_6-8.mid",
    ],
)
def test_the_note_ons_are_those_mido_plays_in_the_same_order(name):
    """The game's own MIDI reader gives what mido's merged playback gave (times to 1 ns)."""
    path = need_testdata(TESTDATA / "gm-performances/groove" / name)
    now, expected = 0.0, []
    for message in mido.MidiFile(path, clip=True):
        now += message.time
        if message.type == "note_on" and message.velocity > 0:
            expected.append((now, message.note, message.velocity, message.channel))
    got = read_performance(path)
    assert [n[1:] for n in got] == [e[1:] for e in expected]
    assert [n.time_s for n in got] == pytest.approx([e[0] for e in expected], abs=1e-9)
    columns = read_performance_columns(path)
    assert list(columns.rows()) == [tuple(n) for n in got] and len(columns) == len(got)
