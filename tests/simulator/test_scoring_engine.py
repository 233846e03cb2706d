"""Scoring a real engine run end to end: the figures follow from the scenario by hand."""

from __future__ import annotations

import json
from typing import Any

from simulator.engine import simulate
from simulator.model import Scenario
from simulator.scoring import score_run

DATA: dict[str, Any] = {
    "format": "tabletop/1",
    "id": "e2e",
    "clock": {"start": "2026-01-14T10:00:00+02:00", "duration": "10h"},
    "organisations": [{"id": "grid"}, {"id": "tele"}, {"id": "utility"}, {"id": "city"}],
    "services": [
        {"id": "power", "owner": "grid", "detect": "10m"},
        {"id": "mobile", "owner": "tele", "depends_on": [{"service": "power", "tolerance": "2h"}]},
        {
            "id": "water",
            "owner": "utility",
            "population": 1200,
            "vulnerable": 30,
            "depends_on": [{"service": "power", "tolerance": "1h"}],
        },
        {"id": "school", "owner": "city", "depends_on": [{"service": "water", "tolerance": "4h"}]},
    ],
    "channels": [
        {"id": "phone", "latency": "5m", "depends_on": ["mobile"]},
        {"id": "virve", "latency": "10m"},
    ],
    "responsibilities": [
        {
            "id": "emergency-water",
            "task": "Emergency water",
            "trigger": {"service": "water", "state": "down"},
            "lead": "city",
            "within": "1h",
            "setup": "30m",
            "mitigates": {"service": "water", "share": 0.5},
        },
    ],
    "playbook": [
        {
            "id": "utility-tells-city",
            "by": "utility",
            "when": {"service": "water", "state": "down"},
            "after": "10m",
            "do": "notify",
            "to": ["city"],
            "via": ["phone", "virve"],
        },
        {
            "id": "city-activates",
            "by": "city",
            "when": {"service": "water", "state": "down"},
            "after": "15m",
            "do": "activate",
            "task": "emergency-water",
        },
    ],
    "injects": [
        {"id": "storm", "at": "0m", "do": "fail", "target": "power"},
        {"id": "fixed", "at": "5h", "do": "restore", "target": "power"},
    ],
    "objectives": [
        {
            "id": "city-knows",
            "expect": {
                "org": "city",
                "knows": {"service": "water", "state": "down"},
                "within": "1h",
            },
        },
        {"id": "water-on-time", "expect": {"task": "emergency-water", "within": "1h"}},
        {"id": "school-stays", "expect": {"service": "school", "never": "down"}},
    ],
}


def scored() -> dict[str, Any]:
    scenario = Scenario.model_validate(DATA)
    return score_run(scenario, simulate(scenario), seed=0, duration=600.0)


def test_an_engine_run_scores_as_computed_by_hand() -> None:
    result = scored()
    # Power down 0–300; water runs 1 h on its reserve (down 60–300), mobile 2 h (120–300).
    assert result["services"]["water"] == {
        "first_down": 60.0,
        "down_minutes": 240.0,
        "degraded_minutes": 0.0,
        "strained_minutes": 60.0,
        "availability": 0.6,
        "state_at_end": "up",
    }
    assert result["services"]["mobile"]["down_minutes"] == 180.0
    # The city's school depends on water, so it notices water down at once (0m detect);
    # it activates 15 min later, in effect 30 min after that.
    assert result["objectives"]["city-knows"]["at"] == 60.0
    assert result["objectives"]["water-on-time"] == {
        "met": True,
        "at": 75.0,
        "rating": "P",
        "delay": 15.0,
        "tested": True,
        "within": 60.0,
        "achieved_at": 75.0,
    }
    assert result["objectives"]["school-stays"]["met"] is True
    task = result["coordination"]["tasks"]["emergency-water"]
    assert (task["triggered"], task["activated"], task["by"], task["on_time"]) == (
        60.0,
        75.0,
        "city",
        True,
    )
    assert task["effective"] == 105.0
    assert result["coordination"]["score"] == 100.0
    # 1200 residents × 4 h, half of it mitigated from 105 to 300 (195 min).
    assert result["impact"]["population_hours"] == {"water": 1200 * (240 - 195 / 2) / 60}
    assert result["impact"]["vulnerable_hours"] == 30 * 4.0
    assert result["information_flow"]["channels"]["phone"]["delivered"] == 1


def test_the_same_run_gives_the_same_bytes() -> None:
    assert json.dumps(scored()) == json.dumps(scored())
