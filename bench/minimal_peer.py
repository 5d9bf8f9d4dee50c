"""The minimal peer of the pad-to-ear benchmark: the least a game can do to sound a pad.

A python-rtmidi callback plays a snare sample with `pygame.mixer.Sound.play` on every note-on;
nothing else runs. The benchmark measures it on the same chain, rate and buffer as the game, so
the game's own cost is the difference.

    python bench/minimal_peer.py --rate 48000 --buffer 256 --port pad2ear:drums

It prints "ready" once the mixer is open and the port connected, and runs until stdin closes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame
import rtmidi

from game.audio.drumkit import kit_sound
from game.core.lanes import Lane


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=int, default=48000)
    parser.add_argument("--buffer", type=int, default=256)
    parser.add_argument("--port", required=True, help="the JACK MIDI port to listen to")
    args = parser.parse_args()
    pygame.mixer.init(args.rate, 32, 2, args.buffer)
    pygame.mixer.set_num_channels(32)
    rate = pygame.mixer.get_init()[0]
    snare = pygame.mixer.Sound(array=kit_sound(int(Lane.RED), False, 110 / 127, rate).copy())
    midi = rtmidi.MidiIn(rtmidi.API_UNIX_JACK, name="minimal-peer")
    ports = midi.get_ports()
    midi.open_port(next(i for i, p in enumerate(ports) if args.port in p))

    def on_message(event, _data=None) -> None:
        message, _delta = event
        if len(message) == 3 and message[0] & 0xF0 == 0x90 and message[2] > 0:
            snare.play()

    midi.set_callback(on_message)
    print("ready", rate, flush=True)
    sys.stdin.read()
    midi.close_port()
    pygame.mixer.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
