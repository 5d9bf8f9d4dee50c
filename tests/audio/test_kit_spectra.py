"""The kit sounds like a kit: each piece's spectrum and decay checked against a real kit's
published spectra (sources named in game/audio/kitvoices.py: audiorecording.me's drum frequency
analyses, W. DeBoy's "Frequency Spectrums for Drums", musical-u.com's percussion frequencies, and
J. E. Johnson Jr.'s lab-microphone cymbal spectra on the drummerworld.com forums).

Band energy is a share of the sound's whole energy (numpy FFT); a decay time is the time for the
5 ms RMS envelope to fall 20 (or 40) dB below its loudest window.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.audio import SAMPLE_RATE, kitvoices
from game.audio.drumkit import VELOCITY_LAYERS, KitPiece, KitSounds
from tests.audio.spectra import (
    band_level_db,
    band_share,
    centroid,
    decay_s,
    peak_hz,
    peak_prominence_db,
    power_spectrum,
    window,
)

RATE = SAMPLE_RATE
HARD = VELOCITY_LAYERS.index(0.87)
TOMS = (KitPiece.TOM_HIGH, KitPiece.TOM_MID, KitPiece.TOM_FLOOR)


@pytest.fixture(scope="module")
def kit() -> KitSounds:
    """Every piece and layer, rendered once for this module."""
    sounds = KitSounds()
    sounds.warm()
    return sounds


def test_kick_is_low_with_a_beater_click(kit):
    """Most of a kick is 40-120 Hz (real kicks peak at 30-60 Hz), and the beater's click puts
    2-5 kHz energy in the first 10 ms (the attack engineers boost at 2.5-4 kHz)."""
    kick = kit.sound(KitPiece.KICK, HARD)
    assert band_share(kick, RATE, 40, 120) > 0.6
    click = band_share(window(kick, RATE, 0.0, 0.010), RATE, 2000, 5000)
    assert click > 0.05, f"2-5 kHz is {click:.1%} of the first 10 ms"
    assert band_share(kick, RATE, 2000, 5000) > 0.008
    early = band_level_db(kick, RATE, 0.0, 0.010, 2000, 5000)
    late = band_level_db(kick, RATE, 0.030, 0.080, 2000, 5000)
    assert early - late > 20.0, (early, late)


def test_snare_has_a_body_and_wires(kit):
    """A snare's body at 150-300 Hz, its wires' noise (2-10 kHz) a real share of the energy and
    still buzzing after the head's thump, falling 20 dB within 100-250 ms."""
    snare = kit.sound(KitPiece.SNARE, HARD)
    assert band_share(snare, RATE, 150, 300) > 0.15
    assert band_share(snare, RATE, 2000, 10000) > 0.35
    tail = window(snare, RATE, 0.06, 0.2)
    assert band_share(tail, RATE, 2000, 12000) > 0.58  # the wires ring on
    assert 0.1 <= decay_s(snare, RATE, 20) <= 0.25


@pytest.mark.parametrize("piece", TOMS)
def test_a_tom_has_a_pitch_that_drops_and_a_stick_attack(kit, piece):
    tom = kit.sound(piece, HARD)
    assert peak_prominence_db(tom, RATE, 60, 1000) > 30.0  # a clear pitch peak
    start = peak_hz(window(tom, RATE, 0.0, 0.03), RATE, 60, 600)
    settled = peak_hz(window(tom, RATE, 0.15, 0.5), RATE, 60, 600)
    assert start > 1.1 * settled, (start, settled)
    assert band_share(tom, RATE, 1000, 7000) > 0.015  # the stick on the head


def test_toms_are_pitched_high_over_mid_over_floor(kit):
    pitches = [peak_hz(window(kit.sound(p, HARD), RATE, 0.15, 0.5), RATE, 60, 600) for p in TOMS]
    assert pitches[0] > 1.15 * pitches[1] > 1.15**2 * pitches[2], pitches
    assert 80 <= pitches[2] <= 120  # a floor tom's fullness sits at 80-120 Hz


