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
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import need_program
from tools.jack_chain import PERIOD, RATE, JackServer
from tools.jack_chain import jack_server as chain_server

__all__ = [
    "PERIOD",
    "RATE",
    "JackServer",
    "Sender",
    "jack_server",
    "realtime_command",
    "realtime_thread",
    "sender",
]

SENDER = Path(__file__).with_name("midi_sender.py")
RT_PRIORITY = 1
"""SCHED_FIFO priority of the tests' own MIDI processes and loops: above every ordinary process
(so other jobs on a busy machine neither wake them late nor stop them while they hold the GIL
that a JACK callback waits for), below JACK's own threads (jackd 10, its clients 5)."""


def _may_raise_priority() -> bool:
    """True when this process may use SCHED_FIFO (root, or CAP_SYS_NICE, as in CI)."""
    if not hasattr(os, "sched_setscheduler"):
        return False
    policy, param = os.sched_getscheduler(0), os.sched_getparam(0)
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(RT_PRIORITY))
    except OSError:
        return False
    os.sched_setscheduler(0, policy, param)
    return True


def realtime_command(command: Sequence[str]) -> list[str]:
    """`command` run at SCHED_FIFO `RT_PRIORITY` through util-linux `chrt` where this process
    may (else as it is: the measurements then depend on the machine being quiet)."""
    chrt = shutil.which("chrt")
    if chrt is None or not _may_raise_priority():
        return list(command)
    return [chrt, "--fifo", str(RT_PRIORITY), *command]


@contextmanager
def realtime_thread() -> Iterator[bool]:
    """Run the calling thread at SCHED_FIFO `RT_PRIORITY` inside the block (where allowed; yields
    whether it is), and as before after it. Only for a thread that sleeps between short bits of
    work, like the tests' stand-in game loop: a real-time thread that spins starves the machine."""
    if not _may_raise_priority():
        yield False
        return
    policy, param = os.sched_getscheduler(0), os.sched_getparam(0)
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(RT_PRIORITY))
    try:
        yield True
    finally:
        os.sched_setscheduler(0, policy, param)


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

    def __init__(self, proc: subprocess.Popen[str], ready: dict, log: Path) -> None:
        self.proc = proc
        self.ready = ready
        self.log = log

    def go(self, start_s: float) -> None:
        """Start the plan at `start_s` (perf_counter seconds)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{start_s!r}\n")
        self.proc.stdin.flush()

    def result(self, timeout: float = 120.0) -> dict:
        """The sender's log: {"sent": [[event index, perf_counter just before the send], ...],
        "returned": [[event index, perf_counter just after it], ...], "actions": [[event index,
        perf_counter when done], ...]}."""
        _, err = self.proc.communicate(timeout=timeout)
        if self.proc.returncode != 0:
            raise RuntimeError(f"the MIDI sender failed: {err[-2000:]}")
        return json.loads(self.log.read_text())


@contextmanager
def sender(server: JackServer, plan: dict, tmp_path: Path) -> Iterator[Sender]:
    """Run `midi_sender.py` with `plan` against `server` (at real-time priority where allowed:
    see `realtime_command`); its ports are open when this yields."""
    plan_file = tmp_path / f"plan-{secrets.token_hex(3)}.json"
    plan_file.write_text(json.dumps(plan))
    log_file = plan_file.with_suffix(".log.json")
    proc = subprocess.Popen(
        realtime_command([sys.executable, str(SENDER), str(plan_file), str(log_file)]),
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
        yield Sender(proc, json.loads(line), log_file)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
