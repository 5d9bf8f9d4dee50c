"""Buffers of 64 and 128 frames are real: pygame's mixer opens at least 256, so below that the
stream opens SDL's device directly, and the device asks for the frames the settings chose (no
notice); closing it while the loop holds the GIL returns (pygame's own AudioDevice would hang
there). A real stream on SDL's dummy audio driver, in a process of its own."""

from __future__ import annotations

import textwrap

from tests.helpers import script_result

PLAYER = textwrap.dedent(
    """
    import json, sys, time
    import numpy as np
    import pygame
    from game.audio.clock import SongClock
    from game.audio.stream import AudioStream, StreamMix, RATE

    pygame.init()
    tone = np.full((RATE, 2), 0.1, np.float32)
    results = []
    for frames in (64, 128, 256, 64, 128):  # and back and forth: the mixer reopens for 256
        clock = SongClock(RATE)
        stream = AudioStream(StreamMix(tone, 0), clock, frames)
        stream.start()
        deadline = time.perf_counter() + 10
        while stream.buffers < 20 and time.perf_counter() < deadline:
            sum(range(300))  # the loop's Python work: it holds the GIL most of the time
        stream.close()
        results.append({"asked": frames, "device": stream.device_frames, "buffers": stream.buffers,
                        "notice": stream.notice, "silent": stream.silent,
                        "mixer": pygame.mixer.get_init() is not None})
    print(json.dumps(results))
    """
)


def test_64_and_128_frame_buffers_reach_the_device_and_close_cleanly_between_songs():
    results = script_result(PLAYER, timeout=120, SDL_AUDIODRIVER="dummy")
    assert [r["device"] for r in results] == [64, 128, 256, 64, 128], results
    assert all(r["buffers"] >= 20 and not r["silent"] for r in results), results
    assert all(r["notice"] is None for r in results), results
