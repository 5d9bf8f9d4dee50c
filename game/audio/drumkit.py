"""The synthesized drum kit: kick, snare (rim shot, ghosts), hi-hat closed/open/pedal, three toms,
crash and ride, so every lane and cymbal/tom flag of a chart note has its sound.

Each piece is rendered at a few velocity layers (velocity shapes brightness as well as level) and a
few round-robin variants, lazily, and kept. `kit_sound(lane, cymbal, velocity)` gives the game a
short float32 stereo array (n, 2) to play on a hit. Pieces sit in the stereo field as the drummer
hears them (hi-hat left, floor tom right).
"""

from __future__ import annotations

import math
from enum import Enum

import numpy as np
from numpy.typing import NDArray

from game.audio import kitvoices
from game.audio.dsp import F32, SAMPLE_RATE, pan_gains, resample
from game.core.lanes import Lane

VELOCITY_LAYERS = (0.22, 0.38, 0.55, 0.72, 0.87, 1.0)
"""The velocities each piece is rendered at; a hit uses the nearest layer, level-scaled."""
VARIANTS = 3
"""Round-robin variants per layer (different noise seeds)."""
RIM_SHOT_VELOCITY = 0.93
"""A snare hit at least this hard is a rim shot."""
KIT_RANGE_DB = 30.0
"""Level difference between velocity 1.0 and 0.1 (a ghost at 0.3 sounds about 16 dB down)."""


class KitPiece(str, Enum):
    """A sound of the kit. The values name them in files; do not change them."""

    KICK = "kick"
    SNARE = "snare"
    RIM_SHOT = "rim_shot"
    HIHAT_CLOSED = "hihat_closed"
    HIHAT_OPEN = "hihat_open"
    HIHAT_PEDAL = "hihat_pedal"
    TOM_HIGH = "tom_high"
    TOM_MID = "tom_mid"
    TOM_FLOOR = "tom_floor"
    CRASH = "crash"
    RIDE = "ride"


_PAN = {
    KitPiece.KICK: 0.0,
    KitPiece.SNARE: 0.05,
    KitPiece.RIM_SHOT: 0.05,
    KitPiece.HIHAT_CLOSED: -0.4,
    KitPiece.HIHAT_OPEN: -0.4,
    KitPiece.HIHAT_PEDAL: -0.4,
    KitPiece.TOM_HIGH: -0.2,
    KitPiece.TOM_MID: 0.12,
    KitPiece.TOM_FLOOR: 0.4,
    KitPiece.CRASH: -0.5,
    KitPiece.RIDE: 0.5,
}

_LEVEL = {
    KitPiece.KICK: 0.95,
    KitPiece.SNARE: 0.75,
    KitPiece.RIM_SHOT: 1.0,
    KitPiece.HIHAT_CLOSED: 0.6,
    KitPiece.HIHAT_OPEN: 0.45,
    KitPiece.HIHAT_PEDAL: 0.55,
    KitPiece.TOM_HIGH: 0.7,
    KitPiece.TOM_MID: 0.72,
    KitPiece.TOM_FLOOR: 0.75,
    KitPiece.CRASH: 0.45,
    KitPiece.RIDE: 0.62,
}

_RENDER = {
    KitPiece.KICK: kitvoices.kick,
    KitPiece.SNARE: kitvoices.snare,
    KitPiece.RIM_SHOT: kitvoices.rim_shot,
    KitPiece.HIHAT_CLOSED: kitvoices.hihat_closed,
    KitPiece.HIHAT_OPEN: kitvoices.hihat_open,
    KitPiece.HIHAT_PEDAL: kitvoices.hihat_pedal,
    KitPiece.TOM_HIGH: lambda v, k: kitvoices.tom(v, k, 240.0, 0.55),
    KitPiece.TOM_MID: lambda v, k: kitvoices.tom(v, k, 180.0, 0.65),
    KitPiece.TOM_FLOOR: lambda v, k: kitvoices.tom(v, k, 110.0, 0.85),
    KitPiece.CRASH: kitvoices.crash,
    KitPiece.RIDE: kitvoices.ride,
}

_CYMBALS = {
    Lane.YELLOW: KitPiece.HIHAT_CLOSED,
    Lane.BLUE: KitPiece.RIDE,
    Lane.GREEN: KitPiece.CRASH,
}
_TOMS = {
    Lane.YELLOW: KitPiece.TOM_HIGH,
    Lane.BLUE: KitPiece.TOM_MID,
    Lane.GREEN: KitPiece.TOM_FLOOR,
}


