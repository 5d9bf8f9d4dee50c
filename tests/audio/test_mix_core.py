"""The stream's mix in C: the same sound as the numpy mix, and an audio callback that never waits
for the GIL (so a loop step holding it cannot make the device run dry)."""

import ctypes
import os
import resource

import numpy as np
import pytest

from game.audio import mix_core
from game.audio.stream import StreamMix
from tests.helpers import IN_CI, script_result

RATE = 48000


def need_c_mix() -> None:
    """Skip without the C mix built, but fail under CI=true (CI builds it: a compiler is there)."""
    if mix_core.core_module() is None:
        message = "the C mix (game/audio/_mixcore.c) is not built"
        if IN_CI:
            pytest.fail(f"{message}, and CI must run this test")
        pytest.skip(message)


def busy_mix(use_c: bool) -> StreamMix:
    """A mix that uses every part: music, a drums stem muted mid-way, hits on top of each other
    (far over full scale: the limiter works), scheduled ahead and at once."""
    rng = np.random.default_rng(7)
    t = np.arange(RATE, dtype=np.float32) / RATE
    music = np.stack([0.6 * np.sin(2 * np.pi * 220 * t), 0.5 * np.sin(2 * np.pi * 330 * t)], 1)
    drums = rng.uniform(-0.4, 0.4, (RATE, 2)).astype(np.float32)
    mix = StreamMix(music, 700, drums, rate=RATE, use_c=use_c)
    mix.backing_gain, mix.drums_gain, mix.hits_gain = 0.8, 0.7, 0.9
    hit = (rng.uniform(-1, 1, (3000, 2)) * np.linspace(1, 0, 3000)[:, None]).astype(np.float32)
    for k in range(40):
        mix.schedule(hit * 1.5, 900 + 517 * k)
    return mix


def play(mix: StreamMix, sizes: list[int]) -> np.ndarray:
    out = []
    for k, frames in enumerate(sizes):
        if k == 20:
            mix.set_drums_level(0.0)
        if k == 30:
            mix.set_drums_level(0.6)
        if k == 25:
            mix.schedule(np.full((500, 2), 0.9, np.float32))  # at once
        out.append(mix.render(frames))
    return np.concatenate(out)


def test_the_c_mix_sounds_as_the_numpy_mix_does():
    need_c_mix()
    sizes = [256] * 30 + [64, 1024, 128, 512] * 5
    c_mix, py_mix = busy_mix(True), busy_mix(False)
    c_out, py_out = play(c_mix, sizes), play(py_mix, sizes)
    assert c_mix.in_c and not py_mix.in_c
    assert py_mix.max_reduction_db > 3.0  # the limiter had work to do
    np.testing.assert_allclose(c_out, py_out, atol=2e-6)
    assert c_mix.max_reduction_db == pytest.approx(py_mix.max_reduction_db, abs=1e-6)
    assert c_mix.position == py_mix.position == sum(sizes)
    assert c_mix.drums_level == pytest.approx(py_mix.drums_level)
    assert np.abs(c_out).max() < 10 ** (-0.3 / 20)  # below the ceiling, as in numpy


def test_the_c_callback_fills_the_buffer_and_leaves_its_records_without_python():
    need_c_mix()
    module = mix_core.core_module()
    mix, same = busy_mix(True), busy_mix(True)
    callback = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
        module.callback_address()
    )  # called as SDL calls it: a foreign function, the GIL let go for the call
    memory = (ctypes.c_float * 512)()
    before = module.now()
    callback(mix.core.address, ctypes.addressof(memory), 2048)
    assert np.array_equal(np.frombuffer(memory, np.float32).reshape(-1, 2), same.render(256))
    start, frames, stamp = mix.core.anchor()
    assert (start, frames) == (0, 256) and before <= stamp <= module.now()
    mix.core.set_paused(True)
    callback(mix.core.address, ctypes.addressof(memory), 2048)
    assert not np.frombuffer(memory, np.float32).any()  # silence while paused
    assert mix.position == 256  # and the stream stands still
    records, lost = mix.core.drain()
    assert lost == 0 and [(r[2], r[3]) for r in records] == [(256, 0), (256, 1)]
    assert records[0][0] <= records[0][1]  # arrived, then done
    assert mix.core.drain() == ([], 0)  # each record read once


