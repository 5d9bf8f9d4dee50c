"""The `drum-duet` command: with no subcommand it opens the game; subcommands work headless."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from game.base.atomic import OutputPathError, check_output_path
from game.cli import audio, charts, library, midi, online, play, replays, score, songs
from game.cli.common import EXIT_BAD_INPUT, CliError
from game.formats.errors import BadFileError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # stdout is for our output (--json)
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    try:
        if args.command is None:
            from game.app import run  # pygame only when a window is wanted

            if args.screenshot is not None:
                check_output_path(args.screenshot)
            return run(args.quit_after, args.screenshot, args.start_at)
        return args.handler(args)
    except (BadFileError, CliError, OutputPathError) as e:
        print(f"drum-duet: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="drum-duet", description="Drum Duet: a two-player drum game.")
    p.add_argument("-v", "--verbose", action="store_true", help="log what the game does")
    p.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    p.add_argument("--screenshot", type=Path, metavar="FILE", help=argparse.SUPPRESS)
    p.add_argument(
        "--start-at", choices=("title", "song-select"), default="title", help=argparse.SUPPRESS
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    replays.add_commands(sub)
    charts.add_commands(sub)
    library.add_commands(sub)
    songs.add_commands(sub)
    play.add_commands(sub)
    score.add_commands(sub)
    midi.add_commands(sub)
    audio.add_commands(sub)
    online.add_commands(sub)
    return p
