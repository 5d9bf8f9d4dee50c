"""Audio stems of a song folder: names in any case, the best format of each, drums picked out."""

from __future__ import annotations

from pathlib import Path

from game.library.stems import STEM_NAMES, drum_stems, find_stems


def touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_bytes(b"audio")


def test_each_stem_takes_its_best_format_ogg_opus_mp3_wav(tmp_path):
    touch(tmp_path, "song.wav", "song.mp3", "Song.OGG", "song.opus")
    touch(tmp_path, "drums.wav", "DRUMS.opus", "drums.mp3")
    touch(tmp_path, "bass.wav", "bass.mp3", "guitar.wav")
    assert find_stems(tmp_path) == {
        "song": tmp_path / "Song.OGG",
        "guitar": tmp_path / "guitar.wav",
        "bass": tmp_path / "bass.mp3",
        "drums": tmp_path / "DRUMS.opus",
    }


def test_stems_come_in_mixer_order_and_other_files_are_ignored(tmp_path):
    touch(tmp_path, "drums_2.ogg", "crowd.ogg", "drums_1.ogg", "keys.ogg", "vocals.ogg")
    touch(tmp_path, "notes.mid", "album.png", "drums_5.ogg", "song.aiff", "song.ogg.bak")
    touch(tmp_path, "guitar.flac")
    (tmp_path / "rhythm.ogg").mkdir()
    stems = find_stems(tmp_path)
    assert list(stems) == ["guitar", "keys", "vocals", "crowd", "drums_1", "drums_2"]
    assert list(stems) == [n for n in STEM_NAMES if n in stems]


def test_drum_stems_are_the_drums_and_numbered_drums(tmp_path):
    touch(tmp_path, "song.ogg", "drums.ogg", "drums_1.ogg", "drums_4.mp3", "bass.ogg")
    assert drum_stems(find_stems(tmp_path)) == ["drums", "drums_1", "drums_4"]
    assert drum_stems(["song", "guitar"]) == []


def test_a_missing_folder_has_no_stems(tmp_path):
    assert find_stems(tmp_path / "gone") == {}
