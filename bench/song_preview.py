"""Song preview benchmark: how long a preview clip takes to make, by where it comes from, each
beside a baseline measured in the same run.

- an imported song's 16-bit WAV stem (5 minutes): the window read alone (seeked), beside
  reading the whole file's bytes once;
- a float WAV stem (5 minutes, 44.1 kHz: SDL_mixer decodes and resamples it whole), and
  pygame-ce's example Ogg (7 s), decoded whole and cut; then the same clips from the preview
  cache;
- each built-in song: its window rendered alone (cold), then from the preview cache, beside
  rendering its whole backing; then read from that whole render.

Song select asks for a clip 0.1 s after a song is highlighted and plays it 0.4 s after, so a
clip made within 0.3 s is heard on time.

    .venv/bin/python bench/song_preview.py
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
HOME = Path(tempfile.mkdtemp(prefix="preview-bench-"))
os.environ["DRUM_DUET_HOME"] = str(HOME)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from game.audio.cache import cached_render_path  # noqa: E402
from game.audio.wavfile import write_wav  # noqa: E402
from game.formats.arrangement_mid import read_arrangement  # noqa: E402
from game.formats.song_folder import builtin_charts_dir  # noqa: E402
from game.library.index import SongLibrary  # noqa: E402
from game.library.preview_source import preview_clip  # noqa: E402

RATE = 48000


def timed(make) -> float:
    t0 = time.perf_counter()
    make()
    return time.perf_counter() - t0


def song_folder(root: Path, name: str, stem: Path) -> Path:
    folder = root / "songs" / name
    folder.mkdir(parents=True)
    chart = builtin_charts_dir() / "nara-soundcheck" / "notes.mid"
    shutil.copy(chart, folder / "notes.mid")
    (folder / "song.ini").write_text(f"[song]\nname = {name}\npreview_start_time = 5000\n")
    shutil.move(stem, folder / stem.name)
    return folder


def float_wav(path: Path, seconds: float, rate: int) -> Path:
    frames = round(seconds * rate)
    fmt = (3).to_bytes(2, "little") + (2).to_bytes(2, "little") + rate.to_bytes(4, "little")
    fmt += (rate * 8).to_bytes(4, "little") + (8).to_bytes(2, "little") + (32).to_bytes(2, "little")
    t = np.arange(frames) / rate
    data = np.repeat((0.3 * np.sin(2 * np.pi * 440 * t)).astype("<f4")[:, None], 2, 1).tobytes()
    head = b"RIFF" + (4 + 8 + len(fmt) + 8 + len(data)).to_bytes(4, "little") + b"WAVE"
    body = b"fmt " + len(fmt).to_bytes(4, "little") + fmt + b"data"
    path.write_bytes(head + body + len(data).to_bytes(4, "little") + data)
    return path


def main() -> None:
    pygame.mixer.init(RATE, 32, 2, 256)
    work = HOME / "work"
    work.mkdir()
    rng = np.random.default_rng(1)
    pcm = work / "song.wav"
    write_wav(pcm, rng.uniform(-0.3, 0.3, (300 * RATE, 2)).astype(np.float32), RATE)
    whole_read = timed(lambda: pcm.read_bytes())
    song_folder(work / "a", "PCM WAV", pcm)
    song_folder(work / "b", "Float WAV", float_wav(work / "song.wav", 300, 44100))
    ogg = Path(pygame.__file__).parent / "examples" / "data" / "house_lo.ogg"
    (work / "c").mkdir()
    shutil.copy(ogg, work / "c" / "song.ogg")
    song_folder(work / "c", "Ogg", work / "c" / "song.ogg")
    rows = []
    for letter in "abc":
        library = SongLibrary(work / f"{letter}.sqlite3")
        library.scan([work / letter / "songs"])
        (record,) = library.songs()
        cold = timed(lambda record=record: preview_clip(record, RATE))
        again = timed(lambda record=record: preview_clip(record, RATE))
        row = {"song": record.title, "clip_s": round(cold, 3), "cached_s": round(again, 3)}
        if letter == "a":
            row["baseline_read_whole_file_s"] = round(whole_read, 3)
        rows.append(row)
    library = SongLibrary(work / "builtin.sqlite3")
    library.scan([builtin_charts_dir()])
    for record in library.songs():
        cold = timed(lambda record=record: preview_clip(record, RATE))
        again = timed(lambda record=record: preview_clip(record, RATE))
        arrangement = read_arrangement(record.folder / "arrangement.mid")
        whole = timed(lambda arrangement=arrangement: cached_render_path(arrangement))
        shutil.rmtree(HOME / "cache" / "previews", ignore_errors=True)
        from_whole = timed(lambda record=record: preview_clip(record, RATE))
        rows.append(
            {
                "song": record.title,
                "window_render_s": round(cold, 3),
                "cached_s": round(again, 3),
                "baseline_whole_render_s": round(whole, 3),
                "from_whole_render_s": round(from_whole, 3),
            }
        )
    for row in rows:
        print(json.dumps(row))
    shutil.rmtree(HOME, ignore_errors=True)


if __name__ == "__main__":
    main()
