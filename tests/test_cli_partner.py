"""`drum-duet simulate --partner`, run as a real subprocess: a duet with a recording prints what
a two-player `simulate` of both players' inputs prints, and its merged replay verifies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import SONG, drum_duet


@pytest.fixture
def song(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-groove"
    folder.mkdir()
    (folder / "chart.json").write_text(json.dumps(SONG))
    return folder


def solo(song: Path, out: Path, *args: str) -> Path:
    """A solo play (`simulate --autoplay ARGS`) saved as the replay `out`."""
    run = drum_duet("simulate", str(song), "--autoplay", *args, "--replay-out", str(out))
    assert run.returncode == 0, run.stderr
    return out


def two_player_replay(song: Path, first: Path, second: Path, out: Path) -> Path:
    """A two-player replay file holding the one player of `first` as Player 1 and the one
    player of `second` as Player 2, made from the files' JSON alone (no game code)."""
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    rows = [[t, 0, *rest] for t, _, *rest in a["inputs"]]
    rows += [[t, 1, *rest] for t, _, *rest in b["inputs"]]
    doc = dict(a, players=a["players"] + b["players"], inputs=sorted(rows), stats={})
    out.write_text(json.dumps(doc))
    return out


def stats(*args: str) -> dict:
    run = drum_duet(*args, "--json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_autoplay_with_a_recorded_partner_is_the_two_player_simulate_of_both(song, tmp_path):
    """The partner is a P2 play recorded alone (jittered, strict windows); you play P1
    by the bot: the JSON is a two-player `simulate` of both players' inputs, every stat; the
    merged replay holds both and `replay verify` accepts it."""
    partner = solo(
        song, tmp_path / "p2.json", "--part", "p2", "--preset", "strict",
        "--jitter-ms", "25", "--seed", "9",
    )  # fmt: skip
    mine = solo(song, tmp_path / "p1.json", "--part", "p1", "--jitter-ms", "30", "--seed", "3")
    merged = tmp_path / "duet.json"
    duet = stats(
        "simulate", str(song), "--partner", str(partner), "--part", "p1",
        "--difficulty", "expert", "--autoplay", "--jitter-ms", "30", "--seed", "3",
        "--replay-out", str(merged),
    )  # fmt: skip
    both = two_player_replay(song, mine, partner, tmp_path / "both.json")
    assert duet == stats("simulate", str(song), "--replay", str(both))
    assert duet["team"]["unison_notes"] > 0 and duet["team"]["syncs"] > 0
    assert duet["players"][0]["accuracy"] < 1.0  # the jitter is there: not all Perfect
    kept = json.loads(merged.read_text())
    assert [p["part"] for p in kept["players"]] == ["p1", "p2"]
    assert kept["players"][1]["params"]["preset"] == "strict"
    assert kept["stats"] == duet
    verified = drum_duet("replay", "verify", str(merged))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "every stat matches" in verified.stdout


def test_you_on_p2_by_a_replay_with_player_1_of_a_duet_replay_as_partner(song, tmp_path):
    """You play P2 by a replay file's hits; the partner is Player 1 of a two-player replay
    (`--partner-player 1`): you are Player 1 and they Player 2, and the JSON is the two-player
    simulate's of that duet."""
    p1 = solo(song, tmp_path / "p1.json", "--part", "p1", "--jitter-ms", "45", "--seed", "1")
    other_p2 = solo(song, tmp_path / "x.json", "--part", "p2", "--jitter-ms", "60")
    duet_take = two_player_replay(song, p1, other_p2, tmp_path / "their-duet.json")
    mine = solo(song, tmp_path / "mine.json", "--part", "p2", "--jitter-ms", "20", "--seed", "7")
    merged = tmp_path / "merged.json"
    duet = stats(
        "simulate", str(song), "--partner", str(duet_take), "--partner-player", "1",
        "--part", "p2", "--replay", str(mine), "--replay-out", str(merged),
    )  # fmt: skip
    assert duet == stats(
        "simulate", str(song), "--replay", str(two_player_replay(song, mine, p1, tmp_path / "b"))
    )
    assert drum_duet("replay", "verify", str(merged)).returncode == 0
    # Without --partner-player the partner is the one on the part you do not play: P1 again.
    again = stats(
        "simulate", str(song), "--partner", str(duet_take), "--part", "p2", "--replay", str(mine)
    )
    assert again == duet


@pytest.mark.parametrize(
    ("partner_args", "your_args", "message"),
    [
        (["--part", "full"], ["--part", "p1"], "player 1 played the full kit, not a duet part"),
        (["--part", "p1"], ["--part", "p1"], "player 1 played P1, the part you play"),
        (["--part", "p2"], ["--part", "p1", "--partner-player", "2"], "no player 2"),
        (["--part", "p2"], ["--part", "full"], "--partner wants --part p1 or --part p2"),
        (["--part", "p2"], [], "--partner wants --part p1 or --part p2"),
        (["--part", "p2"], ["--part", "p1", "--players", "2"], "leave out --players"),
        (["--part", "p2"], ["--part", "p1", "--part2", "p2"], "--part2: with --partner"),
    ],
)
def test_a_partner_that_cannot_be_is_refused_naming_the_file(
    song, tmp_path, partner_args, your_args, message
):
    partner = solo(song, tmp_path / "partner.json", *partner_args)
    out = drum_duet("simulate", str(song), "--partner", str(partner), "--autoplay", *your_args)
    assert out.returncode == 2, out.stdout
    assert message in out.stderr and "Traceback" not in out.stderr
    if message.startswith(("player", "no player")):
        assert f"{partner}: " in out.stderr


def test_a_partner_recorded_on_another_chart_is_refused(song, tmp_path):
    partner = solo(song, tmp_path / "partner.json", "--part", "p2")
    (song / "chart.json").write_text(json.dumps(dict(SONG, song={"title": "Changed"})))
    out = drum_duet("simulate", str(song), "--partner", str(partner), "--part", "p1", "--autoplay")
    assert out.returncode == 2
    assert f"{partner}: recorded on another chart" in out.stderr


def test_your_replay_must_hold_your_part_at_your_difficulty(song, tmp_path):
    partner = solo(song, tmp_path / "partner.json", "--part", "p1")
    easy = solo(song, tmp_path / "easy.json", "--part", "p2", "--difficulty", "easy")
    run = ["simulate", str(song), "--partner", str(partner), "--part", "p2", "--replay", str(easy)]
    out = drum_duet(*run)
    assert out.returncode == 2 and f"{easy}: P2 was played at easy, not expert" in out.stderr
    assert drum_duet(*run, "--difficulty", "easy").returncode == 0
    wrong = solo(song, tmp_path / "p1.json", "--part", "p1")
    out = drum_duet(*run[:-1], str(wrong))
    assert out.returncode == 2 and f"{wrong}: no player played P2" in out.stderr


def test_partner_player_needs_a_partner(song):
    out = drum_duet("simulate", str(song), "--autoplay", "--partner-player", "1")
    assert out.returncode == 2 and "--partner-player needs --partner" in out.stderr
