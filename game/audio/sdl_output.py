"""SDL's audio device opened directly (through ctypes, on the SDL library pygame loaded), for
buffers smaller than pygame's mixer opens (it takes at least 256 frames).

`pygame._sdl2.audio.AudioDevice` opens any size too, but its `close()` keeps the GIL while SDL
waits for the device's thread, and that thread may be waiting for the GIL to run our Python
callback: the game hangs (bench/small_buffers.py shows it). A ctypes call lets the GIL go for
its whole length, so closing here cannot deadlock.
"""

from __future__ import annotations

import ctypes
import glob
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

MIXER_MIN_FRAMES = 256
"""The smallest buffer pygame's mixer opens (frames): below it the stream opens SDL directly."""
_AUDIO_F32SYS = 0x8120 if sys.byteorder == "little" else 0x9120
_SDL_INIT_AUDIO = 0x10
_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint8), ctypes.c_int)


class _Spec(ctypes.Structure):
    _fields_ = [
        ("freq", ctypes.c_int),
        ("format", ctypes.c_uint16),
        ("channels", ctypes.c_uint8),
        ("silence", ctypes.c_uint8),
        ("samples", ctypes.c_uint16),
        ("padding", ctypes.c_uint16),
        ("size", ctypes.c_uint32),
        ("callback", _CALLBACK),
        ("userdata", ctypes.c_void_p),
    ]


class OutputError(RuntimeError):
    """SDL would not open the device (the message says why)."""


def _library_paths(name: str = "SDL2") -> list[str]:
    """Where the library `name` ("SDL2", "SDL2_mixer") that pygame uses may be: the one this
    process has loaded (Linux), then beside pygame's own modules (the wheels' copies)."""
    paths: list[str] = []
    try:
        maps = Path("/proc/self/maps").read_text()
        paths += sorted(set(re.findall(rf"(/\S*lib{name}-2\S*?\.so[\S]*)", maps)))
    except OSError:
        pass
    import pygame

    home = Path(pygame.__file__).parent
    wheels = (f"{name}.dll", f".dylibs/lib{name}*.dylib", f"../pygame_ce.libs/lib{name}-2*.so*")
    for pattern in wheels:
        paths += sorted(glob.glob(str(home / pattern)))
    return paths


def sdl_library(name: str, symbol: str) -> ctypes.CDLL:
    """pygame's copy of the library `name` ("SDL2", "SDL2_mixer"), the one that has `symbol`;
    OutputError when it cannot be found."""
    for path in _library_paths(name):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(lib, symbol):
            return lib
    raise OutputError(f"pygame's {name} library was not found")


def _sdl() -> ctypes.CDLL:
    """pygame's SDL library; OutputError when it cannot be found."""
    lib = sdl_library("SDL2", "SDL_OpenAudioDevice")
    lib.SDL_OpenAudioDevice.restype = ctypes.c_uint32
    lib.SDL_GetError.restype = ctypes.c_char_p
    return lib


class DirectOutput:
    """One SDL audio device playing float32 stereo at `rate` Hz in buffers of `frames` frames on
    `device` ("" the system's default), each filled by `fill(None, memory)` (a writable
    memoryview of the buffer's bytes) on SDL's audio thread. Raises OutputError when it will not
    open at that rate and size."""

    def __init__(
        self,
        rate: int,
        frames: int,
        device: str,
        fill: Callable | None = None,
        native: tuple[int, int] | None = None,
    ) -> None:
        """`native`, instead of `fill`: (address of a C callback, its user data), called by
        SDL's audio thread without Python (it must fill every byte)."""
        self._lib = _sdl()
        self._fill = fill
        self.id = 0
        if self._lib.SDL_InitSubSystem(_SDL_INIT_AUDIO) != 0:  # counted: undone in close()
            raise OutputError(self._lib.SDL_GetError().decode(errors="replace"))

        def callback(_userdata, stream, length: int) -> None:
            address = ctypes.addressof(stream.contents)
            ctypes.memset(address, 0, length)  # SDL hands the buffer over uninitialised
            memory = (ctypes.c_uint8 * length).from_address(address)
            self._fill(None, memoryview(memory).cast("B"))  # type: ignore[misc]

        # kept: SDL calls it until the device closes
        self._callback = _CALLBACK(native[0]) if native else _CALLBACK(callback)
        userdata = native[1] if native else None
        want = _Spec(rate, _AUDIO_F32SYS, 2, 0, frames, 0, 0, self._callback, userdata)
        have = _Spec()
        name = device.encode() if device else None
        self.id = self._lib.SDL_OpenAudioDevice(name, 0, ctypes.byref(want), ctypes.byref(have), 0)
        if not self.id:
            why = self._lib.SDL_GetError().decode(errors="replace") or "refused"
            self._lib.SDL_QuitSubSystem(_SDL_INIT_AUDIO)
            raise OutputError(why)
        self.rate, self.frames = have.freq, have.samples
        log.info(
            "audio device opened directly: %d Hz, %d frames per buffer on %r (SDL id %d)",
            self.rate,
            self.frames,
            device,
            self.id,
        )
        self._lib.SDL_PauseAudioDevice(self.id, 0)

    def close(self) -> None:
        """Stop and close the device; returns once SDL's audio thread has ended (the GIL is let
        go meanwhile, so a callback waiting for it finishes first)."""
        if self.id:
            self._lib.SDL_CloseAudioDevice(self.id)
            self._lib.SDL_QuitSubSystem(_SDL_INIT_AUDIO)
            self.id = 0


_MAX_DEVICE_ID = 32
"""SDL 2 numbers its open audio devices from 1 up (16 at most): the ids looked at."""


@contextmanager
def audio_devices_held() -> Iterator[None]:
    """Every open SDL audio device locked for the block: no audio callback runs in it.

    Each lock is taken through ctypes, which lets the GIL go while it waits, so a callback
    waiting for the GIL (to run a Python hook) finishes first and nothing deadlocks; inside the
    block a call that locks the device again (SDL's lock is recursive) returns at once. Without
    pygame's SDL library the block runs unguarded."""
    try:
        lib = _sdl()
    except OutputError:
        yield
        return
    held = [i for i in range(1, _MAX_DEVICE_ID + 1) if lib.SDL_GetAudioDeviceStatus(i) != 0]
    for device_id in held:
        lib.SDL_LockAudioDevice(device_id)
    try:
        yield
    finally:
        for device_id in reversed(held):
            lib.SDL_UnlockAudioDevice(device_id)
