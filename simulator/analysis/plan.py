"""An analysis from start to summary: which runs, run where, and what they add up to.

:func:`plan_analysis` fixes the run list before anything runs: ``runs`` runs of the scenario
as written, with seeds derived from the base seed, then every criticality variant with the
first ``criticality_seeds`` of those seeds. :func:`analyse` cuts the list into batches,
hands them to an executor and groups the outcomes by variant in seed order, so the summary
is the same bytes whichever executor ran the batches, and however they were cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.analysis.criticality import criticality
from simulator.analysis.distributions import PERCENTILE_METHOD, outcome_distributions
from simulator.analysis.executors import Executor, ProgressCallback
from simulator.analysis.outcome import Outcome
from simulator.analysis.seeds import SEED_METHOD, derive_seeds
from simulator.analysis.variants import BASE, Variant, all_variants
from simulator.analysis.worker import Workload, batch_size, make_batches

FORMAT = "tabletop-analysis/1"
DEFAULT_CRITICALITY_SEEDS = 8
"""Seeds per criticality variant: enough to average out duration ranges, few enough that
a hundred variants cost less than the main runs of a typical analysis."""
DEFAULT_SERVICE_CAP = 100
"""Services analysed for criticality at most (critical and most populous first)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Every run of an analysis, fixed before any runs."""

    base_seed: int
    runs: int
    criticality_seeds: int
    seeds: tuple[int, ...]
    """``max(runs, criticality_seeds)`` derived seeds."""
    variants: tuple[Variant, ...]
    """Criticality variants, in table order (empty when ``criticality_seeds`` is 0)."""

    def run_list(self) -> list[tuple[Variant, int]]:
        """(variant, seed) of every run: the base runs first, then each variant's."""
        runs = [(BASE, seed) for seed in self.seeds]
        critical_seeds = self.seeds[:self.criticality_seeds]
        for variant in self.variants:
            runs.extend((variant, seed) for seed in critical_seeds)
        return runs


@dataclass(frozen=True, slots=True)
class Analysis:
    """The outcomes of a plan, grouped, and the summary they give."""

    plan: Plan
    base: tuple[Outcome, ...]
    variants: dict[Variant, tuple[Outcome, ...]] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)


def plan_analysis(workload: Workload, runs: int, *, base_seed: int | None = None,
                  criticality_seeds: int = DEFAULT_CRITICALITY_SEEDS,
                  service_cap: int = DEFAULT_SERVICE_CAP) -> Plan:
    """The runs of an analysis of ``workload``'s scenario (``runs`` ≥ 1)."""
    if runs < 1:
        raise ValueError("an analysis needs at least one run")
    scenario = workload.scenario
    seed = scenario.seed if base_seed is None else base_seed
    variants = tuple(all_variants(scenario, service_cap)) if criticality_seeds > 0 else ()
    count = max(runs, criticality_seeds if variants else 0)
    return Plan(seed, runs, criticality_seeds if variants else 0, derive_seeds(seed, count),
                variants)


def analyse(workload: Workload, plan: Plan, executor: Executor,
            progress: ProgressCallback | None = None, *, batch: int | None = None) -> Analysis:
    """Run ``plan`` on ``executor`` and summarise (``batch``: runs per task, default
    :func:`~simulator.analysis.worker.batch_size`)."""
    runs = plan.run_list()
    size = batch or batch_size(len(runs), executor.workers, executor.min_batch)
    outcomes = executor.map(workload, make_batches(runs, size), progress)
    base = tuple(outcomes[:len(plan.seeds)])
    grouped: dict[Variant, tuple[Outcome, ...]] = {}
    k = plan.criticality_seeds
    for index, variant in enumerate(plan.variants):
        start = len(plan.seeds) + index * k
        grouped[variant] = tuple(outcomes[start:start + k])
    return Analysis(plan, base, grouped, summarise(workload, plan, base, grouped))


def summarise(workload: Workload, plan: Plan, base: tuple[Outcome, ...],
              variants: dict[Variant, tuple[Outcome, ...]]) -> dict[str, Any]:
    """The ``summary.json`` object (key order fixed, nothing about the executor)."""
    scenario = workload.scenario
    summary: dict[str, Any] = {
        "format": FORMAT,
        "scenario": scenario.id,
        "seed": plan.base_seed,
        "runs": plan.runs,
        "seeds": {"method": SEED_METHOD, "first": plan.seeds[0]},
        "inputs": len(workload.inputs),
        "percentiles": PERCENTILE_METHOD,
        **outcome_distributions(scenario, workload.layout, base[:plan.runs]),
    }
    if plan.variants:
        summary["criticality"] = criticality(
            scenario, workload.layout, base[:plan.criticality_seeds], variants
        )
    return summary


__all__ = [
    "DEFAULT_CRITICALITY_SEEDS",
    "DEFAULT_SERVICE_CAP",
    "FORMAT",
    "Analysis",
    "Plan",
    "analyse",
    "plan_analysis",
    "summarise",
]
