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
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar, Union

from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Lane, Part
from game.core.replay import PlayerSetup

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

_HEX32 = re.compile(r"[0-9a-f]{32}", re.ASCII)
_HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)
_VERSION = re.compile(r"[0-9A-Za-z.+\-]{1,32}", re.ASCII)
_MAX_DIGITS = 20
_ZWJ = "\u200d"  # joins emoji in a name; the other format characters (bidi overrides) are refused


class BadMessage(ValueError):  # noqa: N818 (the name the protocol uses)
    """A message that breaks a rule; the text names the field and the problem."""


def _show(value: object) -> str:
    """A short, printable picture of a value for an error text (never the whole of a huge one)."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return f"an object of {len(value)} fields"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _range(lo: float, hi: float) -> str:
    return f"{_show(lo)}-{_show(hi)}" if lo >= 0 else f"{_show(lo)} to {_show(hi)}"


def _fail(field: str, problem: str) -> BadMessage:
    return BadMessage(f"{field}: {problem}")


# checks of one value ---------------------------------------------------------------------------
def _int(value: object, field: str, lo: int, hi: int) -> int:
    if type(value) is not int:  # bool is an int subclass: refused, like floats
        raise _fail(field, f"{_show(value)} is not an integer")
    if not lo <= value <= hi:
        raise _fail(field, f"{value} is not in {_range(lo, hi)}")
    return value


def _number(value: object, field: str, lo: float, hi: float) -> float:
    if type(value) not in (int, float):
        raise _fail(field, f"{_show(value)} is not a number")
    x = float(value)  # type: ignore[arg-type]
    if not math.isfinite(x):
        raise _fail(field, f"{x} is not a finite number")
    if not lo <= x <= hi:
        raise _fail(field, f"{_show(x)} is not in {_range(lo, hi)}")
    return x


def _bool(value: object, field: str) -> bool:
    if type(value) is not bool:
        raise _fail(field, f"{_show(value)} is not true or false")
    return value


def _text(value: object, field: str, lo: int, hi: int, *, name: bool = False) -> str:
    """A string of `lo`-`hi` characters with no control, surrogate or private-use characters;
    `name` also refuses format characters (bidi overrides) and a name of spaces only."""
    if type(value) is not str:
        raise _fail(field, f"{_show(value)} is not a string")
    if not lo <= len(value) <= hi:
        raise _fail(field, f"{len(value)} characters, not {lo}-{hi}")
    refused = ("Cc", "Cs", "Co", "Zl", "Zp", "Cf") if name else ("Cc", "Cs", "Co")
    for i, ch in enumerate(value):
        if unicodedata.category(ch) in refused and ch != _ZWJ:
            raise _fail(field, f"character {i} ({ch!r}) is not printable")
    if name and not value.strip():
        raise _fail(field, "is blank")
    return value


def _match(value: object, field: str, pattern: re.Pattern[str], what: str) -> str:
    if type(value) is not str or pattern.fullmatch(value) is None:
        raise _fail(field, f"{_show(value)} is not {what}")
    return value


def _setup(value: object, field: str) -> PlayerSetup:
    """A duet part's setup, from its wire form or as given."""
    if isinstance(value, PlayerSetup):
        if value.part not in (Part.P1, Part.P2):
            raise _fail(f"{field}.part", f"{value.part.value!r} is not a duet part (p1 or p2)")
        return value
    d = _object(value, field, {"part", "difficulty", "params"}, {"part", "difficulty"})
    part, difficulty = d["part"], d["difficulty"]
    if part not in ("p1", "p2"):
        raise _fail(f"{field}.part", f"{_show(part)} is not a duet part (p1 or p2)")
    if difficulty not in {x.value for x in Difficulty}:
        raise _fail(f"{field}.difficulty", f"{_show(difficulty)} is not a difficulty")
    params = _object(d.get("params", {}), f"{field}.params", set(_PARAM_FLAGS) | {"preset"})
    for key in _PARAM_FLAGS:
        if key in params:
            _bool(params[key], f"{field}.params.{key}")
    if "preset" in params and params["preset"] not in {x.value for x in WindowPreset}:
        raise _fail(f"{field}.params.preset", f"{_show(params['preset'])} is not a window preset")
    return PlayerSetup(Part(part), Difficulty(difficulty), EngineParams.from_dict(params))


_PARAM_FLAGS = ("pro_cymbals", "overhits_break_combo", "score_dynamics", "star_power")


def _object(value: object, field: str, known: set[str], required: set[str] = frozenset()) -> dict:
    if type(value) is not dict:
        raise _fail(field, f"{_show(value)} is not an object")
    for key in value:
        if key not in known:
            raise _fail(f"{field}.{key}" if field else key, "unknown field")
    for key in sorted(required):
        if key not in value:
            raise _fail(f"{field}.{key}" if field else key, "missing")
    return value


