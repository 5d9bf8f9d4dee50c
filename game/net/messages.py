"""Every message of the online duet, validated: JSON text frames, one object each, `"t"` its type.

A message is data only: names, numbers, hashes and hits. Nothing from the network is ever a file
path, a module or code to run. `decode` refuses anything that breaks a rule with `BadMessage`,
whose text names the field and the problem (`hits[3].velocity: 1.7 is not in 0-1`); it raises no
other exception, whatever the input. The constructors check the same rules, so a message that
exists is a message that may be sent.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar, Union

from game.core.events import InputEvent
from game.core.lanes import Lane
from game.core.replay import PlayerSetup
from game.net.fields import (
    HEX32,
    HEX64,
    MAX_DIGITS,
    VERSION,
    BadMessage,
    boolean,
    fail,
    integer,
    match,
    number,
    obj,
    set_field,
    setup,
    show,
    text_field,
)

PROTOCOL = 1
"""The protocol spoken here; a peer speaking another is refused politely by the flow."""
GAME = "drum-duet"
MAX_MESSAGE_BYTES = 16384
"""The longest message (UTF-8 bytes) sent or accepted."""
MAX_HITS = 256
"""The most hits in one `Hits` message."""
REFUSE_CODES = (
    "version",
    "chart",
    "busy",
    "parts",
    "bad-message",
    "flooding",
    "cancelled",
    "started",
)
MAX_CLOCK_S = 1e9
"""The largest clock reading (seconds) in Ping, Pong, Ready and Start: about 31 years of uptime."""
MIN_SONG_S = -60.0
MAX_SONG_S = 36000.0
"""Song times (seconds) in hits: from a minute before the song to ten hours into it."""
MAX_RTT_S = 10.0
MAX_COUNT = 1_000_000


# the messages ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Hit:
    """One hit of the partner at its song time in seconds; velocity 0-1. Wire: a 4-list."""

    time_s: float
    lane: Lane
    cymbal: bool
    velocity: float

    def __post_init__(self) -> None:
        set_field(self, "time_s", number(self.time_s, "time_s", MIN_SONG_S, MAX_SONG_S))
        if isinstance(self.lane, Lane):
            set_field(self, "lane", Lane(self.lane))
        else:
            set_field(self, "lane", Lane(integer(self.lane, "lane", 0, len(Lane) - 1)))
        boolean(self.cymbal, "cymbal")
        set_field(self, "velocity", number(self.velocity, "velocity", 0.0, 1.0))

    def event(self, player: int) -> InputEvent:
        """This hit as player `player`'s input."""
        return InputEvent(self.time_s, player, self.lane, self.cymbal, self.velocity)

    @classmethod
    def of(cls, event: InputEvent) -> Hit:
        """The hit of an input (its player is the link's business, not the hit's)."""
        return cls(event.time_s, event.lane, bool(event.cymbal), event.velocity)


@dataclass(frozen=True, slots=True)
class Hello:
    """The first word of each side: who, which game version, which protocol; `token` rejoins a
    dropped link; `player_id` is the guest's game's own id (the same after a restart: a game
    that closed mid-song comes back by it)."""

    T: ClassVar[str] = "hello"
    name: str
    version: str
    protocol: int = PROTOCOL
    token: str | None = None
    player_id: str | None = None

    def __post_init__(self) -> None:
        text_field(self.name, "name", 1, 40, name=True)
        match(self.version, "version", VERSION, "1-32 of 0-9 A-Z a-z . + -")
        integer(self.protocol, "protocol", 1, 1000)
        if self.token is not None:
            match(self.token, "token", HEX32, "32 lowercase hex digits")
        if self.player_id is not None:
            match(self.player_id, "player_id", HEX32, "32 lowercase hex digits")


@dataclass(frozen=True, slots=True)
class Offer:
    """The host's song (by its chart's SHA-256), the host's setup, the lead-in (s) and a token;
    `returning` is the kept seat of a partner whose game closed mid-song and who came back (no
    choice: they play on as they were), None for a new duet."""

    T: ClassVar[str] = "offer"
    title: str
    artist: str
    chart_sha256: str
    host: PlayerSetup
    lead_in_s: float
    token: str
    returning: PlayerSetup | None = None

    def __post_init__(self) -> None:
        text_field(self.title, "title", 0, 200)
        text_field(self.artist, "artist", 0, 200)
        match(self.chart_sha256, "chart_sha256", HEX64, "64 lowercase hex digits")
        set_field(self, "host", setup(self.host, "host"))
        set_field(self, "lead_in_s", number(self.lead_in_s, "lead_in_s", 1.0, 10.0))
        match(self.token, "token", HEX32, "32 lowercase hex digits")
        if self.returning is not None:
            set_field(self, "returning", setup(self.returning, "returning"))
            if self.returning.part is self.host.part:
                raise fail("returning.part", f"{self.host.part.value} is the host's part")


