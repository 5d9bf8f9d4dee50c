"""`drum-duet online host SONG` and `drum-duet online join HOST[:PORT]`: a live duet over the
network, from the command line — in the window, or headless with the bot playing your part
(`--autoplay`, which runs on SDL's dummy video and audio drivers unless told otherwise) and the
same stats JSON as `simulate` at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.base.atomic import check_output_path
from game.cli.common import CliError
from game.cli.play import print_play
from game.core.engine import EngineParams
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.core.replay import PlayerSetup, record
from game.formats.errors import BadFileError
from game.formats.replay_file import write_replay
from game.formats.song_folder import load_song

EXIT_NO_DUET = 3
"""The duet did not happen (refused, the partner never came, the host could not be reached)."""


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `online host` and `online join`."""
    online = sub.add_parser("online", help="a live duet over the network")
    verbs = online.add_subparsers(dest="online_command", metavar="ACTION", required=True)
    host = verbs.add_parser("host", help="offer a song and wait for a partner")
    host.add_argument("song", type=Path, metavar="SONG_DIR")
    host.add_argument("--port", type=int, default=None, help="the port to listen on (0: any)")
    host.add_argument("--no-lan", action="store_true", help="do not announce the duet on the LAN")
    host.add_argument(
        "--wait-s", type=float, default=600.0, help="how long to wait for a partner (seconds)"
    )
    host.add_argument("--lead-in-s", type=float, default=3.0, help="silence before the song")
    _player_arguments(host, part_default="p1")
    host.set_defaults(handler=_host)

    join = verbs.add_parser("join", help="join a host's duet")
    join.add_argument("address", metavar="HOST[:PORT]")
    join.add_argument(
        "--song",
        type=Path,
        metavar="SONG_DIR",
        help="the song's folder here (default: found in your library by its chart)",
    )
    _player_arguments(join, part_default=None)
    join.set_defaults(handler=_join)


def _player_arguments(parser: argparse.ArgumentParser, part_default: str | None) -> None:
    """The player options `simulate` has, for the one player on this machine."""
    parser.add_argument("--part", choices=("p1", "p2"), default=part_default)
    parser.add_argument("--difficulty", choices=[d.value for d in Difficulty], default="expert")
    parser.add_argument("--preset", choices=[p.value for p in WindowPreset], default="standard")
    parser.add_argument("--pro-cymbals", action="store_true", help="cymbal notes want cymbals")
    parser.add_argument("--name", help="your name, as the partner sees it")
    parser.add_argument("--autoplay", action="store_true", help="the bot plays your part")
    parser.add_argument("--jitter-ms", type=float, default=0.0, help="bot timing jitter, ± ms")
    parser.add_argument("--seed", type=int, default=0, help="seed of the bot's jitter")
    parser.add_argument("--json", action="store_true", help="print the stats as JSON")
    parser.add_argument("--replay-out", type=Path, metavar="FILE", help="save the duet's replay")


def _check(args: argparse.Namespace) -> None:
    if args.replay_out is not None:
        check_output_path(args.replay_out)
    if args.jitter_ms < 0:
        raise CliError("--jitter-ms must not be negative")
    if args.autoplay:  # headless unless the caller chose drivers
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def _params(args: argparse.Namespace) -> EngineParams:
    return EngineParams(preset=WindowPreset(args.preset), pro_cymbals=args.pro_cymbals)


def _host(args: argparse.Namespace) -> int:
    from game.app.online import HostPlan
    from game.net.link import DEFAULT_PORT, Host, LinkError

    _check(args)
    song = load_song(args.song)
    setup = PlayerSetup(Part(args.part), Difficulty(args.difficulty), _params(args))
    try:
        song.chart.track(setup.part, setup.difficulty)
    except KeyError as e:
        raise CliError(f"{song.chart_file}: {e.args[0]}") from None
    if not 1.0 <= args.lead_in_s <= 10.0:
        raise CliError("--lead-in-s wants 1 to 10 seconds")
    try:
        host = Host(DEFAULT_PORT if args.port is None else args.port)
    except LinkError as e:
        raise CliError(str(e)) from None
    print(f"drum-duet: hosting {song.chart.meta.title} on port {host.port}", file=sys.stderr)
    sys.stderr.flush()
    plan = HostPlan(
        song,
        Path(args.song),
        setup,
        _name(args, 0),
        host.port,
        lan=not args.no_lan,
        lead_in_s=args.lead_in_s,
        listening=host,
        wait_s=args.wait_s,
    )
    return _run(args, plan)


def _join(args: argparse.Namespace) -> int:
    from game.app.online import GuestPlan
    from game.net.link import parse_address
    from game.store.online_id import online_id

    _check(args)
    try:
        address, port = parse_address(args.address)
    except ValueError as e:
        raise CliError(f"{args.address}: {e}") from None
    setup = PlayerSetup(Part(args.part or "p2"), Difficulty(args.difficulty), _params(args))
    plan = GuestPlan(
        address,
        port,
        _name(args, 1),
        _song_finder(args),
        Difficulty(args.difficulty),
        setup,
        part=None if args.part is None else Part(args.part),
        player_id=online_id(),
    )
    return _run(args, plan)


def _song_finder(args: argparse.Namespace):
    """How the guest finds the offered song: `--song` (checked against the offer's chart), or
    the library by the chart's sha256."""
    if args.song is not None:
        song = load_song(args.song)

        def given(offer) -> Path | str:
            if song.chart_sha256 != offer.chart_sha256:
                return (
                    f"{args.song}: another chart than the host's {offer.title!r} "
                    f"(sha256 {song.chart_sha256[:12]}… here, {offer.chart_sha256[:12]}… there)"
                )
            return Path(args.song)

        return given
    from game.app.online import find_in_library
    from game.formats.song_folder import builtin_charts_dir
    from game.library.player import scan_service

    in_library = find_in_library(scan_service().load())

    def find(offer) -> Path | str:
        found = in_library(offer)
        if not isinstance(found, str):
            return found
        for folder in sorted(p for p in builtin_charts_dir().iterdir() if p.is_dir()):
            try:  # the built-in songs, even before the game has scanned the library once
                if load_song(folder).chart_sha256 == offer.chart_sha256:
                    return folder
            except BadFileError:
                continue
        return found

    return find


def _name(args: argparse.Namespace, seat: int) -> str:
    """`--name`, else the name the menus give seat `seat` (0: the host, 1: the guest)."""
    if args.name:
        return args.name[:40]
    from game.app.online import online_name
    from game.store.settings import load_settings

    return online_name(load_settings().settings, seat)


def _run(args: argparse.Namespace, plan) -> int:
    from game.app.online import run_online

    jitter_s = args.jitter_ms / 1000
    outcome = run_online(plan, autoplay=args.autoplay, jitter_s=jitter_s, seed=args.seed)
    if outcome.failed is not None:
        print(f"drum-duet: no duet: {outcome.failed}", file=sys.stderr)
        return EXIT_NO_DUET
    result = outcome.result
    assert result is not None and outcome.agreement is not None
    if outcome.notice:
        print(f"drum-duet: {outcome.notice}", file=sys.stderr)
    session = result.session
    if args.replay_out is not None:
        folder = str(outcome.folder)
        replay = record(folder, outcome.agreement.chart_sha256, outcome.agreement.setups, session)
        write_replay(replay, args.replay_out)
    return print_play(result, args.json)
