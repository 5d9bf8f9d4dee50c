"""`drum-duet simulate` and `drum-duet replay verify`: play songs headless and prove replays."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.base.atomic import check_output_path
from game.cli.common import EXIT_MISMATCH, CliError, add_player_arguments, player_setups
from game.cli.partner import (
    add_partner_arguments,
    check_partner_arguments,
    duet_with_partner,
    partner_of,
    your_setup,
)
from game.core.autoplay import autoplay_inputs
from game.core.replay import PlayerSetup, record, simulate, verify
from game.core.report import SessionReport
from game.formats.replay_file import read_replay, write_replay
from game.formats.song_folder import LoadedSong, load_song


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `simulate` and `replay verify`."""
    sim = sub.add_parser("simulate", help="play a song headless and print the stats")
    sim.add_argument("song", type=Path, metavar="SONG_DIR")
    add_player_arguments(sim)
    how = sim.add_mutually_exclusive_group(required=True)
    how.add_argument("--autoplay", action="store_true", help="the bot plays every note")
    how.add_argument("--replay", type=Path, metavar="FILE", help="play a replay's inputs")
    sim.add_argument("--jitter-ms", type=float, default=0.0, help="autoplay timing jitter, ± ms")
    sim.add_argument("--seed", type=int, default=0, help="seed of the autoplay jitter")
    sim.add_argument("--replay-out", type=Path, metavar="FILE", help="save the play as a replay")
    sim.add_argument("--json", action="store_true", help="print the stats as JSON")
    add_partner_arguments(sim)
    sim.set_defaults(handler=_simulate)

    rep = sub.add_parser("replay", help="work with replay files")
    rep_sub = rep.add_subparsers(dest="replay_command", metavar="ACTION", required=True)
    ver = rep_sub.add_parser("verify", help="re-run a replay and compare every stat")
    ver.add_argument("file", type=Path, metavar="FILE")
    ver.add_argument("--song", type=Path, metavar="SONG_DIR", help="where the song is now")
    ver.set_defaults(handler=_verify)


def _simulate(args: argparse.Namespace) -> int:
    if args.replay_out is not None:
        check_output_path(args.replay_out)  # before the work, not after it
    check_partner_arguments(args)
    if args.jitter_ms < 0:
        raise CliError("--jitter-ms must not be negative")
    song = load_song(args.song)
    if args.partner is not None:
        _track(song, your_setup(args))
        setups, inputs = duet_with_partner(args, song, partner_of(args, song))
    elif args.replay is not None:
        replay = read_replay(args.replay)
        _check_same_chart(song, replay.chart_sha256, args.replay)
        setups = list(replay.players)
        inputs = list(replay.inputs)
    else:
        setups = player_setups(args)
        inputs = []
        for player, setup in enumerate(setups):
            track = _track(song, setup)
            inputs += autoplay_inputs(track, player, args.jitter_ms / 1000.0, args.seed + player)
    for setup in setups:
        _track(song, setup)
    session = simulate(song.chart, setups, inputs)
    if args.replay_out is not None:
        write_replay(record(str(args.song), song.chart_sha256, setups, session), args.replay_out)
    report = SessionReport.of(session)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print_summary(report)
    return 0


def _track(song: LoadedSong, setup: PlayerSetup):
    try:
        return song.chart.track(setup.part, setup.difficulty)
    except KeyError as e:
        raise CliError(f"{song.chart_file}: {e.args[0]}") from None


def _check_same_chart(song: LoadedSong, sha256: str, replay_path: Path) -> None:
    if song.chart_sha256 != sha256:
        raise CliError(
            f"{replay_path}: recorded on another chart (sha256 {sha256[:12]}…), "
            f"not {song.chart_file} ({song.chart_sha256[:12]}…)"
        )


def _verify(args: argparse.Namespace) -> int:
    replay = read_replay(args.file)
    song = load_song(args.song or Path(replay.song_path))
    _check_same_chart(song, replay.chart_sha256, args.file)
    diffs = verify(song.chart, replay)
    if diffs:
        print(f"{args.file}: replay does NOT match the engine ({len(diffs)} stats differ):")
        for d in diffs:
            print(f"  {d}")
        return EXIT_MISMATCH
    print(f"{args.file}: verified — {len(replay.inputs)} inputs, every stat matches")
    return 0


def print_summary(report: SessionReport) -> None:
    """Print each player's results (and star power, when their part has phrases) and the
    team's."""
    for i, p in enumerate(report.players, 1):
        c = p.counts
        print(
            f"Player {i}: {p.score} points, {p.accuracy * 100:.2f}% {p.grade}, "
            f"max combo {p.max_combo}{' FC' if p.full_combo else ''} — "
            f"{c.perfect} perfect, {c.great} great, {c.good} good, "
            f"{c.miss} miss, {c.overhit} overhit"
        )
        star = p.star_power
        if star.phrases:
            print(
                f"  star power: {star.filled}/{star.phrases} phrases, "
                f"{star.activations} activations"
            )
    team = report.team
    if team:
        tight = team.tightness_ms
        print(
            f"Team: {team.score} points, {team.syncs}/{team.unison_notes} syncs, "
            f"tightness {'-' if tight is None else f'{tight:.1f} ms'}, "
            f"awards: {', '.join(team.awards) or 'none'}"
        )
