"""A joystick that SDL itself simulates (`SDL_JoystickAttachVirtual`, SDL 2.0.14+), for tests of
drum controllers without one plugged in.

It is opened in the very SDL library that pygame loaded, so pygame sees a real SDL joystick:
JOYDEVICEADDED when it is attached, and JOYBUTTONDOWN / JOYBUTTONUP from SDL's own joystick
code at the next event pump after a button changes. Only the device is simulated.
"""

from __future__ import annotations

import ctypes
import glob
import os
import sys

import pygame
import pytest

SDL_JOYSTICK_TYPE_GAMECONTROLLER = 1


def _sdl_library() -> ctypes.CDLL | None:
    """The SDL2 library pygame loaded (found in this process's memory map), or None."""
    candidates: list[str] = []
    if sys.platform.startswith("linux"):
        with open("/proc/self/maps") as maps:
            candidates = [
                line.split()[-1]
                for line in maps
                if "libSDL2-2" in line or "libSDL2.so" in line or "libSDL2-2.0" in line
            ]
    base = os.path.dirname(pygame.__file__)
    candidates += glob.glob(os.path.join(base, "..", "pygame_ce.libs", "libSDL2*"))
    candidates += glob.glob(os.path.join(base, ".dylibs", "libSDL2*"))
    candidates += glob.glob(os.path.join(base, "SDL2.dll"))
    for path in dict.fromkeys(c for c in candidates if "SDL2_" not in os.path.basename(c)):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(lib, "SDL_JoystickAttachVirtual"):
            return lib
    return None


class VirtualJoystick:
    """An SDL virtual joystick with `buttons` buttons, attached now (pygame must be started)."""

    def __init__(self, buttons: int = 12) -> None:
        lib = _sdl_library()
        if lib is None:
            pytest.skip("this SDL cannot simulate a joystick (SDL_JoystickAttachVirtual)")
        self.lib = lib
        lib.SDL_JoystickAttachVirtual.restype = ctypes.c_int
        lib.SDL_JoystickAttachVirtual.argtypes = [ctypes.c_int] * 4
        lib.SDL_JoystickOpen.restype = ctypes.c_void_p
        lib.SDL_JoystickOpen.argtypes = [ctypes.c_int]
        lib.SDL_JoystickSetVirtualButton.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint8]
        lib.SDL_JoystickClose.argtypes = [ctypes.c_void_p]
        lib.SDL_JoystickDetachVirtual.argtypes = [ctypes.c_int]
        self.index = lib.SDL_JoystickAttachVirtual(SDL_JOYSTICK_TYPE_GAMECONTROLLER, 0, buttons, 0)
        if self.index < 0:
            pytest.skip("SDL could not attach a virtual joystick")
        self.handle = lib.SDL_JoystickOpen(self.index)
        self.name = pygame.joystick.Joystick(self.index).get_name()

    def set(self, button: int, down: bool) -> None:
        """Press (`down`) or release `button`; pygame sees it at its next event pump."""
        if self.lib.SDL_JoystickSetVirtualButton(self.handle, button, int(down)) != 0:
            raise RuntimeError(f"SDL did not take button {button}")

    def hit(self, button: int) -> None:
        """Press and release `button`, pumping after each so both reach pygame's queue."""
        self.set(button, True)
        pygame.event.pump()
        self.set(button, False)
        pygame.event.pump()

    def close(self) -> None:
        """Unplug it."""
        self.lib.SDL_JoystickClose(self.handle)
        self.lib.SDL_JoystickDetachVirtual(self.index)
