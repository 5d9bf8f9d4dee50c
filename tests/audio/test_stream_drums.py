"""The drums stem in the stream mix: its own gain, and a level that ramps (never clicks) when the
game mutes it or brings it back."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from game.audio.stream import BUFFER_FRAMES, DRUMS_RAMP_S, RATE, StreamMix
from tests.helpers import script_result

RAMP_FRAMES = round(DRUMS_RAMP_S * RATE)  # 441


def dc(level: float, frames: int = RATE) -> np.ndarray:
    """A constant signal: the worst case for clicks (any jump in gain is a jump in the output)."""
    return np.full((frames, 2), level, dtype=np.float32)


def play(mix: StreamMix, buffers: int, frames: int = BUFFER_FRAMES) -> np.ndarray:
    """`buffers` stream buffers, as the audio callback takes them, joined."""
    return np.concatenate([mix.render(frames) for _ in range(buffers)])


def largest_step(out: np.ndarray) -> float:
    """The largest sample-to-sample change on either channel."""
    return float(np.abs(np.diff(out, axis=0)).max())


def test_drums_stem_plays_with_the_music_after_the_lead_in():
    mix = StreamMix(dc(0.25, 100), lead_in_frames=50, drums=dc(0.125, 100))
    out = mix.render(200)
    assert not out[:50].any() and (out[50:150] == 0.375).all() and not out[150:].any()


def test_music_and_drums_have_their_own_gains():
    mix = StreamMix(dc(0.4, 10), 0, drums=dc(0.4, 10))
    mix.backing_gain, mix.drums_gain = 0.5, 0.25
    assert mix.render(10)[:, 0] == pytest.approx([0.3] * 10)


def test_muting_ramps_down_over_10_ms_without_a_click_and_reaches_silence():
    mix = StreamMix(dc(0.0), 0, drums=dc(0.5))
    before = play(mix, 2)
    mix.set_drums_level(0.0)
    after = play(mix, 4)
    out = np.concatenate([before, after])
    # A jump from 0.5 to 0 in one sample would be a click; the ramp moves 0.5/441 per sample.
    assert largest_step(out) <= 0.5 / RAMP_FRAMES + 1e-6
    assert after[RAMP_FRAMES - 1 :].max() == 0.0  # silent once the ramp is over...
    assert after[: RAMP_FRAMES - 1].min() > 0.0  # ...and not before: it takes ~10 ms
    assert mix.drums_level == 0.0


def test_unmuting_ramps_back_up_to_the_full_level():
    mix = StreamMix(dc(0.0), 0, drums=dc(0.5))
    mix.set_drums_level(0.0)
    play(mix, 2)
    mix.set_drums_level(1.0)
    out = play(mix, 3)
    assert largest_step(out) <= 0.5 / RAMP_FRAMES + 1e-6
    assert (out[RAMP_FRAMES - 1 :] == 0.5).all()
    assert mix.drums_level == 1.0


def test_level_changes_mid_ramp_and_across_odd_buffer_sizes_stay_click_free():
    t = np.arange(RATE) / RATE
    drums = np.repeat((0.8 * np.sin(2 * np.pi * 100 * t))[:, None], 2, axis=1).astype(np.float32)
    mix = StreamMix(np.zeros((0, 2), np.float32), 0, drums=drums)
    unmuted = largest_step(StreamMix(np.zeros((0, 2)), 0, drums=drums).render(RATE))
    chunks = []
    for i, level in enumerate([1.0, 0.0, 1.0, 0.5, 0.0, 1.0] * 4):
        mix.set_drums_level(level)
        chunks.append(mix.render(97 + 61 * i % 300))  # buffers shorter than the ramp, uneven
    out = np.concatenate(chunks)
    assert largest_step(out) <= unmuted + 0.8 / RAMP_FRAMES + 1e-6


def test_half_level_for_a_duet_miss_is_reached_exactly():
    mix = StreamMix(dc(0.0), 0, drums=dc(0.5))
    mix.set_drums_level(0.5)
    out = play(mix, 2)
    assert (out[RAMP_FRAMES // 2 :] == 0.25).all()


def test_levels_outside_0_to_1_are_clamped():
    mix = StreamMix(dc(0.0), 0, drums=dc(0.5))
    mix.set_drums_level(3.0)
    assert (mix.render(10) == 0.5).all()
    mix.set_drums_level(-1.0)
    play(mix, 2)
    assert mix.drums_level == 0.0


def test_the_ramp_runs_during_the_lead_in_so_the_song_starts_at_the_level_set():
    mix = StreamMix(dc(0.0), lead_in_frames=RATE // 10, drums=dc(0.5))
    mix.set_drums_level(0.0)
    out = play(mix, 12)
    assert not out.any()


PLAYER = textwrap.dedent(
    """
    import json, time
    import numpy as np
    import pygame
    from game.audio.clock import SongClock
    from game.audio.stream import AudioStream, StreamMix, RATE

    pygame.init()
    t = np.arange(RATE * 4) / RATE
    drums = np.repeat((0.5 * np.sin(2 * np.pi * 200 * t))[:, None], 2, axis=1)
    mix = StreamMix(np.zeros((0, 2), np.float32), 0, drums=drums)
    clock = SongClock(RATE, lead_in_s=0.0)
    stream = AudioStream(mix, clock)
    stream.start()
    t0 = time.perf_counter()
    for at, level in ((1.0, 0.0), (2.0, 1.0)):  # the main thread mutes, then brings it back
        while clock.song_time() < at and time.perf_counter() - t0 < 30:
            time.sleep(0.0005)
        mix.set_drums_level(level)
    while clock.song_time() < 3.0 and time.perf_counter() - t0 < 30:
        time.sleep(0.0005)
    stream.close()
    print(json.dumps({"silent": stream.silent}))
    """
)


def test_real_stream_mutes_and_restores_the_drums_stem_set_from_the_main_thread(tmp_path):
    out_file = tmp_path / "stream.raw"
    assert not script_result(
        PLAYER, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(out_file), SDL_DISKAUDIODELAY="3"
    )["silent"]
    left = np.fromfile(out_file, dtype=np.float32).reshape(-1, 2)[:, 0]
    assert len(left) > 3 * RATE

    def rms(a: float, b: float) -> float:
        return float(np.sqrt(np.mean(np.square(left[round(a * RATE) : round(b * RATE)]))))

    assert rms(0.2, 0.9) == pytest.approx(0.5 / np.sqrt(2), rel=0.01)  # before: full
    assert rms(1.3, 1.9) == 0.0  # muted (the stream is written ahead: allow 0.3 s)
    assert rms(2.3, 2.9) == pytest.approx(0.5 / np.sqrt(2), rel=0.01)  # back
    sine_step = 0.5 * 2 * np.pi * 200 / RATE
    played = left[: round(2.95 * RATE)]  # closing the stream at 3 s cuts it off: not our ramp
    assert float(np.abs(np.diff(played)).max()) <= sine_step + 0.5 / RAMP_FRAMES
