"""The MIDI APIs a player may choose (settings, the command line, the kit screen)."""

from __future__ import annotations

MIDI_APIS = ("default", "jack", "alsa", "coremidi", "winmm")
"""The MIDI API names, as python-rtmidi knows them; "default" lets it choose."""
