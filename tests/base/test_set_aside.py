"""game.base.set_aside on real files: a damaged file and its companions renamed, nothing lost."""

from __future__ import annotations

import re

from game.base.set_aside import aside_path, set_aside


def test_a_file_and_its_companions_are_renamed_beside_it(tmp_path):
    book = tmp_path / "scores.db"
    book.write_bytes(b"damaged")
    (tmp_path / "scores.db-wal").write_bytes(b"its log")
    aside = set_aside(book, ("-wal", "-shm"))
    assert re.fullmatch(r"scores\.db\.corrupt-\d{8}-\d{6}(-\d+)?", aside.name), aside.name
    assert aside.read_bytes() == b"damaged"
    assert (tmp_path / f"{aside.name}-wal").read_bytes() == b"its log"
    assert sorted(p.name for p in tmp_path.iterdir()) == [aside.name, f"{aside.name}-wal"]


def test_an_earlier_file_set_aside_is_never_replaced(tmp_path):
    settings = tmp_path / "settings.toml"
    taken = aside_path(settings)
    taken.write_bytes(b"set aside before")
    settings.write_bytes(b"broken again")
    aside = set_aside(settings)
    assert aside != taken and taken.read_bytes() == b"set aside before"
    assert aside.read_bytes() == b"broken again" and not settings.exists()


def test_a_missing_file_moves_nothing(tmp_path):
    aside = set_aside(tmp_path / "library.db", ("-wal",))
    assert not aside.exists() and list(tmp_path.iterdir()) == []
