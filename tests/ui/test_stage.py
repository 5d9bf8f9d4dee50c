"""The duet on stage: the Harmony cue shows exactly from Goodwill 50 until Harmony (its words
drawn, both green lanes pulsing); "SYNC" pops only after a real Sync; the partner's hits reach
each highway; a drummer's stick strikes the piece of the lane hit and the foot kicks; the title
stands on the same stage. Real pygame drawing, real fonts, real duet sessions."""

from __future__ import annotations

import dataclasses

import numpy as np
import pygame
import pytest

from game.base.language import _
from game.core.autoplay import autoplay_inputs
from game.core.duet import HARMONY_THRESHOLD
from game.core.events import JudgementEvent, SyncEvent
from game.core.judgement import Judgement
from game.core.lanes import Lane
from game.core.replay import PlayerSetup, new_session
from game.ui.drummer import REST, SHOULDERS, STRIKE_HAND, Piece
from game.ui.play_scene import SYNC_POPUP_S, PlayScene
from game.ui.stage import Stage, title_stage
from game.ui.text_boxes import RecordingSurface
from tests.helpers import B, G, K, R, chart_of, track

FRAME_S = 1 / 30
SIZE = (1280, 720)


def duet_chart(unison_reds: int, greens_at: float | None):
    """Both parts: `unison_reds` red notes together every half second from 1 s, then (when
    `greens_at`) two green cymbal notes together from then on."""
    notes = [(1.0 + 0.5 * k, R) for k in range(unison_reds)]
    if greens_at is not None:
        notes += [(greens_at, G, True), (greens_at + 0.5, G, True)]
    part = track(*notes)
    return chart_of({("p1", "expert"): part, ("p2", "expert"): part})


def live_duet(chart, offsets=(0.0, 0.0)):
    """A duet session with both players' hits queued (player k late by `offsets[k]` s)."""
    setups = [PlayerSetup("p1", "expert"), PlayerSetup("p2", "expert")]
    session = new_session(chart, setups)
    for k, s in enumerate(setups):
        for e in autoplay_inputs(chart.track(s.part, s.difficulty), k):
            session.queue_input(dataclasses.replace(e, time_s=e.time_s + offsets[k]))
    return session


def frames(until_s: float):
    """Song times from the lead-in to `until_s`, a frame apart."""
    return [-1.0 + k * FRAME_S for k in range(int((until_s + 1.0) / FRAME_S))]


def green_light(surface: pygame.Surface, rect: pygame.Rect) -> float:
    """The mean green of `rect` on `surface` (no subsurface: one of a recording surface would
    stop its recording when dropped)."""
    pixels = pygame.surfarray.pixels3d(surface)
    return float(pixels[rect.left : rect.right, rect.top : rect.bottom, 1].mean())


def test_the_cue_shows_exactly_from_goodwill_50_until_harmony_and_green_pulses(screen):
    chart = duet_chart(unison_reds=16, greens_at=10.0)
    session = live_duet(chart)
    scene = PlayScene(chart, session, SIZE)
    cue = _("Both hit green together!")
    seen = {"below": 0, "cue": 0, "harmony": 0}
    for now_s in frames(11.0):
        scene.on_events(session.update(now_s))
        surface = RecordingSurface(SIZE)
        scene.draw(surface, now_s)
        words = [b.words for b in surface.report.boxes]
        ready = session.goodwill_at(now_s) >= HARMONY_THRESHOLD
        harmony = session.harmony_active(now_s)
        expected = ready and not harmony
        assert (cue in words) == expected == scene.cue_shown(now_s), now_s
        assert surface.report.problems() == [], now_s
        seen["cue" if expected else "harmony" if harmony else "below"] += 1
        if expected:  # both green lanes pulse: brighter than each highway drawn without it
            for hw in scene.highways:
                pulsing = green_light(surface, hw.rect)
                hw.draw(surface, now_s, False)
                assert pulsing > green_light(surface, hw.rect) + 1.0, now_s
    assert all(seen.values()), seen  # each case was met: below 50, the cue, Harmony


@pytest.mark.parametrize("language", ["en", "ko", "ja"])
def test_the_cue_is_translated_and_fits_between_the_drummers(language, screen):
    """At every window size of the layout test, the cue is drawn whole (on two lines where
    one does not fit), clear of the other words and of the drummers."""
    from game.base.language import set_language
    from tests.ui.test_layout_sizes import SIZES

    set_language(language)
    try:
        chart = duet_chart(unison_reds=16, greens_at=None)
        session = live_duet(chart)
        session.update(8.0)
        cue = _("Both hit green together!")
        assert (cue == "Both hit green together!") == (language == "en")
        for size in SIZES:
            scene = PlayScene(chart, session, size)
            surface = RecordingSurface(size)
            scene.draw(surface, 8.0)
            assert surface.report.problems() == [], size
            lines = [b for b in surface.report.boxes if b.words in cue]
            assert " ".join(b.words for b in lines).replace(" ", "") == cue.replace(" ", "")
            for line in lines:
                for drummer in scene.stage.drummers:
                    assert not line.box.colliderect(drummer.box), size
    finally:
        set_language("en")


