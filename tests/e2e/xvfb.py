"""A real X server for end-to-end tests: Xvfb on a free display, started and stopped by the test."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import need_program


def game_env(display: str, home: Path) -> dict[str, str]:
    """The environment for the game in a window on `display`, with SDL's dummy audio driver and
    its files under `home`."""
    return {
        **os.environ,
        "DISPLAY": display,
        "SDL_VIDEODRIVER": "x11",
        "SDL_AUDIODRIVER": "dummy",
        "DRUM_DUET_HOME": str(home),
    }


@contextmanager
def xvfb(size: str = "1280x720x24") -> Iterator[str]:
    """Start Xvfb on a free display; yield its DISPLAY name (":N")."""
    exe = need_program("Xvfb")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [exe, "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as f:
            number = f.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not report a display")
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def xdotool(display: str, *args: str, timeout: float = 10.0) -> str:
    """Run xdotool against `display`; return what it printed."""
    exe = need_program("xdotool")
    out = subprocess.run(
        [exe, *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return out.stdout.strip()


def wait_for_window(display: str, pid: int, name: str, timeout: float = 20.0) -> str:
    """The X window id of process `pid`'s window called `name`, waiting up to `timeout` seconds.

    Found by _NET_WM_PID: xdotool's `search --name` misses SDL's UTF-8 window titles.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for window in xdotool(display, "search", "--pid", str(pid)).split():
            if xdotool(display, "getwindowname", window) == name:
                return window
        time.sleep(0.1)
    raise AssertionError(f"no window called {name!r} appeared within {timeout} s")
