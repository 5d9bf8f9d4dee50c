"""The audio stream: hits at exact samples, and the real SDL stream written by the disk driver."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np

from game.audio.stream import StreamMix

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


def test_mix_is_clipped():
    mix = StreamMix(np.full((10, 2), 0.9, dtype=np.float32), lead_in_frames=0)
    mix.schedule(CLICK, 0)
    assert mix.render(10).max() == 1.0


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
    stream = AudioStream(mix, clock)
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
    env = {
        **os.environ,
        "SDL_AUDIODRIVER": "disk",
        "SDL_DISKAUDIOFILE": str(out_file),
        "SDL_DISKAUDIODELAY": "3",
        "SDL_VIDEODRIVER": "dummy",
    }
    run = subprocess.run(
        [sys.executable, "-c", PLAYER], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert not result["silent"]
    raw = np.fromfile(out_file, dtype=np.float32).reshape(-1, 2)[:, 0]
    seconds_of_audio = len(raw) / 44100
    assert seconds_of_audio > 1.5 * result["wall"]  # the disk driver outruns the wall clock
    onsets = np.flatnonzero((raw[1:] > 0.3) & (raw[:-1] <= 0.3)) + 1
    zero = onsets[0]  # the backing's reference onset: song time 0
    song_times = (onsets[1:] - zero) / 44100
    assert song_times == __import__("pytest").approx([0.25 * i for i in range(1, 11)], abs=1e-4)
