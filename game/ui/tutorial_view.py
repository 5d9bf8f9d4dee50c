"""The tutorial's cards: a step of the lesson with its words, the pad to hit drawn on a small
highway with its key, and the player's last try (drawing only; game.app.tutorial drives it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import pygame

from game.base.language import N_, _
from game.core.judgement import Judgement
from game.core.lanes import Lane
from game.ui import theme
from game.ui.calibration_view import ZONES
from game.ui.footer import draw_footer
from game.ui.text_boxes import panel as text_panel
from game.ui.text_fit import fit, wrap
from game.ui.tutorial_duet_view import draw_goodwill, draw_harmony, draw_player_keys, draw_sync

PAD_WORDS = {
    (Lane.KICK, False): N_("kick"),
    (Lane.RED, False): N_("snare"),
    (Lane.YELLOW, False): N_("yellow tom"),
    (Lane.YELLOW, True): N_("yellow cymbal"),
    (Lane.BLUE, False): N_("blue tom"),
    (Lane.BLUE, True): N_("blue cymbal"),
    (Lane.GREEN, False): N_("green tom"),
    (Lane.GREEN, True): N_("green cymbal"),
}
"""Each (lane, cymbal) pad in the lesson's words (English: looked up with `_` when drawn)."""
PAD_LANES = (Lane.RED, Lane.YELLOW, Lane.BLUE, Lane.GREEN)


class Picture(Enum):
    """What a card shows beside its words."""

    PADS = "pads"
    """A short highway with the card's pad and its key cap."""
    CYMBALS = "cymbals"
    """A tom and a cymbal of the card's lane side by side."""
    TIMING = "timing"
    """The hit windows around a note."""
    RESULTS = "results"
    """How the lesson's song went, one row per fact."""
    CHOICES = "choices"
    """The card's choices, one line each, the chosen one highlighted."""
    PLAYER_KEYS = "player-keys"
    """Each duet player's keys, a row of lane-coloured key caps each."""
    SYNC = "sync"
    """Two players' notes hit together: a Sync."""
    GOODWILL = "goodwill"
    """The Goodwill meter and what moves it."""
    HARMONY = "harmony"
    """Both players' green keys, hit together: Harmony."""


@dataclass(frozen=True)
class LessonCard:
    """One step of the lesson: a title and a few lines; `lane` and `cymbal` name the pad to hit
    (None: press Enter to go on), `keys` its key names for the key cap, `picture` what is drawn
    beside the words."""

    title: str
    lines: tuple[str, ...]
    lane: Lane | None = None
    cymbal: bool = False
    keys: tuple[str, ...] = ()
    picture: Picture = Picture.PADS
    facts: tuple[tuple[str, str], ...] = field(default=())
    """For `Picture.RESULTS`: (name, value) rows."""
    choices: tuple[str, ...] = ()
    """For `Picture.CHOICES`: the lines to choose from (English: looked up with `_`)."""
    player_keys: tuple[tuple[str, ...], ...] = ()
    """For the duet's pictures: each player's keys of kick, snare, yellow, blue, green."""


@dataclass(frozen=True)
class Feedback:
    """What the player is told about the last key they pressed, and whether it was right."""

    words: str
    right: bool


def key_label(key: str) -> str:
    """A key name as printed on the key cap: "Space", "D", "Keypad 4"."""
    return key[:1].upper() + key[1:] if key else "?"


