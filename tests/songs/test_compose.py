"""The composer in tools/compose: its pattern language and music theory, and a build that gives
the committed song folders byte for byte."""

from __future__ import annotations

import pytest

from game.core.arrangement import Voice
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.tempo import TempoChange, TempoMap
from tests.helpers import ROOT
from tools.compose.backing import Score, bass, melody
from tools.compose.build import SONGS, main
from tools.compose.drums import DrumChart, bar, crash_in, splice
from tools.compose.theory import Key, chord, note, voice

FILES = ("song.ini", "notes.mid", "arrangement.mid")
TEMPO = TempoMap(480, [TempoChange(0, 500_000)])


def test_build_into_a_tmp_dir_gives_the_committed_files_byte_for_byte(tmp_path):
    assert main(["--out", str(tmp_path), "--quiet"]) == 0
    slugs = sorted(p.name for p in tmp_path.iterdir())
    assert slugs == ["firecracker-night", "gilded-hour", "nara-soundcheck"]
    assert len(SONGS) == 3
    for slug in slugs:
        for name in FILES:
            built = (tmp_path / slug / name).read_bytes()
            assert built == (ROOT / "charts" / slug / name).read_bytes(), f"{slug}/{name}"


def _counts(b, part: Part) -> list[int]:
    drums = DrumChart()
    drums.add(0, b)
    tracks = drums.tracks(TEMPO)
    return [len(tracks[(part, d)]) for d in Difficulty.standard()]


def test_a_step_mark_is_the_easiest_difficulty_that_plays_the_note():
    b = bar("kick p1 0...|1...|2...|3...")
    assert _counts(b, Part.FULL) == [1, 2, 3, 4]
    assert _counts(b, Part.P1) == [1, 2, 3, 4]
    assert _counts(b, Part.P2) == [0, 0, 0, 0]


def test_a_duet_pattern_can_bring_notes_in_earlier_but_never_drop_one():
    b = bar("hat p2 ..2.|..2.|..2.|..2.   ..1.|..1.|..1.|..1.")
    assert _counts(b, Part.FULL) == [0, 0, 4, 4]
    assert _counts(b, Part.P2) == [0, 4, 4, 4]
    with pytest.raises(ValueError, match="lacks"):
        bar("snare p1 0...|....|....|....   1...|....|....|....")


def test_both_players_play_a_unison_line_and_dynamics_start_on_hard():
    drums = DrumChart()
    drums.add(0, bar("crash both A...", "snare p1 ..g."))
    tracks = drums.tracks(TEMPO)
    for part in (Part.P1, Part.P2):
        easy, hard = tracks[(part, Difficulty.EASY)], tracks[(part, Difficulty.HARD)]
        assert easy.lanes.tolist() == [Lane.GREEN] and easy.dynamics.tolist() == [Dynamics.NORMAL]
        assert hard.dynamics[0] == Dynamics.ACCENT and bool(hard.cymbal[0])
    expert = tracks[(Part.P1, Difficulty.EXPERT)]
    assert expert.dynamics.tolist() == [Dynamics.ACCENT, Dynamics.GHOST]


def test_patterns_stay_on_the_sixteenth_or_triplet_grid():
    bar("tom1 p2 123|...|...|...")  # eighth-note triplets are fine
    with pytest.raises(ValueError, match="grid"):
        bar("tom1 p2 " + "1" * 24)


def test_a_tom_and_a_cymbal_of_one_colour_at_one_tick_are_refused():
    drums = DrumChart()
    with pytest.raises(ValueError, match="tom and cymbal"):
        drums.add(0, bar("crash p2 0...", "tom3 p2 0..."))


def test_splice_and_crash_in_make_fills_and_downbeats():
    groove = bar("kick p1 0.0.0.0.", "hat p1 0000")
    fill = bar("tom1 p2 ....|....|....|0000")
    filled = splice(groove, fill, 3)
    assert {h.instrument for h in filled if h.tick >= 1440} == {"tom1"}
    opened = crash_in(groove)
    at_one = {(h.instrument, h.players) for h in opened if h.tick == 0}
    assert at_one == {("crash", (Part.P1, Part.P2)), ("kick", (Part.P1, Part.P2))}


def test_chords_and_keys_spell_their_notes():
    assert chord("Gm7").pitch_classes == (7, 10, 2, 5)
    assert chord("D/F#").bass == 6 and chord("Ebmaj7").tone("7") == 2
    assert note("C4") == 60 and note("Bb1") == 34
    assert Key(7, "minor").pitch(3, note("G4")) == note("Bb4")
    assert Key(2, "major").pitch(8, note("D4")) == note("D5")


def test_voicings_move_by_the_smallest_steps():
    c_major = voice(chord("C"), None, 55, 72)
    f_major = voice(chord("F"), c_major, 55, 72)
    assert sorted(p % 12 for p in f_major) == [0, 5, 9]
    assert sum(abs(a - b) for a, b in zip(c_major, f_major, strict=True)) <= 3  # C-E-G to C-F-A


def test_bass_and_melody_follow_the_chords_and_the_key():
    score = Score()
    score.instrument("bass test", Voice.BASS)
    score.instrument("lead test", Voice.LEAD)
    bass(score, "bass test", 0, "Gm7", "R.O.5.7.", note("E1"))
    assert score.pitches("bass test") == [31, 43, 38, 41]
    end = melody(score, "lead test", 0, Key(7, "minor"), note("G4"), "1:4 3:4 r:4 5:4")
    assert end == 1920 and score.pitches("lead test") == [67, 70, 74]
