"""A real JACK server for MIDI end-to-end tests: `jackd -d dummy` under a name of its own, and a
second process (`midi_sender.py`) that plays MIDI into it through JACK ports of its own.

Every process that should see the server needs JACK_DEFAULT_SERVER=<name> in its environment:
`jack_server` sets it in this process while the server runs and `JackServer.env` has it for
child processes.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import need_program

RATE = 48000
PERIOD = 256
SENDER = Path(__file__).with_name("midi_sender.py")


@dataclass(frozen=True)
class JackServer:
    """A running dummy JACK server: its name, sample rate and period (frames)."""

    name: str
    rate: int
    period: int
    env: dict[str, str] = field(repr=False)

    @property
    def period_s(self) -> float:
        """One JACK period in seconds (how long MIDI may wait for the next cycle)."""
        return self.period / self.rate


@contextmanager
def jack_server(rate: int = RATE, period: int = PERIOD) -> Iterator[JackServer]:
    """Start `jackd -d dummy` under a unique name, wait until it serves, and stop it after.

    The server runs synchronous (-S): when the machine runs a client late, the cycle waits for
    it. In jackd's default asynchronous mode the next cycle starts anyway and the MIDI that
    the late client had not read yet is lost, which a busy CI machine does now and then: the
    transport's fault, which the tests of the game's input must not depend on.
    """
    exe = need_program("jackd")
    wait = need_program("jack_wait")
    name = f"drum-duet-test-{os.getpid()}-{secrets.token_hex(3)}"
    env = {**os.environ, "JACK_DEFAULT_SERVER": name}
    previous = os.environ.get("JACK_DEFAULT_SERVER")
    # The server's log goes to a file, not a pipe: a full pipe would stall the server.
    with tempfile.TemporaryFile() as log:
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
                log.seek(0)
                raise RuntimeError(f"jackd did not start: {log.read().decode()[-500:]}")
            os.environ["JACK_DEFAULT_SERVER"] = name
            yield JackServer(name, rate, period, env)
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


class Sender:
    """The second process: `midi_sender.py` playing a plan (see there) into the server.

    Start it with `sender(...)`; its ports exist once that returns. `go(start_s)` starts the
    plan at `start_s` (perf_counter seconds, shared by both processes on Linux: CLOCK_MONOTONIC);
    `result()` waits for the end and returns what it sent and when.
    """

    def __init__(self, proc: subprocess.Popen[str], ready: dict) -> None:
        self.proc = proc
        self.ready = ready

    def go(self, start_s: float) -> None:
        """Start the plan at `start_s` (perf_counter seconds)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{start_s!r}\n")
        self.proc.stdin.flush()

    def result(self, timeout: float = 120.0) -> dict:
        """The sender's log: {"sent": [[event index, perf_counter at send], ...], "actions":
        [[event index, perf_counter when done], ...]}."""
        out, err = self.proc.communicate(timeout=timeout)
        if self.proc.returncode != 0:
            raise RuntimeError(f"the MIDI sender failed: {err[-2000:]}")
        return json.loads(out.splitlines()[-1])


@contextmanager
def sender(server: JackServer, plan: dict, tmp_path: Path) -> Iterator[Sender]:
    """Run `midi_sender.py` with `plan` against `server`; its ports are open when this yields."""
    plan_file = tmp_path / f"plan-{secrets.token_hex(3)}.json"
    plan_file.write_text(json.dumps(plan))
    proc = subprocess.Popen(
        [sys.executable, str(SENDER), str(plan_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=server.env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        while line and not line.startswith("{"):  # libjack may print on stdout too
            line = proc.stdout.readline()
        if not line:
            proc.wait(10)
            raise RuntimeError(f"the MIDI sender did not start: {proc.stderr.read()[-2000:]}")
        yield Sender(proc, json.loads(line))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
