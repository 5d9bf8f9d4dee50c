"""The preview service on the tests' own clock, over real song folders with WAV stems and a real
mixer (SDL's dummy driver): when it asks for a clip, when it plays, what it keeps in memory."""

from __future__ import annotations

import dataclasses
import shutil
import time

import pygame
import pytest

from game.app.song_preview import ASK_AFTER_S, KEEP_CLIPS, SongPreview
from game.audio.preview_clip import DELAY_S
from game.formats.song_folder import builtin_charts_dir
from game.library.index import SongLibrary, SongRecord
from game.store.settings import Settings
from tests.audio.stem_files import open_mixer, write_stem

ASK = ASK_AFTER_S + 1e-3
PLAY = DELAY_S + 1e-3
"""Just past each wait (seconds added up on the clock are not exact)."""


@pytest.fixture
def mixer(monkeypatch, tmp_path):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path / "home"))
    yield from open_mixer(monkeypatch, 48000)


@pytest.fixture
def songs(tmp_path) -> list[SongRecord]:
    """Seven song folders, each with a 30 s WAV stem of its own tone, as the library lists them."""
    root = tmp_path / "songs"
    for i in range(KEEP_CLIPS + 3):
        folder = root / f"Song {i}"
        folder.mkdir(parents=True)
        shutil.copy(builtin_charts_dir() / "nara-soundcheck" / "notes.mid", folder / "notes.mid")
        (folder / "song.ini").write_text(f"[song]\nname = Song {i}\npreview_start_time = 2000\n")
        write_stem(folder / "song.wav", 30.0, levels=(0.3,), freq_hz=300.0 + 100 * i)
    library = SongLibrary(tmp_path / "index.sqlite3")
    library.scan([root])
    return library.songs()


def settle(preview: SongPreview) -> None:
    """Wait until the worker has made every clip asked for (no time is asserted)."""
    for _ in range(2000):
        if preview.idle():
            return
        time.sleep(0.005)
    raise AssertionError("the preview worker never finished")


def test_a_song_plays_only_once_highlighted_for_its_delay_and_stops_when_left(mixer, songs):
    preview = SongPreview(lambda: Settings().audio)
    first, second = songs[0], songs[1]
    preview.want(first, 100.0)
    preview.want(first, 100.0 + ASK_AFTER_S / 2)
    settle(preview)
    assert list(preview.timings) == []  # not asked for yet: scrolling past makes nothing
    preview.want(first, 100.0 + ASK)
    settle(preview)
    assert [t.folder for t in preview.timings] == [first.folder]
    preview.want(first, 100.0 + DELAY_S - 0.01)
    assert preview.playing is None  # made, but its 0.4 s have not passed
    preview.want(first, 100.0 + PLAY)
    assert preview.playing == first.folder and preview.started_at == 100.0 + PLAY
    channel = pygame.mixer.Channel(0)
    assert channel.get_busy() and channel.get_volume() == pytest.approx(0.8, abs=0.01)
    preview.want(second, 101.0)
    assert preview.playing is None  # the old one fades out at once
    preview.want(first, 102.0)  # back: its clip is in memory, it waits its delay again
    preview.want(first, 102.0 + PLAY)
    assert preview.playing == first.folder and len(preview.timings) == 1
    preview.stop()
    assert preview.playing is None
    preview.close()


def test_songs_passed_over_quickly_make_no_clips_and_memory_keeps_the_latest(mixer, songs):
    preview = SongPreview(lambda: Settings().audio)
    now = 0.0
    for song in songs:  # held down: 50 ms a song
        preview.want(song, now)
        now += ASK_AFTER_S / 2
    settle(preview)
    assert list(preview.timings) == []
    for song in songs:  # each listened to
        preview.want(song, now)
        preview.want(song, now + ASK)
        settle(preview)
        preview.want(song, now + PLAY)
        assert preview.playing == song.folder
        now += 1.0
    assert len(preview.timings) == len(songs)
    preview.want(songs[-KEEP_CLIPS], now)  # still in memory: nothing made
    preview.want(songs[-KEEP_CLIPS], now + PLAY)
    assert preview.playing == songs[-KEEP_CLIPS].folder
    assert len(preview.timings) == len(songs)
    now += 1.0
    preview.want(songs[0], now)  # gone from memory: made again (from the preview cache)
    preview.want(songs[0], now + ASK)
    settle(preview)
    assert len(preview.timings) == len(songs) + 1
    preview.close()


def test_the_music_volume_and_master_volume_set_the_level_as_they_change(mixer, songs):
    audio = Settings().audio
    settings = {"audio": audio}
    preview = SongPreview(lambda: settings["audio"])
    preview.want(songs[0], 0.0)
    preview.want(songs[0], ASK)
    settle(preview)
    preview.want(songs[0], PLAY)
    settings["audio"] = dataclasses.replace(audio, master_volume=0.5, music_volume=0.5)
    preview.want(songs[0], PLAY + 0.1)
    assert pygame.mixer.Channel(0).get_volume() == pytest.approx(0.25, abs=0.01)
    settings["audio"] = dataclasses.replace(audio, previews=False)
    preview.want(songs[0], PLAY + 0.2)
    assert preview.playing is None
    preview.close()


def test_without_the_sound_card_nothing_is_made_or_played(mixer, songs):
    preview = SongPreview(lambda: Settings().audio, sound=False)
    for now in (0.0, 0.2, 0.5, 1.0):
        preview.want(songs[0], now)
    settle(preview)
    assert preview.playing is None and list(preview.timings) == []
    preview.close()


def test_no_mixer_means_no_preview(monkeypatch, songs, tmp_path):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path / "home"))
    pygame.mixer.quit()
    preview = SongPreview(lambda: Settings().audio)
    for now in (0.0, 0.2, 0.5):
        preview.want(songs[0], now)
    settle(preview)
    assert preview.playing is None and list(preview.timings) == []
    assert pygame.mixer.get_init() is None  # it never opens the mixer itself
    preview.close()
