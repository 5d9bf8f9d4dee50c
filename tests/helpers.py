"""Shared test helpers: tiny charts, the shared test data, and programs that CI must have."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.core.chart import Chart, Note, NoteTrack, SongMeta
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.tempo import TempoChange, TempoMap

ROOT = Path(__file__).resolve().parent.parent
# ../shared/testdata beside the checkout; DRUM_DUET_TESTDATA points elsewhere (a test uses it).
TESTDATA = Path(os.environ.get("DRUM_DUET_TESTDATA") or ROOT.parent / "shared" / "testdata")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

K, R, Y, B, G = Lane.KICK, Lane.RED, Lane.YELLOW, Lane.BLUE, Lane.GREEN


def track(*notes: tuple) -> NoteTrack:
    """A note track from (time_s, lane[, cymbal[, dynamics]]) tuples."""
    return NoteTrack.from_notes(Note(*n) for n in notes)


def chart_of(tracks: dict[tuple[str, str], NoteTrack], bpm: float = 120.0) -> Chart:
    """A chart at one tempo in 4/4 holding `tracks` keyed by (part, difficulty) names."""
    tempo = TempoMap(480, [TempoChange(0, 60_000_000 / bpm)])
    return Chart(
        SongMeta("Test Song", "Test Artist"),
        tempo,
        {(Part(p), Difficulty(d)): t for (p, d), t in tracks.items()},
    )


def need_program(name: str) -> str:
    """The path of program `name`; skip without it, but fail under CI=true (CI must install it)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed"
        if IN_CI:
            pytest.fail(f"{message}, and CI must run this test (.ci/run installs it)")
        pytest.skip(message)
    return path


def need_testdata(path: Path) -> Path:
    """`path` (under ../shared/testdata); skip naming it when missing, but fail under CI=true."""
    if not path.exists():
        message = f"shared test data missing: {path}"
        if IN_CI:
            pytest.fail(f"{message}, and CI must run this test (the checkout needs ../shared)")
        pytest.skip(message)
    return path


def as_player(command: list) -> list:
    """`command` run so that file permissions apply to it.

    Tests may run as root, whom chmod does not stop (CAP_DAC_OVERRIDE). Dropping to another
    user is no way out here: the Python interpreter may live under root's 0700 home. So as root
    the command runs through util-linux `setpriv` without the two capabilities that bypass file
    permissions; it stays uid 0, which owns the test's files, and owner bits then decide.
    """
    if os.name != "posix" or os.geteuid() != 0:
        return command
    setpriv = need_program("setpriv")  # util-linux; skips without it (fails under CI=true)
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", "--", *command]


def run_game(
    home: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the real `drum-duet ARGS` with its files under `home` and SDL's dummy drivers (or
    what `env` sets instead, e.g. `fast_audio`'s)."""
    env = {
        **os.environ,
        "DRUM_DUET_HOME": str(home),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
    )


FAST_AUDIO_ARGS = ("--audio-buffer", "1024")
"""The `play` options that go with `fast_audio`: buffers of 1024 frames (21 ms of audio)."""


def fast_audio(stream_file: Path) -> dict[str, str]:
    """Environment for a `play` (with `FAST_AUDIO_ARGS`) whose song goes about 3.5 times faster
    than the wall clock: SDL's disk audio driver writes the stream to `stream_file` and takes a
    1024-frame buffer every 6 ms. The song clock follows the stream, so a play and its
    --screenshot-at times go by song time as with a real device, only sooner."""
    return {
        "SDL_AUDIODRIVER": "disk",
        "SDL_DISKAUDIOFILE": str(stream_file),
        "SDL_DISKAUDIODELAY": "6",
    }


ACCENT, GHOST = Dynamics.ACCENT, Dynamics.GHOST


def live_for(song, options, devices=None):
    """`song` made ready to play live as the game does (`game.app.live.live_play`), on the audio
    output the settings ask for (pygame started by the caller)."""
    from game.app.live import live_play
    from game.audio.stream import open_output

    audio = options.settings.audio
    output = open_output(audio.sample_rate, audio.buffer_frames, audio.output_device)
    return live_play(song, options, devices, output)


def script_result(script: str, *args: str, timeout: float = 60, **env: str):
    """Run the Python `script` (with `args`) in a child process under SDL's dummy video driver
    and the environment variables `env`; the JSON value its last printed line holds (the test
    fails with the child's errors when it exits non-zero)."""
    import json

    run = subprocess.run(
        [sys.executable, "-c", script, *args],
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def shared_renders(home: Path, renders: Path) -> None:
    """Make the render cache of the game's home `home` (DRUM_DUET_HOME) the folder `renders`
    that several tests share, so a backing they all play is rendered once: the first test
    renders it through the game (the cache-miss path), the later ones take it from the cache
    as a player's second play does. A symlink; left out where the system cannot make one (the
    game then renders into its own cache)."""
    cache = home / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        (cache / "renders").symlink_to(renders, target_is_directory=True)
