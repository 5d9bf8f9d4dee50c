"""While a stream plays, the process keeps its audio callback fed: the loop's thread runs at a
higher priority (when the system allows it), the objects alive at the start are out of the garbage
collector's reach, and the GIL changes hands within a millisecond; all put back when it stops.
A real stream on SDL's dummy audio driver, in a process of its own."""

from __future__ import annotations

import textwrap

from game.audio.steady import LOOP_NICE, SWITCH_INTERVAL_S
from tests.helpers import script_result

PLAYER = textwrap.dedent(
    """
    import gc, json, os, sys, threading, time
    import numpy as np
    import pygame
    from game.audio.clock import SongClock
    from game.audio.stream import AudioStream, StreamMix, RATE

    def allowed() -> bool:  # may a thread of this process run at a higher priority?
        result = []
        def probe():
            try:
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), -1)
                result.append(True)
            except OSError:
                result.append(False)
        t = threading.Thread(target=probe); t.start(); t.join()
        return result[0]

    def state() -> dict:
        tid = threading.get_native_id()
        return {"nice": os.getpriority(os.PRIO_PROCESS, tid), "frozen": gc.get_freeze_count(),
                "switch": sys.getswitchinterval()}

    pygame.init()
    big = [[i] for i in range(20000)]  # objects alive when the song starts
    stream = AudioStream(StreamMix(np.zeros((RATE, 2), np.float32), 0), SongClock(RATE), 1024)
    before = state()
    stream.start()
    deadline = time.perf_counter() + 10
    while stream.buffers < 3 and time.perf_counter() < deadline:
        time.sleep(0.005)
    playing = state()
    stream.close()
    after = state()
    print(json.dumps({"allowed": allowed(), "silent": stream.silent, "buffers": stream.buffers,
                      "before": before, "playing": playing, "after": after}))
    """
)


def test_a_playing_stream_raises_the_loop_freezes_the_heap_and_shortens_the_switch_then_restores():
    r = script_result(PLAYER, SDL_AUDIODRIVER="dummy")
    assert not r["silent"] and r["buffers"] >= 3, r
    before, playing, after = r["before"], r["playing"], r["after"]
    assert before["frozen"] == 0 and before["switch"] == 0.005
    assert playing["nice"] == (LOOP_NICE if r["allowed"] else before["nice"])
    assert playing["frozen"] > 20000
    assert playing["switch"] == SWITCH_INTERVAL_S
    assert after == before
