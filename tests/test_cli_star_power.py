"""`drum-duet simulate --json` reports star power per player, and `replay verify` passes on plays
with star power on a built-in song; a replay from before star power still verifies."""

from __future__ import annotations

import json

import mido

from game.core.autoplay import autoplay_inputs
from game.core.engine import EngineParams
from game.core.lanes import Difficulty, Part
from game.core.replay import PlayerSetup, record, simulate, verify
from game.formats.replay_file import read_replay, replay_to_json
from game.formats.song_folder import load_song
from tests.helpers import ROOT
from tests.test_cli import drum_duet

SONG = ROOT / "charts" / "firecracker-night"


def phrases_in(track_name: str) -> int:
    """Note-ons of 116 (star power) in one track of the song's notes.mid, counted with mido."""
    track = next(t for t in mido.MidiFile(SONG / "notes.mid").tracks if t.name == track_name)
    return sum(1 for m in track if m.type == "note_on" and m.note == 116 and m.velocity)


def test_simulate_json_reports_star_power_and_its_replay_verifies(tmp_path):
    replay = tmp_path / "star.replay.json"
    out = drum_duet(
        "simulate", str(SONG), "--part", "full", "--difficulty", "expert", "--autoplay",
        "--jitter-ms", "20", "--seed", "7", "--replay-out", str(replay), "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    (player,) = json.loads(out.stdout)["players"]
    star = player["star_power"]
    assert star["phrases"] == phrases_in("PART DRUMS") == 8
    assert star["filled"] == 8 and star["activations"] >= 2
    verified = drum_duet("replay", "verify", str(replay))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "every stat matches" in verified.stdout
    assert json.loads(replay.read_text())["stats"]["players"][0]["star_power"] == star


def test_a_duet_reports_each_players_phrases_and_no_activations():
    out = drum_duet(
        "simulate", str(SONG), "--players", "2", "--part", "p1", "--part2", "p2",
        "--difficulty", "hard", "--difficulty2", "hard", "--autoplay", "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    players = json.loads(out.stdout)["players"]
    for player in players:
        assert player["star_power"]["activations"] == 0
        assert 0 < player["star_power"]["filled"] == player["star_power"]["phrases"]


def test_a_version_1_replay_verifies_without_star_power(tmp_path):
    song = load_song(SONG)
    track = song.chart.track(Part.FULL, Difficulty.EXPERT)
    old = [PlayerSetup(Part.FULL, Difficulty.EXPERT, EngineParams(star_power=False))]
    session = simulate(song.chart, old, autoplay_inputs(track, jitter_s=0.02, seed=3))
    doc = replay_to_json(record(str(SONG), song.chart_sha256, old, session))
    doc["version"] = 1  # as the game wrote before star power: no star_power anywhere
    del doc["players"][0]["params"]["star_power"]
    del doc["stats"]["players"][0]["star_power"]
    path = tmp_path / "old.replay.json"
    path.write_text(json.dumps(doc))
    replay = read_replay(path)
    assert replay.players[0].params.star_power is False
    assert verify(song.chart, replay) == []
    verified = drum_duet("replay", "verify", str(path))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # With star power its score would differ: the version decides how it is re-simulated.
    now = simulate(song.chart, [PlayerSetup(Part.FULL, Difficulty.EXPERT)], replay.inputs)
    assert now.stats()[0].score > doc["stats"]["players"][0]["score"]
