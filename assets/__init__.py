"""Drum Duet assets (data): fonts, images and sounds, read with importlib.resources."""
