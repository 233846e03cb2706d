"""Finland's municipalities and wellbeing services counties, from the data shipped here.

Facilitators start their own scenarios from a real county, so the region generator needs
real names (in Finnish, Swedish and English) and populations. They come from
``municipalities.csv`` beside this module (Statistics Finland, CC BY 4.0, see
``ATTRIBUTION.md``), read with :mod:`importlib.resources` so that an installed wheel finds
it as well as a checkout.

Two codes are not wellbeing services counties: 90 is the City of Helsinki, which organises
health, social and rescue services itself, and 91 is Åland, outside the county system,
whose health care is run by Ålands hälso- och sjukvård (ÅHS). They are looked up like the
counties; :mod:`simulator.regions.region` decides who runs their county-level services.
"""

from __future__ import annotations

import csv
import difflib
import importlib.resources
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

DATA_FILE = "municipalities.csv"
ATTRIBUTION = "Statistics Finland, population on 31 December 2020 (CC BY 4.0)"
HELSINKI, ALAND = "90", "91"
NATIONAL = "all"
"""The county argument that selects the whole country."""

_SUFFIXES = {"fi": " hyvinvointialue", "sv": " välfärdsområde", "en": " wellbeing services county"}
_STEMS: dict[str, dict[str, str]] = {
    HELSINKI: {"fi": "Helsingin", "sv": "Helsingfors", "en": "Helsinki"},
    ALAND: {"fi": "Ahvenanmaan", "sv": "Ålands", "en": "Åland"},
}
_NAMES: dict[str, dict[str, str]] = {
    HELSINKI: {"fi": "Helsingin kaupunki", "sv": "Helsingfors stad", "en": "City of Helsinki"},
    ALAND: {"fi": "Ahvenanmaa", "sv": "Åland", "en": "Åland"},
}


@dataclass(frozen=True, slots=True)
class Municipality:
    """A municipality (kunta): official code, names, population and county code."""

    code: str
    name: dict[str, str]
    """Names in fi, sv and en (English uses the Finnish name; Swedish on Åland)."""
    population: int
    county: str
    slug: str
    """The identifier-safe name, the stem of generated ids (``lahti``, ``maarianhamina``)."""


@dataclass(frozen=True, slots=True)
class County:
    """A wellbeing services county (or Helsinki, or Åland) and its municipalities."""

    code: str
    name: dict[str, str]
    """Full names in fi, sv and en (``Päijät-Hämeen hyvinvointialue``)."""
    stem: dict[str, str]
    """The name without "wellbeing services county": ``Päijät-Hämeen`` / ``Päijät-Häme``."""
    slug: str
    municipalities: tuple[Municipality, ...]

    @property
    def population(self) -> int:
        return sum(m.population for m in self.municipalities)

    @property
    def seat(self) -> Municipality:
        """The most populous municipality: where county-level services are located."""
        return max(self.municipalities, key=lambda m: (m.population, m.code))

    def label(self) -> str:
        """``09 Päijät-Häme (Päijät-Hämeen hyvinvointialue)``, for listings."""
        return f"{self.code} {self.stem['en']} ({self.name['fi']})"


class UnknownCounty(LookupError):
    """A county argument that names no county; the message suggests and lists them."""


def slugify(text: str) -> str:
    """An identifier from a name: ``Päijät-Häme`` -> ``paijat-hame``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug if slug[:1].isalpha() else f"m-{slug}"


def _strip(name: str, suffix: str) -> str:
    return name[: -len(suffix)] if name.endswith(suffix) else name


@cache
def counties() -> tuple[County, ...]:
    """Every county in the data, by code, with its municipalities by code."""
    text = importlib.resources.files(__package__).joinpath(DATA_FILE).read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_code: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_code.setdefault(row["county_code"], []).append(row)
    found = []
    for code in sorted(by_code):
        first = by_code[code][0]
        names = _NAMES.get(code) or {lang: first[f"county_{lang}"] for lang in _SUFFIXES}
        stem = _STEMS.get(code) or {lang: _strip(names[lang], s) for lang, s in _SUFFIXES.items()}
        members = tuple(
            Municipality(
                code=row["municipality_code"],
                name={
                    "fi": row["name_fi"],
                    "sv": row["name_sv"],
                    "en": row["name_sv"] if code == ALAND else row["name_fi"],
                },
                population=int(row["population"]),
                county=code,
                slug=slugify(row["name_fi"]),
            )
            for row in sorted(by_code[code], key=lambda r: r["municipality_code"])
        )
        found.append(County(code, names, stem, slugify(stem["en"]), members))
    return tuple(found)


def _keys(county: County) -> Iterable[str]:
    yield county.code
    yield county.slug
    for lang in _SUFFIXES:
        yield county.name[lang]
        yield county.stem[lang]


def find_county(arg: str) -> County:
    """The county ``arg`` names: its code (``9``, ``09``), slug, or fi/sv/en name or stem.

    Names match case-insensitively. Raises :class:`UnknownCounty` with a "did you mean" and
    the list of counties.
    """
    wanted = arg.strip().casefold()
    if wanted.isdigit():
        wanted = wanted.zfill(2)
    names: dict[str, County] = {}
    shown: dict[str, str] = {}
    for county in counties():
        for key in _keys(county):
            names.setdefault(key.casefold(), county)
            shown.setdefault(key.casefold(), key)
    if wanted in names:
        return names[wanted]
    listing = "".join(f"\n  {county.label()}" for county in counties())
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    hint = f" (did you mean '{shown[close[0]]}'?)" if close else ""
    raise UnknownCounty(
        f"unknown county '{arg}'{hint}; give a code, a name or '{NATIONAL}' (the whole "
        f"country); the counties:{listing}"
    )
