"""The game's base: small standard-library-only pieces that every layer may import (atomic
writes, bounded reads, setting a damaged file aside, SQLite transactions, TOML reading,
milliseconds in words, the MIDI API names).

Nothing here imports any other part of the game; import-linter checks it.
"""