def test_closed_hi_hat_is_high_short_and_reaches_16_khz(kit):
    """A closed hi-hat: mostly above 5 kHz (strongest near 10 kHz), content up to 16 kHz,
    down 20 dB well within 100 ms; the open hi-hat rings far longer."""
    closed = kit.sound(KitPiece.HIHAT_CLOSED, HARD)
    assert band_share(closed, RATE, 5000, RATE / 2) > 0.8
    assert band_share(closed, RATE, 12000, 16000) > 0.12
    assert 5000 < centroid(closed, RATE) < 14000
    assert decay_s(closed, RATE, 20) <= 0.08
    assert decay_s(closed, RATE, 40) <= 0.15
    opened = kit.sound(KitPiece.HIHAT_OPEN, HARD)
    assert decay_s(opened, RATE, 20) > 5 * decay_s(closed, RATE, 20)


def test_crash_is_broad_bright_and_long(kit):
    """A crash: broad energy from 3 to 16 kHz and a long ring (more than 1 s to fall 20 dB)."""
    crash = kit.sound(KitPiece.CRASH, HARD)
    assert band_share(crash, RATE, 3000, 16000) > 0.7
    assert band_share(crash, RATE, 10000, 16000) > 0.2
    assert decay_s(crash, RATE, 20) > 1.0


def test_ride_pings_with_a_bell_over_a_bright_wash(kit):
    """A ride: the stick's ping in the first 20 ms, a clear bell partial standing out of the
    spectrum, a wash reaching 16 kHz, and a ring shorter than the crash's at 40 dB."""
    ride = kit.sound(KitPiece.RIDE, HARD)
    assert peak_prominence_db(ride, RATE, 800, 3000) > 35.0
    early = band_level_db(ride, RATE, 0.0, 0.02, 2500, 8000)
    later = band_level_db(ride, RATE, 0.2, 0.4, 2500, 8000)
    assert early - later > 6.0, (early, later)
    assert band_share(ride, RATE, 3000, 16000) > 0.4
    assert band_share(ride, RATE, 12000, 16000) > 0.06
    assert 0.6 < decay_s(ride, RATE, 20) < decay_s(kit.sound(KitPiece.CRASH, HARD), RATE, 20)


@pytest.mark.parametrize("rate", [44100, 48000])
@pytest.mark.parametrize(
    "voice", [kitvoices.hihat_closed, kitvoices.hihat_open, kitvoices.crash, kitvoices.ride]
)
def test_cymbals_reach_16_khz_at_both_output_rates(voice, rate):
    """Rendered at the stream's rate, a cymbal keeps its 12-16 kHz energy, its length and its
    brightness (the spectral centroid over the round-robin variants)."""
    sounds = [voice(0.87, k, rate=rate) for k in range(3)]
    assert all(band_share(s.T, rate, 12000, 16000) > 0.03 for s in sounds)
    references = [voice(0.87, k, rate=44100) for k in range(3)]
    assert len(sounds[0].T) == pytest.approx(len(references[0].T) * rate / 44100, abs=1)
    bright = np.mean([centroid(s.T, rate) for s in sounds])
    assert bright == pytest.approx(np.mean([centroid(s.T, 44100) for s in references]), rel=0.05)


def test_membranes_keep_their_pitch_at_48_khz():
    a, b = kitvoices.tom(0.87, 0, 98.0, 0.85, rate=44100), kitvoices.tom(0.87, 0, 98.0, 0.85, 48000)
    assert peak_hz(b.T, 48000, 60, 600) == pytest.approx(peak_hz(a.T, 44100, 60, 600), rel=0.02)
    kick = kitvoices.kick(0.87, 0, rate=48000)
    assert band_share(kick.T, 48000, 40, 120) > 0.6


def test_the_whole_kit_is_not_all_low_end(kit):
    """Every piece at every velocity layer, at its level: far less than the old kit's 68% (by the
    issue's count; 79% by this one) below 150 Hz, and a real share above 8 kHz."""
    low = high = total = 0.0
    for piece in KitPiece:
        for layer in range(len(VELOCITY_LAYERS)):
            f, p = power_spectrum(kit.sound(piece, layer), RATE)
            p = p / len(f)
            low += p[f < 150].sum()
            high += p[f >= 8000].sum()
            total += p.sum()
    assert low / total < 0.45
    assert high / total > 0.06


@pytest.mark.parametrize("piece", list(KitPiece))
def test_a_harder_hit_is_brighter_and_louder(kit, piece):
    soft, hard = kit.sound(piece, 1), kit.sound(piece, len(VELOCITY_LAYERS) - 1)
    assert centroid(hard, RATE) > 1.05 * centroid(soft, RATE)
    assert np.sqrt(np.mean(hard**2)) > 2.0 * np.sqrt(np.mean(soft**2))
