"""A duet with a recording: the partner's part taken from a replay, re-numbered, merged, refused."""

from __future__ import annotations

import pytest

from game.core.autoplay import autoplay_inputs
from game.core.engine import EngineParams
from game.core.lanes import Difficulty, Part
from game.core.partner import (
    PARTNER,
    YOU,
    PartnerError,
    RecordedPart,
    duet_of,
    other_part,
    own_part,
    partner_part,
)
from game.core.replay import PlayerSetup, Replay, record, simulate
from game.core.report import SessionReport
from tests.core.test_replay import SETUPS, groove_chart, messy_inputs

SHA = "ab" * 32
OTHER_SHA = "cd" * 32


@pytest.fixture(scope="module")
def chart():
    return groove_chart()


def solo_replay(chart, setup: PlayerSetup, jitter_s: float = 0.012, seed: int = 3) -> Replay:
    """A real solo play of `setup`'s part, recorded as the game records it."""
    inputs = autoplay_inputs(chart.track(setup.part, setup.difficulty), 0, jitter_s, seed)
    return record("songs/groove", SHA, [setup], simulate(chart, [setup], inputs))


def duet_replay(chart) -> Replay:
    """A real two-player duet of messy hits (misses, overhits, Harmony)."""
    return record("songs/groove", SHA, SETUPS, simulate(chart, SETUPS, messy_inputs(chart)))


def test_you_are_player_1_the_partner_player_2_and_the_full_kit_is_no_duet_part():
    assert (YOU, PARTNER) == (0, 1)
    assert other_part(Part.P1) is Part.P2 and other_part(Part.P2) is Part.P1
    with pytest.raises(ValueError, match="full kit"):
        other_part(Part.FULL)


def test_a_solo_p2_play_is_player_2_of_your_p1_duet_with_its_setup_and_every_hit(chart):
    setup = PlayerSetup(Part.P2, Difficulty.EXPERT, EngineParams(preset="strict"))
    replay = solo_replay(chart, setup)
    partner = partner_part(replay, "sent.json", SHA, Part.P1)
    assert partner.setup == setup and partner.player == 1
    assert [e.player for e in partner.inputs] == [1] * len(replay.inputs)
    assert [(e.time_s, e.lane, e.cymbal, e.velocity) for e in partner.inputs] == [
        (e.time_s, e.lane, e.cymbal, e.velocity) for e in replay.inputs
    ]


def test_a_solo_p1_play_is_player_2_too_when_you_play_p2(chart):
    setup = PlayerSetup(Part.P1, Difficulty.EXPERT)
    replay = solo_replay(chart, setup)
    partner = partner_part(replay, "mine.json", SHA, Part.P2)
    assert partner.setup == setup and partner.player == PARTNER
    assert [e.player for e in partner.inputs] == [PARTNER] * len(replay.inputs)


def test_a_duet_replay_gives_the_part_you_do_not_play_or_the_player_asked_for(chart):
    replay = duet_replay(chart)
    p2_hits = [e for e in replay.inputs if e.player == 1]
    partner = partner_part(replay, "duet.json", SHA, Part.P1)
    assert partner.setup == SETUPS[1] and partner.player == 1
    assert list(partner.inputs) == p2_hits
    asked = partner_part(replay, "duet.json", SHA, Part.P2, player=0)
    assert asked.setup == SETUPS[0] and asked.player == PARTNER
    assert [e.time_s for e in asked.inputs] == [e.time_s for e in replay.inputs if e.player == 0]
    assert {e.player for e in asked.inputs} == {PARTNER}


def test_a_duet_split_into_two_recorded_parts_and_merged_again_plays_the_same(chart):
    """Each player of a recorded duet taken apart (one as your part, one as the partner) and
    merged: the very same duet, every stat (team's included) as recorded. Taken the other way
    round (you on P2), the players swap places and nothing else changes."""
    replay = duet_replay(chart)
    you = own_part(replay, "duet.json", SHA, Part.P1)
    partner = partner_part(replay, "duet.json", SHA, Part.P1)
    setups, inputs = duet_of(you, partner)
    assert setups == list(SETUPS)
    assert sorted(inputs, key=lambda e: e.time_s) == inputs
    assert SessionReport.of(simulate(chart, setups, inputs)).to_json() == replay.stats
    you = own_part(replay, "duet.json", SHA, Part.P2)
    partner = partner_part(replay, "duet.json", SHA, Part.P2)
    setups, inputs = duet_of(you, partner)
    assert setups == [SETUPS[1], SETUPS[0]]
    swapped = SessionReport.of(simulate(chart, setups, inputs)).to_json()
    assert swapped["players"] == replay.stats["players"][::-1]
    assert swapped["team"] == replay.stats["team"]


