"""Refresh the gettext catalogues of Tabletop: extract, update (or init) and compile.

One domain, ``tabletop``, for the command line, the console and the reports, so that a term
is translated once. Run after changing any user-facing text::

    .venv/bin/python reports/locale/refresh.py

It is the same as these Babel commands (``babel.cfg`` maps ``**.py`` and the report
templates; the keywords are ``_``, ``N_``, ``gettext`` and ``ngettext``)::

    pybabel extract -F reports/locale/babel.cfg --no-default-keywords \
        -k _ -k N_ -k gettext -k ngettext:1,2 \
        --sort-by-file --omit-header -o reports/locale/tabletop.pot .
    pybabel update -D tabletop -i reports/locale/tabletop.pot -d reports/locale -l fi \
        --ignore-obsolete --no-fuzzy-matching           (and -l sv, -l en; init when new)
    pybabel compile -D tabletop -d reports/locale --statistics

plus one step Babel has no flag for: English is the source language, so its catalogue's
empty entries are filled with their msgids (an English ``.mo`` is then complete too). New
Finnish and Swedish entries are left empty for a translator; ``tests/i18n`` fails until they
are translated, so no untranslated text ships.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "reports" / "locale"
POT = LOCALE / "tabletop.pot"
LANGUAGES = ("fi", "sv", "en")
KEYWORDS = ("_", "N_", "gettext", "ngettext:1,2")


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def fill_english(po_file: Path) -> None:
    """Give every empty English entry its msgid as translation."""
    with po_file.open("rb") as stream:
        catalog = read_po(stream, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            if not all(message.string):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
    with po_file.open("wb") as stream:
        write_po(stream, catalog, width=100, sort_by_file=True, ignore_obsolete=True)


def main() -> int:
    os.chdir(ROOT)  # source references in the catalogues are relative to the repository
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    pybabel("extract", "-F", str(LOCALE / "babel.cfg"), "--no-default-keywords", *keywords,
            "--sort-by-file", "--width=100", "--project=tabletop", "--omit-header",
            "-o", str(POT.relative_to(ROOT)), ".")
    for lang in LANGUAGES:
        po_file = LOCALE / lang / "LC_MESSAGES" / "tabletop.po"
        if po_file.exists():
            pybabel("update", "-D", "tabletop", "-i", str(POT), "-d", str(LOCALE), "-l", lang,
                    "--ignore-obsolete", "--no-fuzzy-matching", "--width=100")
        else:
            pybabel("init", "-D", "tabletop", "-i", str(POT), "-d", str(LOCALE), "-l", lang,
                    "--width=100")
        if lang == "en":
            fill_english(po_file)
    pybabel("compile", "-D", "tabletop", "-d", str(LOCALE), "--statistics")
    return 0


if __name__ == "__main__":
    sys.exit(main())
