"""Duets on the LAN: a host advertises itself over mDNS-SD (zeroconf), a joiner browses for hosts.

What crosses the network is a few short TXT properties (the host player's name, the song's title,
the game's version and the protocol number) beside the host's address and port. Everything read is
bounded and checked; an advertisement that is not a well-formed duet is skipped and logged, never
raised into the game. When zeroconf cannot start (no multicast, no interface) discovery logs a
warning and finds nothing: the player can still type an address.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import secrets
import socket
import threading
import unicodedata
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from types import TracebackType

from zeroconf import IPVersion, ServiceBrowser, ServiceInfo, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceInfo

log = logging.getLogger(__name__)

SERVICE_TYPE = "_drum-duet._tcp.local."
NAME_CHARS = 40
"""The most characters of a host player's name that are advertised and shown."""
SONG_CHARS = 200
"""The most characters of a song's title that are advertised and shown."""
VERSION_CHARS = 32
"""A longer game version is not a version: the advertisement is skipped."""
TXT_ITEM_BYTES = 255
"""DNS-SD's limit on one TXT property, `key=value`, in bytes (RFC 6763 section 6.1)."""
TXT_BYTES = 1024
"""The most TXT bytes read from one advertisement; ours need under 500."""
INSTANCE_BYTES = 63
"""DNS's limit on one label, so on a service's instance name, in bytes of UTF-8."""
MAX_FOUND = 64
"""The most hosts one browser lists; a flood of advertisements cannot grow it further."""
MAX_RESOLVING = 32
"""The most advertisements one browser looks up at once."""
RESOLVE_MS = 2000
"""How long a browser waits for an advertised host's details, in milliseconds."""
TTL_S = 120
"""The advertised records' lifetime in seconds: a host that vanished without a goodbye (crashed,
unplugged) drops from the lists within about this long."""

_SUFFIX_HEX = 3  # bytes of randomness in an instance name: 6 hex digits
_MDNS_GROUP = ("224.0.0.251", 5353)
_PROTOCOL_TEXT = re.compile(r"[0-9]{1,5}")
InterfacesType = Sequence[str | int] | None


@dataclass(frozen=True, slots=True)
class Found:
    """One host on the LAN waiting for a partner: who, where to connect, and what they play."""

    name: str  # the host player's name (at most NAME_CHARS characters)
    address: str  # the IPv4 (or IPv6) address, as text, to connect to
    port: int
    song: str  # the song's title (at most SONG_CHARS characters)
    version: str  # the host's game version
    protocol: int  # the host's protocol number


def shown(text: str, limit: int) -> str:
    """`text` without control, format or unassigned characters, trimmed, at most `limit` chars."""
    kept = "".join(c for c in text if not unicodedata.category(c).startswith("C"))
    return kept.strip()[:limit].strip()


def cut_utf8(text: str, max_bytes: int) -> str:
    """The longest start of `text` whose UTF-8 fits in `max_bytes`, never splitting a character."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def instance_name(name: str, suffix: str) -> str:
    """A service instance name for player `name`: the name (or "Drum Duet") and `suffix`, cut
    to DNS's 63-byte label at a character boundary, with no dots or backslashes."""
    clean = shown(name, NAME_CHARS).replace(".", " ").replace("\\", " ").strip() or "Drum Duet"
    room = INSTANCE_BYTES - len(suffix.encode("utf-8")) - 1
    return f"{cut_utf8(clean, room).rstrip()} {suffix}"


def duet_properties(name: str, song: str, version: str, protocol: int) -> dict[str, str]:
    """The TXT properties a host advertises, each within DNS-SD's 255 bytes. A title longer than
    fits (about 80 CJK characters) is cut and ends with "…"."""
    song_room = TXT_ITEM_BYTES - len(b"song=")
    title = shown(song, SONG_CHARS)
    if len(title.encode("utf-8")) > song_room:
        title = cut_utf8(title, song_room - len("…".encode())).rstrip() + "…"
    return {
        "name": shown(name, NAME_CHARS),
        "song": title,
        "version": shown(version, VERSION_CHARS),
        "protocol": str(protocol),
    }


def _text_of(properties: dict[bytes, bytes | None], key: bytes) -> str:
    """Property `key` as text; ValueError when it is missing, has no value or is not UTF-8."""
    raw = properties.get(key)
    if raw is None:
        raise ValueError(f"no {key.decode()}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{key.decode()} is not UTF-8") from None


def _best_address(addresses: list[str]) -> str | None:
    """The address to connect to: IPv4 before IPv6, routable before link-local; None if none."""

    def rank(text: str) -> tuple[int, int]:
        address = ipaddress.ip_address(text)
        return (address.version, 1 if address.is_link_local else 0)

    usable = [a for a in addresses if not ipaddress.ip_address(a).is_unspecified]
    usable = [a for a in usable if not (":" in a and ipaddress.ip_address(a).is_link_local)]
    return min(usable, key=rank) if usable else None


