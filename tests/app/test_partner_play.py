"""A duet with a recording, live: the partner's recorded hits are queued as the bot's are, heard
as the kit at their own times and judged as Player 2; you play alone on your one-player keys.
`drum-duet play --partner` gives the stats of `simulate --partner` and saves a replay that
verifies."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from game.app.play import LivePlay, PlayOptions
from game.app.sounds import hit_sounds_at
from game.audio.onsets import detect_onsets
from game.core.autoplay import autoplay_inputs
from game.core.lanes import Difficulty, Lane, Part
from game.core.partner import PARTNER, YOU, partner_part
from game.core.replay import PlayerSetup, record, simulate
from game.core.report import SessionReport
from game.formats.song_folder import LoadedSong, load_song
from game.store.scores import ScoreBook
from game.store.settings import Settings
from tests.helpers import FAST_AUDIO_ARGS, fast_audio, live_for, run_game
from tests.test_cli import SONG

RATE = 48000


@pytest.fixture
def song_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-groove"
    folder.mkdir()
    (folder / "chart.json").write_text(json.dumps(SONG))
    return folder


def spaced(hits: list, gap_s: float = 0.06) -> list:
    """The hits at least `gap_s` after the hit kept before (each one a sound of its own)."""
    kept: list = []
    for h in hits:
        if not kept or h.time_s - kept[-1].time_s >= gap_s:
            kept.append(h)
    return kept


def partner_take(song: LoadedSong, jitter_s: float = 0.015):
    """A P2 play recorded alone (jittered), as the partner of you on P1."""
    setup = PlayerSetup(Part.P2, Difficulty.EXPERT)
    hits = autoplay_inputs(song.chart.track(Part.P2, Difficulty.EXPERT), 0, jitter_s, 5)
    replay = record("cli-groove", song.chart_sha256, [setup], simulate(song.chart, [setup], hits))
    return partner_part(replay, "take.json", song.chart_sha256, Part.P1)


def test_the_partners_hits_are_heard_as_the_kit_at_their_own_times(song_dir):
    song = load_song(song_dir)
    partner = partner_take(song)
    heard = spaced(list(partner.inputs))
    partner = type(partner)(partner.setup, tuple(heard), partner.player)
    mine = PlayerSetup(Part.P1, Difficulty.EXPERT)
    options = PlayOptions([mine, partner.setup], settings=Settings(), partner=partner)
    silence = np.zeros((RATE * 20, 2), np.float32)
    live = LivePlay(song, options, silence, hit_sounds_at(RATE), None, rate=RATE)
    assert live.bot == heard  # only the partner's hits: you play yourself
    live.queue_bot_inputs(math.inf)
    stream = live.mix.render(round((live.end_s + options.lead_in_s) * RATE))
    onsets = detect_onsets(stream.mean(axis=1), RATE) - options.lead_in_s
    assert len(onsets) == len(heard)
    errors_ms = [1000 * min(abs(onsets - h.time_s)) for h in heard]
    assert max(errors_ms) < 3.0, errors_ms
    live.session.finish()
    judged = SessionReport.of(live.session)
    alone = SessionReport.of(simulate(song.chart, [mine, partner.setup], heard))
    assert judged == alone and judged.players[1].counts.perfect > 0


def test_with_autoplay_the_bot_plays_you_and_the_recording_plays_the_partner(song_dir):
    song = load_song(song_dir)
    partner = partner_take(song)
    mine = PlayerSetup(Part.P1, Difficulty.EXPERT)
    options = PlayOptions([mine, partner.setup], settings=Settings(), partner=partner)
    options.autoplay = True
    live = LivePlay(song, options, np.zeros((RATE, 2), np.float32), None, rate=RATE)
    bot = autoplay_inputs(song.chart.track(Part.P1, Difficulty.EXPERT), YOU)
    assert [e for e in live.bot if e.player == PARTNER] == list(partner.inputs)
    assert [e for e in live.bot if e.player == YOU] == bot
    assert [e.time_s for e in live.bot] == sorted(e.time_s for e in live.bot)


def test_you_play_on_your_one_player_keys_as_player_1(song_dir):
    import pygame

    song = load_song(song_dir)
    setups = [PlayerSetup(Part.P2, Difficulty.EXPERT), PlayerSetup(Part.P1, Difficulty.EXPERT)]
    partner = partner_part(
        record("x", song.chart_sha256, [setups[1]], simulate(song.chart, [setups[1]], [])),
        "p1.json",
        song.chart_sha256,
        Part.P2,
    )
    options = PlayOptions(setups, settings=Settings(), partner=partner)
    assert options.keyboard_players == 1
    pygame.init()
    try:
        live = live_for(song, options)
    finally:
        pygame.quit()
    red = live.map_key("d", 1.0)  # the one-player layout's red key
    assert red is not None and red.lane == Lane.RED and red.player == YOU


def test_play_with_a_partner_gives_simulates_stats_and_saves_a_replay_that_verifies(
    song_dir, tmp_path
):
    """The real game in a window (SDL dummy video, disk audio): you by the bot through the
    input path, the partner's jittered recording played back; the JSON is `simulate
    --partner`'s, and the duet is in the score book (real SQLite) with a replay that
    `replay verify` accepts."""
    home = tmp_path / "home"
    take = tmp_path / "take.json"
    made = run_game(
        home, "simulate", str(song_dir), "--part", "p2", "--autoplay",
        "--jitter-ms", "45", "--seed", "8", "--replay-out", str(take),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    duet = ["--partner", str(take), "--part", "p1", "--difficulty", "expert", "--autoplay"]
    env = fast_audio(tmp_path / "stream.raw")
    played = run_game(
        home, "play", str(song_dir), *duet, "--quit-at-end", "--json", *FAST_AUDIO_ARGS,
        timeout=120, env=env,
    )  # fmt: skip
    assert played.returncode == 0, played.stderr[-2000:]
    simulated = run_game(home, "simulate", str(song_dir), *duet, "--json")
    assert simulated.returncode == 0, simulated.stderr
    stats = json.loads(played.stdout)
    assert stats == json.loads(simulated.stdout)
    assert stats["team"]["unison_notes"] > 0 and stats["players"][1]["accuracy"] < 1.0
    with ScoreBook(home / "data" / "scores.db") as book:
        (saved,) = book.recent_plays()
        play = book.play(saved.id)
    assert play is not None and play.mode == "duet"
    assert [(p.part, p.name) for p in play.players] == [(Part.P1, "Player 1"), (Part.P2, "take")]
    assert play.replay_json is not None and play.replay_json["stats"] == stats
    kept = tmp_path / "kept.json"
    kept.write_text(json.dumps(play.replay_json))
    verified = run_game(home, "replay", "verify", str(kept), "--song", str(song_dir))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "every stat matches" in verified.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--part", "p1", "--speed", "0.5"], "--speed: a duet with a recording plays at"),
        (["--part", "p2"], "player 1 played P2, the part you play"),
        (["--part", "full"], "--partner wants --part p1 or --part p2"),
    ],
)
def test_play_refuses_a_partner_that_cannot_be_before_the_window_opens(
    song_dir, tmp_path, args, message
):
    home = tmp_path / "home"
    take = tmp_path / "take.json"
    made = run_game(home, "simulate", str(song_dir), "--part", "p2", "--autoplay",
                    "--replay-out", str(take))  # fmt: skip
    assert made.returncode == 0, made.stderr
    out = run_game(home, "play", str(song_dir), "--partner", str(take), *args, "--quit-at-end")
    assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr
    assert not (home / "data" / "scores.db").exists()  # nothing played, nothing saved
