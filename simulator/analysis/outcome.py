"""One run reduced to the few numbers an analysis aggregates.

A ``score.json`` is a large nested object; a Monte Carlo analysis of a thousand runs needs
only a handful of its figures, and they travel back from worker processes or a cluster.
:class:`Outcome` is that flat, immutable record (in the spirit of Ciw's records): which
objectives were met, when and how long the tracked services were down, the impact, and
the information-flow and coordination scores. The tuples follow a :class:`Layout` fixed by
the scenario, so a record carries no ids.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from simulator.model import Scenario


@dataclass(frozen=True, slots=True)
class Layout:
    """Which objectives and services an outcome's tuples stand for, in scenario order."""

    objectives: tuple[str, ...]
    services: tuple[str, ...]
    """The critical services; every service when the scenario marks none critical."""

    @classmethod
    def of(cls, scenario: Scenario) -> Layout:
        critical = tuple(s.id for s in scenario.services if s.critical)
        services = critical or tuple(s.id for s in scenario.services)
        return cls(tuple(o.id for o in scenario.objectives), services)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The figures of one run that an analysis aggregates."""

    seed: int
    met: tuple[bool, ...]
    """Per objective of the layout: met."""
    first_down: tuple[float | None, ...]
    """Per tracked service: minutes to its first ``down``, None when it never went down."""
    down_minutes: tuple[float, ...]
    """Per tracked service: minutes spent ``down``."""
    population_hours: float
    """``impact.population_hours_total``: resident-hours without a service, mitigated."""
    vulnerable_hours: float
    """``impact.vulnerable_hours``: vulnerable-client-hours without a service."""
    information: float
    """``information_flow.score`` (0–100)."""
    coordination: float
    """``coordination.score`` (0–100)."""

    @property
    def impact(self) -> float:
        """Total impact: population-hours + vulnerable-client-hours (person-hours)."""
        return self.population_hours + self.vulnerable_hours


def outcome_from_score(score: dict[str, Any], layout: Layout) -> Outcome:
    """The :class:`Outcome` of a run from its ``score_run`` object."""
    objectives = score["objectives"]
    services = score["services"]
    impact = score["impact"]
    population = impact.get("population_hours_total")
    if population is None:
        population = math.fsum(sorted(impact["population_hours"].values()))
    return Outcome(
        seed=int(score["seed"]),
        met=tuple(bool(objectives[o]["met"]) for o in layout.objectives),
        first_down=tuple(
            None if services[s]["first_down"] is None else float(services[s]["first_down"])
            for s in layout.services
        ),
        down_minutes=tuple(float(services[s]["down_minutes"]) for s in layout.services),
        population_hours=float(population),
        vulnerable_hours=float(impact["vulnerable_hours"]),
        information=float(score["information_flow"]["score"]),
        coordination=float(score["coordination"]["score"]),
    )


__all__ = ["Layout", "Outcome", "outcome_from_score"]
