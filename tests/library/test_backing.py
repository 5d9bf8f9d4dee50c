"""A built-in song's backing is rendered in a worker process the first time: the same audio as
a render in the game's own process, which keeps far less memory than rendering itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.audio.cache import cached_render, is_cached
from game.formats.arrangement_mid import read_arrangement
from tests.helpers import ROOT

ARRANGEMENT = ROOT / "charts" / "gilded-hour" / "arrangement.mid"

PROBE = """
import json, sys
from pathlib import Path
{how}
status = Path("/proc/self/status").read_text()  # VmHWM: this process's peak (ru_maxrss would
print(json.dumps(int(status.split("VmHWM:")[1].split()[0])))  # carry the parent's over exec)
"""
IN_WORKER = (
    "from game.library.backing import render_backing\n"
    "audio = render_backing(Path(sys.argv[1]), Path(sys.argv[2]))"
)
IN_PROCESS = (
    "from game.audio.cache import cached_render\n"
    "from game.formats.arrangement_mid import read_arrangement\n"
    "audio = cached_render(read_arrangement(Path(sys.argv[1])), cache_dir=Path(sys.argv[2]))"
)


def peak_kib(how: str, cache_dir) -> int:
    """The peak RSS (KiB) of a fresh process that loads the backing `how` into `cache_dir`."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(how=how), str(ARRANGEMENT), str(cache_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(run.stdout.splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_the_worker_renders_the_same_audio_and_the_game_keeps_less_memory(tmp_path):
    arrangement = read_arrangement(ARRANGEMENT)
    worker_cache, own_cache = tmp_path / "worker", tmp_path / "own"
    with_worker = peak_kib(IN_WORKER, worker_cache)
    assert is_cached(arrangement, cache_dir=worker_cache)
    rendering_here = peak_kib(IN_PROCESS, own_cache)
    a = cached_render(arrangement, cache_dir=worker_cache)
    b = cached_render(arrangement, cache_dir=own_cache)
    np.testing.assert_array_equal(a, b)
    # The song is 3 minutes: its finished audio is about 64 MB, the render's buffers far more.
    print(f"peak RSS (MiB): rendering in a worker {with_worker >> 10}, here {rendering_here >> 10}")
    assert with_worker < rendering_here - 40 * 1024