def draw_card(
    surface: pygame.Surface,
    card: LessonCard,
    step: int,
    steps: int,
    feedback: Feedback | None = None,
    choice: int = 0,
    heading: str | None = None,
) -> None:
    """Draw `card` (step `step` of `steps`, from 0) and the feedback on the last key pressed;
    `choice` is the highlighted line of a card with choices, `heading` the words in the bar at
    the top (English: looked up with `_`; None: the lesson's)."""
    w = surface.get_width()
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    pygame.draw.rect(surface, theme.JACKET_DARK, (0, 70, w, 6))
    dots = steps * 26 + 40 if steps > 1 else 0
    words = _(heading) if heading is not None else _("Tutorial: Nara Soundcheck")
    surface.blit(theme.text(fit(words, 44, w - 48 - dots, True), 44, theme.TEXT, True), (24, 14))
    for i in range(steps if steps > 1 else 0):  # progress dots
        x = w - 40 - (steps - 1 - i) * 26
        done = i <= step
        pygame.draw.circle(surface, theme.GOLD if done else theme.JACKET_DARK, (x, 36), 8)
    tip = _("Esc skips the lesson")
    if card.choices:
        tip = _("Up, Down: choose  ·  Enter: go  ·  Esc: title menu")
    elif card.picture is Picture.RESULTS:
        tip = _("Enter: song select  ·  Esc: title menu")
    elif card.lane is None or not card.keys:
        tip = _("Enter to go on  ·  Esc skips the lesson")
    helps = [(tip, 22)]
    if card.lane is None or not card.keys:  # a card with a pad wants a key, not a menu pad
        helps.insert(0, (tutorial_pad_hint(card.picture is Picture.RESULTS), 19))
    footer = draw_footer(surface, helps, margin=40)  # the help about 40 px above the bottom
    panel = pygame.Rect(48, 100, w - 96, footer - 100 - 12)
    pygame.draw.rect(surface, theme.PANEL, panel, border_radius=18)
    pygame.draw.rect(surface, theme.darker(theme.GOLD, 0.35), panel, 2, border_radius=18)
    with text_panel(surface, panel):
        _card_words(surface, card, feedback, panel)
        art = pygame.Rect(
            panel.centerx + 20, panel.top + 30, panel.width // 2 - 56, panel.height - 60
        )
        if card.picture is Picture.TIMING:
            _draw_timing(surface, art)
        elif card.picture is Picture.CYMBALS:
            _draw_cymbals(surface, art, card)
        elif card.picture is Picture.RESULTS:
            _draw_facts(surface, art, card.facts, card.choices, choice)
        elif card.picture is Picture.CHOICES:
            _draw_choices(surface, art, card.choices, choice)
        elif card.picture is Picture.PLAYER_KEYS:
            names = [_("Player {number}").format(number=n + 1) for n in range(2)]
            draw_player_keys(surface, art, names, card.player_keys)
        elif card.picture is Picture.SYNC:
            draw_sync(surface, art)
        elif card.picture is Picture.GOODWILL:
            draw_goodwill(surface, art)
        elif card.picture is Picture.HARMONY:
            greens = [keys[-1] if keys else "" for keys in card.player_keys]
            draw_harmony(surface, art, greens)
        else:
            _draw_pads(surface, art, card)


def _card_words(
    surface: pygame.Surface, card: LessonCard, feedback: Feedback | None, panel: pygame.Rect
) -> None:
    """The card's title, its lines (smaller when they would not fit), the prompt and the
    feedback, in the left half of `panel`."""
    text_w = panel.width // 2 - 56
    x, y = panel.left + 36, panel.top + 28
    title_words = fit(_(card.title), 52, text_w, display=True)
    title = theme.text(title_words, 52, theme.GOLD, display=True)
    surface.blit(title, (x, y))
    y += title.get_height() + 12
    bottom = panel.bottom - 16
    prompt = None
    if card.lane is not None and card.keys:
        keys = _("  or  ").join(map(key_label, card.keys))
        words = _("Hit the {pad}:  {keys}").format(pad=pad_words(card.lane, card.cymbal), keys=keys)
        words = fit(words, 36, text_w, True)
        prompt = theme.text(words, 36, theme.TEXT, True)
    f = None
    if feedback is not None:
        colour = theme.JUDGEMENT_COLOURS[Judgement.GREAT] if feedback.right else theme.WARN
        f = theme.text(fit(feedback.words, 30, text_w, True), 30, colour, True)
    for line_surface in (f, prompt):
        if line_surface is not None:
            bottom -= line_surface.get_height() + 8
            surface.blit(line_surface, (x, bottom + 4))
    for size in (30, 26, 22, 18):
        line_h = size * 38 // 30
        lines = [wrap(_(line), size, text_w) for line in card.lines]
        height = sum(len(parts) * line_h + 8 for parts in lines)
        if y + height <= bottom or size == 18:
            break
    for parts in lines:
        for part in parts:
            if y + line_h > bottom:
                return
            surface.blit(theme.text(part, size, theme.TEXT), (x, y))
            y += line_h
        y += 8


def tutorial_pad_hint(last: bool = False) -> str:
    """How a kit's pads walk a lesson's card that wants no pad (`last`: the results card)."""
    if last:
        return _("Drum kit: green pad: song select  ·  red pad: title menu")
    return _("Drum kit: green pad goes on  ·  red pad skips the lesson")


def pad_words(lane: Lane, cymbal: bool = False) -> str:
    """A pad in the lesson's words, in the game's language: "kick", "snare", "yellow tom",
    "green cymbal"."""
    return _(PAD_WORDS[lane, cymbal and lane.takes_cymbal_flag])


