"""Pad to ear: a MIDI note-on into the game -> its drum sound out of the game's audio, on one
clock, beside a minimal peer on the same chain; and the underruns of a loaded duet.

The chain: a dummy JACK server (48 kHz, period 128 frames: 2.7 ms). A JACK client of this
benchmark (tools/jack_chain.Drummer, JACK-Client package) sends snare note-ons into the game's
MIDI input (`drum-duet play --input pad2ear:drums --midi-api jack`) and records the game's audio
output, which goes SDL -> ALSA -> ALSA's jack plugin (Debian libasound2-plugins, an ALSA
configuration of the benchmark's own with a `type jack` PCM) -> that client's inputs. Pad to ear
= the recorded frame where the hit's sound starts (the first frame louder than 0.01 and 3x the
ring of the hit before) - the JACK frame its note-on was sent at.

1. For each buffer (default 128, 256 and 512 frames) at 48 kHz: the game (music volume 0, full
   Easy part of Nara Soundcheck, nobody else playing) and the minimal peer (bench/minimal_peer.py:
   a python-rtmidi callback -> `pygame.mixer.Sound.play` of the same snare), each sent `--hits`
   snare hits 150-400 ms apart at random: median and p99 of each, in ms. Below 256 frames the
   game opens SDL's device directly, while the peer's pygame mixer still plays 256 (said).
2. A loaded duet: the bot plays Firecracker Night's Expert duet (about 3 minutes) through the same
   chain (into the dummy server's own playback ports) while another process spins one core; per
   buffer: the game's own underrun count (buffers handed over after the device needed them, in
   the device's own timeline: game/audio/device_timeline.py), ALSA's own underrun reports while
   the stream played (alsa-lib prints one each time SDL recovers its device: the ground truth
   on this chain; the ones before the stream, while the song loads, are shown apart), and the
   audio callback's render cost, from the game's -v log. Each buffer is played with the mix in
   C (the game's default when built: the callback never waits for the GIL) and, beside it in
   the same run, with the mix in Python (DRUM_DUET_PYTHON_MIX=1: what a machine without a C
   compiler plays), unless `--mixes` says otherwise.

    .venv/bin/python bench/pad_to_ear.py [--hits 100] [--buffers 128 256 512]
        [--duet-buffers 128 256 512] [--mixes c python] [--no-duet] [--seed 1]

Needs jackd (Debian jackd2), libasound2-plugins, python-rtmidi and JACK-Client.
"""

from __future__ import annotations

import argparse
import queue
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.jack_chain import Drummer, alsa_into_jack, jack_server  # noqa: E402

RATE = 48000
PERIOD = 128
MIXER_MIN_FRAMES = 256
"""pygame's mixer (the minimal peer's) opens at least this many frames; the game opens SDL's
device directly below it."""
CLIENT = "pad2ear"
PORT = f"{CLIENT}:drums"
LATENCY_SONG = ROOT / "charts" / "nara-soundcheck"
DUET_SONG = ROOT / "charts" / "firecracker-night"
PYTHON_MIX = "DRUM_DUET_PYTHON_MIX"
"""Set to 1: the game mixes in Python even when its C mix is built (game/audio/mix_core.py)."""
MIX_USED = re.compile(r"the stream mixes in (C|Python)")
ALSA_UNDERRUN = "underrun occurred"
"""What alsa-lib prints when SDL recovers its device from an underrun (SDL's own signal)."""
STREAM_STARTED = "audio device:"
"""What the game logs at its stream's first buffer."""
START_TIMEOUT_S = 300.0  # the first run renders the song's backing
SUMMARY = re.compile(
    r"audio stream: (\d+) buffers of (\S+) frames at (\d+) Hz, (\d+) underruns, render cost "
    r"median ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms"
)


