"""A JACK server with the dummy driver, and SDL's audio output routed into it through ALSA's
jack plugin (Debian's libasound2-plugins): the chain that the pad-to-ear benchmark and its
end-to-end test measure a hit's sound on, with one clock (JACK's frames) for MIDI in and audio
out. No pytest here: the benchmark and the tests both use it.

    with jack_server(48000, 128) as server:
        env = alsa_into_jack(folder, ("rec:in_1", "rec:in_2"), server)
        # a process run with `env` plays pygame.mixer's output into rec:in_1 and rec:in_2

pygame-ce's wheels carry their own alsa-lib, which looks for its configuration and plugins
where they are not on Debian; so the configuration file is the process's whole ALSA
configuration (ALSA_CONFIG_PATH), and it names the plugin's library by its full path.
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

RATE = 48000
PERIOD = 256
PCM_NAME = "drumduet_jack"
PLUGIN_GLOBS = (
    "/usr/lib/*/alsa-lib/libasound_module_pcm_jack.so",
    "/usr/lib64/alsa-lib/libasound_module_pcm_jack.so",
    "/usr/lib/alsa-lib/libasound_module_pcm_jack.so",
)


XRUN_LINE = re.compile(r"^.*(?:XRun|ProcessGraph\w*: .*error).*$", re.MULTILINE)
"""A line of jackd's log that says a cycle went wrong (JACK2: "JackTimedDriver::Process XRun =
... usec", "JackAudioDriver::ProcessGraphSync: ProcessWriteSlaves error, ...")."""


class ChainMissingError(RuntimeError):
    """A part of the chain is not installed (the message names it)."""


