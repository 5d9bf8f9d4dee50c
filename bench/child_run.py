"""One child process measured as a whole: wall time, CPU time and peak RSS (public tools only:
time.perf_counter and os.wait4's resource usage)."""

from __future__ import annotations

import os
import subprocess
import time
from typing import NamedTuple


class Run(NamedTuple):
    """One child's run: wall and CPU time (s), peak RSS (MB), exit code and all it printed."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    code: int
    output: str

    @property
    def first_line(self) -> str:
        """The first line the child printed ("" if none)."""
        return self.output.splitlines()[0] if self.output else ""

    @property
    def last_line(self) -> str:
        """The last line the child printed ("" if none)."""
        return self.output.splitlines()[-1] if self.output else ""


def run(args: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `args` (stdout and stderr together) and measure it.

    On Linux a child's ru_maxrss starts from its parent's size at the fork, so a benchmark that
    builds large inputs should build them in another child and stay small itself.
    """
    t0 = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    assert child.stdout is not None
    out = child.stdout.read().decode(errors="replace").strip()  # until the child closes it
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)  # reaped here, with its own resource usage
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss * 1024 / 1e6, child.returncode, out)