@pytest.mark.parametrize(("late_s", "syncs"), [(0.06, False), (0.0, True)])
def test_sync_pops_only_after_a_real_sync(late_s, syncs, screen):
    """Unison hits 60 ms apart are no Sync: "SYNC" is never drawn. Together, each Sync shows
    it for its pop-up time after the Sync and never otherwise."""
    chart = duet_chart(unison_reds=6, greens_at=None)
    session = live_duet(chart, (0.0, late_s))
    scene = PlayScene(chart, session, SIZE)
    sync_times: list[float] = []
    drawn_at = []
    for now_s in frames(5.0):
        events = session.update(now_s)
        sync_times += [e.time_s for e in events if isinstance(e, SyncEvent)]
        scene.on_events(events)
        surface = RecordingSurface(SIZE)
        scene.draw(surface, now_s)
        popped = _("SYNC") in [b.words for b in surface.report.boxes]
        after_sync = any(t <= now_s < t + SYNC_POPUP_S for t in sync_times)
        assert popped == after_sync, now_s
        drawn_at.append(popped)
    assert bool(sync_times) == syncs and any(drawn_at) == syncs


def test_the_partners_hits_reach_the_other_highway(screen):
    chart = duet_chart(unison_reds=2, greens_at=None)
    scene = PlayScene(chart, live_duet(chart), SIZE)
    got: list[list[JudgementEvent]] = [[], []]
    for i, hw in enumerate(scene.highways):
        hw.on_partner_judgement = got[i].append  # a highway that shows the partner's hits
    hit = JudgementEvent(1.0, 0, 0, Lane.RED, Judgement.PERFECT, 0.0, 100, 0, 1, 1)
    scene.on_events([hit])
    assert got == [[], [hit]]
    assert scene.highways[0].flashes  # the player's own highway shows it as theirs


def arm_box(stage: Stage, player: int, points) -> pygame.Rect:
    """The screen box around `points` (art units) of `player`'s drummer, a little grown."""
    drummer = stage.drummers[player]
    xs, ys = zip(*(drummer.at(p) for p in points), strict=True)
    box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
    return box.inflate(8, 8)


def changed(a: pygame.Surface, b: pygame.Surface, box: pygame.Rect) -> int:
    """How many pixels differ between `a` and `b` inside `box`."""
    pa = pygame.surfarray.array3d(a.subsurface(box)).astype(int)
    pb = pygame.surfarray.array3d(b.subsurface(box)).astype(int)
    return int((np.abs(pa - pb).sum(axis=2) > 30).sum())


@pytest.mark.parametrize(
    ("lane", "cymbal", "piece"),
    [
        (R, False, Piece.SNARE),
        (Lane.YELLOW, True, Piece.HIHAT),
        (B, True, Piece.RIDE),
        (B, False, Piece.MID_TOM),
        (G, True, Piece.CRASH),
        (G, False, Piece.FLOOR_TOM),
    ],
)
@pytest.mark.parametrize("player", [0, 1])
def test_the_stick_of_the_lane_hit_strikes_its_piece(lane, cymbal, piece, player, screen):
    notes = track((1.0, lane, cymbal))
    stage = Stage(pygame.Rect(0, 0, 1280, 300), 2, [notes, notes])
    before, after = pygame.Surface((1280, 300)), pygame.Surface((1280, 300))
    stage.draw(before, 1.0)
    stage.on_event(JudgementEvent(1.0, player, 0, lane, Judgement.PERFECT, 0.0, 100, 0, 1, 1))
    stage.draw(after, 1.0)
    hand = 0 if piece.value[0] < 200 else 1
    strike = arm_box(stage, player, [piece.value, STRIKE_HAND[piece]])
    assert changed(before, after, strike) > 40  # the stick is on the piece
    other = arm_box(stage, player, [REST[1 - hand][0], SHOULDERS[1 - hand]])
    if not other.colliderect(strike):
        assert changed(before, after, other) == 0  # the other arm stays at rest
    partner = stage.drummers[1 - player].box
    assert changed(before, after, partner) == 0  # the partner's drummer did not move
    stage.draw(after, 1.5)  # later the stick is back at rest
    assert changed(before, after, strike) == 0


