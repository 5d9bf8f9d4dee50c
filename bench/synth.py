"""Synthesizer benchmark: render time per song, first time (rendered) and cached (read back), the
real-time factor, and the audio numbers (loudness, peak, DC, clicks).

    .venv/bin/python bench/synth.py                        # the generated 3-minute demo song
    .venv/bin/python bench/synth.py charts/firecracker-night charts/gilded-hour
    .venv/bin/python bench/synth.py --demo-wav /tmp/demo.wav --png /tmp/demo.png  # + listen, look

SPEC: song load (audio ready) <= 3 s the first time and <= 0.3 s cached, for a 3-minute song on
a 2-core machine. The cache lives in a temporary directory, so every run renders afresh.
"""

from __future__ import annotations

import argparse
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.audio import (  # noqa: E402
    SAMPLE_RATE,
    cached_render,
    dc_offset,
    find_clicks,
    integrated_loudness,
    render_song,
    sample_peak_dbfs,
    write_wav,
)
from game.audio.demo_song import demo_arrangement, demo_drums  # noqa: E402
from game.core.arrangement import Arrangement  # noqa: E402


def load_song_arrangement(folder: Path) -> Arrangement:
    """The arrangement.mid of a song folder (read by game.formats, as the game does)."""
    from game.formats.arrangement_mid import read_arrangement

    return read_arrangement(folder / "arrangement.mid")


def bench(name: str, arrangement: Arrangement, cache: Path, check: bool) -> None:
    """Render `arrangement` through the cache twice and print the timings and audio numbers."""
    t0 = time.perf_counter()
    first = cached_render(arrangement, cache_dir=cache)
    t1 = time.perf_counter()
    again = cached_render(arrangement, cache_dir=cache)
    t2 = time.perf_counter()
    seconds = len(first) / SAMPLE_RATE
    notes = sum(len(p.notes) for p in arrangement.parts)
    print(f"{name}: {seconds:.1f} s of audio, {len(arrangement.parts)} parts, {notes} notes")
    print(f"  first render (render + write cache): {t1 - t0:6.3f} s   (SPEC <= 3 s)")
    print(f"  cached load:                          {t2 - t1:6.3f} s   (SPEC <= 0.3 s)")
    print(f"  real-time factor (first render):      {seconds / (t1 - t0):6.1f}x")
    assert np.array_equal(first, again), "the cached audio differs from the render"
    if check:
        lufs = integrated_loudness(first, SAMPLE_RATE)
        clicks = find_clicks(first, SAMPLE_RATE)
        print(
            f"  loudness {lufs:.2f} LUFS, sample peak {sample_peak_dbfs(first):.2f} dBFS, "
            f"DC {dc_offset(first):.2e}, NaN {bool(np.isnan(first).any())}, clicks {len(clicks)}"
        )


def spectrogram(mono: np.ndarray, width: int, height: int) -> np.ndarray:
    """A log-frequency (30 Hz at the bottom to 22 kHz), 90 dB-deep spectrogram as uint8 grey
    (dark = loud), `width` columns spread over `mono`."""
    size = 4096
    hop = max((len(mono) - size) // width, 1)
    frames = np.lib.stride_tricks.sliding_window_view(mono, size)[::hop][:width]
    db = 20 * np.log10(np.abs(np.fft.rfft(frames * np.hanning(size), axis=1)) + 1e-9)
    freqs = np.fft.rfftfreq(size, 1 / SAMPLE_RATE)
    rows = np.geomspace(30.0, SAMPLE_RATE / 2, height)[::-1]
    img = db[:, np.clip(np.searchsorted(freqs, rows), 0, len(freqs) - 1)].T
    grey = np.clip((img - (img.max() - 90.0)) / 90.0, 0, 1)
    return (255 * (1 - grey)).astype(np.uint8)


def spectrogram_png(audio: np.ndarray, path: Path, width: int = 1600, height: int = 360) -> None:
    """Two spectrograms of `audio` (mono mix) in one PNG: the whole song on top (its sections),
    and its first 12 seconds below (count-in and the first bars, note by note)."""
    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    gap = np.full((8, width), 255, dtype=np.uint8)
    zoom = mono[: 12 * SAMPLE_RATE]
    write_png(
        path, np.vstack([spectrogram(mono, width, height), gap, spectrogram(zoom, width, height)])
    )


def write_png(path: Path, grey: np.ndarray) -> None:
    """A tiny PNG writer: an 8-bit grey-scale image from a (height, width) uint8 array."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    h, w = grey.shape
    raw = b"".join(b"\x00" + grey[y].tobytes() for y in range(h))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    path.write_bytes(png)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("songs", nargs="*", type=Path, help="song folders holding arrangement.mid")
    ap.add_argument("--length", type=float, default=180.0, help="demo song length (s)")
    ap.add_argument("--no-check", action="store_true", help="skip loudness/peak/click numbers")
    ap.add_argument("--demo-wav", type=Path, help="also write the demo song with guide drums")
    ap.add_argument("--png", type=Path, help="spectrogram of the --demo-wav render")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="drum-duet-bench-") as tmp:
        cache = Path(tmp)
        if args.songs:
            for folder in args.songs:
                bench(folder.name, load_song_arrangement(folder), cache, not args.no_check)
        else:
            arrangement = demo_arrangement(args.length)
            bench(f"demo song ({args.length:.0f} s)", arrangement, cache, not args.no_check)
    if args.demo_wav:
        arrangement = demo_arrangement(args.length)
        drums = demo_drums(args.length)
        t0 = time.perf_counter()
        audio = render_song(arrangement, drums)
        print(f"demo with guide drums rendered in {time.perf_counter() - t0:.3f} s")
        write_wav(args.demo_wav, audio)
        print(f"wrote {args.demo_wav}")
        if args.png:
            spectrogram_png(audio, args.png)
            print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
