"""The game, started for real (dummy video), stores the plays kept while the score book was busy."""

from __future__ import annotations

import os
import subprocess
import sys

from game.store.pending_plays import PendingPlays
from game.store.scores import ScoreBook
from tests.helpers import ROOT
from tests.store.test_scores import duet_record, solo_record


def test_the_game_stores_kept_plays_once_when_it_starts(tmp_path):
    home = tmp_path / "home"
    pending = PendingPlays(home / "data" / "pending-plays")
    plays = [solo_record(), duet_record()]
    for play in plays:
        assert pending.keep(play) is None
    with ScoreBook(home / "data" / "scores.db") as book:
        book.save_play(plays[0])  # stored once already, the file left behind by a kill
    env = {
        **os.environ,
        "DRUM_DUET_HOME": str(home),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
    }
    out = subprocess.run(
        [sys.executable, "-m", "game", "--quit-after", "0.2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert pending.files() == []
    with ScoreBook(home / "data" / "scores.db") as book:
        assert sorted(p.key for p in book.recent_plays()) == sorted(p.key for p in plays)
        assert book.count() == 2
