"""The tutorial: a short interactive lesson on "Nara Soundcheck", a screen on the game's loop.

Cards teach each pad with the keys player 1 has bound (each card waits for a right key, and
every drum key sounds its drum on the game's audio output), then cymbals against toms and the
timing windows; then the player plays the first ~30 seconds of Nara on Easy on the real play
screen, pushed over the lesson, and sees how it went on a last card, whose Enter goes on to
song select. Esc skips the lesson at any card. About two minutes in all. The first and the last
card also offer the duet chapter (game.app.tutorial_duet) for two players.

The song is the play screen unchanged on a trimmed copy of the song: its chart cut at the last
bar line before `LESSON_SONG_S` (the play ends by itself after the chart's length) and its
backing faded out there.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from enum import Enum

import numpy as np
import pygame

from game.app.context import AppContext
from game.app.play import LivePlay, PlayOptions, PlayResult, PlayScreen
from game.app.results_screen import hit_errors_ms
from game.app.scene import Action, Pumped, Screen
from game.app.setup import keymap_for, player_setups
from game.app.sounds import backing_for, hit_sounds_at
from game.audio.clock import SongClock
from game.audio.drumkit import shared_kit
from game.audio.dsp import SAMPLE_RATE
from game.audio.stream import AudioStream, OutputFormat, StreamMix
from game.base.language import N_, _
from game.core.calibration import offset_from_play
from game.core.events import InputEvent
from game.core.judgement import Judgement
from game.core.lanes import Difficulty, Lane, Part
from game.formats.errors import ChartError
from game.formats.song_folder import LoadedSong, builtin_charts_dir, load_song
from game.input.bindings import Action as BoundAction
from game.input.bindings import Keymap
from game.input.keyboard import KEYBOARD, KeyboardMapper, key_name
from game.store.settings import Settings
from game.ui.canvas import Canvas
from game.ui.song_select_view import PlayerPick
from game.ui.tutorial_view import Feedback, LessonCard, Picture, draw_card, key_label, pad_words

log = logging.getLogger(__name__)

LESSON_SONG = "nara-soundcheck"
LESSON_SONG_S = 30.0
"""About how much of the song the lesson plays (seconds): it ends at the bar line before."""
RING_S = 0.5
"""How long the song goes on after its last note before the play loop's own end pad (s)."""
FADE_S = 1.5
"""The backing's fade-out after the last bar (seconds)."""


WELCOME = LessonCard(
    N_("Welcome!"),
    (
        N_(
            "Two drummers in matching blue jackets share one stage. Each has a highway:"
            " notes fall down it, and you hit each one as it crosses the hit line."
        ),
        N_(
            "Meet the five drums, learn the timing, then play the first half minute of"
            " Nara Soundcheck."
        ),
    ),
    picture=Picture.CHOICES,
    choices=(
        N_("Solo lessons: the drums and the timing"),
        N_("Duet chapter: two players, Sync and Harmony"),
    ),
)
DUET_CHOICE = 1
"""The line of the first and last cards' choices that opens the duet chapter."""
PAD_CARDS: tuple[tuple[str, Lane, bool, tuple[str, ...]], ...] = (
    (
        N_("The kick"),
        Lane.KICK,
        False,
        (
            N_(
                "The kick drum is the big bass drum under your foot. Its notes are the orange"
                " bar that crosses the whole highway."
            ),
        ),
    ),
    (
        N_("The snare"),
        Lane.RED,
        False,
        (N_("The red lane is the snare: the crack on beats 2 and 4 of nearly every song."),),
    ),
    (
        N_("Yellow tom"),
        Lane.YELLOW,
        False,
        (N_("Yellow, blue and green are the toms, from high to low. Toms are rounded pads."),),
    ),
    (
        N_("Blue tom"),
        Lane.BLUE,
        False,
        (N_("The blue tom sits in the middle: fills roll across the toms."),),
    ),
    (
        N_("Green tom"),
        Lane.GREEN,
        False,
        (N_("The green tom is the floor tom, the deepest of the three."),),
    ),
    (
        N_("Cymbal or tom?"),
        Lane.YELLOW,
        True,
        (
            N_(
                "A yellow, blue or green note is a tom (a rounded pad) or a cymbal (a dome)."
                " The cymbal keys sit just above the tom keys."
            ),
            N_("Yellow's cymbal is the hi-hat."),
        ),
    ),
    (N_("The ride"), Lane.BLUE, True, (N_("Blue's cymbal is the ride, for a steady ping."),)),
    (
        N_("The crash"),
        Lane.GREEN,
        True,
        (
            N_(
                "Green's cymbal is the crash, for the big moments. On a keyboard any key of"
                " the right lane counts; with pro cymbals on, a cymbal note wants a cymbal."
            ),
        ),
    ),
)
"""The cards that teach one pad each: (title, lane, cymbal, lines), in the lesson's order."""
TIMING = LessonCard(
    N_("Timing"),
    (
        N_(
            "Hit when a note crosses the hit line. Within 25 ms of it is Perfect, 50 ms"
            " Great, 90 ms Good; any later and the note is a Miss."
        ),
        N_("Each pop-up says early or late, so you know which way to lean."),
    ),
    picture=Picture.TIMING,
)
YOUR_TURN = LessonCard(
    N_("Your turn"),
    (
        N_(
            "Play the first 30 seconds of Nara Soundcheck on Easy: kicks, snares and a"
            " crash. Your hits make the drum sounds, so listen for them."
        ),
        N_("Esc pauses the song. Press Enter when you are ready."),
    ),
)


