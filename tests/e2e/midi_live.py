"""A MIDI kit played live by a test: each line on stdin is one message to send at an instant.

    python midi_live.py kit1 [kit2 ...]      (JACK_DEFAULT_SERVER names the server)

Each name becomes a JACK client with one MIDI output port "out" ("kit1:out"). It prints one
JSON line {"ready": [...], "clock": ...}; then for each stdin line `[at_s, "kit1", [0x99, 38,
100]]` it sleeps until `at_s` (perf_counter seconds, shared with the test on Linux:
CLOCK_MONOTONIC; an instant already past means now), sends the message, and prints
{"sent": <line number>, "t": <perf_counter just before the send>}. It ends at the end of stdin.

Unlike midi_sender.py, which plays a whole plan from one start, the test aims each message
itself, e.g. from a song clock that follows an audio stream rather than perf_counter.
"""

from __future__ import annotations

import json
import sys
import time

import rtmidi

SPIN_S = 0.002
"""The last stretch before an instant is waited in short sleeps rather than one long one."""


def main() -> int:
    ports = {}
    for name in sys.argv[1:]:
        out = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name=name)
        out.open_virtual_port("out")
        ports[name] = out
    clock = time.get_clock_info("perf_counter").implementation
    print(json.dumps({"ready": sorted(ports), "clock": clock}), flush=True)
    for number, line in enumerate(sys.stdin):
        at_s, port, message = json.loads(line)
        ahead = at_s - time.perf_counter()
        if ahead > SPIN_S:
            time.sleep(ahead - SPIN_S)
        while time.perf_counter() < at_s:
            time.sleep(0.0001)
        stamp = time.perf_counter()
        ports[port].send_message(message)
        print(json.dumps({"sent": number, "t": stamp}), flush=True)
    time.sleep(0.05)  # let JACK deliver the last cycle before the clients go
    for out in ports.values():
        out.delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
