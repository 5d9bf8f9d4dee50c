"""The house rules: ruff clean, the import contracts kept, and a wheel that ships its data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.helpers import ROOT


def run(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_ruff_finds_nothing():
    out = run(sys.executable, "-m", "ruff", "check", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    out = run(str(lint), "--no-cache")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 kept, 0 broken" in out.stdout


def test_the_base_imports_nothing_of_the_game_and_no_third_party_package():
    """game.base sits under every layer: each of its modules loads the standard library only."""
    modules = sorted(p.stem for p in ROOT.joinpath("game", "base").glob("*.py") if p.stem[0] != "_")
    shared = {"atomic", "bounded", "midi_apis", "set_aside", "sqlite_tx", "toml_doc", "units"}
    assert shared <= set(modules)
    code = (
        "import sys\n"
        f"for m in {modules!r}: __import__('game.base.' + m)\n"
        "game = [m for m in sys.modules if m.startswith('game.') and 'game.base' not in m]\n"
        "bad = [m for m in ('pygame', 'mido', 'rtmidi', 'numpy', 'platformdirs')]\n"
        "print(game + [m for m in bad if m in sys.modules])"
    )
    out = run(sys.executable, "-c", code)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_core_loads_no_device_library():
    code = (
        "import sys, game.core.replay, game.core.autoplay\n"
        "bad = [m for m in ('pygame', 'mido', 'rtmidi') if m in sys.modules]\n"
        "print(bad)"
    )
    out = run(sys.executable, "-c", code)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_wheel_ships_the_charts_assets_and_the_command(tmp_path):
    out = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), ".")
    assert out.returncode == 0, out.stderr
    (wheel,) = tmp_path.glob("drum_duet-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "game/charts/__init__.py" in names and "game/assets/__init__.py" in names
    for path in ROOT.joinpath("charts").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"game/charts/{path.relative_to(ROOT / 'charts').as_posix()}" in names
    for path in ROOT.joinpath("assets").rglob("*"):  # the shipped kit profiles among them
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"game/assets/{path.relative_to(ROOT / 'assets').as_posix()}" in names
    for module in ROOT.joinpath("game").rglob("*.py"):  # every module of every subpackage ships
        assert f"game/{module.relative_to(ROOT / 'game').as_posix()}" in names, module
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "drum-duet = game.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_a_checkout_without_the_shared_test_data_skips_naming_it_and_ci_fails(tmp_path):
    """A contributor's clone has no ../shared: every test that reads it skips with the path
    named (nothing fails); under CI=true the same skips fail the run."""
    modules = sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.joinpath("tests").rglob("test_*.py")
        if "e2e" not in p.parts and p.name != "test_project.py" and "need_testdata" in p.read_text()
    )
    assert len(modules) >= 10
    missing = tmp_path / "no-shared" / "testdata"
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["DRUM_DUET_TESTDATA"] = str(missing)
    pytest_args = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *modules]
    solo = subprocess.run(pytest_args, cwd=ROOT, env=env, capture_output=True, text=True)
    assert solo.returncode == 0, solo.stdout[-3000:]
    assert f"shared test data missing: {missing}" in solo.stdout
    ci = subprocess.run(
        [*pytest_args[:-len(modules)], "tests/formats/test_song_ini.py"],
        cwd=ROOT, env={**env, "CI": "true"}, capture_output=True, text=True,
    )  # fmt: skip
    assert ci.returncode == 1 and "CI must run this test" in ci.stdout, ci.stdout[-3000:]
