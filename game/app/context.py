"""The app context: the services the screens share, built once at start-up and handed to them.

No screen builds any of these: the device list (one MIDI client for the whole game), the
settings (loaded and saved here only), the score book with the plays it could not take yet,
the song library's songs, and the audio output.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from game.app.song_preview import SongPreview
from game.audio.stream import OutputFormat, open_output
from game.base.language import _, set_language
from game.core.devices import DeviceId
from game.input.keyboard import KEYBOARD
from game.input.kit_devices import KitDevices
from game.library.index import SongRecord
from game.library.scan_service import ScanService
from game.store.pending_plays import PendingPlays
from game.store.practice_book import PracticeBook, PracticeBookError
from game.store.scores import ScoreBook, ScoreBookError
from game.store.settings import LoadedSettings, Settings, save_settings
from game.store.song_book import SongBook
from game.ui.song_select_view import SongSelectState

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """What lives from the title to quitting (see the module)."""

    loaded: LoadedSettings
    book: ScoreBook | None = None
    devices: KitDevices | None = None
    songs: list[SongRecord] = field(default_factory=list)
    scan: ScanService | None = None
    """The background scan that keeps `songs` up to date (None: the songs are fixed)."""
    pending: PendingPlays = field(default_factory=PendingPlays)
    """The finished plays the score book could not take yet (stored at start, at the next
    save, and when the results screen is left)."""
    notice: str | None = None
    """Something the players should know on the title (settings set aside, no score book)."""
    last_play_median_ms: float | None = None
    """The median hit error of player 1's last finished play (for calibration), ms."""
    last_play_device: DeviceId = KEYBOARD
    """Player 1's input device in that play."""
    select: SongSelectState | None = None
    """Song select as the players left it (built when first opened)."""
    song_select_shot: Path | None = None
    """Where song select saves its screen as the players leave it (tests and demos)."""
    song_book: SongBook | None = None
    """Plays, last plays, favourites and setlists (None: not opened, nothing is kept)."""
    settings_file: Path | None = None
    """Where the settings are saved (None: the user's config directory)."""
    sound_card: bool = True
    """False: the screens' own audio streams (a tap test's) open no audio device, and whoever
    runs the loop hands their buffers out (`AudioStream.hand_out`) on its own clock (tests)."""
    preview: SongPreview | None = None
    """Song select's audio previews, once made (`song_preview`)."""
    practice: PracticeBook | None = None
    """Practice's records, once opened (`practice_book`)."""
    practice_problem: str | None = None
    """Why the practice book could not be opened (then practice keeps no records)."""

    @property
    def settings(self) -> Settings:
        """The player's settings as they are now."""
        return self.loaded.settings

    def set_settings(self, settings: Settings, save: bool = True) -> str | None:
        """Take `settings` as the player's and save them (unless `save` is False); a notice
        when they could not be saved (they still apply until the game quits). A new language
        is spoken at once."""
        before = self.loaded.settings.interface.spoken()
        self.loaded = dataclasses.replace(self.loaded, settings=settings)
        if settings.interface.spoken() != before:
            set_language(settings.interface.spoken())  # the next frame speaks it
        if not save:
            return None
        try:
            save_settings(settings, self.settings_file)
        except OSError as e:
            log.warning("settings not saved: %s", e)
            return _("Settings not saved: {problem}").format(problem=e)
        return None

    def song_preview(self) -> SongPreview:
        """Song select's audio previews (made when first asked; at the settings' volumes;
        silent without the sound card)."""
        if self.preview is None:
            self.preview = SongPreview(lambda: self.settings.audio, sound=self.sound_card)
        return self.preview

    def practice_book(self) -> PracticeBook | None:
        """Practice's records (opened when first asked; None when the file cannot be used,
        and `practice_problem` says why)."""
        if self.practice is None and self.practice_problem is None:
            try:
                self.practice = PracticeBook()
            except (PracticeBookError, sqlite3.Error, OSError) as e:
                log.warning("practice records: %s", e)
                self.practice_problem = _("Practice records cannot be kept: {problem}").format(
                    problem=e
                )
        return self.practice

    def open_devices(self) -> KitDevices:
        """Open the one device list anew through the settings' MIDI system, closing the one
        open now (a new MIDI system, or a rescan); the players' devices and every kit with a
        chosen profile are listed even when not plugged in."""
        if self.devices is not None:
            self.devices.close()
        inputs = self.settings.input
        remembered = [*inputs.devices, *inputs.kit_profiles]
        self.devices = KitDevices(inputs.midi_api, remembered=remembered)
        return self.devices

    def audio_output(self) -> OutputFormat:
        """The audio device opened as the settings ask (re-opened only when they changed)."""
        audio = self.settings.audio
        return open_output(audio.sample_rate, audio.buffer_frames, audio.output_device)

    def close(self) -> None:
        """Stop the background scan; close the devices, the previews and the song book (the
        game is quitting)."""
        if self.scan is not None:
            self.scan.stop()
        if self.devices is not None:
            self.devices.close()
        if self.preview is not None:
            self.preview.close()
        if self.song_book is not None:
            self.song_book.close()
        if self.practice is not None:
            self.practice.close()


def open_score_book() -> tuple[ScoreBook | None, str | None]:
    """The player's score book, or None and a notice when it cannot be opened."""
    try:
        return ScoreBook(), None
    except ScoreBookError as e:
        log.warning("scores: %s", e)
        return None, _("Scores cannot be saved: {problem}").format(problem=e)
