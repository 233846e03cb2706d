"""The one translation loader of Tabletop: gettext catalogues for fi, sv and en.

Every user-facing text of the command line, the console and the reports is an English msgid
in one gettext domain, ``tabletop``, whose catalogues live here, in
``reports/locale/<lang>/LC_MESSAGES/tabletop.po`` (shipped compiled as ``.mo`` beside them):
``reports`` may not import ``tui``, but ``tui`` may use ``reports``, so the loader sits in
the lower layer and :mod:`tui.i18n` uses it. ``reports/locale/refresh.py`` extracts, updates and
compiles the catalogues with Babel. Scenario texts are not translated: they come from the
scenario (``text_in``), and :func:`missing_language` says, once, when a scenario lacks the
chosen language.

Dates follow each language's custom: ``16.1.2026 klo 18.00`` (fi), ``16.1.2026 kl. 18.00``
(sv), ``16 Jan 2026 18:00`` (en); numbers use a (narrow no-break) space for thousands and a
decimal comma in Finnish and Swedish.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

DOMAIN = "tabletop"
LANGUAGES = ("fi", "sv", "en")
LOCALE_DIR = Path(__file__).parent / "locale"
_LANG_CODE = re.compile(r"[a-z]{2,3}")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_THIN = "\u202f"
"""Narrow no-break space: the thousands separator of fi and sv (SFS 4175)."""


@functools.cache
def translation(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (the msgids themselves when there is none)."""
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def gettext(msgid: str, lang: str) -> str:
    """``msgid`` (English) in ``lang``; the English text when there is no translation."""
    return translation(lang).gettext(msgid) if msgid else msgid


_ = gettext


def ngettext(singular: str, plural: str, count: int, lang: str) -> str:
    """``singular`` or ``plural`` (both English msgids) for ``count``, in ``lang``."""
    return translation(lang).ngettext(singular, plural, count)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; it is translated where it is shown."""
    return msgid


FORMAT_WORDS = (
    # organisation kinds
    N_("municipality"), N_("wellbeing-county"), N_("rescue-services"), N_("police"),
    N_("utility"), N_("company"), N_("state-agency"), N_("ngo"), N_("other"),
    # how an organisation learned a fact
    N_("detected"), N_("message"), N_("centre"), N_("inject"),
    # causes of a state change, and how a reserve refills
    N_("repair"), N_("restored"), N_("restoring"), N_("recovered"), N_("supply"),
    N_("auto"), N_("manual"),
    # the hazards of the built-in scenarios (``x-hazard``)
    N_("storm"), N_("storm-flood"), N_("cyberattack"), N_("water-contamination"),
    N_("chemical-release"), N_("infectious-outbreak"), N_("sabotage"),
)
"""Words of the scenario format and the event log that reports and the console show
translated: they reach ``gettext`` as data, so they are marked here for extraction."""


def _texts(value: object) -> Iterator[dict[str, str]]:
    """Every multilingual text (a ``{lang: text}`` map) inside a scenario model."""
    fields = getattr(type(value), "model_fields", None)  # a pydantic model of the format
    if isinstance(fields, dict):
        for name in fields:
            if name != "extensions":  # the author's own x- keys are not shown
                yield from _texts(getattr(value, name))
    elif isinstance(value, dict):
        if value and all(isinstance(k, str) and _LANG_CODE.fullmatch(k) and isinstance(v, str)
                         for k, v in value.items()):
            yield value
        else:
            for item in value.values():
                yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def missing_language(scenario: object, lang: str) -> str | None:
    """One warning when some multilingual texts of ``scenario`` lack ``lang``, else None.

    Scans the whole scenario once, so a command warns once however many texts it shows;
    those texts fall back to English, then to the first language given (``text_in``).
    """
    texts = list(_texts(scenario))
    missing = sum(1 for text in texts if lang not in text)
    if not missing:
        return None
    scenario_id = str(getattr(scenario, "id", ""))
    return ngettext(
        "warning: {scenario}: {count} text has no {lang} version; English or the first "
        "language given is shown instead",
        "warning: {scenario}: {count} texts have no {lang} version; English or the first "
        "language given is shown instead", missing, lang,
    ).format(scenario=scenario_id, count=missing, lang=lang)


def fmt_datetime(moment: datetime, lang: str) -> str:
    """A wall-clock moment as people of ``lang`` write it."""
    if lang == "fi":
        return f"{moment.day}.{moment.month}.{moment.year} klo {moment.hour}.{moment.minute:02d}"
    if lang == "sv":
        return f"{moment.day}.{moment.month}.{moment.year} kl. {moment.hour}.{moment.minute:02d}"
    return (f"{moment.day} {_MONTHS_EN[moment.month - 1]} {moment.year} "
            f"{moment.hour:02d}:{moment.minute:02d}")


_WEEKDAYS = {"fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
             "sv": ("mån", "tis", "ons", "tor", "fre", "lör", "sön"),
             "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def fmt_weekday_datetime(moment: datetime, lang: str) -> str:
    """``pe 16.1.2026 klo 18.00``: the weekday matters in a drill (office hours)."""
    days = _WEEKDAYS.get(lang, _WEEKDAYS["en"])
    return f"{days[moment.weekday()]} {fmt_datetime(moment, lang)}"


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
