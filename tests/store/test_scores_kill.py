"""Kill the game during score saves many times: the database always opens and holds every score
whose save completed."""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.store.play_record import PlayerResult, PlayRecord, TeamResult
from game.store.scores import ScoreBook

ROOT = Path(__file__).resolve().parents[2]
KILLS = 36
MAX_DELAY_S = 0.080


def make_play(run: int, seq: int) -> PlayRecord:
    """The play that child `run` saves as its `seq`-th: solo or duet, replay of 0-1,500 inputs."""
    rng = random.Random(run * 1_000_003 + seq)
    duet = rng.random() < 0.5
    parts = (Part.P1, Part.P2) if duet else (Part.FULL,)
    players = []
    for i, part in enumerate(parts):
        setup = (rng.choice(list(Difficulty)), rng.choice(list(WindowPreset)))
        result = (rng.randrange(1_000_000), rng.random(), rng.choice("SABCD"), rng.randrange(500))
        counts = [rng.randrange(400) for _ in range(5)]
        errors = (rng.uniform(-30, 30), rng.uniform(0, 40))
        name = f"Drummer ☆ {run}.{seq}.{i}"
        players.append(
            PlayerResult(i, name, part, *setup, *result, not counts[3], *counts, *errors)
        )
    team = None
    if duet:
        awards = ("signed-drumsticks",) if rng.random() < 0.3 else ()
        syncs, unison = rng.randrange(50), rng.randrange(50, 100)
        team_score = sum(p.score for p in players)
        team = TeamResult(team_score, syncs, unison, rng.uniform(0, 30), 1, awards)
    inputs = [
        [rng.uniform(0, 180), rng.randrange(len(parts)), rng.randrange(5), rng.random() < 0.5, 1.0]
        for _ in range(rng.choice((0, 40, 1500)))
    ]
    replay = {"format": "drum-duet-replay", "run": run, "seq": seq, "inputs": inputs}
    return PlayRecord(
        f"2025-05-01T{run % 24:02d}:{seq // 60 % 60:02d}:{seq % 60:02d}+00:00",
        f"/songs/run-{run}", f"{run:032x}{seq:032x}", f"Song {run} {seq}", "The Jackets",
        tuple(players), team, replay if rng.random() < 0.8 else None,
    )  # fmt: skip


ZYGOTE = f"""
import os, random, sys, traceback
from pathlib import Path
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.store.play_record import PlayerResult, PlayRecord, TeamResult
from game.store.scores import ScoreBook

{inspect.getsource(make_play)}

def child(db, run, report):
    out = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    with ScoreBook(Path(db)) as book:
        os.write(out, b"ready\\n")
        for seq in range(100_000):
            play_id = book.save_play(make_play(run, seq))
            os.write(out, f"{{play_id}} {{seq}}\\n".encode())  # only once the save has returned

for line in sys.stdin:
    db, run, report = line.split()
    pid = os.fork()
    if pid == 0:
        try:
            child(db, int(run), report)
            os._exit(0)
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(1)
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print(-os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status), flush=True)
"""
"""One Python with the game's score book imported, reading "DB RUN REPORT" lines: for each it
forks a child that saves plays into DB (writing "ready", then "PLAY_ID SEQ" once each save has
returned, to the file REPORT), prints the child's pid, and once the child has ended how it ended
(minus the signal that ended it). The children are real processes that SIGKILL ends mid-save,
without paying a new interpreter's start-up and imports for each."""


@contextlib.contextmanager
def zygote(tmp_path: Path):
    """The ZYGOTE process, ended after the block."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    errors = (tmp_path / "zygote.err").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        env=env,
        text=True,
    )
    try:
        yield proc
    finally:
        proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        errors.close()


def run_and_kill(
    spawner: subprocess.Popen[str], db: Path, run: int, delay_s: float
) -> dict[int, tuple[int, int]]:
    """Have `spawner` (the ZYGOTE) start a child saving plays into `db`, SIGKILL it `delay_s`
    after it is ready; the {play id: (run, seq)} it reported as saved."""
    report = db.with_name(f"run-{run}.txt")
    spawner.stdin.write(f"{db} {run} {report}\n")
    spawner.stdin.flush()
    pid = int(spawner.stdout.readline())
    deadline = time.monotonic() + 30
    while not (report.is_file() and report.read_bytes().startswith(b"ready\n")):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            spawner.stdout.readline()
            errors = db.with_name("zygote.err").read_text()
            pytest.fail(f"child {run} did not start: {errors[-2000:]}")
        time.sleep(0.001)
    time.sleep(delay_s)
    os.kill(pid, signal.SIGKILL)
    ended = int(spawner.stdout.readline())
    assert ended == -signal.SIGKILL, f"child {run} ended by itself: {ended}"
    reported = {}
    for line in report.read_bytes().splitlines(keepends=True)[1:]:
        if line.endswith(b"\n"):  # a line cut by the kill is no report
            play_id, seq = map(int, line.split())
            reported[play_id] = (run, seq)
    return reported


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_kills_during_saves_never_lose_a_completed_save_or_corrupt_the_book(tmp_path):
    db = tmp_path / "scores.db"
    rng = random.Random(20250501)
    reported: dict[int, tuple[int, int]] = {}
    with zygote(tmp_path) as spawner:
        for run in range(KILLS):
            new = run_and_kill(spawner, db, run, rng.uniform(0, MAX_DELAY_S))
            assert not new.keys() & reported.keys(), "a play id was given out twice"
            reported |= new
    assert len(reported) >= KILLS, "too few saves completed for the test to mean anything"

    with contextlib.closing(sqlite3.connect(db)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    with ScoreBook(db) as book:
        for play_id, (run, seq) in reported.items():
            assert book.play(play_id) == dataclasses.replace(make_play(run, seq), id=play_id)
        # Saves that completed just before a kill, unreported, are whole plays too.
        everything = book.recent_plays(limit=book.count() + 1)
        assert len(everything) - len(reported) <= KILLS
        for play in everything:
            run, seq = map(int, play.title.split()[1:])
            expected = make_play(run, seq)
            assert play == dataclasses.replace(expected, id=play.id, replay_json=None)
            assert book.replay_json(play.id) == expected.replay_json
    assert not list(tmp_path.glob("*.corrupt-*")), "the book was set aside at some point"
