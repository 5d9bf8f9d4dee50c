"""The link to the partner over real loopback sockets: real hosts, real joins, and hostile peers
made of raw sockets and raw websockets clients (no mocks of the link)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from game.core.lanes import Lane
from game.net.link import (
    _DIRECT,
    DEFAULT_PORT,
    AddressError,
    Host,
    Limits,
    Link,
    LinkError,
    join,
    parse_address,
)
from game.net.messages import MAX_HITS, Bye, Hello, Hit, Hits, Ping, Refuse, encode

LOCAL = "127.0.0.1"
# The rules as shipped, with a shorter wait for a first message so the tests stay quick.
QUICK = Limits(first_message_s=1.0)


def wait_for(condition: Callable[[], object], timeout_s: float = 5.0) -> object:
    """`condition()` once it is true; fails the test after `timeout_s`."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.005)
    raise AssertionError(f"not true after {timeout_s} s: {condition}")


def receive(link: Link, count: int, timeout_s: float = 5.0) -> list:
    """`count` messages from `link`, polling as the game does."""
    got: list = []
    end = time.monotonic() + timeout_s
    while len(got) < count and time.monotonic() < end:
        got += link.poll()
        time.sleep(0.002)
    return got


@pytest.fixture
def host() -> Iterator[Host]:
    h = Host(0, LOCAL, limits=QUICK)
    yield h
    h.close()


def partner_of(host: Host, name: str = "guest") -> tuple[Link, Link]:
    """A real guest joined to `host`: (the guest's link, the host's link to it)."""
    guest = join(LOCAL, host.port)
    guest.send(Hello(name, "0.1.0"))
    hosted = wait_for(host.poll_partner)
    assert hosted.poll() == [Hello(name, "0.1.0")]
    return guest, hosted


def raw_client(host: Host) -> ClientConnection:
    """A websockets client that sends whatever it is told: no checks, no limits."""
    return connect(
        f"ws://{LOCAL}:{host.port}/",
        compression=None,
        max_size=None,
        ping_interval=None,
        **_DIRECT,
    )


def raw_frames(raw: ClientConnection, timeout_s: float = 5.0) -> list:
    """Everything the host sends `raw` until it closes the connection."""
    frames = []
    end = time.monotonic() + timeout_s
    try:
        while time.monotonic() < end:
            frames.append(json.loads(raw.recv(timeout=end - time.monotonic())))
    except ConnectionClosed:
        return frames
    raise AssertionError(f"the host did not close the connection in {timeout_s} s: {frames}")


def closed_by_host(s: socket.socket) -> bytes:
    """What the host said on a raw socket before closing it (the start of it)."""
    s.settimeout(3.0)
    said = b""
    try:
        while chunk := s.recv(4096):
            said += chunk
    except ConnectionResetError:
        pass
    return said[:12]


def plays_a_duet(host: Host, name: str = "real") -> None:
    """A real partner joins `host` now and messages go both ways."""
    guest, hosted = partner_of(host, name)
    guest.send(Ping(1, 1.0))
    hosted.send(Ping(2, 2.0))
    assert receive(hosted, 1) == [Ping(1, 1.0)]
    assert receive(guest, 1) == [Ping(2, 2.0)]
    guest.close()


def test_host_and_guest_exchange_messages_both_ways_in_order(host):
    guest, hosted = partner_of(host)
    assert hosted.peer.startswith("127.0.0.1:") and guest.peer == f"127.0.0.1:{host.port}"
    sent = [
        Hits(i * 0.1, (i - 1) * 0.1, (Hit(i * 0.1, Lane(i % 5), False, 0.5),)) for i in range(500)
    ]
    for i, message in enumerate(sent):
        guest.send(message)
        hosted.send(Ping(i, i * 0.5))
    assert receive(hosted, 500) == sent
    assert receive(guest, 500) == [Ping(i, i * 0.5) for i in range(500)]
    assert not guest.closed and not hosted.closed and hosted.reason is None

    guest.close("dinner")
    assert guest.closed and guest.closed  # at once, and idempotent
    assert receive(hosted, 1) == [Bye("dinner")]
    wait_for(lambda: hosted.closed)
    assert hosted.reason == "the partner left"
    hosted.send(Ping(0, 0))  # ignored once closed, no error
    assert guest.poll() == []


