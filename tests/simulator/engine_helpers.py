"""Small scenarios for engine tests, written as plain data like a YAML file would be."""

from __future__ import annotations

from typing import Any

from simulator.engine import Run
from simulator.events import Event
from simulator.inputs import Input
from simulator.model import Scenario

# Wednesday 14 January 2026, 06:00 local time (+02:00).
WEDNESDAY_0600 = "2026-01-14T06:00:00+02:00"
# Friday 16 January 2026, 15:00 local time.
FRIDAY_1500 = "2026-01-16T15:00:00+02:00"


def scenario(*, start: str = WEDNESDAY_0600, duration: str = "24h", **lists: Any) -> Scenario:
    """A scenario from plain lists; organisations default to those that own something."""
    data: dict[str, Any] = {
        "format": "tabletop/1",
        "id": "test",
        "clock": {"start": start, "duration": duration},
        **lists,
    }
    if "organisations" not in data:
        owners = {s["owner"] for s in data.get("services", [])}
        data["organisations"] = [{"id": o} for o in sorted(owners)]
    return Scenario.model_validate(data)


def run(sc: Scenario, inputs: list[Input] | None = None, seed: int | None = None) -> list[Event]:
    return Run(sc, seed=seed, inputs=inputs or ()).run_to_end()


def changes(events: list[Event], service: str) -> list[tuple[float, str]]:
    """(time, new state) of every change of ``service``."""
    return [(e.t, e.to) for e in events if e.type == "service" and e.service == service]


def knows(events: list[Event], org: str, service: str, state: str) -> list[tuple[float, str]]:
    return [(e.t, e.how) for e in events
            if e.type == "knows" and e.org == org and e.service == service and e.state == state]


def of_type(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.type == kind]
