"""One connection to the duet partner, on background threads; the game's loop never blocks on it.

Built on websockets' threaded API (BSD-3; framing, message size limit, keepalive pings, a thread
per connection). A `Link` reads and checks every message on its own thread and writes from a
queue on another, so `send` and `poll` return at once. What the threads meet is caught there: a
hostile peer ends its own link with a reason in words, never raises into the game, and the `Host`
goes on accepting. Messages are data only (see `messages`): no file path or code comes from the
network.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import math
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.frames import CloseCode
from websockets.sync.client import ClientConnection, connect
from websockets.sync.connection import Connection
from websockets.sync.server import ServerConnection, serve

from game.base.language import N_, _
from game.net.messages import (
    MAX_MESSAGE_BYTES,
    MESSAGE_TYPES,
    BadMessage,
    Bye,
    Message,
    Refuse,
    clean_text,
)
from game.net.messages import decode as decode_message
from game.net.messages import encode as encode_message

log = logging.getLogger(__name__)
_WIRE_LOG = logging.getLogger("game.net.wire")  # websockets' own words (handshakes, keepalive)

DEFAULT_PORT = 47474

# Why a link closed: `Link.reason` is one of these, some followed by " (a detail)": English, marked
# for the catalogs; `reason_words` says one in the player's language.
PARTNER_LEFT = N_("the partner left")
PARTNER_CLOSED = N_("the partner closed the link")
STOPPED_READING = N_("the partner stopped reading")
STOPPED_ANSWERING = N_("the partner stopped answering")
SAID_NOTHING = N_("the peer said nothing")
FELL_BEHIND = N_("the game fell behind")
FLOODING = N_("the partner sent too much (flooding)")
BAD_MESSAGE = N_("the partner sent a bad message")
TOO_LARGE = N_("the partner sent a message too large")
NOT_UTF8 = N_("the partner sent text that is not UTF-8")
BUSY = N_("another player tried to join")
CONNECTION_LOST = N_("the connection was lost")
CLOSED_HERE = N_("the link was closed here")
REASONS = (PARTNER_LEFT, PARTNER_CLOSED, STOPPED_READING, STOPPED_ANSWERING, SAID_NOTHING,
           FELL_BEHIND, FLOODING, BAD_MESSAGE, TOO_LARGE, NOT_UTF8, BUSY, CONNECTION_LOST,
           CLOSED_HERE)  # fmt: skip
_TICK_S = 0.1  # how often a link's reader looks at its clocks (first message, stalls, closing)
_CLOSE_FRAME_BYTES = 120  # a close frame's reason is at most 123 bytes


def reason_words(reason: str | None) -> str:
    """`Link.reason` in the player's language (its detail, from the network, as it came)."""
    if not reason:
        return _(PARTNER_LEFT)
    for known in REASONS:
        if reason.startswith(known):
            return _(known) + reason[len(known) :]
    return reason


class LinkError(Exception):
    """Cannot connect or listen: the message says where and why."""


class AddressError(LinkError, ValueError):
    """An address that is not `host`, `host:port` or `[v6]:port`."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What one link accepts: rates (sustained; a burst of `burst` times that), queue lengths
    (messages), and times in seconds."""

    messages_per_s: float = 300.0
    bytes_per_s: float = 512 * 1024
    burst: float = 2.0
    received: int = 4096
    """Received messages the game has not polled; past that the link closes."""
    queued: int = 4096
    """Messages waiting to be sent; past that the link closes."""
    first_message_s: float = 5.0
    """A host drops a peer that sends no valid first message (or no handshake) in this time."""
    stalled_s: float = 3.0
    """A send that makes no progress this long: the partner stopped reading."""
    ping_interval_s: float = 1.0
    ping_timeout_s: float = 3.0
    close_s: float = 1.0
    """How long a closing handshake may take before the socket is simply shut."""
    connections: int = 32
    """Connections a host serves at once (partner, refused and pending); more get HTTP 503."""