@dataclass(frozen=True, slots=True)
class Answer:
    """The guest's own part, difficulty and engine parameters."""

    T: ClassVar[str] = "answer"
    setup: PlayerSetup

    def __post_init__(self) -> None:
        set_field(self, "setup", setup(self.setup, "setup"))


@dataclass(frozen=True, slots=True)
class Refuse:
    """No: `code` (one of REFUSE_CODES) says why for the program, `reason` for the player."""

    T: ClassVar[str] = "refuse"
    code: str
    reason: str = ""

    def __post_init__(self) -> None:
        if self.code not in REFUSE_CODES:
            raise fail("code", f"{show(self.code)} is not one of {', '.join(REFUSE_CODES)}")
        text_field(self.reason, "reason", 0, 300)


@dataclass(frozen=True, slots=True)
class Ping:
    """A clock probe: number `n` sent at `t0` on the sender's clock (s)."""

    T: ClassVar[str] = "ping"
    n: int
    t0: float

    def __post_init__(self) -> None:
        integer(self.n, "n", 0, 10000)
        set_field(self, "t0", number(self.t0, "t0", -MAX_CLOCK_S, MAX_CLOCK_S))


@dataclass(frozen=True, slots=True)
class Pong:
    """The answer to Ping `n`: its `t0` back, and `t1` on the answerer's clock (s)."""

    T: ClassVar[str] = "pong"
    n: int
    t0: float
    t1: float

    def __post_init__(self) -> None:
        integer(self.n, "n", 0, 10000)
        set_field(self, "t0", number(self.t0, "t0", -MAX_CLOCK_S, MAX_CLOCK_S))
        set_field(self, "t1", number(self.t1, "t1", -MAX_CLOCK_S, MAX_CLOCK_S))


@dataclass(frozen=True, slots=True)
class Ready:
    """The guest's clock offset to the host's and the round trip it measured (s)."""

    T: ClassVar[str] = "ready"
    offset_s: float
    rtt_s: float

    def __post_init__(self) -> None:
        set_field(self, "offset_s", number(self.offset_s, "offset_s", -MAX_CLOCK_S, MAX_CLOCK_S))
        set_field(self, "rtt_s", number(self.rtt_s, "rtt_s", 0.0, MAX_RTT_S))


@dataclass(frozen=True, slots=True)
class Start:
    """The instant the song's lead-in starts, on the host's clock (s)."""

    T: ClassVar[str] = "start"
    at_s: float

    def __post_init__(self) -> None:
        set_field(self, "at_s", number(self.at_s, "at_s", -MAX_CLOCK_S, MAX_CLOCK_S))


@dataclass(frozen=True, slots=True)
class Hits:
    """Hits in song-time order; every hit up to `upto_s` is sent; `ack_s` is the partner's latest
    `upto_s` received here (-inf before any; null on the wire)."""

    T: ClassVar[str] = "hits"
    upto_s: float
    ack_s: float
    hits: tuple[Hit, ...] = ()

    def __post_init__(self) -> None:
        set_field(self, "upto_s", number(self.upto_s, "upto_s", MIN_SONG_S, MAX_SONG_S))
        if self.ack_s != -math.inf:
            set_field(self, "ack_s", number(self.ack_s, "ack_s", MIN_SONG_S, MAX_SONG_S))
        set_field(self, "hits", _hits_in_order(self.hits, self.upto_s))


def _hits_in_order(given: object, upto_s: float) -> tuple[Hit, ...]:
    """`given` as at most MAX_HITS hits in song-time order, none after `upto_s`."""
    if not isinstance(given, (tuple, list)):
        raise fail("hits", f"{show(given)} is not a list")
    hits = tuple(given)
    if len(hits) > MAX_HITS:
        raise fail("hits", f"{len(hits)} hits, more than {MAX_HITS}")
    before = -math.inf
    for i, hit in enumerate(hits):
        if not isinstance(hit, Hit):
            raise fail(f"hits[{i}]", f"{show(hit)} is not a hit")
        if hit.time_s < before:
            raise fail(f"hits[{i}].time_s", f"{hit.time_s} is before the hit ahead of it")
        if hit.time_s > upto_s:
            raise fail(f"hits[{i}].time_s", f"{hit.time_s} is after upto_s {upto_s}")
        before = hit.time_s
    return hits


