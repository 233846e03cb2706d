"""The built-in scenarios: complete enough to drill, and judged the way they were designed.

Each built-in scenario is meant to be credible to a preparedness manager and to leave the
agreed playbook neither trivially winning nor trivially losing: the interface gaps written
into it (an office-hours authority, a phone-only report, an unassigned task) must show up
as missed objectives in a headless run, while the agreements that work must be met.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from simulator.engine import Run
from simulator.library import SCENARIOS_DIR
from simulator.loader import LoadedScenario, load_scenario
from simulator.scoring import score_run

ROOT = Path(__file__).resolve().parents[2]
MUNICIPALITIES = ROOT.parent / "shared" / "data" / "municipalities.csv"

BUILTINS = {
    "long-power-outage": "long_power_outage.yaml",
    "drinking-water-contamination": "drinking_water_contamination.yaml",
    "city-it-cyberattack": "city_it_cyberattack.yaml",
}

DESIGNED_MISSES = {
    "long-power-outage": {
        "warm-shelters-on-time",  # the heat company phones after the phone network died
        "ventilator-clients-safe",  # one battery round for a multi-day outage
        "door-to-door-on-time",  # no lead agreed
        "agency-knows-outage",  # office hours, Friday evening
    },
    "drinking-water-contamination": {
        "boil-notice-on-time",  # environmental health keeps office hours
        "env-health-knows",
        "vulnerable-get-water",  # no lead agreed
    },
    "city-it-cyberattack": {
        "incident-response-on-time",  # nobody watches the alerts at night
        "ncsc-knows-in-a-day",  # reported by e-mail from the isolated network
        "shared-premises-connected",  # no lead agreed
    },
}
"""The objectives each scenario's playbook misses by design; every other one is met."""


@pytest.fixture(scope="module", params=sorted(BUILTINS))
def loaded(request: pytest.FixtureRequest) -> LoadedScenario:
    return load_scenario(SCENARIOS_DIR / BUILTINS[request.param])


def test_loads_with_its_id_and_without_warnings(loaded: LoadedScenario) -> None:
    assert BUILTINS[loaded.scenario.id] == loaded.path.name
    assert loaded.warnings == ()
    assert [path.name for path in loaded.files] == [loaded.path.name, "paijat-hame.yaml"]


def test_has_the_size_of_a_real_exercise(loaded: LoadedScenario) -> None:
    scenario = loaded.scenario
    assert len(scenario.organisations) >= 6
    assert len(scenario.services) >= 20
    assert {"phone", "virve", "courier"} <= {channel.id for channel in scenario.channels}
    assert len(scenario.injects) >= 8
    assert any(inject.optional for inject in scenario.injects)
    assert len(scenario.objectives) >= 5
    assert scenario.clock.duration.fixed and scenario.clock.duration.min == 72 * 60


def test_has_an_unassigned_task(loaded: LoadedScenario) -> None:
    assert [r.id for r in loaded.scenario.responsibilities if r.lead is None]


def test_cites_its_sources_and_names_its_hazard(loaded: LoadedScenario) -> None:
    extensions = loaded.scenario.extensions
    sources = extensions["x-sources"]
    assert isinstance(sources, list) and sources
    assert all(isinstance(source, str) and source for source in sources)
    assert any("Statistics Finland" in source for source in sources)
    assert extensions["x-hazard"] in {"storm", "water-contamination", "cyberattack"}


def test_title_and_summary_in_finnish_and_english(loaded: LoadedScenario) -> None:
    for text in (loaded.scenario.title, loaded.scenario.summary):
        assert isinstance(text, dict)
        assert text["fi"].strip() and text["en"].strip()
        assert text["fi"] != text["en"]


def test_headless_run_meets_and_misses_what_it_was_designed_to(loaded: LoadedScenario) -> None:
    scenario = loaded.scenario
    run = Run(scenario, seed=scenario.seed)
    score = score_run(scenario, run.run_to_end(), seed=scenario.seed, duration=run.duration)
    missed = {oid for oid, result in score["objectives"].items() if not result["met"]}
    assert missed == DESIGNED_MISSES[scenario.id]
    unassigned = {r.id for r in scenario.responsibilities if r.lead is None}
    assert set(score["coordination"]["unassigned"]) == unassigned


def test_region_populations_match_statistics_finland() -> None:
    with MUNICIPALITIES.open(encoding="utf-8") as rows:
        county = {
            row["name_fi"]: int(row["population"])
            for row in csv.DictReader(rows)
            if row["county_code"] == "09"
        }
    region = load_scenario(SCENARIOS_DIR / BUILTINS["long-power-outage"]).scenario
    services = {service.id: service for service in region.services}
    assert services["power-lahti"].population == county["Lahti"] == 119984
    assert services["power-south"].population == sum(
        county[name] for name in ("Hollola", "Orimattila", "Kärkölä", "Iitti")
    )
    assert services["power-north"].population == sum(
        county[name] for name in ("Heinola", "Asikkala", "Padasjoki", "Sysmä", "Hartola")
    )
    assert sum(services[s].population for s in ("power-lahti", "power-south", "power-north")) == (
        sum(county.values())
    )
