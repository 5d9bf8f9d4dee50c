"""The players' drum kits and controllers in a song.

The devices themselves (MIDI ports by stable name, controllers by name) are a
`game.input.kit_devices.KitDevices`, which lives from start-up to quitting and lists what can
be chosen on song select. `KitHits` turns one song's kit and controller input into the
players' hits: a MIDI note-on was stamped in the MIDI callback, a controller's button (a note
of its own) when pumped; each goes through its device's kit profile and input offset to a song
time. A kit unplugged mid-song leaves a notice and the song goes on; when it comes back it is
taken back. A MIDI kit's hit is mapped in the MIDI callback itself and handed to `on_hit` there
(which sounds it in the next audio buffer), then queued for the loop to judge.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

import pygame

from game.base.language import _
from game.core.devices import DeviceId
from game.core.events import InputEvent
from game.input.kit_devices import KitDevices
from game.input.kit_files import load_profile
from game.input.kit_mapper import KitMapper
from game.input.kit_profile import KitProfileError
from game.input.midi_ports import MidiUnavailableError, NoteOn
from game.store.paths import kit_profiles_dir
from game.store.settings import Settings
from game.ui.midi_trouble import midi_trouble

log = logging.getLogger(__name__)


class KitHits:
    """One song's kit and controller players: their input as hits, and the notices to show."""

    def __init__(
        self,
        devices: KitDevices,
        settings: Settings,
        players: list[DeviceId],
        song_time: Callable[[float, float], float],
        on_hit: Callable[[InputEvent], bool] | None = None,
    ) -> None:
        """`players` are the players' devices; `song_time(stamp, offset_s)` is the song
        time of a hit stamped at `stamp` by a device `offset_s` late; `on_hit(event)`, when
        given, is called on the MIDI thread with each MIDI kit hit as it arrives and answers
        whether it sounded it."""
        self.devices = devices
        self.kits: dict[DeviceId, KitMapper] = {}
        """Each kit's or controller's mapper, by device."""
        self.notice: str | None = None
        self.on_hit = on_hit
        self._lock = threading.Lock()  # the mappers: fed by the MIDI thread and the loop
        self._arrived: queue.SimpleQueue[tuple[InputEvent, bool]] = queue.SimpleQueue()
        for player, device in enumerate(players):
            if device.is_keyboard:
                continue
            offset_s = settings.input.offset_ms(device) / 1000.0

            def at(stamp: float, offset_s: float = offset_s) -> float:
                return song_time(stamp, offset_s)

            self.kits[device] = KitMapper(self._profile(settings, device), player, at)
            if device.is_midi:
                self._open(device)
        midi = devices.midi
        if on_hit is not None and midi is not None and any(d.is_midi for d in self.kits):
            midi.on_note = self._on_note

    def _on_note(self, note: NoteOn) -> None:
        """The MIDI thread: map a note-on to a hit, sound it at once, queue it for `take`."""
        event = self.hit(note)
        if event is not None and self.on_hit is not None:
            self._arrived.put((event, self.on_hit(event)))

    def detach(self) -> None:
        """Stop handling note-ons on the MIDI thread (the song is over)."""
        midi = self.devices.midi
        if midi is not None and midi.on_note == self._on_note:
            midi.on_note = None

    def _profile(self, settings: Settings, device: DeviceId):
        name = settings.input.profile_for(device)
        try:
            return load_profile(name, kit_profiles_dir())
        except KitProfileError as e:
            self.notice = _("{problem}; the General MIDI profile is used").format(problem=e)
            log.warning("%s", self.notice)
            return load_profile()

    def _open(self, device: DeviceId) -> None:
        midi = self.devices.midi
        if midi is None:
            trouble = midi_trouble(self.devices.midi_problem or "")
            self.notice = _(
                "MIDI kits cannot be used. {trouble} (Settings, Input, Drum kits)."
            ).format(trouble=trouble.what)
            return
        try:
            if midi.open(device.name) is None:
                self.notice = _(
                    "{device} is not connected; it will be taken as soon as it is"
                ).format(device=device)
            midi.start_watching()
        except MidiUnavailableError as e:
            self.notice = f"{device}: {e}"
            log.warning("%s", self.notice)

    def take(self) -> list[tuple[InputEvent, bool]]:
        """The kits' hits that arrived since the last call (each at its own song time), each
        with whether `on_hit` sounded it already."""
        midi = self.devices.midi
        if midi is None or not self.kits:
            return []
        notes = midi.drain()
        hits: list[tuple[InputEvent, bool]] = []
        if midi.on_note == self._on_note:  # mapped on the MIDI thread already
            try:
                while True:
                    hits.append(self._arrived.get_nowait())
            except queue.Empty:
                pass
        else:
            hits = [(event, False) for note in notes if (event := self.hit(note)) is not None]
        for change in midi.take_changes():
            kit = self.kits.get(DeviceId.midi(change.port))
            if kit is not None:
                self.notice = change.message
                if change.connected:
                    with self._lock:
                        kit.reset()
        return hits

    def on_event(self, event: pygame.event.Event, stamp: float) -> InputEvent | None:
        """A controller's hit (a JOYBUTTONDOWN stamped at `stamp`), or None; follows plugs."""
        note = self.devices.on_event(event, stamp)
        notices = self.devices.take_notices()
        if notices and any(d.is_controller for d in self.kits):
            self.notice = notices[-1]
        return None if note is None else self.hit(note)

    def hit(self, note: NoteOn) -> InputEvent | None:
        """The hit of a note-on (or a controller's button) of a device a player plays, or None
        when no player plays it or its profile filters it out."""
        kit = self.kits.get(note.device)
        if kit is None:  # a kit or controller nobody plays in this song
            return None
        with self._lock:
            return kit.note_on(note.note, note.velocity, note.channel, note.stamp_s)
