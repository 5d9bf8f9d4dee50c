"""The `drum-duet` command, run as a real subprocess: simulate, replays, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SONG = {
    "format": "drum-duet-chart",
    "version": 1,
    "song": {"title": "CLI Groove", "artist": "Tests"},
    "resolution": 480,
    "tempos": [[0, 120], [7680, 100]],
    "sections": [[0, "Intro"]],
    "parts": {
        "full": {
            "expert": [[t, lane] for t in range(0, 15360, 240) for lane in ("kick", "yellow")]
        },
        "p1": {
            "expert": [[t, "yellow"] for t in range(0, 15360, 240)]
            + [[t, "kick"] for t in range(0, 15360, 960)]
        },
        "p2": {
            "expert": [[t, "green"] for t in range(0, 15360, 1920)]
            + [[t, "kick"] for t in range(0, 15360, 1920)]
            + [[t, "red"] for t in range(480, 15360, 960)],
            "easy": [[t, "green"] for t in range(0, 15360, 1920)],
        },
    },
}


def drum_duet(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


@pytest.fixture
def song(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-groove"
    folder.mkdir()
    (folder / "chart.json").write_text(json.dumps(SONG))
    return folder


def test_simulate_autoplay_prints_the_stats_json(song):
    out = drum_duet(
        "simulate", str(song), "--part", "full", "--difficulty", "expert", "--autoplay", "--json"
    )
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    (player,) = stats["players"]
    assert set(player) == {
        "score",
        "accuracy",
        "grade",
        "max_combo",
        "full_combo",
        "counts",
        "mean_error_ms",
        "stdev_error_ms",
        "star_power",
    }
    assert player["star_power"] == {"phrases": 0, "filled": 0, "activations": 0}
    assert set(player["counts"]) == {"perfect", "great", "good", "miss", "overhit"}
    assert player["counts"]["perfect"] == len(SONG["parts"]["full"]["expert"])
    assert player["grade"] == "SS" and player["full_combo"] is True
    assert "team" not in stats


def test_simulate_two_players_with_jitter_has_a_team_and_is_repeatable(song):
    args = [
        "simulate",
        str(song),
        "--part",
        "p1",
        "--difficulty",
        "expert",
        "--autoplay",
        "--jitter-ms",
        "40",
        "--seed",
        "3",
        "--players",
        "2",
        "--part2",
        "p2",
        "--difficulty2",
        "expert",
        "--json",
    ]
    first, second = drum_duet(*args), drum_duet(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    stats = json.loads(first.stdout)
    assert set(stats["team"]) >= {"score", "syncs", "unison_notes", "tightness_ms", "awards"}
    # Both players kick on every downbeat: 8 unison notes.
    assert stats["team"]["unison_notes"] == 8
    assert stats["team"]["score"] == sum(p["score"] for p in stats["players"])
    assert stats["players"][0]["accuracy"] < 1.0  # 40 ms of jitter is not all Perfect
    other = drum_duet(*args[:-1], "--seed", "4", "--json")
    assert other.stdout != first.stdout


def test_replay_out_then_simulate_replay_and_verify(song, tmp_path):
    replay = tmp_path / "duet.replay.json"
    out = drum_duet(
        "simulate",
        str(song),
        "--players",
        "2",
        "--autoplay",
        "--jitter-ms",
        "30",
        "--difficulty2",
        "easy",
        "--replay-out",
        str(replay),
        "--json",
    )
    assert out.returncode == 0, out.stderr
    again = drum_duet("simulate", str(song), "--replay", str(replay), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(out.stdout)
    verified = drum_duet("replay", "verify", str(replay))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "every stat matches" in verified.stdout


def test_replay_verify_fails_on_a_tampered_stat_and_names_it(song, tmp_path):
    replay = tmp_path / "r.json"
    drum_duet("simulate", str(song), "--autoplay", "--replay-out", str(replay))
    doc = json.loads(replay.read_text())
    doc["stats"]["players"][0]["max_combo"] += 1
    replay.write_text(json.dumps(doc))
    out = drum_duet("replay", "verify", str(replay))
    assert out.returncode == 1
    assert "players[0].max_combo" in out.stdout


def test_replay_of_another_chart_is_refused(song, tmp_path):
    replay = tmp_path / "r.json"
    drum_duet("simulate", str(song), "--autoplay", "--replay-out", str(replay))
    changed = dict(SONG, song={"title": "Changed"})
    (song / "chart.json").write_text(json.dumps(changed))
    out = drum_duet("replay", "verify", str(replay), "--song", str(song))
    assert out.returncode == 2 and "recorded on another chart" in out.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["simulate", "{missing}", "--autoplay"], "no such song folder"),
        (
            ["simulate", "{song}", "--autoplay", "--part", "p1", "--difficulty", "easy"],
            "has no p1 part at easy",
        ),
        (["simulate", "{song}", "--replay", "{missing}"], "file not found"),
        (["simulate", "{song}", "--autoplay", "--jitter-ms", "-1"], "must not be negative"),
        (["replay", "verify", "{song}/chart.json"], "not a Drum Duet replay"),
    ],
)
def test_bad_input_exits_2_with_a_message_naming_the_problem(song, tmp_path, args, message):
    args = [a.format(song=song, missing=tmp_path / "missing") for a in args]
    out = drum_duet(*args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_simulate_needs_autoplay_or_a_replay(song):
    out = drum_duet("simulate", str(song))
    assert out.returncode == 2 and "one of the arguments --autoplay --replay" in out.stderr


def test_the_typed_report_of_a_duet_is_what_simulate_json_prints(song, tmp_path):
    """The results the game keeps typed (SessionReport) print, key for key and digit for
    digit, as `simulate --json` does: re-simulating the run's replay in this process gives the
    very text the command printed."""
    from game.core.replay import simulate
    from game.core.report import SessionReport
    from game.formats.replay_file import read_replay
    from game.formats.song_folder import load_song

    replay = tmp_path / "duet.replay.json"
    out = drum_duet(
        "simulate", str(song), "--players", "2", "--part", "p1", "--part2", "p2",
        "--autoplay", "--jitter-ms", "30", "--replay-out", str(replay), "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    recorded = read_replay(replay)
    report = SessionReport.of(simulate(load_song(song).chart, recorded.players, recorded.inputs))
    assert report.team is not None and len(report.players) == 2
    assert json.dumps(report.to_json(), indent=2) + "\n" == out.stdout
    assert report.players[0].counts.to_json() == json.loads(out.stdout)["players"][0]["counts"]
