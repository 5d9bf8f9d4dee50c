"""The drum kit and the guide drums: every lane has its sound, velocity shapes level and
brightness, and the guide's hits land on their notes (found by the onset detector)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from game.audio import (
    SAMPLE_RATE,
    KitPiece,
    detect_onsets,
    find_clicks,
    kit_sound,
    piece_for,
    render_guide,
    render_song,
)
from game.audio.drumkit import VELOCITY_LAYERS, KitSounds, layer_index
from game.audio.guide import guide_bus
from game.core.arrangement import Arrangement
from game.core.chart import Note, NoteTrack
from game.core.lanes import Dynamics, Lane

LANE_FLAGS = [(Lane.KICK, False), (Lane.RED, False)] + [
    (lane, cymbal) for lane in (Lane.YELLOW, Lane.BLUE, Lane.GREEN) for cymbal in (True, False)
]


def centroid(sound: np.ndarray) -> float:
    mono = sound.mean(axis=1).astype(np.float64)
    spec = np.abs(np.fft.rfft(mono)) ** 2
    freqs = np.fft.rfftfreq(len(mono), 1 / SAMPLE_RATE)
    return float((spec * freqs).sum() / spec.sum())


def profile(sound: np.ndarray) -> np.ndarray:
    """Octave-band levels (dB, relative to the loudest band) and the -20 dB decay time (in
    tenths of a second, so 0.3 s of difference counts like 3 dB)."""
    mono = sound.mean(axis=1).astype(np.float64)
    spec = np.abs(np.fft.rfft(mono)) ** 2
    freqs = np.fft.rfftfreq(len(mono), 1 / SAMPLE_RATE)
    edges = 31.25 * 2.0 ** np.arange(11)
    bands = np.array([spec[(freqs >= a) & (freqs < b)].sum() for a, b in itertools.pairwise(edges)])
    levels = 10 * np.log10(bands / bands.max() + 1e-12)
    env = np.abs(mono)
    decay = np.flatnonzero(env > 0.1 * env.max())[-1] / SAMPLE_RATE
    return np.append(levels, 10 * decay)


def rms(sound: np.ndarray) -> float:
    return float(np.sqrt(np.mean(sound.astype(np.float64) ** 2)))


def test_lanes_and_flags_map_to_the_kit():
    assert [piece_for(lane, cymbal) for lane, cymbal in LANE_FLAGS] == [
        KitPiece.KICK,
        KitPiece.SNARE,
        KitPiece.HIHAT_CLOSED,
        KitPiece.TOM_HIGH,
        KitPiece.RIDE,
        KitPiece.TOM_MID,
        KitPiece.CRASH,
        KitPiece.TOM_FLOOR,
    ]
    assert piece_for(Lane.RED, False, 1.0) is KitPiece.RIM_SHOT


def test_every_lane_and_flag_has_a_distinct_audible_sound():
    sounds = [kit_sound(lane, cymbal, 0.8) for lane, cymbal in LANE_FLAGS]
    for s in sounds:
        assert s.dtype == np.float32 and s.ndim == 2 and s.shape[1] == 2
        assert 0.05 < np.abs(s).max() <= 1.0
        assert len(s) < 4 * SAMPLE_RATE  # short enough to play on a hit
    # told apart by their character (spectrum and decay), not just by their noise
    profiles = [profile(s) for s in sounds]
    for (i, a), (j, b) in itertools.combinations(enumerate(profiles), 2):
        assert np.abs(a - b).max() > 3.0, (LANE_FLAGS[i], LANE_FLAGS[j])


def test_every_kit_piece_layer_and_variant_is_clean():
    kit = KitSounds()
    for piece in KitPiece:
        for layer in range(len(VELOCITY_LAYERS)):
            sound = kit.sound(piece, layer)
            assert not np.isnan(sound).any()
            assert np.abs(sound[0]).max() < 0.02 and np.abs(sound[-1]).max() < 1e-3
            assert abs(float(sound.mean())) < 1e-3
            padded = np.concatenate([np.zeros((500, 2)), sound, np.zeros((500, 2))])
            assert find_clicks(padded, SAMPLE_RATE) == [], (piece, layer)


@pytest.mark.parametrize(("lane", "cymbal"), LANE_FLAGS)
def test_velocity_changes_level_and_brightness(lane, cymbal):
    soft, hard = kit_sound(lane, cymbal, 0.3), kit_sound(lane, cymbal, 0.9)
    assert rms(hard) > 2.0 * rms(soft)  # at least 6 dB
    assert centroid(hard) > 1.05 * centroid(soft)


def test_velocity_between_layers_scales_the_level():
    a, b = kit_sound(Lane.RED, False, 0.5), kit_sound(Lane.RED, False, 0.6)
    assert a.shape == b.shape and rms(b) > rms(a)


def test_kit_sounds_are_deterministic():
    assert KitSounds().sound(KitPiece.CRASH, 2, 1).tobytes() == (
        KitSounds().sound(KitPiece.CRASH, 2, 1).tobytes()
    )


def _match(onsets: np.ndarray, times: np.ndarray) -> np.ndarray:
    """The signed error (s) of the onset nearest each time."""
    idx = np.clip(np.searchsorted(onsets, times), 1, len(onsets) - 1)
    near = np.where(
        np.abs(onsets[idx - 1] - times) < np.abs(onsets[idx] - times), onsets[idx - 1], onsets[idx]
    )
    return near - times


def test_guide_drum_onsets_land_within_2_ms_of_every_note(guide, drums):
    times = np.unique(drums.times)
    onsets = detect_onsets(guide.mean(axis=1), SAMPLE_RATE)
    errors = _match(onsets, times)
    print(
        f"{len(times)} note times, {len(onsets)} onsets; error ms: max "
        f"{1000 * np.abs(errors).max():.2f}, mean {1000 * errors.mean():+.2f}"
    )
    assert np.abs(errors).max() <= 0.002
    assert len(onsets) == len(times)  # nothing extra either


def test_guide_in_a_song_lands_on_the_notes(arrangement, drums):
    """Over a backing (pad and bass), with the guide as loud as the backing, every drum note is
    found within 2 ms."""
    parts = tuple(p for p in arrangement.parts if p.name in ("pad", "bass"))
    song = render_song(Arrangement(arrangement.tempo, parts, arrangement.length_s), drums, 1.0)
    times = np.unique(drums.times)
    errors = _match(detect_onsets(song.mean(axis=1), SAMPLE_RATE), times)
    assert np.abs(errors).max() <= 0.002


def test_guide_plays_accents_loud_and_ghosts_soft():
    def level(dyn: Dynamics) -> float:
        return rms(
            guide_bus(NoteTrack.from_notes([Note(0.1, Lane.RED, dynamics=dyn)]), SAMPLE_RATE)
        )

    assert level(Dynamics.ACCENT) > 1.2 * level(Dynamics.NORMAL) > 1.2 * 2.5 * level(Dynamics.GHOST)


def test_an_open_hi_hat_rings_until_the_next_hi_hat_chokes_it():
    open_then_closed = NoteTrack.from_notes(
        [Note(0.1, Lane.YELLOW, True, Dynamics.ACCENT), Note(0.5, Lane.YELLOW, True)]
    )
    open_alone = NoteTrack.from_notes([Note(0.1, Lane.YELLOW, True, Dynamics.ACCENT)])
    choked = guide_bus(open_then_closed, SAMPLE_RATE * 2)
    ringing = guide_bus(open_alone, SAMPLE_RATE * 2)
    late = slice(int(0.7 * SAMPLE_RATE), int(1.2 * SAMPLE_RATE))
    assert rms(choked[late]) < 0.01 * rms(ringing[late])
    assert find_clicks(choked, SAMPLE_RATE) == []


def test_guide_velocity_scale_and_empty_track():
    track = NoteTrack.from_notes([Note(0.1, Lane.KICK)])
    assert rms(render_guide(track, 1.0, 0.5)) < rms(render_guide(track, 1.0, 1.0))
    silent = render_guide(NoteTrack([], []), 1.5)
    assert silent.shape == (round(1.5 * SAMPLE_RATE), 2) and not silent.any()


def test_warming_the_kit_makes_every_live_hit_sound_ahead():
    kit = KitSounds()
    kit.warm()
    made = dict(kit._sounds)
    assert len(made) == len(KitPiece) * len(VELOCITY_LAYERS)
    for lane in range(5):
        for cymbal in (False, True):
            for velocity in (0.1, 0.5, 0.8, 1.0):
                piece = piece_for(lane, cymbal, velocity)
                assert kit.hit(piece, velocity)[0] is made[(piece, layer_index(velocity), 0)]
