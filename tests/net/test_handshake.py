"""Agreeing on a live duet and playing it over real loopback links (no mocks): the handshake's
refusals in words, the clock learnt through a slow link, and a partner who breaks the rules."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import pytest

from game import __version__
from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.lanes import Difficulty, Lane, Part
from game.core.online import OnlineDuet
from game.core.replay import PlayerSetup
from game.net.duet_link import DuetLink
from game.net.handshake import Agreement, GuestHandshake, HostHandshake, link_clock
from game.net.link import Host, Link, join
from game.net.messages import PROTOCOL, Hello, Hit, Hits, Offer, Refuse
from tests.core.test_replay import groove_chart
from tools.latency_proxy import LatencyProxy

LOCAL = "127.0.0.1"
SHA = "ab" * 32
TOKEN = "cd" * 16
HOST_SETUP = PlayerSetup(Part.P1, Difficulty.EXPERT, EngineParams())
GUEST_SETUP = PlayerSetup(Part.P2, Difficulty.HARD, EngineParams(pro_cymbals=True))
OFFER = Offer("Groove", "Tests", SHA, HOST_SETUP, 3.0, TOKEN)


def until(condition: Callable[[], object], *steppers, timeout_s: float = 10.0) -> None:
    """Step `steppers` until `condition()` holds; fail after `timeout_s`."""
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"not true after {timeout_s} s")
        for step in steppers:
            step()
        time.sleep(0.002)


def accept(host: Host) -> Link:
    """The partner's link once the host has taken it (after its first message)."""
    taken: list[Link | None] = [None]

    def poll() -> None:
        taken[0] = taken[0] or host.poll_partner()

    until(lambda: taken[0] is not None, poll)
    assert taken[0] is not None
    return taken[0]


def pair() -> tuple[Host, Link, Callable[[], Link]]:
    """A host and a guest's link to it; `host_side()` takes the host's end (once the guest
    has said something)."""
    host = Host(0, LOCAL)
    return host, join(LOCAL, host.port), lambda: accept(host)


def agreed(host_hs: HostHandshake, guest_hs: GuestHandshake) -> None:
    host_hs.loaded = guest_hs.loaded = True
    until(lambda: host_hs.done and guest_hs.done, host_hs.step, guest_hs.step)


def test_host_and_guest_agree_on_the_song_parts_and_one_start_through_a_slow_link():
    host = Host(0, LOCAL)
    with LatencyProxy((LOCAL, host.port), delay_s=0.150, jitter_s=0.040, seed=2) as proxy:
        guest_hs = GuestHandshake(join(LOCAL, proxy.port), "Yuki", lambda offer: GUEST_SETUP)
        host_hs = HostHandshake(accept(host), OFFER, "Hana")
        agreed(host_hs, guest_hs)
    assert host_hs.failed is None and guest_hs.failed is None
    a, b = host_hs.agreement, guest_hs.agreement
    assert isinstance(a, Agreement) and isinstance(b, Agreement)
    assert a.setups == b.setups == (HOST_SETUP, GUEST_SETUP)
    assert (a.you, b.you, a.partner_name, b.partner_name) == (0, 1, "Yuki", "Hana")
    assert a.token == b.token == TOKEN and a.chart_sha256 == SHA
    # one process, one clock: the guest's learnt offset is ~0 within half its best round trip
    assert guest_hs.offset_s is not None
    assert abs(guest_hs.offset_s) <= 0.040 + 1e-3
    assert abs(guest_hs.start_at - host_hs.start_at) <= 0.040 + 1e-3  # type: ignore[operator]
    assert host_hs.start_at > link_clock() - 5  # type: ignore[operator]
    host.close()


@pytest.mark.parametrize(
    ("hello", "words", "code"),
    [
        (Hello("Old", "0.0.9"), "Drum Duet 0.0.9 and this is", "version"),
        (Hello("Future", __version__, protocol=PROTOCOL + 1), "online protocol 2", "version"),
        (Hello("Late", __version__, token=TOKEN), "nothing to rejoin", "started"),
    ],
)
def test_another_version_or_a_rejoin_before_the_start_is_refused_in_words(hello, words, code):
    host, guest, host_side = pair()
    guest.send(hello)
    host_hs = HostHandshake(host_side(), OFFER, "Hana")
    got: list = []
    until(lambda: host_hs.done, host_hs.step)
    until(
        lambda: any(isinstance(m, Refuse) for m in got) or guest.closed,
        lambda: got.extend(guest.poll()),
    )
    got += guest.poll()  # what came before the link closed is still read
    assert words in (host_hs.failed or "")
    refusals = [m for m in got if isinstance(m, Refuse)]
    assert refusals and refusals[0].code == code and words in refusals[0].reason
    host.close()


