"""Agreeing on a live duet, from the partner's connection to the instant the song starts.

The host offers the song (its chart's sha256), its own part, difficulty and rules, and a lead-in;
the guest answers with theirs (the other part) or refuses (no such chart here). The guest then
pings the host a few times to learn the host's clock (`clock_offset`), says it is ready, and the
host names the instant the lead-in starts, on its own clock, far enough ahead for the message
to arrive. Each side then starts its own song clock at that instant on its own clock.

Both handshakes are stepped by the caller (the game's loop, or the headless command's) and never
block. A different protocol or game version, or another chart, is refused before the start, in
words that say which.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from game import __version__
from game.base.language import N_, _
from game.core.events import InputEvent
from game.core.lanes import Part
from game.core.online import clock_offset
from game.core.partner import other_part
from game.core.replay import PlayerSetup
from game.net.link import Link, reason_words
from game.net.messages import (
    PROTOCOL,
    Answer,
    Hello,
    Kept,
    Offer,
    Ping,
    Pong,
    Ready,
    Refuse,
    Start,
)

log = logging.getLogger(__name__)

PINGS = 8
"""Round trips the guest times to learn the host's clock."""
PING_EVERY_S = 0.05
"""How often the guest pings while learning the clock (seconds)."""
START_AHEAD_S = 1.5
"""How far ahead of now the host puts the start, at least (seconds); more on a slow link."""
HANDSHAKE_TIMEOUT_S = 20.0
"""How long a step of the handshake may wait for the partner (seconds; the guest choosing a
difficulty on screen is not timed)."""
READY_TIMEOUT_S = 180.0
"""How long the host waits for the guest to load the song and learn the clock (seconds): a long
song's first render on a slow machine takes a while."""

Clock = Callable[[], float]
_ORIGIN = time.perf_counter()


def link_clock() -> float:
    """The clock pings and the start are told in: seconds since this game started (from
    `time.perf_counter()`), small enough for any message."""
    return time.perf_counter() - _ORIGIN


def perf_instant(link_s: float) -> float:
    """The `time.perf_counter()` instant of `link_clock` second `link_s`."""
    return link_s + _ORIGIN


@dataclass(frozen=True)
class Agreement:
    """What both machines agreed to play: the song, both players' setups (player 0 is the
    host), the lead-in (seconds), the duet's token (a rejoin shows it), and who you are.

    `start_at_s` is when the lead-in starts on the host's clock and `partner_id` the guest's
    game's own id (the host keeps both for a partner whose game closes and comes back); a guest
    coming back into a duet under way has its own hits as the host `kept` them, every one up to
    `kept_upto_s` (None: a new duet)."""

    title: str
    artist: str
    chart_sha256: str
    setups: tuple[PlayerSetup, PlayerSetup]
    lead_in_s: float
    token: str
    you: int
    partner_name: str
    start_at_s: float | None = None
    kept: tuple[InputEvent, ...] = ()
    kept_upto_s: float | None = None
    partner_id: str | None = None


def version_problem(hello: Hello) -> str | None:
    """Why a peer saying `hello` cannot play with us (another protocol or game version), or
    None."""
    if hello.protocol != PROTOCOL:
        return _(
            "the partner's game speaks the online protocol {theirs}, this one {ours}: both "
            "need the same Drum Duet (theirs is {their_version}, this is {our_version})"
        ).format(
            theirs=hello.protocol,
            ours=PROTOCOL,
            their_version=hello.version,
            our_version=__version__,
        )
    if hello.version != __version__:
        return _(
            "the partner plays Drum Duet {theirs} and this is {ours}: both need the same "
            "version, so that both judge alike"
        ).format(theirs=hello.version, ours=__version__)
    return None


REFUSALS = {
    "version": N_("the two games are not the same version"),
    "chart": N_("their library does not have this very chart"),
    "busy": N_("another player is already in this duet"),
    "parts": N_("the parts or the difficulty cannot be played"),
    "bad-message": N_("a message broke the rules"),
    "flooding": N_("too many messages"),
    "cancelled": N_("nobody answered in time"),
    "started": N_("the duet has started without you"),
}
"""A refusal's reason said here, in the player's language, by its code (the partner's own words,
in their language, follow in brackets)."""


