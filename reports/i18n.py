"""The report's words and number formats in Finnish, Swedish and English.

Every label and sentence of a report goes through one function, :func:`gettext` (``_``),
keyed by its English text as gettext does, so moving the strings to gettext catalogues later
is mechanical. Translations live in :mod:`reports.catalogue`. Scenario texts are not
translated here: they come from the scenario via ``text_in``.

Dates follow each language's custom: ``16.1.2026 klo 18.00`` (fi), ``16.1.2026 kl. 18.00``
(sv), ``16 Jan 2026 18:00`` (en); numbers use a (narrow no-break) space for thousands and a
decimal comma in Finnish and Swedish.
"""

from __future__ import annotations

from datetime import datetime

from reports.catalogue import CATALOGUE

LANGUAGES = ("fi", "sv", "en")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_THIN = "\u202f"
"""Narrow no-break space: the thousands separator of fi and sv (SFS 4175)."""


def gettext(msgid: str, lang: str) -> str:
    """``msgid`` (English) in ``lang``; the English text when there is no translation."""
    if lang == "en":
        return msgid
    return CATALOGUE.get(lang, {}).get(msgid, msgid)


_ = gettext


def ngettext(singular: str, plural: str, count: int, lang: str) -> str:
    """``singular`` or ``plural`` (both English msgids) for ``count``, in ``lang``."""
    return gettext(singular if count == 1 else plural, lang)


def fmt_datetime(moment: datetime, lang: str) -> str:
    """A wall-clock moment as people of ``lang`` write it."""
    if lang == "fi":
        return f"{moment.day}.{moment.month}.{moment.year} klo {moment.hour}.{moment.minute:02d}"
    if lang == "sv":
        return f"{moment.day}.{moment.month}.{moment.year} kl. {moment.hour}.{moment.minute:02d}"
    return (f"{moment.day} {_MONTHS_EN[moment.month - 1]} {moment.year} "
            f"{moment.hour:02d}:{moment.minute:02d}")


def fmt_date(moment: datetime, lang: str) -> str:
    if lang in ("fi", "sv"):
        return f"{moment.day}.{moment.month}.{moment.year}"
    return f"{moment.day} {_MONTHS_EN[moment.month - 1]} {moment.year}"


def fmt_number(value: float | None, lang: str, digits: int = 0) -> str:
    """``12 345,6`` (fi, sv) or ``12,345.6`` (en); ``–`` for no value."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if lang in ("fi", "sv"):
        text = text.replace(",", _THIN).replace(".", ",").replace("-", "−")
    return text


def fmt_sim_time(t: float) -> str:
    """Scenario time as ``T+h:mm`` (hours may exceed 24: ``T+62:00``)."""
    minutes = round(t)
    sign = "−" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"T{sign}{hours}:{mins:02d}"


def fmt_duration(minutes: float | None, lang: str) -> str:
    """``45 min``, ``2 h 30 min``, ``62 h``; ``–`` for none."""
    if minutes is None:
        return "–"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, mins = divmod(whole, 60)
    return f"{fmt_number(hours, lang)} h" + (f" {mins} min" if mins else "")


def fmt_hours(minutes: float | None, lang: str) -> str:
    """Minutes as hours with one decimal: ``45,4 h``."""
    if minutes is None:
        return "–"
    return f"{fmt_number(minutes / 60.0, lang, 1)} h"
