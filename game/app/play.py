"""Playing a song live: the play screen that the game's loop pumps about every half
millisecond; it advances the engine on the audio clock, plays the hit sounds, and is drawn
paced to a frame cap.

Input is stamped when it is pumped (`time.perf_counter()`), converted to song time by the
`SongClock`, and judged at that time; drawing never delays judging.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pygame

from game.app.context import AppContext
from game.app.devices import KitHits
from game.app.loop import Loop
from game.app.menu_input import pad_action
from game.app.scene import MENU_FPS, Action, Pumped, Screen
from game.app.setup import player_names, strike_labels
from game.app.window import frame_rate, save_screenshot
from game.audio.clock import SongClock
from game.audio.dsp import SAMPLE_RATE
from game.audio.stream import AudioStream, StreamMix
from game.base.language import N_, _
from game.core.autoplay import autoplay_inputs
from game.core.devices import DeviceId
from game.core.events import InputEvent
from game.core.partner import RecordedPart
from game.core.replay import PlayerSetup, new_session
from game.core.session import PlaySession
from game.core.stem_mute import DrumStemMute
from game.formats.song_folder import LoadedSong
from game.input.keyboard import KEYBOARD, key_name
from game.input.kit_devices import KitDevices
from game.store.pending_plays import SaveOutcome
from game.store.settings import LoadedSettings, Settings
from game.ui.count_in import (
    CountBeat,
    beat_at,
    count_ends_s,
    count_in_beats,
    draw_count_in,
    draw_resume_count,
    resume_beats,
)
from game.ui.highway import cameras_for
from game.ui.pause import PAUSE_CHOICES, draw_pause
from game.ui.perspective import Camera
from game.ui.play_scene import PlayScene

log = logging.getLogger(__name__)

LEAD_IN_S = 2.0
AUTOPLAY_LOOKAHEAD_S = 3.0  # generous: a busy machine must not make the bot late
END_PAD_S = 1.5
FRAME_CAP_FPS = 144
PRACTISE_HERE = N_("Practise this section")
"""The pause menu's line that opens practice at the section being played."""
LEAVE_DUET = N_("Leave the duet")
ONLINE_MENU = N_("The song goes on: your partner is playing")
"""Why a live duet's pause menu does not pause."""
"""A live duet's pause menu line that leaves (the song goes on for the partner)."""
JOYSTICK_EVENTS = (pygame.JOYBUTTONDOWN, pygame.JOYDEVICEADDED, pygame.JOYDEVICEREMOVED)
KIT_LEVEL = 0.7
"""The players' kit sounds' level (0-1) in the mix at drums volume 1.0: chosen from
bench/kit_level.py so the kit sits a little under the music (see README)."""
DRUMS_STEM_KIT_LEVEL = 0.5
"""The players' kit sounds' level (0-1) on songs whose stems carry their own drums."""


def mix_music(
    backing: np.ndarray, music_volume: float, guide: np.ndarray | None, guide_volume: float
) -> tuple[np.ndarray, float]:
    """The song's music with the quiet guide drums (if any) mixed in, and the gain (0-1) to play
    it at: without a guide the music is played as it is, at its volume (no copy is made)."""
    music = np.asarray(backing, dtype=np.float32).reshape(-1, 2)
    if guide is None or not len(guide):
        return music, music_volume
    out = np.zeros((max(len(music), len(guide)), 2), np.float32)
    out[: len(music)] = music * np.float32(music_volume)
    out[: len(guide)] += np.asarray(guide, dtype=np.float32).reshape(-1, 2) * np.float32(
        guide_volume
    )
    return out, 1.0


def play_end_s(last_note_s: float, *audio: np.ndarray | None, rate: int = SAMPLE_RATE) -> float:
    """When a play ends (song seconds): after the last note and a short pause, or when the
    audio (float32 (n, 2) frames at `rate` Hz from song time 0) ends, whichever is later."""
    audio_s = max((len(a) / rate for a in audio if a is not None), default=0.0)
    return max(last_note_s + END_PAD_S, audio_s)


def default_names() -> tuple[str, str]:
    """The players' names when none are given: "Player 1", "Player 2" in the game's language."""
    return (_("Player {number}").format(number=1), _("Player {number}").format(number=2))