def lesson_cards(keymap: Keymap) -> list[LessonCard]:
    """The lesson's cards, with the keys `keymap` gives player 1 (or its only player)."""
    player = keymap.players[0]
    pads = [
        LessonCard(
            title,
            lines,
            lane,
            cymbal,
            keys=keymap.keys_for(BoundAction.of(player, lane, cymbal)),
            picture=Picture.CYMBALS if cymbal else Picture.PADS,
        )
        for title, lane, cymbal, lines in PAD_CARDS
    ]
    return [WELCOME, *pads, TIMING, YOUR_TURN]


class Lesson:
    """Where the player is in the cards, and what the last key they pressed told them."""

    def __init__(self, cards: list[LessonCard], mapper: KeyboardMapper) -> None:
        self.cards = cards
        self.mapper = mapper
        self.index = 0
        self.feedback: Feedback | None = None
        """What the last key pressed told the player."""
        self.choice = 0
        """The highlighted line of a card with choices."""

    @property
    def done(self) -> bool:
        """True once every card is through."""
        return self.index >= len(self.cards)

    @property
    def card(self) -> LessonCard:
        """The card shown now (the last one once done)."""
        return self.cards[min(self.index, len(self.cards) - 1)]

    def press(self, key: str, enter: bool = False) -> bool:
        """Key `key` (a bindings name; `enter` for Return) on the card shown: True when it goes
        on to the next card. A card with a pad wants one of its keys (Enter when the pad has no
        key); the others want Enter."""
        card = self.card
        if self.done:
            return False
        if card.lane is None or not card.keys:
            if enter:
                self.index += 1
                self.feedback = None
            return enter
        pad = pad_words(card.lane, card.cymbal)
        if key in card.keys:
            self.index += 1
            self.feedback = Feedback(_("Nice! That was the {pad}.").format(pad=pad), True)
            return True
        wanted = _(" or ").join(key_label(k) for k in card.keys)
        action = self.mapper.action_for(key)
        if action is not None:
            played = pad_words(action.lane, action.cymbal)
            words = _("{key} plays the {played}. The {pad} is {wanted}.").format(
                key=key_label(key), played=played, pad=pad, wanted=wanted
            )
        else:
            words = _("{key} is not a drum. The {pad} is {wanted}.").format(
                key=key_label(key), pad=pad, wanted=wanted
            )
        self.feedback = Feedback(words, False)
        return False


class PadSounds:
    """A quiet stream on the game's audio output for the cards: every drum key sounds its drum
    at once. Silent (no stream) when the output could not be opened."""

    def __init__(self, output: OutputFormat, settings: Settings) -> None:
        """Play on `output`, the device the app context opened (this never opens it)."""
        self.sound = hit_sounds_at(output.rate)
        self.mix = StreamMix(np.zeros((0, 2), np.float32), 0, rate=output.rate)
        self.mix.hits_gain = settings.audio.master_volume * settings.audio.drums_volume
        self.stream: AudioStream | None = None
        if output.opened:  # buffer_frames None: the mixer as it is open, at its rate
            self.stream = AudioStream(self.mix, SongClock(output.rate), None, output.rate)
        else:
            log.info("tutorial: the pads are silent: %s", output.notice)

    def start(self) -> None:
        """Start sounding the pads."""
        if self.stream is not None:
            self.stream.start()

    def close(self) -> None:
        """Stop the stream (the output stays open for the song)."""
        if self.stream is not None:
            self.stream.close()

    def play(self, hit: InputEvent) -> None:
        """Sound the drum of `hit` now."""
        self.mix.schedule(self.sound(hit), None)


