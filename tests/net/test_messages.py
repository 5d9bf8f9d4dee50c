"""The online duet's messages: every type round-trips; every rule is refused naming its field;
nothing but BadMessage ever comes out of `decode`, whatever the input."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Lane, Part
from game.core.replay import PlayerSetup
from game.net.messages import (
    MAX_HITS,
    MAX_MESSAGE_BYTES,
    Answer,
    BadMessage,
    Bye,
    Done,
    Hello,
    Hit,
    Hits,
    Kept,
    Offer,
    Ping,
    Pong,
    Ready,
    Refuse,
    Start,
    clean_text,
    decode,
    encode,
)

SHA = "0123456789abcdef" * 4
TOKEN = "fedcba9876543210" * 2
SETUP = PlayerSetup(Part.P2, Difficulty.HARD, EngineParams(WindowPreset.STRICT, pro_cymbals=True))
HITS = (
    Hit(-1.5, Lane.KICK, False, 0.0),
    Hit(0.25, Lane.YELLOW, True, 0.75),
    Hit(0.25, 4, False, 1),
)

EVERY_TYPE = [
    Hello("드러머 ドラマー", "0.1.0+dev-2"),
    Hello("p", "1", protocol=7, token=TOKEN),
    Offer("Song 2 — 노래", "Artist", SHA, PlayerSetup(Part.P1, Difficulty.EXPERT), 3.5, TOKEN),
    Offer("", "", SHA, SETUP, 1, TOKEN),
    Offer("Back", "", SHA, PlayerSetup(Part.P1, Difficulty.EASY), 3.0, TOKEN, returning=SETUP),
    Answer(SETUP),
    Refuse("chart", "you do not have this song"),
    Ping(0, 12345.678),
    Pong(10000, -1e9, 1e9),
    Ready(-0.0123, 0.15),
    Start(99.5),
    Hits(0.5, -math.inf, HITS),
    Hits(-60, 35999.5, ()),
    Kept(12.5, HITS),
    Kept(-60, ()),
    Done(1_000_000, 200.25),
    Bye(""),
    Hello("Yuki", "1", player_id=TOKEN),
]


@pytest.mark.parametrize("message", EVERY_TYPE, ids=lambda m: type(m).__name__)
def test_every_type_round_trips_through_its_json_text(message):
    text = encode(message)
    assert json.loads(text)["t"] == type(message).T
    assert decode(text) == message
    assert decode(text.encode("utf-8")) == message


def test_the_hello_on_the_wire_is_the_protocols():
    wire = json.loads(encode(Hello("Ann", "0.1.0")))
    assert wire == {
        "t": "hello",
        "game": "drum-duet",
        "protocol": 1,
        "version": "0.1.0",
        "name": "Ann",
        "token": None,
        "player_id": None,
    }


def test_setups_and_hits_on_the_wire():
    wire = json.loads(encode(Answer(SETUP)))
    assert wire["setup"] == {"part": "p2", "difficulty": "hard", "params": SETUP.params.to_dict()}
    wire = json.loads(encode(Hits(0.5, -math.inf, HITS)))
    assert wire["ack_s"] is None
    assert wire["hits"][1] == [0.25, 2, True, 0.75]


def test_hit_is_an_input_event_of_either_player():
    event = InputEvent(1.25, 0, Lane.BLUE, cymbal=True, velocity=0.5)
    hit = Hit.of(event)
    assert hit == Hit(1.25, Lane.BLUE, True, 0.5)
    assert hit.event(1) == InputEvent(1.25, 1, Lane.BLUE, True, 0.5)
    assert type(hit.event(1).lane) is Lane


def test_the_fullest_hits_message_fits_in_a_message():
    """256 hits with the longest floats a song time or velocity can print."""
    hits = (Hit(-12.345678901234567, Lane.GREEN, False, 0.12345678901234568),) * MAX_HITS
    text = encode(Hits(-12.345678901234567, -59.99999999999999, hits))
    assert len(text.encode()) <= MAX_MESSAGE_BYTES


def _wire(message, **changes) -> str:
    d = json.loads(encode(message))
    for key, value in changes.items():
        if value is _DROP:
            del d[key]
        else:
            d[key] = value
    return json.dumps(d)


_DROP = object()
HELLO = Hello("Ann", "0.1.0")
OFFER = EVERY_TYPE[2]
HITS_MSG = Hits(5.0, 1.0, HITS)


def _hits(*rows) -> str:
    return _wire(HITS_MSG, hits=list(rows))


REFUSED = [
    # (wire text, the words the error must say)
    (_wire(HELLO, game="other"), "game: not a Drum Duet peer"),
    (_wire(HELLO, name=""), "name: 0 characters, not 1-40"),
    (_wire(HELLO, name="x" * 41), "name: 41 characters"),
    (_wire(HELLO, name="a\nb"), "name: character 1"),
    (_wire(HELLO, name="evil\u202etxt"), "name: character 4"),
    (_wire(HELLO, name="   "), "name: is blank"),
    (_wire(HELLO, name=5), "name: 5 is not a string"),
    (_wire(HELLO, version="1.0 beta"), "version:"),
    (_wire(HELLO, version="1.0\n"), "version:"),
    (_wire(HELLO, version="v" * 33), "version:"),
    (_wire(HELLO, protocol=0), "protocol: 0 is not in 1-1000"),
    (_wire(HELLO, protocol=1.0), "protocol: 1 is not an integer"),
    (_wire(HELLO, protocol=True), "protocol: true is not an integer"),
    (_wire(HELLO, token="ABCDEF0123456789ABCDEF0123456789"), "token:"),
    (_wire(HELLO, token="abc"), "token:"),
    (_wire(HELLO, name=_DROP), "name: missing"),
    (_wire(HELLO, extra=1), "extra: unknown field"),
    (_wire(OFFER, title="t" * 201), "title: 201 characters"),
    (_wire(OFFER, artist="a\x00"), "artist: character 1"),
    (_wire(OFFER, chart_sha256=SHA.upper()), "chart_sha256:"),
    (_wire(OFFER, lead_in_s=0.5), "lead_in_s: 0.5 is not in 1-10"),
    (_wire(OFFER, lead_in_s="3"), "lead_in_s: '3' is not a number"),
    (_wire(OFFER, token=None), "token: null is not 32 lowercase hex"),
    (
        _wire(OFFER, host={"part": "full", "difficulty": "expert"}),
        "host.part: 'full' is not a duet",
    ),
    (_wire(OFFER, host={"part": "p1", "difficulty": "impossible"}), "host.difficulty:"),
    (_wire(OFFER, host={"part": "p1", "difficulty": "easy", "x": 1}), "host.x: unknown field"),
    (_wire(OFFER, host={"part": ["p1"], "difficulty": "easy"}), "host.part: a list of 1 is not"),
    (_wire(OFFER, host={"part": "p1", "difficulty": {}}), "host.difficulty: an object of 0"),
    (
        _wire(OFFER, host={"part": "p1", "difficulty": "easy", "params": {"preset": []}}),
        "host.params.preset: a list of 0 is not a window preset",
    ),
    (_wire(OFFER, host=["p1", "easy"]), "host: a list of 2 is not an object"),
    (
        _wire(OFFER, host={"part": "p1", "difficulty": "easy", "params": {"pro_cymbals": 1}}),
        "host.params.pro_cymbals: 1 is not true or false",
    ),
    (
        _wire(OFFER, host={"part": "p1", "difficulty": "easy", "params": {"preset": "lax"}}),
        "host.params.preset: 'lax' is not a window preset",
    ),
    (
        _wire(OFFER, host={"part": "p1", "difficulty": "easy", "params": {"cheat": True}}),
        "host.params.cheat: unknown field",
    ),
    (_wire(Answer(SETUP), setup={"part": "p3", "difficulty": "easy"}), "setup.part:"),
    (_wire(Refuse("busy"), code="nope"), "code: 'nope' is not one of"),
    (_wire(Refuse("busy"), reason="r" * 301), "reason: 301 characters"),
    (_wire(Ping(1, 0), n=10001), "n: 10001 is not in 0-10000"),
    (_wire(Ping(1, 0), n=-1), "n: -1 is not in 0-10000"),
    (_wire(Ping(1, 0), t0=2e9), "t0: 2000000000 is not in"),
    (_wire(Pong(1, 0, 0), t1=None), "t1: null is not a number"),
    (_wire(Ready(0, 0), rtt_s=10.5), "rtt_s: 10.5 is not in 0-10"),
    (_wire(Ready(0, 0), rtt_s=-0.1), "rtt_s: -0.1 is not in 0-10"),
    (_wire(Start(0), at_s=[1]), "at_s: a list of 1 is not a number"),
    (
        _hits([0, 1, False, 0.5], [1, 1, False, 0.5], [2, 1, False, 0.5], [3, 1, False, 1.7]),
        "hits[3].velocity: 1.7 is not in 0-1",
    ),
    (_hits([1, 5, False, 0.5]), "hits[0].lane: 5 is not in 0-4"),
    (_hits([1, 1.0, False, 0.5]), "hits[0].lane: 1 is not an integer"),
    (_hits([1, 1, 0, 0.5]), "hits[0].cymbal: 0 is not true or false"),
    (_hits([1, 1, False]), "hits[0]: a list of 3 is not [time_s, lane, cymbal, velocity]"),
    (_hits({"time_s": 1}), "hits[0]: an object of 1 fields is not [time_s"),
    (_hits([2, 1, False, 0.5], [1, 1, False, 0.5]), "hits[1].time_s: 1.0 is before"),
    (_hits([6, 1, False, 0.5]), "hits[0].time_s: 6.0 is after upto_s 5.0"),
    (_hits([-61, 1, False, 0.5]), "hits[0].time_s: -61 is not in -60 to 36000"),
    (_hits(*[[0, 1, False, 0.5]] * (MAX_HITS + 1)), "hits: 257 hits, more than 256"),
    (_wire(HITS_MSG, upto_s=36001), "upto_s: 36001 is not in -60 to 36000"),
    (_wire(HITS_MSG, ack_s="-inf"), "ack_s: '-inf' is not a number"),
    (_wire(HITS_MSG, hits={}), "hits: an object of 0 fields is not a list"),
    (_wire(Kept(5.0, HITS), upto_s=0.0), "hits[1].time_s: 0.25 is after upto_s 0.0"),
    (
        _wire(Kept(5.0, HITS), hits=[[1, 1, False, 0.5], [0.5, 1, False, 0.5]]),
        "hits[1].time_s: 0.5 is before the hit ahead of it",
    ),
    (_wire(Kept(5.0), ack_s=1.0), "ack_s"),
    (
        _wire(EVERY_TYPE[4], returning={"part": "full", "difficulty": "easy"}),
        "returning.part: 'full' is not a duet part",
    ),
    (_wire(Done(0, 0), count=1_000_001), "count: 1000001 is not in 0-1000000"),
    (_wire(Done(0, 0), count=2.0), "count: 2 is not an integer"),
    (_wire(Bye(), reason=None), "reason: null is not a string"),
    ('{"t":"dance"}', "t: 'dance' is not a message type"),
    ('{"t":1}', "t: 1 is not a message type"),
    ('{"n":1}', "t: null is not a message type"),
    ("[1, 2]", "message: not a JSON object"),
    ('"hello"', "message: not a JSON object"),
    ('{"t":"ping","n":1,"t0":NaN}', "message: NaN is not a JSON number"),
    ('{"t":"ping","n":1,"t0":-Infinity}', "message: -Infinity is not a JSON number"),
    ('{"t":"ping","n":1,"t0":1e999}', "message: '1e999' is out of range"),
    ('{"t":"ping","n":1' + "0" * 30 + ',"t0":0}', "message: a number of 31 digits"),
    ('{"t":"ping","n":1,"n":2,"t0":0}', "n: appears twice"),
    ('{"t":"ping","n":1,"t0":0', "message: not JSON"),
    ("", "message: not JSON"),
    # Python 3.11 cannot parse this deep (nested too deep); 3.12+ parses it: not an object
    ("[" * 5000 + "]" * 5000, "message: n"),
    ('{"t":"bye","reason":"\\ud800"}', "reason: character 0"),
    (" " * (MAX_MESSAGE_BYTES + 1), "message: longer than 16384 bytes"),
    ('{"t":"bye","reason":"' + "가" * 5500 + '"}', "message: longer than 16384 bytes"),
]


@pytest.mark.parametrize(("text", "words"), REFUSED, ids=[w for _t, w in REFUSED])
def test_each_rule_is_refused_naming_the_field(text, words):
    with pytest.raises(BadMessage) as caught:
        decode(text)
    assert words in str(caught.value)
    assert len(str(caught.value)) <= 300  # fits in a Refuse's reason


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe{}", "message: not UTF-8 (byte 0)"),
        ('{"t":"bye","reason":"é"}'.encode("latin-1"), "message: not UTF-8"),
        (b"x" * (MAX_MESSAGE_BYTES + 1), "message: longer than 16384 bytes"),
        ('{"t":"bye","reason":"ok"}'.encode("utf-16"), "message: not UTF-8"),
    ],
)
def test_bytes_that_are_not_a_small_utf8_message_are_refused(data, words):
    with pytest.raises(BadMessage, match=re.escape(words)):
        decode(data)


def test_a_different_protocol_is_not_a_bad_message():
    """The flow refuses another protocol politely; the message itself is fine."""
    assert decode(_wire(HELLO, protocol=2)).protocol == 2


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: Hello("", "1"), "name:"),
        (lambda: Hello("a", "1", player_id="ab"), "player_id: 'ab' is not 32 lowercase hex"),
        (lambda: Hit(0.0, Lane.RED, False, 1.7), "velocity: 1.7 is not in 0-1"),
        (lambda: Hit(math.nan, Lane.RED, False, 1), "time_s: nan is not a finite number"),
        (lambda: Hits(1.0, -math.inf, (Hit(2.0, Lane.RED, False, 1),)), "after upto_s"),
        (lambda: Answer(PlayerSetup(Part.FULL, Difficulty.EASY)), "setup.part: 'full'"),
        (lambda: Refuse("why-not", ""), "code:"),
        (lambda: Offer("", "", SHA, SETUP, 1, TOKEN, returning=SETUP), "returning.part: p2 is"),
    ],
)
def test_a_message_that_breaks_a_rule_cannot_even_be_made(make, words):
    with pytest.raises(BadMessage, match=re.escape(words)):
        make()


def test_clean_text_makes_any_title_sendable():
    title = clean_text("Song\x00\ttitle\ud800" + "x" * 300, 200)
    offer = Offer(title, "", SHA, SETUP, 2.0, TOKEN)
    assert decode(encode(offer)).title.startswith("Song  title ")
    assert len(offer.title) == 200


# anything at all: only BadMessage ------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)


def _decodes_or_refuses(data) -> None:
    try:
        message = decode(data)
    except BadMessage as e:
        assert "unreadable" not in str(e)  # a rule named it, not decode's last safety net
        return
    assert decode(encode(message)) == message  # whatever is accepted is a well-formed message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_of_any_bytes_raises_only_bad_message(data):
    _decodes_or_refuses(data)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_decode_of_any_text_raises_only_bad_message(text):
    _decodes_or_refuses(text)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_decode_of_any_json_value_raises_only_bad_message(value):
    _decodes_or_refuses(json.dumps(value))


def _paths(value, path=()):
    """Every place in a JSON value: () for the whole, then keys and indexes, depth first."""
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _paths(inner, (*path, i))


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(EVERY_TYPE), st.data())
def test_decode_of_a_real_message_with_anything_changed_anywhere_raises_only_bad_message(
    message, data
):
    """Any field, or any place inside a setup, its params or a hit, replaced by any JSON value."""
    d = json.loads(encode(message))
    path = data.draw(st.sampled_from([p for p in _paths(d) if p]))
    where = d
    for step in path[:-1]:
        where = where[step]
    where[path[-1]] = data.draw(json_values)
    _decodes_or_refuses(json.dumps(d))