def refusal_words(refusal: Refuse) -> str:
    """Why the partner refused, in the player's language, with the partner's words after."""
    ours = _(REFUSALS[refusal.code]) if refusal.code in REFUSALS else ""
    theirs = refusal.reason.strip()
    if ours and theirs:
        return f"{ours} ({theirs})"
    return ours or theirs


class HandshakeStep:
    """What the handshakes share (the host's, the guest's, a partner's comeback): the link,
    the clock, the outcome; the partner's messages taken in order until it is over."""

    LATE = N_("the partner did not answer in time")
    """Why it failed when the partner kept it waiting too long (see `_patience`)."""

    def __init__(self, link: Link, name: str, clock: Clock) -> None:
        self.link = link
        self.name = name
        self.clock = clock
        self.agreement: Agreement | None = None
        self.start_at: float | None = None
        """When the song's lead-in starts, on our clock (seconds), once agreed."""
        self.failed: str | None = None
        """Why the duet will not happen (a refusal, the partner gone, a timeout), in words."""
        self._since = clock()

    @property
    def done(self) -> bool:
        """True when the start is agreed or the duet failed."""
        return self.start_at is not None or self.failed is not None

    def _fail(self, why: str, code: str | None = None) -> None:
        if self.failed is None:
            self.failed = why
            if code is not None:
                self.link.send(Refuse(code, why[:300]))
            self.link.close(why)

    def _waited(self) -> None:
        """Fail when the partner has kept us waiting too long, or the link closed (with the
        partner's refusal, in the player's words, when it came just before the close)."""
        if self.link.closed and not self.done:
            for message in self.link.poll():
                self._on(message)
                if self.done:
                    return
            self.failed = reason_words(self.link.reason)
        elif self.clock() - self._since > self._patience() and not self.done:
            self._fail(_(self.LATE), "cancelled")

    def _patience(self) -> float:
        """How long the step under way may wait for the partner (seconds)."""
        return HANDSHAKE_TIMEOUT_S

    def _took_all(self) -> bool:
        """Handle what the partner sent; True when the handshake is over (agreed or failed)."""
        if self.done:
            return True
        messages = self.link.poll()
        for i, message in enumerate(messages):
            self._on(message)
            if self.done:
                self.link.unpoll(messages[i + 1 :])  # the play's: hits sent right after Start
                return True
        return False

    def _on(self, message: object) -> None:
        raise NotImplementedError

    def _moved(self) -> None:
        self._since = self.clock()


