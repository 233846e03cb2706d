"""Criticality: how much worse things get when one service fails or one agreement is missing.

Each variant (see :mod:`.variants`) runs with the same few seeds as the baseline (common
random numbers: the first seeds of the analysis), so a difference comes from the change,
not from different draws. A row compares the variant's means with the baseline's:

- ``delta_impact``: change of the mean *impact* = population-hours + vulnerable-client-hours
  (person-hours without a service, the two figures of ``score.json``'s ``impact`` added
  unweighted), with its two parts alongside;
- ``objectives_lost``: the expected number of objectives no longer met = the sum over
  objectives of (baseline − variant) probability of being met (negative: more met), and
  ``objectives_changed``, each objective whose probability changed;
- ``delta_information``, ``delta_coordination``: change of the mean scores.

Services are ranked by ``delta_impact``, then ``objectives_lost`` (what a failure costs
residents comes first); agreements by ``objectives_lost``, then ``delta_impact`` (an
agreement's first job is that the region meets what it set out to do: "what must we agree
on first?"). Remaining ties go by kind, then id. Rankings use the rounded figures shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.analysis.outcome import Layout, Outcome
from simulator.analysis.variants import Variant
from simulator.model import Scenario
from simulator.scoring.figures import r1, r4


@dataclass(frozen=True, slots=True)
class Means:
    """Mean figures of a set of runs."""

    population_hours: float
    vulnerable_hours: float
    met: tuple[float, ...]
    information: float
    coordination: float

    @property
    def impact(self) -> float:
        return self.population_hours + self.vulnerable_hours

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Means:
        n = len(outcomes)

        def mean(values: list[float]) -> float:
            return math.fsum(values) / n if n else 0.0

        objectives = len(outcomes[0].met) if outcomes else 0
        return cls(
            mean([o.population_hours for o in outcomes]),
            mean([o.vulnerable_hours for o in outcomes]),
            tuple(mean([float(o.met[i]) for o in outcomes]) for i in range(objectives)),
            mean([o.information for o in outcomes]),
            mean([o.coordination for o in outcomes]),
        )

    def as_dict(self, layout: Layout) -> dict[str, Any]:
        return {
            "impact": r1(self.impact),
            "population_hours": r1(self.population_hours),
            "vulnerable_hours": r1(self.vulnerable_hours),
            "objectives_met": r4(math.fsum(self.met)),
            "objectives": {o: r4(p) for o, p in zip(layout.objectives, self.met, strict=True)},
            "information": r1(self.information),
            "coordination": r1(self.coordination),
        }


def compare(variant: Variant, base: Means, changed: Means, layout: Layout) -> dict[str, Any]:
    """One criticality row: ``variant``'s means against the baseline's."""
    objectives = [
        {"objective": o, "baseline": r4(p0), "variant": r4(p1)}
        for o, p0, p1 in zip(layout.objectives, base.met, changed.met, strict=True)
        if r4(p0) != r4(p1)
    ]
    return {
        "kind": variant.kind,
        "id": variant.target,
        "impact": r1(changed.impact),
        "delta_impact": r1(changed.impact - base.impact),
        "delta_population_hours": r1(changed.population_hours - base.population_hours),
        "delta_vulnerable_hours": r1(changed.vulnerable_hours - base.vulnerable_hours),
        "objectives_lost": r4(math.fsum(base.met) - math.fsum(changed.met)),
        "objectives_changed": objectives,
        "delta_information": r1(changed.information - base.information),
        "delta_coordination": r1(changed.coordination - base.coordination),
    }


KIND_ORDER = {"fail": 0, "halve": 1, "rule": 2, "responsibility": 3}


def ranked(rows: list[dict[str, Any]], *, objectives_first: bool) -> list[dict[str, Any]]:
    """``rows`` sorted worst first, each given its ``rank`` (1 = matters most)."""
    def key(row: dict[str, Any]) -> tuple[float, float, int, str]:
        first, second = -row["delta_impact"], -row["objectives_lost"]
        if objectives_first:
            first, second = second, first
        return (first, second, KIND_ORDER[row["kind"]], row["id"])

    ordered = sorted(rows, key=key)
    return [{"rank": i, **row} for i, row in enumerate(ordered, start=1)]


def criticality(scenario: Scenario, layout: Layout, base: Sequence[Outcome],
                variants: Mapping[Variant, Sequence[Outcome]]) -> dict[str, Any]:
    """The ``criticality`` section of ``summary.json``."""
    baseline = Means.of(base)
    critical = {s.id for s in scenario.services if s.critical}
    rules = {r.id: r.do for r in scenario.playbook}
    tables: dict[str, list[dict[str, Any]]] = {"fail": [], "halve": [], "agreements": []}
    for variant, outcomes in variants.items():
        row = compare(variant, baseline, Means.of(outcomes), layout)
        if variant.kind in ("fail", "halve"):
            row["critical"] = variant.target in critical
            tables[variant.kind].append(row)
        else:
            row["do"] = rules.get(variant.target) if variant.kind == "rule" else None
            tables["agreements"].append(row)
    return {
        "seeds": len(base),
        "impact": "population-hours + vulnerable-client-hours",
        "baseline": baseline.as_dict(layout),
        "services_failed": ranked(tables["fail"], objectives_first=False),
        "reserves_halved": ranked(tables["halve"], objectives_first=False),
        "agreements": ranked(tables["agreements"], objectives_first=True),
    }


__all__ = ["Means", "compare", "criticality", "ranked"]
