"""The background scan service on real folders and a real index: it lists what the index holds
at once, finds songs on its thread, finds folders added later when started again, and scans
once more when asked during a scan."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.core.lanes import Part
from game.library.scan_service import ScanService
from tests.helpers import ROOT, TESTDATA

NARA = ROOT / "charts" / "nara-soundcheck"


def add_song(root: Path, name: str, source: Path = NARA) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    shutil.copy(source / "notes.mid", folder)
    (folder / "song.ini").write_text(f"[song]\nname = {name}\n")
    return folder


def finished(service: ScanService) -> list:
    assert service.wait(120), "the scan did not end"
    songs = service.poll()
    assert songs is not None
    return songs


def test_the_service_finds_songs_then_folders_added_later(tmp_path):
    root = tmp_path / "songs"
    for i in range(3):
        add_song(root, f"Song {i}")
    service = ScanService(tmp_path / "library.db", lambda: [root], workers=0)
    assert service.load() == [] and service.progress is None
    service.start()
    songs = finished(service)
    assert [s.title for s in songs] == ["Song 0", "Song 1", "Song 2"]
    assert service.progress is None and service.scans == 1 and service.error is None
    assert service.poll() is None  # nothing new since

    add_song(root, "Added While Running")
    service.start()  # as the window regaining focus, or F5, does
    assert "Added While Running" in {s.title for s in finished(service)}
    assert len(ScanService(tmp_path / "library.db", lambda: [root]).load()) == 4  # kept


def test_a_removed_folder_leaves_the_list_after_a_rescan(tmp_path):
    root = tmp_path / "songs"
    folders = [add_song(root, f"Song {i}") for i in range(3)]
    service = ScanService(tmp_path / "library.db", lambda: [root], workers=0)
    service.start()
    finished(service)
    shutil.rmtree(folders[0])
    service.start()
    assert [s.title for s in finished(service)] == ["Song 1", "Song 2"]


def test_a_rescan_asked_during_a_scan_runs_after_it(tmp_path):
    root = tmp_path / "songs"
    for i in range(60):
        add_song(root, f"Song {i:02}")
    service = ScanService(tmp_path / "library.db", lambda: [root], workers=0, details=False)
    service.start()
    add_song(root, "Late")
    service.start()  # while the first runs
    songs = finished(service)
    assert service.scans == 2 and "Late" in {s.title for s in songs}


def test_the_duet_split_is_counted_after_the_listing(tmp_path):
    rolls = TESTDATA / "rb-charts" / "fofix-tutorials" / "drumrolls"
    root = tmp_path / "songs"
    folder = add_song(root, "Split Me", rolls if rolls.is_dir() else NARA)
    service = ScanService(tmp_path / "library.db", lambda: [root], workers=0)
    service.start()
    (song,) = finished(service)
    assert song.folder == folder and song.difficulties(Part.P1)  # split or charted, counted
