"""The real game as a child process, with its log (`-v`, on stderr) read as it comes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


def start_game(env: dict[str, str]) -> tuple[subprocess.Popen[str], list[str]]:
    """`python -m game -v` started with `env`, and the list its log lines are added to."""
    game = subprocess.Popen(
        [sys.executable, "-m", "game", "-v"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(game.stderr), daemon=True).start()
    return game, lines


@contextmanager
def running_game(env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """`start_game(env)` for the `with` block; a game still running when it ends (the test
    failed before the game quit) is killed."""
    game, lines = start_game(env)
    try:
        yield game, lines
    finally:
        if game.poll() is None:
            game.kill()
            game.wait()


def wait_for_log(lines: list[str], words: str, timeout: float) -> None:
    """Wait until the game's log says `words` (fails the test after `timeout` seconds)."""
    deadline = time.time() + timeout
    while not any(words in line for line in list(lines)):
        assert time.time() < deadline, f"never logged {words!r}:\n" + "".join(lines[-15:])
        time.sleep(0.05)
