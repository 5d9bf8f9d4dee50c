"""The counts before the notes, on a real play screen in the game's loop (SDL's dummy drivers)
whose sound card is the test's: buffers go out on the test's clock while the stream plays.

After Resume the song stays still while "3, 2, 1" counts on the song's beat, then goes on from
the very sample where it stopped; the count-in shows on the lead-in's beats and never after."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.loop import Loop  # noqa: E402
from game.app.play import LEAD_IN_S, PlayOptions, PlayScreen  # noqa: E402
from game.audio.stream import AudioStream  # noqa: E402
from game.core.replay import PlayerSetup  # noqa: E402
from game.core.tempo import TempoChange, TempoMap, TimeSignature  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.ui.count_in import (  # noqa: E402
    RESUME_BEAT_MAX_S,
    RESUME_BEAT_MIN_S,
    beat_at,
    count_ends_s,
    count_in_beats,
)
from game.ui.text_boxes import LayoutReport, RecordingSurface  # noqa: E402
from tests.helpers import ROOT, live_for, shared_renders  # noqa: E402
from tests.ui.conftest import FakeClock  # noqa: E402

FRAMES = 512
STEP_S = 0.005


class Bench(FakeClock):
    """The loop's clock and the sound card: a buffer goes out every `FRAMES` frames of the
    clock unless the stream is paused (a paused stream hands the device silence, the song
    clock hears nothing)."""

    def __init__(self, stream: AudioStream) -> None:
        super().__init__(100.0)
        self.stream = stream
        self.next_buffer = self.now
        self.starts: list[int] = []  # the first sample of each buffer handed out

    def advance(self, seconds: float) -> None:
        end = self.now + seconds
        rate = self.stream.clock.rate
        while self.next_buffer <= end:
            if not self.stream.paused:
                self.starts.append(self.stream.mix.position)
                self.stream.hand_out(FRAMES, self.next_buffer)
            self.next_buffer += FRAMES / rate
        self.now = end


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """One render cache for the module's plays of the built-in song (rendered once)."""
    return tmp_path_factory.mktemp("renders")


@pytest.fixture
def play(tmp_path, monkeypatch, renders):
    """A solo play of the built-in song on a loop whose clock is the test's sound card."""
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    shared_renders(tmp_path, renders)
    pygame.init()
    pygame.display.set_mode((1280, 720))
    song = load_song(ROOT / "charts" / "nara-soundcheck")
    live = live_for(song, PlayOptions([PlayerSetup("full", "easy")]))
    live.stream = AudioStream(live.mix, live.clock, FRAMES, live.clock.rate, device=False)
    bench = Bench(live.stream)
    live.clock.now = bench
    from game.app.context import AppContext
    from game.store.settings import LoadedSettings

    loop = Loop(AppContext(LoadedSettings(live.options.settings)), clock=bench, sleep=bench.advance)
    screen = PlayScreen(live)
    loop.stack.push(screen)
    yield screen, loop, bench
    loop.stack.quit()
    pygame.quit()


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def run(loop: Loop, bench: Bench, seconds: float) -> None:
    """Run the loop for `seconds` of its clock."""
    end = bench.now + seconds
    while bench.now < end:
        loop.step()
        bench.advance(STEP_S)


def test_resume_counts_three_beats_with_the_song_still_then_goes_on_where_it_stopped(play):
    screen, loop, bench = play
    clock, mix = screen.live.clock, screen.live.mix
    run(loop, bench, LEAD_IN_S + 1.0)  # a second into the song
    pygame.event.post(key(pygame.K_ESCAPE))
    run(loop, bench, 0.05)
    assert screen.paused is not None
    stopped_at, song_s = mix.position, clock.song_time()
    buffers = len(bench.starts)
    run(loop, bench, 2.0)  # a while in the pause menu
    assert mix.position == stopped_at and len(bench.starts) == buffers
    pygame.event.post(key(pygame.K_RETURN))  # Resume
    run(loop, bench, STEP_S)
    assert screen.paused is None and screen.counting
    beats = screen.resume_count
    assert [b.label for b in beats] == ["3", "2", "1"]
    assert all(RESUME_BEAT_MIN_S <= b.length_s <= RESUME_BEAT_MAX_S for b in beats)
    seen = []
    while screen.counting:
        showing = beat_at(beats, bench.now)
        if showing is not None and showing[0].label not in seen:
            seen.append(showing[0].label)
        assert mix.position == stopped_at  # not one sample played during the count
        assert clock.song_time() == pytest.approx(song_s, abs=FRAMES / clock.rate)
        run(loop, bench, STEP_S)
    assert seen == ["3", "2", "1"]
    assert bench.now == pytest.approx(count_ends_s(beats), abs=2 * STEP_S)
    run(loop, bench, 0.5)
    assert bench.starts[buffers] == stopped_at  # the song went on from the sample it stopped at
    assert clock.song_time() == pytest.approx(song_s + 0.5, abs=0.03)


