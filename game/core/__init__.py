"""The pure engine: tempo maps, charts, hit windows, judging, scoring, the duet rules and replays.

Imports only the standard library and numpy: no pygame, no mido, no threads, no wall clock.
"""
