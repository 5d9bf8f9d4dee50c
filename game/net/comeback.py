"""A partner whose game closed mid-song comes back into the duet: the host's side.

While the partner's link is down the host keeps listening (`DuetLink`). A dropped link dials
again with the duet's token and simply goes on. A game that closed has lost the token and its
song, but not its own id (`game.store.online_id`, kept on disk): a new game on the partner's
machine says hello with no token, that id and the same version, and is offered the song again
with the partner's seat as it was (`Offer.returning`: nothing to choose). It learns the host's
clock with pings and says it is ready; the host then gives back the partner's own hits as it
has them (`Kept`, in pieces, up to the partner's promise) and the instant the lead-in started
(`Start`, now in the past). The new game seeks its audio to the song's second now and plays on;
the host sends again every hit of its own. The duet both end with is still the one `simulate`
plays of the merged hits: the partner's hits that were on the wire when their game closed, and
those played while it was closed, are not in it.
"""

from __future__ import annotations

import logging
import math

from game import __version__
from game.base.language import N_, _
from game.core.online import OnlineDuet
from game.net.handshake import (
    READY_TIMEOUT_S,
    Agreement,
    Clock,
    HandshakeStep,
    link_clock,
    refusal_words,
)
from game.net.link import Link
from game.net.messages import (
    MAX_HITS,
    MIN_SONG_S,
    Answer,
    Hello,
    Hit,
    Kept,
    Offer,
    Ping,
    Pong,
    Ready,
    Refuse,
    Start,
)

log = logging.getLogger(__name__)


def may_come_back(hello: Hello, agreement: Agreement) -> bool:
    """True when `hello` (no token) is the duet's partner's game coming back: its own id."""
    theirs = agreement.partner_id
    return hello.token is None and theirs is not None and hello.player_id == theirs


def kept_pieces(hits: list[Hit], upto_s: float) -> list[Kept]:
    """`hits` (in song-time order, none after `upto_s`) as Kept messages of at most MAX_HITS,
    the last saying `upto_s` (song seconds; before any promise, the earliest a message names)."""
    upto_s = max(upto_s, MIN_SONG_S)
    pieces = [hits[i : i + MAX_HITS] for i in range(0, len(hits), MAX_HITS)] or [[]]
    out = [Kept(piece[-1].time_s, tuple(piece)) for piece in pieces[:-1]]
    return [*out, Kept(upto_s, tuple(pieces[-1]))]


class Comeback(HandshakeStep):
    """The host taking back, on `link`, the partner of `duet` (as `agreement` says) whose game
    closed: step it once a frame until `back` (then the link is the play's) or `failed`."""

    LATE = N_("the partner did not come back in time")

    def __init__(
        self, link: Link, duet: OnlineDuet, agreement: Agreement, name: str,
        clock: Clock = link_clock,
    ) -> None:  # fmt: skip
        assert agreement.start_at_s is not None, "the host keeps when the lead-in started"
        super().__init__(link, name, clock)
        self.agreement = agreement
        self.duet = duet
        self.seat = agreement.setups[duet.partner]
        self._answered = False
        link.send(Hello(name, __version__, token=agreement.token))
        link.send(
            Offer(
                agreement.title,
                agreement.artist,
                agreement.chart_sha256,
                agreement.setups[duet.you],
                agreement.lead_in_s,
                agreement.token,
                returning=self.seat,
            )
        )
        log.warning("the partner's game came back: offering their seat again")

    @property
    def back(self) -> bool:
        """True once the partner has their hits and the start: the play goes on on `link`."""
        return self.start_at is not None

    def step(self) -> None:
        """Answer what the partner sent (what follows the start is left to the play); never
        blocks."""
        if not self._took_all():
            self._waited()

    def _patience(self) -> float:
        return READY_TIMEOUT_S  # the partner's game reads and loads the song meanwhile

    def _on(self, message: object) -> None:
        if isinstance(message, Ping):
            self.link.send(Pong(message.n, message.t0, self.clock()))
        elif isinstance(message, Answer) and not self._answered:
            if message.setup != self.seat:
                self._fail(_("the partner did not take their seat as it was"), "parts")
            self._answered = True
        elif isinstance(message, Ready) and self._answered:
            self._give_back()
        elif isinstance(message, Refuse):
            self.failed = _("the partner refused: {reason}").format(reason=refusal_words(message))
            self.link.close(self.failed)
        else:
            self._fail(_("the partner's game broke the rules of coming back"), "bad-message")

    def _give_back(self) -> None:
        """Their hits as kept here, then the start (in the past): they are back."""
        duet = self.duet
        hits = [Hit.of(e) for e in duet.partner_kept()]
        upto = duet.partner_upto if math.isfinite(duet.partner_upto) else MIN_SONG_S
        for piece in kept_pieces(hits, upto):
            self.link.send(piece)
        start_at = self.agreement.start_at_s
        assert start_at is not None
        self.link.send(Start(start_at))
        self.start_at = start_at
        log.warning("the partner is back with %d of their hits kept (to %.2f s)", len(hits), upto)