def _which(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ChainMissingError(f"{name} is not installed (Debian: jackd2)")
    return path


@dataclass(frozen=True)
class JackServer:
    """A running dummy JACK server: its name, sample rate and period (frames)."""

    name: str
    rate: int
    period: int
    env: dict[str, str] = field(repr=False)
    log_path: Path | None = field(default=None, repr=False)
    """jackd's own output (stdout and stderr), while it runs."""

    def late_cycles(self) -> int:
        """How many times so far jackd reported a cycle that a client did not finish in time
        (an xrun): the MIDI that such a client had not read in that cycle is lost, by JACK."""
        if self.log_path is None:
            return 0
        text = self.log_path.read_text(errors="replace")
        return len(XRUN_LINE.findall(text))

    @property
    def period_s(self) -> float:
        """One JACK period in seconds (how long MIDI may wait for the next cycle)."""
        return self.period / self.rate


@contextmanager
def jack_server(
    rate: int = RATE, period: int = PERIOD, program: Callable[[str], str] = _which
) -> Iterator[JackServer]:
    """Start `jackd -d dummy` under a unique name, wait until it serves, and stop it after.
    `program(name)` finds jackd and jack_wait (or raises / skips when one is missing).

    The server runs synchronous (-S): when the machine runs a client a little late, the cycle
    waits for it. In jackd's default asynchronous mode the next cycle starts anyway and the MIDI
    that the late client had not read yet is lost, which a busy machine does now and then: the
    transport's fault, which the game's measurements must not depend on. Even synchronous,
    a client held up past the server's timeout loses that cycle's MIDI; jackd then logs an
    xrun, which `JackServer.late_cycles` counts. While it runs, JACK_DEFAULT_SERVER names it
    in this process's environment (and in `env`).
    """
    exe = program("jackd")
    wait = program("jack_wait")
    name = f"drum-duet-{os.getpid()}-{secrets.token_hex(3)}"
    env = {**os.environ, "JACK_DEFAULT_SERVER": name}
    previous = os.environ.get("JACK_DEFAULT_SERVER")
    # The server's log goes to a file, not a pipe: a full pipe would stall the server.
    with tempfile.TemporaryDirectory(prefix="jackd-") as folder:
        log_path = Path(folder) / "jackd.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [exe, "-S", "-n", name, "-d", "dummy", "-r", str(rate), "-p", str(period)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        try:
            ready = subprocess.run(
                [wait, "-s", name, "-w", "-t", "10"], env=env, capture_output=True, timeout=15
            )
            if ready.returncode != 0 or proc.poll() is not None:
                said = log_path.read_text(errors="replace")[-500:]
                raise RuntimeError(f"jackd did not start: {said}")
            os.environ["JACK_DEFAULT_SERVER"] = name
            yield JackServer(name, rate, period, env, log_path)
        finally:
            if previous is None:
                os.environ.pop("JACK_DEFAULT_SERVER", None)
            else:
                os.environ["JACK_DEFAULT_SERVER"] = previous
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def jack_plugin() -> Path | None:
    """The ALSA jack plugin's library (Debian: libasound2-plugins), or None."""
    for pattern in PLUGIN_GLOBS:
        found = sorted(glob.glob(pattern))
        if found:
            return Path(found[0])
    return None


def alsa_into_jack(
    folder: Path, ports: tuple[str, str], server: JackServer, pcm: str = PCM_NAME
) -> dict[str, str]:
    """Write an ALSA configuration into `folder` whose PCM `pcm` is a `type jack` device playing
    into JACK `ports` (left, right), and return `server.env` plus what makes SDL play there
    (SDL_AUDIODRIVER=alsa, AUDIODEV, ALSA_CONFIG_PATH). ChainMissingError without the plugin."""
    plugin = jack_plugin()
    if plugin is None:
        raise ChainMissingError("ALSA's jack plugin is not installed (Debian: libasound2-plugins)")
    conf = Path(folder) / "asound.conf"
    conf.write_text(
        f'pcm_type.jack {{ lib "{plugin}" }}\n'
        f"pcm.{pcm} {{\n"
        "  type jack\n"
        f'  playback_ports {{ 0 "{ports[0]}" 1 "{ports[1]}" }}\n'
        "}\n"
    )
    return {
        **server.env,
        "SDL_AUDIODRIVER": "alsa",
        "AUDIODEV": pcm,
        "ALSA_CONFIG_PATH": str(conf),
    }


class Drummer:
    """A JACK client that plays snare note-ons into a MIDI port ("NAME:drums") at chosen JACK
    frames and records what comes into its audio ports ("NAME:in_1", "NAME:in_2"), on one
    clock: JACK's frame time. Needs the JACK-Client package (MIT licence).

    `recording` holds the louder channel's magnitude per frame, frame 0 being `start_frame` (the
    first cycle after the last `play`).
    """

    NOTE_ON = 0x99  # channel 10, General MIDI drums
    SNARE = 38

    def __init__(self, name: str, seconds: float, velocity: int = 110) -> None:
        import jack  # the JACK-Client package: only the benchmark and the e2e tests need it
        import numpy as np

        self.client = jack.Client(name, no_start_server=True)
        self.rate = self.client.samplerate
        self.midi = self.client.midi_outports.register("drums")
        self.inputs = [self.client.inports.register(f"in_{i}") for i in (1, 2)]
        self.recording = np.zeros(round(seconds * self.rate), np.float32)
        self.velocity = velocity
        self.start_frame: int | None = None
        self.sent: list[int] = []
        """The JACK frame of each note-on sent, in order."""
        self._plan: list[int] = []
        self._next = 0
        self.client.set_process_callback(self._process)
        self.client.activate()

    def _process(self, frames: int) -> None:
        import numpy as np

        t0 = self.client.last_frame_time
        if self.start_frame is None:
            self.start_frame = t0
        i = t0 - self.start_frame
        if i >= 0 and i + frames <= len(self.recording):
            left, right = (p.get_array() for p in self.inputs)
            np.maximum(np.abs(left), np.abs(right), out=self.recording[i : i + frames])
        self.midi.clear_buffer()
        plan, end = self._plan, t0 + frames
        while self._next < len(plan) and plan[self._next] < end:
            at = max(plan[self._next], t0)
            self.midi.write_midi_event(at - t0, (self.NOTE_ON, self.SNARE, self.velocity))
            self.sent.append(at)
            self._next += 1

    def now(self) -> int:
        """JACK's frame time now (an estimate between cycles)."""
        return self.client.frame_time

    def play(self, gaps_s: list[float], lead_s: float = 0.2) -> None:
        """Send a snare note-on `lead_s` from now, then one after each gap (seconds)."""
        frame = self.now() + round(lead_s * self.rate)
        plan = []
        for gap in gaps_s:
            plan.append(frame)
            frame += round(gap * self.rate)
        self._next = 0
        self.sent = []
        self.start_frame = None  # the recording starts again at the next cycle
        self._plan = plan  # one assignment: the process callback sees all or nothing

    def done(self) -> bool:
        """True once every planned note-on went out."""
        return self._next >= len(self._plan)

    def connected(self) -> bool:
        """True once something listens to the drums port."""
        return bool(self.client.get_all_connections(self.midi))

    def latencies(self, floor: float = 0.01, rise: float = 3.0, window_s: float = 0.01) -> list:
        """Frames from each note-on to its sound's onset in the recording: the first frame after
        the send louder than `floor` and `rise` times the loudest of the `window_s` before the
        send (the previous hit's ring); None where no onset came before the next send."""
        assert self.start_frame is not None
        out: list[int | None] = []
        window = round(window_s * self.rate)
        sends = [f - self.start_frame for f in self.sent]
        for k, s in enumerate(sends):
            end = sends[k + 1] if k + 1 < len(sends) else min(s + self.rate, len(self.recording))
            before = self.recording[max(0, s - window) : s]
            level = max(floor, rise * float(before.max())) if len(before) else floor
            loud = (self.recording[s:end] > level).nonzero()[0]
            out.append(int(loud[0]) if len(loud) else None)
        return out

    def close(self) -> None:
        """Leave the JACK server."""
        self.client.deactivate()
        self.client.close()