def lesson_song(song: LoadedSong, seconds: float = LESSON_SONG_S) -> LoadedSong:
    """The first `seconds` of `song`, cut at the last bar line at or before it: the notes up to
    and on that bar line, its sections, and a length that ends `RING_S` after it."""
    chart = song.chart
    bars = chart.tempo.bar_lines(0.0, seconds + 1e-6)
    bars = bars[bars <= seconds + 1e-6]
    cut = float(bars[-1]) if len(bars) and bars[-1] > 0 else seconds
    tracks = {key: track.subset(track.times <= cut + 1e-6) for key, track in chart.tracks.items()}
    short = dataclasses.replace(
        chart,
        meta=dataclasses.replace(chart.meta, length_s=cut + RING_S),
        tracks=tracks,
        sections=tuple(s for s in chart.sections if s.time_s < cut),
        phrases={
            part: tuple(p for p in phrases if p.start_s < cut)
            for part, phrases in chart.phrases.items()
        },
    )
    return dataclasses.replace(song, chart=short)


def faded_backing(
    backing: np.ndarray, from_s: float, fade_s: float = FADE_S, rate: int = SAMPLE_RATE
) -> np.ndarray:
    """`backing` (float32 (n, 2) at `rate` Hz) faded out linearly from `from_s` over `fade_s`
    seconds, and cut there."""
    start = min(round(from_s * rate), len(backing))
    end = min(start + round(fade_s * rate), len(backing))
    out = np.array(backing[:end], dtype=np.float32)
    out[start:end] *= np.linspace(1.0, 0.0, end - start, dtype=np.float32)[:, None]
    return out


def lesson_audio(
    song: LoadedSong, output: OutputFormat, fade_from_s: float
) -> tuple[np.ndarray, str | None]:
    """A lesson's backing for `song` at `output`'s rate, faded out from `fade_from_s` (seconds),
    with the kit's sounds made ready; (backing, the notice to show or None)."""
    backing, notice = backing_for(song, output.rate)
    if notice:
        log.warning("tutorial: %s", notice)
    backing = faded_backing(backing, fade_from_s, rate=output.rate)
    shared_kit(output.rate).warm()  # every hit's sound is ready before the song starts
    notice = " ".join(n for n in (output.notice, notice) if n) or None
    return backing, notice


def lesson_play(app: AppContext, seconds: float = LESSON_SONG_S) -> LivePlay | None:
    """The first `seconds` of Nara on Easy, ready to play on the context's audio output with
    player 1's keys; None without the song."""
    try:
        song = lesson_song(load_song(builtin_charts_dir() / LESSON_SONG), seconds)
    except ChartError as e:
        log.warning("tutorial: %s", e)
        return None
    settings = app.settings
    output = app.audio_output()
    last_bar = (song.chart.meta.length_s or song.chart.duration_s + RING_S) - RING_S
    backing, notice = lesson_audio(song, output, last_bar)
    pick = PlayerPick(Part.FULL, Difficulty.EASY, settings.gameplay.window_presets[0])
    options = PlayOptions.from_settings(player_setups(settings, [pick]), settings)
    mapper = KeyboardMapper(keymap_for(settings, 1))
    return LivePlay(
        song,
        options,
        backing,
        hit_sounds_at(output.rate),
        mapper.map_key,
        rate=output.rate,
        notice=notice,
    )


def results_card(result: PlayResult) -> LessonCard:
    """The lesson's last card: how the player did, and what to do next."""
    stats = result.session.stats()[0]
    counts = stats.counts
    facts = (
        (N_("Accuracy"), f"{stats.accuracy * 100:.0f}%  ({stats.grade})"),
        ("Perfect", str(counts[Judgement.PERFECT])),
        ("Great", str(counts[Judgement.GREAT])),
        ("Good", str(counts[Judgement.GOOD])),
        (N_("Missed"), str(counts[Judgement.MISS])),
    )
    lines = [N_("You played the start of Nara Soundcheck!")]
    median = offset_from_play([e * 1000 for e in stats.errors_s])
    if median is not None and abs(median) >= 20:
        if median > 0:
            came = _(
                "Your hits came {ms:.0f} ms late on average: Calibrate on the title"
                " menu can measure your keyboard and take that off."
            )
        else:
            came = _(
                "Your hits came {ms:.0f} ms early on average: Calibrate on the title"
                " menu can measure your keyboard and take that off."
            )
        lines.append(came.format(ms=abs(median)))
    lines.append(
        N_(
            "Next: choose a song and play it, alone or as a duet with a friend."
            " Press Enter for song select."
        )
    )
    title = N_("Well played!") if stats.accuracy >= 0.7 else N_("A good start")
    return LessonCard(
        title,
        tuple(lines),
        picture=Picture.RESULTS,
        facts=facts,
        choices=(N_("Song select"), N_("Duet chapter: two players")),
    )


