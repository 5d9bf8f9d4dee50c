"""Drum Duet: a two-player drum rhythm game with honest timing, real drum kits and a duet mode."""

__version__ = "0.1.0"
