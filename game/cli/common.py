"""What every subcommand shares: the error it raises for bad requests, and the exit codes."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.core.engine import EngineParams
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.core.replay import PlayerSetup

EXIT_MISMATCH = 1
EXIT_BAD_INPUT = 2


class CliError(Exception):
    """A problem with what the user asked for, printed without a traceback."""


def add_player_arguments(parser: argparse.ArgumentParser) -> None:
    """The options saying who plays what: players, parts, difficulties, windows, pro cymbals."""
    parser.add_argument("--players", type=int, choices=(1, 2), default=1)
    parser.add_argument("--part", choices=[x.value for x in Part])
    parser.add_argument("--difficulty", choices=[x.value for x in Difficulty], default="expert")
    parser.add_argument("--part2", choices=[x.value for x in Part])
    parser.add_argument("--difficulty2", choices=[x.value for x in Difficulty])
    parser.add_argument("--preset", choices=[x.value for x in WindowPreset], default="standard")
    parser.add_argument("--preset2", choices=[x.value for x in WindowPreset])
    parser.add_argument("--pro-cymbals", action="store_true", help="cymbal notes want cymbal hits")


def player_setups(args: argparse.Namespace) -> list[PlayerSetup]:
    """The players' setups from `add_player_arguments` options (full kit alone, P1/P2 in a duet)."""
    pro = args.pro_cymbals
    first = PlayerSetup(
        Part(args.part or ("full" if args.players == 1 else "p1")),
        Difficulty(args.difficulty),
        EngineParams(preset=WindowPreset(args.preset), pro_cymbals=pro),
    )
    if args.players == 1:
        return [first]
    second = PlayerSetup(
        Part(args.part2 or "p2"),
        Difficulty(args.difficulty2 or args.difficulty),
        EngineParams(preset=WindowPreset(args.preset2 or args.preset), pro_cymbals=pro),
    )
    return [first, second]


def subcommand(
    sub: argparse._SubParsersAction,
    name: str,
    help_: str,
    handler,
    path: tuple[str, str | None] | None = None,
    json: bool = False,
) -> argparse.ArgumentParser:
    """Add the subcommand `name` that runs `handler`, with a positional path argument
    `path` = (metavar, help) when given and a `--json` flag when `json`."""
    parser = sub.add_parser(name, help=help_)
    if path is not None:
        dest, metavar = path[0].lower().split(".")[0], path[0]
        parser.add_argument(dest, type=Path, metavar=metavar, help=path[1])
    if json:
        parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handler)
    return parser
