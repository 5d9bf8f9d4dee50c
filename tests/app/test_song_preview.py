"""Song previews heard in SDL's disk audio driver: the real game loop runs song select over a
real song index (folders written under tmp_path, the built-in songs), the real mixer plays the
preview into a raw file, and the file is read back: silence for the first 0.4 s after a song is
highlighted, then the stem from preview_start_time, fading in; moving on stops it; a built-in
song is heard too; a slow decode never holds up the loop; a stem that cannot be decoded gives
no preview, names the file, and breaks nothing."""

from __future__ import annotations

import itertools
import shutil
import textwrap
import wave
from pathlib import Path

import numpy as np
import pytest

from game.app.scene import MENU_FPS
from game.formats.song_folder import builtin_charts_dir
from tests.helpers import script_result

RATE = 48000
STEM_RATE = 44100
LOOP = textwrap.dedent(
    """
    import json, logging, sys, time
    from pathlib import Path
    import pygame
    from game.app.context import AppContext
    from game.app.loop import Loop
    from game.app.song_select import SongSelectScreen
    from game.audio.stream import open_output
    from game.library.index import SongLibrary
    from game.store.settings import LoadedSettings, Settings
    from game.ui.song_select_view import SongSelectState

    root, out, plan = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    warnings = []
    class Keep(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())
    logging.getLogger().addHandler(Keep())
    logging.getLogger().setLevel(logging.INFO)
    pygame.init()
    pygame.display.set_mode((1280, 720))
    opened = open_output(48000, 256, "")
    library = SongLibrary(root / "index.sqlite3")
    library.scan([Path(r) for r in plan["roots"]])
    songs = library.songs()
    titles = [s.title for s in songs]
    settings = Settings()
    if plan.get("off"):
        from dataclasses import replace
        settings = replace(settings, audio=replace(settings.audio, previews=False))
    app = AppContext(LoadedSettings(settings), settings_file=root / "settings.toml")
    state = SongSelectState(songs)
    state.selected = titles.index(plan["first"])
    loop = Loop(app)
    preview = app.song_preview()
    marks = []  # (wall clock, frames written so far): where the output was at each moment

    def written():
        return out.stat().st_size // 8 if out.exists() else 0

    def more(start, heard_s, output_s, begun):
        # a preview has not played `heard_s` yet, or the output holds less than `output_s` more
        # than at `begun` frames (30 s at most)
        now = time.perf_counter()
        if now > start + 30:
            return False
        if heard_s and (preview.started_at is None or now < preview.started_at + heard_s):
            return True
        return output_s and written() < begun + output_s * 48000

    def run(seconds, heard_s=0.0, output_s=0.0):
        steps, start, begun = [], time.perf_counter(), written()
        end = start + seconds
        while time.perf_counter() < end or more(start, heard_s, output_s, begun):
            loop.step()
            now = time.perf_counter()
            steps.append(now)
            marks.append((now, written()))
            time.sleep(0.0005)
        return steps

    events, drawn = {}, []

    class Shown(SongSelectScreen):
        def frame_drawn(self, draw_s):
            drawn.append(time.perf_counter())
            super().frame_drawn(draw_s)

    events["first"] = time.perf_counter()
    marks.append((events["first"], written()))
    loop.stack.push(Shown(state, lambda *a: None))
    steps = run(plan["hold_s"], plan.get("heard_s", 0.0), plan.get("output_s", 0.0))
    events["first_started"] = preview.started_at
    if plan.get("then"):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0, unicode=""))
        events["moved"] = time.perf_counter()
        marks.append((events["moved"], written()))
        run(plan["then_s"], 1.0)  # on until the next song's preview has played 1 s
        events["second_started"] = preview.started_at
    if plan.get("played"):  # a song plays over song select, and its stream reopens the mixer
        from game.app.scene import Screen
        loop.stack.push(Screen())
        events["covered"] = time.perf_counter()
        events["covered_playing"] = str(preview.playing)
        run(0.3)
        pygame.mixer.quit()
        marks.clear()  # the disk driver starts its file again
        open_output(48000, 512, "")
        events["back"] = time.perf_counter()
        marks.append((events["back"], written()))
        loop.stack.pop()
        run(plan["played"], 1.0)
        events["back_started"] = preview.started_at
    settle = time.perf_counter() + 10  # a clip still being made is reported too
    while not preview.idle() and time.perf_counter() < settle:
        run(0.05)
    playing = str(preview.playing)
    loop.stack.quit()
    app.close()
    time.sleep(0.2)
    pygame.mixer.quit()
    print(json.dumps({
        "opened": opened.opened, "titles": titles, "events": events, "marks": marks,
        "steps": steps, "drawn": drawn, "playing": playing, "warnings": warnings,
        "timings": [[str(t.folder), t.seconds, t.ok] for t in preview.timings],
    }))
    """
)