@dataclass
class PlayOptions:
    """How to play: who plays what, the bot, frame cap, screenshots and quitting at the end."""

    setups: list[PlayerSetup]
    autoplay: bool = False
    quit_at_end: bool = False
    screenshots: list[tuple[float, Path]] = field(default_factory=list)
    fps_cap: int = FRAME_CAP_FPS
    names: tuple[str, ...] = field(default_factory=lambda: default_names())
    note_speed_s: float = 1.4
    settings: Settings = field(default_factory=Settings)
    """Offsets, volumes and the rest of the player's settings."""
    devices: tuple[DeviceId, ...] = ()
    """Each player's input device (the keyboard, a MIDI kit, a controller); () = keyboard."""
    key_labels: bool = False
    """Show each keyboard player's keys on the strike line (their first plays)."""
    cameras: tuple[Camera, ...] = ()
    """Each player's view of their highway and note speed (none: the defaults)."""
    bots: tuple[int, ...] = ()
    """The players the bot plays (heard as the kit, seen on their highway): practice's partner
    on the other duet part. `autoplay` has the bot play every player but a recorded partner."""
    partner: RecordedPart | None = None
    """A duet with a recording: the partner's recorded hits, played back exactly (queued ahead
    as the bot's are, heard as the kit, seen on their highway) as player `partner.player`,
    whose setup is `setups[partner.player]`."""
    lead_in_s: float = LEAD_IN_S
    """Silence before song time 0 (seconds), with the count-in on its beats."""
    online_seat: int | None = None
    """A live duet over the network: the player you are (0 the host, 1 the guest); the other
    player's hits come over the link."""
    bot_jitter_s: float = 0.0
    """How far the bot's hits stray from the notes (± seconds, uniform), seeded by
    `bot_seed` + the player's number (as `simulate --autoplay --jitter-ms --seed` does)."""
    bot_seed: int = 0
    speed: float = 1.0
    """How fast the song's audio is prepared (practice: 0.25-1.5); the chart played must be
    the one at this speed (`Chart.at_speed`)."""

    @classmethod
    def from_settings(cls, setups: list[PlayerSetup], settings: Settings, **kw) -> PlayOptions:
        """Options for `setups` as the player's settings say (names, note speed, frame rate)."""
        kw.setdefault("names", player_names(settings, len(setups)))
        kw.setdefault("note_speed_s", settings.gameplay.note_speed[0])
        kw.setdefault("cameras", cameras_for(settings, len(setups)))
        kw.setdefault("fps_cap", frame_rate(settings.video))
        return cls(setups, settings=settings, **kw)

    @property
    def keyboard_players(self) -> int:
        """How many players the keyboard layout is for: every player but a recorded partner
        (you alone with a recording play on your one-player keys)."""
        if self.online_seat is not None:
            return 1
        return len(self.setups) - (self.partner is not None)


@dataclass
class PlayResult:
    """What a finished (or abandoned) play leaves behind; `restart` asks to play it again."""

    session: PlaySession
    finished: bool
    frame_times_s: list[float]
    restart: bool = False
    saved: SaveOutcome | None = None
    """Where the play was saved (a play id in the score book, or kept pending), when it was."""


