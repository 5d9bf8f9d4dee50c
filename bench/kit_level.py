"""The kit against the music: RMS and loudness (LUFS) of each built-in song's backing at the
default music volume, beside the players' kit playing the song's Expert full part perfectly at
the default drums volume, with and without the game's `KIT_LEVEL`.

    .venv/bin/python bench/kit_level.py

Renders (or reads the cache of) every built-in song's backing: about a minute the first time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.app.play import KIT_LEVEL  # noqa: E402
from game.audio.cache import cached_render  # noqa: E402
from game.audio.dsp import SAMPLE_RATE  # noqa: E402
from game.audio.guide import guide_bus  # noqa: E402
from game.audio.loudness import integrated_loudness  # noqa: E402
from game.formats.arrangement_mid import read_arrangement  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.store.settings import AudioSettings  # noqa: E402


def rms_db(audio: np.ndarray) -> float:
    """RMS of all samples, dBFS."""
    return 20 * np.log10(np.sqrt(np.mean(np.square(audio, dtype=np.float64))) + 1e-12)


def main() -> int:
    audio = AudioSettings()
    print(
        f"music at volume {audio.music_volume}, kit at drums volume {audio.drums_volume}; "
        f"KIT_LEVEL = {KIT_LEVEL}"
    )
    print(
        f"{'song':<20} {'music RMS':>10} {'LUFS':>7}   {'kit RMS':>8} {'LUFS':>7}   "
        f"{'kit - music (RMS / LUFS)':>26}   at KIT_LEVEL"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for folder in sorted((ROOT / "charts").iterdir()):
            if not (folder / "arrangement.mid").is_file():
                continue
            backing = cached_render(read_arrangement(folder / "arrangement.mid"), cache_dir=tmp)
            music = backing * np.float32(audio.master_volume * audio.music_volume)
            track = load_song(folder).chart.track("full", "expert")
            kit = guide_bus(track, len(music)) * np.float32(
                audio.master_volume * audio.drums_volume
            )
            m_rms, k_rms = rms_db(music), rms_db(kit)
            m_lufs = integrated_loudness(music, SAMPLE_RATE)
            k_lufs = integrated_loudness(kit, SAMPLE_RATE)
            level_db = 20 * np.log10(KIT_LEVEL)
            print(
                f"{folder.name:<20} {m_rms:>10.1f} {m_lufs:>7.1f}   {k_rms:>8.1f} {k_lufs:>7.1f}   "
                f"{k_rms - m_rms:>+12.1f} / {k_lufs - m_lufs:>+5.1f} dB   "
                f"{k_rms - m_rms + level_db:+.1f} / {k_lufs - m_lufs + level_db:+.1f} dB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
