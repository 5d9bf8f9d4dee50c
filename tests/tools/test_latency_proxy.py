"""The latency proxy: a real echo server behind it, real sockets on loopback, real waiting.

The numbers are the online duet's test network: 150 ms ± 40 ms each way.
"""

from __future__ import annotations

import random
import socket
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.helpers import ROOT
from tools.latency_proxy import LatencyProxy

DELAY_S, JITTER_S = 0.150, 0.040
SLACK_S = 0.040  # a busy two-core machine's scheduling, on top of the proxy's own hold


class EchoHandler(socketserver.BaseRequestHandler):
    """Sends back every byte until the client ends (or the connection resets)."""

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while data := sock.recv(65536):
                sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        self.server.ended.append(time.perf_counter())  # type: ignore[attr-defined]


class EchoServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), EchoHandler)
        self.ended: list[float] = []


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    server = EchoServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5.0)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def round_trip(sock: socket.socket, message: bytes) -> float:
    """Send `message`, wait for all of it to come back; the seconds that took."""
    start = time.perf_counter()
    sock.sendall(message)
    back = b""
    while len(back) < len(message):
        data = sock.recv(65536)
        assert data, "the connection ended early"
        back += data
    took = time.perf_counter() - start
    assert back == message
    return took


def test_small_messages_take_two_delays_give_or_take_the_jitter(echo: EchoServer) -> None:
    # 100 messages, one at a time on each of 4 connections (25 each), so the test takes ~8 s
    with LatencyProxy(echo.server_address, DELAY_S, JITTER_S, seed=1) as proxy:

        def talk(n: int) -> list[float]:
            with connect(proxy.port) as sock:
                return [round_trip(sock, b"hit %d %02d\n" % (n, i)) for i in range(25)]

        with ThreadPoolExecutor(4) as pool:
            trips = [t for times in pool.map(talk, range(4)) for t in times]
        legs = list(proxy.delays_s)
    mean = statistics.fmean(trips)
    print(
        f"\nround trips through {DELAY_S * 1000:.0f} ± {JITTER_S * 1000:.0f} ms: n={len(trips)} "
        f"min {min(trips) * 1000:.1f} mean {mean * 1000:.1f} max {max(trips) * 1000:.1f} ms; "
        f"one-way holds {min(legs) * 1000:.1f}..{max(legs) * 1000:.1f} ms"
    )
    assert len(trips) == 100 and len(legs) == 200
    assert min(trips) >= 2 * (DELAY_S - JITTER_S)
    assert max(trips) <= 2 * (DELAY_S + JITTER_S) + SLACK_S
    assert abs(mean - 2 * DELAY_S) < 0.015  # the mean of 100 sums of two uniforms: σ ≈ 3.3 ms
    assert min(legs) >= DELAY_S - JITTER_S and max(legs) <= DELAY_S + JITTER_S + SLACK_S
    # the jitter really varies: two uniforms of ±40 ms, σ ≈ 33 ms
    assert statistics.stdev(trips) > 0.020


def test_two_megabytes_arrive_whole_and_in_order(echo: EchoServer) -> None:
    payload = random.Random(7).randbytes(2 * 1024 * 1024)
    with LatencyProxy(echo.server_address, DELAY_S, JITTER_S, seed=2) as proxy:
        with connect(proxy.port) as sock:
            start = time.perf_counter()

            def send() -> None:
                sock.sendall(payload)
                sock.shutdown(socket.SHUT_WR)  # the end travels through the proxy too

            sender = threading.Thread(target=send)
            sender.start()
            parts = []
            while data := sock.recv(65536):
                parts.append(data)
            took = time.perf_counter() - start
            sender.join()
        chunks = len(proxy.delays_s)
    back = b"".join(parts)
    print(f"\n2 MiB echoed in {took * 1000:.0f} ms through {chunks} delayed chunks")
    assert len(back) == len(payload)
    assert back == payload
    assert took >= 2 * (DELAY_S - JITTER_S)
    assert chunks >= 4  # the stream really was cut in chunks, each held on its own


def test_the_same_seed_holds_each_chunk_the_same_time(echo: EchoServer) -> None:
    def holds(seed: int) -> list[float]:
        with LatencyProxy(echo.server_address, 0.030, 0.020, seed=seed) as proxy:
            with connect(proxy.port) as sock:
                for i in range(8):
                    round_trip(sock, b"%d" % i)
            return list(proxy.delays_s)

    first, again, other = holds(5), holds(5), holds(6)
    assert len(first) == len(again) == len(other) == 16
    # The holds are measured: a busy machine may late one by a few ms, never most of them.
    same = sorted(abs(a - b) for a, b in zip(first, again, strict=True))
    apart = [abs(a - b) for a, b in zip(first, other, strict=True)]
    assert same[len(same) // 2] < 0.004 and same[-3] < 0.010
    assert sum(d > 0.010 for d in apart) >= 3


def ended_by_the_network(sock: socket.socket) -> bool:
    """True when the connection was reset or ended; fails the test if it is still open."""
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


def turned_away(port: int) -> bool:
    """True when a new connection is reset (during the handshake or just after) or ended."""
    try:
        sock = connect(port)
    except ConnectionResetError:
        return True
    with sock:
        sock.settimeout(1.0)
        return ended_by_the_network(sock)


def test_cut_drops_every_connection_and_a_new_one_works(echo: EchoServer) -> None:
    with LatencyProxy(echo.server_address, 0.020, 0.005, seed=3) as proxy:
        first, second = connect(proxy.port), connect(proxy.port)
        for sock in (first, second):
            round_trip(sock, b"before")
        proxy.cut()
        cut_at = time.perf_counter()
        for sock in (first, second):
            sock.settimeout(1.0)
            assert ended_by_the_network(sock)
            sock.close()
        deadline = time.monotonic() + 2.0
        while len(echo.ended) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(echo.ended) == 2  # the host's side ended too
        assert max(echo.ended) - cut_at < 0.5
        with connect(proxy.port) as rejoined:
            assert round_trip(rejoined, b"after") >= 2 * 0.015


def test_refuse_turns_new_connections_away_until_lifted(echo: EchoServer) -> None:
    with LatencyProxy(echo.server_address, 0.020, 0.005, seed=4) as proxy:
        kept = connect(proxy.port)
        round_trip(kept, b"hello")  # so the proxy has taken it before refusing
        proxy.refuse(True)
        assert turned_away(proxy.port)
        round_trip(kept, b"still here")  # a connection made before goes on
        kept.close()
        proxy.refuse(False)
        with connect(proxy.port) as welcome:
            round_trip(welcome, b"hello")


SLOW_50_MS = ["--delay-ms", "50", "--jitter-ms", "10", "--seed", "1"]


def test_the_command_prints_its_port_and_forwards_until_killed(echo: EchoServer) -> None:
    host, port = echo.server_address
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.latency_proxy", f"--to={host}:{port}", *SLOW_50_MS],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(20.0, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        proxy_port = int(process.stdout.readline())
        with connect(proxy_port) as sock:
            took = round_trip(sock, b"hello")
        assert 2 * 0.040 <= took <= 2 * 0.060 + SLACK_S
        process.terminate()
        assert process.wait(timeout=5.0) == 0
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()