class _Bucket:
    """A token bucket: `rate` per second sustained, `capacity` at once."""

    def __init__(self, rate: float, capacity: float) -> None:
        self.rate, self.capacity = rate, capacity
        self.tokens = capacity
        self.when = time.monotonic()

    def take(self, amount: float) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.when) * self.rate)
        self.when = now
        if self.tokens < amount:
            return False
        self.tokens -= amount
        return True


_CLOSE = object()  # the writer's last item: close the connection


def _peer_name(address: object) -> str:
    """The "host:port" (or "[v6]:port") of a socket address."""
    if isinstance(address, tuple) and len(address) >= 2:
        host, port = address[0], address[1]
        return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"
    return str(address)


def _short(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes."""
    data = text.encode("utf-8", "replace")[:limit]
    return data.decode("utf-8", "ignore")


class Link:
    """One open connection to the partner. `send` queues, `poll` returns what arrived (checked,
    in order); neither blocks. `closed` is true from `close` on, or once the connection ended;
    `poll` still returns what arrived before. `peer` is "host:port"."""

    def __init__(
        self,
        connection: Connection,
        peer: str,
        limits: Limits,
        first_message_s: float | None = None,
        on_first: Callable[[Link], None] | None = None,
    ) -> None:
        self.peer = peer
        self._conn = connection
        self._limits = limits
        self._lock = threading.Condition()
        self._received: deque[Message] = deque()
        self._outbox: deque[object] = deque()
        self._closing = False
        self._close_at = math.inf  # monotonic seconds when closing began
        self._reason: str | None = None
        self._sending_since: float | None = None
        self._shut = False
        self._first_by = None if first_message_s is None else time.monotonic() + first_message_s
        self._on_first = on_first
        self._messages = _Bucket(limits.messages_per_s, limits.messages_per_s * limits.burst)
        self._bytes = _Bucket(limits.bytes_per_s, limits.bytes_per_s * limits.burst)
        self._writer = threading.Thread(target=self._write_loop, name=f"link-w {peer}", daemon=True)
        self._writer.start()

    # the game's side ---------------------------------------------------------------------------
    def send(self, message: Message) -> None:
        """Queue `message` for the partner; ignored once closed. Never blocks: a partner who
        stops reading fills the queue (Limits.queued) and the link closes."""
        if not isinstance(message, MESSAGE_TYPES):
            raise TypeError(f"not a Drum Duet message: {type(message).__name__}")
        with self._lock:
            if self._closing:
                return
            if len(self._outbox) < self._limits.queued:
                self._outbox.append(message)
                self._lock.notify_all()
                return
        self._end(STOPPED_READING, drop_pending=True)

    def poll(self, limit: int = 256) -> list[Message]:
        """Up to `limit` received messages, oldest first; [] when none. Never blocks."""
        with self._lock:
            n = min(max(limit, 0), len(self._received))
            return [self._received.popleft() for _i in range(n)]

    def unpoll(self, messages: list[Message]) -> None:
        """Put `messages` (from `poll`, oldest first) back in front: the next poll gives them
        first (a handshake done halfway through a poll leaves the rest to the play)."""
        with self._lock:
            self._received.extendleft(reversed(messages))

    @property
    def closed(self) -> bool:
        """True once the link is closing or closed: nothing more is sent or received."""
        with self._lock:
            return self._closing

    @property
    def reason(self) -> str | None:
        """Why the link closed: one of REASONS, some with " (a detail)"; None while open."""
        with self._lock:
            return self._reason if self._closing else None

    def close(self, reason: str = "") -> None:
        """Close the link, telling the partner `Bye(reason)` first when it can. Idempotent;
        never blocks (the closing handshake runs on the link's threads)."""
        self._end(reason or CLOSED_HERE, farewell=Bye(clean_text(reason, 300)))

    # the threads' side -------------------------------------------------------------------------
    def _end(
        self,
        reason: str,
        farewell: Message | None = None,
        drop_pending: bool = False,
        close_code: int = CloseCode.NORMAL_CLOSURE,
        frame_reason: str | None = None,
    ) -> None:
        """Begin closing for `reason` (the first reason stays): `farewell` is the last message;
        the close frame tells the peer `frame_reason` (else `reason`)."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
            self._reason = reason
            self._close_at = time.monotonic()
            if drop_pending:
                self._outbox.clear()
            if farewell is not None:
                self._outbox.append(farewell)
            frame = reason if frame_reason is None else frame_reason
            self._outbox.append((_CLOSE, close_code, _short(frame, _CLOSE_FRAME_BYTES)))
            self._lock.notify_all()
        log.info("link to %s closing: %s", self.peer, reason)

    def _refuse(self, code: str, reason: str, close_code: int = CloseCode.POLICY_VIOLATION) -> None:
        """Tell the peer Refuse(code, reason), then close the link with that reason."""
        words = {
            "busy": BUSY,
            "flooding": FLOODING,
            "bad-message": f"{BAD_MESSAGE} ({reason})",
        }
        refusal = Refuse(code, clean_text(reason, 300))
        self._end(
            words.get(code, reason),
            refusal,
            drop_pending=True,
            close_code=close_code,
            frame_reason=f"{code}: {reason}",
        )

    def _write_loop(self) -> None:
        """The writer thread: sends the queue in order; closes the connection at the end."""
        try:
            while True:
                with self._lock:
                    while not self._outbox:
                        self._lock.wait()
                    item = self._outbox.popleft()
                if isinstance(item, tuple) and item[0] is _CLOSE:
                    self._conn.close(item[1], item[2])
                    return
                text = encode_message(item)  # type: ignore[arg-type]
                self._sending_since = time.monotonic()
                self._conn.send(text)
                self._sending_since = None
        except ConnectionClosed as e:
            self._end(self._closed_words(e))
        except Exception:  # a bug or an OS error: end this link, never the game
            log.exception("link to %s: sending failed", self.peer)
            self._end(CONNECTION_LOST)
        finally:
            self._sending_since = None

    def _run(self) -> None:
        """The reader: receives, checks and queues messages until the connection ends; also the
        watchdog of the first message, of stalled sends and of a closing that takes too long."""
        try:
            while True:
                now = time.monotonic()
                if self._first_by is not None and now > self._first_by:
                    self._first_by = None
                    self._end(SAID_NOTHING, close_code=CloseCode.POLICY_VIOLATION)
                since = self._sending_since
                if since is not None and now - since > self._limits.stalled_s:
                    self._end(STOPPED_READING, drop_pending=True)
                    self._shut_socket()
                if self._close_at + 2 * self._limits.close_s < now:
                    self._shut_socket()
                try:
                    data = self._conn.recv(timeout=_TICK_S)
                except TimeoutError:
                    continue
                except ConnectionClosed as e:
                    self._end(self._closed_words(e))
                    return
                self._receive(data)
        except Exception:  # a bug or an OS error: end this link, never the game or the host
            log.exception("link to %s: receiving failed", self.peer)
            self._end(CONNECTION_LOST)
            self._shut_socket()
        finally:
            self._wait_closed()

    def _wait_closed(self) -> None:
        """Let the writer finish the closing handshake; shut the socket if it takes too long."""
        self._writer.join(3 * self._limits.close_s)
        if self._writer.is_alive():
            self._shut_socket()
            self._writer.join(self._limits.close_s)

    def _receive(self, data: str | bytes) -> None:
        """Check one received frame and queue its message (or refuse it and close)."""
        with self._lock:
            if self._closing:
                return
        if isinstance(data, bytes):
            self._refuse("bad-message", "message: a binary frame, not a JSON text")
            return
        size = len(data.encode("utf-8", "surrogatepass"))
        if not (self._messages.take(1) and self._bytes.take(size)):
            self._refuse("flooding", "more messages than a duet needs")
            return
        try:
            message = decode_message(data)
        except BadMessage as e:
            self._refuse("bad-message", str(e))
            return
        with self._lock:
            if len(self._received) >= self._limits.received:
                full = True
            else:
                full = False
                self._received.append(message)
        if full:
            self._end(FELL_BEHIND, drop_pending=True)
            return
        if self._first_by is not None or self._on_first is not None:
            self._first_by = None
            on_first, self._on_first = self._on_first, None
            if on_first is not None:
                on_first(self)
        if isinstance(message, Bye):
            self._end(PARTNER_LEFT)

    def _closed_words(self, e: ConnectionClosed) -> str:
        """Why the connection ended, in words, from its close frames."""
        sent, rcvd = e.sent, e.rcvd
        if sent is not None and sent.code == CloseCode.MESSAGE_TOO_BIG:
            return f"{TOO_LARGE} (over {MAX_MESSAGE_BYTES} bytes)"
        if sent is not None and sent.code == CloseCode.INVALID_DATA:
            return NOT_UTF8
        if sent is not None and sent.reason == "keepalive ping timeout":
            return STOPPED_ANSWERING
        if rcvd is not None:
            if rcvd.reason:
                return f"{PARTNER_CLOSED} ({clean_text(rcvd.reason, 120)})"
            return PARTNER_LEFT
        return CONNECTION_LOST

    def _shut_socket(self) -> None:
        """Shut the socket both ways: wakes a send stuck on a partner who stopped reading."""
        if self._shut:
            return
        self._shut = True
        with contextlib.suppress(OSError):  # already closed
            self._conn.socket.shutdown(socket.SHUT_RDWR)


class Host:
    """Listens for the partner on `port` (0: a free one, then `port` says which). One partner at
    a time: another connection is told Refuse("busy") and closed, until the partner's link closed.
    A peer becomes the partner with its first valid message."""

    def __init__(self, port: int = 0, bind: str = "0.0.0.0", *, limits: Limits | None = None):
        self._limits = limits or Limits()
        self._lock = threading.Lock()
        self._partner: Link | None = None
        self._new: deque[Link] = deque()
        self._open = 0
        self._closed = False
        lim = self._limits
        try:
            self._server = serve(
                self._serve_one,
                bind,
                port,
                compression=None,
                max_size=MAX_MESSAGE_BYTES,
                open_timeout=lim.first_message_s,
                ping_interval=lim.ping_interval_s,
                ping_timeout=lim.ping_timeout_s,
                close_timeout=lim.close_s,
                process_request=self._admit,
                server_header=None,
                logger=_WIRE_LOG,
            )
        except OSError as e:
            why = _("the port is taken") if e.errno in _IN_USE else (e.strerror or str(e))
            raise LinkError(
                _("cannot listen on {where}: {why}").format(where=f"{bind}:{port}", why=why)
            ) from e
        self.port: int = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name=f"host :{self.port}", daemon=True
        )
        self._thread.start()

    def poll_partner(self) -> Link | None:
        """A newly connected partner's link (each is returned once), or None. Never blocks."""
        with self._lock:
            return self._new.popleft() if self._new else None

    @property
    def connections(self) -> int:
        """Connections being served now (past their handshake): the partner, refused and pending
        ones. A new connection is counted when its thread begins, a moment after its handshake."""
        with self._lock:
            return self._open

    def close(self) -> None:
        """Stop listening and close every link (the partner is told Bye). Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            partner = self._partner
        if partner is not None:
            partner.close("the host closed the duet")
            # the Bye goes out before the server's shutdown closes the connection under it
            partner._writer.join(self._limits.close_s)
        stopper = threading.Thread(target=self._server.shutdown, name="host stop", daemon=True)
        stopper.start()
        stopper.join(2 * self._limits.close_s + 1.0)

    # the server's threads ----------------------------------------------------------------------
    def _admit(self, connection: ServerConnection, request: object) -> object:
        """Before the handshake: HTTP 503 when too many connections are open already."""
        with self._lock:
            if self._open >= self._limits.connections or self._closed:
                return connection.respond(503, "busy\n")
        return None

    def _serve_one(self, connection: ServerConnection) -> None:
        """One connection, on its own thread: a partner, a refused one or a bad peer."""
        with self._lock:
            self._open += 1
        try:
            try:
                peer = _peer_name(connection.remote_address)
            except OSError:
                return
            link = Link(connection, peer, self._limits, self._limits.first_message_s, self._first)
            with self._lock:
                busy = self._closed or (self._partner is not None and not self._partner.closed)
            if busy:
                link._refuse("busy", "this host already has a partner", CloseCode.TRY_AGAIN_LATER)
            link._run()
        except Exception:  # never let one peer stop the host
            log.exception("host: a connection failed")
        finally:
            with self._lock:
                self._open -= 1

    def _first(self, link: Link) -> None:
        """A peer's first valid message: it becomes the partner, unless one is on already."""
        with self._lock:
            busy = self._closed or (self._partner is not None and not self._partner.closed)
            if not busy:
                self._partner = link
                self._new.append(link)
        if busy:
            link._refuse("busy", "this host already has a partner", CloseCode.TRY_AGAIN_LATER)


_IN_USE = {98, 48, 10048}  # EADDRINUSE on Linux, macOS, Windows


# websockets 17 asks `connect` users to say they want the connection itself (a Link keeps it open
# past any `with` block); older releases return it without being asked.
_DIRECT = {"legacy": True} if "legacy" in inspect.signature(connect).parameters else {}


def join(address: str, port: int, timeout_s: float = 5.0, *, limits: Limits | None = None) -> Link:
    """Connect to a host at `address`:`port`; LinkError saying where and why when it cannot."""
    lim = limits or Limits()
    where = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    try:
        connection: ClientConnection = connect(
            f"ws://{where}/",
            compression=None,
            max_size=MAX_MESSAGE_BYTES,
            open_timeout=timeout_s,
            ping_interval=lim.ping_interval_s,
            ping_timeout=lim.ping_timeout_s,
            close_timeout=lim.close_s,
            user_agent_header=None,
            logger=_WIRE_LOG,
            **_DIRECT,
        )
    except ConnectionRefusedError as e:
        raise LinkError(
            _("cannot join {where}: nobody is hosting there").format(where=where)
        ) from e
    except socket.gaierror as e:
        raise LinkError(_("cannot join {where}: no such host").format(where=where)) from e
    except TimeoutError as e:
        why = _("cannot join {where}: no answer in {s:g} s").format(where=where, s=timeout_s)
        raise LinkError(why) from e
    except (InvalidHandshake, InvalidURI) as e:
        why = _("cannot join {where}: not a Drum Duet host ({why})").format(where=where, why=e)
        raise LinkError(why) from e
    except (OSError, ValueError) as e:
        raise LinkError(_("cannot join {where}: {why}").format(where=where, why=e)) from e
    link = Link(connection, where, lim)
    threading.Thread(target=link._run, name=f"link-r {where}", daemon=True).start()
    return link


def parse_address(text: str, default_port: int = DEFAULT_PORT) -> tuple[str, int]:
    """(host, port) of "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address;
    AddressError (a LinkError and a ValueError) when it is none of these."""
    s = text.strip()
    port_text = ""
    if s.startswith("["):
        host, sep, rest = s[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise AddressError(_("{text!r} is not an address").format(text=text))
        port_text = rest[1:]
        if rest and not port_text:
            raise AddressError(_("{text!r} has no port after the colon").format(text=text))
    elif s.count(":") == 1:
        host, _sep, port_text = s.partition(":")
        if not port_text:
            raise AddressError(_("{text!r} has no port after the colon").format(text=text))
    else:
        host = s  # a name, an IPv4 address or a bare IPv6 address
    if not host or any(c.isspace() or c in "/?#@" for c in host):
        raise AddressError(_("{text!r} is not an address").format(text=text))
    if not port_text:
        return host, default_port
    if not port_text.isascii() or not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise AddressError(_("{port!r} is not a port (1-65535)").format(port=port_text))
    return host, int(port_text)
