"""A region file for a real county (or the whole country), built from a template.

Facilitators start a scenario from their own region: its municipalities and county under
their real names, with real populations, and the services a template says every
municipality and county has. This module repeats the template's records over the shipped
data (:mod:`simulator.regions.data`) and returns plain data in the scenario format, ready
to be written as YAML and included from a scenario.

Generated identifiers: a municipality's organisation is its name (``lahti``), its other
roles and its services are ``<municipality>-<key>`` (``lahti-water-supply``); the county's
organisation (role ``county``) is the county's name (``paijat-hame``), its other roles and
services ``<county>-<key>``; region-level roles, services and channels keep their key.

Helsinki (code 90) organises health, social and rescue services itself: its ``county``
role is the City of Helsinki, the same organisation as its ``municipality`` role. Åland
(code 91) is outside the county system: its ``county`` role is Ålands hälso- och sjukvård
(ÅHS, kind ``other``); its other county-level roles are named from "Åland".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from simulator.durations import format_minutes
from simulator.fields import Span
from simulator.model import FORMAT
from simulator.regions.data import ALAND, ATTRIBUTION, HELSINKI, County, Municipality
from simulator.regions.template import Template

Data = dict[str, Any]
LANGS = ("fi", "sv", "en")
NATIONAL_STEM = {"fi": "Suomen", "sv": "Finlands", "en": "Finland"}
NATIONAL_NAME = {"fi": "Suomi", "sv": "Finland", "en": "Finland"}
AHS_NAME = {
    "fi": "Ahvenanmaan terveyden- ja sairaanhoito (ÅHS)",
    "sv": "Ålands hälso- och sjukvård (ÅHS)",
    "en": "Åland Health Care (ÅHS)",
}


class RegionError(ValueError):
    """A template that generates the same identifier twice for this data."""


def _span(span: Span | None) -> Any:
    if span is None:
        return None
    if span.fixed:
        return format_minutes(span.min)
    return {"min": format_minutes(span.min), "max": format_minutes(span.max)}


class _Place:
    """Where a record is repeated: names for the placeholders, a population, id stems."""

    def __init__(self, county: County | None, municipality: Municipality | None,
                 counties: Sequence[County]) -> None:  # fmt: skip
        self.county, self.municipality = county, municipality
        if county is not None:
            self.values = {"county": county.stem, "county_name": county.name}
        elif len(counties) == 1:
            self.values = {"county": counties[0].stem, "county_name": counties[0].name}
        else:
            self.values = {"county": NATIONAL_STEM, "county_name": NATIONAL_NAME}
        if municipality is not None:
            self.values["municipality"] = municipality.name
            self.population = municipality.population
        elif county is not None:
            self.population = county.population
        else:
            self.population = sum(c.population for c in counties)

    def text(self, text: str | dict[str, str]) -> str | dict[str, str]:
        if isinstance(text, str):
            if not any("{" + name + "}" in text for name in self.values):
                return text
            text = dict.fromkeys(LANGS, text)
        return {lang: self._fill(value, lang) for lang, value in text.items()}

    def _fill(self, text: str, lang: str) -> str:
        for name, values in self.values.items():
            text = text.replace("{" + name + "}", values.get(lang, values["fi"]))
        return text


class _Builder:
    """One region file being built: ids by level, the lists, and a check for clashes."""

    def __init__(self, template: Template, counties: Sequence[County]) -> None:
        self.template, self.counties = template, counties
        self.lists: dict[str, list[Data]] = {
            name: [] for name in ("organisations", "services", "channels", "resources")
        }
        self.seen: dict[str, set[str]] = {name: set() for name in self.lists}
        self.roles = {org.role: org for org in template.organisations}
        self.keys = {service.key: service.per for service in template.services}

    def add(self, kind: str, record: Data) -> None:
        if record["id"] in self.seen[kind]:
            raise RegionError(
                f"the template generates {kind} id '{record['id']}' twice; rename a role or key"
            )
        self.seen[kind].add(record["id"])
        self.lists[kind].append({k: v for k, v in record.items() if v is not None})

    # --- identifiers ------------------------------------------------------------------

    def org_id(self, role: str, place: _Place) -> str:
        per = self.roles[role].per
        county, municipality = place.county, place.municipality
        if per == "region":
            return role
        if per == "county" and county is not None:
            if role == "county" and county.code == HELSINKI and "municipality" in self.roles:
                return self.org_id("municipality", self._at(county, county.seat))
            return county.slug if role == "county" else f"{county.slug}-{role}"
        assert municipality is not None, (role, per)
        return municipality.slug if role == "municipality" else f"{municipality.slug}-{role}"

    def service_id(self, key: str, place: _Place) -> str:
        per = self.keys[key]
        if per == "region":
            return key
        if per == "county":
            assert place.county is not None
            return f"{place.county.slug}-{key}"
        municipality = place.municipality
        if municipality is None:  # a county-level service using the seat's service
            assert place.county is not None
            municipality = place.county.seat
        return f"{municipality.slug}-{key}"

    def _at(self, county: County | None, municipality: Municipality | None) -> _Place:
        return _Place(county, municipality, self.counties)

    # --- records ----------------------------------------------------------------------

    def places(self, per: str) -> list[_Place]:
        if per == "region":
            return [self._at(None, None)]
        if per == "county":
            return [self._at(c, None) for c in self.counties]
        return [self._at(c, m) for c in self.counties for m in c.municipalities]

    def build(self) -> None:
        t = self.template
        for per in ("region", "county", "municipality"):
            for place in self.places(per):
                for org in (o for o in t.organisations if o.per == per):
                    self.organisation(org.role, place)
        for per in ("region", "county", "municipality"):
            for place in self.places(per):
                for service in (s for s in t.services if s.per == per):
                    self.add("services", {
                        "id": self.service_id(service.key, place),
                        "name": place.text(service.name),
                        "owner": self.org_id(service.owner, place),
                        "population": round(service.population * place.population) or None,
                        "vulnerable": round(service.vulnerable * place.population) or None,
                        "critical": service.critical or None,
                        "detect": _span(service.detect),
                        "restore": _span(service.restore),
                        "depends_on": [
                            {k: v for k, v in {
                                "service": self.service_id(dep.service, place),
                                "tolerance": _span(dep.tolerance),
                                "refill": None if dep.refill == "auto" else dep.refill,
                                "effect": None if dep.effect == "down" else dep.effect,
                            }.items() if v is not None}
                            for dep in service.depends_on
                        ] or None,
                    })  # fmt: skip
        region = self._at(None, None)
        for channel in t.channels:
            self.add("channels", {
                "id": channel.key,
                "name": region.text(channel.name),
                "latency": _span(channel.latency),
                "depends_on": [self.service_id(k, region) for k in channel.depends_on] or None,
            })  # fmt: skip
        for per in ("region", "county", "municipality"):
            for place in self.places(per):
                for res in (r for r in t.resources if r.per == per):
                    self.add("resources", {
                        "id": self.service_id_for_resource(res.key, per, place),
                        "name": place.text(res.name),
                        "owner": self.org_id(res.owner, place),
                        "count": res.count,
                    })  # fmt: skip

    def service_id_for_resource(self, key: str, per: str, place: _Place) -> str:
        if per == "region":
            return key
        if per == "county":
            assert place.county is not None
            return f"{place.county.slug}-{key}"
        assert place.municipality is not None
        return f"{place.municipality.slug}-{key}"

    def organisation(self, role: str, place: _Place) -> None:
        template = self.roles[role]
        county = place.county
        ident = self.org_id(role, place)
        helsinki = county is not None and county.code == HELSINKI
        if role == "county" and helsinki and "municipality" in self.roles:
            return  # the City of Helsinki itself, added at the municipality level
        name, kind = place.text(template.name), template.kind
        if role == "county" and county is not None and county.code == ALAND:
            name, kind = dict(AHS_NAME), "other"
        self.add("organisations", {
            "id": ident,
            "name": name,
            "kind": kind,
            "duty": None if template.duty == "24/7" else template.duty,
        })  # fmt: skip


def build_region(counties: Sequence[County], template: Template, *, template_name: str,
                 ident: str | None = None) -> Data:  # fmt: skip
    """The region file (plain data) of ``counties`` (one, or all for the whole country)."""
    builder = _Builder(template, counties)
    builder.build()
    if len(counties) == 1:
        county = counties[0]
        title = {
            "fi": f"{county.name['fi']} ja sen kunnat",
            "sv": f"{county.name['sv']} och dess kommuner",
            "en": f"{county.name['en']} and its municipalities",
        }
        default_id = county.slug
    else:
        title = {"fi": "Koko Suomi", "sv": "Hela Finland", "en": "All of Finland"}
        default_id = "finland"
    data: Data = {"format": FORMAT, "id": ident or default_id, "title": title}
    data["x-source"] = f"Municipalities and populations: {ATTRIBUTION}"
    data["x-template"] = template_name
    data.update({name: items for name, items in builder.lists.items() if items})
    return data


HEADER = """\
# Region file generated by `tabletop region` from the template '{template}'.
# Municipalities, names and populations: {attribution}.
# The services, their dependencies and reserves come from the template: typical values, not
# facts about this region. Check them with the organisations before a drill, then include
# this file from a scenario (`include: [{file}]`) and add the scenario's own records.
"""


def region_header(template_name: str, file: str = "region.yaml") -> str:
    """The comment that opens a generated region file."""
    return HEADER.format(template=template_name, attribution=ATTRIBUTION, file=file)


def region_yaml(data: Data, file: str = "region.yaml") -> str:
    """A region file's text: the header comment, then block YAML with leaf mappings inline."""
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body: str = yaml.dump(
        data, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=None,
        width=10_000,
    )  # fmt: skip
    return region_header(str(data.get("x-template", "default")), file) + body
