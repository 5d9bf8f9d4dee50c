"""Online duet benchmark: two real `drum-duet online` processes (the bot on each part, SDL's dummy
drivers) through a loopback proxy adding a delay ± jitter each way, beside the same duet with no
proxy (the baseline, measured in the same run).

    .venv/bin/python bench/online_duet.py                       # 150 ± 40 ms, nara-soundcheck
    .venv/bin/python bench/online_duet.py --delay-ms 300 --jitter-ms 80 --song SONG_DIR

For each run it prints whether both machines printed the same stats, whether they equal
`simulate --players 2 --autoplay` with the same seed (the merged inputs), the best ping round
trip the guest saw, and how far behind each machine's song clock its partner's hits settled
(median and p95 over the song's frames: how long the team score and Goodwill take to catch up).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.latency_proxy import LatencyProxy  # noqa: E402

BOT = ("--autoplay", "--jitter-ms", "12", "--seed", "7")
SETTLED = re.compile(r"settled (\d+) ms behind the song clock \(median; p95 (\d+) ms\)")


def game(tmp: Path, name: str, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DRUM_DUET_HOME": str(tmp / f"{name}-home"),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "game", "-v", *args],
        stdout=(tmp / f"{name}.out").open("w"),
        stderr=(tmp / f"{name}.err").open("w"),
        env=env,
        cwd=ROOT,
    )


def port_of(tmp: Path) -> int:
    end = time.monotonic() + 30
    while time.monotonic() < end:
        found = re.search(r"on port (\d+)", (tmp / "host.err").read_text(errors="replace"))
        if found:
            return int(found.group(1))
        time.sleep(0.05)
    raise SystemExit("the host never said its port")


def one_run(song: Path, delay_ms: float, jitter_ms: float) -> dict:
    """Host and guest through the proxy (none at 0 ms); what they printed and logged."""
    with tempfile.TemporaryDirectory(prefix="dd-online-") as folder:
        tmp = Path(folder)
        host = game(tmp, "host", "online", "host", str(song), "--port", "0", "--no-lan", *BOT,
                    "--json")  # fmt: skip
        port = port_of(tmp)
        proxy = None
        if delay_ms > 0:
            proxy = LatencyProxy(("127.0.0.1", port), delay_ms / 1000, jitter_ms / 1000, seed=1)
            port = proxy.port
        guest = game(tmp, "guest", "online", "join", f"127.0.0.1:{port}", "--song", str(song),
                     *BOT, "--json")  # fmt: skip
        guest.wait(600)
        host.wait(600)
        if proxy is not None:
            proxy.close()
        logs = {n: (tmp / f"{n}.err").read_text(errors="replace") for n in ("host", "guest")}
        outs = {n: (tmp / f"{n}.out").read_text() for n in ("host", "guest")}
        rtt = re.search(r"best round trip ([\d.]+) ms", logs["guest"])
        return {
            "codes": (host.returncode, guest.returncode),
            "stats": {n: json.loads(o) if o.strip() else None for n, o in outs.items()},
            "rtt_ms": float(rtt.group(1)) if rtt else float("nan"),
            "settled": {n: SETTLED.search(log) for n, log in logs.items()},
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--song", type=Path, default=ROOT / "charts" / "nara-soundcheck")
    parser.add_argument("--delay-ms", type=float, default=150.0)
    parser.add_argument("--jitter-ms", type=float, default=40.0)
    args = parser.parse_args()
    sim = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "simulate",
            str(args.song),
            "--players",
            "2",
            *BOT,
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    merged = json.loads(sim.stdout)
    print(f"song {args.song.name}; the bots: {' '.join(BOT)}")
    heads = ("link", "same", "=sim", "rtt ms", "host lag ms", "guest lag ms")
    print(f"{heads[0]:<22} {heads[1]:>5} {heads[2]:>5} {heads[3]:>7} {heads[4]:>14} {heads[5]:>14}")
    runs = [("direct (baseline)", 0.0, 0.0), (f"{args.delay_ms:g} ± {args.jitter_ms:g} ms",
            args.delay_ms, args.jitter_ms)]  # fmt: skip
    for name, delay, jitter in runs:
        r = one_run(args.song, delay, jitter)
        host, guest = r["stats"]["host"], r["stats"]["guest"]
        lag = {n: f"{m.group(1)} (p95 {m.group(2)})" if m else "-" for n, m in r["settled"].items()}
        same = "yes" if host is not None and host == guest else "NO"
        equal = "yes" if host == merged else "NO"
        print(
            f"{name:<22} {same:>5} {equal:>5} {r['rtt_ms']:>7.1f} {lag['host']:>14} "
            f"{lag['guest']:>14}"
        )
        if r["codes"] != (0, 0):
            print(f"  exit codes {r['codes']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
