"""`drum-duet play`: play one song in the window — by hand, or the bot through the input path."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from game.base.atomic import check_output_path
from game.base.midi_apis import MIDI_APIS
from game.cli.common import CliError, add_player_arguments, player_setups
from game.cli.partner import (
    add_partner_arguments,
    check_partner_arguments,
    partner_of,
    your_setup,
)
from game.core.devices import KEYBOARD, DeviceId
from game.core.practice import MAX_SPEED, MIN_SPEED, clamp_speed
from game.core.report import SessionReport
from game.formats.song_folder import load_song


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `play`."""
    play = sub.add_parser("play", help="play a song in the window")
    play.add_argument("song", type=Path, metavar="SONG")
    add_player_arguments(play)
    play.add_argument(
        "--autoplay", action="store_true", help="the bot plays, through the input path"
    )
    play.add_argument("--quit-at-end", action="store_true", help="close when the song ends")
    play.add_argument(
        "--screenshot-at",
        action="append",
        default=[],
        metavar="SECONDS:FILE",
        help="save the screen at that song time (repeatable)",
    )
    inputs = {
        "--input": 'player 1\'s input: "keyboard", a MIDI port name or "joystick: NAME"',
        "--input2": "player 2's input",
    }
    for flag, words in inputs.items():
        play.add_argument(
            flag, default="keyboard", type=DeviceId.parse, metavar="DEVICE", help=words
        )
    play.add_argument(
        "--midi-api", choices=MIDI_APIS, default=None, help="the MIDI system (default: settings')"
    )
    play.add_argument(
        "--audio-rate",
        type=int,
        default=None,
        metavar="HZ",
        help="the output's sample rate (default: the settings', 48000)",
    )
    play.add_argument(
        "--audio-buffer",
        type=int,
        default=None,
        metavar="FRAMES",
        help="frames per audio buffer, 64-1024 (default: the settings')",
    )
    play.add_argument(
        "--speed",
        type=float,
        default=1.0,
        metavar="S",
        help="play at this speed, 0.25-1.5, as practice does (the audio re-rendered or "
        "time-stretched, the chart at the tempo; never a high score)",
    )
    play.add_argument("--fps", type=int, default=None, help="frame cap (default: the settings')")
    play.add_argument("--json", action="store_true", help="print the results as JSON")
    add_partner_arguments(play)
    play.set_defaults(handler=_play)


def _screenshots(values: list[str]) -> list[tuple[float, Path]]:
    shots = []
    for v in values:
        seconds, sep, file = v.partition(":")
        try:
            shots.append((float(seconds), Path(file)))
        except ValueError:
            raise CliError(f"--screenshot-at wants SECONDS:FILE, not {v!r}") from None
        if not sep or not file:
            raise CliError(f"--screenshot-at wants SECONDS:FILE, not {v!r}")
        check_output_path(file)  # before the song, not after it
    return shots


def _play(args: argparse.Namespace) -> int:
    from game.app import run_song  # pygame and the synthesizer only when playing
    from game.app.play import PlayOptions
    from game.base.language import set_language
    from game.store.settings import load_settings

    check_partner_arguments(args)
    song = load_song(args.song)
    partner = None
    devices = (args.input, args.input2)
    if args.partner is not None:
        if args.speed != 1.0:
            raise CliError("--speed: a duet with a recording plays at the speed it was recorded")
        setup = your_setup(args)
        try:
            song.chart.track(setup.part, setup.difficulty)
        except KeyError as e:
            raise CliError(f"{song.chart_file}: {e.args[0]}") from None
        partner = partner_of(args, song)
        setups = [setup, partner.setup]
        devices = (args.input, KEYBOARD)  # the partner's hits come from their recording
    else:
        setups = player_setups(args)
    if not MIN_SPEED <= args.speed <= MAX_SPEED or clamp_speed(args.speed) != args.speed:
        raise CliError(f"--speed wants 0.25 to 1.5 in steps of 0.05, not {args.speed}")
    settings = load_settings().settings
    set_language(settings.interface.spoken())  # the window's words, the players' names too
    if args.midi_api is not None:
        settings = replace(settings, input=replace(settings.input, midi_api=args.midi_api))
    audio = settings.audio
    if args.audio_rate is not None:
        if not 8000 <= args.audio_rate <= 192000:
            raise CliError(f"--audio-rate wants 8000 to 192000 Hz, not {args.audio_rate}")
        audio = replace(audio, sample_rate=args.audio_rate)
    if args.audio_buffer is not None:
        if not 64 <= args.audio_buffer <= 1024:
            raise CliError(f"--audio-buffer wants 64 to 1024 frames, not {args.audio_buffer}")
        audio = replace(audio, buffer_frames=args.audio_buffer)
    settings = replace(settings, audio=audio)
    options = PlayOptions.from_settings(
        setups,
        settings,
        devices=devices[: len(setups)],
        autoplay=args.autoplay,
        quit_at_end=args.quit_at_end,
        screenshots=_screenshots(args.screenshot_at),
        speed=args.speed,
        partner=partner,
    )
    if partner is not None:  # the partner is named as their file is
        options.names = (options.names[0], args.partner.name.removesuffix(".json"))
    if args.fps is not None:
        options.fps_cap = args.fps
    result = run_song(song, options, save=partner is not None)
    saved = result.saved
    if saved is not None and saved.play_id is None:  # kept pending: the players must know
        print(f"drum-duet: {saved.notice}", file=sys.stderr)
    elif saved is not None and not args.json:
        print(f"Saved in the score book as play {saved.play_id}, with its replay")
    return print_play(result, args.json)


def print_play(result, as_json: bool) -> int:
    """Print a play's stats (JSON, or a line per player and the team's); its exit status (0 for a
    finished play, 1 for one left before the end)."""
    report = SessionReport.of(result.session)
    if as_json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        for i, p in enumerate(report.players, 1):
            print(f"Player {i}: {p.score:,} points, {p.accuracy * 100:.1f}% {p.grade}")
        if report.team is not None:
            print(f"Team: {report.team.score:,} points, {report.team.syncs} syncs")
    return 0 if result.finished else 1
