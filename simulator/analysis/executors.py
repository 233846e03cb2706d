"""Where the runs of an analysis execute: in this process, a local process pool, or Dask.

Every executor takes the same :class:`~simulator.analysis.worker.Workload` and batches and
returns the outcomes in run order, whatever order the batches finished in, so an analysis
is identical whichever executor ran it. The workload reaches each worker once: the pool's
initializer (inherited at ``fork`` where the platform has it, otherwise pickled once per
process), or one Dask ``scatter`` with ``broadcast=True``; batches then carry only
(variant, seed) pairs.

The default is a local process pool (start-up ~12 ms); Dask costs ~2 ms per task and ~1 s to
start, so it is for a real cluster (``tabletop[cluster]``), imported only when used.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from simulator.analysis.outcome import Outcome
from simulator.analysis.worker import (
    Batch,
    Workload,
    init_worker,
    run_dask_batch,
    run_pool_batch,
)

ProgressCallback = Callable[[int], None]
"""Called with the number of runs just finished, as batches complete."""

DASK_MIN_BATCH = 25
"""Runs per Dask task at least: its ~2 ms per task stays below 2 % of 25 runs of ~5 ms."""


class ExecutorError(RuntimeError):
    """The executor could not start (no Dask installed, no scheduler at the address)."""


class Executor(Protocol):
    """Runs batches of a workload and returns their outcomes in run order."""

    name: str
    workers: int
    min_batch: int
    preparations: int
    """After :meth:`map`: the most variants any one worker process prepared."""

    def map(self, workload: Workload, batches: Sequence[Batch],
            progress: ProgressCallback | None = None) -> list[Outcome]: ...


def _in_order(results: dict[int, list[Outcome]]) -> list[Outcome]:
    return [outcome for start in sorted(results) for outcome in results[start]]


class SerialExecutor:
    """Every run in this process, one after the other (the reference)."""

    name = "serial"
    workers = 1
    min_batch = 1

    def __init__(self) -> None:
        self.preparations = 0

    def map(self, workload: Workload, batches: Sequence[Batch],
            progress: ProgressCallback | None = None) -> list[Outcome]:
        results: dict[int, list[Outcome]] = {}
        for batch in batches:
            results[batch.start] = workload.run_batch(batch)
            if progress is not None:
                progress(len(batch.runs))
        self.preparations = workload.preparations
        return _in_order(results)


class ProcessExecutor:
    """A local ``multiprocessing`` pool of ``workers`` processes (default: CPU count)."""

    name = "process-pool"
    min_batch = 1

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.preparations = 0

    def map(self, workload: Workload, batches: Sequence[Batch],
            progress: ProgressCallback | None = None) -> list[Outcome]:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        results: dict[int, list[Outcome]] = {}
        prepared = 0
        pool = context.Pool(self.workers, initializer=init_worker, initargs=(workload,))
        try:
            for start, outcomes, count in pool.imap_unordered(run_pool_batch, batches):
                results[start] = outcomes
                prepared = max(prepared, count)
                if progress is not None:
                    progress(len(outcomes))
            pool.close()
        finally:
            pool.terminate()
            pool.join()
        self.preparations = prepared
        return _in_order(results)


class DaskExecutor:
    """Batches sent to a Dask distributed scheduler at ``address`` (``tcp://HOST:PORT``).

    Workers need this package installed (the ``tabletop[cluster]`` extra) to unpickle the
    workload and run batches.
    """

    name = "dask"
    min_batch = DASK_MIN_BATCH

    def __init__(self, address: str, *, timeout: float = 10.0) -> None:
        self.address = address
        self.timeout = timeout
        self.workers = 1
        self.preparations = 0
        self._client: Any = None

    def connect(self) -> None:
        """Connect to the scheduler and learn how many worker threads it has."""
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise ExecutorError(
                "--cluster needs Dask distributed: pip install 'tabletop[cluster]'"
            ) from None
        try:
            self._client = distributed.Client(self.address, timeout=self.timeout)
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(f"cannot reach the Dask scheduler at {self.address}: {exc}") \
                from None
        threads = self._client.nthreads()
        self.workers = max(1, sum(threads.values()))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def map(self, workload: Workload, batches: Sequence[Batch],
            progress: ProgressCallback | None = None) -> list[Outcome]:
        if self._client is None:
            self.connect()
        as_completed = importlib.import_module("distributed").as_completed
        client = self._client
        scattered = client.scatter(workload, broadcast=True, hash=False)
        futures = [client.submit(run_dask_batch, scattered, batch, pure=False)
                   for batch in batches]
        results: dict[int, list[Outcome]] = {}
        prepared = 0
        try:
            for future in as_completed(futures):
                start, outcomes, count = future.result()
                results[start] = outcomes
                prepared = max(prepared, count)
                if progress is not None:
                    progress(len(outcomes))
        finally:
            client.cancel([*futures, scattered])
        self.preparations = prepared
        return _in_order(results)


def make_executor(workers: int | None = None, cluster: str | None = None) -> Executor:
    """Dask when ``cluster`` is given; serial for one worker; else a process pool."""
    if cluster is not None:
        return DaskExecutor(cluster)
    count = max(1, workers or os.cpu_count() or 1)
    return SerialExecutor() if count == 1 else ProcessExecutor(count)


__all__ = [
    "DASK_MIN_BATCH",
    "DaskExecutor",
    "Executor",
    "ExecutorError",
    "ProcessExecutor",
    "ProgressCallback",
    "SerialExecutor",
    "make_executor",
]
