"""The kit, listened to with numbers: per piece its spectral centroid, band shares and decay times,
the whole kit's share of energy below 150 Hz, and the time to warm every piece and velocity layer;
each piece is written as a WAV to listen to.

    .venv/bin/python bench/kit_spectra.py                     # WAVs under /tmp/kit-listen/
    .venv/bin/python bench/kit_spectra.py --out /tmp/k --velocity 0.55

Compare with a real kit's published spectra (the sources are named in game/audio/kitvoices.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.audio import SAMPLE_RATE  # noqa: E402
from game.audio.drumkit import VELOCITY_LAYERS, KitPiece, KitSounds, layer_index  # noqa: E402
from game.audio.wavfile import write_wav  # noqa: E402
from tests.audio.spectra import band_share, centroid, decay_s, power_spectrum  # noqa: E402

BANDS = ((20, 150), (150, 1000), (1000, 5000), (5000, 10000), (10000, 16000), (16000, 24000))


def _band_name(lo: int, hi: int) -> str:
    return f"{lo / 1000:g}-{hi / 1000:g}k"


def main(argv: list[str] | None = None) -> int:
    """Print the table and write the WAVs; returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/kit-listen"), help="WAV folder")
    ap.add_argument("--velocity", type=float, default=0.87, help="the layer to describe (0..1)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    kit = KitSounds()
    start = time.perf_counter()
    kit.warm()
    warm_s = time.perf_counter() - start

    layer = layer_index(args.velocity)
    head = " ".join(f"{_band_name(lo, hi):>9}" for lo, hi in BANDS)
    print(f"velocity layer {VELOCITY_LAYERS[layer]} at {SAMPLE_RATE} Hz; band shares in %")
    print(f"{'piece':<13} {'centroid':>8} {head} {'-20dB':>6} {'-40dB':>6}")
    for piece in KitPiece:
        sound = kit.sound(piece, layer)
        write_wav(args.out / f"{piece.value}.wav", sound, SAMPLE_RATE)
        shares = " ".join(
            f"{100 * band_share(sound, SAMPLE_RATE, lo, hi):9.1f}" for lo, hi in BANDS
        )
        print(
            f"{piece.value:<13} {centroid(sound, SAMPLE_RATE):8.0f} {shares} "
            f"{decay_s(sound, SAMPLE_RATE, 20):6.3f} {decay_s(sound, SAMPLE_RATE, 40):6.3f}"
        )

    low = total = high = 0.0
    for piece in KitPiece:
        for k in range(len(VELOCITY_LAYERS)):
            f, p = power_spectrum(kit.sound(piece, k), SAMPLE_RATE)
            p = p / len(f)  # energy per bin, comparable across lengths
            low += float(p[f < 150].sum())
            high += float(p[f >= 8000].sum())
            total += float(p.sum())
    print(
        f"whole kit (every piece and layer at its level): {100 * low / total:.1f}% below 150 Hz, "
        f"{100 * high / total:.1f}% above 8 kHz"
    )
    print(f"warm (every piece x {len(VELOCITY_LAYERS)} layers): {warm_s:.2f} s")
    print(f"WAVs in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
