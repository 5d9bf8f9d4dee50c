"""A live duet's play on this machine: your hits judged at once on your song clock and sent to
the partner, the partner's hits taken in as they arrive, the duet settled as both have promised.

The play screen runs it like any play; what differs is said here: the song cannot pause (the
partner's goes on), your bot plays its hits when they are due (the partner hears them then), the
partner's highway is drawn from their settled hits a little behind, and at the end the play
waits for the partner's last hits before the results (both machines end with the same duet).
"""

from __future__ import annotations

import bisect
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from game.app.play import LivePlay
from game.core.events import InputEvent, JudgementEvent, SyncEvent
from game.core.online import OnlineDuet
from game.core.session import PlaySession
from game.net.discovery import Advertiser
from game.net.duet_link import DuetLink

log = logging.getLogger(__name__)

PROMISE_MARGIN_S = 0.050
"""How far behind the song clock your promise runs (seconds), besides the largest input offset:
a hit stamped at the pump reaches the duet within a pump or two."""
END_WAIT_S = 15.0
"""How long the end waits for the partner's last hits (seconds); 5 while their link is down."""
END_WAIT_DOWN_S = 5.0
BEHIND_MAX_S = 0.6
"""The most the partner's highway is drawn behind yours (seconds)."""


class OnlineLivePlay(LivePlay):
    """A `LivePlay` of a live duet: `link` carries the hits of its OnlineDuet."""

    can_pause = False

    def __init__(self, link: DuetLink, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.link = link
        self.duet: OnlineDuet = link.duet
        self.session: PlaySession = self.duet.session
        settings = self.options.settings.input
        late = [settings.offset_ms(d) / 1000 for d in self.options.devices]
        self.margin_s = PROMISE_MARGIN_S + max(0.0, self.keyboard_offset_s, *late)
        self._played_next = 0
        self._end_from: float | None = None
        self._behind = 0.0
        self._shown_from = -math.inf
        self.lan: Callable[[], Advertiser] | None = None
        """The host's advertisement on the LAN, made anew while the partner is away (None: the
        duet is not announced)."""
        self._advertised: Advertiser | None = None
        self.lags_s: list[float] = []
        """How far behind your song clock the partner's promise was, once a frame (seconds):
        how long the partner's figures take to settle."""

    # your hits ----------------------------------------------------------------------------------
    def hit(self, event: InputEvent, sounded: bool = False) -> None:
        """Your hit: judged at once, kept for the duet, sent with the next send, sounded. Every
        hit on this machine is yours, whichever seat the keyboard layout or a kit numbers it
        (a guest on the one-player keys is player 2); the partner's come from the link only."""
        if event.player != self.duet.you:
            event = replace(event, player=self.duet.you)
        self.link.played(self.duet.play(event))
        if self.hit_sound is not None and not sounded:
            self.mix.schedule(self.hit_sound(event), None)

    def queue_bot_inputs(self, now_s: float) -> None:
        """The bot's sounds go to the mixer ahead, as ever; its hits are played when due (so
        the partner is sent them as a player's)."""
        sound_only, self.hit_sound = self.hit_sound, None
        try:
            while self._played_next < len(self.bot) and self.bot[self._played_next].time_s <= now_s:
                self.hit(self.bot[self._played_next])
                self._played_next += 1
        finally:
            self.hit_sound = sound_only
        super().queue_bot_inputs(now_s)

    def start_late(self, late_s: float) -> None:
        """The stream starts `late_s` after the agreed instant. Back in a duet under way, the
        bot goes on from the song's second now, and the judgements of your kept hits are
        not shown again (your highway shows them as they were)."""
        super().start_late(late_s)
        song_s = late_s - self.clock.lead_in_s
        times = [e.time_s for e in self.bot]
        self._played_next = self._bot_next = bisect.bisect_right(times, song_s)
        self._shown_from = song_s

    def _bot_ahead(self, event: InputEvent) -> None:
        """Not queued ahead: the bot's hit is played when due (`queue_bot_inputs`)."""

    # time ---------------------------------------------------------------------------------------
    def judge(self, now_s: float) -> list:
        """Send and take in hits, judge your feel up to `now_s` and settle the duet as far as
        both have promised; the events to show."""
        self.link.step(now_s - self.margin_s)
        self._keep_announced()
        feel, settled = self.duet.update(now_s)
        if now_s >= 0.0 and math.isfinite(self.duet.partner_upto):
            self.lags_s.append(now_s - self.duet.partner_upto)
        return self._shown(feel, settled)

    def _shown(self, feel: list, settled: list) -> list:
        events = feel + self.duet.shown(settled)
        events = [e for e in events if not _past(e, self._shown_from)]  # not the kept past
        if events:
            self.mix.set_drums_level(self.stem_mute.on_events(events))
        return events

    def end_events(self, song_s: float) -> list | None:
        """At the song's end: send your last hits, wait for the partner's (up to END_WAIT_S),
        then settle the duet; its last events, or None while waiting."""
        now = time.perf_counter()
        if self._end_from is None:
            self._end_from = now
            self.link.finish(self.end_s)
        self.link.step(math.inf)
        waited = now - self._end_from
        gone = self.link.partner_gone or self.duet.partner_done
        down = not self.link.connected and waited > END_WAIT_DOWN_S
        if not (gone or down or waited > END_WAIT_S):
            return None
        feel, settled = self.duet.update(song_s)
        return self._shown(feel, settled + self.duet.finish())

    @property
    def waiting_for_partner(self) -> bool:
        """True while the end waits for the partner's last hits."""
        return self._end_from is not None and not self.duet.partner_done

    def views(self) -> list:
        """What each highway draws: your feel, the partner's settled part."""
        return self.duet.views()

    def behind_s(self, song_s: float) -> tuple[float, ...]:
        """How far behind song second `song_s` each highway is drawn: the partner's by how far
        their hits have come (smoothed), yours not at all."""
        lag = song_s - self.duet.partner_upto
        if not math.isfinite(lag):
            lag = 0.0 if self.duet.partner_done else BEHIND_MAX_S
        target = min(max(lag, 0.0), BEHIND_MAX_S)
        self._behind += (target - self._behind) * 0.1
        out = [0.0, 0.0]
        out[self.duet.partner] = self._behind
        return tuple(out)

    @property
    def link_notice(self) -> str | None:
        """What the players should know about the partner (English; None: nothing)."""
        return self.link.notice

    def _keep_announced(self) -> None:
        """While a host's partner is away (their link down, not gone for good) the duet is on
        the LAN's list again, so a partner whose game closed finds it there; off the list once
        they are back. Zeroconf starts and stops off the loop (its goodbye takes 0.3 s)."""
        if self.lan is None:
            return
        link = self.link
        away = not link.connected and not link.partner_gone and self._end_from is None
        if away and self._advertised is None:
            self._advertised = self.lan()
            threading.Thread(target=self._advertised.start, name="duet-lan", daemon=True).start()
            log.info("the duet is on the LAN's list again while the partner is away")
        elif not away:
            self._stop_announcing()

    def _stop_announcing(self) -> None:
        advertised, self._advertised = self._advertised, None
        if advertised is not None:
            threading.Thread(target=advertised.close, name="duet-lan-off", daemon=True).start()

    def close(self) -> None:
        """Leave the duet (the song ended or the player left); log how far behind the partner's
        hits came."""
        self._stop_announcing()
        self.link.close()
        if self.lags_s:
            lags = sorted(self.lags_s)
            median, p95 = lags[len(lags) // 2], lags[int(len(lags) * 0.95)]
            log.info(
                "the partner's hits settled %.0f ms behind the song clock (median; p95 %.0f ms)"
                " over %d frames; the link dropped %d times",
                median * 1000,
                p95 * 1000,
                len(lags),
                self.link.drops,
            )


def _past(event: object, from_s: float) -> bool:
    """True for a judgement or Sync before song second `from_s` (a pop-up of the kept past)."""
    return isinstance(event, (JudgementEvent, SyncEvent)) and event.time_s < from_s
