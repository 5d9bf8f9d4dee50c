"""A real JACK server for MIDI end-to-end tests: `jackd -d dummy` under a name of its own, and a
second process (`midi_sender.py`) that plays MIDI into it through JACK ports of its own.

Every process that should see the server needs JACK_DEFAULT_SERVER=<name> in its environment:
`jack_server` sets it in this process while the server runs and `JackServer.env` has it for
child processes.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import need_program
from tools.jack_chain import PERIOD, RATE, JackServer
from tools.jack_chain import jack_server as chain_server

__all__ = ["PERIOD", "RATE", "JackServer", "Sender", "jack_server", "sender"]

SENDER = Path(__file__).with_name("midi_sender.py")


@contextmanager
def jack_server(rate: int = RATE, period: int = PERIOD) -> Iterator[JackServer]:
    """`tools.jack_chain.jack_server`, skipping the test when jackd is missing (failing under
    CI=true, which must have it)."""
    with chain_server(rate, period, need_program) as server:
        yield server


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