def test_a_second_partner_is_refused_busy_until_the_first_left(host):
    first, hosted = partner_of(host, "first")
    second = join(LOCAL, host.port)
    second.send(Hello("second", "0.1.0"))
    assert receive(second, 1) == [Refuse("busy", "this host already has a partner")]
    wait_for(lambda: second.closed)
    assert "busy" in second.reason
    assert host.poll_partner() is None
    # the first is not disturbed
    first.send(Ping(7, 7.0))
    assert receive(hosted, 1) == [Ping(7, 7.0)]

    first.close()
    wait_for(lambda: hosted.closed)
    again, rehosted = partner_of(host, "first")  # a rejoin is accepted
    again.send(Ping(8, 8.0))
    assert receive(rehosted, 1) == [Ping(8, 8.0)]


def test_garbage_and_silent_sockets_do_not_stop_a_real_partner(host):
    garbage = socket.create_connection((LOCAL, host.port))
    garbage.sendall(b"\x00\xff" * 500 + b"GET / HTTP/1.1\r\n\r\n" + bytes(range(256)) * 8)
    silent = socket.create_connection((LOCAL, host.port))  # connects, then says nothing at all
    quiet = raw_client(host)  # a websocket handshake, then nothing
    wait_for(lambda: host.connections == 1)  # served before the real partner comes
    plays_a_duet(host)
    # the host dropped the quiet websocket for sending no first message (or, on a machine busy
    # enough that the real partner came first, turned it away as busy), and the silent socket
    # for never finishing its handshake
    frames = raw_frames(quiet, timeout_s=3.0)
    assert all(f.get("t") == "refuse" and f.get("code") == "busy" for f in frames)
    reason = quiet.close_reason or ""
    assert "said nothing" in reason or (frames and "busy" in reason)
    assert closed_by_host(silent) == b""
    assert closed_by_host(garbage) in (b"", b"HTTP/1.1 400")  # with a word, or without
    plays_a_duet(host, "still")
    for s in (garbage, silent):
        s.close()


class TextBytes(bytes):
    """Bytes sent as a text frame, whatever they hold."""


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        ("x" * 20_000, "too large (over 16384 bytes)"),
        ('{"t":"ping","n":1,"t0":0', "bad message (message: not JSON"),
        (
            json.dumps({"t": "hits", "upto_s": 5, "ack_s": None, "hits": [[1, 1, False, 1.7]]}),
            "bad message (hits[0].velocity: 1.7 is not in 0-1)",
        ),
        (b'{"t":"ping","n":1,"t0":0}', "bad message (message: a binary frame"),
        (TextBytes(b'{"t":"bye","reason":"\xff"}'), "sent text that is not UTF-8"),
    ],
    ids=["oversize", "not-json", "bad-field", "binary", "not-utf8"],
)
def test_a_bad_message_closes_only_that_link(host, frame, words):
    raw = raw_client(host)
    raw.send(encode(Hello("mallory", "0.1.0")))
    hosted = wait_for(host.poll_partner)
    raw.send(frame, text=True if isinstance(frame, TextBytes) else None)
    wait_for(lambda: hosted.closed)
    assert words in hosted.reason
    assert hosted.poll() == [Hello("mallory", "0.1.0")]  # nothing of the bad frame
    frames = raw_frames(raw)
    if "bad message" in words:  # websockets fails the others itself, without a word of ours
        assert frames[-1]["t"] == "refuse" and frames[-1]["code"] == "bad-message"
        assert words.split("(", 1)[1].rstrip(")") in frames[-1]["reason"]
    plays_a_duet(host)


