"""What a worker does: run batches of (variant, seed) pairs against a model it holds.

The scenario is loaded and validated once, by the command; a :class:`Workload` carries the
validated scenario, its compiled form and the facilitator inputs to every worker once (a
process pool's initializer, or a Dask ``scatter``). A worker then prepares each variant at
most once (a ``model_copy`` and a compile, no parsing) and keeps it for every later batch,
so the per-run cost is the run and its scoring alone. Runs go in :class:`Batch` es of many
runs, so the cost of sending a task stays a small share of the work it carries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.analysis.outcome import Layout, Outcome, outcome_from_score
from simulator.analysis.variants import BASE, Variant, apply_variant
from simulator.compiled import CompiledScenario, compile_scenario
from simulator.engine import Run
from simulator.inputs import Input
from simulator.model import Scenario
from simulator.scoring import score_run

MAX_BATCH = 100
"""Runs per task at most: beyond this a batch only hurts load balance and the progress bar."""
TASKS_PER_WORKER = 16
"""Tasks per worker aimed at: the last batch to finish, while other workers may idle, is
then about 1/16 of a worker's share (a pool task costs ~0.05–0.2 ms to send)."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A variant ready to run: its scenario (for scoring), compiled model and inputs."""

    scenario: Scenario
    compiled: CompiledScenario
    inputs: tuple[Input, ...]


@dataclass(frozen=True, slots=True)
class Batch:
    """One task: consecutive runs of the analysis' run list, from ``start``."""

    start: int
    runs: tuple[tuple[Variant, int], ...]


class Workload:
    """The validated model and inputs every worker receives once.

    Prepared variants are cached on the object in each process and are not pickled with it.
    """

    def __init__(self, scenario: Scenario, inputs: Iterable[Input] = ()) -> None:
        self.scenario = scenario
        self.inputs = tuple(inputs)
        self.layout = Layout.of(scenario)
        self.compiled = compile_scenario(scenario)
        self._prepared: dict[Variant, Prepared] = {}
        self.preparations = 0
        """How many variants this process has prepared (compiled): at most one each."""

    def __getstate__(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "inputs": self.inputs, "layout": self.layout,
                "compiled": self.compiled}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._prepared = {}
        self.preparations = 0

    def prepared(self, variant: Variant) -> Prepared:
        """``variant`` ready to run, prepared once per process."""
        found = self._prepared.get(variant)
        if found is None:
            scenario, extra = apply_variant(self.scenario, variant)
            compiled = self.compiled if scenario is self.scenario else compile_scenario(scenario)
            found = Prepared(scenario, compiled, extra + self.inputs)
            self._prepared[variant] = found
            self.preparations += 1
        return found

    def run_one(self, variant: Variant, seed: int) -> Outcome:
        """One run of ``variant`` with ``seed``, scored and reduced to an :class:`Outcome`."""
        ready = self.prepared(variant)
        run = Run(ready.compiled, seed=seed, inputs=ready.inputs)
        events = run.run_to_end()
        score = score_run(ready.scenario, events, seed=seed, duration=run.duration)
        return outcome_from_score(score, self.layout)

    def run_batch(self, batch: Batch) -> list[Outcome]:
        return [self.run_one(variant, seed) for variant, seed in batch.runs]


def batch_size(runs: int, workers: int, minimum: int = 1) -> int:
    """Runs per task: about :data:`TASKS_PER_WORKER` tasks per worker, at least ``minimum``
    (amortising the executor's per-task cost), at most :data:`MAX_BATCH`, never more than
    ``runs``."""
    size = math.ceil(runs / max(1, workers * TASKS_PER_WORKER))
    return max(1, min(runs, max(minimum, min(MAX_BATCH, size))))


def make_batches(runs: Sequence[tuple[Variant, int]], size: int) -> list[Batch]:
    """``runs`` cut into consecutive batches of ``size`` (the last may be shorter)."""
    return [Batch(start, tuple(runs[start:start + size])) for start in range(0, len(runs), size)]


# --- the process-global workload of a pool worker ----------------------------------------

_WORKLOAD: Workload | None = None


def init_worker(workload: Workload) -> None:
    """Pool initializer: keep the workload for every task this process runs."""
    global _WORKLOAD
    _WORKLOAD = workload


def run_pool_batch(batch: Batch) -> tuple[int, list[Outcome], int]:
    """Run a batch with the process' workload: (start, outcomes, preparations so far)."""
    assert _WORKLOAD is not None, "init_worker was not called"
    return batch.start, _WORKLOAD.run_batch(batch), _WORKLOAD.preparations


def run_dask_batch(workload: Workload, batch: Batch) -> tuple[int, list[Outcome], int]:
    """Run a batch on a Dask worker, which keeps the scattered workload in memory."""
    return batch.start, workload.run_batch(batch), workload.preparations


__all__ = [
    "BASE",
    "MAX_BATCH",
    "TASKS_PER_WORKER",
    "Batch",
    "Prepared",
    "Workload",
    "batch_size",
    "init_worker",
    "make_batches",
    "run_dask_batch",
    "run_pool_batch",
]
