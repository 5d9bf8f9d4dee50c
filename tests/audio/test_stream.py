"""The audio stream: hits at exact samples, and the real SDL stream written by the disk driver."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from game.audio.drumkit import kit_sound
from game.audio.stream import RATE, StreamMix
from tests.helpers import script_result

CLICK = np.zeros((100, 2), dtype=np.float32)
CLICK[:20] = 0.5


def test_scheduled_hit_sounds_at_its_own_sample_and_a_past_one_at_once():
    mix = StreamMix(np.zeros((1000, 2), dtype=np.float32), lead_in_frames=0)
    mix.schedule(CLICK, 300)
    first = mix.render(256)
    assert not first.any()
    late = mix.schedule(CLICK, 100)  # already handed out: sounds at once
    assert late == 256
    second = mix.render(256)
    assert second[0, 0] == 0.5 and second[300 - 256, 0] == 0.5
    assert second[300 - 256 - 1, 0] == 0.0


def test_backing_starts_after_the_lead_in_and_mixes_with_hits():
    backing = np.full((100, 2), 0.25, dtype=np.float32)
    mix = StreamMix(backing, lead_in_frames=50)
    out = mix.render(200)
    assert not out[:50].any() and (out[50:150] == 0.25).all() and not out[150:].any()


@pytest.mark.parametrize("use_c", [None, False], ids=["as built", "numpy"])
def test_a_stream_sought_ahead_starts_where_the_song_is_and_its_clock_says_so(use_c):
    """A live duet joined under way: the stream starts at the song's sample now, the music
    from there (not from its first sample), and the clock reads the song's second there."""
    from game.audio.clock import SongClock
    from game.audio.stream import AudioStream

    ramp = np.repeat(np.arange(RATE, dtype=np.float32)[:, None] / RATE, 2, axis=1) * 0.5
    mix = StreamMix(ramp, lead_in_frames=RATE // 2, use_c=use_c)
    mix.schedule(CLICK, 10)  # over long before where the stream starts: never heard
    clock = SongClock(RATE, lead_in_s=0.5, now=lambda: 0.0)
    stream = AudioStream(mix, clock, 256, RATE, device=False)
    mix.seek(RATE // 2 + RATE // 4)  # a quarter second into the song
    mix.schedule(CLICK, 10)  # scheduled in the past after the seek: sounds at once
    stream.start()
    out = stream.hand_out(256, 7.0)
    assert out[0, 0] == pytest.approx(0.5 + 0.125, abs=1e-6)  # the click over the music there
    assert out[50, 0] == pytest.approx(0.5 * (RATE // 4 + 50) / RATE, abs=1e-6)
    assert clock.song_time(7.0) == pytest.approx(0.25)
    with pytest.raises(ValueError, match="0 or more"):
        mix.seek(-1)
    stream.close()


CEILING = 10 ** (-0.3 / 20)


def longest_run_at_peak(channel: np.ndarray) -> int:
    """The longest run of identical consecutive samples among those within 1 dB of the peak."""
    loud = np.abs(channel) >= np.abs(channel).max() * 10 ** (-1 / 20)
    same = (channel[1:] == channel[:-1]) & loud[1:] & loud[:-1]
    best = run = 0
    for s in same:
        run = run + 1 if s else 0
        best = max(best, run)
    return best + 1


def test_both_players_hitting_hard_never_clip_or_flatten_the_peaks():
    """Two players hammering every piece at full velocity over loud music: dozens of voices at
    once, sums far above full scale; the limiter keeps every peak below -0.3 dBFS, rounded."""
    rng = np.random.default_rng(11)
    music = (0.7 * np.sin(2 * np.pi * 110 * np.arange(RATE * 3) / RATE)).astype(np.float32)
    mix = StreamMix(np.stack([music, music], axis=1), lead_in_frames=0)
    for at in rng.integers(0, RATE * 2, 160):
        lane, cymbal = int(rng.integers(0, 5)), bool(rng.integers(0, 2))
        mix.schedule(kit_sound(lane, cymbal, 1.0, RATE), int(at))
    out = np.concatenate([mix.render(256) for _ in range(RATE * 3 // 256)])
    assert np.abs(out).max() <= CEILING
    assert mix.max_reduction_db > 6.0  # the sums went far over full scale
    for ch in range(2):
        assert longest_run_at_peak(out[:, ch]) < 3


def test_limiter_is_transparent_below_its_threshold():
    rng = np.random.default_rng(3)
    quiet = (rng.standard_normal((RATE, 2)) * 0.15).clip(-0.8, 0.8).astype(np.float32)
    hit = np.zeros((400, 2), np.float32)
    hit[:200] = 0.02
    mix = StreamMix(quiet, lead_in_frames=0)
    mix.schedule(hit, 1000)
    out = np.concatenate([mix.render(512) for _ in range(RATE // 512)])
    expected = quiet[: len(out)].copy()
    expected[1000:1200] += 0.02
    assert np.abs(out - expected).max() <= 1e-6


def test_limiter_recovers_smoothly_after_a_peak():
    """After one loud hit the gain comes back without a step: consecutive output samples of a
    steady tone never jump by more than the tone itself can."""
    tone = (0.7 * np.sin(2 * np.pi * 220 * np.arange(RATE) / RATE)).astype(np.float32)
    mix = StreamMix(np.stack([tone, tone], axis=1), lead_in_frames=0)
    burst = np.full((64, 2), 0.9, np.float32)
    mix.schedule(burst, 2000)
    out = np.concatenate([mix.render(128) for _ in range(RATE // 128)])[:, 0]
    assert mix.max_reduction_db > 1.0
    steps = np.abs(np.diff(out[2200:]))
    assert steps.max() <= np.abs(np.diff(tone)).max() * 1.01


PLAYER = textwrap.dedent(
    """
    import json, sys, time
    import numpy as np
    import pygame
    from game.audio.clock import SongClock
    from game.audio.stream import AudioStream, StreamMix, RATE

    pygame.init()
    backing = np.zeros((RATE * 3, 2), np.float32)
    backing[:40] = 0.5  # a reference onset at song time 0
    click = np.zeros((200, 2), np.float32); click[:40] = 0.8
    mix = StreamMix(backing, lead_in_frames=RATE // 2)
    clock = SongClock(RATE, lead_in_s=0.5)
    stream = AudioStream(mix, clock, 1024)  # 1024 frames per 3 ms: far faster than real time
    stream.start()
    notes = [0.25 * i for i in range(1, 11)]
    t0, k = time.perf_counter(), 0
    while clock.song_time() < 3.0 and time.perf_counter() - t0 < 30:
        while k < len(notes) and notes[k] < clock.song_time() + 0.25:
            mix.schedule(click, clock.sample_of(notes[k]))
            k += 1
        time.sleep(0.0005)
    wall = time.perf_counter() - t0
    stream.close()
    print(json.dumps({"silent": stream.silent, "wall": wall}))
    """
)


def test_disk_driver_stream_puts_hits_at_their_song_times_while_running_faster_than_real_time(
    tmp_path,
):
    out_file = tmp_path / "stream.raw"
    result = script_result(
        PLAYER, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(out_file), SDL_DISKAUDIODELAY="3"
    )
    assert not result["silent"]
    raw = np.fromfile(out_file, dtype=np.float32).reshape(-1, 2)[:, 0]
    seconds_of_audio = len(raw) / RATE
    assert seconds_of_audio > 1.5 * result["wall"]  # the disk driver outruns the wall clock
    onsets = np.flatnonzero((raw[1:] > 0.3) & (raw[:-1] <= 0.3)) + 1
    zero = onsets[0]  # the backing's reference onset: song time 0
    song_times = (onsets[1:] - zero) / RATE
    assert song_times == __import__("pytest").approx([0.25 * i for i in range(1, 11)], abs=1e-4)


def test_a_stream_without_a_device_moves_only_as_its_buffers_are_handed_out():
    """A stream with `device=False` opens no mixer and starts no thread: whoever holds it (a
    test on its own clock) hands out each buffer, which is rendered and anchors the clock."""
    import threading

    import pygame

    from game.audio.clock import SongClock
    from game.audio.stream import AudioStream

    clock = SongClock(RATE, lead_in_s=0.0, now=lambda: 0.0)
    mix = StreamMix(np.zeros((0, 2), np.float32), 0)
    click = np.ones((4, 2), np.float32) * 0.5
    mix.schedule(click, 300)
    stream = AudioStream(mix, clock, 256, RATE, device=False)
    threads, mixer = threading.active_count(), pygame.mixer.get_init()
    stream.start()
    assert not stream.silent and stream.notice is None
    assert pygame.mixer.get_init() == mixer and threading.active_count() == threads
    assert not clock.started  # nothing moves until a buffer is handed out
    first = stream.hand_out(256, 50.0)
    assert not first.any() and clock.song_time(50.0) == 0.0
    second = stream.hand_out(256, 50.0 + 256 / RATE)
    assert np.flatnonzero(second[:, 0])[0] == 300 - 256  # the click at its own sample
    assert clock.song_time(50.0 + 300 / RATE) == pytest.approx(300 / RATE)
    stream.close()