@dataclass(frozen=True, slots=True)
class Kept:
    """To a partner coming back mid-song: their own hits the host kept, in song-time order, every
    one up to `upto_s` (their promise as the host had it) in this and the pieces before it."""

    T: ClassVar[str] = "kept"
    upto_s: float
    hits: tuple[Hit, ...] = ()

    def __post_init__(self) -> None:
        set_field(self, "upto_s", number(self.upto_s, "upto_s", MIN_SONG_S, MAX_SONG_S))
        set_field(self, "hits", _hits_in_order(self.hits, self.upto_s))


@dataclass(frozen=True, slots=True)
class Done:
    """All my hits are sent: `count` of them, up to song time `upto_s`."""

    T: ClassVar[str] = "done"
    count: int
    upto_s: float

    def __post_init__(self) -> None:
        integer(self.count, "count", 0, MAX_COUNT)
        set_field(self, "upto_s", number(self.upto_s, "upto_s", MIN_SONG_S, MAX_SONG_S))


@dataclass(frozen=True, slots=True)
class Bye:
    """Leaving on purpose, and why."""

    T: ClassVar[str] = "bye"
    reason: str = ""

    def __post_init__(self) -> None:
        text_field(self.reason, "reason", 0, 300)


Message = Union[Hello, Offer, Answer, Refuse, Ping, Pong, Ready, Start, Hits, Kept, Done, Bye]  # noqa: UP007
MESSAGE_TYPES: tuple[type, ...] = (Hello, Offer, Answer, Refuse, Ping, Pong, Ready, Start, Hits,
                                   Kept, Done, Bye)  # fmt: skip
_BY_TYPE: dict[str, type] = {cls.T: cls for cls in MESSAGE_TYPES}


def clean_text(text: str, max_chars: int) -> str:
    """`text` fit for a title, an artist or a reason: control, surrogate and private-use
    characters as spaces, cut to `max_chars` (not enough for a name, which refuses more)."""
    kept = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs", "Co") else ch for ch in str(text)
    )
    return kept[:max_chars]


# the wire --------------------------------------------------------------------------------------
def _setup_wire(player: PlayerSetup) -> dict[str, object]:
    return {"part": player.part.value, "difficulty": player.difficulty.value,
            "params": player.params.to_dict()}  # fmt: skip


def _hits_wire(hits: tuple[Hit, ...]) -> list[list[object]]:
    return [[h.time_s, int(h.lane), h.cymbal, h.velocity] for h in hits]


def _wire(msg: Message) -> dict[str, object]:
    if isinstance(msg, Hello):
        return {"t": msg.T, "game": GAME, "protocol": msg.protocol, "version": msg.version,
                "name": msg.name, "token": msg.token, "player_id": msg.player_id}  # fmt: skip
    if isinstance(msg, Offer):
        back = None if msg.returning is None else _setup_wire(msg.returning)
        return {"t": msg.T, "title": msg.title, "artist": msg.artist,
                "chart_sha256": msg.chart_sha256, "host": _setup_wire(msg.host),
                "lead_in_s": msg.lead_in_s, "token": msg.token, "returning": back}  # fmt: skip
    if isinstance(msg, Answer):
        return {"t": msg.T, "setup": _setup_wire(msg.setup)}
    if isinstance(msg, Hits):
        return {
            "t": msg.T,
            "upto_s": msg.upto_s,
            "ack_s": None if msg.ack_s == -math.inf else msg.ack_s,
            "hits": _hits_wire(msg.hits),
        }
    if isinstance(msg, Kept):
        return {"t": msg.T, "upto_s": msg.upto_s, "hits": _hits_wire(msg.hits)}
    return {"t": msg.T, **{name: getattr(msg, name) for name in msg.__slots__}}