class Player:
    """A process playing on the chain (the game or the peer); its stderr (or stdout) lines are
    read on a thread so that a full pipe never stalls it."""

    def __init__(self, args: list[str], env: dict[str, str], ready: str) -> None:
        self.proc = subprocess.Popen(
            args,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._mark = ready
        self._queue: queue.SimpleQueue[str] = queue.SimpleQueue()
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip())
            if self._mark in line:
                self.ready.set()

    def wait_ready(self, drummer: Drummer, timeout: float = START_TIMEOUT_S) -> None:
        """Until its ready line and its MIDI input listening to the drummer."""
        deadline = time.monotonic() + timeout
        while not (self.ready.is_set() and drummer.connected()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(self.lines[-30:])
                raise RuntimeError(f"{self.proc.args[:4]} did not start:\n{tail}")
            time.sleep(0.05)

    def stop(self, timeout: float = 600.0) -> int:
        """Close its stdin (the peer ends), wait for it to end; kill it after `timeout`."""
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def game_args(song: Path, buffer: int, extra: list[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "game",
        "-v",
        "play",
        str(song),
        "--audio-rate",
        str(RATE),
        "--audio-buffer",
        str(buffer),
        "--quit-at-end",
        *extra,
    ]


def measure(drummer: Drummer, player: Player, gaps: list[float]) -> np.ndarray:
    """Play `gaps` into `player`; the pad-to-ear times in ms (NaN where no sound came)."""
    player.wait_ready(drummer)
    time.sleep(0.5)  # the stream runs
    drummer.play(gaps)
    while not drummer.done():
        time.sleep(0.05)
    time.sleep(0.6)
    frames = drummer.latencies()
    return np.array([np.nan if f is None else f * 1000 / drummer.rate for f in frames])


def stats(ms: np.ndarray) -> str:
    got = ms[~np.isnan(ms)]
    if not len(got):
        return "no sound at all"
    missing = len(ms) - len(got)
    text = f"median {np.median(got):5.1f}  p99 {np.percentile(got, 99):5.1f}"
    return text + (f"  ({missing} hits unheard)" if missing else "")


def write_settings(home: Path, music_volume: float) -> None:
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(f"[audio]\nmusic_volume = {music_volume}\n")


def latency_runs(args, server, env: dict[str, str], home: Path, drummer: Drummer) -> None:
    rng = random.Random(args.seed)
    print(
        f"pad to ear: JACK dummy {server.rate} Hz, period {server.period} "
        f"({server.period_s * 1000:.1f} ms); {args.hits} snare hits 150-400 ms apart; ms"
    )
    print(f"{'buffer':>6}  {'the game':<34}  {'minimal peer':<34}  game - peer (medians)")
    write_settings(home, 0.0)
    for buffer in args.buffers:
        gaps = [rng.uniform(0.150, 0.400) for _ in range(args.hits)]
        extra = ["--part", "full", "--difficulty", "easy", "--input", PORT, "--midi-api", "jack"]
        game = Player(game_args(LATENCY_SONG, buffer, extra), env, "audio device:")
        try:
            game_ms = measure(drummer, game, gaps)
        finally:
            game.proc.terminate()
            game.stop(30)
        peer_cmd = [
            sys.executable,
            str(ROOT / "bench" / "minimal_peer.py"),
            "--rate",
            str(RATE),
            "--buffer",
            str(buffer),
            "--port",
            PORT,
        ]
        peer = Player(peer_cmd, env, "ready")
        try:
            peer_ms = measure(drummer, peer, gaps)
        finally:
            peer.stop(30)
        diff = np.nanmedian(game_ms) - np.nanmedian(peer_ms)
        note = "  (the peer's pygame mixer plays 256)" if buffer < MIXER_MIN_FRAMES else ""
        print(
            f"{buffer:>6}  {stats(game_ms):<34}  {stats(peer_ms):<34}  {diff:+.1f}{note}",
            flush=True,
        )


def alsa_underruns(lines: list[str]) -> tuple[int, int]:
    """ALSA's underrun reports in a game's output: (before its stream started, while it played)."""
    started = False
    counts = [0, 0]
    for line in lines:
        started = started or STREAM_STARTED in line
        counts[started] += ALSA_UNDERRUN in line
    return counts[0], counts[1]


def duet_runs(args, env: dict[str, str], home: Path) -> None:
    print(
        "\nloaded duet: Firecracker Night, Expert P1 + P2 by the bot, one core kept busy by "
        "another process"
    )
    print(
        f"{'buffer':>6}  {'mix':>6}  {'underruns (game)':>16}  {'underruns (ALSA)':>16}  "
        f"{'(ALSA, loading)':>15}  {'buffers':>7}  callback render cost (median / p99 / max, ms)"
    )
    write_settings(home, 0.8)
    spin = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        for buffer in args.duet_buffers:
            for mix in args.mixes:
                duet_run(buffer, mix, {**env, PYTHON_MIX: "1" if mix == "python" else "0"})
    finally:
        spin.terminate()
        spin.wait()


def duet_run(buffer: int, mix: str, env: dict[str, str]) -> None:
    """One loaded duet at `buffer` frames with the mix in `mix` ("c" or "python"): one row."""
    extra = ["--players", "2", "--part", "p1", "--part2", "p2"]
    extra += ["--difficulty", "expert", "--difficulty2", "expert", "--autoplay"]
    game = Player(game_args(DUET_SONG, buffer, extra), env, "audio device:")
    code = game.stop(START_TIMEOUT_S + 400)
    found = [m for line in game.lines if (m := SUMMARY.search(line))]
    used = next((m[1] for line in game.lines if (m := MIX_USED.search(line))), "?")
    if code != 0 or not found:
        tail = "\n".join(game.lines[-20:])
        print(f"{buffer:>6}  {mix:>6}  the game failed (exit {code}):\n{tail}")
        return
    m = found[-1]
    loading, alsa = alsa_underruns(game.lines)
    print(
        f"{buffer:>6}  {used:>6}  {int(m[4]):>16}  {alsa:>16}  {loading:>15}  {int(m[1]):>7}  "
        f"{float(m[5]):.3f} / {float(m[6]):.3f} / {float(m[7]):.3f} "
        f"(a period is {buffer / RATE * 1000:.2f} ms)",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hits", type=int, default=100)
    parser.add_argument("--buffers", type=int, nargs="*", default=[128, 256, 512])
    parser.add_argument("--duet-buffers", type=int, nargs="*", default=[128, 256, 512])
    parser.add_argument("--no-duet", action="store_true", help="only the pad-to-ear runs")
    parser.add_argument(
        "--mixes",
        nargs="*",
        choices=["c", "python"],
        default=["c", "python"],
        help="the loaded duet's mixes: in C (the default when built) and in Python",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, jack_server(RATE, PERIOD) as server:
        home = Path(tmp) / "home"
        drummer = Drummer(CLIENT, seconds=180.0)
        try:
            env = alsa_into_jack(Path(tmp), (f"{CLIENT}:in_1", f"{CLIENT}:in_2"), server)
            env.update(DRUM_DUET_HOME=str(home), SDL_VIDEODRIVER="dummy")
            env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
            if args.buffers:
                latency_runs(args, server, env, home, drummer)
        finally:
            drummer.close()
        if not args.no_duet and args.duet_buffers:
            # Into the server's own (dummy) playback ports: no client of ours in the graph,
            # whose Python callback could hold up the synchronous server's cycles.
            folder = Path(tmp) / "duet"
            folder.mkdir()
            env = alsa_into_jack(folder, ("system:playback_1", "system:playback_2"), server)
            env.update(DRUM_DUET_HOME=str(home), SDL_VIDEODRIVER="dummy")
            duet_runs(args, env, home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
