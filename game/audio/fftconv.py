"""Linear filtering of long signals in the frequency domain, by overlap-add over blocks.

Used for the reverb (convolution with a stereo impulse response) and the loudness meter's
K-weighting (an IIR filter's frequency response, whose impulse response dies out long before the
block padding ends). Blocks are transformed a batch at a time and the output is handed out chunk
by chunk, so no whole-song temporary is ever allocated (on some machines first-touching a fresh
60 MB array costs more than the FFTs).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

BATCH = 8
"""Blocks transformed together: larger batches are a little faster and use more memory."""


def filtered_chunks(
    x: NDArray, spectra: NDArray, fft_size: int, block: int, out_len: int | None = None
) -> Iterator[tuple[int, NDArray[np.float32]]]:
    """Filter mono `x` by each row of `spectra` (rfft-domain responses, fft_size//2+1 bins), and
    yield (start, chunk) in order: chunk has shape (len(spectra), m) and holds the finished output
    samples start..start+m. Together the chunks cover 0..out_len (default len(x)).

    Each block of `block` samples is zero-padded to `fft_size`, so a filter whose impulse response
    is at most fft_size - block + 1 samples long is applied exactly (a linear convolution).
    """
    if not 0 < block <= fft_size:
        raise ValueError("block must be in 1..fft_size")
    spectra = np.atleast_2d(spectra).astype(np.complex64)
    n = len(x)
    out_len = n if out_len is None else out_len
    count = -(-min(n, out_len) // block) if n else 0
    overlap = fft_size - block
    carry = np.zeros((len(spectra), overlap), dtype=np.float32)
    done = 0
    for first in range(0, count, BATCH):
        last = min(first + BATCH, count)
        frames = np.zeros((last - first, fft_size), dtype=np.float64)
        for k in range(first, last):
            seg = x[k * block : (k + 1) * block]
            frames[k - first, : len(seg)] = seg
        # numpy's float64 forward transform is several times faster than its float32 one here;
        # the inverse is fastest in single precision.
        spec = np.fft.rfft(frames, axis=1).astype(np.complex64)
        span = (last - first) * block + overlap
        acc = np.zeros((len(spectra), span), dtype=np.float32)
        acc[:, :overlap] += carry
        for m, response in enumerate(spectra):
            y = np.fft.irfft(spec * response, fft_size, axis=1)
            for k in range(last - first):
                acc[m, k * block : k * block + fft_size] += y[k]
        ready = min((last - first) * block, out_len - done)
        yield done, acc[:, :ready]
        done += ready
        carry = acc[:, (last - first) * block :]
    if done < out_len:  # the tail after the last input block, then silence
        ready = min(overlap, out_len - done)
        yield done, carry[:, :ready]
        done += ready
    if done < out_len:
        yield done, np.zeros((len(spectra), out_len - done), dtype=np.float32)


def overlap_add(
    x: NDArray, spectra: NDArray, fft_size: int, block: int, out_len: int | None = None
) -> NDArray[np.float32]:
    """The whole filtered signal, shape (len(spectra), out_len): see `filtered_chunks`."""
    out_len = len(x) if out_len is None else out_len
    out = np.zeros((len(np.atleast_2d(spectra)), out_len), dtype=np.float32)
    for start, chunk in filtered_chunks(x, spectra, fft_size, block, out_len):
        out[:, start : start + chunk.shape[1]] = chunk
    return out
