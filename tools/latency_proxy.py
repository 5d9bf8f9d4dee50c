"""A bad network for tests and demos: a TCP proxy on loopback that holds every chunk of data, in
each direction, for `delay ± jitter` seconds (uniform, seeded) while keeping the byte order.

TCP never reorders, so a chunk leaves at `max(the previous chunk's departure in that direction,
arrival + delay + jitter)`. `cut()` drops every connection at once, as a network fault does (the
two ends see a reset); `refuse(True)` turns new connections away until `refuse(False)`.
Threads and the standard library only.

    with LatencyProxy(("127.0.0.1", host_port), delay_s=0.150, jitter_s=0.040, seed=1) as proxy:
        connect to ("127.0.0.1", proxy.port) instead of the host

Or from a shell (prints the port it listens on, then runs until killed):

    python -m tools.latency_proxy --to 127.0.0.1:7777 --delay-ms 150 --jitter-ms 40 --seed 1
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import queue
import random
import signal
import socket
import struct
import sys
import threading
import time
from types import TracebackType

log = logging.getLogger(__name__)

CHUNK_BYTES = 65536
"""The most bytes read at once; each read is one chunk, delayed as a whole."""
POLL_S = 0.1
"""How often a blocked read, send or accept looks whether the proxy was cut or closed, seconds."""
CONNECT_S = 2.0
"""How long a connection to the target may take before the client is turned away, seconds."""
_EOF = b""  # a direction's end of stream: passed on as a half-close once the data before it left
_CUT = None  # wakes a direction's sender when the connection is dropped


def _reset_on_close(sock: socket.socket) -> None:
    """Make closing `sock` send a reset (RST) instead of an orderly end (FIN)."""
    with contextlib.suppress(OSError):
        layout = "HH" if sys.platform == "win32" else "ii"  # struct linger: on, 0 seconds
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack(layout, 1, 0))


class _Connection:
    """One client and its connection to the target, with a reader and a sender per direction."""

    def __init__(
        self, proxy: LatencyProxy, number: int, client: socket.socket, target: socket.socket
    ) -> None:
        self.proxy = proxy
        self.sockets = (client, target)
        self.dropped = threading.Event()
        self.closed = threading.Event()
        self._lock = threading.Lock()
        self._running = 4
        self._queues: tuple[queue.SimpleQueue, queue.SimpleQueue] = (
            queue.SimpleQueue(),
            queue.SimpleQueue(),
        )
        self._threads = []
        for direction, (source, sink) in enumerate(((client, target), (target, client))):
            rng = random.Random(f"{proxy.seed}:{number}:{direction}")
            chunks = self._queues[direction]
            name = f"latency-proxy {number} {'up' if direction == 0 else 'down'}"
            self._threads += [
                threading.Thread(
                    target=self._read, args=(source, chunks, rng), name=f"{name} read", daemon=True
                ),
                threading.Thread(
                    target=self._send, args=(sink, chunks), name=f"{name} send", daemon=True
                ),
            ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def drop(self) -> None:
        """End the connection at once: pending data is lost and both ends get a reset."""
        with self._lock:
            if self.dropped.is_set():
                return
            self.dropped.set()
        for chunks in self._queues:
            chunks.put(_CUT)
        for sock in self.sockets:
            _reset_on_close(sock)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RD)  # wakes a blocked read at once; sends nothing

    def _read(self, source: socket.socket, chunks: queue.SimpleQueue, rng: random.Random) -> None:
        """Read chunks from `source` and give each its departure time."""
        proxy = self.proxy
        departure = 0.0
        try:
            while not self.dropped.is_set():
                try:
                    data = source.recv(CHUNK_BYTES)
                except TimeoutError:
                    continue
                except OSError:  # a reset from one end: the other end gets one too
                    self.drop()
                    return
                arrival = time.perf_counter()
                extra = max(0.0, proxy.delay_s + rng.uniform(-proxy.jitter_s, proxy.jitter_s))
                departure = max(departure, arrival + extra)
                chunks.put((arrival, departure, data))  # an end (b"") is late like data
                if not data:
                    return
        finally:
            self._finished()

    def _send(self, sink: socket.socket, chunks: queue.SimpleQueue) -> None:
        """Send each chunk to `sink` at its departure time, in order; pass an end on as FIN."""
        try:
            while True:
                item = chunks.get()
                if item is _CUT or self.dropped.is_set():
                    return
                arrival, departure, data = item
                while (left := departure - time.perf_counter()) > 0:
                    if self.dropped.wait(left):
                        return
                if data == _EOF:
                    with contextlib.suppress(OSError):
                        sink.shutdown(socket.SHUT_WR)
                    return
                self.proxy.delays_s.append(time.perf_counter() - arrival)
                if not self._send_all(sink, data):
                    self.drop()
                    return
        finally:
            self._finished()

    def _send_all(self, sink: socket.socket, data: bytes) -> bool:
        """Send all of `data` unless the connection drops or the peer is gone (False)."""
        view = memoryview(data)
        while view:
            if self.dropped.is_set():
                return False
            try:
                view = view[sink.send(view) :]
            except TimeoutError:
                continue
            except OSError:
                return False
        return True

    def _finished(self) -> None:
        """The last of the four threads closes both sockets (a reset if dropped)."""
        with self._lock:
            self._running -= 1
            last = self._running == 0
        if last:
            for sock in self.sockets:
                sock.close()
            self.proxy._forget(self)
            self.closed.set()


class LatencyProxy:
    """A TCP proxy from `listen` to `target` that delays each chunk by `delay_s ± jitter_s`
    seconds (uniform, from `seed`), keeping the byte order. A context manager; it listens and
    forwards from construction until `close()`."""

    def __init__(
        self,
        target: tuple[str, int],
        delay_s: float = 0.150,
        jitter_s: float = 0.040,
        seed: int = 0,
        listen: tuple[str, int] = ("127.0.0.1", 0),
    ) -> None:
        if delay_s < 0 or jitter_s < 0:
            raise ValueError("the delay and the jitter cannot be negative")
        self.target = target
        self.delay_s = delay_s
        self.jitter_s = jitter_s
        self.seed = seed
        self.delays_s: list[float] = []
        """Each chunk's measured extra delay (its departure minus its arrival), seconds."""
        family = socket.AF_INET6 if ":" in listen[0] else socket.AF_INET
        self._listener = socket.create_server(listen, family=family)
        self._listener.settimeout(POLL_S)
        self.port: int = self._listener.getsockname()[1]
        """The port to connect to instead of the target's."""
        self._lock = threading.Lock()
        self._connections: set[_Connection] = set()
        self._count = 0
        self._refusing = False
        self._closing = threading.Event()
        self._acceptor = threading.Thread(target=self._accept, name="latency-proxy", daemon=True)
        self._acceptor.start()

    def cut(self) -> None:
        """Drop every current connection at once, as a network fault would: both ends get a
        reset and data in flight is lost. New connections still work (a rejoin)."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.drop()
        for connection in connections:
            connection.closed.wait(1.0)

    def refuse(self, on: bool) -> None:
        """While `on`, close each new connection at once (with a reset)."""
        with self._lock:
            self._refusing = on

    def close(self) -> None:
        """Stop listening and drop every connection; safe to call twice."""
        self._closing.set()
        if self._acceptor.is_alive() and self._acceptor is not threading.current_thread():
            self._acceptor.join()
        self._listener.close()
        self.cut()

    def __enter__(self) -> LatencyProxy:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _accept(self) -> None:
        """Accept clients until closed; connect each to the target and start its forwarding."""
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError as error:
                log.warning("latency proxy: accepting failed (%s)", error)
                return
            with self._lock:
                refusing = self._refusing
            if refusing:
                _reset_on_close(client)
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=CONNECT_S)
            except OSError as error:
                log.info("latency proxy: the target %s refused (%s)", self.target, error)
                _reset_on_close(client)
                client.close()
                continue
            for sock in (client, upstream):
                sock.settimeout(POLL_S)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._count += 1
                connection = _Connection(self, self._count, client, upstream)
                self._connections.add(connection)
            connection.start()

    def _forget(self, connection: _Connection) -> None:
        with self._lock:
            self._connections.discard(connection)


def _address(text: str) -> tuple[str, int]:
    """HOST:PORT (or [IPv6]:PORT, or a bare PORT on 127.0.0.1) as a (host, port) pair."""
    host, _, port = text.rpartition(":")
    return (host.strip("[]") or "127.0.0.1", int(port))


def main(argv: list[str] | None = None) -> int:
    """Run a proxy until killed (SIGTERM or Ctrl-C), after printing the port it listens on."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--to", type=_address, required=True, help="HOST:PORT to forward to")
    parser.add_argument("--listen", type=_address, default=("127.0.0.1", 0), help="[HOST:]PORT")
    parser.add_argument("--delay-ms", type=float, default=150.0)
    parser.add_argument("--jitter-ms", type=float, default=40.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with LatencyProxy(
        args.to, args.delay_ms / 1000, args.jitter_ms / 1000, args.seed, args.listen
    ) as proxy:
        sys.stdout.write(f"{proxy.port}\n")
        sys.stdout.flush()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