def encode(msg: Message) -> str:
    """The JSON text of a message (at most MAX_MESSAGE_BYTES of UTF-8)."""
    if not isinstance(msg, MESSAGE_TYPES):
        raise TypeError(f"not a Drum Duet message: {show(msg)}")
    text = json.dumps(_wire(msg), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_MESSAGE_BYTES:
        raise fail(msg.T, f"longer than {MAX_MESSAGE_BYTES} bytes")
    return text


def _refuse_constant(name: str) -> float:
    raise fail("message", f"{name} is not a JSON number")


def _parse_int(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise fail("message", f"a number of {len(text)} digits")
    return int(text)


def _parse_float(text: str) -> float:
    x = float(text)
    if not math.isfinite(x):
        raise fail("message", f"{show(text)} is out of range")
    return x


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d: dict[str, Any] = {}
    for key, value in pairs:
        if key in d:
            raise fail(key, "appears twice")
        d[key] = value
    return d


def _parse(data: str | bytes) -> object:
    if isinstance(data, (bytes, bytearray, memoryview)):
        if len(data) > MAX_MESSAGE_BYTES:
            raise fail("message", f"longer than {MAX_MESSAGE_BYTES} bytes")
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as e:
            raise fail("message", f"not UTF-8 (byte {e.start})") from None
    elif not isinstance(data, str):
        raise fail("message", f"{type(data).__name__} is not text")
    if len(data) > MAX_MESSAGE_BYTES or (
        len(data.encode("utf-8", "surrogatepass")) > MAX_MESSAGE_BYTES
    ):
        raise fail("message", f"longer than {MAX_MESSAGE_BYTES} bytes")
    try:
        return json.loads(
            data,
            parse_constant=_refuse_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
            object_pairs_hook=_unique_keys,
        )
    except BadMessage:
        raise
    except RecursionError:
        raise fail("message", "nested too deep") from None
    except ValueError as e:  # JSONDecodeError, and anything int()/float() may say
        raise fail("message", f"not JSON ({str(e)[:80]})") from None


_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # type: (every field, the required ones); "t" is always there
    "hello": ({"game", "protocol", "version", "name", "token", "player_id"},
              {"game", "protocol", "version", "name"}),
    "offer": ({"title", "artist", "chart_sha256", "host", "lead_in_s", "token", "returning"},
              {"title", "artist", "chart_sha256", "host", "lead_in_s", "token"}),
    "answer": ({"setup"}, {"setup"}),
    "refuse": ({"code", "reason"}, {"code", "reason"}),
    "ping": ({"n", "t0"}, {"n", "t0"}),
    "pong": ({"n", "t0", "t1"}, {"n", "t0", "t1"}),
    "ready": ({"offset_s", "rtt_s"}, {"offset_s", "rtt_s"}),
    "start": ({"at_s"}, {"at_s"}),
    "hits": ({"upto_s", "ack_s", "hits"}, {"upto_s", "ack_s", "hits"}),
    "kept": ({"upto_s", "hits"}, {"upto_s", "hits"}),
    "done": ({"count", "upto_s"}, {"count", "upto_s"}),
    "bye": ({"reason"}, {"reason"}),
}  # fmt: skip


def _hit(value: object, i: int) -> Hit:
    if type(value) is not list or len(value) != 4:
        raise fail(f"hits[{i}]", f"{show(value)} is not [time_s, lane, cymbal, velocity]")
    try:
        return Hit(*value)
    except BadMessage as e:
        raise BadMessage(f"hits[{i}].{e}") from None


def decode(data: str | bytes) -> Message:
    """The message in `data` (JSON text or its UTF-8 bytes); BadMessage naming the field and the
    problem when it breaks any rule. Unknown types and unknown fields are refused."""
    try:
        return _decode(data)
    except BadMessage:
        raise
    except RecursionError:
        raise fail("message", "nested too deep") from None
    except Exception as e:  # a safety net: every rule names its field; nothing else escapes
        raise fail("message", f"unreadable ({type(e).__name__})") from None


def _decode(data: str | bytes) -> Message:
    d = _parse(data)
    if type(d) is not dict:
        raise fail("message", "not a JSON object")
    kind = d.get("t")
    if type(kind) is not str or kind not in _BY_TYPE:
        raise fail("t", f"{show(kind)} is not a message type")
    known, required = _FIELDS[kind]
    obj(d, "", known | {"t"}, required)
    args = {k: v for k, v in d.items() if k != "t"}
    if kind == "hello":
        if args.pop("game") != GAME:
            raise fail("game", "not a Drum Duet peer")
    elif kind in ("hits", "kept"):
        if kind == "hits" and args["ack_s"] is None:
            args["ack_s"] = -math.inf
        hits = args["hits"]
        if type(hits) is not list:
            raise fail("hits", f"{show(hits)} is not a list")
        if len(hits) > MAX_HITS:
            raise fail("hits", f"{len(hits)} hits, more than {MAX_HITS}")
        args["hits"] = tuple(_hit(h, i) for i, h in enumerate(hits))
    elif kind == "offer":
        args["host"] = setup(args["host"], "host")
        if args.get("returning") is not None:
            args["returning"] = setup(args["returning"], "returning")
    elif kind == "answer":
        args["setup"] = setup(args["setup"], "setup")
    return _BY_TYPE[kind](**args)
