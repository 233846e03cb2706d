"""A small scenario whose criticality is known by construction, for the analysis tests.

``power`` is the hub: every other service depends on it, so failing it at the start costs
most. The city learns of the pipe burst only from the utility's ``notify`` rule, and acts
on it only once it knows, so without that rule both objectives fail. A storm cuts power
at 12 h for the rest of the day: ``heat`` (population 300) goes down when its 3 h reserve
runs out, 1.5 h sooner on half of it.
"""

from __future__ import annotations

from typing import Any

from simulator.model import Scenario

DATA: dict[str, Any] = {
    "format": "tabletop/1",
    "id": "hub",
    "seed": 5,
    "clock": {"start": "2026-01-14T10:00:00+02:00", "duration": "24h"},
    "organisations": [{"id": "grid"}, {"id": "utility"}, {"id": "city"}, {"id": "tele"}],
    "services": [
        {"id": "power", "owner": "grid", "critical": True},
        {"id": "water", "owner": "utility", "population": 1000, "vulnerable": 10,
         "critical": True,
         "depends_on": [{"service": "power", "tolerance": {"min": "1h", "max": "2h"}}]},
        {"id": "heat", "owner": "city", "population": 300,
         "depends_on": [{"service": "power", "tolerance": "3h"}]},
        {"id": "phones", "owner": "tele", "population": 100,
         "depends_on": [{"service": "power", "tolerance": "1h"}]},
    ],
    "channels": [{"id": "radio", "latency": {"min": "5m", "max": "15m"}}],
    "responsibilities": [{
        "id": "emergency-water", "task": "Emergency water",
        "trigger": {"service": "water", "state": "down"}, "lead": "city",
        "within": "2h", "setup": "30m", "mitigates": {"service": "water", "share": 0.5},
    }],
    "playbook": [
        {"id": "utility-tells-city", "by": "utility", "when": {"service": "water", "state": "down"},
         "after": "10m", "do": "notify", "to": ["city"], "via": ["radio"]},
        {"id": "city-activates", "by": "city", "when": {"service": "water", "state": "down"},
         "after": "15m", "do": "activate", "task": "emergency-water"},
    ],
    "injects": [
        {"id": "pipe-burst", "at": "1h", "do": "fail", "target": "water"},
        {"id": "pipe-fixed", "at": "6h", "do": "restore", "target": "water"},
        {"id": "storm", "at": "12h", "do": "fail", "target": "power"},
    ],
    "objectives": [
        {"id": "city-knows-water",
         "expect": {"org": "city", "knows": {"service": "water", "state": "down"},
                    "within": "1h"}},
        {"id": "water-on-time", "expect": {"task": "emergency-water", "within": "2h"}},
    ],
}


def hub_scenario() -> Scenario:
    return Scenario.model_validate(DATA)
