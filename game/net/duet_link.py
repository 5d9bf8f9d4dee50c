"""The link while a live duet plays: your hits out, the partner's in, and a rejoin after a drop.

Every `SEND_EVERY_S` the new hits of yours up to your promise go out with the promise itself
("all my hits up to this song second are sent") and what you have of the partner's (`ack_s`).
When the link drops the song goes on on both machines: the guest dials the host again, the host
keeps listening, and a partner who comes back with the duet's token is sent again every hit of
yours after what they had acknowledged (they skip what they have). A guest whose game closed
comes back in a new game by its own id (`comeback`): given back their own hits, they play on
from the song's second now. A partner gone for good, or one whose hits break their promise, is
let go: the rest of their part counts as missed.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable

from game import __version__
from game.base.language import N_
from game.core.events import InputEvent
from game.core.online import OnlineDuet, PartnerFaultError
from game.net.comeback import Comeback, may_come_back
from game.net.handshake import Agreement, link_clock, version_problem
from game.net.link import Host, Link, LinkError
from game.net.messages import MAX_HITS, Bye, Done, Hello, Hit, Hits, Ping, Pong, Refuse

log = logging.getLogger(__name__)

SEND_EVERY_S = 0.010
"""How often hits go out (seconds): about a frame at 100 Hz, well inside the link's rate."""
REDIAL_EVERY_S = 1.0
"""How often a guest whose link dropped dials the host again (seconds)."""
ANSWER_WITHIN_S = 5.0
"""How long a redial waits for the host's answer before it dials again (seconds)."""
MAX_SONG_S = 36000.0
"""The latest song second a message may name."""

Clock = Callable[[], float]