def test_a_flooding_peer_is_closed_while_the_host_goes_on(host):
    # while a real partner plays, a flooder is turned away and never disturbs it
    guest, hosted = partner_of(host)
    flooder = raw_client(host)
    ping = encode(Ping(1, 1.0))
    with pytest.raises(ConnectionClosed):
        for _i in range(5000):
            flooder.send(ping)
        flooder.recv(timeout=5)  # the refusal
        flooder.recv(timeout=5)
    assert flooder.close_reason.startswith("busy")
    guest.send(Ping(2, 2.0))
    assert receive(hosted, 1) == [Ping(2, 2.0)]
    guest.close()
    wait_for(lambda: hosted.closed)

    # the flooder as the partner: closed as flooding, while the game polls as it plays
    flooder = raw_client(host)
    flooder.send(encode(Hello("flood", "0.1.0")))
    hosted = wait_for(host.poll_partner)
    flood = threading.Thread(target=flood_until_closed, args=(flooder, ping, 5000))
    start = time.perf_counter()
    flood.start()
    polled, slowest_poll_s = [], 0.0
    while True:
        t = time.perf_counter()
        batch = hosted.poll(limit=7)
        slowest_poll_s = max(slowest_poll_s, time.perf_counter() - t)
        assert len(batch) <= 7
        polled += batch
        if not batch and not flood.is_alive():
            break
        time.sleep(0.001)  # a game's pump
    flood_s = time.perf_counter() - start
    assert hosted.closed and "flooding" in hosted.reason
    assert flooder.close_reason.startswith("flooding")
    # the burst allowance (2 x 300 messages) and what 300/s adds while it lasts, then no more
    assert 600 <= len(polled) <= 600 + 300 * flood_s + 5, (len(polled), flood_s)
    assert slowest_poll_s < 0.02
    print(
        f"flood of 5000 pings: over in {flood_s:.3f} s, {len(polled)} let in, "
        f"slowest poll {slowest_poll_s * 1e6:.0f} us"
    )
    plays_a_duet(host)


def flood_until_closed(raw: ClientConnection, frame: str, count: int) -> None:
    """Send `frame` `count` times as fast as possible, then read until the host hangs up."""
    with contextlib.suppress(ConnectionClosed):
        for _i in range(count):
            raw.send(frame)
        while True:
            raw.recv(timeout=5)


def test_send_never_blocks_on_a_partner_who_stopped_reading(host):
    lazy = raw_client(host)  # sends its hello, then never reads again
    lazy.send(encode(Hello("lazy", "0.1.0")))
    hosted = wait_for(host.poll_partner)
    full = Hits(1.0, 0.5, (Hit(0.123456789, Lane.GREEN, True, 0.987654321),) * MAX_HITS)
    start = time.perf_counter()
    for _i in range(10_000):
        hosted.send(full)
    loop_s = time.perf_counter() - start
    assert loop_s < 0.5, loop_s
    wait_for(lambda: hosted.closed)
    assert hosted.reason == "the partner stopped reading"
    print(f"10000 sends of {len(encode(full))} bytes to a partner not reading: {loop_s:.3f} s")
    lazy.close_socket()
    plays_a_duet(host)


def test_a_stalled_send_is_noticed_even_below_the_queue_limit():
    """Fewer messages than the queue holds, but the socket is stuck: the link still ends."""
    h = Host(0, LOCAL, limits=Limits(stalled_s=0.5))
    try:
        lazy = raw_client(h)
        lazy.send(encode(Hello("lazy", "0.1.0")))
        hosted = wait_for(h.poll_partner)
        full = Hits(1.0, 0.5, (Hit(0.123456789, Lane.GREEN, True, 0.987654321),) * MAX_HITS)
        for _i in range(3000):  # about 25 MB: more than the socket buffers hold
            hosted.send(full)
        wait_for(lambda: hosted.closed)
        assert hosted.reason == "the partner stopped reading"
        lazy.close_socket()
    finally:
        h.close()


def test_a_game_that_stops_polling_closes_the_link_instead_of_growing():
    h = Host(0, LOCAL, limits=Limits(received=50))
    try:
        guest, hosted = partner_of(h)
        for i in range(60):
            guest.send(Ping(i, 0.0))
        wait_for(lambda: hosted.closed)
        assert hosted.reason == "the game fell behind"
        assert len(hosted.poll(limit=1000)) == 50
    finally:
        h.close()


def test_join_to_a_closed_port_names_the_address():
    with socket.socket() as s:
        s.bind((LOCAL, 0))
        port = s.getsockname()[1]
    with pytest.raises(LinkError, match=rf"127\.0\.0\.1:{port}: nobody is hosting there"):
        join(LOCAL, port, timeout_s=2.0)


def test_join_to_something_that_is_not_a_host_says_so():
    with socket.create_server((LOCAL, 0)) as server:
        port = server.getsockname()[1]
        with pytest.raises(LinkError, match=rf"127\.0\.0\.1:{port}: no answer in 0\.5 s"):
            join(LOCAL, port, timeout_s=0.5)