def _setattr(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


# the messages ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Hit:
    """One hit of the partner at its song time in seconds; velocity 0-1. Wire: a 4-list."""

    time_s: float
    lane: Lane
    cymbal: bool
    velocity: float

    def __post_init__(self) -> None:
        _setattr(self, "time_s", _number(self.time_s, "time_s", MIN_SONG_S, MAX_SONG_S))
        if isinstance(self.lane, Lane):
            _setattr(self, "lane", Lane(self.lane))
        else:
            _setattr(self, "lane", Lane(_int(self.lane, "lane", 0, len(Lane) - 1)))
        _bool(self.cymbal, "cymbal")
        _setattr(self, "velocity", _number(self.velocity, "velocity", 0.0, 1.0))

    def event(self, player: int) -> InputEvent:
        """This hit as player `player`'s input."""
        return InputEvent(self.time_s, player, self.lane, self.cymbal, self.velocity)

    @classmethod
    def of(cls, event: InputEvent) -> Hit:
        """The hit of an input (its player is the link's business, not the hit's)."""
        return cls(event.time_s, event.lane, bool(event.cymbal), event.velocity)


@dataclass(frozen=True, slots=True)
class Hello:
    """The first word of each side: who, which game version, which protocol; `token` rejoins."""

    T: ClassVar[str] = "hello"
    name: str
    version: str
    protocol: int = PROTOCOL
    token: str | None = None

    def __post_init__(self) -> None:
        _text(self.name, "name", 1, 40, name=True)
        _match(self.version, "version", _VERSION, "1-32 of 0-9 A-Z a-z . + -")
        _int(self.protocol, "protocol", 1, 1000)
        if self.token is not None:
            _match(self.token, "token", _HEX32, "32 lowercase hex digits")


@dataclass(frozen=True, slots=True)
class Offer:
    """The host's song (by its chart's SHA-256), the host's setup, the lead-in (s) and a token."""

    T: ClassVar[str] = "offer"
    title: str
    artist: str
    chart_sha256: str
    host: PlayerSetup
    lead_in_s: float
    token: str

    def __post_init__(self) -> None:
        _text(self.title, "title", 0, 200)
        _text(self.artist, "artist", 0, 200)
        _match(self.chart_sha256, "chart_sha256", _HEX64, "64 lowercase hex digits")
        _setattr(self, "host", _setup(self.host, "host"))
        _setattr(self, "lead_in_s", _number(self.lead_in_s, "lead_in_s", 1.0, 10.0))
        _match(self.token, "token", _HEX32, "32 lowercase hex digits")


@dataclass(frozen=True, slots=True)
class Answer:
    """The guest's own part, difficulty and engine parameters."""

    T: ClassVar[str] = "answer"
    setup: PlayerSetup

    def __post_init__(self) -> None:
        _setattr(self, "setup", _setup(self.setup, "setup"))


@dataclass(frozen=True, slots=True)
class Refuse:
    """No: `code` (one of REFUSE_CODES) says why for the program, `reason` for the player."""

    T: ClassVar[str] = "refuse"
    code: str
    reason: str = ""

    def __post_init__(self) -> None:
        if self.code not in REFUSE_CODES:
            raise _fail("code", f"{_show(self.code)} is not one of {', '.join(REFUSE_CODES)}")
        _text(self.reason, "reason", 0, 300)


@dataclass(frozen=True, slots=True)
class Ping:
    """A clock probe: number `n` sent at `t0` on the sender's clock (s)."""

    T: ClassVar[str] = "ping"
    n: int
    t0: float

    def __post_init__(self) -> None:
        _int(self.n, "n", 0, 10000)
        _setattr(self, "t0", _number(self.t0, "t0", -MAX_CLOCK_S, MAX_CLOCK_S))


@dataclass(frozen=True, slots=True)
class Pong:
    """The answer to Ping `n`: its `t0` back, and `t1` on the answerer's clock (s)."""

    T: ClassVar[str] = "pong"
    n: int
    t0: float
    t1: float

    def __post_init__(self) -> None:
        _int(self.n, "n", 0, 10000)
        _setattr(self, "t0", _number(self.t0, "t0", -MAX_CLOCK_S, MAX_CLOCK_S))
        _setattr(self, "t1", _number(self.t1, "t1", -MAX_CLOCK_S, MAX_CLOCK_S))


@dataclass(frozen=True, slots=True)
class Ready:
    """The guest's clock offset to the host's and the round trip it measured (s)."""

    T: ClassVar[str] = "ready"
    offset_s: float
    rtt_s: float

    def __post_init__(self) -> None:
        _setattr(self, "offset_s", _number(self.offset_s, "offset_s", -MAX_CLOCK_S, MAX_CLOCK_S))
        _setattr(self, "rtt_s", _number(self.rtt_s, "rtt_s", 0.0, MAX_RTT_S))


@dataclass(frozen=True, slots=True)
class Start:
    """The instant the song's lead-in starts, on the host's clock (s)."""

    T: ClassVar[str] = "start"
    at_s: float

    def __post_init__(self) -> None:
        _setattr(self, "at_s", _number(self.at_s, "at_s", -MAX_CLOCK_S, MAX_CLOCK_S))


@dataclass(frozen=True, slots=True)
class Hits:
    """Hits in song-time order; every hit up to `upto_s` is sent; `ack_s` is the partner's latest
    `upto_s` received here (-inf before any; null on the wire)."""

    T: ClassVar[str] = "hits"
    upto_s: float
    ack_s: float
    hits: tuple[Hit, ...] = ()

    def __post_init__(self) -> None:
        _setattr(self, "upto_s", _number(self.upto_s, "upto_s", MIN_SONG_S, MAX_SONG_S))
        if self.ack_s != -math.inf:
            _setattr(self, "ack_s", _number(self.ack_s, "ack_s", MIN_SONG_S, MAX_SONG_S))
        if not isinstance(self.hits, (tuple, list)):
            raise _fail("hits", f"{_show(self.hits)} is not a list")
        hits = tuple(self.hits)
        if len(hits) > MAX_HITS:
            raise _fail("hits", f"{len(hits)} hits, more than {MAX_HITS}")
        before = -math.inf
        for i, hit in enumerate(hits):
            if not isinstance(hit, Hit):
                raise _fail(f"hits[{i}]", f"{_show(hit)} is not a hit")
            if hit.time_s < before:
                raise _fail(f"hits[{i}].time_s", f"{hit.time_s} is before the hit ahead of it")
            if hit.time_s > self.upto_s:
                raise _fail(f"hits[{i}].time_s", f"{hit.time_s} is after upto_s {self.upto_s}")
            before = hit.time_s
        _setattr(self, "hits", hits)


@dataclass(frozen=True, slots=True)
class Done:
    """All my hits are sent: `count` of them, up to song time `upto_s`."""

    T: ClassVar[str] = "done"
    count: int
    upto_s: float

    def __post_init__(self) -> None:
        _int(self.count, "count", 0, MAX_COUNT)
        _setattr(self, "upto_s", _number(self.upto_s, "upto_s", MIN_SONG_S, MAX_SONG_S))


@dataclass(frozen=True, slots=True)
class Bye:
    """Leaving on purpose, and why."""

    T: ClassVar[str] = "bye"
    reason: str = ""

    def __post_init__(self) -> None:
        _text(self.reason, "reason", 0, 300)


Message = Union[Hello, Offer, Answer, Refuse, Ping, Pong, Ready, Start, Hits, Done, Bye]  # noqa: UP007
MESSAGE_TYPES: tuple[type, ...] = (Hello, Offer, Answer, Refuse, Ping, Pong, Ready, Start, Hits,
                                   Done, Bye)  # fmt: skip
_BY_TYPE: dict[str, type] = {cls.T: cls for cls in MESSAGE_TYPES}


def clean_text(text: str, max_chars: int) -> str:
    """`text` fit for a message's free text: control characters as spaces, cut to `max_chars`
    (for a chart's title, or a reason built from anything)."""
    kept = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs", "Co") else ch for ch in str(text)
    )
    return kept[:max_chars]