class DuetLink:
    """Your side of a live duet's link while it plays (`duet` is your OnlineDuet).

    The host passes its listening `host` (a dropped partner dials it again); the guest passes
    `redial` (dials the host again: a new Link, or LinkError)."""

    def __init__(
        self,
        duet: OnlineDuet,
        link: Link,
        agreement: Agreement,
        name: str,
        host: Host | None = None,
        redial: Callable[[], Link] | None = None,
        clock: Clock = link_clock,
    ) -> None:
        self.duet = duet
        self.link: Link | None = link
        self.agreement = agreement
        self.name = name
        self.host = host
        self.redial = redial
        self.clock = clock
        self.notice: str | None = None
        """What the players should know about the partner, in English (the screen translates
        the notices it knows), or None."""
        self.partner_gone = False
        """True once the partner left on purpose or broke the rules: no rejoin is waited for."""
        self.drops = 0
        """How many times the link dropped during the song."""
        self._unsent: list[InputEvent] = []
        self._sent_upto = -math.inf
        self._partner_ack = -math.inf
        self._last_send = -math.inf
        self._done_sent = False
        self._waiting: Link | None = None  # a host's new connection, before its hello
        self._comeback: Comeback | None = None  # a partner whose game closed, coming back
        self._dialling: threading.Thread | None = None
        self._dialled: Link | None = None
        self._answering: tuple[Link, float] | None = None  # a redial, until the host's hello
        self._next_dial = 0.0
        if agreement.kept_upto_s is not None:  # back in a duet under way, in a new game
            duet.resume(agreement.kept, agreement.kept_upto_s)
            self._sent_upto = self._partner_ack = agreement.kept_upto_s
            self.notice = N_("You came back into the duet mid-song: your hits from before are kept")

    # your hits ----------------------------------------------------------------------------------
    def played(self, event: InputEvent) -> None:
        """Your hit as the duet kept it (`OnlineDuet.play`): it goes out with the next send."""
        self._unsent.append(event)

    def step(self, promise_s: float) -> None:
        """Take in what the partner sent and send your hits up to song second `promise_s`
        (every hit of yours up to there is in): call once a frame."""
        link = self.link
        if link is not None:  # first: a Bye waits here after its link closed
            for message in link.poll():
                self._on(message)
                if self.link is None:
                    break
        self._keep_up()
        now = self.clock()
        if self.link is not None and now - self._last_send >= SEND_EVERY_S:
            self._send_upto(min(promise_s, MAX_SONG_S))
            self._last_send = now

    def finish(self, end_s: float) -> None:
        """Your song ended at `end_s`: send every hit left and say so (Done)."""
        self.duet.promise(min(end_s, MAX_SONG_S))
        if self.link is not None:
            self._send_upto(min(max(end_s, self._sent_upto), MAX_SONG_S))
            self.link.send(Done(len(self.duet.mine), min(max(end_s, self._sent_upto), MAX_SONG_S)))
        self._done_sent = True

    @property
    def connected(self) -> bool:
        """True while the partner's link is up."""
        return self.link is not None and not self.link.closed

    def close(self, reason: str = "the duet is over") -> None:
        """Leave: say goodbye on the link, stop dialling and (the host) stop listening."""
        if self.link is not None:
            self.link.close(reason)
        if self._answering is not None:
            self._answering[0].close(reason)
        if self._waiting is not None:
            self._waiting.close(reason)
        if self.host is not None:
            self.host.close()
        self.redial = None

    # the link -----------------------------------------------------------------------------------
    def _send_upto(self, upto_s: float) -> None:
        link = self.link
        assert link is not None
        self._unsent.sort(key=lambda e: e.time_s)
        ready = [e for e in self._unsent if e.time_s <= upto_s]
        self._unsent = self._unsent[len(ready) :]
        upto_s = max(upto_s, self._sent_upto)
        self.duet.promise(upto_s)
        ack = min(self.duet.partner_upto, MAX_SONG_S)  # -inf before any of theirs
        hits = [Hit.of(e) for e in ready]
        while len(hits) > MAX_HITS:  # a rejoin's resend: in pieces, never between equal times
            cut = MAX_HITS
            while cut > 1 and hits[cut - 1].time_s == hits[cut].time_s:
                cut -= 1
            link.send(Hits(hits[cut - 1].time_s, ack, tuple(hits[:cut])))
            hits = hits[cut:]
        link.send(Hits(upto_s, ack, tuple(hits)))
        self._sent_upto = upto_s

    def _on(self, message) -> None:
        duet = self.duet
        if isinstance(message, Hits):
            self._partner_ack = max(self._partner_ack, message.ack_s)
            events = [h.event(duet.partner) for h in message.hits]
            try:
                duet.partner_hits(events, message.upto_s)
            except PartnerFaultError as e:
                self._let_go(f"the partner's hits broke the rules ({e})", "bad-message")
        elif isinstance(message, Done):
            duet.partner_finished()
            if duet.theirs != message.count:
                log.warning("the partner sent %d hits, %d arrived", message.count, duet.theirs)
        elif isinstance(message, Bye):
            if not duet.partner_done:
                self.notice = N_("Your partner left the duet: their part goes on as missed")
            self._let_go(None, None)
        elif isinstance(message, Ping):
            self.link.send(Pong(message.n, message.t0, self.clock()))  # type: ignore[union-attr]

    def _let_go(self, why: str | None, code: str | None) -> None:
        """The partner is gone for good: no more of their hits will come."""
        link = self.link
        if why is not None:
            log.warning("%s", why)
            self.notice = N_("Your partner's game sent hits that break the rules: they were let go")
            if link is not None and code is not None:
                link.send(Refuse(code, why[:300]))
        if link is not None:
            link.close(why or "the partner left")
        self.link = None
        self.partner_gone = True
        self.redial = None
        if not self.duet.partner_done:
            self.duet.partner_finished()

    def _keep_up(self) -> None:
        """Notice a dropped link, and take the partner back when they return."""
        if self.partner_gone or (self.duet.partner_done and self._done_sent):
            return
        link = self.link
        if link is not None and link.closed:
            self.link = None
            self.drops += 1
            self.notice = N_(
                "Your partner's connection dropped: the song goes on while it comes back"
            )
            log.warning("the partner's link dropped: %s", link.reason)
        if self.link is not None:
            return
        if self.host is not None:
            self._take_back_at_host()
        elif self.redial is not None:
            self._dial_again()

    def _take_back_at_host(self) -> None:
        assert self.host is not None
        fresh = self.host.poll_partner()
        if fresh is not None:
            if self._waiting is not None:
                self._waiting.close("another connection came")
            self._waiting, self._comeback = fresh, None
        waiting = self._waiting
        if waiting is None:
            return
        if self._comeback is not None:
            self._step_comeback()
            return
        messages = waiting.poll()
        for i, message in enumerate(messages):
            if self.link is waiting:  # rejoined: the rest is play
                self._on(message)
                continue
            ours = isinstance(message, Hello) and version_problem(message) is None
            if ours and message.token == self.agreement.token:
                waiting.send(Hello(self.name, __version__, token=self.agreement.token))
                self._rejoined(waiting)
                continue
            if ours and self._may_come_back(message):
                waiting.unpoll(messages[i + 1 :])
                self._comeback = Comeback(waiting, self.duet, self.agreement, self.name)
                self._step_comeback()
                return
            waiting.send(Refuse("started", "a duet is being played here; wait for the next"))
            waiting.close("not this duet's partner")
            self._waiting = None
            return
        if waiting.closed:
            self._waiting = None

    def _may_come_back(self, hello: Hello) -> bool:
        """True when `hello` is the partner's new game, and there is a song left to come back
        to (the host keeps the start; the partner had not finished)."""
        if self.agreement.start_at_s is None or self.duet.partner_done or self._done_sent:
            return False
        return may_come_back(hello, self.agreement)

    def _step_comeback(self) -> None:
        comeback, waiting = self._comeback, self._waiting
        assert comeback is not None and waiting is not None
        comeback.step()
        if comeback.back:
            self._comeback = None
            self._partner_ack = -math.inf  # a new game: it has none of yours
            self._rejoined(waiting)
        elif comeback.failed is not None:
            log.warning("the partner's game did not come back: %s", comeback.failed)
            self._comeback, self._waiting = None, None

    def _dial_again(self) -> None:
        dialled, self._dialled = self._dialled, None
        if dialled is not None:
            dialled.send(Hello(self.name, __version__, token=self.agreement.token))
            self._answering = (dialled, self.clock() + ANSWER_WITHIN_S)
        if self._answering is not None:
            self._hear_host()
            return
        busy = self._dialling is not None and self._dialling.is_alive()
        now = self.clock()
        if busy or now < self._next_dial or self.redial is None:
            return
        self._next_dial = now + REDIAL_EVERY_S
        redial = self.redial

        def dial() -> None:
            try:
                self._dialled = redial()
            except (LinkError, OSError) as e:
                log.info("dialling the host again: %s", e)

        self._dialling = threading.Thread(target=dial, name="duet-redial", daemon=True)
        self._dialling.start()

    def _hear_host(self) -> None:
        """A redial is back only when the host answers with the duet's token. A host that
        has no such duet any more (its game closed, and it hosts anew) says "started": the
        partner is gone. Any other answer, or none in time: dial again later."""
        assert self._answering is not None
        link, until = self._answering
        messages = link.poll()
        for i, message in enumerate(messages):
            if isinstance(message, Hello) and message.token == self.agreement.token:
                self._answering = None
                link.unpoll(messages[i + 1 :])
                self._rejoined(link)
                return
            if isinstance(message, Refuse) and message.code == "started":
                self._answering = None
                link.close("the host has no such duet")
                log.warning("the host has no such duet any more: %s", message.reason)
                self._let_go(None, None)
                self.notice = N_("Your partner's game closed: their part goes on as missed")
                return
            break  # busy (the host has not seen the drop yet), or anything else: later
        else:
            if not link.closed and self.clock() < until:
                return  # no word yet
        self._answering = None
        link.close("no rejoin")

    def _rejoined(self, link: Link) -> None:
        """The partner is back on `link`: send again every hit of yours they may lack."""
        self.link, self._waiting = link, None
        self.notice = N_("Your partner is back")
        log.warning("the partner rejoined")
        again = [e for e in self.duet.mine if e.time_s > self._partner_ack]
        held = {id(e) for e in self._unsent}
        self._unsent += [e for e in again if id(e) not in held]
        if self._done_sent:
            self.finish(self._sent_upto)
        elif math.isfinite(self._sent_upto):  # else nothing was promised yet: the next step
            self._send_upto(self._sent_upto)


def refuse_newcomers(host: Host, why: str = "a duet is being played here") -> None:
    """Turn away anyone who connects to `host` while no partner is wanted."""
    link = host.poll_partner()
    if link is not None:
        link.send(Refuse("busy", why))
        link.close(why)
