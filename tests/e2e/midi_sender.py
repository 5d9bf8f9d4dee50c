"""A MIDI kit stand-in for end-to-end tests: plays a plan into JACK MIDI ports, in real time.

    python midi_sender.py PLAN.json      (JACK_DEFAULT_SERVER names the server)

PLAN: {"ports": ["kit1", ...], "events": [[t_s, "send", "kit1", [0x99, 36, 100]],
[t_s, "close", "kit1"], [t_s, "open", "kit1"], ...]} with `t_s` ascending seconds from the start.
Each port is a JACK client of that name with one output port "out" ("kit1:out"); "close" takes
the client away (the port disappears, as an unplugged kit's does) and "open" brings it back.

It opens the ports and prints one JSON line {"ready": ..., "clock": ...}; then it reads the start
instant (perf_counter seconds, a float on one line) from stdin, plays every event at about
start + t_s (it sleeps: no spinning to load the machine; what counts is the time it notes), and
prints {"sent": [[i, t], ...], "actions": [[i, t], ...]} where t is perf_counter just before the
send (after the action).
"""

from __future__ import annotations

import json
import sys
import time

import rtmidi


def open_port(client: str) -> rtmidi.MidiOut:
    """A JACK client `client` with one MIDI output port "out"."""
    out = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name=client)
    out.open_virtual_port("out")
    return out


def wait_until(t: float) -> None:
    """Sleep until about `t` (perf_counter seconds)."""
    ahead = t - time.perf_counter()
    if ahead > 0:
        time.sleep(ahead)


def main() -> int:
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    ports = {name: open_port(name) for name in plan["ports"]}
    clock = time.get_clock_info("perf_counter").implementation
    print(json.dumps({"ready": sorted(ports), "clock": clock}), flush=True)
    start = float(sys.stdin.readline())
    sent, actions = [], []
    for i, (t, action, port, *data) in enumerate(plan["events"]):
        wait_until(start + t)
        if action == "send":
            out = ports.get(port)
            if out is None:
                continue  # an unplugged kit sends nothing
            stamp = time.perf_counter()
            out.send_message(data[0])
            sent.append([i, stamp])
        elif action == "close":
            ports.pop(port).delete()
            actions.append([i, time.perf_counter()])
        elif action == "open":
            ports[port] = open_port(port)
            actions.append([i, time.perf_counter()])
    time.sleep(0.05)  # let JACK deliver the last cycle before the clients go
    print(json.dumps({"sent": sent, "actions": actions}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
