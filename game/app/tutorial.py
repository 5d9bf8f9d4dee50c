"""The tutorial: a short interactive lesson on "Nara Soundcheck".

Cards teach each pad with the keys player 1 has bound (each card waits for a right key, and
every drum key sounds its drum), then cymbals against toms and the timing windows; then the
player plays the first ~30 seconds of Nara on Easy in the real play loop, and sees how it went.
Esc skips the lesson at any card. About two minutes in all.

The song part runs `LivePlay`/`run_play` unchanged on a trimmed copy of the song: its chart cut
at the last bar line before `LESSON_SONG_S` (the play loop ends by itself after the chart's
length) and its backing faded out there.
"""

from __future__ import annotations

import dataclasses
import logging
import time

import numpy as np
import pygame

from game.app.play import LivePlay, PlayOptions, PlayResult, run_play
from game.app.setup import player_setups
from game.app.sounds import backing_for, hit_sound_for
from game.audio.clock import SongClock
from game.audio.stream import RATE, AudioStream, StreamMix
from game.core.calibration import offset_from_play
from game.core.events import InputEvent
from game.core.judgement import Judgement
from game.core.lanes import Difficulty, Lane, Part
from game.formats.errors import ChartError
from game.formats.song_folder import LoadedSong, builtin_charts_dir, load_song
from game.input.bindings import Action, Keymap
from game.input.keyboard import KeyboardMapper, key_name
from game.store.settings import Settings
from game.ui.menus import PlayerPick
from game.ui.tutorial_view import LessonCard, draw_card, key_label, pad_words

log = logging.getLogger(__name__)

LESSON_SONG = "nara-soundcheck"
LESSON_SONG_S = 30.0
"""About how much of the song the lesson plays (seconds): it ends at the bar line before."""
RING_S = 0.5
"""How long the song goes on after its last note before the play loop's own end pad (s)."""
FADE_S = 1.5
"""The backing's fade-out after the last bar (seconds)."""
FRAME_S = 1 / 60
RETURN_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)


def lesson_cards(keymap: Keymap) -> list[LessonCard]:
    """The lesson's cards, with the keys `keymap` gives player 1 (or its only player)."""
    player = keymap.players[0]

    def keys(lane: Lane, cymbal: bool = False) -> tuple[str, ...]:
        return keymap.keys_for(Action.of(player, lane, cymbal))

    return [
        LessonCard(
            "Welcome!",
            (
                "Two drummers in matching blue jackets share one stage. Each has a highway:"
                " notes fall down it, and you hit each one as it crosses the hit line.",
                "Meet the five drums, learn the timing, then play the first half minute of"
                " Nara Soundcheck.",
            ),
        ),
        LessonCard(
            "The kick",
            (
                "The kick drum is the big bass drum under your foot. Its notes are the orange"
                " bar that crosses the whole highway.",
            ),
            Lane.KICK,
            keys=keys(Lane.KICK),
        ),
        LessonCard(
            "The snare",
            ("The red lane is the snare: the crack on beats 2 and 4 of nearly every song.",),
            Lane.RED,
            keys=keys(Lane.RED),
        ),
        LessonCard(
            "Yellow tom",
            ("Yellow, blue and green are the toms, from high to low. Toms are rounded pads.",),
            Lane.YELLOW,
            keys=keys(Lane.YELLOW),
        ),
        LessonCard(
            "Blue tom",
            ("The blue tom sits in the middle: fills roll across the toms.",),
            Lane.BLUE,
            keys=keys(Lane.BLUE),
        ),
        LessonCard(
            "Green tom",
            ("The green tom is the floor tom, the deepest of the three.",),
            Lane.GREEN,
            keys=keys(Lane.GREEN),
        ),
        LessonCard(
            "Cymbal or tom?",
            (
                "A yellow, blue or green note is a tom (a rounded pad) or a cymbal (a dome)."
                " The cymbal keys sit just above the tom keys.",
                "Yellow's cymbal is the hi-hat.",
            ),
            Lane.YELLOW,
            cymbal=True,
            keys=keys(Lane.YELLOW, True),
            picture="cymbals",
        ),
        LessonCard(
            "The ride",
            ("Blue's cymbal is the ride, for a steady ping.",),
            Lane.BLUE,
            cymbal=True,
            keys=keys(Lane.BLUE, True),
            picture="cymbals",
        ),
        LessonCard(
            "The crash",
            (
                "Green's cymbal is the crash, for the big moments. On a keyboard any key of"
                " the right lane counts; with pro cymbals on, a cymbal note wants a cymbal.",
            ),
            Lane.GREEN,
            cymbal=True,
            keys=keys(Lane.GREEN, True),
            picture="cymbals",
        ),
        LessonCard(
            "Timing",
            (
                "Hit when a note crosses the hit line. Within 25 ms of it is Perfect, 50 ms"
                " Great, 90 ms Good; any later and the note is a Miss.",
                "Each pop-up says early or late, so you know which way to lean.",
            ),
            picture="timing",
        ),
        LessonCard(
            "Your turn",
            (
                "Play the first 30 seconds of Nara Soundcheck on Easy: kicks, snares and a"
                " crash. Your hits make the drum sounds, so listen for them.",
                "Esc pauses the song. Press Enter when you are ready.",
            ),
        ),
    ]


