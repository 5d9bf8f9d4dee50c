"""Learn mode: asking for each pad, binding the notes heard, and saving a user profile."""

from __future__ import annotations

import pytest

from game.core.lanes import Lane
from game.input.kit_files import list_profiles, load_profile
from game.input.kit_learn import LEARN_STEPS, Heard, KitLearner
from game.input.kit_mapper import Drop, KitMapper
from game.input.kit_profile import KitPad, NoteKey
from game.input.kit_toml import read_profile

CH10 = 9

TD17_TAKE = {  # what a player hits for each prompt on a Roland kit: (note, velocity)
    "Kick": [(36, 100)],
    "Hi-hat pedal": [(44, 60)],
    "Snare": [(38, 90), (40, 110), (38, 70), (37, 50)],  # head, rim, head again, cross-stick
    "Hi-hat": [(42, 80), (22, 90), (46, 85), (26, 85)],  # bow and edge, closed and open
    "High tom": [(48, 100), (50, 100)],
    "Mid tom": [(45, 100), (47, 100)],
    "Floor tom": [(43, 100), (58, 100)],
    "Ride": [(51, 80), (59, 80), (53, 90)],
    "Crash": [(49, 120), (55, 120), (57, 110), (52, 110)],  # both crashes, bow and edge
}


def learn(learner: KitLearner, take: dict[str, list[tuple[int, int]]]) -> list[str]:
    """Play `take` into the learner, one prompt at a time; the prompts it showed."""
    prompts = []
    while not learner.done:
        prompts.append(learner.prompt)
        for note, velocity in take.get(learner.step.label, []):
            learner.hear(note, velocity, CH10)
        learner.next()
    return prompts


def test_the_learner_asks_for_every_pad_and_binds_every_note_heard():
    learner = KitLearner("My TD-17")
    prompts = learn(learner, TD17_TAKE)
    assert prompts[0] == "Hit the pad for Kick"
    assert prompts[1] == "Press the hi-hat pedal"
    assert "Hit the pad for Snare" in prompts and len(prompts) == len(LEARN_STEPS) == 9
    assert learner.prompt == "Every pad is learned"
    profile = learner.profile()
    assert profile.name == "My TD-17"
    assert profile.pads[KitPad.RED].notes == (NoteKey(38), NoteKey(40), NoteKey(37))
    assert [k.note for k in profile.pads[KitPad.YELLOW_CYMBAL].notes] == [42, 22, 46, 26]
    table = {k.note: pad for k, pad in profile.note_table().items()}
    assert table == {k.note: pad for k, pad in load_profile("Roland TD").note_table().items()}
    assert profile.is_pedal(44) and profile.pad_for(44) is None
    assert profile.is_hihat_strike(22)  # the learned hi-hat notes are its strikes


def test_soft_notes_repeats_and_notes_of_earlier_pads_are_not_bound():
    learner = KitLearner("Kit")
    assert learner.hear(36, 100, CH10) is Heard.BOUND
    learner.next()  # pedal skipped
    learner.next()
    assert learner.step.label == "Snare"
    assert learner.hear(38, 5, CH10) is Heard.TOO_SOFT  # a resting stick
    assert learner.hear(38, 90, CH10) is Heard.BOUND
    assert learner.hear(38, 91, CH10) is Heard.AGAIN
    assert learner.hear(36, 100, CH10) is Heard.TAKEN  # the kick is already learned
    assert learner.notes() == (NoteKey(38),)
    learner.next()
    assert learner.hear(38, 40, CH10) is Heard.TAKEN  # crosstalk into the snare while on hi-hat
    assert learner.notes() == ()


def test_a_skipped_pad_stays_unbound_and_the_default_pedal_is_kept():
    learner = KitLearner("Small kit")
    learn(learner, {"Kick": [(36, 100)], "Snare": [(38, 100)], "Hi-hat": [(42, 100)]})
    profile = learner.profile()
    assert set(profile.pads) == {KitPad.KICK, KitPad.RED, KitPad.YELLOW_CYMBAL}
    assert profile.hihat.pedal == (NoteKey(44),)  # nobody taught a pedal: the default stays
    assert KitMapper(profile).hit(48, 100, CH10, 0.0).dropped is Drop.UNBOUND


def test_the_default_pedal_is_dropped_when_a_pad_learned_its_note():
    learner = KitLearner("Pedal as kick")
    learn(learner, {"Kick": [(36, 100), (44, 100)]})
    profile = learner.profile()
    assert profile.pad_for(44) is KitPad.KICK and not profile.is_pedal(44)


def test_back_forgets_the_last_pad():
    learner = KitLearner("Kit")
    learner.hear(35, 100, CH10)
    learner.next()
    learner.back()
    assert learner.step.pad is KitPad.KICK and learner.notes() == ()
    assert learner.hear(36, 100, CH10) is Heard.BOUND
    assert learner.notes() == (NoteKey(36),)


def test_nothing_learned_is_an_error_and_hearing_after_the_end_does_nothing():
    learner = KitLearner("Empty")
    learn(learner, {})
    assert learner.hear(36, 100, CH10) is Heard.FINISHED
    with pytest.raises(ValueError, match="no pad was learned"):
        learner.profile()


def test_settings_come_from_the_base_profile():
    base = load_profile("General MIDI")
    learner = KitLearner("From GM", base=base)
    learn(learner, {"Kick": [(36, 100)], "Snare": [(38, 100)]})
    profile = learner.profile()
    assert profile.pads[KitPad.KICK].retrigger_ms == base.pads[KitPad.KICK].retrigger_ms == 30.0
    assert profile.crosstalk == base.crosstalk and profile.hihat.suppress_ms == 30.0
    assert "General MIDI" in profile.description


def test_by_channel_binds_the_channel_the_note_came_on():
    learner = KitLearner("Second kit", by_channel=True)
    learner.hear(36, 100, 10)
    learn(learner, {})
    profile = learner.profile()
    assert profile.pads[KitPad.KICK].notes == (NoteKey(36, 10),)
    assert profile.pad_for(36, 10) is KitPad.KICK and profile.pad_for(36, 9) is None


def test_a_learned_profile_is_saved_as_a_user_profile_that_plays(tmp_path):
    learner = KitLearner("My TD-17")
    learn(learner, TD17_TAKE)
    path = learner.save(tmp_path)
    assert path.parent == tmp_path and path.suffix == ".toml"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    assert read_profile(path) == learner.profile()
    entry = next(e for e in list_profiles(tmp_path) if e.user)
    assert entry.name == "My TD-17" and entry.path == path
    mapper = KitMapper(load_profile("my td-17", tmp_path))
    assert mapper.note_on(58, 100, CH10, 0.0).lane is Lane.GREEN


def test_learning_a_shipped_name_overrides_it(tmp_path):
    learner = KitLearner("General MIDI")
    learn(learner, {"Kick": [(36, 100)], "Snare": [(60, 100)]})
    learner.save(tmp_path)
    assert load_profile("General MIDI", tmp_path).pad_for(60) is KitPad.RED
    (entry,) = [e for e in list_profiles(tmp_path) if e.name == "General MIDI"]
    assert entry.user and entry.overrides_shipped
