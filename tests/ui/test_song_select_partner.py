"""Song select's "duet with a saved play" on the game's one loop (SDL's dummy video and audio,
the real song loading and play): a saved P2 play of the song is offered on the setup panel;
chosen, player 1 plays P1 and the recording plays P2 in a duet; the duet is saved in the score
book (a real SQLite file) with a replay that verifies."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.play import PlayScreen  # noqa: E402
from game.app.results_screen import ResultsScreen  # noqa: E402
from game.app.song_select import SongSelectScreen, fit_picks  # noqa: E402
from game.core.autoplay import autoplay_inputs  # noqa: E402
from game.core.lanes import Difficulty, Part  # noqa: E402
from game.core.replay import PlayerSetup, record, simulate, verify  # noqa: E402
from game.core.report import SessionReport  # noqa: E402
from game.formats.replay_file import replay_from_json, replay_to_json  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.store.play_record import PlayRecord, SongFacts  # noqa: E402
from game.ui.song_select_view import SetupItem, SongSelectState, draw_song_select  # noqa: E402
from tests.ui.stepped_loop import next_frame  # noqa: E402
from tests.ui.test_setlist_play import library_of, press, step_until  # noqa: E402


def duet_song(folder: Path) -> Path:
    """A 2-bar song at 120 BPM: P1 a red note a beat, P2 a kick on each bar and a green on
    beat 3, and the full kit both."""
    folder.mkdir(parents=True, exist_ok=True)
    p1 = [[480 * i, "red"] for i in range(8)]
    p2 = [[1920 * b, "kick"] for b in range(2)] + [[960 + 1920 * b, "green"] for b in range(2)]
    chart = {
        "format": "drum-duet-chart",
        "version": 1,
        "song": {"title": "Pen Pals", "artist": "Partner Tests"},
        "resolution": 480,
        "tempos": [[0, 120.0]],
        "sections": [[0, "Intro"]],
        "parts": {"full": {"expert": p1 + p2}, "p1": {"expert": p1}, "p2": {"expert": p2}},
    }
    (folder / "chart.json").write_text(json.dumps(chart))
    return folder


def saved_p2_play(folder: Path, name: str) -> tuple[PlayRecord, SessionReport]:
    """A real solo play of P2 (hits 8 ms late), as song select saves one, and its results."""
    song = load_song(folder)
    setup = [PlayerSetup(Part.P2, Difficulty.EXPERT)]
    hits = autoplay_inputs(song.chart.track(Part.P2, Difficulty.EXPERT), 0)
    late = [type(h)(h.time_s + 0.008, 0, h.lane, h.cymbal, h.velocity) for h in hits]
    session = simulate(song.chart, setup, late)
    replay = replay_to_json(record(str(folder), song.chart_sha256, setup, session))
    facts = SongFacts(str(folder), song.chart_sha256, "Pen Pals", "Partner Tests")
    report = SessionReport.of(session)
    return PlayRecord.from_report(report, facts, setup, [name], replay), report


def test_a_saved_play_chosen_on_song_select_is_the_partner_and_the_duet_is_saved(
    tmp_path, scored_game, screen
):
    app, loop = scored_game
    folder = duet_song(tmp_path / "songs" / "pen-pals")
    songs = library_of(tmp_path / "songs", tmp_path / "index.db")
    play, alone = saved_p2_play(folder, "Mina")
    assert songs[0].chart_sha256 == play.chart_sha256
    app.book.save_play(play)
    app.songs = songs
    app.select = state = SongSelectState(songs)
    fit_picks(state)
    loop.stack.push(SongSelectScreen(state))

    press(pygame.K_RETURN)  # the setup panel, on Start
    next_frame(loop)
    rows = [what for _, what in state.setup_rows()]
    assert rows[-4:] == [SetupItem.PARTNER, SetupItem.ONLINE, SetupItem.PRACTICE, SetupItem.START]
    assert [s.name for s in state.partners] == ["Mina"] and state.partner is None
    press(pygame.K_UP)
    press(pygame.K_UP)
    press(pygame.K_UP)  # the partner's row
    press(pygame.K_RIGHT)  # Mina's play
    next_frame(loop)
    assert state.partner is not None and state.partner.name == "Mina"
    assert state.picks[0].part is Part.P1  # you play the part she did not
    draw_song_select(screen, state)  # the row draws (its words: `partner_words`)
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)  # Start
    press(pygame.K_RETURN)
    next_frame(loop)
    step_until(loop, lambda: isinstance(loop.stack.top, PlayScreen), "the play")
    live = loop.stack.top.live
    assert live.options.names[1] == "Mina" and len(live.options.setups) == 2
    assert not loop.stack.top.pause_choices[3:]  # no "Practise this section" with a partner
    step_until(loop, lambda: isinstance(loop.stack.top, ResultsScreen), "the results")

    (duet, _) = app.book.recent_plays(2)
    saved = app.book.play(duet.id)
    assert saved.mode == "duet"
    assert [(p.name, p.part) for p in saved.players] == [("Player 1", Part.P1), ("Mina", Part.P2)]
    mina = saved.players[1]
    counts = (mina.perfect, mina.great, mina.good, mina.miss, mina.overhit)
    assert counts == tuple(alone.players[0].counts.to_json().values())  # every hit played back
    assert saved.players[0].miss == 8  # nobody played P1
    replay = replay_from_json(saved.replay_json)
    assert verify(load_song(folder).chart, replay) == []


def test_another_part_or_a_duet_of_two_players_lets_the_partner_go(tmp_path):
    from game.app.song_select import change, set_players
    from game.store.play_record import SavedPart

    duet_song(tmp_path / "songs" / "pen-pals")
    state = SongSelectState(library_of(tmp_path / "songs", tmp_path / "index.db"))
    mina = SavedPart(1, 0, "Mina", Part.P2, Difficulty.EXPERT, 900, 1.0, "2026-12-01")
    state.partners = [mina]
    change(state, 0, SetupItem.PARTNER, 1)
    assert state.partner == mina and state.picks[0].part is Part.P1
    change(state, 0, SetupItem.PARTNER, 1)  # round again: off
    assert state.partner is None
    change(state, 0, SetupItem.PARTNER, -1)
    change(state, 0, SetupItem.PART, 1)  # P1 -> P2: her part
    assert state.picks[0].part is Part.P2 and state.partner is None
    change(state, 0, SetupItem.PARTNER, 1)
    set_players(state, 2)
    assert state.partner is None
    assert SetupItem.PARTNER not in [what for _, what in state.setup_rows()]


def test_a_chart_changed_since_the_scan_is_not_played_with_the_old_charts_partner(
    tmp_path, scored_game
):
    """The partner's replay is of the chart the library read; the song loaded is another
    (edited since): nothing is played, and song select says why, naming the chart file."""
    app, loop = scored_game
    folder = duet_song(tmp_path / "songs" / "pen-pals")
    songs = library_of(tmp_path / "songs", tmp_path / "index.db")
    app.book.save_play(saved_p2_play(folder, "Mina")[0])
    app.songs = songs
    app.select = state = SongSelectState(songs)
    fit_picks(state)
    select = SongSelectScreen(state)
    loop.stack.push(select)
    press(pygame.K_RETURN)
    press(pygame.K_UP)
    press(pygame.K_UP)
    press(pygame.K_UP)
    press(pygame.K_RIGHT)  # Mina's play
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)
    press(pygame.K_DOWN)
    next_frame(loop)
    assert state.partner is not None
    chart = json.loads((folder / "chart.json").read_text())
    chart["tempos"] = [[0, 100.0]]
    (folder / "chart.json").write_text(json.dumps(chart))
    plays = app.book.count()
    press(pygame.K_RETURN)  # Start
    next_frame(loop)
    step_until(loop, lambda: loop.stack.top is select and state.notice, "the notice")
    assert "Mina's play cannot be your partner" in state.notice
    assert "chart.json: changed since it was recorded" in state.notice
    assert app.book.count() == plays
