"""The catalogs: every message Babel extracts from the source is translated in Korean and
Japanese with the same placeholders, the compiled catalogs the game reads say what the .po
files say, and the system's locale picks the language."""

from __future__ import annotations

import string
import subprocess

import pytest

from game.base import language
from game.base.language import LANGUAGES, set_language, system_language
from tests.helpers import ROOT

babel = pytest.importorskip("babel", reason="Babel (the test extras) extracts the template")
from babel.messages.pofile import read_po  # noqa: E402

from tools import catalogs as catalog_tools  # noqa: E402

TRANSLATED = ("ko", "ja")


@pytest.fixture(autouse=True)
def english_after():
    """Every test leaves the game speaking English, as the others expect."""
    yield
    set_language("en")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The template Babel extracts from the source now (not the committed one)."""
    pot = tmp_path_factory.mktemp("pot") / "drum_duet.pot"
    subprocess.run(catalog_tools.extract_command(pot), check=True, capture_output=True)
    with pot.open("rb") as f:
        return read_po(f)


def po(code: str):
    with (ROOT / "game" / "locale" / code / "LC_MESSAGES" / "drum_duet.po").open("rb") as f:
        return read_po(f, locale=code)


def fields(text: str) -> list[str]:
    """The named placeholders of a str.format string, with their format specs, sorted."""
    return sorted(
        f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text) if name is not None
    )


def test_the_template_holds_the_game_s_words(template):
    ids = {m.id for m in template if m.id}
    assert len(ids) > 300
    for word in ("Settings", "Quit Drum Duet?", "Language", "Stem left out: {problem}."):
        assert word in ids
    assert ("{count} tap counted", "{count} taps counted") in ids  # ngettext's pairs
    committed = ROOT / "game" / "locale" / "drum_duet.pot"
    with committed.open("rb") as f:
        assert {m.id for m in read_po(f) if m.id} == ids, "run: python tools/catalogs.py extract"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(template, code):
    catalog = po(code)
    assert catalog.plural_forms == "nplurals=1; plural=0;"
    assert not catalog.fuzzy
    problems = []
    for message in template:
        if not message.id:
            continue
        ours = catalog.get(message.id)
        if ours is None:
            problems.append(f"missing: {message.id!r}")
            continue
        strings = ours.string if isinstance(ours.string, tuple) else (ours.string,)
        if ours.fuzzy or not all(s.strip() for s in strings):
            problems.append(f"untranslated or fuzzy: {message.id!r}")
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for s in strings:
            if fields(s) != fields(ids[-1]):
                problems.append(f"placeholders differ: {message.id!r} -> {s!r}")
            s.format(**{f.split(":")[0]: 1 for f in fields(s)})  # formats as the game will
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalog_the_game_reads_says_what_the_po_says(code):
    set_language(code)
    assert language.language() == code
    stale = []
    for message in po(code):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for n in (1, 2, 5):
                got = language.ngettext(*message.id, n)
                if got != message.string[0]:
                    stale.append((message.id, got))
        elif language._(message.id) != message.string:
            stale.append((message.id, language._(message.id)))
    assert not stale, f"{code} .mo is stale: reinstall (pip install -e .) {stale[:3]}"


def test_english_and_an_unknown_language_read_the_words_as_written():
    set_language("ko")
    assert language._("Settings") == "설정"
    set_language("ja")
    assert language._("Settings") == "設定"
    set_language("en")
    assert language._("Settings") == "Settings"
    set_language("xx")
    assert language.language() == "en" and language._("Quit") == "Quit"
    assert language.N_("Quit") == "Quit"


@pytest.mark.parametrize(
    ("environ", "code"),
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "ja_JP.eucJP"}, "ja"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "ko_KR.UTF-8"}, "ja"),
        ({"LC_MESSAGES": "ko_KR", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LANGUAGE": "fr:ja:en", "LANG": "ko_KR.UTF-8"}, "ja"),
        ({"LANGUAGE": "", "LC_ALL": "", "LANG": "ko"}, "ko"),
    ],
)
def test_system_language_follows_the_locale_variables_as_gettext_reads_them(environ, code):
    assert system_language(environ) == code


def test_each_language_is_named_in_itself():
    assert LANGUAGES == {"en": "English", "ko": "한국어", "ja": "日本語"}
