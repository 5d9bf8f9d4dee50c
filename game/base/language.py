"""The language the game speaks: English, 한국어 or 日本語, through gettext catalogs.

Every string a player reads is marked `_("...")` (or `ngettext` for counts) and looked up in the
catalog of the language chosen with `set_language`. The catalogs are `game/locale/<code>/
LC_MESSAGES/drum_duet.mo`; a missing catalog (or English) reads the words as written.
"""

from __future__ import annotations

import gettext
import logging
import os
from importlib import resources

log = logging.getLogger(__name__)

DOMAIN = "drum_duet"
LANGUAGES = {"en": "English", "ko": "한국어", "ja": "日本語"}
"""The languages the game speaks: code -> its own name for itself."""
DEFAULT = "en"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT


def catalogs() -> str:
    """The folder holding `<code>/LC_MESSAGES/drum_duet.mo` for each language."""
    return str(resources.files("game") / "locale")


def system_language(environ: dict[str, str] | None = None) -> str:
    """The game's language nearest the system's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as
    gettext reads them): "ko", "ja", else "en"."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
        return DEFAULT
    return DEFAULT


def set_language(code: str) -> None:
    """Speak `code` ("en", "ko" or "ja"; anything else is English) from now on."""
    global _translation, _language
    if code not in LANGUAGES:
        log.warning("unknown language %r: speaking English", code)
        code = DEFAULT
    _language = code
    if code == DEFAULT:
        _translation = gettext.NullTranslations()
        return
    try:
        _translation = gettext.translation(DOMAIN, catalogs(), languages=[code])
    except OSError as e:  # no catalog built (a checkout never installed): say so, speak English
        log.warning("no %s catalog (%s): speaking English", LANGUAGES[code], e)
        _translation = gettext.NullTranslations()


def language() -> str:
    """The code of the language the game speaks now."""
    return _language


def _(message: str) -> str:
    """`message` in the game's language."""
    return _translation.gettext(message)


def N_(message: str) -> str:  # noqa: N802 (gettext's usual name for a marker)
    """Mark `message` for the catalogs without looking it up: for words kept in a constant at
    import time (a menu's labels, an enum's names), looked up with `_` when they are drawn so a
    change of language shows at once."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` for `count` in the game's language (Korean and Japanese
    have one form)."""
    return _translation.ngettext(singular, plural, count)