class HostHandshake(HandshakeStep):
    """The host's side: `offer` the song and the host's setup to the partner on `link`.

    `check(setup)` says why the guest's answer cannot be played here (None: it can), e.g. a
    difficulty the chart lacks."""

    def __init__(
        self,
        link: Link,
        offer: Offer,
        name: str,
        check: Callable[[PlayerSetup], str | None] | None = None,
        clock: Clock = link_clock,
    ) -> None:
        super().__init__(link, name, clock)
        self.offer = offer
        self.check = check
        self.partner_name: str | None = None
        self.partner_id: str | None = None
        self.answer: PlayerSetup | None = None
        self.rtt_s: float | None = None
        self.loaded = False
        """Set when the host's song is ready: the start is named only then."""
        self._ready = False

    def step(self) -> None:
        """Handle what the partner sent; name the start once both are ready; never blocks."""
        if self._took_all():
            return
        if self._ready and self.loaded:
            self._name_start()
        elif self.answer is not None and not self.loaded:
            self._moved()  # loading the song is not the partner's delay
        self._waited()

    def _on(self, message) -> None:
        if isinstance(message, Ping):
            self.link.send(Pong(message.n, message.t0, self.clock()))
        elif isinstance(message, Refuse):
            self.failed = _("the partner refused: {reason}").format(reason=refusal_words(message))
            self.link.close(self.failed)
        elif self.partner_name is None:
            if not isinstance(message, Hello):
                return self._fail(_("the partner did not say hello first"), "bad-message")
            problem = version_problem(message)
            if problem is not None:
                return self._fail(problem, "version")
            if message.token is not None:
                why = _("this duet has not started: there is nothing to rejoin")
                return self._fail(why, "started")
            self.partner_name, self.partner_id = message.name, message.player_id
            self.link.send(Hello(self.name, __version__))
            self.link.send(self.offer)
            self._moved()
        elif self.answer is None:
            if not isinstance(message, Answer):
                return self._fail(_("the partner did not answer the offer"), "bad-message")
            want = other_part(self.offer.host.part)
            if message.setup.part is not want:
                return self._fail(
                    _(
                        "the partner chose {theirs}, the part the host plays: they must "
                        "play {wanted}"
                    ).format(theirs=message.setup.part.value.upper(), wanted=want.value.upper()),
                    "parts",
                )
            problem = self.check(message.setup) if self.check is not None else None
            if problem is not None:
                return self._fail(problem, "parts")
            self.answer = message.setup
            self._moved()
        elif isinstance(message, Ready):
            self.rtt_s = message.rtt_s
            self._ready = True

    def _patience(self) -> float:
        return READY_TIMEOUT_S if self.answer is not None else HANDSHAKE_TIMEOUT_S

    def _name_start(self) -> None:
        """Both are ready: the lead-in starts a little ahead, on our clock."""
        assert self.answer is not None and self.partner_name is not None
        self.start_at = self.clock() + max(START_AHEAD_S, 4 * (self.rtt_s or 0.0))
        self.link.send(Start(self.start_at))
        self.agreement = Agreement(
            self.offer.title,
            self.offer.artist,
            self.offer.chart_sha256,
            _in_seat_order(self.offer.host, self.answer),
            self.offer.lead_in_s,
            self.offer.token,
            0,
            self.partner_name,
            self.start_at,
            partner_id=self.partner_id,
        )


