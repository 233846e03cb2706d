"""Service time lines and the impact on residents: how long each service was down, and
how many resident-hours that cost after the tasks that mitigated it.

Both come from the same per-service intervals of the log, so the report's "hospital down
24 h" and its "120,000 resident-hours" never disagree.
"""

from __future__ import annotations

from typing import Any

from simulator.model import Scenario
from simulator.scoring.facts import RunLog
from simulator.scoring.figures import r1, r4

Interval = tuple[float, float]


def state_intervals(log: RunLog, scenario: Scenario) -> dict[str, dict[str, list[Interval]]]:
    """Per service, per state other than ``up``, the intervals it spent in that state
    (every service starts ``up`` at 0; intervals end at the end of the run)."""
    end = log.duration
    current: dict[str, tuple[str, float]] = {}
    spans: dict[str, dict[str, list[Interval]]] = {s.id: {} for s in scenario.services}
    for fact in log.facts:
        state, since = current.get(fact.service, ("up", 0.0))
        if state != "up" and fact.t > since:
            spans.setdefault(fact.service, {}).setdefault(state, []).append((since, fact.t))
        current[fact.service] = (fact.to, fact.t)
    for service, (state, since) in current.items():
        if state != "up" and end > since:
            spans.setdefault(service, {}).setdefault(state, []).append((since, end))
    return spans


def services(log: RunLog, spans: dict[str, dict[str, list[Interval]]]) -> dict[str, dict[str, Any]]:
    """The ``services`` section: for every service ``first_down``, ``down_minutes``,
    ``degraded_minutes`` and the extras ``strained_minutes``, ``availability`` (share of
    the run not ``down``) and ``state_at_end``."""
    end = log.duration
    first_down: dict[str, float] = {}
    last: dict[str, str] = {}
    for fact in log.facts:
        if fact.to == "down":
            first_down.setdefault(fact.service, fact.t)
        last[fact.service] = fact.to
    out: dict[str, dict[str, Any]] = {}
    for service in sorted(spans):
        states = spans[service]
        if not states and service not in last:
            out[service] = {
                "first_down": None,
                "down_minutes": 0.0,
                "degraded_minutes": 0.0,
                "strained_minutes": 0.0,
                "availability": 1.0,
                "state_at_end": "up",
            }
            continue
        down = _length(states.get("down", ()))
        out[service] = {
            "first_down": first_down.get(service),
            "down_minutes": r1(down),
            "degraded_minutes": r1(_length(states.get("degraded", ()))),
            "strained_minutes": r1(_length(states.get("strained", ()))),
            "availability": r4(1.0 - down / end) if end > 0 else 1.0,
            "state_at_end": last.get(service, "up"),
        }
    return out


def impact(
    log: RunLog, scenario: Scenario, spans: dict[str, dict[str, list[Interval]]]
) -> dict[str, Any]:
    """The ``impact`` section: ``population_hours`` (services above 0) and
    ``vulnerable_hours``, with the extras ``population_hours_total``,
    ``unmitigated_population_hours``, ``mitigated_population_hours`` and
    ``vulnerable_by_service``."""
    changes = _mitigation_changes(log, scenario)
    population_hours: dict[str, float] = {}
    vulnerable_hours: dict[str, float] = {}
    total = unmitigated = vulnerable_total = 0.0
    for service in sorted(scenario.services, key=lambda s: s.id):
        down = spans.get(service.id, {}).get("down", [])
        if not down:
            continue
        hours = _length(down) / 60.0
        unmitigated += service.population * hours
        weighted = _unmitigated_hours(down, changes.get(service.id, []))
        people = service.population * weighted
        total += people
        if r1(people) > 0:
            population_hours[service.id] = r1(people)
        if service.vulnerable:
            vulnerable = service.vulnerable * hours
            vulnerable_total += vulnerable
            vulnerable_hours[service.id] = r1(vulnerable)
    return {
        "population_hours": population_hours,
        "vulnerable_hours": r1(vulnerable_total),
        "population_hours_total": r1(total),
        "unmitigated_population_hours": r1(unmitigated),
        "mitigated_population_hours": r1(unmitigated - total),
        "vulnerable_by_service": vulnerable_hours,
    }


def _mitigation_changes(log: RunLog, scenario: Scenario) -> dict[str, list[tuple[float, float]]]:
    """Per service, ``(t, mitigating share in effect from t)`` in time order: a task's
    share counts from its ``effective`` until its ``cleared``."""
    mitigates = {
        task.id: [(m.service, m.share) for m in task.mitigates]
        for task in scenario.responsibilities
        if task.mitigates
    }
    active: dict[str, dict[str, float]] = {}
    changes: dict[str, list[tuple[float, float]]] = {}
    for event in log.tasks:
        shares = mitigates.get(event.task)
        if not shares or event.status not in ("effective", "cleared"):
            continue
        for service, share in shares:
            tasks = active.setdefault(service, {})
            if event.status == "effective":
                tasks[event.task] = share
            else:
                tasks.pop(event.task, None)
            total = sum(tasks[task] for task in sorted(tasks))
            changes.setdefault(service, []).append((event.t, total))
    return changes


def _unmitigated_hours(down: list[Interval], changes: list[tuple[float, float]]) -> float:
    """Hours down weighted by ``1 - min(1, mitigating share in effect)``."""
    total = 0.0
    share = 0.0
    index = 0
    count = len(changes)
    for start, stop in down:
        while index < count and changes[index][0] <= start:
            share = changes[index][1]
            index += 1
        cursor = start
        while index < count and changes[index][0] < stop:
            at = changes[index][0]
            total += (at - cursor) * _weight(share)
            cursor = at
            while index < count and changes[index][0] == at:
                share = changes[index][1]
                index += 1
        total += (stop - cursor) * _weight(share)
    return total / 60.0


def _weight(share: float) -> float:
    return 1.0 - min(1.0, max(0.0, share))


def _length(intervals: Any) -> float:
    return float(sum(stop - start for start, stop in intervals))
