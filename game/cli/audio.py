"""`drum-duet audio devices`: SDL's output devices, the audio driver, and what the mixer really
opens with the player's settings (rate, frames per buffer, channels). Read-only: the settings
file is read, never written."""

from __future__ import annotations

import argparse
import json

from game.audio.output_probe import OutputProbe, probe_output
from game.audio.stream import buffer_words
from game.store.settings import AudioSettings, load_settings

SYSTEM_DEFAULT = "System default"


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `audio devices`."""
    p = sub.add_parser("audio", help="sound output: the devices, and what the mixer opens")
    audio = p.add_subparsers(dest="audio_command", metavar="COMMAND", required=True)
    devices = audio.add_parser(
        "devices", help="list the output devices and what the mixer opens with your settings"
    )
    devices.add_argument("--json", action="store_true", help="one JSON object")
    devices.set_defaults(handler=_devices)


def _devices(args: argparse.Namespace) -> int:
    loaded = load_settings()  # read-only: a bad file is reported, never moved
    if loaded.notice:
        print(f"note: {loaded.notice}")
    audio = loaded.settings.audio
    probe = probe_output(audio.sample_rate, audio.buffer_frames, audio.output_device)
    print(json.dumps(_as_json(probe, audio)) if args.json else "\n".join(_as_text(probe, audio)))
    return 0


def _as_json(probe: OutputProbe, audio: AudioSettings) -> dict:
    out = probe.output
    return {
        "driver": probe.driver,
        "devices": list(probe.devices),
        "chosen": audio.output_device,
        "settings": {
            "sample_rate": audio.sample_rate,
            "buffer_frames": audio.buffer_frames,
            "output_device": audio.output_device,
        },
        "opened": out.opened,
        "mixer": {
            "device": out.device,
            "rate": out.rate,
            "buffer_frames": probe.device_frames,
            "channels": probe.channels,
        }
        if out.opened
        else None,
        "notice": out.notice,
    }


def _as_text(probe: OutputProbe, audio: AudioSettings) -> list[str]:
    out = probe.output
    chosen = audio.output_device
    lines = [f"Audio driver: {probe.driver or 'none'}"]
    if not out.opened:
        lines.append("No audio device: the game plays silently.")
        if out.notice:
            lines.append(out.notice)
        return lines
    lines.append("Output devices (* chosen in settings.toml, [audio] output_device):")
    lines.append(f"  {'*' if not chosen else ' '} {SYSTEM_DEFAULT}")
    lines += [f"  {'*' if name == chosen else ' '} {name}" for name in probe.devices]
    if chosen and chosen not in probe.devices:
        lines.append(f"  * {chosen}  (not there now)")
    lines.append(
        f"Your settings: {audio.sample_rate} Hz, "
        f"{buffer_words(audio.buffer_frames, audio.sample_rate)}, "
        f"device: {chosen or SYSTEM_DEFAULT}"
    )
    frames = buffer_words(probe.device_frames, out.rate) if probe.device_frames else "? frames"
    lines.append(
        f"The mixer opens: {out.rate} Hz, {frames} per buffer, {probe.channels} channels, "
        f"on {out.device or SYSTEM_DEFAULT}"
    )
    if out.notice:
        lines.append(f"Notice: {out.notice}")
    return lines
