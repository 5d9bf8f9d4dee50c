"""The Drum kits screen: the kits and controllers found, the kit profile of each, a live monitor
of its hits, and the learn mode that makes a kit profile from the pads the player hits.

Up/Down (or the mouse, or a gamepad) choose a row: the MIDI system (Left/Right: the platform's
default, JACK, ...) or a device (Left/Right: its kit profile; Enter or a click: learn it); R
starts MIDI again and rescans. When
MIDI cannot be used, the screen says why and what to try once, in the game's words
(game.ui.midi_trouble); the raw error goes to the log. In learn mode the screen asks for one
pad at a time ("Hit the pad for Snare"): every note-on of that device (a MIDI kit's note, a
controller's button) is bound to it; Enter moves on, Backspace goes back one pad, Esc cancels.
After the last pad the player types a name and Enter saves the profile into their kit folder
and chooses it for the device. Every change is saved to the settings file at once; Esc leaves.

The screen reads the kits' pads itself (they are not menu actions here), from the game's one
device list (`AppContext.devices`); a new MIDI system or a rescan opens that list anew.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from pathlib import Path

import pygame

from game.app.scene import Action, Pumped, Screen
from game.base.language import N_, _, ngettext
from game.core.devices import DeviceId
from game.input.kit_devices import KitDevice, KitDevices
from game.input.kit_files import list_profiles, load_profile
from game.input.kit_learn import KitLearner
from game.input.kit_mapper import KitMapper
from game.input.kit_profile import KitProfile, KitProfileError
from game.input.midi_ports import MIDI_APIS, NoteOn
from game.store.paths import kit_profiles_dir
from game.store.settings import Settings
from game.ui.kit_learn_view import LearnLine, LearnPicture
from game.ui.kit_setup_view import (
    MONITOR_LINES,
    DeviceRow,
    HitLine,
    KitSetupPicture,
    draw_kit_setup,
)
from game.ui.midi_trouble import midi_trouble

log = logging.getLogger(__name__)

SYSTEM_WORDS = {
    "default": N_("Default"),
    "jack": "JACK",
    "alsa": "ALSA",
    "coremidi": "CoreMIDI",
    "winmm": "WinMM",
}
"""The MIDI system setting in words ("Default" is looked up with `_` when shown)."""
GLOW_S = 0.4
"""How long a device's light glows after a hit (seconds)."""
NAME_MAX = 40
"""The longest name of a learned profile, in characters."""
LEARNED_NAME = "Learned kit"  # a profile's name in its file: not translated
"""The learner's name for a profile until the player names it."""


class HitMonitor:
    """The last note-ons of one device as its kit profile sees them (what `drum-duet midi
    monitor` prints): the pad, velocity, ms since the previous note-on, or why it is dropped."""

    def __init__(self, profile: KitProfile | None) -> None:
        self.mapper = KitMapper(profile) if profile is not None else None
        self.lines: deque[HitLine] = deque(maxlen=MONITOR_LINES)
        self.last_stamp_s: float | None = None
        """When the last note-on came (perf_counter seconds), None before the first."""

    def hear(self, note: NoteOn) -> None:
        """Add one note-on to the monitor."""
        previous, self.last_stamp_s = self.last_stamp_s, note.stamp_s
        gap_ms = None if previous is None else (note.stamp_s - previous) * 1000.0
        if self.mapper is None:
            pad, dropped = None, N_("no kit profile")
        else:
            hit = self.mapper.hit(note.note, note.velocity, note.channel, note.stamp_s)
            pad, dropped = hit.pad, hit.dropped.value if hit.dropped is not None else None
        self.lines.append(HitLine(pad, note.note, note.channel, note.velocity, gap_ms, dropped))


@dataclasses.dataclass
class LearnSession:
    """Learn mode for one device: its learner, what the last note-on did, and (once every pad
    was asked for) the name being typed."""

    device: DeviceId
    learner: KitLearner
    heard: str | None = None
    naming: bool = False
    name: str = ""


