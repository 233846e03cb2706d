"""Results are identical whichever executor ran them: serial, a local process pool, and a
real Dask ``LocalCluster`` of two worker processes give the same summary, byte for byte."""

from __future__ import annotations

import json

import pytest

from simulator.analysis import (
    Analysis,
    DaskExecutor,
    Executor,
    ProcessExecutor,
    SerialExecutor,
    Workload,
    analyse,
    plan_analysis,
)
from simulator.inputs import AdHocInject
from tests.simulator.test_analysis_helpers import hub_scenario

RUNS = 12


def _analyse(executor: Executor, batch: int | None = None) -> tuple[Analysis, bytes]:
    workload = Workload(hub_scenario(), [AdHocInject(300.0, "fail", target="phones")])
    plan = plan_analysis(workload, RUNS, criticality_seeds=2)
    analysis = analyse(workload, plan, executor, batch=batch)
    return analysis, json.dumps(analysis.summary, ensure_ascii=False, indent=2).encode()


@pytest.fixture(scope="module")
def serial() -> tuple[Analysis, bytes]:
    return _analyse(SerialExecutor())


def test_serial_is_reproducible_and_batching_changes_nothing(
        serial: tuple[Analysis, bytes]) -> None:
    analysis, reference = serial
    assert analysis.summary["inputs"] == 1
    assert len(analysis.base) == RUNS
    assert [o.seed for o in analysis.base] == list(analysis.plan.seeds)
    assert _analyse(SerialExecutor(), batch=5)[1] == reference


def test_process_pool_gives_identical_summary(serial: tuple[Analysis, bytes]) -> None:
    executor = ProcessExecutor(2)
    progress: list[int] = []
    workload = Workload(hub_scenario(), [AdHocInject(300.0, "fail", target="phones")])
    plan = plan_analysis(workload, RUNS, criticality_seeds=2)
    analysis = analyse(workload, plan, executor, progress.append, batch=3)
    data = json.dumps(analysis.summary, ensure_ascii=False, indent=2).encode()
    assert data == serial[1]
    assert analysis.base == serial[0].base
    assert sum(progress) == len(plan.run_list()) and max(progress) == 3
    # each worker prepared each variant at most once, not once per run or batch
    assert 1 <= executor.preparations <= 1 + len(plan.variants)


def test_dask_local_cluster_gives_identical_summary(serial: tuple[Analysis, bytes]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            executor.connect()
            assert executor.workers == 2
            analysis, data = _analyse(executor, batch=4)
        finally:
            executor.close()
    assert data == serial[1]
    assert analysis.base == serial[0].base
    assert 1 <= executor.preparations <= 1 + len(analysis.plan.variants)
