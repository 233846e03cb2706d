"""The console's and the command line's translation function, over the one shared catalogue.

Every text the console and the command line show goes through :func:`_` (also exported as
:func:`t`) in the language set last with :func:`set_language`; the catalogues are the
``tabletop`` domain loaded by :mod:`reports.i18n` (``reports/locale``), which the reports use
too, so a term is translated once for all three. The language comes from ``--lang``, else
``TABLETOP_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from reports import i18n as catalogue
from reports.i18n import DOMAIN, LANGUAGES, N_

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


def language_in_argv(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` in a command line, before it is parsed (for help texts)."""
    for index, item in enumerate(argv):
        if item == "--":
            break
        if item == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if item.startswith("--lang="):
            return item.partition("=")[2]
    return None


def set_language(lang: str) -> None:
    """Switch every later :func:`_` call to ``lang`` (falls back to the message ids)."""
    global _language
    _language = lang if lang in LANGUAGES else "en"


def language() -> str:
    """The language set last (scenario texts are picked in it too)."""
    return _language


def _(msgid: str) -> str:
    """The translation of ``msgid`` in the current language."""
    return catalogue.gettext(msgid, _language)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` for ``count``, translated in the current language."""
    return catalogue.ngettext(singular, plural, count, _language)


t = _

__all__ = ["DOMAIN", "LANGUAGES", "N_", "_", "language", "language_in_argv", "ngettext",
           "resolve_language", "set_language", "t"]