# the wire --------------------------------------------------------------------------------------
def _setup_wire(setup: PlayerSetup) -> dict[str, object]:
    return {"part": setup.part.value, "difficulty": setup.difficulty.value,
            "params": setup.params.to_dict()}  # fmt: skip


def _wire(msg: Message) -> dict[str, object]:
    if isinstance(msg, Hello):
        return {"t": msg.T, "game": GAME, "protocol": msg.protocol, "version": msg.version,
                "name": msg.name, "token": msg.token}  # fmt: skip
    if isinstance(msg, Offer):
        return {"t": msg.T, "title": msg.title, "artist": msg.artist,
                "chart_sha256": msg.chart_sha256, "host": _setup_wire(msg.host),
                "lead_in_s": msg.lead_in_s, "token": msg.token}  # fmt: skip
    if isinstance(msg, Answer):
        return {"t": msg.T, "setup": _setup_wire(msg.setup)}
    if isinstance(msg, Hits):
        return {
            "t": msg.T,
            "upto_s": msg.upto_s,
            "ack_s": None if msg.ack_s == -math.inf else msg.ack_s,
            "hits": [[h.time_s, int(h.lane), h.cymbal, h.velocity] for h in msg.hits],
        }
    return {"t": msg.T, **{name: getattr(msg, name) for name in msg.__slots__}}