class Phase(Enum):
    """Where the player is in the tutorial."""

    CARDS = "cards"
    """The cards that teach the pads and the timing."""
    SONG = "song"
    """The lesson's song is being played (the play screen is over this one)."""
    RESULTS = "results"
    """The last card: how the song went."""


class TutorialScreen(Screen):
    """The interactive lesson (see the module) on the game's loop: the cards answer player 1's
    keys, the song is a play screen over this one, and the results card leads to the screen
    `then(app)` builds (song select) on Enter, or back to the title on Esc."""

    def __init__(self, then: Callable[[AppContext], Screen] | None = None) -> None:
        """`then(app)`: the screen Enter on the results card leads to (None: the title)."""
        self.then = then
        self.canvas = Canvas()
        self.phase = Phase.CARDS
        self.lesson: Lesson | None = None
        self.sounds: PadSounds | None = None
        self.result: PlayResult | None = None
        """The lesson song's play once it was played to its end."""

    def enter(self) -> None:
        """Show the first card with the keys player 1 has bound, and sound the pads."""
        settings = self.app.settings
        keymap = keymap_for(settings, 1)
        self.lesson = Lesson(lesson_cards(keymap), KeyboardMapper(keymap))
        self.sounds = PadSounds(self.app.audio_output(), settings)
        self.sounds.start()

    def leave(self) -> None:
        """Stop the pads' sounds."""
        self._quiet()

    def on_input(self, item: Pumped) -> None:
        """A key on a card: a drum key sounds its drum, the right one goes on; Enter (or a
        gamepad's or kit's select) goes on past a card without a pad; Esc skips the lesson (on
        the last card, goes back to the title). A card with a pad wants a key: a kit's pads,
        which walk the menus, do nothing there (its red pad would skip the lesson)."""
        lesson, event = self.lesson, item.event
        if lesson is None or self.phase is Phase.SONG:
            return
        wants_key = lesson.card.lane is not None and bool(lesson.card.keys)
        if event is None and wants_key:
            return
        if item.action is Action.BACK:
            self.stack.pop()
            return
        choices = len(lesson.card.choices)
        if choices and item.action in (Action.UP, Action.DOWN):
            lesson.choice = (lesson.choice + (1 if item.action is Action.DOWN else -1)) % choices
            return
        if choices and item.action is Action.SELECT and lesson.choice == DUET_CHOICE:
            self._duet()
            return
        enter = item.action is Action.SELECT
        if event is not None and event.type == pygame.KEYDOWN:
            name = key_name(event)
            hit = lesson.mapper.map_key(name, 0.0)
            if hit is not None and self.sounds is not None:
                self.sounds.play(hit)
            lesson.press(name, enter)
        elif enter and not wants_key:
            lesson.press("", enter=True)
        if lesson.done:
            self._next()

    def _next(self) -> None:
        if self.phase is Phase.RESULTS:
            if self.then is None:
                self.stack.pop()
            else:
                self.stack.replace(self.then(self.app))
            return
        self._quiet()
        self._play()

    def _duet(self) -> None:
        """Open the duet chapter in the lesson's place."""
        from game.app.tutorial_duet import DuetChapterScreen  # it builds on this module

        self._quiet()
        self.stack.replace(DuetChapterScreen(self.then))

    def _play(self) -> None:
        live = lesson_play(self.app)
        if live is None:
            self.stack.pop()
            return
        self.phase = Phase.SONG
        self.stack.push(PlayScreen(live))

    def resume(self, result: object) -> None:
        """Back from the song: played again (Restart), its results card (played to the end),
        or back to the title (quit from its pause menu)."""
        if self.phase is not Phase.SONG or not isinstance(result, PlayResult):
            return
        if result.restart:
            self._play()
            return
        if not result.finished:
            self.stack.pop()
            return
        self.result = result
        self.app.last_play_median_ms = offset_from_play(hit_errors_ms(result, 0), min_hits=1)
        self.app.last_play_device = KEYBOARD
        assert self.lesson is not None
        self.lesson = Lesson([results_card(result)], self.lesson.mapper)
        self.phase = Phase.RESULTS

    def draw(self, surface: pygame.Surface) -> None:
        """The card shown now, with the feedback on the last key."""
        lesson = self.lesson
        if lesson is not None:
            canvas = self.canvas.surface_for(surface)
            draw_card(
                canvas,
                lesson.card,
                lesson.index,
                len(lesson.cards),
                lesson.feedback,
                choice=lesson.choice,
            )
            self.canvas.present(surface, canvas)

    def _quiet(self) -> None:
        if self.sounds is not None:
            self.sounds.close()
            self.sounds = None
