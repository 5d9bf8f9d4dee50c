"""The game's base: small standard-library-only pieces that every layer may import (atomic
writes, bounded reads, SQLite transactions, TOML reading, millisecond text, the MIDI API names).

Nothing here imports any other part of the game.
"""
