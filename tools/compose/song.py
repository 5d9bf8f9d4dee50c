"""A song's form (tempo and sections in bars) and how it becomes a `Chart` and an `Arrangement`.

Each song module gives a `Form`, its drums as one `Bar` per bar of each section, and a function
that writes its backing into a `Score`; `compose_song` checks the lengths and joins them up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from game.core.arrangement import Arrangement
from game.core.chart import Chart, Phrase, PhraseKind, Section, SongMeta
from game.core.lanes import Part
from game.core.tempo import TempoChange, TempoMap, TimeSignature
from tools.compose.backing import Score
from tools.compose.drums import BAR_TICKS, RESOLUTION, Bar, DrumChart


@dataclass(frozen=True)
class Form:
    """A song's tempo (BPM, 4/4 throughout) and its sections as (name, bars), in order."""

    bpm: float
    sections: tuple[tuple[str, int], ...]

    @property
    def tempo(self) -> TempoMap:
        """The tempo map: one tempo, 4/4, 480 ticks per quarter note."""
        return TempoMap(
            RESOLUTION,
            [TempoChange(0, 60_000_000.0 / self.bpm)],
            [TimeSignature(0, 4, 4)],
        )

    @property
    def bars(self) -> int:
        """The song's length in bars."""
        return sum(n for _, n in self.sections)

    def start(self, name: str) -> int:
        """The bar a section starts at."""
        bar = 0
        for section, n in self.sections:
            if section == name:
                return bar
            bar += n
        raise KeyError(name)

    def spans(self) -> list[tuple[str, int, int]]:
        """(name, first bar, bars) of every section."""
        return [(name, self.start(name), n) for name, n in self.sections]

    @staticmethod
    def tick(bar: float) -> int:
        """The tick at a (fractional) bar."""
        return round(bar * BAR_TICKS)

    def seconds(self, bar: float) -> float:
        """Song seconds at a (fractional) bar."""
        return self.tempo.second(self.tick(bar))


FILL_TAIL_BARS = 1 / 32
"""How far a fill reaches into the next section: just over its downbeat, so the crash that opens
the section is the fill's last note (Rock Band's fills end on that crash)."""


def star_power_phrases(form: Form) -> tuple[Phrase, ...]:
    """Star power for a built-in song: a two-bar phrase on the second and third bars of every
    section but the first and the last, and an activation fill over the last bar of every section
    after the first, ending on the next section's downbeat. They never overlap."""
    spans = form.spans()
    found = []
    for k, (_, first, n) in enumerate(spans):
        if 0 < k < len(spans) - 1 and n >= 4:
            found.append(
                Phrase(PhraseKind.STAR_POWER, form.seconds(first + 1), form.seconds(first + 3))
            )
        if 0 < k < len(spans) - 1:
            end = first + n
            found.append(
                Phrase(PhraseKind.FILL, form.seconds(end - 1), form.seconds(end + FILL_TAIL_BARS))
            )
    return tuple(sorted(found, key=lambda p: (p.start_s, p.kind.value)))


@dataclass(frozen=True)
class Composition:
    """One finished song: its folder name, chart and arrangement."""

    slug: str
    chart: Chart
    arrangement: Arrangement


def compose_song(
    slug: str,
    meta: SongMeta,
    form: Form,
    drums: Mapping[str, Sequence[Bar]],
    backing: Callable[[Score, Form], None],
    star_power: bool = False,
) -> Composition:
    """Join a song's drums (bars per section) and backing into a Chart and an Arrangement.

    With `star_power`, every part gets the star-power phrases and fills of `star_power_phrases`.
    """
    tempo = form.tempo
    chart_drums = DrumChart()
    for name, first, n in form.spans():
        bars = drums[name]
        if len(bars) != n:
            raise ValueError(f"{slug}: {name} has {len(bars)} bars of drums, the form says {n}")
        chart_drums.add_bars(form.tick(first), bars)
    sections = tuple(Section(form.seconds(first), name) for name, first, _ in form.spans())
    marks = star_power_phrases(form) if star_power else ()
    chart = Chart(meta, tempo, chart_drums.tracks(tempo), sections, {p: marks for p in Part})
    score = Score()
    backing(score, form)
    length_s = meta.length_s or form.seconds(form.bars)
    return Composition(slug, chart, score.arrangement(tempo, length_s))