def write_tones(path: Path, pieces: list[tuple[float, float]], rate: int = STEM_RATE) -> Path:
    """A mono 16-bit WAV of sine pieces, each (seconds, frequency Hz) at half scale."""
    parts = []
    for seconds, hz in pieces:
        t = np.arange(round(seconds * rate)) / rate
        parts.append(0.5 * np.sin(2 * np.pi * hz * t))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.rint(np.concatenate(parts) * 32767).astype("<i2").tobytes())
    return path


def song_folder(root: Path, title: str, preview_ms: int, stems: dict[str, Path | None]) -> Path:
    """A song folder: the built-in Nara Soundcheck's chart, a song.ini with `title` and
    `preview_ms`, and its stems (a file copied in, or None: written by the caller)."""
    folder = root / title
    folder.mkdir(parents=True)
    shutil.copy(builtin_charts_dir() / "nara-soundcheck" / "notes.mid", folder / "notes.mid")
    (folder / "song.ini").write_text(
        f"[song]\nname = {title}\nartist = Tests\npreview_start_time = {preview_ms}\n"
    )
    for name, source in stems.items():
        if source is not None:
            shutil.copy(source, folder / name)
    return folder


def play_loop(
    tmp_path: Path,
    roots: list[Path],
    first: str,
    hold_s: float,
    then_s: float = 0,
    heard_s: float = 0,
    played_s: float = 0,
    off: bool = False,
    output_s: float = 0,
):
    """Song select over the songs under `roots` with `first` highlighted for `hold_s` (and on
    until its preview has played `heard_s`, when given), then (`then_s` > 0) Down and that
    long on the next song, and on until its preview has played 1 s: the child's report and the
    disk driver's output."""
    out = tmp_path / "out.raw"
    plan = {"roots": [str(r) for r in roots], "first": first, "hold_s": hold_s, "then_s": then_s}
    plan["heard_s"], plan["played"], plan["off"] = heard_s, played_s, off
    plan["output_s"] = output_s
    plan["then"] = then_s > 0
    import json

    result = script_result(
        LOOP,
        str(tmp_path),
        str(out),
        json.dumps(plan),
        timeout=120,
        SDL_AUDIODRIVER="disk",
        SDL_DISKAUDIOFILE=str(out),
        DRUM_DUET_HOME=str(tmp_path / "home"),
    )
    assert result["opened"]
    audio = np.fromfile(out, dtype=np.float32).reshape(-1, 2)
    return result, audio


def frame_at(result: dict, wall: float) -> int:
    """The output frame being written at wall-clock time `wall` (from the marks taken)."""
    marks = np.array(result["marks"])
    return int(np.interp(wall, marks[:, 0], marks[:, 1]))


SLACK = 1024
"""How well a moment on the wall clock is placed in the output (frames): the file is written a
buffer (256 frames) at a time through a 4 KB (512-frame) stdio buffer. (The output's own clock
runs slower than the wall clock when the machine is busy: its thread sleeps a fixed time after
each buffer. So waits are measured on the loop's clock, and the output placed by the marks.)"""


