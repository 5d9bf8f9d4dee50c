"""Song previews: the highlighted song's audio plays in song select.

Song select calls `SongPreview.want(song, now)` every turn of the loop and `stop()` as it is
left or covered (a song starts: the preview is quiet before the song loads). A song highlighted
for `DELAY_S` plays its preview clip (`game.library.preview_source`: from preview_start_time,
else a third in, 25 s, faded in and out) looping on a mixer channel of its own; a new highlight
fades the old one out in `STOP_FADE_S`. The setup panel keeps it playing, as Clone Hero does.

Clips are made by one worker thread (SDL_mixer lets the GIL go while it decodes; the renderer's
numpy does too), so the list never waits for them; the latest request replaces one not yet
started. The last few clips are kept in memory as Sounds ready to play (`KEEP_CLIPS`, least
recently used out first).
A song whose clip cannot be made stays silent (the reason is logged with the file named).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame
from numpy.typing import NDArray

from game.audio.preview_clip import DELAY_S, STOP_FADE_S
from game.library.index import SongRecord
from game.library.preview_source import preview_clip, record_window
from game.store.settings import AudioSettings

log = logging.getLogger(__name__)

ASK_AFTER_S = 0.1
"""How long a song is highlighted before its clip is asked for (seconds): scrolling past a song
makes no clip for it."""
KEEP_CLIPS = 4
"""Clips kept in memory as Sounds (about 10 MB each at 48 kHz); the preview cache on disk
gives back the others in a few tens of milliseconds."""
CHANNEL = 0
"""The mixer channel the previews play on (reserved: nothing else takes it)."""

ClipMaker = Callable[[SongRecord, int], NDArray[np.float32]]
"""Makes a song's preview clip: float32 (n, 2) frames at the rate given (Hz)."""


@dataclass(frozen=True, slots=True)
class _Key:
    """What a clip is of: the song's folder, its window, the mixer's format (rate Hz, sample
    size, channels) it was made for."""

    folder: Path
    window: tuple[float, float]
    mixer: tuple[int, int, int]

    @property
    def rate(self) -> int:
        """The mixer's rate (Hz)."""
        return self.mixer[0]


@dataclass
class ClipTiming:
    """How long one clip took to make (`seconds`, on the worker) and of which song."""

    folder: Path
    seconds: float
    ok: bool