def test_your_autoplay_with_a_recorded_partner_is_scored_as_a_duet(chart):
    setup = PlayerSetup(Part.P2, Difficulty.EXPERT)
    partner = partner_part(solo_replay(chart, setup, jitter_s=0.0), "p2.json", SHA, Part.P1)
    mine = PlayerSetup(Part.P1, Difficulty.EXPERT)
    you = RecordedPart(mine, tuple(autoplay_inputs(chart.track(Part.P1, "expert"), YOU)), YOU)
    setups, inputs = duet_of(you, partner)
    duet = SessionReport.of(simulate(chart, setups, inputs))
    assert duet.team is not None and duet.team.unison_notes > 0
    assert duet.team.syncs == duet.team.unison_notes  # both on every unison note: all Syncs
    notes = len(chart.track(Part.P2, Difficulty.EXPERT))
    assert duet.players[1].counts.perfect == notes  # every recorded hit judged, as Player 2


@pytest.mark.parametrize(
    ("setups", "your_part", "player", "message"),
    [
        ((PlayerSetup(Part.FULL, Difficulty.EXPERT),), Part.P1, None, "full kit, not a duet part"),
        ((PlayerSetup(Part.P1, Difficulty.EXPERT),), Part.P1, None, "P1, the part you play"),
        ((PlayerSetup(Part.P2, Difficulty.EXPERT),), Part.P1, 1, "no player 2: .* one player"),
        (SETUPS, Part.P1, 2, "no player 3: the replay holds 2 players"),
        (SETUPS, Part.P2, 1, "player 2 played P2, the part you play"),
        ((SETUPS[0], SETUPS[0]), Part.P1, None, "no player played P2"),
        ((PlayerSetup(Part.P2, Difficulty.EXPERT),), Part.FULL, None, "you play the full kit"),
    ],
)
def test_a_replay_that_cannot_be_the_partner_is_refused_naming_it(
    chart, setups, your_part, player, message
):
    replay = Replay("songs/groove", SHA, tuple(setups), (), {})
    with pytest.raises(PartnerError, match=message) as caught:
        partner_part(replay, "partner-take.json", SHA, your_part, player)
    assert str(caught.value).startswith("partner-take.json: ") or your_part is Part.FULL


def test_a_replay_of_another_chart_is_refused_naming_both_charts(chart):
    replay = solo_replay(chart, PlayerSetup(Part.P2, Difficulty.EXPERT))
    with pytest.raises(PartnerError, match=r"^sent\.json: recorded on another chart") as caught:
        partner_part(replay, "sent.json", OTHER_SHA, Part.P1)
    assert SHA[:12] in str(caught.value) and OTHER_SHA[:12] in str(caught.value)
    with pytest.raises(PartnerError, match="another chart"):
        own_part(replay, "sent.json", OTHER_SHA, Part.P2)


def test_your_own_part_needs_exactly_one_player_on_it(chart):
    replay = duet_replay(chart)
    you = own_part(replay, "duet.json", SHA, Part.P2)
    assert you.player == YOU and you.setup == SETUPS[1]
    assert [e.time_s for e in you.inputs] == [e.time_s for e in replay.inputs if e.player == 1]
    assert {e.player for e in you.inputs} == {YOU}
    solo = solo_replay(chart, PlayerSetup(Part.P2, Difficulty.EXPERT))
    with pytest.raises(PartnerError, match="no player played P1"):
        own_part(solo, "solo.json", SHA, Part.P1)
    twice = Replay("songs/groove", SHA, (SETUPS[0], SETUPS[0]), (), {})
    with pytest.raises(PartnerError, match="more than one player played P1"):
        own_part(twice, "twice.json", SHA, Part.P1)


def test_two_players_on_one_number_or_one_part_are_no_duet(chart):
    you, partner = RecordedPart(SETUPS[0], (), YOU), RecordedPart(SETUPS[1], (), PARTNER)
    with pytest.raises(ValueError, match="you as Player 1 and the partner as Player 2"):
        duet_of(partner, you)
    with pytest.raises(ValueError, match="one part each"):
        duet_of(you, RecordedPart(SETUPS[0], (), PARTNER))
