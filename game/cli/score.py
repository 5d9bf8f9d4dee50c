"""`drum-duet score`: score a recorded kit performance (a MIDI file) against a chart.

The recording is read as a DAW writes it (every note-on at its time through the file's tempo
map), mapped through a kit profile by the very `KitMapper` a live kit goes through, and judged
by the very engine `drum-duet simulate` runs; the stats print the same way. `--replay-out`
saves the mapped hits as a replay, which `drum-duet simulate --replay` plays back.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from game.base.atomic import check_output_path
from game.cli.common import CliError
from game.cli.replays import print_summary
from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.core.replay import PlayerSetup, record, simulate
from game.core.report import SessionReport
from game.formats.performance_mid import PerformanceNote, read_performance_columns
from game.formats.replay_file import write_replay
from game.formats.song_folder import load_song
from game.input.kit_files import DEFAULT_PROFILE, load_profile
from game.input.kit_mapper import Drop, KitMapper
from game.input.kit_profile import KitProfile, KitProfileError
from game.store.paths import kit_profiles_dir


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `score`."""
    p = sub.add_parser("score", help="score a recorded kit performance (MIDI file) against a chart")
    p.add_argument("song", type=Path, metavar="SONG_DIR")
    p.add_argument("--part", choices=[x.value for x in Part], default="full")
    p.add_argument("--difficulty", choices=[x.value for x in Difficulty], default="expert")
    p.add_argument(
        "--performance", type=Path, required=True, metavar="TAKE.mid", help="the recorded kit"
    )
    p.add_argument(
        "--offset-ms",
        type=float,
        default=0.0,
        help="where the song starts in the recording, ms (every hit moves this much earlier)",
    )
    p.add_argument(
        "--profile", default=DEFAULT_PROFILE, help="kit profile name, or a profile .toml file"
    )
    p.add_argument("--preset", choices=[x.value for x in WindowPreset], default="standard")
    p.add_argument(
        "--pro-cymbals",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="cymbal notes want cymbal pads (on by default for a kit)",
    )
    p.add_argument(
        "--dynamics",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="score accents and ghosts by velocity (on by default for a kit)",
    )
    p.add_argument("--replay-out", type=Path, metavar="FILE", help="save the hits as a replay")
    p.add_argument("--json", action="store_true", help="print the stats as JSON")
    p.set_defaults(handler=_score)


def performance_inputs(
    notes: Iterable[PerformanceNote | tuple[float, int, int, int]],
    profile: KitProfile,
    player: int = 0,
    offset_s: float = 0.0,
) -> tuple[list[InputEvent], Counter[Drop]]:
    """The hits of a recorded performance (note-ons, or their (time_s, note, velocity, channel)
    rows) through `profile`, at song time = file time minus `offset_s` (seconds), and how many
    note-ons each rule dropped."""
    mapper = KitMapper(profile, player, song_time=lambda stamp: stamp - offset_s)
    inputs: list[InputEvent] = []
    dropped: Counter[Drop] = Counter()
    map_hit, keep = mapper.map, inputs.append
    for time_s, note, velocity, channel in notes:
        result = map_hit(note, velocity, channel, time_s)
        if type(result) is InputEvent:
            keep(result)
        else:
            dropped[result] += 1
    return inputs, dropped


def _score(args: argparse.Namespace) -> int:
    if args.replay_out is not None:
        check_output_path(args.replay_out)  # before the work, not after it
    song = load_song(args.song)
    setup = PlayerSetup(
        Part(args.part),
        Difficulty(args.difficulty),
        EngineParams(
            preset=WindowPreset(args.preset),
            pro_cymbals=args.pro_cymbals,
            score_dynamics=args.dynamics,
        ),
    )
    try:
        song.chart.track(setup.part, setup.difficulty)
    except KeyError as e:
        raise CliError(f"{song.chart_file}: {e.args[0]}") from None
    try:
        profile = load_profile(args.profile, kit_profiles_dir())
    except (KitProfileError, LookupError) as e:
        raise CliError(str(e)) from None
    notes = read_performance_columns(args.performance)
    inputs, dropped = performance_inputs(notes.rows(), profile, 0, args.offset_ms / 1000.0)
    session = simulate(song.chart, [setup], inputs)
    if args.replay_out is not None:
        write_replay(record(str(args.song), song.chart_sha256, [setup], session), args.replay_out)
    report = SessionReport.of(session)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
        return 0
    ignored = ", ".join(f"{n} {d.value}" for d, n in dropped.most_common()) or "none"
    print(
        f"{args.performance.name} through the {profile.name} profile: {len(notes)} note-ons, "
        f"{len(inputs)} hits; not played: {ignored}"
    )
    print_summary(report)
    return 0
