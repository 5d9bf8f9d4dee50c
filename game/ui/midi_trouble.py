"""Why MIDI cannot be used, in the game's words: the MIDI layer's message (often the raw error of
python-rtmidi, such as "MidiInAlsa::initialize: error creating ALSA sequencer client object.")
turned into what is wrong and what the player can try on the Drum kits screen (Left/Right on
its MIDI system row, R to rescan). The raw message is for the log."""

from __future__ import annotations

from dataclasses import dataclass

from game.base.language import N_, _


@dataclass(frozen=True)
class MidiTrouble:
    """What is wrong with MIDI (`what`, one sentence) and what to try (`hint`)."""

    what: str
    hint: str

    def __str__(self) -> str:
        return _("{what}. {hint}").format(what=self.what, hint=self.hint)


_KNOWN = (
    (
        ("midiinalsa", "alsa sequencer", "/dev/snd/seq"),
        MidiTrouble(
            N_(
                "No MIDI system found: the ALSA sequencer is not available"
                " (is the snd-seq kernel module loaded?)"
            ),
            N_("Try the JACK MIDI system, or plug in a kit and press R to rescan."),
        ),
    ),
    (
        ("midiinjack", "jack server", "jack midi is not available"),
        MidiTrouble(
            N_("The JACK MIDI system is not running: no JACK server was found"),
            N_(
                "Start a JACK server (with QjackCtl or jackd) and press R to rescan, or choose the"
                " Default MIDI system."
            ),
        ),
    ),
    (
        ("needs python-rtmidi",),
        MidiTrouble(
            N_("Only the Default MIDI system works here: this Python has no python-rtmidi"),
            N_("Choose the Default MIDI system."),
        ),
    ),
    (
        ("python-rtmidi on this system has no",),
        MidiTrouble(
            N_("This computer does not have that MIDI system"),
            N_("Choose the Default MIDI system."),
        ),
    ),
)


def midi_trouble(problem: str) -> MidiTrouble:
    """What `problem` (the MIDI layer's message) means for the player, and what to try, in the
    game's language."""
    folded = problem.casefold()
    for marks, trouble in _KNOWN:
        if any(mark in folded for mark in marks):
            return MidiTrouble(_(trouble.what), _(trouble.hint))
    words = problem.strip().rstrip(".") or _("an unknown error")
    return MidiTrouble(
        _("MIDI cannot be used ({problem})").format(problem=words),
        _("Try another MIDI system, or plug in a kit and press R to rescan."),
    )