def _draw_pads(surface: pygame.Surface, art: pygame.Rect, card: LessonCard) -> None:
    """A short highway: the five lanes, one note of the card's pad falling to the hit line, and
    the key cap under its lane."""
    road = pygame.Rect(0, 0, min(art.width, 420), art.height - 90)
    road.midtop = art.midtop
    lane_w = road.width // 4
    for i, lane in enumerate(PAD_LANES):
        strip = pygame.Rect(road.left + i * lane_w, road.top, lane_w, road.height)
        lit = card.lane is lane
        pygame.draw.rect(
            surface, theme.darker(theme.LANE_COLOURS[lane], 0.3 if lit else 0.8), strip
        )
        pygame.draw.line(surface, theme.darker(theme.TEXT, 0.7), strip.topleft, strip.bottomleft)
    hit_y = road.bottom - 40
    pygame.draw.line(surface, theme.TEXT, (road.left, hit_y), (road.right, hit_y), 3)
    for i, lane in enumerate(PAD_LANES):
        pad = pygame.Rect(road.left + i * lane_w + 6, hit_y - 8, lane_w - 12, 16)
        pygame.draw.rect(surface, theme.LANE_COLOURS[lane], pad, 3, border_radius=8)
    kick_lit = card.lane is Lane.KICK
    kick = pygame.Rect(road.left + 4, road.top + road.height // 2, road.width - 8, 12)
    pygame.draw.rect(
        surface,
        theme.darker(theme.LANE_COLOURS[Lane.KICK], 0.0 if kick_lit else 0.65),
        kick,
        border_radius=5,
    )
    if card.lane is not None and card.lane is not Lane.KICK:
        i = PAD_LANES.index(card.lane)
        centre = (road.left + i * lane_w + lane_w // 2, road.top + road.height // 4)
        _draw_gem(surface, centre, lane_w - 16, card.lane, card.cymbal)
    if card.lane is not None and card.keys:
        if card.lane is Lane.KICK:
            cap_x = road.centerx
        else:
            cap_x = road.left + PAD_LANES.index(card.lane) * lane_w + lane_w // 2
        _draw_keycap(surface, (cap_x, road.bottom + 48), key_label(card.keys[0]))


def _draw_gem(
    surface: pygame.Surface, centre: tuple[int, int], width: int, lane: Lane, cymbal: bool
) -> None:
    """A note as the highway draws it: a rounded pad for a tom, a dome for a cymbal."""
    colour = theme.LANE_COLOURS[lane]
    gem = pygame.Rect(0, 0, width, 26)
    gem.center = centre
    if cymbal:
        pygame.draw.ellipse(surface, colour, gem)
        pygame.draw.ellipse(surface, theme.lighter(colour, 0.6), gem, 3)
    else:
        pygame.draw.rect(surface, colour, gem, border_radius=9)
        pygame.draw.rect(surface, theme.darker(colour, 0.4), gem, 2, border_radius=9)


def _draw_keycap(surface: pygame.Surface, centre: tuple[int, int], label: str) -> None:
    words = theme.text(label, 34, theme.BACKGROUND, True)
    cap = pygame.Rect(0, 0, max(70, words.get_width() + 36), 62)
    cap.center = centre
    pygame.draw.rect(surface, theme.darker(theme.TEXT, 0.35), cap.move(0, 5), border_radius=10)
    pygame.draw.rect(surface, theme.TEXT, cap, border_radius=10)
    surface.blit(words, words.get_rect(center=cap.center))


def _draw_cymbals(surface: pygame.Surface, art: pygame.Rect, card: LessonCard) -> None:
    """A tom and a cymbal of the card's lane side by side, named, over the key cap to hit."""
    lane = card.lane or Lane.YELLOW
    for k, cymbal in enumerate((False, True)):
        cx = art.left + art.width * (1 + 2 * k) // 4
        box = pygame.Rect(0, 0, art.width // 2 - 30, 190)
        box.midtop = (cx, art.top + 20)
        chosen = cymbal == card.cymbal
        pygame.draw.rect(surface, theme.JACKET_DARK, box, border_radius=14)
        if chosen:
            pygame.draw.rect(surface, theme.GOLD, box, 3, border_radius=14)
        _draw_gem(surface, (cx, box.top + 70), box.width - 60, lane, cymbal)
        label = theme.text(pad_words(lane, cymbal), 28, theme.TEXT, chosen)
        surface.blit(label, (cx - label.get_width() // 2, box.top + 120))
    if card.keys:
        cx = art.left + art.width * (3 if card.cymbal else 1) // 4
        _draw_keycap(surface, (cx, art.top + 290), key_label(card.keys[0]))


def _draw_timing(surface: pygame.Surface, art: pygame.Rect) -> None:
    """The hit windows around a note as tiers, early to the left and late to the right: Good
    ±90 ms, Great ±50, Perfect ±25, and Miss beyond."""
    half_ms = 110.0
    scale = (art.width - 40) / (2 * half_ms)
    v = min(1.0, art.height / 420)  # the picture is 420 px tall; lower in a low window
    centre = art.centerx
    base = art.top + round(300 * v)
    for k, (ms, judgement) in enumerate(ZONES):
        tier = pygame.Rect(0, 0, round(2 * ms * scale), round((210 - 60 * k) * v))
        tier.midbottom = (centre, base)
        colour = theme.JUDGEMENT_COLOURS[judgement]
        pygame.draw.rect(surface, theme.darker(colour, 0.55), tier, border_radius=8)
        pygame.draw.rect(surface, colour, tier, 2, border_radius=8)
        words = fit(f"{judgement.name.title()} ±{ms:.0f} ms", 22, tier.width - 8, True)
        name = theme.text(words, 22, theme.TEXT, True)
        surface.blit(name, (centre - name.get_width() // 2, tier.top + round(10 * v)))
    miss = theme.JUDGEMENT_COLOURS[Judgement.MISS]
    for sign in (-1, 1):
        label = theme.text("Miss", 24, miss, True)
        x = centre + sign * round(100 * scale)
        surface.blit(label, (x - label.get_width() // 2, base - 40))
    pygame.draw.line(surface, theme.TEXT, (centre, base - 54), (centre, base + 8), 3)  # the note
    for ms in (-90, -50, -25, 0, 25, 50, 90):
        x = centre + round(ms * scale)
        pygame.draw.line(surface, theme.DIM, (x, base), (x, base + 8), 2)
        tick = theme.text("0" if ms == 0 else f"{ms:+d}", 19, theme.DIM)
        surface.blit(tick, (x - tick.get_width() // 2, base + 12))
    early = theme.text(_("early"), 24, theme.DIM)
    surface.blit(early, (art.left + 20, base + 40))
    late = theme.text(_("late"), 24, theme.DIM)
    surface.blit(late, (art.right - 20 - late.get_width(), base + 40))
    say_words = fit(_("A pop-up says early 31 ms or late 40 ms"), 24, art.width)
    say = theme.text(say_words, 24, theme.GOLD)
    y = min(base + 80, art.bottom + 20 - say.get_height())
    surface.blit(say, (centre - say.get_width() // 2, max(y, base + 40 + early.get_height())))


def _draw_facts(
    surface: pygame.Surface,
    art: pygame.Rect,
    facts: tuple[tuple[str, str], ...],
    choices: tuple[str, ...] = (),
    choice: int = 0,
):
    """The lesson's results: one row per fact, and under them the card's choices (if any)."""
    y = art.top + 30
    step = 64 if not choices else max(44, min(64, (art.height - 30) // (len(facts) + 2)))
    for name, value in facts:
        row = pygame.Rect(art.left, y, art.width, step - 12)
        pygame.draw.rect(surface, theme.JACKET_DARK, row, border_radius=10)
        size = min(28, row.height - 16)
        n = theme.text(_(name), size, theme.DIM)
        surface.blit(n, (row.left + 18, row.centery - n.get_height() // 2))
        v = theme.text(value, size + 2, theme.GOLD, True)
        surface.blit(v, (row.right - v.get_width() - 18, row.centery - v.get_height() // 2))
        y += step
    if choices:
        rest = pygame.Rect(art.left, y, art.width, art.bottom - y)
        _draw_choices(surface, rest, choices, choice)


def _draw_choices(
    surface: pygame.Surface, art: pygame.Rect, choices: tuple[str, ...], chosen: int
) -> None:
    """The card's choices, one line each from the top of `art`, the chosen one highlighted."""
    line_h = max(40, min(72, art.height // max(1, len(choices)) - 8))
    y = art.top
    for k, words in enumerate(choices):
        row = pygame.Rect(art.left, y, art.width, line_h - 10)
        picked = k == chosen
        pygame.draw.rect(
            surface, theme.JACKET_BLUE if picked else theme.JACKET_DARK, row, border_radius=12
        )
        if picked:
            pygame.draw.rect(surface, theme.GOLD, row, 3, border_radius=12)
        size = min(30, row.height - 14)
        text = theme.text(fit(_(words), size, row.width - 36, picked), size, theme.TEXT, picked)
        surface.blit(text, (row.left + 18, row.centery - text.get_height() // 2))
        y += line_h