class GuestHandshake(HandshakeStep):
    """The guest's side: say hello on `link` (with this game's `player_id`, by which it comes
    back if it closes mid-song), then `choose(offer)` answers the host's offer with the guest's
    setup, or with why it cannot be played here (a str: no such chart, say); None while the
    player is still choosing on screen (call `answer` later)."""

    def __init__(
        self,
        link: Link,
        name: str,
        choose: Callable[[Offer], PlayerSetup | str | None],
        clock: Clock = link_clock,
        player_id: str | None = None,
    ) -> None:
        super().__init__(link, name, clock)
        self.choose = choose
        self.offer: Offer | None = None
        self.host_name: str | None = None
        self.setup: PlayerSetup | None = None
        self._pings: dict[int, float] = {}
        self._samples: list[tuple[float, float, float]] = []
        self._next_ping = 0.0
        self._sent = 0
        self.loaded = False
        """Set when the guest's song is ready: the clock is learnt only then (just before the
        start, when the link is as it will be)."""
        self.offset_s: float | None = None
        self.kept: list[InputEvent] = []
        """Coming back into a duet under way: your hits as the host kept them, so far."""
        self.kept_upto_s: float | None = None
        link.send(Hello(name, __version__, player_id=player_id))

    @property
    def choosing(self) -> bool:
        """True while the offer waits for the player's answer."""
        return self.offer is not None and self.setup is None and not self.done

    def answer(self, setup: PlayerSetup | str) -> None:
        """The player's answer to the offer: their setup, or why they decline. Coming back into
        a duet under way, the seat kept for you is taken as it was."""
        if self.done or self.offer is None or self.setup is not None:
            return
        if isinstance(setup, str):
            self._fail(setup, "chart")
            return
        if self.offer.returning is not None:
            setup = self.offer.returning
        want = other_part(self.offer.host.part)
        if setup.part is not want:
            setup = PlayerSetup(want, setup.difficulty, setup.params)
        self.setup = setup
        self.link.send(Answer(setup))
        self._moved()

    def step(self) -> None:
        """Handle what the host sent and ping it; never blocks."""
        if self._took_all():
            return
        if self.setup is not None and self.offset_s is None:
            if self.loaded:
                self._ping()
            else:
                self._moved()  # loading the song is not the host's delay
        if not self.choosing:
            self._waited()

    def _on(self, message) -> None:
        if isinstance(message, Refuse):
            self.failed = _("the host refused: {reason}").format(reason=refusal_words(message))
            self.link.close(self.failed)
        elif isinstance(message, Hello):
            problem = version_problem(message)
            if problem is not None:
                return self._fail(problem, "version")
            self.host_name = message.name
        elif isinstance(message, Offer) and self.offer is None:
            if self.host_name is None:
                return self._fail(_("the host did not say hello first"), "bad-message")
            self.offer = message
            self._moved()
            choice = self.choose(message)
            if choice is None and message.returning is not None:
                choice = message.returning  # your seat as it was: nothing to choose
            if choice is not None:
                self.answer(choice)
        elif isinstance(message, Pong):
            sent = self._pings.pop(message.n, None)
            if sent is not None and sent == message.t0:
                self._samples.append((message.t0, message.t1, self.clock()))
        elif isinstance(message, Kept) and self._coming_back:
            self._keep(message)
        elif isinstance(message, Start) and self.offset_s is not None:
            back = self._coming_back
            if back and self.kept_upto_s is None:
                return self._fail(_("the host did not give back your hits"), "bad-message")
            self.start_at = message.at_s - self.offset_s
            assert self.offer is not None and self.setup is not None
            self.agreement = Agreement(
                self.offer.title,
                self.offer.artist,
                self.offer.chart_sha256,
                _in_seat_order(self.offer.host, self.setup),
                self.offer.lead_in_s,
                self.offer.token,
                1,
                self.host_name or "",
                message.at_s,
                tuple(self.kept),
                self.kept_upto_s,
            )
            if back:
                log.info(
                    "back in the duet at song second %.1f with %d hits of ours kept",
                    link_clock() - self.start_at - self.offer.lead_in_s,
                    len(self.kept),
                )

    @property
    def _coming_back(self) -> bool:
        """True while coming back into a duet under way, its clock learnt."""
        offer = self.offer
        return offer is not None and offer.returning is not None and self.offset_s is not None

    def _keep(self, message: Kept) -> None:
        """A piece of your hits the host kept: in order after the pieces before."""
        last = self.kept[-1].time_s if self.kept else -math.inf
        upto = -math.inf if self.kept_upto_s is None else self.kept_upto_s
        if message.upto_s < upto or (message.hits and message.hits[0].time_s < last):
            self._fail(_("the host gave back your hits out of order"), "bad-message")
            return
        self.kept += [hit.event(1) for hit in message.hits]
        self.kept_upto_s = message.upto_s

    def _ping(self) -> None:
        now = self.clock()
        if len(self._samples) >= PINGS:
            found = clock_offset(self._samples)
            self.offset_s = found.offset_s
            ms = found.rtt_s * 1e3
            log.info("host clock %+.4f s, best round trip %.1f ms", found.offset_s, ms)
            self.link.send(Ready(found.offset_s, found.rtt_s))
            self._moved()
        elif self._sent < PINGS and now >= self._next_ping:
            n, self._sent = self._sent, self._sent + 1
            self._pings[n] = now
            self.link.send(Ping(n, now))
            self._next_ping = now + PING_EVERY_S


def _in_seat_order(host: PlayerSetup, guest: PlayerSetup) -> tuple[PlayerSetup, PlayerSetup]:
    """The two setups with the host's first (player 0)."""
    if {host.part, guest.part} != {Part.P1, Part.P2}:
        raise ValueError("a live duet is played on P1 and P2, one part each")
    return host, guest
