"""The stream's mix rendered in C (`_mixcore`), so that SDL's audio thread never waits for the GIL.

With the mix in Python, each audio callback must take the GIL first; whenever the game's loop
holds it (a draw call holds it up to a few milliseconds) or has just let it go to another thread,
the callback waits, and on a loaded 2-core machine some 256-frame buffers (5.3 ms) came after
the device needed them. The C mix runs the whole callback without Python: the C audio callback
is handed to SDL_mixer as its post-mix hook (or to SDL as the device's callback), and Python reads
what it did afterwards (`Core.anchor`, `Core.drain`).

`setup.py` builds the C part when a compiler is there; without it (or with `DRUM_DUET_PYTHON_MIX=1`
set, to compare) the stream mixes in Python as before.
"""

from __future__ import annotations

import ctypes
import logging
import os
import time
from types import ModuleType

from game.audio.sdl_output import OutputError, audio_devices_held, sdl_library

log = logging.getLogger(__name__)

FORCE_PYTHON = "DRUM_DUET_PYTHON_MIX"
"""Set to 1 in the environment to mix in Python even when the C mix is built."""


def _load() -> ModuleType | None:
    try:
        from game.audio import _mixcore
    except ImportError as e:
        log.info("the stream mixes in Python: the C mix is not built (%s)", e)
        return None
    return _mixcore


_module = _load()


def core_module() -> ModuleType | None:
    """The C mix's module, or None when it is not built or `DRUM_DUET_PYTHON_MIX` is set."""
    if os.environ.get(FORCE_PYTHON, "") not in ("", "0"):
        return None
    return _module


def clock_offset() -> float:
    """Seconds to add to a time on the C mix's clock to have it on `time.perf_counter` (the
    smallest of a few back-to-back readings; 0.0 on Linux, where both are CLOCK_MONOTONIC)."""
    if _module is None:
        return 0.0
    best = None
    for _ in range(5):
        a = time.perf_counter()
        c = _module.now()
        b = time.perf_counter()
        if best is None or b - a < best[0]:
            best = (b - a, (a + b) / 2 - c)
    return best[1] if best else 0.0


def _mixer_library() -> ctypes.CDLL:
    lib = sdl_library("SDL2_mixer", "Mix_SetPostMix")
    lib.Mix_SetPostMix.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.Mix_SetPostMix.restype = None
    return lib


def install_hook(core: object) -> bool:
    """Make the C callback SDL_mixer's post-mix hook, mixing `core` (a `_mixcore.Core`); False
    when SDL_mixer's library cannot be found (the caller then hooks Python in)."""
    if _module is None:
        return False
    try:
        lib = _mixer_library()
    except OutputError as e:
        log.warning("the C mix cannot reach SDL_mixer (%s): mixing in Python", e)
        return False
    with audio_devices_held():
        lib.Mix_SetPostMix(_module.callback_address(), core.address)  # type: ignore[attr-defined]
    return True


def remove_hook() -> None:
    """Take the C callback off SDL_mixer, with every audio device held meanwhile: once this
    returns, no callback is inside the mix."""
    with audio_devices_held():
        _mixer_library().Mix_SetPostMix(None, None)
