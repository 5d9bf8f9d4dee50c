"""Drum kit note-ons turned into hits: the kit profile's notes and filters, applied in order.

A `KitMapper` is fed every note-on of one kit, in the order they arrived, each with the time it
was stamped (seconds on any clock that only moves forward: `time.perf_counter()` in the MIDI
callback, or seconds into a recorded performance). It keeps what the filters need to remember
(each pad's last hit, the last pedal chick) and answers with a `KitHit`: the pad and the
`InputEvent` for the engine, or why the note-on was dropped. The rules, in order:

1. velocity 0 is a note-off: dropped;
2. a hi-hat pedal note marks a chick; it is not a hit unless a pad also binds it;
3. a note bound to no pad is ignored;
4. softer than the pad's threshold: dropped;
5. a hi-hat strike less than `hihat.suppress_ms` after a chick: dropped;
6. the same pad again sooner than its retrigger mask after its last hit: a double trigger;
7. crosstalk (see `Crosstalk`): a quiet hit on a hand pad right after a loud one on another.

Only hits that pass every rule count as "last hits" for rules 6 and 7.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from game.core.events import InputEvent
from game.input.kit_profile import KitPad, KitProfile

MIDI_VELOCITY_MAX = 127


class Drop(str, Enum):
    """Why a note-on played no hit (the value is the reason in words)."""

    NOTE_OFF = "note-off (velocity 0)"
    HIHAT_PEDAL = "hi-hat pedal"
    UNBOUND = "not bound to a pad"
    TOO_SOFT = "softer than the pad's threshold"
    PEDAL_CHICK = "hi-hat strike right after the pedal chick"
    DOUBLE_TRIGGER = "double trigger (inside the retrigger mask)"
    CROSSTALK = "crosstalk from another pad"


@dataclass(frozen=True, slots=True)
class KitHit:
    """One note-on as the mapper saw it: what came in, the pad it is bound to (None when it is
    bound to none), and either the `event` for the engine or the reason it was dropped."""

    note: int
    velocity: int
    channel: int
    stamp_s: float
    pad: KitPad | None
    event: InputEvent | None = None
    dropped: Drop | None = None


class KitMapper:
    """Turns one kit's note-ons into one player's `InputEvent`s through a `KitProfile`.

    `song_time` turns a stamp (seconds) into song seconds for the event, e.g.
    ``lambda stamp: clock.input_time(stamp, offset_s)``; by default the stamp is the song time.
    Not thread-safe: feed it from the thread that drains the MIDI queue.
    """

    def __init__(
        self,
        profile: KitProfile,
        player: int = 0,
        song_time: Callable[[float], float] | None = None,
    ) -> None:
        self.profile = profile
        self.player = player
        self.song_time = song_time
        self.reset()

    def reset(self) -> None:
        """Forget every earlier hit and chick (a new song, or the kit came back)."""
        self._last_hit: dict[KitPad, tuple[float, int]] = {}
        self._last_chick = -float("inf")

    def hit(self, note: int, velocity: int, channel: int, stamp_s: float) -> KitHit:
        """Judge one note-on (`velocity` MIDI 0-127, `channel` 0-15, `stamp_s` seconds)."""
        profile = self.profile
        pad = profile.pad_for(note, channel)

        def drop(reason: Drop) -> KitHit:
            return KitHit(note, velocity, channel, stamp_s, pad, dropped=reason)

        if velocity <= 0:
            return drop(Drop.NOTE_OFF)
        if profile.is_pedal(note, channel):
            self._last_chick = stamp_s
            if pad is None:
                return drop(Drop.HIHAT_PEDAL)
        if pad is None:
            return drop(Drop.UNBOUND)
        settings = profile.pads[pad]
        if velocity < settings.threshold:
            return drop(Drop.TOO_SOFT)
        if _within(stamp_s - self._last_chick, profile.hihat.suppress_ms) and (
            profile.is_hihat_strike(note, channel)
        ):
            return drop(Drop.PEDAL_CHICK)
        last = self._last_hit.get(pad)
        if last is not None and _within(stamp_s - last[0], settings.retrigger_ms):
            return drop(Drop.DOUBLE_TRIGGER)
        if pad is not KitPad.KICK and self._is_crosstalk(pad, velocity, stamp_s):
            return drop(Drop.CROSSTALK)
        self._last_hit[pad] = (stamp_s, velocity)
        time_s = stamp_s if self.song_time is None else self.song_time(stamp_s)
        event = InputEvent(
            time_s, self.player, pad.lane, pad.cymbal, min(velocity, MIDI_VELOCITY_MAX) / 127.0
        )
        return KitHit(note, velocity, channel, stamp_s, pad, event)

    def note_on(self, note: int, velocity: int, channel: int, stamp_s: float) -> InputEvent | None:
        """The engine's event for one note-on, or None when it is filtered out (see `hit`)."""
        return self.hit(note, velocity, channel, stamp_s).event

    def _is_crosstalk(self, pad: KitPad, velocity: int, stamp_s: float) -> bool:
        """True when a louder hit on another hand pad came just before (see `Crosstalk`)."""
        rule = self.profile.crosstalk
        for other, (time_s, loud) in self._last_hit.items():
            if other is pad or other is KitPad.KICK:
                continue
            if _within(stamp_s - time_s, rule.window_ms) and velocity < rule.ratio * loud:
                return True
        return False


def _within(elapsed_s: float, window_ms: float) -> bool:
    """True when `elapsed_s` (seconds, never negative for an earlier event) is inside the window."""
    return 0.0 <= elapsed_s < window_ms / 1000.0
