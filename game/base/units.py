"""Numbers in words for the screens and the command line: signed milliseconds."""

from __future__ import annotations


def signed_ms(ms: float, *, tenths: bool = False) -> str:
    """Milliseconds with their sign, rounded to a tenth: "+12 ms", "-4.5 ms", "+0 ms"; with
    `tenths` always one decimal, as measurements show: "+12.0 ms", "-4.5 ms", "0.0 ms"."""
    tenth = round(ms, 1)
    if tenths:
        return "0.0 ms" if tenth == 0 else f"{ms:+.1f} ms"
    return f"{ms:+.1f} ms" if tenth % 1 else f"{ms:+.0f} ms"
