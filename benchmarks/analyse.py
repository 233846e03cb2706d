"""Monte Carlo benchmark: 1,000 runs of a built-in scenario, serial against a process pool.

Measured in one run (the machines are noisy, ±10–20 %: compare the ratios, not absolute
times between runs): the serial time, the time with ``--workers`` processes (pool start-up
included), the speed-up and parallel efficiency (speed-up / workers), and the dispatch
overhead: pool start-up plus the measured round trip of an empty task times the number of
tasks, as a share of the parallel total. Targets on 2 cores: efficiency >= 0.85
(speed-up >= 1.7x), dispatch <= 2 %, 1,000 runs < 30 s.

It also shows that per-run set-up is not repeated: parsing, validation, graph building and
compiling are counted in the worker processes (counting wrappers installed before the pool
forks, with counters in shared memory), against the runs they did. Both executors must give
the same ``summary.json`` bytes.

    .venv/bin/python benchmarks/analyse.py [--scenario long-power-outage] [--runs 1000]
                                           [--workers 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import time
from collections.abc import Callable
from typing import Any

import simulator.analysis.worker as worker_module
import simulator.engine as engine_module
import simulator.graph as graph_module
import simulator.loader as loader_module
import simulator.scoring as scoring_module
from simulator.analysis import ProcessExecutor, SerialExecutor, Workload, analyse, plan_analysis
from simulator.analysis.worker import Batch, batch_size
from simulator.library import resolve_scenario
from simulator.model import Scenario

COUNTED = ("load_scenario", "model_validate", "DependencyGraph", "compile_scenario",
           "relevance", "Run")


def install_counters() -> Any:
    """Count calls of the set-up functions in every process forked after this."""
    counts = multiprocessing.get_context("fork").Array("l", len(COUNTED), lock=True)

    def counting(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        index = COUNTED.index(name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with counts.get_lock():
                counts[index] += 1
            return original(*args, **kwargs)
        return wrapper

    loader_module.load_scenario = counting("load_scenario", loader_module.load_scenario)
    validate = Scenario.model_validate.__func__  # type: ignore[attr-defined]
    Scenario.model_validate = classmethod(  # type: ignore[method-assign,assignment]
        counting("model_validate", validate))
    graph_init = graph_module.DependencyGraph.__init__
    graph_module.DependencyGraph.__init__ = counting(  # type: ignore[method-assign]
        "DependencyGraph", graph_init)
    compile_counter = counting("compile_scenario", worker_module.compile_scenario)
    worker_module.compile_scenario = compile_counter
    engine_module.compile_scenario = compile_counter  # type: ignore[attr-defined]
    scoring_module.relevance = counting("relevance", scoring_module.relevance)  # type: ignore
    run_init = engine_module.Run.__init__
    engine_module.Run.__init__ = counting("Run", run_init)  # type: ignore[method-assign]
    return counts


def _children_cpu() -> float:
    """CPU seconds of the reaped child processes (the pool's workers, once joined)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def dispatch_cost(workers: int, tasks: int, workload: Workload) -> tuple[float, float]:
    """(pool start-up + shut-down s, round trip of one empty task s) of a process pool."""
    started = time.perf_counter()
    ProcessExecutor(workers).map(workload, [])
    startup = time.perf_counter() - started
    empty = [Batch(i, ()) for i in range(tasks)]
    started = time.perf_counter()
    ProcessExecutor(workers).map(workload, empty)
    per_task = max(0.0, time.perf_counter() - started - startup) / tasks
    return startup, per_task


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scenario", default="long-power-outage")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1,
                        help="alternate serial and pool this many times; report the best of each")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]

    resolution = time.get_clock_info("perf_counter").resolution
    started = time.perf_counter()
    loaded = loader_module.load_scenario(resolve_scenario(args.scenario))
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    workload = Workload(loaded.scenario)
    compile_s = time.perf_counter() - started
    plan = plan_analysis(workload, args.runs, criticality_seeds=0)
    print(f"{args.scenario}: {len(loaded.scenario.services)} services, {args.runs} runs, "
          f"timer resolution {resolution * 1e9:.0f} ns")
    print(f"  once, in the parent: load + validate {load_s * 1e3:.1f} ms, "
          f"compile {compile_s * 1e3:.2f} ms")

    counts = install_counters()
    pool = ProcessExecutor(args.workers)
    size = batch_size(args.runs, pool.workers, pool.min_batch)
    tasks = -(-args.runs // size)
    serial_s = pool_s = serial_cpu = pool_cpu = float("inf")
    for _ in range(max(1, args.repeat)):
        for i in range(len(COUNTED)):
            counts[i] = 0
        cpu, started = time.process_time(), time.perf_counter()
        serial_summary = analyse(workload, plan, SerialExecutor()).summary
        serial_s = min(serial_s, time.perf_counter() - started)
        serial_cpu = min(serial_cpu, time.process_time() - cpu)
        serial_counts = list(counts)
        for i in range(len(COUNTED)):
            counts[i] = 0
        cpu, children, started = time.process_time(), _children_cpu(), time.perf_counter()
        pool_summary = analyse(workload, plan, pool).summary
        pool_s = min(pool_s, time.perf_counter() - started)
        pool_cpu = min(pool_cpu, time.process_time() - cpu + _children_cpu() - children)
        pool_counts = list(counts)
    startup, per_task = dispatch_cost(args.workers, 200, workload)

    same = json.dumps(serial_summary).encode() == json.dumps(pool_summary).encode()
    speedup = serial_s / pool_s
    efficiency = speedup / args.workers
    dispatch = startup + tasks * per_task
    print(f"  serial:          {serial_s:7.2f} s  ({serial_s / args.runs * 1e3:.2f} ms per run)")
    print(f"  {args.workers} workers:       {pool_s:7.2f} s  "
          f"({tasks} tasks of {size} runs)")
    print(f"  speed-up {speedup:.2f}x, parallel efficiency {efficiency:.2f} per core "
          f"(target >= 0.85)")
    print(f"  CPU time: serial {serial_cpu:.2f} s, pool {pool_cpu:.2f} s (parent + workers): "
          f"work efficiency {serial_cpu / pool_cpu:.2f} — the speed-up 2 free cores would give "
          f"is about {args.workers * serial_cpu / pool_cpu:.2f}x less the tail of the last batch")
    print(f"  dispatch: pool start-up + shut-down {startup * 1e3:.1f} ms, "
          f"{per_task * 1e3:.3f} ms per task x {tasks} = {dispatch * 1e3:.1f} ms, "
          f"{100 * dispatch / pool_s:.2f} % of the total (target <= 2 %)")
    print(f"  {args.runs} runs on {args.workers} workers < 30 s: "
          f"{'yes' if pool_s < 30 else 'NO'}; summaries identical: {'yes' if same else 'NO'}")
    print("  set-up calls (serial, in-process | pool, in the workers):")
    for name, a, b in zip(COUNTED, serial_counts, pool_counts, strict=True):
        print(f"    {name:17s} {a:6d} | {b:6d}")
    print(f"  variants prepared per worker process: {pool.preparations} "
          f"(the workload arrives once per process, at fork)")
    print(f"  load average (1 min) before {load_before:.2f}, after {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} CPUs: above ~0.2 other work shared the cores; use --repeat")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
