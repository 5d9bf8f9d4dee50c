"""Size limits every loader enforces before reading a file (with `game.base.bounded`)."""

from __future__ import annotations

MAX_JSON_CHART_BYTES = 4 * 1024 * 1024
MAX_REPLAY_BYTES = 16 * 1024 * 1024  # a replay of MAX_REPLAY_INPUTS inputs is about 7 MB
