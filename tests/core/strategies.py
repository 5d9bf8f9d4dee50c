"""Hypothesis strategies: random but playable charts on a 1/16 grid."""

from __future__ import annotations

from hypothesis import strategies as st

from game.core.chart import Note, NoteTrack
from game.core.lanes import Dynamics, Lane


@st.composite
def note_tracks(draw, min_step_s: float = 0.075, max_notes: int = 120) -> NoteTrack:
    """A track of chords on a grid of `min_step_s` or more: 1-3 lanes per instant."""
    step = draw(st.floats(min_step_s, 0.25))
    start = draw(st.floats(0.0, 3.0))
    slots = draw(st.lists(st.integers(0, 400), min_size=1, max_size=max_notes, unique=True))
    notes = []
    for slot in slots:
        lanes = draw(st.sets(st.sampled_from(list(Lane)), min_size=1, max_size=3))
        for lane in lanes:
            notes.append(
                Note(
                    start + slot * step,
                    lane,
                    draw(st.booleans()),
                    draw(st.sampled_from(list(Dynamics))),
                )
            )
    return NoteTrack.from_notes(notes)