def found_in(info: ServiceInfo) -> Found:
    """The duet that a resolved advertisement describes; ValueError naming the first problem when
    it is not a well-formed duet (bad or missing properties, no port, no address)."""
    if len(info.text or b"") > TXT_BYTES:
        raise ValueError(f"{len(info.text)} bytes of properties")
    properties = info.properties
    name = shown(_text_of(properties, b"name"), NAME_CHARS)
    if not name:
        raise ValueError("an empty name")
    song = shown(_text_of(properties, b"song"), SONG_CHARS)
    if not song:
        raise ValueError("an empty song")
    version = _text_of(properties, b"version")
    if not 0 < len(version) <= VERSION_CHARS or shown(version, VERSION_CHARS) != version:
        raise ValueError("a malformed version")
    protocol_text = _text_of(properties, b"protocol")
    if not _PROTOCOL_TEXT.fullmatch(protocol_text) or int(protocol_text) > 65535:
        raise ValueError("a malformed protocol")
    port = info.port
    if not isinstance(port, int) or not 0 < port <= 65535:
        raise ValueError(f"port {port}")
    address = _best_address(info.parsed_addresses())
    if address is None:
        raise ValueError("no address")
    return Found(name, address, port, song, version, int(protocol_text))


def _open_zeroconf(interfaces: InterfacesType) -> Zeroconf | None:
    """A running Zeroconf on `interfaces` (all when None), IPv4 only; None with a warning when
    the system refuses (no multicast, no such interface)."""
    try:
        if interfaces is None:
            return Zeroconf(ip_version=IPVersion.V4Only)
        return Zeroconf(interfaces=list(interfaces), ip_version=IPVersion.V4Only)
    except Exception as error:  # OSError or zeroconf's own: none may reach the game
        log.warning("LAN discovery is off: zeroconf could not start (%s)", error)
        return None


def _own_addresses(interfaces: InterfacesType) -> list[str]:
    """The IPv4 addresses to advertise: the given interfaces' addresses, else the one this machine
    sends multicast from (its route to the mDNS group); empty when there is none."""
    if interfaces is not None:
        given = []
        for entry in interfaces:
            with contextlib.suppress(ValueError):
                if isinstance(entry, str) and ipaddress.ip_address(entry).version == 4:
                    given.append(entry)
        if given:
            return given
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_MDNS_GROUP)  # UDP connect sends nothing: it only picks a route
            address = probe.getsockname()[0]
    except OSError:
        return []
    return [] if address == "0.0.0.0" else [address]


def lan_addresses() -> list[str]:
    """This machine's IPv4 address a partner on the LAN dials (its route to the mDNS group);
    empty when it has none."""
    return _own_addresses(None)