def test_a_host_on_a_taken_port_says_so(host):
    with pytest.raises(LinkError, match=rf"127\.0\.0\.1:{host.port}: the port is taken"):
        Host(host.port, LOCAL)


def test_a_closed_host_frees_its_port_and_says_bye():
    h = Host(0, LOCAL, limits=QUICK)
    guest, _hosted = partner_of(h)
    h.close()
    assert receive(guest, 1) == [Bye("the host closed the duet")]
    wait_for(lambda: guest.closed)
    Host(h.port, LOCAL).close()  # the port is free again


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("example.org", ("example.org", DEFAULT_PORT)),
        ("example.org:5000", ("example.org", 5000)),
        (" 192.168.1.20:47475 ", ("192.168.1.20", 47475)),
        ("[::1]:6000", ("::1", 6000)),
        ("[fe80::1%eth0]", ("fe80::1%eth0", DEFAULT_PORT)),
        ("::1", ("::1", DEFAULT_PORT)),
        ("드럼.kr", ("드럼.kr", DEFAULT_PORT)),
    ],
)
def test_parse_address_reads_names_ports_and_ipv6(text, address):
    assert parse_address(text) == address


@pytest.mark.parametrize(
    "text", ["", "host:", "host:0", "host:65536", "host:http", "[::1", "[::1]x", "a b:1", "h:１２"]
)
def test_parse_address_refuses_what_is_not_an_address(text):
    with pytest.raises(AddressError):
        parse_address(text)
    with pytest.raises(ValueError):
        parse_address(text)


class Blackhole:
    """A TCP relay on loopback that can go silent both ways without closing (a pulled cable)."""

    def __init__(self, port: int) -> None:
        self.server = socket.create_server((LOCAL, 0))
        self.port = self.server.getsockname()[1]
        self.target = port
        self.silent = threading.Event()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            inside, _address = self.server.accept()
            outside = socket.create_connection((LOCAL, self.target))
            self.sockets += [inside, outside]
            for a, b in ((inside, outside), (outside, inside)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := a.recv(65536):
                if not self.silent.is_set():
                    b.sendall(data)

    def close(self) -> None:
        for s in [self.server, *self.sockets]:
            s.close()


def test_a_partner_who_vanishes_without_closing_is_noticed_by_the_keepalive():
    quick_pings = Limits(ping_interval_s=0.2, ping_timeout_s=0.5)
    h = Host(0, LOCAL, limits=quick_pings)
    cable = Blackhole(h.port)
    try:
        guest = join(LOCAL, cable.port, limits=quick_pings)
        guest.send(Hello("far", "0.1.0"))
        hosted = wait_for(h.poll_partner)
        time.sleep(0.5)  # pings come and go
        assert not hosted.closed and not guest.closed
        cable.silent.set()
        start = time.monotonic()
        wait_for(lambda: hosted.closed and guest.closed)
        noticed_s = time.monotonic() - start
        assert hosted.reason == guest.reason == "the partner stopped answering"
        assert noticed_s < 2.0
        plays_a_duet(h)
    finally:
        cable.close()
        h.close()


def joined(host: Host) -> Link | None:
    """A guest's link to `host`, or None when the host turns it away."""
    try:
        return join(LOCAL, host.port)
    except LinkError:
        return None


def test_too_many_connections_at_once_are_turned_away_before_the_handshake():
    h = Host(0, LOCAL, limits=Limits(connections=2, first_message_s=0.5))
    try:
        quiet = [raw_client(h), raw_client(h)]  # both in, neither says a word
        wait_for(lambda: h.connections == 2)
        with pytest.raises(InvalidStatus, match="503"):
            raw_client(h)
        for q in quiet:  # dropped for saying nothing, which frees their places
            assert raw_frames(q, timeout_s=3.0) == []
        guest = wait_for(lambda: joined(h))  # the places free as their threads end
        guest.send(Hello("real", "0.1.0"))
        hosted = wait_for(h.poll_partner)
        hosted.send(Ping(3, 3.0))
        assert receive(guest, 1) == [Ping(3, 3.0)]
    finally:
        h.close()
