"""The game's own id for live duets: made once, kept on disk, the same after a restart."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from game.store.online_id import FILE, online_id
from tests.helpers import ROOT


def test_the_id_is_made_once_and_is_the_same_in_the_next_game(tmp_path):
    made = online_id(tmp_path)
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert (tmp_path / FILE).read_text().strip() == made
    restarted = subprocess.run(  # a new process, as a game started again
        [sys.executable, "-c", "from game.store.online_id import online_id; print(online_id())"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DRUM_DUET_HOME": str(tmp_path / "home")},
        check=True,
    )
    assert online_id(tmp_path / "home" / "data") == restarted.stdout.strip()
    assert online_id(tmp_path) == made and online_id(tmp_path / "other") != made


def test_a_file_that_holds_no_id_is_replaced_and_an_unwritable_folder_gives_one_for_the_run(
    tmp_path, caplog
):
    (tmp_path / FILE).write_bytes(b"\xff\xfe not an id")
    made = online_id(tmp_path)
    assert re.fullmatch(r"[0-9a-f]{32}", made) and "holds no online id" in caplog.text
    assert online_id(tmp_path) == made
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be")
    once = online_id(blocked)
    assert re.fullmatch(r"[0-9a-f]{32}", once) and "lasts this run only" in caplog.text
