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

from game.base.language import N_
from game.core.events import InputEvent
from game.core.lanes import Lane
from game.input.kit_profile import KitProfile
from game.input.pads import KitPad

MIDI_VELOCITY_MAX = 127
_Keys = tuple[KitPad | None, bool, bool, Lane | None, bool, int, float, float]


class Drop(str, Enum):
    """Why a note-on played no hit (the value is the reason in words, English: look it up with
    `_` to show it)."""

    NOTE_OFF = N_("note-off (velocity 0)")
    HIHAT_PEDAL = N_("hi-hat pedal")
    UNBOUND = N_("not bound to a pad")
    TOO_SOFT = N_("softer than the pad's threshold")
    PEDAL_CHICK = N_("hi-hat strike right after the pedal chick")
    DOUBLE_TRIGGER = N_("double trigger (inside the retrigger mask)")
    CROSSTALK = N_("crosstalk from another pad")


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
        self._keys_of: KitProfile | None = None
        self._key_cache: dict[tuple[int, int], _Keys] = {}
        self._crosstalk_s = 0.0  # the profile's crosstalk window in seconds (with the cache)
        self.reset()

    def reset(self) -> None:
        """Forget every earlier hit and chick (a new song, or the kit came back)."""
        self._last_hit: dict[KitPad, tuple[float, int]] = {}
        self._last_hand_s = -float("inf")  # the latest stamp of a hand pad's hit (or later)
        self._last_chick = -float("inf")

    def hit(self, note: int, velocity: int, channel: int, stamp_s: float) -> KitHit:
        """Judge one note-on (`velocity` MIDI 0-127, `channel` 0-15, `stamp_s` seconds)."""
        result = self.map(note, velocity, channel, stamp_s)
        pad = self._keys(note, channel)[0]
        if isinstance(result, Drop):
            return KitHit(note, velocity, channel, stamp_s, pad, dropped=result)
        return KitHit(note, velocity, channel, stamp_s, pad, result)

    def map(self, note: int, velocity: int, channel: int, stamp_s: float) -> InputEvent | Drop:
        """What one note-on plays: the engine's event, or why it was dropped (see `hit`)."""
        keys = self._key_cache.get((note, channel))
        if keys is None or self._keys_of is not self.profile:
            keys = self._keys(note, channel)
        pad, pedal, strike, lane, cymbal, threshold, retrigger_s, suppress_s = keys
        if velocity <= 0:
            return Drop.NOTE_OFF
        if pedal:
            self._last_chick = stamp_s
            if pad is None:
                return Drop.HIHAT_PEDAL
        if pad is None:
            return Drop.UNBOUND
        if velocity < threshold:
            return Drop.TOO_SOFT
        if strike and 0.0 <= stamp_s - self._last_chick < suppress_s:  # inside the mask
            return Drop.PEDAL_CHICK
        last = self._last_hit.get(pad)
        if last is not None and 0.0 <= stamp_s - last[0] < retrigger_s:  # inside the mask
            return Drop.DOUBLE_TRIGGER
        if pad is not KitPad.KICK:
            # Only a hand pad's hit less than a window ago can make crosstalk.
            if stamp_s - self._last_hand_s < self._crosstalk_s and self._is_crosstalk(
                pad, velocity, stamp_s
            ):
                return Drop.CROSSTALK
            if stamp_s > self._last_hand_s:
                self._last_hand_s = stamp_s
        self._last_hit[pad] = (stamp_s, velocity)
        time_s = stamp_s if self.song_time is None else self.song_time(stamp_s)
        return InputEvent(
            time_s, self.player, lane, cymbal, min(velocity, MIDI_VELOCITY_MAX) / 127.0
        )

    def _keys(self, note: int, channel: int) -> _Keys:
        """The profile's answers for a note on a channel (its pad, pedal, hi-hat strike, the
        pad's lane, cymbal flag, threshold and retrigger mask in seconds, and the chick's
        suppression in seconds), looked up once per note and channel: a kit sends the same few
        notes over and over."""
        if self._keys_of is not self.profile:
            self._keys_of, self._key_cache = self.profile, {}
            self._crosstalk_s = self.profile.crosstalk.window_ms / 1000.0
        found = self._key_cache.get((note, channel))
        if found is None:
            profile = self.profile
            pad = profile.pad_for(note, channel)
            settings = None if pad is None else profile.pads[pad]
            found = (
                pad,
                profile.is_pedal(note, channel),
                profile.is_hihat_strike(note, channel),
                None if pad is None else pad.lane,
                False if pad is None else pad.cymbal,
                0 if settings is None else settings.threshold,
                0.0 if settings is None else settings.retrigger_ms / 1000.0,
                profile.hihat.suppress_ms / 1000.0,
            )
            self._key_cache[(note, channel)] = found
        return found

    def note_on(self, note: int, velocity: int, channel: int, stamp_s: float) -> InputEvent | None:
        """The engine's event for one note-on, or None when it is filtered out (see `hit`)."""
        result = self.map(note, velocity, channel, stamp_s)
        return None if isinstance(result, Drop) else result

    def _is_crosstalk(self, pad: KitPad, velocity: int, stamp_s: float) -> bool:
        """True when a louder hit on another hand pad came just before (see `Crosstalk`)."""
        rule = self.profile.crosstalk
        window_s, ratio, kick = rule.window_ms / 1000.0, rule.ratio, KitPad.KICK
        for other, (time_s, loud) in self._last_hit.items():
            if (
                other is not pad
                and other is not kick
                and 0.0 <= stamp_s - time_s < window_s  # inside the window
                and velocity < ratio * loud
            ):
                return True
        return False
