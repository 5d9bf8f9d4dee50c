"""The live duet from the menus, on the game's loop: the title's "Play online" dials a real
headless host (another process) at an address typed, chooses a difficulty and plays; song
select's "Host an online duet" row hosts a song a real headless guest joins. Each machine's
saved play re-simulates to the stats the other machine printed."""

from __future__ import annotations

import json
import time

import pytest

pygame = pytest.importorskip("pygame")

from game.app.online import OnlineLobby  # noqa: E402
from game.app.online_menu import JoinScreen  # noqa: E402
from game.app.play import PlayScreen  # noqa: E402
from game.app.results_screen import ResultsScreen  # noqa: E402
from game.app.screens import title_screen_for  # noqa: E402
from game.app.song_select import SongSelectScreen, song_select_state  # noqa: E402
from game.core.events import InputEvent  # noqa: E402
from game.core.lanes import Lane, Part  # noqa: E402
from game.core.replay import simulate  # noqa: E402
from game.core.report import SessionReport  # noqa: E402
from game.formats.replay_file import replay_from_json  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.net.handshake import GuestHandshake  # noqa: E402
from game.ui.menus import TitleChoice  # noqa: E402
from game.ui.song_select_view import Focus, SetupItem  # noqa: E402
from tests.e2e.test_online_duet import BOT, Game, write_song  # noqa: E402
from tests.ui.stepped_loop import next_frame  # noqa: E402
from tests.ui.test_setlist_play import library_of, press, type_text  # noqa: E402

WAIT_S = 60.0


def step_until(loop, done, what: str) -> None:
    """Run the loop in real time (the partner is another process) until `done()`."""
    deadline = time.monotonic() + WAIT_S
    while not done():
        assert time.monotonic() < deadline, f"never got to {what}"
        next_frame(loop)
        time.sleep(0.004)


def saved_replay(app):
    """The replay of the one play in the score book."""
    ((play_id,),) = app.book._db.execute("SELECT id FROM plays").fetchall()
    return replay_from_json(app.book.replay_json(play_id))


class Pads:
    """A kit as a play reads it (`KitHits`): the pads struck since the last look, stamped at
    the play's song time."""

    notice = None

    def __init__(self, play: PlayScreen) -> None:
        self.play = play
        self.struck: list[tuple[InputEvent, bool]] = []

    def strike(self, lane: Lane, cymbal: bool = False) -> None:
        now_s = self.play.live.clock.song_time()
        self.struck.append((InputEvent(now_s, 0, lane, cymbal, 0.8), False))

    def take(self) -> list[tuple[InputEvent, bool]]:
        struck, self.struck = self.struck, []
        return struck

    def detach(self) -> None:
        pass


def test_play_online_dials_a_typed_address_chooses_a_difficulty_and_plays(tmp_path, scored_game):
    app, loop = scored_game
    song = write_song(tmp_path / "songs" / "online-groove")
    app.songs = library_of(tmp_path / "songs", tmp_path / "index.db")
    host = Game(
        tmp_path, "host", "online", "host", str(song), "--port", "0", "--no-lan", *BOT, "--json"
    )
    loop.stack.push(title_screen_for(TitleChoice.ONLINE, app))
    join = loop.stack.top
    assert isinstance(join, JoinScreen)
    next_frame(loop)
    type_text(f"127.0.0.1:{host.port()}")  # typing goes to the address row
    next_frame(loop)
    assert join.typing and join.typed.endswith(str(host.port()))
    press(pygame.K_RETURN)
    step_until(loop, lambda: isinstance(loop.stack.top, OnlineLobby), "the lobby")
    lobby = loop.stack.top
    step_until(
        loop,
        lambda: isinstance(lobby.handshake, GuestHandshake) and lobby.handshake.choosing,
        "the difficulties",
    )
    picture = lobby.picture()
    assert "Online Groove" in picture.title
    assert len(picture.rows) == 3 and picture.selected == 1  # Easy, Expert (chosen), Expert+
    press(pygame.K_UP)  # from Expert to Easy
    next_frame(loop)
    press(pygame.K_RETURN)
    step_until(loop, lambda: isinstance(loop.stack.top, PlayScreen), "the play")
    play = loop.stack.top
    assert play.live.duet.you == 1 and play.live.options.setups[1].part is Part.P2
    pads = Pads(play)
    play.live.kit_hits = pads
    step_until(loop, lambda: play.starts_at is None and play.live.clock.song_time() > 1.0, "1 s")
    press(pygame.K_ESCAPE)  # the menu over the running song
    next_frame(loop)
    assert play.paused is not None and play.choice == 0
    pads.strike(Lane.BLUE)  # a tom: the menu's "down" in a play that can pause
    pads.strike(Lane.GREEN, cymbal=True)  # green: its "select"
    next_frame(loop)
    assert play.paused is not None and play.choice == 0  # the pads played; the menu stayed
    press(pygame.K_ESCAPE)  # the menu closes; the song never stopped
    next_frame(loop)
    assert play.paused is None
    step_until(loop, lambda: isinstance(loop.stack.top, ResultsScreen), "the results")
    assert host.wait() == 0, host.log()
    theirs = host.stats()
    replay = saved_replay(app)
    assert replay.players[1].difficulty.value == "easy"
    again = SessionReport.of(simulate(load_song(song).chart, replay.players, replay.inputs))
    assert again.to_json() == theirs == replay.stats
    assert theirs["players"][0]["counts"]["miss"] == 0  # the host's bot
    assert theirs["players"][1]["counts"]["miss"] > 0  # nobody played here but the two pads
    ours = [(e.lane, e.cymbal) for e in replay.inputs if e.player == 1]
    assert ours == [(Lane.BLUE, False), (Lane.GREEN, True)]  # struck with the menu up, judged


def test_song_select_hosts_the_song_and_a_guest_joins_it(tmp_path, scored_game):
    app, loop = scored_game
    song = write_song(tmp_path / "songs" / "online-groove")
    app.songs = library_of(tmp_path / "songs", tmp_path / "index.db")
    screen = SongSelectScreen(song_select_state(app.songs, app.settings))
    loop.stack.push(screen)
    next_frame(loop)
    state = screen.state
    state.focus = Focus.SETUP
    rows = state.setup_rows()
    state.row = [what for _, what in rows].index(SetupItem.ONLINE)
    press(pygame.K_RETURN)
    step_until(loop, lambda: isinstance(loop.stack.top, OnlineLobby), "the lobby")
    lobby = loop.stack.top
    step_until(loop, lambda: lobby.port is not None, "listening")
    assert lobby.picture().addresses and lobby.picture().status
    guest = Game(
        tmp_path,
        "guest",
        "online",
        "join",
        f"127.0.0.1:{lobby.port}",
        "--song",
        str(song),
        *BOT,
        "--json",
    )
    step_until(loop, lambda: isinstance(loop.stack.top, PlayScreen), "the play")
    step_until(loop, lambda: isinstance(loop.stack.top, ResultsScreen), "the results")
    assert guest.wait() == 0, guest.log()
    theirs = guest.stats()
    replay = saved_replay(app)
    assert replay.stats == theirs
    assert theirs["players"][1]["counts"]["miss"] == 0  # the guest's bot played every note
    assert json.loads(json.dumps(replay.stats))["team"]["unison_notes"] > 0
