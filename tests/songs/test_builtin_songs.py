"""The built-in songs as shipped in charts/: they load, pass every chart check, and are shaped
as SPEC's "Songs" says (tempo, length, form, the duet break, the key lift, the count-in)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from game.core.arrangement import Arrangement, Voice
from game.core.chart import Chart, find_unison
from game.core.chart_check import check_chart
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.formats.arrangement_mid import read_arrangement
from game.formats.song_folder import load_song
from tests.helpers import ROOT

CHARTS = ROOT / "charts"
SONGS = ("firecracker-night", "gilded-hour", "nara-soundcheck")
FORMS = {
    "firecracker-night": [
        "Intro",
        "Verse 1",
        "Pre-Chorus 1",
        "Chorus 1",
        "Verse 2",
        "Pre-Chorus 2",
        "Chorus 2",
        "Drum Duet Break",
        "Final Chorus",
        "Outro",
    ],
    "gilded-hour": [
        "Intro",
        "Verse 1",
        "Pre-Chorus 1",
        "Chorus 1",
        "Verse 2",
        "Pre-Chorus 2",
        "Chorus 2",
        "Bridge",
        "Final Chorus",
        "Outro",
    ],
    "nara-soundcheck": ["Count-In", "Intro", "Verse", "Chorus", "Outro"],
}
TEMPO_AND_LENGTH = {  # (lowest BPM, highest BPM, shortest s, longest s)
    "firecracker-night": (114.0, 114.0, 165.0, 195.0),
    "gilded-hour": (120.0, 125.0, 165.0, 195.0),
    "nara-soundcheck": (88.0, 92.0, 50.0, 75.0),
}


@cache
def chart(slug: str) -> Chart:
    return load_song(CHARTS / slug).chart


@cache
def arrangement(slug: str) -> Arrangement:
    return read_arrangement(CHARTS / slug / "arrangement.mid")


def section_span(c: Chart, name: str) -> tuple[float, float]:
    """Start and end (the next section's start, or the song's end) of a section, in seconds."""
    names = [s.name for s in c.sections]
    k = names.index(name)
    end = c.sections[k + 1].time_s if k + 1 < len(names) else c.meta.length_s
    return c.sections[k].time_s, end


def notes_between(arr: Arrangement, voice: Voice, start: float, end: float) -> np.ndarray:
    """Every note of `voice` starting in [start, end), across its parts, by start time."""
    rows = [p.notes for p in arr.parts if p.voice is voice]
    notes = np.sort(np.concatenate(rows), order=["start_s", "pitch"])
    return notes[(notes["start_s"] >= start - 1e-6) & (notes["start_s"] < end - 1e-6)]


@pytest.mark.parametrize("slug", SONGS)
def test_builtin_song_passes_every_chart_check(slug):
    failed = [f"{r.name}: {r.detail}" for r in check_chart(chart(slug)) if not r.passed]
    assert failed == []


@pytest.mark.parametrize("slug", SONGS)
def test_builtin_song_has_every_part_at_every_difficulty(slug):
    c = chart(slug)
    for part in (Part.FULL, Part.P1, Part.P2):
        assert c.difficulties(part) == list(Difficulty.standard())


@pytest.mark.parametrize("slug", SONGS)
def test_builtin_song_tempo_and_length_are_as_specified(slug):
    low, high, shortest, longest = TEMPO_AND_LENGTH[slug]
    c = chart(slug)
    assert all(low - 0.01 <= t.bpm <= high + 0.01 for t in c.tempo.tempos)
    assert shortest <= c.meta.length_s <= longest
    last_note = max(t.end_s for t in c.tracks.values())
    assert c.meta.length_s - 4.0 < last_note < c.meta.length_s


@pytest.mark.parametrize("slug", SONGS)
def test_builtin_song_sections_come_in_the_specified_order(slug):
    assert [s.name for s in chart(slug).sections] == FORMS[slug]


@pytest.mark.parametrize("slug", SONGS)
def test_builtin_song_ini_names_drum_duet_and_a_rating(slug):
    meta = chart(slug).meta
    assert (meta.artist, meta.year, meta.charter) == ("Drum Duet", "2026", "Drum Duet")
    assert meta.title and meta.genre and 0 <= meta.difficulty <= 6
    assert 0 < meta.preview_start_s < meta.length_s


@pytest.mark.parametrize("slug", SONGS)
def test_builtin_song_charts_accents_and_cymbals_on_expert(slug):
    full = chart(slug).track(Part.FULL, Difficulty.EXPERT)
    assert (full.dynamics == Dynamics.ACCENT).any()
    pads = full.lanes >= Lane.YELLOW
    assert (full.cymbal & pads).any() and (~full.cymbal & pads).any()  # cymbals and toms


@pytest.mark.parametrize("slug", ["firecracker-night", "gilded-hour"])
def test_builtin_song_ghosts_soft_snares_on_hard_and_expert(slug):
    for d in (Difficulty.HARD, Difficulty.EXPERT):
        full = chart(slug).track(Part.FULL, d)
        ghosts = full.dynamics == Dynamics.GHOST
        assert ghosts.any() and (full.lanes[ghosts] == Lane.RED).all()


@pytest.mark.parametrize("slug", SONGS)
def test_every_chorus_opens_with_a_unison_crash_and_kick(slug):
    c = chart(slug)
    for d in Difficulty.standard():
        p1, p2 = c.track(Part.P1, d), c.track(Part.P2, d)
        unison = find_unison(p1, p2)
        for s in c.sections:
            if "Chorus" in s.name and not s.name.startswith("Pre"):
                at = np.isclose(unison.times, s.time_s, atol=1e-4)
                assert {Lane.GREEN, Lane.KICK} <= set(unison.lanes[at].tolist()), (s.name, d)
        last = max(p1.end_s, p2.end_s)
        assert np.isclose(unison.times, last, atol=1e-4).any()  # the last hit is together


@pytest.mark.parametrize("slug", SONGS)
def test_builtin_song_duet_roles_follow_the_spec(slug):
    """P1 holds the groove (kick, snare, hi-hat); the toms and the ride are Player 2's."""
    c = chart(slug)
    p1, p2 = c.track(Part.P1, Difficulty.EXPERT), c.track(Part.P2, Difficulty.EXPERT)
    groove = (p1.lanes <= Lane.RED) | ((p1.lanes == Lane.YELLOW) & p1.cymbal)
    assert groove.mean() > 0.9
    toms = (p2.lanes >= Lane.YELLOW) & ~p2.cymbal
    ride = (p2.lanes == Lane.BLUE) & p2.cymbal
    assert toms.any() and ride.any()
    assert not ((p1.lanes >= Lane.YELLOW) & ~p1.cymbal).any()