def piece_for(lane: int, cymbal: bool, velocity: float = 0.75) -> KitPiece:
    """The kit piece a note of `lane` plays: kick; snare (a rim shot when hit at least
    `RIM_SHOT_VELOCITY`); yellow hi-hat / high tom; blue ride / mid tom; green crash / floor tom."""
    lane = Lane(int(lane))
    if lane is Lane.KICK:
        return KitPiece.KICK
    if lane is Lane.RED:
        return KitPiece.RIM_SHOT if velocity >= RIM_SHOT_VELOCITY else KitPiece.SNARE
    return (_CYMBALS if cymbal else _TOMS)[lane]


def kit_gain(velocity: float) -> float:
    """Linear level of a hit at `velocity` (0..1) relative to a full-strength hit."""
    v = min(max(velocity, 0.05), 1.0)
    return 10.0 ** (KIT_RANGE_DB * math.log10(v) / 20.0)


def layer_index(velocity: float) -> int:
    """The velocity layer nearest `velocity`."""
    return int(np.argmin([abs(layer - velocity) for layer in VELOCITY_LAYERS]))


class KitSounds:
    """The kit's sounds, rendered on first use and kept: read-only (n, 2) float32 arrays per
    (piece, velocity layer, variant), at their level and stereo place for velocity = the layer's,
    at `rate` Hz (rendered at `SAMPLE_RATE` and resampled once when that differs).
    """

    def __init__(self, rate: int = SAMPLE_RATE) -> None:
        self.rate = rate
        self._sounds: dict[tuple[KitPiece, int, int], NDArray[np.float32]] = {}

    def sound(self, piece: KitPiece, layer: int, variant: int = 0) -> NDArray[np.float32]:
        """The (n, 2) sound of `piece` at velocity layer `layer`, round-robin `variant`."""
        key = (KitPiece(piece), int(layer), int(variant) % VARIANTS)
        sound = self._sounds.get(key)
        if sound is None:
            velocity = VELOCITY_LAYERS[key[1]]
            stereo = _RENDER[key[0]](velocity, key[2])
            gl, gr = pan_gains(_PAN[key[0]])
            scale = _LEVEL[key[0]] * kit_gain(velocity)
            sound = np.ascontiguousarray((stereo * np.array([[gl], [gr]]) * scale).T, dtype=F32)
            sound = resample(sound, SAMPLE_RATE, self.rate)
            sound.flags.writeable = False
            self._sounds[key] = sound
        return sound

    def warm(self) -> None:
        """Render every piece at every velocity layer now (about 0.7 s, once per process), so
        that no live hit waits for its sound to be made."""
        for piece in KitPiece:
            for layer in range(len(VELOCITY_LAYERS)):
                self.sound(piece, layer)

    def hit(self, piece: KitPiece, velocity: float, variant: int = 0) -> tuple[NDArray, float]:
        """The (n, 2) sound for a hit of `piece` at `velocity`, and the gain to play it at."""
        layer = layer_index(velocity)
        gain = kit_gain(velocity) / kit_gain(VELOCITY_LAYERS[layer])
        return self.sound(piece, layer, variant), gain


_KITS: dict[int, KitSounds] = {}


def shared_kit(rate: int = SAMPLE_RATE) -> KitSounds:
    """The process-wide kit at `rate` Hz (its sounds are deterministic, so sharing is safe)."""
    kit = _KITS.get(rate)
    if kit is None:
        kit = _KITS.setdefault(rate, KitSounds(rate))
    return kit


def kit_sound(
    lane: int, cymbal: bool, velocity: float, rate: int = SAMPLE_RATE
) -> NDArray[np.float32]:
    """The sound of a hit on `lane` (cymbal or tom) at `velocity` 0..1: a float32 (n, 2) array in
    [-1, 1] at `rate` Hz, at the velocity layer nearest `velocity` and scaled to its level."""
    kit = shared_kit(rate)
    piece = piece_for(lane, cymbal, velocity)
    layer = layer_index(velocity)
    gain = kit_gain(velocity) / kit_gain(VELOCITY_LAYERS[layer])
    frames = kit.sound(piece, layer)
    return frames if gain == 1.0 else (frames * F32(gain)).astype(F32)