class LivePlay:
    """One song being played: session, clock, stream, scene and the players' input."""

    can_pause = True
    """False when the song cannot stop for a pause menu (a live duet: the partner's goes on)."""
    waiting_for_partner = False
    """True while the end waits for an online partner's last hits."""
    link_notice: str | None = None
    """What the players should know about an online partner (English), or None."""

    def __init__(
        self,
        song: LoadedSong,
        options: PlayOptions,
        backing: np.ndarray,
        hit_sound: Callable[[InputEvent], np.ndarray] | None,
        map_key: Callable[[str, float], InputEvent | None] | None = None,
        drums: np.ndarray | None = None,
        guide: np.ndarray | None = None,
        rate: int = SAMPLE_RATE,
        notice: str | None = None,
        devices: KitDevices | None = None,
    ) -> None:
        """`backing`, `drums`, `guide` and the hit sounds are float32 (n, 2) at `rate` Hz, the
        rate the stream plays at (`open_output` says which the device gives); `notice` is for
        the players; the players' kits and controllers are taken from `devices`."""
        self.song = song
        self.options = options
        self.session = new_session(song.chart, options.setups)
        audio = options.settings.audio
        self.clock = SongClock(
            rate,
            lead_in_s=options.lead_in_s,
            audio_offset_s=audio.audio_offset_ms / 1000,
            video_offset_s=audio.video_offset_ms / 1000,
        )
        music, music_gain = mix_music(backing, audio.music_volume, guide, audio.guide_volume)
        self.mix = StreamMix(music, round(options.lead_in_s * rate), drums=drums, rate=rate)
        self.mix.backing_gain = audio.master_volume * music_gain
        self.mix.drums_gain = audio.master_volume * audio.music_volume  # the song's own drums
        # With a drums stem the song already has its drums: the players' kit sounds go under it.
        kit_level = KIT_LEVEL * (DRUMS_STEM_KIT_LEVEL if drums is not None else 1.0)
        self.mix.hits_gain = audio.master_volume * audio.drums_volume * kit_level
        self.stem_mute = DrumStemMute(
            len(options.setups), [s.params.overhits_break_combo for s in options.setups]
        )
        self.stream = AudioStream(self.mix, self.clock, audio.buffer_frames, rate)
        self.accepting = True
        """False while the pause menu is up: a kit hit arriving then is not played."""
        self.keyboard_offset_s = options.settings.input.offset_ms(KEYBOARD) / 1000
        self.hit_sound = hit_sound
        self.map_key = map_key
        self.bot: list[InputEvent] = []
        """The hits known ahead, in time order: the bot's and a recorded partner's."""
        partner = options.partner
        for player, setup in enumerate(options.setups):
            if partner is not None and player == partner.player:
                self.bot += partner.inputs
            elif options.autoplay or player in options.bots:
                track = song.chart.track(setup.part, setup.difficulty)
                seed = options.bot_seed + player
                self.bot += autoplay_inputs(track, player, options.bot_jitter_s, seed)
        self.bot.sort(key=lambda e: e.time_s)
        self._bot_next = 0
        self.end_s = play_end_s(song.chart.duration_s, music, drums, rate=rate)
        self.notice = notice
        """Something the players should know (a stem that could not be played)."""
        self.kit_hits: KitHits | None = None
        """The drum kits' and controllers' input, when a player plays one."""
        players = list(options.devices) or [KEYBOARD] * len(options.setups)
        if devices is not None and any(d != KEYBOARD for d in players):
            self.kit_hits = KitHits(
                devices, options.settings, players, self.clock.input_time, self.hit_at_once
            )
            self.notice = self.kit_hits.notice or self.notice

    def queue_bot_inputs(self, now_s: float) -> None:
        """Hand the bot's hits to the engine and the mixer a little ahead: it knows the future."""
        while self._bot_next < len(self.bot) and self.bot[self._bot_next].time_s <= now_s + (
            AUTOPLAY_LOOKAHEAD_S
        ):
            event = self.bot[self._bot_next]
            self._bot_next += 1
            self._bot_ahead(event)
            if self.hit_sound is not None:
                self.mix.schedule(self.hit_sound(event), self.clock.sample_of(event.time_s))

    def start_late(self, late_s: float) -> None:
        """The song's audio starts `late_s` seconds after its agreed instant (a live duet's
        start, or its song under way when a game comes back): the stream starts that far in."""
        self.mix.seek(round(max(0.0, late_s) * self.clock.rate))

    def _bot_ahead(self, event: InputEvent) -> None:
        """A bot's hit handed over ahead of its time: queued for the engine."""
        self.session.queue_input(event)

    def judge(self, now_s: float) -> list:
        """Judge up to song time `now_s`; the drums stem is muted while a player misses."""
        events = self.session.update(now_s)
        if events:
            self.mix.set_drums_level(self.stem_mute.on_events(events))
        return events

    def end_events(self, song_s: float) -> list | None:
        """At the song's end (song second `song_s`): judge everything left; the last events
        (None: not yet, the play waits)."""
        return self.session.finish()

    def views(self) -> list:
        """What each player's highway draws (their engines)."""
        return list(self.session.engines)

    def behind_s(self, song_s: float) -> tuple[float, ...]:
        """How far behind song second `song_s` each highway is drawn (seconds)."""
        return ()

    def close(self) -> None:
        """The play is over: let go of what it holds beyond the stream (an online link)."""

    def player_hit(self, key: str, stamp: float) -> None:
        """A key pressed at `stamp` (perf_counter seconds): judge it and sound the drum at once."""
        if self.map_key is None:
            return
        event = self.map_key(key, self.clock.input_time(stamp, self.keyboard_offset_s))
        if event is not None:
            self.hit(event)

    def hit(self, event: InputEvent, sounded: bool = False) -> None:
        """A player's hit (at its own song time): judge it and sound the drum at once (unless
        `hit_at_once` has sounded it already)."""
        self.session.queue_input(event)
        if self.hit_sound is not None and not sounded:
            self.mix.schedule(self.hit_sound(event), None)

    def hit_at_once(self, event: InputEvent) -> bool:
        """Sound a kit's hit from the thread it arrived on (the MIDI callback), in the first
        buffer rendered after now, not after the loop's next pump; False while paused (then it
        is not played). Thread-safe: the mix's schedule is; the engine is left to the loop."""
        if not self.accepting:
            return False
        if self.hit_sound is not None:
            self.mix.schedule(self.hit_sound(event), None)
        return True