def heard_from(result: dict, audio: np.ndarray, since: float, started: float) -> int:
    """The first frame of a preview that started at `started` (wall clock) after a highlight
    at `since`, checking that the output was silent from `since` until `started` and that
    the preview sounds at once from then on."""
    onset = sounding(audio, frame_at(result, since))
    assert onset is not None
    placed = frame_at(result, started)
    assert placed - SLACK <= onset <= placed + RATE // 10, (onset, placed)
    return onset


def sounding(audio: np.ndarray, start: int, level: float = 0.0) -> int | None:
    """The first frame from `start` on louder than `level` (default: not silent), or None."""
    loud = np.flatnonzero(np.abs(audio[start:, 0]) > level)
    return None if len(loud) == 0 else start + int(loud[0])


def peak_hz(audio: np.ndarray) -> float:
    """The loudest frequency of the left channel (Hz)."""
    x = audio[:, 0] * np.hanning(len(audio))
    spectrum = np.abs(np.fft.rfft(x))
    return float(np.fft.rfftfreq(len(x), 1 / RATE)[np.argmax(spectrum)])


def test_a_highlighted_song_previews_its_stem_from_preview_start_and_stops_on_moving(tmp_path):
    songs = tmp_path / "songs"
    a = song_folder(songs, "A Tone", 10_000, {})
    write_tones(a / "song.wav", [(10.0, 300.0), (30.0, 660.0)])  # 660 Hz from 10 s
    b = song_folder(songs, "B Tone", 5_000, {})
    write_tones(b / "song.wav", [(5.0, 300.0), (35.0, 1500.0)])  # 1500 Hz from 5 s
    result, audio = play_loop(tmp_path, [songs], "A Tone", hold_s=0.5, heard_s=2.0, then_s=0.5)
    events = result["events"]

    started_s = events["first_started"] - events["first"]
    assert started_s >= 0.4  # it waited 0.4 s ...
    onset = heard_from(result, audio, events["first"], events["first_started"])  # ... silent
    chosen = frame_at(result, events["first"])
    print(f"selection to sound: {started_s:.3f} s; in the output {(onset - chosen) / RATE:.3f} s")

    first_half = audio[onset : onset + RATE // 2]
    assert abs(peak_hz(first_half) - 660.0) < 5  # the stem from 10 s, not before
    blocks = [
        float(np.sqrt(np.mean(audio[onset + i * 4800 : onset + (i + 1) * 4800, 0] ** 2)))
        for i in range(9)
    ]
    assert all(later > earlier for earlier, later in itertools.pairwise(blocks))  # a fade in
    full = audio[onset + round(1.2 * RATE) : onset + round(1.7 * RATE), 0]
    assert blocks[0] < 0.2 * float(np.sqrt(np.mean(full**2)))
    assert np.abs(full).max() == pytest.approx(0.5 * 0.8, abs=0.01)  # at the music volume

    moved = frame_at(result, events["moved"])
    assert np.abs(audio[moved - 2400 : moved, 0]).max() > 0.1  # playing until the move
    assert events["second_started"] - events["moved"] >= 0.4  # the next waits its 0.4 s
    second = heard_from(result, audio, events["moved"] + 0.15, events["second_started"])
    quiet = audio[moved + round(0.15 * RATE) : second]  # (the fade: see below)
    assert len(quiet) > 0.2 * RATE and not np.abs(quiet).any()  # A stopped at once
    around = audio[moved - 8000 : moved + 16000, 0]  # blocks of 800 frames: 11 periods of 660 Hz
    level = np.sqrt(np.mean(around.reshape(-1, 800) ** 2, axis=1))
    full = np.flatnonzero(level >= 0.95 * level[0])[-1]  # the last block at full level
    gone = full + np.flatnonzero(level[full:] == 0)[0]
    assert (gone - full) * 800 / RATE >= 0.05  # a fade of some 80 ms, not a cut ...
    assert np.all(np.diff(level[full:gone]) < 0.005)  # ... falling all the way
    steady = np.abs(np.diff(audio[onset + RATE : onset + RATE + 4800, 0])).max()
    assert np.abs(np.diff(around)).max() < steady + 0.1 * 0.4  # no step near a click's size
    assert abs(peak_hz(audio[second + RATE // 4 : second + RATE]) - 1500.0) < 5
    assert result["playing"].endswith("B Tone")


def test_a_built_in_song_previews_its_rendered_backing(tmp_path):
    roots = [builtin_charts_dir()]
    result, audio = play_loop(tmp_path, roots, "Nara Soundcheck", hold_s=1.0, heard_s=2.5)
    events = result["events"]
    started_s = events["first_started"] - events["first"]
    assert started_s >= 0.4
    onset = heard_from(result, audio, events["first"], events["first_started"])
    timing = result["timings"][0]
    print(f"built-in preview rendered in {timing[1]:.3f} s; heard {started_s:.3f} s after")
    heard = audio[onset + RATE : onset + 2 * RATE, 0]
    assert float(np.sqrt(np.mean(heard**2))) > 0.01
    spectrum = np.abs(np.fft.rfft(heard * np.hanning(len(heard))))
    freqs = np.fft.rfftfreq(len(heard), 1 / RATE)
    bands = [(40, 250), (250, 1000), (1000, 4000)]
    energy = [float(np.sum(spectrum[(freqs >= lo) & (freqs < hi)] ** 2)) for lo, hi in bands]
    assert all(e > 1e-3 * max(energy) for e in energy)  # bass, mids and highs: music, not a tone


def test_a_song_started_stops_the_preview_and_back_from_it_the_preview_plays_again(tmp_path):
    songs = tmp_path / "songs"
    a = song_folder(songs, "A Tone", 10_000, {})
    write_tones(a / "song.wav", [(10.0, 300.0), (30.0, 660.0)])
    result, audio = play_loop(tmp_path, [songs], "A Tone", hold_s=1.5, played_s=1.0)
    events = result["events"]
    assert events["first_started"] is not None  # it played before the song ...
    assert events["covered_playing"] == "None"  # ... and stopped as the song came over it
    assert events["back_started"] - events["back"] >= 0.4  # back: after its 0.4 s again,
    onset = heard_from(result, audio, events["back"], events["back_started"])
    assert abs(peak_hz(audio[onset + RATE // 4 : onset + RATE // 2]) - 660.0) < 5  # reopened


def test_previews_turned_off_in_the_settings_play_nothing_and_decode_nothing(tmp_path):
    songs = tmp_path / "songs"
    a = song_folder(songs, "A Tone", 10_000, {})
    write_tones(a / "song.wav", [(10.0, 300.0), (30.0, 660.0)])
    result, audio = play_loop(tmp_path, [songs], "A Tone", hold_s=1.5, off=True)
    assert len(audio) > RATE and not np.abs(audio).any()
    assert result["timings"] == [] and result["playing"] == "None"


def test_a_preview_loops_fading_out_at_its_end_and_in_again(tmp_path):
    songs = tmp_path / "songs"
    short = song_folder(songs, "Short", 1_000, {})
    write_tones(short / "song.wav", [(4.0, 440.0)])  # the clip: 1-4 s of it, 3 s long
    result, audio = play_loop(tmp_path, [songs], "Short", hold_s=1.0, output_s=7.0)
    onset = sounding(audio, frame_at(result, result["events"]["first"]))
    assert onset is not None
    level = np.sqrt(np.mean(audio[onset : onset + 6 * RATE, 0].reshape(-1, 480) ** 2, axis=1))
    # 10 ms blocks: the clip (3 s = 300 blocks) rises, holds, falls to silence, and again
    for loop in range(2):
        clip = level[loop * 300 : (loop + 1) * 300]
        assert clip[0] < 0.05 * clip[150] and clip[-1] < 0.05 * clip[150]
        assert clip[150] > 0.2  # full level in the middle (0.5 x the music volume 0.8)
        assert np.all(np.diff(clip[:60]) > 0)  # the fade in, rising all along
    assert abs(peak_hz(audio[onset + RATE : onset + 2 * RATE]) - 440.0) < 5


def write_float_wav(path: Path, seconds: float, hz: float, rate: int = RATE) -> Path:
    """A stereo 32-bit float WAV (the standard library cannot read it: SDL_mixer decodes it
    whole) of a sine at `hz`, written a minute at a time."""
    frames = round(seconds * rate)
    fmt = (3).to_bytes(2, "little") + (2).to_bytes(2, "little") + rate.to_bytes(4, "little")
    fmt += (rate * 8).to_bytes(4, "little") + (8).to_bytes(2, "little") + (32).to_bytes(2, "little")
    data_bytes = frames * 8
    with path.open("wb") as f:
        f.write(b"RIFF" + (4 + 8 + len(fmt) + 8 + data_bytes).to_bytes(4, "little") + b"WAVE")
        f.write(b"fmt " + len(fmt).to_bytes(4, "little") + fmt)
        f.write(b"data" + data_bytes.to_bytes(4, "little"))
        minute = 60 * rate
        for start in range(0, frames, minute):
            t = np.arange(start, min(frames, start + minute)) / rate
            sine = (0.4 * np.sin(2 * np.pi * hz * t)).astype("<f4")
            f.write(np.repeat(sine[:, None], 2, axis=1).tobytes())
    return path


def test_a_slow_decode_never_holds_up_the_loop(tmp_path):
    songs = tmp_path / "songs"
    big = song_folder(songs, "Big Float", 60_000, {})
    # 8 minutes, 169 MB: SDL_mixer decodes it whole and resamples it to the mixer's 48 kHz
    write_float_wav(big / "song.wav", 8 * 60, 880.0, rate=STEM_RATE)
    result, audio = play_loop(tmp_path, [songs], "Big Float", hold_s=1.0, heard_s=1.5)
    folder, decode_s, ok = result["timings"][0]
    assert ok and folder.endswith("Big Float")
    first = result["events"]["first"]
    frames = np.array(result["drawn"])  # when song select was shown, frame by frame
    during = frames[(frames > first + 0.1) & (frames < first + 0.1 + decode_s)]
    gaps = np.diff(during)
    print(
        f"decode {decode_s:.3f} s: {len(during) / decode_s:.0f} frames a second meanwhile"
        f" (asked: {MENU_FPS}), longest gap {gaps.max():.4f} s"
    )
    assert decode_s > 0.5  # the file is slow to decode, and meanwhile the frames kept coming
    assert len(during) / decode_s > 0.5 * MENU_FPS  # (a decode holding the loop stops them
    assert gaps.max() < 0.5 * decode_s  # dead; a machine shared with others has hiccups)
    onset = sounding(audio, frame_at(result, first))
    assert onset is not None and abs(peak_hz(audio[onset + RATE // 2 : onset + RATE]) - 880) < 5


def test_a_stem_that_cannot_be_decoded_gives_no_preview_and_names_the_file(tmp_path):
    songs = tmp_path / "songs"
    bad = song_folder(songs, "Bad Stem", 1_000, {})
    (bad / "song.ogg").write_bytes(b"OggS" + bytes(range(256)) * 64)  # not Ogg Vorbis inside
    result, audio = play_loop(tmp_path, [songs], "Bad Stem", hold_s=2.0)
    assert result["timings"] and not result["timings"][0][2]
    assert result["playing"] == "None"
    assert not np.abs(audio).any()
    named = [w for w in result["warnings"] if str(bad / "song.ogg") in w]
    assert named, result["warnings"]
    assert len(result["steps"]) > 100  # the loop went on
