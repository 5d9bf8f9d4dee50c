"""`--partner REPLAY.json`: a duet with a recording, for `simulate` and `play`.

You play `--part` (P1 or P2) at `--difficulty`; the partner is a saved play of the other part
(a solo replay of a duet part, or one player of a duet replay: `--partner-player 1|2` says which,
else the one on the part you do not play). You are Player 1 and the partner Player 2, as in
`simulate --players 2 --part YOURS --part2 THEIRS`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.cli.common import CliError, player_setups
from game.core.autoplay import autoplay_inputs
from game.core.events import InputEvent
from game.core.lanes import Part
from game.core.partner import (
    DUET_PARTS,
    YOU,
    PartnerError,
    RecordedPart,
    duet_of,
    own_part,
    partner_part,
)
from game.core.replay import PlayerSetup
from game.formats.replay_file import read_replay
from game.formats.song_folder import LoadedSong

_DUET_ONLY = ("part2", "difficulty2", "preset2")
"""Options of a two-player play that a duet with a recording takes from the partner's replay."""


def add_partner_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of a duet with a recording: `--partner FILE` and `--partner-player 1|2`."""
    parser.add_argument(
        "--partner",
        type=Path,
        metavar="REPLAY.json",
        help="duet with a recording: this replay's player plays the other part (you: --part)",
    )
    parser.add_argument(
        "--partner-player",
        type=int,
        choices=(1, 2),
        help="which player of a two-player --partner replay is your partner "
        "(default: the one on the part you do not play)",
    )


def check_partner_arguments(args: argparse.Namespace) -> None:
    """Refuse options that do not go with `--partner` (or `--partner-player` without it)."""
    if args.partner is None:
        if args.partner_player is not None:
            raise CliError("--partner-player needs --partner REPLAY.json")
        return
    if args.part not in {p.value for p in DUET_PARTS}:
        raise CliError("--partner wants --part p1 or --part p2: the duet part you play")
    if args.players != 1:
        raise CliError("--partner is a duet of you and the recording: leave out --players")
    for name in _DUET_ONLY:
        if getattr(args, name) is not None:
            raise CliError(
                f"--{name}: with --partner, the other part is as the partner's replay has it"
            )


def partner_of(args: argparse.Namespace, song: LoadedSong) -> RecordedPart:
    """The partner of `--partner` (and `--partner-player`) for you playing `--part` on `song`."""
    replay = read_replay(args.partner)
    player = None if args.partner_player is None else args.partner_player - 1
    try:
        return partner_part(replay, str(args.partner), song.chart_sha256, Part(args.part), player)
    except PartnerError as e:
        raise CliError(str(e)) from None


def your_setup(args: argparse.Namespace) -> PlayerSetup:
    """What you play in a duet with a recording: `--part`, `--difficulty`, `--preset` and
    `--pro-cymbals`."""
    (setup,) = player_setups(args)
    return setup


def duet_with_partner(
    args: argparse.Namespace, song: LoadedSong, partner: RecordedPart
) -> tuple[list[PlayerSetup], list[InputEvent]]:
    """The duet `simulate --partner` plays: you by the bot (`--autoplay`, jittered by
    `--jitter-ms` with seed `--seed`, as a two-player `simulate` seeds Player 1) or by
    `--replay F` (its player on `--part`, at `--difficulty`, as recorded), and the partner's
    recorded hits; setups in player order (yours first) and all inputs in time order."""
    mine = your_setup(args)
    if args.replay is not None:
        try:
            you = own_part(read_replay(args.replay), str(args.replay), song.chart_sha256, mine.part)
        except PartnerError as e:
            raise CliError(str(e)) from None
        if you.setup.difficulty is not mine.difficulty:
            raise CliError(
                f"{args.replay}: {mine.part.value.upper()} was played at "
                f"{you.setup.difficulty.value}, not {mine.difficulty.value} (--difficulty)"
            )
    else:
        track = song.chart.track(mine.part, mine.difficulty)
        hits = autoplay_inputs(track, YOU, args.jitter_ms / 1000.0, args.seed)
        you = RecordedPart(mine, tuple(hits), YOU)
    return duet_of(you, partner)