class SongPreview:
    """The preview player (see the module). `audio()` gives the audio settings now (volumes
    and whether previews play); `make_clip` makes a clip (default: `preview_clip`); with
    `sound` False nothing ever plays (the game runs without its sound card)."""

    def __init__(
        self,
        audio: Callable[[], AudioSettings],
        make_clip: ClipMaker = preview_clip,
        sound: bool = True,
    ) -> None:
        self._audio = audio
        self._sound = sound
        self._make_clip = make_clip
        self._clips: OrderedDict[_Key, pygame.mixer.Sound] = OrderedDict()
        self._failed: set[_Key] = set()
        self._lock = threading.Condition()
        self._request: tuple[_Key, SongRecord] | None = None
        self._busy: _Key | None = None
        self._done: dict[_Key, pygame.mixer.Sound | None] = {}
        self._thread: threading.Thread | None = None
        self._closed = False
        self._wanted: _Key | None = None
        self._since = 0.0
        self._asked = False
        self._playing: _Key | None = None
        self._channel: pygame.mixer.Channel | None = None
        self._volume = -1.0
        self.timings: deque[ClipTiming] = deque(maxlen=100)
        """How long the latest clips took to make, in order (measurements, tests)."""
        self.started_at: float | None = None
        """The `now` at which the preview playing now started (None: none plays)."""

    # the screen's side ---------------------------------------------------------------------
    def want(self, song: SongRecord | None, now: float) -> None:
        """Song select's turn: `song` is highlighted at `now` (seconds, the loop's clock); None
        or a song without audio: silence. Cheap when nothing changes."""
        audio = self._audio()
        mixer = _mixer_format()
        key = None
        if song is not None and audio.previews and self._sound and mixer is not None:
            window = record_window(song)
            key = _Key(song.folder, (window.start_s, window.length_s), mixer)
        if key != self._wanted:
            self._fade_out()
            self._wanted, self._since, self._asked = key, now, False
        if key is None or song is None:
            return
        volume = audio.master_volume * audio.music_volume
        if self._playing == key:
            self._set_volume(volume)
            return
        self._collect()
        sound = self._clips.get(key)
        if sound is None:
            if not self._asked and key not in self._failed and now - self._since >= ASK_AFTER_S:
                self._ask(key, song)
            return
        if now - self._since >= DELAY_S:
            self._clips.move_to_end(key)
            self._play(key, sound, volume, now)

    def stop(self) -> None:
        """Silence now (a short fade): song select is left or covered. The next `want` waits
        `DELAY_S` again before playing."""
        self._fade_out()
        self._wanted = None
        with self._lock:
            self._request = None

    def close(self) -> None:
        """Stop and end the worker (the game is quitting)."""
        self.stop()
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def playing(self) -> Path | None:
        """The folder of the song whose preview plays now, or None."""
        return None if self._playing is None else self._playing.folder

    def idle(self) -> bool:
        """True when the worker has no clip to make (none asked for, none being made)."""
        with self._lock:
            return self._request is None and self._busy is None

    # playing -------------------------------------------------------------------------------
    def _play(self, key: _Key, sound: pygame.mixer.Sound, volume: float, now: float) -> None:
        try:
            pygame.mixer.set_reserved(CHANNEL + 1)
            channel = pygame.mixer.Channel(CHANNEL)
            channel.set_volume(volume)
            channel.play(sound, loops=-1)
        except pygame.error as e:
            log.warning("the preview cannot play: %s", e)
            self._failed.add(key)
            return
        self._channel, self._playing, self._volume = channel, key, volume
        self.started_at = now
        log.info(
            "preview of %s plays (%.3f s after it was highlighted)", key.folder, now - self._since
        )

    def _set_volume(self, volume: float) -> None:
        if volume != self._volume and self._channel is not None:
            self._volume = volume
            with contextlib.suppress(pygame.error):
                self._channel.set_volume(volume)

    def _fade_out(self) -> None:
        if self._channel is not None and pygame.mixer.get_init() is not None:
            with contextlib.suppress(pygame.error):
                self._channel.fadeout(max(1, round(STOP_FADE_S * 1000)))
            log.info("preview of %s fades out", self.playing)
        self._channel, self._playing, self.started_at = None, None, None

    # the worker ----------------------------------------------------------------------------
    def _ask(self, key: _Key, song: SongRecord) -> None:
        self._asked = True
        with self._lock:
            if self._busy == key:
                return
            self._request = (key, song)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="song-preview", daemon=True)
                self._thread.start()
            self._lock.notify_all()

    def _collect(self) -> None:
        """Take the clips the worker finished into the memory cache."""
        with self._lock:
            done, self._done = self._done, {}
        for key, sound in done.items():
            if sound is None:
                self._failed.add(key)
                continue
            self._clips[key] = sound
            self._clips.move_to_end(key)
            while len(self._clips) > KEEP_CLIPS:
                self._clips.popitem(last=False)
        if done and self._wanted in done and done[self._wanted] is not None:
            self._asked = True  # made: nothing more to ask

    def _work(self) -> None:
        while True:
            with self._lock:
                while self._request is None and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                assert self._request is not None
                (key, song), self._request = self._request, None
                self._busy = key
            t0 = time.perf_counter()
            sound = None
            try:  # the Sound is made here too: a 10 MB copy the loop need not wait for
                sound = _sound(self._make_clip(song, key.rate), key.mixer)
            except Exception as e:  # any bad file: this song stays silent, the list goes on
                log.warning("no preview for %s: %s", song.folder, e)
            seconds = time.perf_counter() - t0
            self.timings.append(ClipTiming(song.folder, seconds, sound is not None))
            log.info("preview clip of %s made in %.3f s", song.folder, seconds)
            with self._lock:
                self._done[key] = sound
                self._busy = None


def _mixer_format() -> tuple[int, int, int] | None:
    """The open mixer's (rate Hz, sample size, channels), or None when no mixer is open (no
    audio: no previews)."""
    try:
        init = pygame.mixer.get_init()
    except pygame.error:
        return None
    return None if init is None else (int(init[0]), int(init[1]), int(init[2]))


def _sound(clip: NDArray[np.float32], mixer: tuple[int, int, int]) -> pygame.mixer.Sound:
    """`clip` as a Sound for a mixer opened as `mixer` (rate, sample size, channels): float32 or
    16-bit, any number of channels. ValueError for another sample format."""
    _rate, size, channels = mixer
    frames = clip if channels == 2 else clip.mean(axis=1, keepdims=True).repeat(channels, axis=1)
    if abs(size) == 32:
        data = np.ascontiguousarray(frames, dtype=np.float32)
    elif size == -16:
        data = np.rint(np.clip(frames, -1, 1) * 32767).astype(np.int16)
    else:
        raise ValueError(f"previews need a 16-bit or float mixer, not {mixer}")
    return pygame.mixer.Sound(buffer=data)