def encode(msg: Message) -> str:
    """The JSON text of a message (at most MAX_MESSAGE_BYTES of UTF-8)."""
    if not isinstance(msg, MESSAGE_TYPES):
        raise TypeError(f"not a Drum Duet message: {_show(msg)}")
    text = json.dumps(_wire(msg), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_MESSAGE_BYTES:
        raise _fail(msg.T, f"longer than {MAX_MESSAGE_BYTES} bytes")
    return text


def _refuse_constant(name: str) -> float:
    raise _fail("message", f"{name} is not a JSON number")


def _parse_int(text: str) -> int:
    if len(text) > _MAX_DIGITS:
        raise _fail("message", f"a number of {len(text)} digits")
    return int(text)


def _parse_float(text: str) -> float:
    x = float(text)
    if not math.isfinite(x):
        raise _fail("message", f"{_show(text)} is out of range")
    return x


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d: dict[str, Any] = {}
    for key, value in pairs:
        if key in d:
            raise _fail(key, "appears twice")
        d[key] = value
    return d


def _parse(data: str | bytes) -> object:
    if isinstance(data, (bytes, bytearray, memoryview)):
        if len(data) > MAX_MESSAGE_BYTES:
            raise _fail("message", f"longer than {MAX_MESSAGE_BYTES} bytes")
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as e:
            raise _fail("message", f"not UTF-8 (byte {e.start})") from None
    elif not isinstance(data, str):
        raise _fail("message", f"{type(data).__name__} is not text")
    if len(data) > MAX_MESSAGE_BYTES or (
        len(data.encode("utf-8", "surrogatepass")) > MAX_MESSAGE_BYTES
    ):
        raise _fail("message", f"longer than {MAX_MESSAGE_BYTES} bytes")
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
        raise _fail("message", "nested too deep") from None
    except ValueError as e:  # JSONDecodeError, and anything int()/float() may say
        raise _fail("message", f"not JSON ({str(e)[:80]})") from None


_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # type: (every field, the required ones); "t" is always there
    "hello": ({"game", "protocol", "version", "name", "token"}, {"game", "protocol", "version",
                                                                "name"}),
    "offer": ({"title", "artist", "chart_sha256", "host", "lead_in_s", "token"},
              {"title", "artist", "chart_sha256", "host", "lead_in_s", "token"}),
    "answer": ({"setup"}, {"setup"}),
    "refuse": ({"code", "reason"}, {"code", "reason"}),
    "ping": ({"n", "t0"}, {"n", "t0"}),
    "pong": ({"n", "t0", "t1"}, {"n", "t0", "t1"}),
    "ready": ({"offset_s", "rtt_s"}, {"offset_s", "rtt_s"}),
    "start": ({"at_s"}, {"at_s"}),
    "hits": ({"upto_s", "ack_s", "hits"}, {"upto_s", "ack_s", "hits"}),
    "done": ({"count", "upto_s"}, {"count", "upto_s"}),
    "bye": ({"reason"}, {"reason"}),
}  # fmt: skip


def _hit(value: object, i: int) -> Hit:
    if type(value) is not list or len(value) != 4:
        raise _fail(f"hits[{i}]", f"{_show(value)} is not [time_s, lane, cymbal, velocity]")
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
        raise _fail("message", "nested too deep") from None
    except Exception as e:  # a safety net: every rule names its field; nothing else escapes
        raise _fail("message", f"unreadable ({type(e).__name__})") from None


def _decode(data: str | bytes) -> Message:
    d = _parse(data)
    if type(d) is not dict:
        raise _fail("message", "not a JSON object")
    kind = d.get("t")
    if type(kind) is not str or kind not in _BY_TYPE:
        raise _fail("t", f"{_show(kind)} is not a message type")
    known, required = _FIELDS[kind]
    _object(d, "", known | {"t"}, required)
    args = {k: v for k, v in d.items() if k != "t"}
    if kind == "hello":
        if args.pop("game") != GAME:
            raise _fail("game", "not a Drum Duet peer")
    elif kind == "hits":
        if args["ack_s"] is None:
            args["ack_s"] = -math.inf
        hits = args["hits"]
        if type(hits) is not list:
            raise _fail("hits", f"{_show(hits)} is not a list")
        if len(hits) > MAX_HITS:
            raise _fail("hits", f"{len(hits)} hits, more than {MAX_HITS}")
        args["hits"] = tuple(_hit(h, i) for i, h in enumerate(hits))
    elif kind == "offer":
        args["host"] = _setup(args["host"], "host")
    elif kind == "answer":
        args["setup"] = _setup(args["setup"], "setup")
    return _BY_TYPE[kind](**args)