def test_escape_during_the_count_goes_back_to_the_pause_menu_and_keys_are_no_hits(play):
    screen, loop, bench = play
    run(loop, bench, LEAD_IN_S + 0.5)
    pygame.event.post(key(pygame.K_ESCAPE))
    run(loop, bench, 0.05)
    pygame.event.post(key(pygame.K_RETURN))
    run(loop, bench, 0.2)
    assert screen.counting
    inputs = len(screen.live.session.inputs)
    pygame.event.post(key(pygame.K_SPACE))  # a kick's key while counting: not a hit
    run(loop, bench, 0.05)
    screen.live.session.update(screen.live.clock.song_time())
    assert len(screen.live.session.inputs) == inputs
    pygame.event.post(key(pygame.K_ESCAPE))
    run(loop, bench, 0.05)
    assert screen.paused is not None and not screen.counting


def words_drawn(screen: PlayScreen) -> list[str]:
    """The words the play screen draws now (a full frame, on a recording surface)."""
    surface = RecordingSurface((1280, 720), LayoutReport())
    for _part in screen.draw(surface):
        pass
    return [box.words for box in surface.report.boxes]


def test_the_count_in_shows_on_the_lead_ins_beats_and_never_after(play):
    screen, loop, bench = play
    beats = screen.count_in
    tempo = screen.live.song.chart.tempo
    assert beats == count_in_beats(tempo, LEAD_IN_S) and len(beats) >= 2
    shown = []
    while screen.live.clock.draw_time() < 1.0:
        run(loop, bench, 0.05)
        now = screen.live.clock.draw_time()
        showing = beat_at(beats, now)
        drawn = words_drawn(screen)
        if showing is not None:
            assert now < 0 and showing[0].label in drawn
            shown.append(showing[0].label)
        if now >= 0:
            assert not any(b.label in drawn for b in beats)
    assert sorted(set(shown)) == sorted(b.label for b in beats)


@pytest.mark.parametrize(
    ("bpm", "sig", "labels", "first_s"),
    [
        (120, (4, 4), ["1", "2", "3", "4"], -2.0),
        (60, (4, 4), ["3", "4"], -2.0),
        (180, (3, 4), ["1", "2", "3"], -1.0),
        (120, (6, 8), ["1", "2", "3", "4", "5", "6"], -1.5),
    ],
)
def test_the_count_in_counts_the_first_bar_in_on_its_beats(bpm, sig, labels, first_s):
    tempo = TempoMap(480, [TempoChange(0, 60e6 / bpm)], [TimeSignature(0, *sig)])
    beats = count_in_beats(tempo, 2.0)
    assert [b.label for b in beats] == labels
    assert beats[0].start_s == pytest.approx(first_s)
    assert beats[-1].start_s + beats[-1].length_s == pytest.approx(0.0)


def test_the_count_in_ends_where_a_late_first_bar_begins_but_stays_in_the_lead_in():
    tempo = TempoMap(480, [TempoChange(0, 500_000)], offset_s=0.75)  # bar 1 at 0.75 s
    beats = count_in_beats(tempo, 2.0)
    assert [b.label for b in beats] == ["1", "2", "3"]  # "4" would fall at 0.25 s: in the song
    assert [b.start_s for b in beats] == pytest.approx([-1.25, -0.75, -0.25])
