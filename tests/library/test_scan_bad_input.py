"""Bad input while the index scans real folders: a folder that vanishes mid-scan, a song.ini
rewritten while listed (and while the scan runs), a chart the lean reader trips on, a .chart
cut short. Each is skipped or listed unplayable with the file named; the scan never stops.
(Folders that cannot be opened: tests/library/test_odd_folders.py.)"""

from __future__ import annotations

import shutil
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from game.library import index, scan_pool, summary
from game.library.index import SongLibrary
from tests.helpers import ROOT

NARA = ROOT / "charts" / "nara-soundcheck"


def make_songs(root: Path, n: int) -> list[Path]:
    folders = []
    for i in range(n):
        folder = root / f"Song {i:03}"
        folder.mkdir(parents=True)
        shutil.copy(NARA / "notes.mid", folder)
        (folder / "song.ini").write_text(f"[song]\nname = Song {i:03}\n")
        folders.append(folder)
    return folders


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "two-workers"])
def test_a_folder_that_vanishes_mid_scan_is_skipped(tmp_path, workers):
    folders = make_songs(tmp_path / "songs", 60)
    gone = folders[-1]

    def remove_once(done, total):
        if gone.exists():
            shutil.rmtree(gone)  # after the walk and stamps, before it is read

    with SongLibrary(tmp_path / "library.db") as library:
        result = library.scan([tmp_path / "songs"], on_progress=remove_once, workers=workers)
        listed = library.songs()
        assert len(listed) == 59 and gone not in {s.folder for s in listed}
        assert all(s.playable for s in listed) and result.unplayable == 0
        assert library.scan([tmp_path / "songs"], workers=workers).parsed == 0


def test_a_folder_that_vanishes_while_its_batch_is_written_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(index, "WRITE_BATCH", 24)  # a batch a chunk of folders read
    folders = make_songs(tmp_path / "songs", 60)
    heard = []

    def remove_later(records):
        heard.extend(records)
        if folders[-1].exists():
            shutil.rmtree(folders[-1])  # the first batch is in; the last folder is not read yet

    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([tmp_path / "songs"], on_songs=remove_later, workers=0)
        assert len(library.songs()) == 59 == len(heard)
        assert folders[-1] not in {s.folder for s in library.songs()}


def test_a_song_ini_rewritten_while_listed_is_read_again(tmp_path):
    folders = make_songs(tmp_path / "songs", 3)
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([tmp_path / "songs"])
        (folders[1] / "song.ini").write_text("[song]\nname = Renamed Later\nartist = New\n")
        result = library.scan([tmp_path / "songs"])
        assert (result.parsed, result.reused) == (1, 2)
        assert library.song(folders[1]).title == "Renamed Later"
        (folders[1] / "song.ini").write_bytes(b"\x00\x01\x02 garbage")  # then broken
        library.scan([tmp_path / "songs"])
        record = library.song(folders[1])
        assert not record.playable and record.reason.startswith("song.ini: not a song.ini")


def test_a_song_ini_rewritten_while_the_scan_runs_is_read_again_next_time(tmp_path):
    folders = make_songs(tmp_path / "songs", 60)

    def rewrite(done, total):
        if done == 0:  # stamped already, not read yet
            (folders[30] / "song.ini").write_text("[song]\nname = Rewritten Meanwhile!\n")

    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([tmp_path / "songs"], on_progress=rewrite, workers=2)
        assert library.song(folders[30]).title == "Rewritten Meanwhile!"
        result = library.scan([tmp_path / "songs"], workers=2)
        assert result.parsed == 1  # its stamp is older than what was read: read once more


def test_a_chart_the_reader_trips_on_is_listed_unplayable_naming_it(tmp_path, monkeypatch):
    folders = make_songs(tmp_path / "songs", 50)
    bad = folders[7] / "notes.mid"
    real = summary.summarize_chart

    def trips_on_one(data, path, ini):
        if path == bad:
            raise IndexError("index 9 is out of bounds")  # a fault of the reader, not the file
        return real(data, path, ini)

    monkeypatch.setattr(summary, "summarize_chart", trips_on_one)
    with SongLibrary(tmp_path / "library.db") as library:
        result = library.scan([tmp_path / "songs"], workers=0)
        assert result.songs == 50 and result.unplayable == 1
        record = library.song(folders[7])
        assert (
            record.full_reason == f"{bad}: could not be read (IndexError: index 9 is out of bounds)"
        )
        assert all(s.playable for s in library.songs() if s.folder != folders[7])


def test_a_chart_cut_short_is_listed_unplayable_with_the_line(tmp_path):
    folder = tmp_path / "songs" / "cut"
    folder.mkdir(parents=True)
    text = "[Song]\n{\n  Resolution = 192\n}\n[ExpertDrums]\n{\n  0 = N 0 0\n  192 = N 1 0\n"
    (folder / "notes.chart").write_text(text)
    make_songs(tmp_path / "songs", 2)
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([tmp_path / "songs"])
        record = library.song(folder)
        assert not record.playable
        assert record.reason == "notes.chart: line 5: section [ExpertDrums] is not closed with }"
        assert len([s for s in library.songs() if s.playable]) == 2


def test_folders_of_a_worker_that_died_are_listed_then_read_again(tmp_path, monkeypatch):
    """A worker process that dies (killed, out of memory) takes its task's folders with it: they
    are listed as not read, with no stamp, so the next scan reads them again."""
    folders = make_songs(tmp_path / "songs", 6)
    real_read_rows = index.read_rows

    def first_worker_dies(todo, *args, **kw):
        died = Future()
        died.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        yield scan_pool._rows(died, todo[:2])
        yield from real_read_rows(todo[2:], *args, **kw)

    monkeypatch.setattr(index, "read_rows", first_worker_dies)
    with SongLibrary(tmp_path / "library.db") as library:
        result = library.scan([tmp_path / "songs"])
        assert result.songs == 6 and result.unplayable == 2
        lost = library.song(folders[0])
        assert lost.problem == "could not be read (the reader stopped: BrokenProcessPool)"
        monkeypatch.setattr(index, "read_rows", real_read_rows)
        again = library.scan([tmp_path / "songs"])
        assert (again.parsed, again.reused, again.unplayable) == (2, 4, 0)
        assert library.song(folders[0]).playable
