"""Distributions over the runs of an analysis: what happened, how often, how badly.

Percentiles use the method of the scores (``docs/scoring.md``): linear interpolation
between closest ranks, position ``p × (n − 1)`` of the sorted values (NumPy's default,
``statistics.quantiles(method="inclusive")``). Means are ``math.fsum`` of the values, which
is exactly rounded and so independent of their order. Figures are rounded when written:
minutes, hours and points to 0.1, shares to 0.0001.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from simulator.analysis.outcome import Layout, Outcome
from simulator.model import Scenario
from simulator.scoring.figures import percentile, r1, r4

PERCENTILE_METHOD = (
    "linear interpolation between closest ranks: position p*(n-1) of the sorted values "
    "(NumPy's default; statistics.quantiles(method='inclusive'))"
)


def distribution(values: Iterable[float]) -> dict[str, Any]:
    """``runs``, ``mean``, ``p10``, ``median``, ``p90``, ``min``, ``max`` of ``values``
    (all ``None`` but ``runs`` when there are none)."""
    ordered = sorted(values)
    if not ordered:
        return dict.fromkeys(("mean", "p10", "median", "p90", "min", "max"), None) | {"runs": 0}
    return {
        "runs": len(ordered),
        "mean": r1(math.fsum(ordered) / len(ordered)),
        "p10": _r1(percentile(ordered, 0.1)),
        "median": _r1(percentile(ordered, 0.5)),
        "p90": _r1(percentile(ordered, 0.9)),
        "min": r1(ordered[0]),
        "max": r1(ordered[-1]),
    }


def _r1(value: float | None) -> float | None:
    return None if value is None else r1(value)


def share(count: int, total: int) -> float:
    """``count / total`` rounded to 0.0001 (0 when there is nothing to count)."""
    return r4(count / total) if total else 0.0


def outcome_distributions(scenario: Scenario, layout: Layout,
                          outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """The distribution sections of ``summary.json`` for the main runs."""
    runs = len(outcomes)
    objectives: dict[str, Any] = {}
    for index, objective in enumerate(layout.objectives):
        met = sum(1 for o in outcomes if o.met[index])
        objectives[objective] = {"met_runs": met, "probability": share(met, runs)}
    critical = {s.id for s in scenario.services if s.critical}
    services: dict[str, Any] = {}
    for index, service in enumerate(layout.services):
        downs = [o.first_down[index] for o in outcomes if o.first_down[index] is not None]
        services[service] = {
            "critical": service in critical,
            "down_probability": share(len(downs), runs),
            "down_minutes": distribution(o.down_minutes[index] for o in outcomes),
            "first_down": distribution(t for t in downs if t is not None),
        }
    return {
        "objectives": objectives,
        "services": services,
        "impact": {
            "population_hours": distribution(o.population_hours for o in outcomes),
            "vulnerable_hours": distribution(o.vulnerable_hours for o in outcomes),
            "total": distribution(o.impact for o in outcomes),
        },
        "information_flow": distribution(o.information for o in outcomes),
        "coordination": distribution(o.coordination for o in outcomes),
    }


__all__ = ["PERCENTILE_METHOD", "distribution", "outcome_distributions", "share"]
