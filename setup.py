"""The build step that compiles the game's words: each `game/locale/<code>/LC_MESSAGES/
drum_duet.po` into the `.mo` gettext reads, beside it, before the package's files are collected
(so a wheel, `pip install .` and `pip install -e .` all have them). Babel is a build
requirement only (pyproject.toml's [build-system]); the game reads the `.mo` with the standard
library's gettext.

It also builds the stream's mixer in C (`game/audio/_mixcore.c`), so that SDL's audio thread
never waits for Python's GIL. It is optional: without a C compiler the install goes on and the
game mixes in Python (numpy), which underruns more easily under load (`mix_core.py`).
Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

LOCALE = Path(__file__).resolve().parent / "game" / "locale"


def compile_catalogs(locale: Path = LOCALE) -> list[Path]:
    """Compile every `.po` under `locale` into its `.mo` (Babel's reader and writer); a fuzzy
    or untranslated message is left out, as msgfmt does. Returns the `.mo` files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, catalog)
        written.append(mo)
    return written


class BuildWithCatalogs(build_py):
    """`build_py` that compiles the catalogs first."""

    def finalize_options(self) -> None:
        compile_catalogs()
        super().finalize_options()

    def run(self) -> None:
        compile_catalogs()
        self.__dict__.pop("data_files", None)  # collected again: the .mo files are there now
        super().run()


MIX_CORE = Extension(
    "game.audio._mixcore",
    ["game/audio/_mixcore.c"],
    optional=True,  # no compiler: the game mixes in Python instead
    extra_compile_args=[] if sys.platform == "win32" else ["-O2"],
    libraries=[] if sys.platform == "win32" else ["m"],
)

setup(cmdclass={"build_py": BuildWithCatalogs}, ext_modules=[MIX_CORE])
