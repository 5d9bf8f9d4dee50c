"""Buffers of 64 and 128 frames: what the bench's chain gives below pygame's mixer, and why the
game does not use it yet.

pygame's mixer opens at least 256 frames per buffer (it rounds the size up to a power of two
and to 256 at least), so the game plays a 64- or 128-frame setting at 256 with a notice.
`pygame._sdl2.audio.AudioDevice` opens SDL's device at any size. On the pad-to-ear chain (a
dummy JACK server at 48 kHz / period 128, SDL -> ALSA -> ALSA's jack plugin) this prints:

1. for 64, 128, 256 and 512 frames: the bytes each AudioDevice callback fills (so the frames
   the device really asks for), the median spacing of the callbacks and ALSA's underruns in 2 s;
2. whether closing an AudioDevice returns while its Python callback waits for the GIL (the
   closing thread holds it): the game closes and reopens its device whenever a song asks for
   another buffer, so a close that hangs would freeze the game.

    .venv/bin/python bench/small_buffers.py

Needs jackd (Debian jackd2) and libasound2-plugins.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.jack_chain import alsa_into_jack, jack_server  # noqa: E402

RATE = 48000
HANG_S = 60.0

_OPEN = """
import os, sys, time
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import numpy as np, pygame
from pygame._sdl2 import audio as sdl_audio
pygame.init()

def device(frames, callback):
    return sdl_audio.AudioDevice(
        devicename=None, iscapture=False, frequency=48000, audioformat=sdl_audio.AUDIO_F32,
        numchannels=2, chunksize=frames, allowed_changes=0, callback=callback)
"""

SIZES = _OPEN + textwrap.dedent(
    """
    frames = int(sys.argv[1])
    stamps, sizes = [], []
    def callback(_device, memory):
        stamps.append(time.perf_counter()); sizes.append(len(memory))
        memory[:] = bytes(len(memory))
    dev = device(frames, callback)
    dev.pause(0)
    time.sleep(2.0)
    dev.pause(1)
    spacing = float(np.median(np.diff(stamps))) * 1000
    print(sorted({s // 8 for s in sizes}), len(stamps), round(spacing, 2), flush=True)
    dev.close()
    """
)

CLOSE = _OPEN + textwrap.dedent(
    """
    def callback(_device, memory):
        memory[:] = np.zeros(len(memory) // 4, np.float32).tobytes()
    for attempt in range(40):
        dev = device(128, callback)
        dev.pause(0)
        end = time.perf_counter() + 0.1
        while time.perf_counter() < end:  # the loop's Python work: it holds the GIL
            sum(range(200))
        dev.close()
    print("closed 40 times", flush=True)
    """
)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, jack_server(RATE, 128) as server:
        env = alsa_into_jack(Path(tmp), ("system:playback_1", "system:playback_2"), server)
        env["SDL_VIDEODRIVER"] = "dummy"
        print("pygame._sdl2.audio.AudioDevice on SDL -> ALSA -> JACK (dummy, 48 kHz, period 128)")
        print(
            f"{'asked':>6}  {'frames per callback':>19}  {'callbacks in 2 s':>16}  "
            "median spacing (ms)  ALSA underruns"
        )
        for frames in (64, 128, 256, 512):
            run = subprocess.run(
                [sys.executable, "-c", SIZES, str(frames)],
                env=env,
                capture_output=True,
                text=True,
                timeout=HANG_S,
            )
            if run.returncode != 0:
                print(f"{frames:>6}  failed: {run.stderr.strip()[-300:]}")
                continue
            got, count, spacing = run.stdout.split("]")[0] + "]", *run.stdout.split("]")[1].split()
            underruns = run.stderr.count("underrun occurred")
            print(f"{frames:>6}  {got:>19}  {count:>16}  {spacing:>19}  {underruns:>14}")
        try:
            run = subprocess.run(
                [sys.executable, "-c", CLOSE],
                env=env,
                capture_output=True,
                text=True,
                timeout=HANG_S,
            )
            print(f"close while the callback waits for the GIL: {run.stdout.strip() or run.stderr}")
        except subprocess.TimeoutExpired:
            print(
                f"close while the callback waits for the GIL: HUNG (no return in {HANG_S:.0f} s; "
                "AudioDevice.close() keeps the GIL while SDL waits for its audio thread, which "
                "waits for the GIL)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
