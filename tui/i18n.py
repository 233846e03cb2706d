"""The one translation function of the user interface, gettext-ready from the first line.

Every text the console shows goes through :func:`_` (also exported as :func:`t`), so the
languages issue only has to add catalogues (``tui/locale/<lang>/LC_MESSAGES/tabletop.mo``):
until then the English message ids are shown. The language comes from ``--lang``, else
``TABLETOP_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "tabletop"
LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def resolve_language(arg: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: ``arg``, ``TABLETOP_LANG``, the locale, or English."""
    env = os.environ if environ is None else environ
    candidates = [arg, env.get("TABLETOP_LANG")]
    candidates += [env.get(name) for name in ("LC_ALL", "LC_MESSAGES", "LANG")]
    for value in candidates:
        code = (value or "").split(".")[0].split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def set_language(lang: str) -> None:
    """Switch every later :func:`_` call to ``lang`` (falls back to the message ids)."""
    global _translation, _language
    _language = lang
    _translation = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang],
                                       fallback=True)


def language() -> str:
    """The language set last (scenario texts are picked in it too)."""
    return _language


def _(msgid: str) -> str:
    """The translation of ``msgid`` in the current language."""
    return _translation.gettext(msgid)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; it is translated where it is shown."""
    return msgid


t = _

__all__ = ["DOMAIN", "LANGUAGES", "N_", "_", "language", "resolve_language", "set_language", "t"]
