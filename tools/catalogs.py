"""The game's message catalogs: extract the template with Babel, merge it into the Korean and
Japanese .po files, and compile them (the install compiles them too, see setup.py).

    python tools/catalogs.py extract   # game/locale/drum_duet.pot from the source
    python tools/catalogs.py update    # the template's new messages into ko and ja .po
    python tools/catalogs.py compile   # .po -> .mo beside them (for a checkout)

Needs Babel (`pip install -e ".[test]"`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "game" / "locale"
DOMAIN = "drum_duet"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
KEYWORDS = ("_", "N_", "ngettext:1,2")
"""The functions whose string arguments are messages: `_`, the marker `N_`, and `ngettext`."""
TRANSLATED = ("ko", "ja")


def extract_command(output: Path) -> list[str]:
    """The pybabel command that writes the template of every message in game/ to `output`."""
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    return [
        *_pybabel(),
        "extract",
        "--no-default-keywords",
        *keywords,
        "-F",
        str(ROOT / "babel.cfg"),
        "--project=Drum Duet",
        "--no-location",
        "--sort-output",
        "--width=100",
        "-o",
        str(output),
        str(ROOT),
    ]


def _pybabel() -> list[str]:
    return [sys.executable, "-m", "babel.messages.frontend"]


def main(argv: list[str]) -> int:
    """Run the step named in `argv` (extract, update or compile)."""
    step = argv[0] if argv else ""
    if step == "extract":
        subprocess.run(extract_command(TEMPLATE), check=True, cwd=ROOT)
    elif step == "update":
        for code in TRANSLATED:
            subprocess.run(
                [
                    *_pybabel(),
                    "update",
                    "-D",
                    DOMAIN,
                    "-i",
                    str(TEMPLATE),
                    "-d",
                    str(LOCALE),
                    "-l",
                    code,
                    "--no-fuzzy-matching",
                    "--width=100",
                ],
                check=True,
            )
    elif step == "compile":
        subprocess.run(
            [*_pybabel(), "compile", "-D", DOMAIN, "-d", str(LOCALE), "--statistics"], check=True
        )
    else:
        sys.stderr.write(__doc__ or "")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