class Advertiser:
    """A host on the LAN, waiting for a partner: advertised from `start()` until `close()`.

    `start()` returns at once; zeroconf probes and announces on its own thread (about 1.7 s).
    `close()` sends the goodbye that removes the host from every browser (about 0.3 s).
    """

    def __init__(
        self,
        name: str,
        port: int,
        song: str,
        version: str,
        protocol: int,
        interfaces: InterfacesType = None,
    ) -> None:
        if not 0 < port <= 65535:
            raise ValueError(f"port {port} is not a TCP port")
        if not 0 <= protocol <= 65535:
            raise ValueError(f"protocol {protocol} is out of range")
        suffix = secrets.token_hex(_SUFFIX_HEX)
        self.instance = instance_name(name, suffix)
        """The advertisement's instance name: the player's name and a random suffix."""
        self.port = port
        self._properties = duet_properties(name, song, version, protocol)
        self._server = f"drum-duet-{suffix}.local."
        self._interfaces = interfaces
        self._zeroconf: Zeroconf | None = None
        self._registering: Future[None] | None = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Begin advertising; logs a warning and advertises nothing when zeroconf cannot run."""
        with self._lock:
            if self._closed or self._zeroconf is not None:
                return
            addresses = _own_addresses(self._interfaces)
            if not addresses:
                log.warning("LAN discovery is off: this machine has no IPv4 address to advertise")
                return
            zeroconf = _open_zeroconf(self._interfaces)
            if zeroconf is None or zeroconf.loop is None:
                return
            info = ServiceInfo(
                SERVICE_TYPE,
                f"{self.instance}.{SERVICE_TYPE}",
                port=self.port,
                properties=self._properties,
                server=self._server,
                parsed_addresses=addresses,
                host_ttl=TTL_S,
                other_ttl=TTL_S,
            )
            self._zeroconf = zeroconf
            registering = asyncio.run_coroutine_threadsafe(_register(zeroconf, info), zeroconf.loop)
            registering.add_done_callback(_log_failed_registration)
            self._registering = registering

    def close(self) -> None:
        """Stop advertising and say goodbye on the network; safe to call twice, never raises."""
        with self._lock:
            self._closed = True
            zeroconf, self._zeroconf = self._zeroconf, None
            registering, self._registering = self._registering, None
        if registering is not None:
            registering.cancel()
        if zeroconf is not None:
            try:
                zeroconf.close()  # goodbyes for what was registered, then the sockets
            except Exception as error:
                log.warning("LAN discovery: closing the advertisement failed (%s)", error)

    def __enter__(self) -> Advertiser:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


async def _register(zeroconf: Zeroconf, info: ServiceInfo) -> None:
    """Probe for the name (renaming on a clash), then send the announcements."""
    announcing = await zeroconf.async_register_service(info, allow_name_change=True)
    await announcing


def _log_failed_registration(done: Future[None]) -> None:
    """Log why an advertisement could not be registered (a cancelled one was closed on purpose)."""
    if done.cancelled():
        return
    error = done.exception()
    if error is not None:
        log.warning("LAN discovery: the duet could not be advertised (%s)", error)


class Browser:
    """Hosts waiting for a partner on the LAN, kept up to date on zeroconf's own threads from
    construction until `close()`; `found()` is a snapshot that never waits on the network."""

    def __init__(self, interfaces: InterfacesType = None) -> None:
        self._lock = threading.Lock()
        self._found: dict[str, Found] = {}
        self._generation: dict[str, int] = {}  # the latest lookup of each name; stale ones lose
        self._counter = 0
        self._resolving = 0
        self._closed = False
        self._browser: ServiceBrowser | None = None
        self._zeroconf = _open_zeroconf(interfaces)
        if self._zeroconf is None:
            return
        try:
            self._browser = ServiceBrowser(self._zeroconf, SERVICE_TYPE, handlers=[self._changed])
        except Exception as error:
            log.warning("LAN discovery is off: the browser could not start (%s)", error)
            self.close()

    def found(self) -> list[Found]:
        """The hosts found so far, sorted by name, then address and port."""
        with self._lock:
            hosts = list(self._found.values())
        return sorted(hosts, key=lambda f: (f.name, f.address, f.port))

    def close(self) -> None:
        """Stop browsing and forget every host; safe to call twice, never raises."""
        with self._lock:
            self._closed = True
            self._found.clear()
            self._generation.clear()
            zeroconf, self._zeroconf = self._zeroconf, None
            browser, self._browser = self._browser, None
        try:
            if browser is not None:
                browser.cancel()
            if zeroconf is not None:
                zeroconf.close()
        except Exception as error:
            log.warning("LAN discovery: closing the browser failed (%s)", error)

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _changed(
        self,
        zeroconf: Zeroconf,
        service_type: str,
        name: str,
        state_change: ServiceStateChange,
    ) -> None:
        """On the browser's thread: forget a host that left, look up one that came or changed."""
        try:
            with self._lock:
                if self._closed:
                    return
                if state_change is ServiceStateChange.Removed:
                    self._found.pop(name, None)
                    self._generation.pop(name, None)
                    return
                if self._resolving >= MAX_RESOLVING or zeroconf.loop is None:
                    log.info("LAN discovery: skipped %r, too many hosts at once", name)
                    return
                self._counter += 1
                self._generation[name] = self._counter
                self._resolving += 1
                generation = self._counter
            lookup = self._resolve(zeroconf, service_type, name, generation)
            try:
                asyncio.run_coroutine_threadsafe(lookup, zeroconf.loop)
            except RuntimeError:  # the loop closed under us: the browser is closing
                lookup.close()
                with self._lock:
                    self._resolving -= 1
        except Exception as error:
            log.warning("LAN discovery: skipped %r (%s)", name, error)

    async def _resolve(self, zeroconf: Zeroconf, service_type: str, name: str, gen: int) -> None:
        """On zeroconf's loop: fetch a host's details, check them and list or skip the host."""
        found: Found | None = None
        try:
            info = AsyncServiceInfo(service_type, name)
            if await info.async_request(zeroconf, RESOLVE_MS):
                found = found_in(info)
            else:
                log.info("LAN discovery: skipped %r, its details did not arrive", name)
        except ValueError as error:
            log.info("LAN discovery: skipped %r, it has %s", name, error)
        except Exception as error:  # a hostile advertisement must not reach the game
            log.info("LAN discovery: skipped %r (%s)", name, error)
        finally:
            with self._lock:
                self._resolving -= 1
                current = self._generation.get(name) == gen and not self._closed
                if current and found is None:
                    self._found.pop(name, None)
                    self._generation.pop(name, None)
                elif current and found is not None:
                    if name in self._found or len(self._found) < MAX_FOUND:
                        self._found[name] = found
                    else:
                        log.info("LAN discovery: skipped %r, %d hosts listed", name, MAX_FOUND)