GIL_HELD_WHILE_THE_DEVICE_PLAYS = """
import ctypes, ctypes.util, json, sys, time
import numpy as np, pygame
from game.audio.clock import SongClock
from game.audio.stream import AudioStream, StreamMix

pygame.init()
stream = AudioStream(StreamMix(np.zeros((96000, 2), np.float32), 0), SongClock(48000), 256, 48000)
stamps = []
count = stream._count
stream._count = lambda frames, arrived, done: (stamps.append(arrived), count(frames, arrived, done))
stream.start()
time.sleep(0.3)
libc = ctypes.PyDLL(ctypes.util.find_library("c"))  # PyDLL: the GIL stays held in the call
held_from = time.perf_counter()
libc.usleep(600000)  # a loop step that holds the GIL for 0.6 s
held_until = time.perf_counter()
time.sleep(0.1)
stream.close()
inside = [s for s in stamps if held_from + 0.05 < s < held_until - 0.05]
print(json.dumps({"in_c": stream.mix.in_c, "inside": len(inside), "buffers": stream.buffers}))
"""


@pytest.mark.parametrize("python_mix", [False, True], ids=["c-mix", "python-mix"])
def test_the_device_is_fed_while_the_game_holds_the_gil_only_by_the_c_mix(python_mix):
    """SDL's dummy driver asks for a buffer every 5.3 ms; the main thread holds the GIL for
    0.6 s. The C callback keeps answering meanwhile; the Python one cannot run at all."""
    need_c_mix()
    env = {"SDL_AUDIODRIVER": "dummy", mix_core.FORCE_PYTHON: "1" if python_mix else "0"}
    result = script_result(GIL_HELD_WHILE_THE_DEVICE_PLAYS, timeout=30, **env)
    assert result["in_c"] is not python_mix
    assert result["buffers"] > 50
    if python_mix:
        assert result["inside"] == 0  # every callback waited for the GIL
    else:
        assert result["inside"] >= 40  # ~0.5 s of 5.3 ms buffers, on time


AUDIO_THREAD_POLICY = """
import json, os, time
import numpy as np, pygame
from game.audio.clock import SongClock
from game.audio.steady import _threads_named
from game.audio.stream import AudioStream, StreamMix

pygame.init()
stream = AudioStream(StreamMix(np.zeros((48000, 2), np.float32), 0), SongClock(48000), 256, 48000)
stream.start()
time.sleep(0.1)
policies = [os.sched_getscheduler(t) for t in _threads_named(("SDLAudio",))]
stream.close()
print(json.dumps({"policies": policies, "fifo": os.SCHED_FIFO}))
"""


@pytest.mark.parametrize("python_mix", [False, True], ids=["c-mix", "python-mix"])
def test_the_audio_thread_runs_real_time_only_when_it_never_waits_for_the_gil(python_mix):
    need_c_mix()
    if not hasattr(os, "sched_setscheduler") or (
        os.geteuid() != 0 and resource.getrlimit(resource.RLIMIT_RTPRIO)[0] == 0
    ):
        pytest.skip("this system allows no real-time threads here (not root, rtprio limit 0)")
    env = {"SDL_AUDIODRIVER": "dummy", mix_core.FORCE_PYTHON: "1" if python_mix else "0"}
    result = script_result(AUDIO_THREAD_POLICY, timeout=30, **env)
    assert result["policies"]  # SDL's audio thread was found by its name
    fifo = [p == result["fifo"] for p in result["policies"]]
    assert not any(fifo) if python_mix else all(fifo)
