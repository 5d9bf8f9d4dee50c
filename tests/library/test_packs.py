"""Song-pack import: good packs land as song folders; hostile or broken ones are refused and
leave the songs folder exactly as it was."""

from __future__ import annotations

import json
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from game.library import packs
from game.library.index import SongLibrary
from game.library.packs import PackError, import_song_pack
from tests.library.test_index import chart_doc, write_song

CHART = json.dumps(chart_doc("Gilded Hour"))


def make_zip(path: Path, members: dict[str, str | bytes | zipfile.ZipInfo]) -> Path:
    """A zip at `path` holding `members` (name -> data), deflated."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`, hidden ones too."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def songs_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "songs"
    write_song(folder, "Already Here", "Nara Soundcheck")
    return folder


def test_a_pack_folder_of_songs_imports_whole_and_scans_as_playable(tmp_path, songs_dir):
    pack = make_zip(
        tmp_path / "jackets.zip",
        {
            "Jacket Pack/": "",
            "Jacket Pack/Gilded/chart.json": CHART,
            "Jacket Pack/Gilded/drums.ogg": b"audio",
            "Jacket Pack/Fire/chart.json": json.dumps(chart_doc("Firecracker Night")),
            "Jacket Pack/readme.txt": "thanks for playing",
            "__MACOSX/Jacket Pack/._Gilded": b"resource fork",
        },
    )
    added = import_song_pack(pack, songs_dir)
    assert added == [songs_dir / "Jacket Pack" / "Fire", songs_dir / "Jacket Pack" / "Gilded"]
    assert (songs_dir / "Jacket Pack" / "readme.txt").exists()
    assert not (songs_dir / "__MACOSX").exists()
    with SongLibrary(tmp_path / "library.db") as library:
        result = library.scan([songs_dir])
        assert (result.songs, result.unplayable) == (3, 0)
        gilded = library.song(songs_dir / "Jacket Pack" / "Gilded")
        assert gilded.playable and gilded.title == "Gilded Hour"
        assert list(gilded.stem_files()) == ["drums"]


def test_a_chart_at_the_top_of_the_archive_becomes_a_folder_named_after_it(tmp_path, songs_dir):
    pack = make_zip(tmp_path / "Firecracker Night.zip", {"chart.json": CHART, "song.ogg": b"a"})
    assert import_song_pack(pack, songs_dir) == [songs_dir / "Firecracker Night"]
    assert (songs_dir / "Firecracker Night" / "song.ogg").read_bytes() == b"a"


def test_an_existing_song_folder_is_never_overwritten(tmp_path, songs_dir):
    before = (songs_dir / "Already Here" / "chart.json").read_bytes()
    pack = make_zip(tmp_path / "p.zip", {"Already Here/chart.json": CHART})
    assert import_song_pack(pack, songs_dir) == [songs_dir / "Already Here (2)"]
    assert import_song_pack(pack, songs_dir) == [songs_dir / "Already Here (3)"]
    assert (songs_dir / "Already Here" / "chart.json").read_bytes() == before


def test_a_missing_songs_folder_is_made_and_a_refusal_leaves_none(tmp_path):
    good = make_zip(tmp_path / "good.zip", {"Song/chart.json": CHART})
    bad = make_zip(tmp_path / "bad.zip", {"readme.txt": "no songs here"})
    with pytest.raises(PackError):
        import_song_pack(bad, tmp_path / "new" / "songs")
    assert not (tmp_path / "new" / "songs").exists()
    assert import_song_pack(good, tmp_path / "new" / "songs") == [tmp_path / "new/songs/Song"]


def symlink(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


HOSTILE = {
    "absolute path": ({"/tmp/evil/chart.json": CHART}, "has an absolute path"),
    "dot-dot": ({"Song/../../evil/chart.json": CHART}, "climbs out of its folder"),
    "dot-dot on Windows": ({"Song/.. /chart.json": CHART}, "climbs out of its folder"),
    "drive letter": ({"C:/Songs/evil/chart.json": CHART}, "drive letter"),
    "backslash": ({"Song\\..\\..\\evil.json": CHART}, "backslash"),
    "no song folder": ({"readme.txt": "hi", "art/cover.png": b"png"}, "holds no song folder"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_member_is_refused_and_nothing_changes(tmp_path, songs_dir, case):
    members, message = HOSTILE[case]
    pack = make_zip(tmp_path / "pack.zip", {"Good/chart.json": CHART, **members})
    if case == "no song folder":
        pack = make_zip(tmp_path / "pack.zip", members)
    before = snapshot(songs_dir)
    with pytest.raises(PackError, match=message) as refused:
        import_song_pack(pack, songs_dir)
    assert refused.value.path == str(pack)
    assert snapshot(songs_dir) == before
    assert not (tmp_path / "evil").exists()


def test_a_symlink_member_is_refused(tmp_path, songs_dir):
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as z:
        z.writestr("Song/chart.json", CHART)
        z.writestr(symlink("Song/song.ogg", "/etc/passwd"), "/etc/passwd")
    before = snapshot(songs_dir)
    with pytest.raises(PackError, match=r"'Song/song\.ogg' is a symbolic link"):
        import_song_pack(pack, songs_dir)
    assert snapshot(songs_dir) == before


def test_too_many_files_are_refused(tmp_path, songs_dir, monkeypatch):
    monkeypatch.setattr(packs, "MAX_PACK_FILES", 5)
    members = {f"Song/part{i}.txt": "x" for i in range(5)}
    pack = make_zip(tmp_path / "pack.zip", {"Song/chart.json": CHART, **members})
    before = snapshot(songs_dir)
    with pytest.raises(PackError, match="holds 6 files, more than the 5 allowed"):
        import_song_pack(pack, songs_dir)
    assert snapshot(songs_dir) == before
    monkeypatch.setattr(packs, "MAX_PACK_FILES", 6)
    assert import_song_pack(pack, songs_dir) == [songs_dir / "Song"]


def test_too_many_bytes_are_refused(tmp_path, songs_dir, monkeypatch):
    monkeypatch.setattr(packs, "MAX_PACK_BYTES", 20_000)
    pack = make_zip(tmp_path / "pack.zip", {"Song/chart.json": CHART, "Song/a.bin": bytes(30_000)})
    before = snapshot(songs_dir)
    with pytest.raises(PackError) as refused:
        import_song_pack(pack, songs_dir)
    size = len(CHART) + 30_000
    assert refused.value.problem == f"unpacks to {size:,} bytes, more than the 20,000 allowed"
    assert snapshot(songs_dir) == before


def lie_about_size(pack: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size of `member` in its local and central headers to `size`."""
    data = bytearray(pack.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        if data[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<L", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        if data[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<L", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    pack.write_bytes(bytes(data))


def test_a_zip_bomb_whose_headers_understate_its_size_is_refused(tmp_path, songs_dir, monkeypatch):
    monkeypatch.setattr(packs, "MAX_PACK_BYTES", 20_000)
    pack = make_zip(tmp_path / "pack.zip", {"Song/chart.json": CHART, "Song/a.bin": bytes(500_000)})
    lie_about_size(pack, "Song/a.bin", 100)
    with zipfile.ZipFile(pack) as z:
        assert sum(i.file_size for i in z.infolist()) < 20_000  # the headers pass the limit
    before = snapshot(songs_dir)
    # zipfile stops at the declared size and then finds the checksum wrong: never more bytes.
    with pytest.raises(PackError, match="corrupt"):
        import_song_pack(pack, songs_dir)
    assert snapshot(songs_dir) == before


def test_an_oversized_member_list_is_refused_before_it_is_read(tmp_path, songs_dir, monkeypatch):
    monkeypatch.setattr(packs, "MAX_CENTRAL_DIRECTORY_BYTES", 100)
    members = {f"Song/part{i}.txt": "x" for i in range(3)}
    pack = make_zip(tmp_path / "pack.zip", {"Song/chart.json": CHART, **members})
    with pytest.raises(PackError, match=r"central directory is .* more than the 100 allowed"):
        import_song_pack(pack, songs_dir)


def corrupt_variants(tmp_path: Path) -> dict[str, Path]:
    good = make_zip(tmp_path / "good.zip", {"Song/chart.json": CHART * 20})
    data = good.read_bytes()
    garbage, cut, flipped = (tmp_path / f"{n}.zip" for n in ("garbage", "cut", "flipped"))
    garbage.write_bytes(bytes(range(256)) * 40)
    cut.write_bytes(data[: len(data) // 2])
    body = bytearray(data)
    for i in range(60, 90):
        body[i] ^= 0xFF  # inside the deflated chart
    flipped.write_bytes(bytes(body))
    return {"garbage": garbage, "cut": cut, "flipped": flipped, "missing": tmp_path / "no.zip"}


@pytest.mark.parametrize("kind", ["garbage", "cut", "flipped", "missing"])
def test_a_corrupt_or_missing_zip_is_refused(tmp_path, songs_dir, kind):
    pack = corrupt_variants(tmp_path)[kind]
    before = snapshot(songs_dir)
    with pytest.raises(PackError, match=r"corrupt|cannot read") as refused:
        import_song_pack(pack, songs_dir)
    assert refused.value.path == str(pack)
    assert snapshot(songs_dir) == before