class Lesson:
    """Where the player is in the cards, and what the last key they pressed told them."""

    def __init__(self, cards: list[LessonCard], mapper: KeyboardMapper) -> None:
        self.cards = cards
        self.mapper = mapper
        self.index = 0
        self.feedback: tuple[str, bool] | None = None
        """(words, whether the key was right) about the last key pressed."""

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
            self.feedback = (f"Nice! That was the {pad}.", True)
            return True
        wanted = " or ".join(key_label(k) for k in card.keys)
        action = self.mapper.action_for(key)
        if action is not None:
            played = pad_words(action.lane, action.cymbal)
            self.feedback = (f"{key_label(key)} plays the {played}. The {pad} is {wanted}.", False)
        else:
            self.feedback = (f"{key_label(key)} is not a drum. The {pad} is {wanted}.", False)
        return False


class PadSounds:
    """A quiet stream for the cards: every drum key sounds its drum at once."""

    def __init__(self, settings: Settings) -> None:
        self.mix = StreamMix(np.zeros((0, 2), np.float32), 0)
        self.mix.hits_gain = settings.audio.master_volume * settings.audio.drums_volume
        self.stream = AudioStream(self.mix, SongClock(RATE))

    def __enter__(self) -> PadSounds:
        self.stream.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stream.close()

    def play(self, hit: InputEvent) -> None:
        """Sound the drum of `hit` now."""
        self.mix.schedule(hit_sound_for(hit), None)


def run_cards(surface: pygame.Surface, lesson: Lesson, sounds: PadSounds | None) -> str:
    """Show the lesson's cards until the last is through ("done"), Esc ("skip") or the window
    is closed ("quit", with QUIT posted again). Events after the last card stay queued."""
    steps = len(lesson.cards)
    while not lesson.done:
        while (event := pygame.event.poll()).type != pygame.NOEVENT:
            if event.type == pygame.QUIT:
                pygame.event.post(pygame.event.Event(pygame.QUIT))
                return "quit"
            if event.type != pygame.KEYDOWN:
                continue
            if event.key == pygame.K_ESCAPE:
                return "skip"
            name = key_name(event)
            hit = lesson.mapper.map_key(name, 0.0)
            if hit is not None and sounds is not None:
                sounds.play(hit)
            lesson.press(name, event.key in RETURN_KEYS)
            if lesson.done:
                return "done"
        surface = pygame.display.get_surface() or surface
        draw_card(surface, lesson.card, lesson.index, steps, lesson.feedback)
        pygame.display.flip()
        time.sleep(FRAME_S)
    return "done"


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