class KitSetupScreen(Screen):
    """The Drum kits screen (see the module): the devices of the app's device list, their
    profiles from `user_dir` (default: the player's kit folder) and the shipped ones."""

    kit_menu = False  # the pads are heard and learned here, not menu actions

    def __init__(self, user_dir: Path | None = None) -> None:
        self.user_dir = user_dir if user_dir is not None else kit_profiles_dir()
        self.cursor: DeviceId | None = None
        """The highlighted device; None for the MIDI system row."""
        self.monitors: dict[DeviceId, HitMonitor] = {}
        self.learning: LearnSession | None = None
        self.notice: str | None = None
        self.now = 0.0
        """The loop's clock at the last update (seconds): the lights glow from it."""
        self.boxes: dict[int, pygame.Rect] = {}
        """Where the last frame drew each row (by index into `rows`), for the mouse."""
        self._profiles: dict[DeviceId, KitProfile | None] = {}
        self._entries = list_profiles(self.user_dir)

    def enter(self) -> None:
        """Open the device list when the game has none yet; highlight the first device."""
        if self.app.devices is None:
            self.app.open_devices()
        ids = self.devices.ids()
        self.cursor = ids[0] if ids else None

    def leave(self) -> None:
        """Stop typing a profile's name (the devices stay open: they are the game's)."""
        if self.learning is not None and self.learning.naming:
            pygame.key.stop_text_input()

    @property
    def devices(self) -> KitDevices:
        """The game's one device list."""
        devices = self.app.devices
        assert devices is not None  # opened on entering
        return devices

    @property
    def settings(self) -> Settings:
        """The player's settings as they are now."""
        return self.app.settings

    @property
    def profile_names(self) -> list[str]:
        """The kit profiles that can be chosen (the shipped ones, then the player's own)."""
        return [e.name for e in self._entries if e.problem is None]

    # rows --------------------------------------------------------------------------------------
    @property
    def rows(self) -> list[DeviceId | None]:
        """The rows: None for the MIDI system, then each device."""
        return [None, *self.devices.ids()]

    @property
    def selected(self) -> int:
        """The index of the highlighted row (0: the MIDI system)."""
        rows = self.rows
        return rows.index(self.cursor) if self.cursor in rows else 0

    def profile(self, device: DeviceId) -> KitProfile | None:
        """The kit profile chosen for `device`, None when it cannot be loaded."""
        if device not in self._profiles:
            name = self.settings.input.profile_for(device)
            try:
                self._profiles[device] = load_profile(name, self.user_dir)
            except (KitProfileError, LookupError, OSError) as e:
                log.warning("kit profile %r of %s: %s", name, device, e)
                self._profiles[device] = None
        return self._profiles[device]

    def monitor(self, device: DeviceId) -> HitMonitor:
        """The monitor of `device` (made with its profile on first use)."""
        if device not in self.monitors:
            self.monitors[device] = HitMonitor(self.profile(device))
        return self.monitors[device]

    # events ------------------------------------------------------------------------------------
    def on_input(self, item: Pumped) -> None:
        """A controller's button (heard like a kit's note), a key or a menu action."""
        event = item.event
        if event is not None:
            note = self.devices.on_event(event, item.stamp)
            self._take_notices()
            if note is not None:
                self.hear(note)
                return
        if self.learning is not None:
            self._learn_input(self.learning, item)
            return
        if event is not None and event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self._mouse(event)
            return
        action = item.action
        rows = self.rows
        if action == Action.BACK:
            self.stack.pop()
        elif action in (Action.UP, Action.DOWN):
            step = 1 if action == Action.DOWN else -1
            self.cursor = rows[(self.selected + step) % len(rows)]
        elif action in (Action.LEFT, Action.RIGHT):
            step = 1 if action == Action.RIGHT else -1
            if self.cursor is None:
                self._choose_system(step)
            else:
                self._choose_profile(self.cursor, step)
        elif action == Action.SELECT:
            if self.cursor is None:
                self._choose_system(1)
            else:
                self._start_learning(self.cursor)
        elif item.key == pygame.K_r:
            self._rescan()

    def _mouse(self, event: pygame.event.Event) -> None:
        """Pointing at a row highlights it; a left click on it is Enter."""
        rows = self.rows
        for index, box in self.boxes.items():
            if index < len(rows) and box.collidepoint(event.pos):
                self.cursor = rows[index]
                if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                    self.on_input(Pumped(None, 0.0, Action.SELECT))
                return

    def hear(self, note: NoteOn) -> None:
        """A note-on of a kit, or a controller's button: to its monitor and to the learner."""
        self.monitor(note.device).hear(note)
        session = self.learning
        if session is None or session.device != note.device or session.naming:
            return
        heard = session.learner.hear(note.note, note.velocity, note.channel)
        session.heard = _("Note {note} (velocity {velocity}): {heard}").format(
            note=note.note, velocity=note.velocity, heard=_(heard.value)
        )

    def pump(self, stamp: float) -> None:
        """Take the kits' note-ons, and look for kits plugged in or out about every second
        (`stamp`: the pump's perf_counter seconds)."""
        for note in self.devices.drain():
            self.hear(note)
        self.devices.refresh_due(stamp)
        self._take_notices()

    def _take_notices(self) -> None:
        for notice in self.devices.take_notices():
            self.notice = notice

    def update(self, now_s: float) -> None:
        """Keep the loop's clock (`now_s`, seconds) for the lights."""
        self.now = now_s

    def draw(self, surface: pygame.Surface) -> None:
        """The devices, the highlighted one's monitor or profile, learn mode."""
        draw_kit_setup(surface, self.picture(self.now), self.boxes)

    # changes -----------------------------------------------------------------------------------
    def _save(self, settings: Settings) -> None:
        """Take `settings` and save them at once (a failed save becomes the notice)."""
        notice = self.app.set_settings(settings)
        if notice is not None:
            self.notice = notice

    def _with_input(self, **values: object) -> Settings:
        s = self.settings
        return dataclasses.replace(s, input=dataclasses.replace(s.input, **values))

    def _choose_system(self, step: int) -> None:
        """The next MIDI system: saved, and the kits listed again through it."""
        apis = list(MIDI_APIS)
        now = self.settings.input.midi_api
        api = apis[(apis.index(now) + step) % len(apis)] if now in apis else apis[0]
        self._save(self._with_input(midi_api=api))
        self.app.open_devices()
        self.monitors.clear()
        self.notice = None

    def _rescan(self) -> None:
        """Start the MIDI system again and list the kits anew (after a kit was plugged in, a
        JACK server started or the ALSA sequencer loaded)."""
        self.app.open_devices()
        self.monitors.clear()
        found = len(self.devices.ids())
        self.notice = ngettext(
            "Looked again: {count} kit and controllers found.",
            "Looked again: {count} kits and controllers found.",
            found,
        ).format(count=found)
        if self.devices.midi_problem:
            self.notice = _("Looked again: MIDI is still not available.")
        if self.cursor not in self.rows:
            self.cursor = None

    def _choose_profile(self, device: DeviceId, step: int) -> None:
        """The next (or previous) kit profile for `device`: saved in the settings."""
        names = self.profile_names
        if not names:
            return
        folded = [n.casefold() for n in names]
        now = self.settings.input.profile_for(device).casefold()
        index = folded.index(now) if now in folded else (-1 if step > 0 else 0)
        chosen = names[(index + step) % len(names)]
        self._set_profile(device, chosen)

    def _set_profile(self, device: DeviceId, name: str) -> None:
        profiles = {**self.settings.input.kit_profiles, device: name}
        self._save(self._with_input(kit_profiles=profiles))
        self._profiles.pop(device, None)
        self.monitors.pop(device, None)

    # learn mode --------------------------------------------------------------------------------
    def _start_learning(self, device: DeviceId) -> None:
        self.notice = None
        self.learning = LearnSession(device, KitLearner(LEARNED_NAME, base=self.profile(device)))
        if not any(d.device == device and d.connected for d in self.devices.devices()):
            self.notice = _("{device} is not plugged in: plug it in, then hit each pad").format(
                device=device
            )

    def _learn_input(self, session: LearnSession, item: Pumped) -> None:
        """A key, a menu action (or typed text) in learn mode."""
        if session.naming:
            self._name_input(session, item)
            return
        learner = session.learner
        if item.action == Action.BACK:
            self._stop_learning(_("Learning cancelled: nothing was saved."))
        elif item.action == Action.SELECT:
            learner.next()
            session.heard = None
            if learner.done:
                session.naming = True
                pygame.key.start_text_input()
        elif item.key == pygame.K_BACKSPACE:
            learner.back()
            session.heard = None

    def _name_input(self, session: LearnSession, item: Pumped) -> None:
        """Typing the new profile's name: text adds, Backspace erases, Enter saves, Esc
        cancels."""
        event = item.event
        if event is not None and event.type == pygame.TEXTINPUT:
            typed = "".join(c for c in event.text if c.isprintable())
            session.name = (session.name + typed)[:NAME_MAX]
        elif item.key == pygame.K_BACKSPACE:
            session.name = session.name[:-1]
        elif item.action == Action.BACK:
            self._stop_learning(_("Learning cancelled: nothing was saved."))
        elif item.action == Action.SELECT:
            self._save_learned(session)

    def _save_learned(self, session: LearnSession) -> None:
        """Save the learned profile under the typed name and choose it for the device."""
        name = " ".join(session.name.split())
        if not name:
            session.heard = _("Type a name first.")
            return
        learner = session.learner
        learner.name = name
        try:
            path = learner.save(self.user_dir)
        except ValueError as e:  # nothing was learned
            self._stop_learning(_("Not saved: {problem}.").format(problem=e))
            return
        except OSError as e:
            session.heard = _("The profile could not be saved: {problem}").format(problem=e)
            return
        log.info("kit profile %r learned on %s, saved to %s", name, session.device, path)
        self._entries = list_profiles(self.user_dir)
        self._set_profile(session.device, name)
        self._stop_learning(
            _("Saved the kit profile “{name}” and chose it for {device}.").format(
                name=name, device=session.device
            )
        )

    def _stop_learning(self, notice: str) -> None:
        if self.learning is not None and self.learning.naming:
            pygame.key.stop_text_input()
        self.learning = None
        self.notice = notice

    def name_hint(self, name: str) -> str:
        """What saving under `name` does, in words."""
        wanted = " ".join(name.split()).casefold()
        for entry in self._entries:
            if entry.name.casefold() == wanted and wanted:
                if entry.user:
                    return _("Replaces your profile “{name}”.").format(name=entry.name)
                return _("Used instead of the shipped “{name}” profile.").format(name=entry.name)
        return _("Saved in your kit folder, and chosen for this kit.")

    # the picture -------------------------------------------------------------------------------
    def picture(self, now: float) -> KitSetupPicture:
        """What the screen shows at `now` (perf_counter seconds)."""
        devices = self.devices.devices()
        rows = tuple(self._row(d, now) for d in devices)
        cursor = self.cursor
        monitor = tuple(self.monitor(cursor).lines) if cursor is not None else ()
        profile = self.profile(cursor) if cursor is not None else None
        api = self.settings.input.midi_api
        problem = self.devices.midi_problem  # logged as it is by KitDevices
        return KitSetupPicture(
            midi_system=_(SYSTEM_WORDS[api]) if api in SYSTEM_WORDS else api,
            midi_problem=str(midi_trouble(problem)) if problem else None,
            devices=rows,
            selected=self.selected,
            monitor=monitor,
            description=profile.description if profile is not None else "",
            learn=self._learn_picture(),
            notice=self.notice,
        )

    def _row(self, device: KitDevice, now: float) -> DeviceRow:
        dev = device.device
        last = self.monitors[dev].last_stamp_s if dev in self.monitors else None
        glow = 0.0 if last is None else max(0.0, 1.0 - (now - last) / GLOW_S)
        return DeviceRow(
            device.name,
            device.kind,
            device.connected,
            self.settings.input.profile_for(dev),
            self.profile(dev) is not None,
            self.settings.input.offset_ms(dev),
            min(glow, 1.0),
        )

    def _learn_picture(self) -> LearnPicture | None:
        session = self.learning
        if session is None:
            return None
        learner = session.learner
        current = learner.step
        lines = tuple(
            LearnLine(
                _(step.label),
                ", ".join(str(k) for k in learner.notes(step)),
                step == current,
            )
            for step in learner.steps
        )
        index = learner.steps.index(current) + 1 if current is not None else len(learner.steps)
        return LearnPicture(
            str(session.device),
            learner.prompt,
            index,
            len(learner.steps),
            lines,
            session.heard,
            session.naming,
            session.name,
            self.name_hint(session.name) if session.naming else "",
        )
