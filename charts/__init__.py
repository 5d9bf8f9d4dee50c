"""Drum Duet built-in songs (data): one song folder each, read with importlib.resources."""