def faded_backing(backing: np.ndarray, from_s: float, fade_s: float = FADE_S) -> np.ndarray:
    """`backing` (float32 (n, 2)) faded out linearly from `from_s` over `fade_s` seconds, and
    cut there."""
    start = min(round(from_s * RATE), len(backing))
    end = min(start + round(fade_s * RATE), len(backing))
    out = np.array(backing[:end], dtype=np.float32)
    out[start:end] *= np.linspace(1.0, 0.0, end - start, dtype=np.float32)[:, None]
    return out


def play_lesson_song(
    surface: pygame.Surface, settings: Settings, keymap: Keymap, seconds: float = LESSON_SONG_S
) -> PlayResult | None:
    """Play the first `seconds` of Nara on Easy in the real play loop; None without the song."""
    try:
        song = lesson_song(load_song(builtin_charts_dir() / LESSON_SONG), seconds)
    except ChartError as e:
        log.warning("tutorial: %s", e)
        return None
    backing, notice = backing_for(song)
    if notice:
        log.warning("tutorial: %s", notice)
    last_bar = (song.chart.meta.length_s or song.chart.duration_s + RING_S) - RING_S
    backing = faded_backing(backing, last_bar)
    pick = PlayerPick(Part.FULL, Difficulty.EASY, settings.gameplay.window_presets[0])
    options = PlayOptions.from_settings(player_setups(settings, [pick]), settings)
    mapper = KeyboardMapper(keymap)
    while True:
        result = run_play(LivePlay(song, options, backing, hit_sound_for, mapper.map_key), surface)
        if not result.restart:
            return result


def results_card(result: PlayResult) -> LessonCard:
    """The lesson's last card: how the player did, and what to do next."""
    stats = result.session.stats()[0]
    counts = stats.counts
    facts = (
        ("Accuracy", f"{stats.accuracy * 100:.0f}%  ({stats.grade})"),
        ("Perfect", str(counts[Judgement.PERFECT])),
        ("Great", str(counts[Judgement.GREAT])),
        ("Good", str(counts[Judgement.GOOD])),
        ("Missed", str(counts[Judgement.MISS])),
    )
    lines = ["You played the start of Nara Soundcheck!"]
    median = offset_from_play([e * 1000 for e in stats.errors_s])
    if median is not None and abs(median) >= 20:
        way = "late" if median > 0 else "early"
        lines.append(
            f"Your hits came {abs(median):.0f} ms {way} on average: Calibrate on the title"
            " menu can measure your keyboard and take that off."
        )
    lines.append(
        "Next: choose a song and play it, alone or as a duet with a friend."
        " Press Enter for song select."
    )
    title = "Well played!" if stats.accuracy >= 0.7 else "A good start"
    return LessonCard(title, tuple(lines), picture="results", facts=facts)


@dataclasses.dataclass(frozen=True)
class TutorialEnd:
    """How the lesson ended: its play when it was played to the end (its hit errors can
    calibrate), and whether the player pressed Enter on the last card to go on to song select
    (Esc there goes back to the title menu)."""

    result: PlayResult | None = None
    to_song_select: bool = False


def tutorial(
    surface: pygame.Surface,
    settings: Settings,
    keymap: Keymap,
    *,
    song_s: float | None = None,
) -> TutorialEnd:
    """The interactive lesson: cards for each pad with player 1's keys in `keymap`, cymbals and
    timing, then the first `song_s` seconds (default `LESSON_SONG_S`) of Nara Soundcheck on
    Easy, then how it went. Esc skips the lesson; closing the window re-posts QUIT and
    returns."""
    mapper = KeyboardMapper(keymap)
    lesson = Lesson(lesson_cards(keymap), mapper)
    with PadSounds(settings) as sounds:
        if run_cards(surface, lesson, sounds) != "done":
            return TutorialEnd()
    seconds = LESSON_SONG_S if song_s is None else song_s
    result = play_lesson_song(surface, settings, keymap, seconds)
    if result is None or not result.finished:
        return TutorialEnd()
    closed = run_cards(surface, Lesson([results_card(result)], mapper), None)
    return TutorialEnd(result, to_song_select=closed == "done")
