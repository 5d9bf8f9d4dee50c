"""game.base.atomic on real files: the old file or the whole new one, never a part."""

from __future__ import annotations

import pytest

from game.base.atomic import OutputPathError, open_atomic, write_atomic


def test_a_write_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomic(path, b"new contents")
    assert path.read_bytes() == b"new contents"
    assert path.stat().st_mode & 0o777 == 0o640  # the player's permissions are kept
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_an_error_while_writing_keeps_the_old_file(tmp_path):
    path = tmp_path / "scores.json"
    path.write_bytes(b"every score")
    with pytest.raises(RuntimeError), open_atomic(path) as f:
        f.write(b"half a")
        raise RuntimeError("killed")
    assert path.read_bytes() == b"every score"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.json"]


def test_a_folder_and_a_missing_folder_are_refused_with_the_path(tmp_path):
    with pytest.raises(OutputPathError, match="is a folder, not a file"):
        write_atomic(tmp_path, b"x")
    missing = tmp_path / "nowhere" / "out.wav"
    with pytest.raises(OutputPathError, match="does not exist") as refused:
        write_atomic(missing, b"x")
    assert refused.value.path == str(missing) and not missing.parent.exists()
