"""A closed stream leaves no Python hook on the mixer, which stays open for the next song: its
callback never waits for the GIL while the main thread holds it and waits for the mixer's lock
(as `pygame.init()` does)."""

import subprocess

import pytest

from tests.helpers import script_result

NEXT_MIXER_AFTER_A_STREAM = """
import ctypes, json, sys, time
import numpy as np, pygame
from game.audio.clock import SongClock
from game.audio.sdl_output import _library_paths
from game.audio.stream import AudioStream, StreamMix

pygame.init()
stream = AudioStream(StreamMix(np.zeros((48000, 2), np.float32), 0), SongClock(48000), 256, 48000)
stream.start()
time.sleep(0.1)
stream.close()
sdl = next(lib for lib in map(ctypes.PyDLL, _library_paths()) if hasattr(lib, "SDL_Init"))
mixer = [i for i in range(1, 33) if sdl.SDL_GetAudioDeviceStatus(i) != 0]
sys.setswitchinterval(30.0)  # this thread keeps the GIL: a callback that wants it waits,
until = time.perf_counter() + 0.3  # holding the mixer's lock, while the mixer plays on
while time.perf_counter() < until:
    pass
for device in mixer:  # as pygame.init() does (Mix_ChannelFinished): the lock, GIL held
    sdl.SDL_LockAudioDevice(device)  # (PyDLL keeps the GIL through the call)
    sdl.SDL_UnlockAudioDevice(device)
print(json.dumps({"buffers": stream.buffers, "devices": mixer}))
"""


def test_the_mixer_left_open_after_a_stream_never_waits_for_a_python_hook():
    """Before the hook was removed on close, the child hung here every time."""
    try:
        result = script_result(NEXT_MIXER_AFTER_A_STREAM, timeout=20, SDL_AUDIODRIVER="dummy")
    except subprocess.TimeoutExpired:
        pytest.fail("the main thread and the mixer's callback deadlocked")
    assert result["devices"]  # the mixer stayed open after the stream
    assert result["buffers"] > 0  # and the stream played through the hook before it closed