def test_firecracker_break_is_eight_bars_of_call_and_response():
    c = chart("firecracker-night")
    start, end = section_span(c, "Drum Duet Break")
    first_bar = round(float(c.tempo.bar_position(start)))
    assert c.tempo.bar_position(end) - first_bar >= 8 - 1e-6
    for d in Difficulty.standard():
        p1, p2 = c.track(Part.P1, d), c.track(Part.P2, d)
        who = []
        for bar in range(first_bar, first_bar + 8):
            lo, hi = c.tempo.seconds_at_bar_position([bar, bar + 1])
            in_bar = [((t.times >= lo - 1e-6) & (t.times < hi - 1e-6)).sum() for t in (p1, p2)]
            who.append(tuple(n > 0 for n in in_bar))
        # P1 calls, P2 answers: one player a bar for six bars, then both trade and meet.
        assert who[:6] == [(True, False), (False, True)] * 3, d
        assert who[6:] == [(True, True), (True, True)], d
        lo, hi = c.tempo.seconds_at_bar_position([first_bar + 7, first_bar + 8])
        unison = find_unison(p1, p2).times
        assert ((unison >= lo) & (unison < hi)).any(), d  # the break's final hits together


def test_firecracker_backing_is_disco():
    c, arr = chart("firecracker-night"), arrangement("firecracker-night")
    assert {p.voice for p in arr.parts} == set(Voice)
    claps = notes_between(arr, Voice.PERCUSSION, 0.0, c.meta.length_s)
    claps = claps[claps["pitch"] == 39]
    beats = c.tempo.bar_position(claps["start_s"]) * 4 % 4
    assert len(claps) > 100 and set(np.rint(beats).astype(int).tolist()) == {1, 3}  # 2 and 4
    bass = notes_between(arr, Voice.BASS, *section_span(c, "Chorus 1"))["pitch"]
    assert (np.abs(np.diff(bass.astype(int))) == 12).mean() > 0.4  # octave funk bass


