"""TOML documents: the standard library's reader (its backport, tomli, on Python 3.10)."""

from __future__ import annotations

import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError
"""What `loads` raises for text that is not TOML (a ValueError)."""


def loads(text: str) -> dict[str, Any]:
    """The TOML document in `text`; TOMLDecodeError when it is not TOML."""
    return tomllib.loads(text)
