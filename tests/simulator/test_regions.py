"""Region files from the shipped Statistics Finland data and the region templates."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import pytest

from simulator.diagnostics import ScenarioError
from simulator.loader import load_scenario
from simulator.regions.data import UnknownCounty, counties, find_county, slugify
from simulator.regions.region import build_region, region_yaml
from simulator.regions.template import builtin_templates, load_template

CODES = [county.code for county in counties()]
MINIMAL = """\
format: tabletop/1
id: start
clock: {start: 2026-01-14T06:00:00+02:00, duration: 1d}
include: [regions/region.yaml]
"""


def write_and_load(tmp_path: Path, text: str) -> object:
    (tmp_path / "regions").mkdir(exist_ok=True)
    (tmp_path / "regions" / "region.yaml").write_text(text, "utf-8")
    (tmp_path / "scenario.yaml").write_text(MINIMAL, "utf-8")
    return load_scenario(tmp_path / "scenario.yaml")


def test_the_data_has_every_county_and_municipality() -> None:
    assert [f"{n:02d}" for n in range(1, 22)] + ["90", "91"] == CODES
    assert sum(len(c.municipalities) for c in counties()) == 309
    assert sum(c.population for c in counties()) == 5_533_793
    files = importlib.resources.files("simulator.regions")
    assert "Statistics Finland" in files.joinpath("ATTRIBUTION.md").read_text("utf-8")
    assert builtin_templates() == ["default", "detailed"]


@pytest.mark.parametrize(
    ("arg", "code"),
    [("09", "09"), ("9", "09"), ("päijät-häme", "09"), ("PÄIJÄT-HÄMEEN HYVINVOINTIALUE", "09"),
     ("Päijänne-Tavastlands välfärdsområde", "09"), ("paijat-hame", "09"), ("Lapland", "21"),
     ("lapin hyvinvointialue", "21"), ("90", "90"), ("Helsingfors stad", "90"), ("åland", "91"),
     ("Ahvenanmaa", "91")],
)  # fmt: skip
def test_a_county_is_found_by_code_or_name_in_any_language(arg: str, code: str) -> None:
    assert find_county(arg).code == code


def test_an_unknown_county_suggests_and_lists() -> None:
    with pytest.raises(UnknownCounty) as caught:
        find_county("paijat hame")
    message = str(caught.value)
    assert message.startswith("unknown county 'paijat hame' (did you mean 'paijat-hame'?);")
    assert "\n  09 Päijät-Häme (Päijät-Hämeen hyvinvointialue)" in message
    assert message.endswith("\n  91 Åland (Ahvenanmaa)")


@pytest.mark.parametrize("code", CODES)
def test_every_county_gives_a_valid_region_file(tmp_path: Path, code: str) -> None:
    county = find_county(code)
    data = build_region([county], load_template(), template_name="default")
    loaded = write_and_load(tmp_path, region_yaml(data))
    scenario = loaded.scenario  # type: ignore[attr-defined]
    assert loaded.warnings == ()  # type: ignore[attr-defined]
    assert len(scenario.services) == 3 + 4 + 12 * len(county.municipalities)
    assert {m.slug for m in county.municipalities} <= {o.id for o in scenario.organisations}


def test_names_populations_and_ids_come_from_the_data() -> None:
    data = build_region([find_county("09")], load_template(), template_name="default")
    services = {s["id"]: s for s in data["services"]}
    orgs = {o["id"]: o for o in data["organisations"]}
    assert services["lahti-water-supply"]["population"] == 119_984
    assert services["lahti-water-supply"]["owner"] == "lahti-water-utility"
    assert services["paijat-hame-hospital"] == {
        "id": "paijat-hame-hospital",
        "name": {"fi": "Keskussairaala", "sv": "Centralsjukhus", "en": "Central hospital"},
        "owner": "paijat-hame",
        "population": 205_771,
        "critical": True,
        "detect": "5m",
        "restore": "2h",
        "depends_on": [
            {"service": "lahti-power", "tolerance": "2d", "refill": "manual"},
            {"service": "lahti-water-supply", "tolerance": "12h"},
        ],
    }
    assert services["hartola-home-care"]["vulnerable"] == round(0.02 * 2655)
    assert orgs["paijat-hame"]["name"] == {
        "fi": "Päijät-Hämeen hyvinvointialue",
        "sv": "Päijänne-Tavastlands välfärdsområde",
        "en": "Päijät-Häme wellbeing services county",
    }
    assert orgs["paijat-hame-rescue"]["name"]["sv"] == "Päijänne-Tavastlands räddningsverk"
    assert orgs["hartola"]["name"] == {"fi": "Hartola", "sv": "Gustav Adolfs", "en": "Hartola"}
    assert data["x-source"].endswith(
        "Statistics Finland, population on 31 December 2020 (CC BY 4.0)"
    )


def test_helsinki_runs_its_county_services_itself_and_aland_has_ahs() -> None:
    helsinki = build_region([find_county("90")], load_template(), template_name="default")
    orgs = {o["id"]: o for o in helsinki["organisations"]}
    assert "helsinki" in orgs and orgs["helsinki"]["kind"] == "municipality"
    assert not any(o["kind"] == "wellbeing-county" for o in orgs.values())
    owners = {s["id"]: s["owner"] for s in helsinki["services"]}
    assert owners["helsinki-hospital"] == owners["helsinki-home-care"] == "helsinki"
    aland = build_region([find_county("91")], load_template(), template_name="default")
    orgs = {o["id"]: o for o in aland["organisations"]}
    assert orgs["aland"]["kind"] == "other"
    assert orgs["aland"]["name"]["sv"] == "Ålands hälso- och sjukvård (ÅHS)"
    assert orgs["maarianhamina"]["name"] == {
        "fi": "Maarianhamina",
        "sv": "Mariehamn",
        "en": "Mariehamn",
    }


def test_the_whole_country_with_the_detailed_template_is_the_national_graph() -> None:
    data = build_region(counties(), load_template("detailed"), template_name="detailed")
    assert data["id"] == "finland"
    assert len(data["services"]) == 3 + 4 * 23 + 30 * 309


def test_a_bad_template_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "format: tabletop-region-template/1\n"
        "organisations:\n"
        "  - {role: town, per: municipality, kind: municipality, name: '{municipality}'}\n"
        "services:\n"
        "  - key: water\n"
        "    per: municipality\n"
        "    owner: towm\n"
        "    name: Water\n"
        "    depends_on: [{service: power}]\n"
        "  - {key: hub, per: region, owner: town, name: Hub, population: 2}\n",
        "utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_template(str(path))
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{path}:10:65: services[1].population: Input should be less than or equal to 1",
    ]
    path.write_text(path.read_text("utf-8").replace("population: 2", "population: 1"), "utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_template(str(path))
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{path}:7:12: services[0].owner: unknown role 'towm' (did you mean 'town'?)",
        f"{path}:9:28: services[0].depends_on[0].service: unknown service 'power' "
        "(did you mean 'water'?)",
        f"{path}:10:36: services[1].owner: a region-level record cannot use the "
        "municipality-level role 'town'",
    ]


def test_slugs_are_identifiers() -> None:
    assert slugify("Päijät-Häme") == "paijat-hame"
    assert slugify("Vårdö") == "vardo"
    assert slugify("123") == "m-123"