def test_firecracker_break_thins_out_the_backing():
    c, arr = chart("firecracker-night"), arrangement("firecracker-night")
    brk, chorus = section_span(c, "Drum Duet Break"), section_span(c, "Chorus 2")
    for voice in (Voice.LEAD, Voice.BRASS, Voice.KEYS):
        assert len(notes_between(arr, voice, *brk)) == 0
        assert len(notes_between(arr, voice, *chorus)) > 0


def test_gilded_hour_lifts_the_key_for_the_final_chorus():
    c, arr = chart("gilded-hour"), arrangement("gilded-hour")
    bar_s = 4 * 60.0 / c.tempo.bpm_at(0.0)
    starts = [section_span(c, name)[0] for name in ("Chorus 1", "Chorus 2", "Final Chorus")]

    def pitches(voice: Voice, start: float, bars: int) -> np.ndarray:
        return notes_between(arr, voice, start, start + bars * bar_s)["pitch"].astype(int)

    def chord_tones(voice: Voice, start: float) -> list[set[int]]:
        return [set((pitches(voice, start + k * bar_s, 1) % 12).tolist()) for k in range(8)]

    one, two, final = starts
    for voice in (Voice.BASS, Voice.LEAD):  # the tune and the bass line, seven bars of each
        assert np.array_equal(pitches(voice, one, 7), pitches(voice, two, 7))
        assert np.array_equal(pitches(voice, final, 7), pitches(voice, one, 7) + 2), voice
    for voice in (Voice.KEYS, Voice.PAD):  # the harmony, bar by bar
        lifted = [{(pc + 2) % 12 for pc in tones} for tones in chord_tones(voice, one)]
        assert chord_tones(voice, two) == chord_tones(voice, one)
        assert chord_tones(voice, final) == lifted, voice


def test_gilded_hour_verses_are_half_time_and_the_pre_chorus_is_on_the_toms():
    c = chart("gilded-hour")
    full = c.track(Part.FULL, Difficulty.EXPERT)
    lo, hi = section_span(c, "Verse 1")
    snares = full.times[(full.lanes == Lane.RED) & (full.dynamics != Dynamics.GHOST)]
    beats = c.tempo.bar_position(snares[(snares >= lo) & (snares < hi)]) * 4 % 4
    assert (np.isclose(beats, 2.0)).mean() > 0.9  # the backbeat on 3
    lo, hi = section_span(c, "Pre-Chorus 1")
    pre = (full.times >= lo) & (full.times < hi)
    toms = pre & (full.lanes >= Lane.YELLOW) & ~full.cymbal
    assert toms.sum() > 0.3 * pre.sum()


def test_nara_soundcheck_counts_in_with_four_sticks_before_the_first_drum_note():
    c, arr = chart("nara-soundcheck"), arrangement("nara-soundcheck")
    perc = notes_between(arr, Voice.PERCUSSION, 0.0, c.meta.length_s)
    sticks = perc[np.isin(perc["pitch"], (31, 75))]
    first_note = min(float(t.times[0]) for t in c.tracks.values())
    assert len(sticks) == 4
    assert np.allclose(np.diff(sticks["start_s"]), 60.0 / c.tempo.bpm_at(0.0))  # quarter notes
    assert sticks["start_s"].max() < first_note
    assert np.isclose(first_note, c.sections[1].time_s)  # the drums start with the intro


@pytest.mark.parametrize("slug", SONGS)
def test_builtin_arrangement_reads_back_with_its_voices(slug):
    arr = arrangement(slug)
    voices = {p.voice for p in arr.parts}
    assert {Voice.BASS, Voice.KEYS, Voice.PAD, Voice.LEAD, Voice.PLUCK, Voice.PERCUSSION} <= voices
    assert all(len(p.notes) for p in arr.parts)
    assert abs(arr.end_s - chart(slug).meta.length_s) < 0.5
    drums = {35, 36, 38, 40, 42, 44, 46, 49, 51, 57}  # the players' kit is never in the backing
    perc = np.concatenate([p.notes["pitch"] for p in arr.parts if p.voice is Voice.PERCUSSION])
    assert not set(perc.tolist()) & drums