class PlayScreen(Screen):
    """One song being played on the game's loop: each key judged at the instant it was pumped,
    the engine advanced on the audio clock, drawn at the frame cap (between the parts of a
    frame the loop pumps again, so no key waits for a frame).

    When the play ends, `then(result)` says the screen to show in its place (None: back to
    the screen under it, which resumes with the result).

    The lead-in counts the song's first bar in on its beats. Resume from the pause menu counts
    "3, 2, 1" on the song's beat while the song stays paused; then it goes on exactly where it
    stopped. The count cannot be skipped (it is there so the hands find the kit in time; it
    lasts 1.5 to 3 s); Esc during it goes back to the pause menu, and a hit during it is not
    judged.
    """

    kit_menu = False  # the kits play the song
    pause_choices: tuple[str, ...] = PAUSE_CHOICES
    """The pause menu's lines (English, looked up when drawn): Resume, Restart, Quit."""

    def __init__(
        self,
        live: LivePlay,
        then: Callable[[PlayResult, Screen], Screen | None] | None = None,
        practice: bool = False,
        starts_at: float | None = None,
    ) -> None:
        """`practice`: the pause menu offers to practise the section being played (`then`
        reads `practice_at`); `starts_at`: the song's audio (its lead-in) starts at this
        `time.perf_counter()` instant, not on entering (a live duet's agreed start)."""
        self.live = live
        self.starts_at = starts_at
        self.then = then
        self.practice_at: float | None = None
        """The song second the pause menu's "Practise this section" was chosen at."""
        if practice:
            self.pause_choices = (*PAUSE_CHOICES, PRACTISE_HERE)
        if not live.can_pause:  # a live duet: no restart (the partner's song goes on)
            self.pause_choices = (PAUSE_CHOICES[0], LEAVE_DUET)
        self.scene: PlayScene | None = None
        self.paused: str | None = None  # why the song is paused, or None while it plays
        self.choice = 0  # the pause menu's highlighted line
        self.restart = False
        self.result: PlayResult | None = None
        self.frames: list[float] = []
        self._announced = -math.inf
        self._stream_noticed = False
        self._shots: list[tuple[float, Path]] = []
        self.count_in: tuple[CountBeat, ...] = ()
        """The count-in's beats in the lead-in (song seconds)."""
        self.resume_count: tuple[CountBeat, ...] | None = None
        """The count after Resume (the loop's seconds; () until its first update), or None."""
        self._now = 0.0  # the loop's seconds at the last update
        self._link_notice: str | None = None

    @property
    def frame_rate(self) -> int:
        """The frame cap while playing; the menus' rate while paused or counting to resume."""
        if self.paused is not None or self.resume_count is not None:
            return MENU_FPS
        return self.live.options.fps_cap

    @property
    def counting(self) -> bool:
        """True while the count after Resume runs (the song stays paused)."""
        return self.resume_count is not None

    def enter(self) -> None:
        """Start the song's audio (the clock runs from here)."""
        live = self.live
        surface = pygame.display.get_surface()
        size = surface.get_size() if surface is not None else (1280, 720)
        options = live.options
        keys = ()
        if options.key_labels:
            keys = strike_labels(options.settings, options.devices, options.keyboard_players)
        self.scene = PlayScene(
            live.song.chart,
            live.session,
            size,
            options.note_speed_s,
            options.names,
            keys,
            options.cameras,
            engines=live.views(),
        )
        self._shots = sorted(options.screenshots)
        self.count_in = count_in_beats(live.song.chart.tempo, live.clock.lead_in_s)
        self.scene.notice = live.notice
        if self.starts_at is None:
            self._start_audio()
        else:
            live.accepting = False  # a kit's hit is not sounded before the start

    def _start_audio(self) -> None:
        """Start the song's audio: its clock runs from here (from an agreed instant: as far
        into the stream as that instant is past, so the song clock is the partner's)."""
        live, scene = self.live, self.scene
        assert scene is not None
        if self.starts_at is not None:
            live.start_late(time.perf_counter() - self.starts_at)
        self.starts_at = None
        live.stream.start()  # hands the GIL over to the audio callback within 1 ms (see steady)
        scene.notice = live.stream.notice or live.notice
        self._stream_noticed = bool(live.stream.notice)

    def leave(self) -> None:
        """Stop the song's audio and the kits' hits; the play is over."""
        live = self.live
        live.accepting = False
        if live.kit_hits is not None:
            live.kit_hits.detach()
        live.stream.close()
        live.close()
        if self.result is None:
            self.result = PlayResult(live.session, False, self.frames, self.restart)

    # input ---------------------------------------------------------------------------------
    def pump(self, stamp: float) -> None:
        """The kits' hits since the last pump: played, or while the pause menu is up menu
        moves (green selects, red resumes, the toms go up and down: `pad_action`), so a kit
        player restarts, quits or practises from the pause menu with no key. Over a song that
        cannot pause (a live duet) the pads go on playing it, heard and judged, and the menu
        is walked with keys (a key opened it)."""
        kits = self.live.kit_hits
        if kits is not None:
            for hit, sounded in kits.take():
                if self.paused is not None and self.live.can_pause:
                    action = pad_action(hit)
                    if action is not None and self.paused is not None:
                        self._pause_menu(action)
                elif self._playing:
                    self.live.hit(hit, sounded)

    @property
    def _playing(self) -> bool:
        """True while a hit is a hit: the song has started and is not held by the pause menu
        or the count after Resume (a song that cannot pause is never held)."""
        if self.starts_at is not None or self.resume_count is not None:
            return False
        return self.paused is None or not self.live.can_pause

    def on_input(self, item: Pumped) -> None:
        """A key is a hit stamped at the pump; Esc and a lost focus pause."""
        event, live = item.event, self.live
        if event is None:
            return
        kits = live.kit_hits
        if kits is not None and event.type in JOYSTICK_EVENTS:
            hit = kits.on_event(event, item.stamp)
            if hit is not None and self._playing:
                live.hit(hit)
        if event.type == pygame.WINDOWFOCUSLOST and self.paused is None and live.can_pause:
            self.paused, self.choice = N_("The window lost focus"), 0
            self.resume_count = None
        elif event.type == pygame.KEYDOWN and self.paused is not None:
            self._pause_menu(item.action)
        elif event.type == pygame.KEYDOWN and self.resume_count is not None:
            if event.key == pygame.K_ESCAPE:  # back to the menu; other keys are no hits yet
                self.paused, self.choice, self.resume_count = "", 0, None
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.paused, self.choice = ("" if live.can_pause else ONLINE_MENU), 0
            elif self.starts_at is None:  # no hits before the song's agreed start
                live.player_hit(key_name(event), item.stamp)
        elif event.type == pygame.VIDEORESIZE and self.scene is not None:
            self.scene.layout(pygame.display.get_surface().get_size())

    def _pause_menu(self, action: Action | None) -> None:
        if action in (Action.UP, Action.DOWN):
            step = 1 if action == Action.DOWN else -1
            self.choice = (self.choice + step) % len(self.pause_choices)
        elif action == Action.BACK:
            self._resume()
        elif action == Action.SELECT:
            self.pause_chosen(self.choice)

    def pause_chosen(self, choice: int) -> None:
        """The pause menu's line `choice` was selected: resume, restart, quit or practise."""
        if choice == 0:
            self._resume()
        elif self.pause_choices[choice] == PRACTISE_HERE:
            self.practice_at = max(0.0, self.live.clock.song_time())
            self._end(False)
        else:
            self.restart = self.pause_choices[choice] == PAUSE_CHOICES[1]
            self._end(False)

    def _resume(self) -> None:
        """Leave the pause menu for the count after Resume (timed from the next update)."""
        self.paused, self.resume_count = None, ()

    # time ----------------------------------------------------------------------------------
    def update(self, now_s: float) -> None:
        """Judge up to the song clock's now; end the play after its last note and audio. While
        paused or counting to resume (`now_s`: the loop's seconds) the song stays still."""
        live, scene = self.live, self.scene
        assert scene is not None
        self._now = now_s
        if self.starts_at is not None:  # waiting for the agreed instant
            if time.perf_counter() < self.starts_at:
                return
            self._start_audio()
        if self.resume_count == ():
            song_s = live.clock.song_time()
            self.resume_count = resume_beats(live.song.chart.tempo, song_s, now_s)
        if self.resume_count and now_s >= count_ends_s(self.resume_count):
            self.resume_count = None
        still = self.paused is not None or self.resume_count is not None
        if not live.can_pause:  # the menu shows over the song, which goes on
            self.resume_count, still = None, False
        live.stream.pause(still)
        live.accepting = not still
        if still:
            return
        song_s = live.clock.song_time()
        if live.clock.started and song_s >= self._announced:
            # Once a song second, for tools that play along from outside (as a player follows
            # the music they hear, they follow the song clock, not the wall clock).
            self._announced = song_s + 1.0
            log.info("song time %.4f is at %.4f s since the epoch", song_s, time.time())
        if live.bot:
            live.queue_bot_inputs(song_s)
        scene.on_events(live.judge(song_s))
        if live.kit_hits is not None and live.kit_hits.notice:
            scene.notice = live.kit_hits.notice
        if live.stream.notice and not self._stream_noticed:  # known after its first buffer
            scene.notice, self._stream_noticed = live.stream.notice, True
        if live.link_notice != self._link_notice:
            self._link_notice = scene.notice = live.link_notice and _(live.link_notice)
        scene.behind_s = live.behind_s(song_s)
        if song_s >= live.end_s:
            last = live.end_events(song_s)
            if last is None:
                scene.notice = _("Waiting for your partner's last hits…")
                return
            scene.on_events(last)
            self._end(True)

    def _end(self, finished: bool) -> None:
        self.result = PlayResult(self.live.session, finished, self.frames, self.restart)
        following = self.then(self.result, self) if self.then is not None else None
        if following is None:
            self.stack.pop(self.result)
        else:
            self.stack.replace(following)

    # drawing -------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> Iterator[None]:
        """The highway and the players (in parts), or the pause menu over them."""
        live, scene = self.live, self.scene
        assert scene is not None
        draw_s = live.clock.draw_time()
        if self.paused is not None:
            scene.draw(surface, draw_s)
            draw_pause(surface, self.choice, self.paused or None, self.pause_choices)
            return
        if self.resume_count is not None:
            scene.draw(surface, draw_s)
            showing = beat_at(self.resume_count, self._now)
            if showing is not None:
                draw_resume_count(surface, showing[0].label, showing[1])
            return
        yield from scene.draw_parts(surface, draw_s)
        counting = beat_at(self.count_in, draw_s)
        if counting is not None:
            # each player's highway (the stage's layout may change: the whole screen then)
            boxes = [h.rect for h in getattr(scene, "highways", ())] or [surface.get_rect()]
            scale = getattr(scene, "scale", 1.0)
            draw_count_in(surface, boxes, counting[0].label, counting[1], scale)
        while self._shots and draw_s >= self._shots[0][0]:
            save_screenshot(surface, self._shots.pop(0)[1])

    def frame_drawn(self, draw_s: float) -> None:
        """Keep each frame's drawing time (seconds) for the play's result."""
        if self.paused is None and self.resume_count is None:
            self.frames.append(draw_s)


def run_play(live: LivePlay, app: AppContext | None = None) -> PlayResult:
    """Play `live` on the game's loop in the open window until it ends (for tests and
    benchmarks); the result, finished or not."""
    screen = PlayScreen(live)
    Loop(app or AppContext(LoadedSettings(live.options.settings))).run(screen)
    assert screen.result is not None
    return screen.result
