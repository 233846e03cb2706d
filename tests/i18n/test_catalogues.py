"""The shipped catalogues: every message id translated in fi, sv and en, with the same
placeholders, and the compiled ``.mo`` files in step with the ``.po`` sources."""

from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from reports.i18n import LANGUAGES, LOCALE_DIR, translation

POT = LOCALE_DIR / "tabletop.pot"


def _catalogue(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "tabletop.po").open("rb") as stream:
        return read_po(stream, locale=lang)


def _fields(text: str) -> list[str]:
    return sorted(f for _t, f, _s, _c in string.Formatter().parse(text) if f is not None)


def _ids(catalog) -> set[object]:  # type: ignore[no-untyped-def]
    return {tuple(m.id) if isinstance(m.id, list | tuple) else m.id for m in catalog if m.id}


def test_the_template_has_the_texts_of_cli_console_and_reports() -> None:
    with POT.open("rb") as stream:
        ids = _ids(read_po(stream))
    for msgid in ("Exercise overview", "Start/pause", "Services", "interrupted",
                  "Tabletop-exercise simulator for joint preparedness drills.", "Language"):
        assert msgid in ids
    assert len(ids) > 400


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_id_has_a_translation_with_the_same_placeholders(lang: str) -> None:
    with POT.open("rb") as stream:
        template = _ids(read_po(stream))
    catalog = _catalogue(lang)
    assert _ids(catalog) == template, "run reports/locale/refresh.py to update the catalogues"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, (lang, message.id)
        ids = message.id if isinstance(message.id, list | tuple) else (message.id,)
        texts = message.string if isinstance(message.string, list | tuple) else (message.string,)
        assert texts and all(t.strip() for t in texts), f"untranslated in {lang}: {ids[0]!r}"
        for text in texts:
            if len(ids) == 1:
                assert _fields(text) == _fields(ids[0]), (lang, ids[0], text)
            else:  # a plural form may leave the count out ("one text has…")
                assert set(_fields(text)) - {"count"} == set(_fields(ids[1])) - {"count"}, (
                    lang, ids[0], text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(lang: str) -> None:
    compiled = translation(lang)
    for message in _catalogue(lang):
        if message.id and not isinstance(message.id, list | tuple):
            assert compiled.gettext(message.id) == message.string, (
                f"{lang}: .mo is stale for {message.id!r}; run reports/locale/refresh.py")


def test_established_terms_are_used() -> None:
    fi, sv = translation("fi"), translation("sv")
    assert fi.gettext("After-action report") == "Harjoituksen loppuraportti"
    assert sv.gettext("After-action report") == "Utvärderingsrapport"
    assert fi.gettext("Next inject") == "Seuraava syöte"
    assert sv.gettext("Next inject") == "Nästa inspel"
    assert fi.gettext("Situational picture") == "Tilannekuva"
    assert sv.gettext("Situational picture") == "Lägesbild"
    assert fi.gettext("municipality") == "kunta" and sv.gettext("municipality") == "kommun"
    assert fi.gettext("wellbeing-county") == "hyvinvointialue"
    assert sv.gettext("wellbeing-county") == "välfärdsområde"
