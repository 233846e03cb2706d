"""Monte Carlo analysis: many runs with derived seeds, their distributions, and which
services and agreements matter most.

The pure core of ``tabletop analyse``: :mod:`.seeds` (reproducible seeds), :mod:`.outcome`
(one run as a flat record), :mod:`.variants` (the what-ifs), :mod:`.worker` (batches run
against a model sent once), :mod:`.executors` (serial, process pool, Dask), :mod:`.plan`
(the run list and the summary), :mod:`.distributions`, :mod:`.criticality` and
:mod:`.tables` (CSV rows and the report section). The method is in ``docs/analysis.md``.
"""

from __future__ import annotations

from simulator.analysis.executors import (
    DaskExecutor,
    Executor,
    ExecutorError,
    ProcessExecutor,
    SerialExecutor,
    make_executor,
)
from simulator.analysis.outcome import Layout, Outcome, outcome_from_score
from simulator.analysis.plan import Analysis, Plan, analyse, plan_analysis
from simulator.analysis.seeds import derive_seeds
from simulator.analysis.variants import Variant, apply_variant
from simulator.analysis.worker import Workload

__all__ = [
    "Analysis",
    "DaskExecutor",
    "Executor",
    "ExecutorError",
    "Layout",
    "Outcome",
    "Plan",
    "ProcessExecutor",
    "SerialExecutor",
    "Variant",
    "Workload",
    "analyse",
    "apply_variant",
    "derive_seeds",
    "make_executor",
    "outcome_from_score",
    "plan_analysis",
]