def test_a_guest_who_wants_the_hosts_part_or_a_missing_difficulty_is_refused():
    host, guest, host_side = pair()
    same = PlayerSetup(Part.P1, Difficulty.EXPERT)
    guest_hs = GuestHandshake(guest, "Yuki", lambda offer: same)
    host_hs = HostHandshake(host_side(), OFFER, "Hana", check=lambda s: None)
    agreed(host_hs, guest_hs)
    assert host_hs.failed is None and host_hs.answer is not None
    assert guest_hs.setup is not None and guest_hs.setup.part is Part.P2  # put on the other part
    host.close()

    host, guest, host_side = pair()
    guest_hs = GuestHandshake(guest, "Yuki", lambda offer: GUEST_SETUP)
    host_hs = HostHandshake(
        host_side(), OFFER, "Hana", check=lambda s: f"no {s.difficulty.value} for {s.part.value}"
    )
    host_hs.loaded = guest_hs.loaded = True
    until(lambda: host_hs.done and guest_hs.done, host_hs.step, guest_hs.step)
    assert host_hs.failed == "no hard for p2"
    assert "no hard for p2" in (guest_hs.failed or "")
    host.close()


def test_a_guest_without_the_chart_declines_and_the_host_hears_why():
    host, guest, host_side = pair()
    guest_hs = GuestHandshake(guest, "Yuki", lambda offer: f"no chart {offer.chart_sha256[:6]}")
    host_hs = HostHandshake(host_side(), OFFER, "Hana")
    until(lambda: host_hs.done and guest_hs.done, host_hs.step, guest_hs.step)
    assert guest_hs.failed == "no chart ababab"
    assert host_hs.failed == (
        "the partner refused: their library does not have this very chart (no chart ababab)"
    )
    host.close()


def test_a_partner_whose_hits_break_their_promise_is_let_go_and_the_duet_settles():
    chart = groove_chart(bars=4)
    setups = (HOST_SETUP, PlayerSetup(Part.P2, Difficulty.EXPERT))
    agreement = Agreement("G", "", SHA, setups, 3.0, TOKEN, 0, "Yuki")
    host, guest, host_side = pair()
    duet = OnlineDuet(chart, setups, 0)
    guest.send(Hits(1.0, -math.inf, (Hit.of(InputEvent(0.5, 1, Lane.KICK)),)))
    guest.send(Hits(0.5, -math.inf, ()))  # the promise goes back: a broken peer
    side = DuetLink(duet, host_side(), agreement, "Hana", host=host)
    until(lambda: side.partner_gone, lambda: side.step(2.0))
    assert duet.partner_done and duet.theirs == 1
    assert "break the rules" in (side.notice or "")
    got: list = []
    until(lambda: guest.closed, lambda: got.extend(guest.poll()))
    got += guest.poll()
    assert any(isinstance(m, Refuse) and m.code == "bad-message" for m in got)
    side.finish(chart.duration_s)
    duet.finish()
    assert duet.session.finished
    side.close()


def test_a_second_guest_hears_in_its_own_words_that_the_host_has_a_partner():
    """The host's door says "busy" and closes at once: the guest reads the refusal that came
    just before the close, and says it in the player's language (not the close's English)."""
    host, first, _host_side = pair()
    first.send(Hello("Yuki", __version__))
    _host_side()  # the first guest is the partner
    busy = "another player is already in this duet"
    second = GuestHandshake(join(LOCAL, host.port), "Mallory", lambda offer: None)
    until(lambda: second.done, second.step)
    assert second.failed is not None and busy in second.failed
    # the race a busy machine loses: a step's poll just before the refusal came, its check of
    # the link just after the close (that step's second half, on its own)
    third = GuestHandshake(join(LOCAL, host.port), "Mallory", lambda offer: None)
    until(lambda: third.link.closed)
    third._waited()
    assert third.failed is not None and busy in third.failed
    host.close()