def test_a_cymbal_hit_and_a_tom_hit_on_one_lane_strike_different_pieces(screen):
    notes = track((1.0, G, True), (2.0, G, False))
    stage = Stage(pygame.Rect(0, 0, 1280, 300), 2, [notes, notes])
    crash = arm_box(stage, 0, [Piece.CRASH.value])
    floor = arm_box(stage, 0, [Piece.FLOOR_TOM.value])
    rest, hit = pygame.Surface((1280, 300)), pygame.Surface((1280, 300))
    stage.draw(rest, 1.0)
    stage.on_event(JudgementEvent(1.0, 0, 0, G, Judgement.PERFECT, 0.0, 100, 0, 1, 1))
    stage.draw(hit, 1.0)
    assert changed(rest, hit, crash) > 0 and changed(rest, hit, floor) == 0
    stage.draw(rest, 2.0)
    stage.on_event(JudgementEvent(2.0, 0, 1, G, Judgement.PERFECT, 0.0, 100, 0, 1, 1))
    stage.draw(hit, 2.0)
    assert changed(rest, hit, floor) > 0 and changed(rest, hit, crash) == 0


def test_the_kick_moves_the_foot(screen):
    notes = track((1.0, K))
    stage = Stage(pygame.Rect(0, 0, 1280, 300), 2, [notes, notes])
    before, after = pygame.Surface((1280, 300)), pygame.Surface((1280, 300))
    stage.draw(before, 1.0)
    stage.on_event(JudgementEvent(1.0, 0, 0, K, Judgement.GREAT, 0.01, 80, 0, 1, 1))
    stage.draw(after, 1.02)
    foot = arm_box(stage, 0, [(124, 294), (170, 316)])
    assert changed(before, after, foot) > 10
    arms = arm_box(stage, 0, [SHOULDERS[0], REST[0][1]])
    assert changed(before, after, arms) == 0


def test_a_sync_flashes_the_lights_and_harmony_warms_them(screen):
    from game.core.events import HarmonyEvent

    stage = Stage(pygame.Rect(0, 0, 1280, 200), 2)
    plain, lit = pygame.Surface((1280, 200)), pygame.Surface((1280, 200))
    stage.draw(plain, 3.0)
    stage.on_event(SyncEvent(3.0, 0, 0.002, (50, 50)))
    stage.draw(lit, 3.0)
    brightness = lambda s: pygame.surfarray.array3d(s).astype(int).sum()  # noqa: E731
    assert brightness(lit) > brightness(plain) * 1.2
    stage.draw(lit, 3.0 + 1.0)  # the flash is over
    assert brightness(lit) == brightness(plain)
    stage.on_event(HarmonyEvent(4.0, True, 12.0))
    stage.draw(lit, 5.0)
    warm = pygame.surfarray.array3d(lit).astype(int) - pygame.surfarray.array3d(plain)
    assert warm[:, :, 0].sum() > warm[:, :, 2].sum() > 0  # warm: more red than blue added
    # the beams are translucent: the drummer still shows through them
    assert changed(plain, lit, stage.drummers[0].box) < stage.drummers[0].box.width * 200


@pytest.mark.parametrize("size", [(960, 540), (1280, 720)])
def test_the_title_stands_on_the_stage(size, screen):
    from game.ui.menus import draw_title

    surface = pygame.Surface(size)
    draw_title(surface)
    alone = pygame.Surface(size)
    stage = title_stage(size)
    stage.draw(alone, 0.0)
    for drummer in stage.drummers:  # the drummers' heads, clear of the menu and footer
        box = drummer.box
        head = pygame.Rect(0, 0, box.width // 5, box.height // 4)
        head.midtop = (box.centerx, box.top + box.height // 8)
        assert changed(surface, alone, head.clip(surface.get_rect())) == 0
        assert changed(surface, pygame.Surface(size), head.clip(surface.get_rect())) > 500


def test_harmonys_lights_stay_on_when_the_window_is_resized(screen):
    from game.core.events import HarmonyEvent

    chart = duet_chart(unison_reds=2, greens_at=None)
    scene = PlayScene(chart, live_duet(chart), SIZE)
    scene.on_events([HarmonyEvent(1.0, True, 9.0), SyncEvent(2.0, 0, 0.0, (50, 50))])
    scene.layout((1920, 1080))
    assert scene.stage.harmony_level(3.0) == 1.0
    assert scene.stage.flash_level(2.1) > 0


def test_broken_stage_art_is_named_in_the_error(screen, tmp_path, monkeypatch):
    from game.ui import stage_art

    (tmp_path / "kit.svg").write_text("<svg this is not", encoding="utf-8")
    monkeypatch.setattr(stage_art, "ART", tmp_path)
    stage_art.art.cache_clear()
    try:
        with pytest.raises(stage_art.StageArtError, match=r"kit\.svg cannot be drawn"):
            stage_art.art("kit", 0, (400, 320), False)
        with pytest.raises(stage_art.StageArtError, match=r"drummer\.svg cannot be drawn"):
            stage_art.art("drummer", 0, (400, 320), False)  # missing
    finally:
        stage_art.art.cache_clear()
