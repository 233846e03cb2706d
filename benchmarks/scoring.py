"""How long scoring a run takes, against the run itself.

Scoring must cost less than the simulation it scores: a 72 h run of a generated
10k-service scenario is targeted at <= 0.25 s, and scoring the same run must take less.
This benchmark runs the engine once, then scores its event log several times, and prints
both timings (best of ``--repeat``) and their ratio, measured in the same process: the
machines are noisy, so the ratio is the figure to compare between runs. It also times the
parts of scoring, so a regression points at its module.

    .venv/bin/python benchmarks/scoring.py [--services N] [--repeat K]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

from timing import best_of

from simulator.engine import simulate
from simulator.model import Scenario
from simulator.scoring import score_run
from simulator.scoring.coordination import coordination
from simulator.scoring.facts import read_log
from simulator.scoring.impact import impact, services, state_intervals
from simulator.scoring.information import fact_masks, information_flow
from simulator.scoring.interfaces import interfaces
from simulator.scoring.messages import channels, message_graph
from simulator.scoring.objectives import objectives
from simulator.scoring.relevance import relevance
from simulator.synthetic import generate_scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--failures",
        type=int,
        default=None,
        help="power services failed by the MSEL (default: 3 %% of them)",
    )
    args = parser.parse_args(argv)

    scenario = Scenario.model_validate(
        generate_scenario(args.services, seed=args.seed, failures=args.failures)
    )
    started = time.perf_counter()
    events = simulate(scenario)
    run_seconds = time.perf_counter() - started
    duration = events[-1].t
    score_seconds = best_of(
        args.repeat, lambda: score_run(scenario, events, seed=args.seed, duration=duration)
    )
    score = score_run(scenario, events, seed=args.seed, duration=duration)
    flow = score["information_flow"]
    print(
        f"{args.services} services, {len(scenario.organisations)} organisations, "
        f"{len(events)} events, {score['log']['facts']} facts, "
        f"{flow['relevant']} relevant pairs, {len(flow['interfaces'])} interfaces"
    )
    print(f"run      {run_seconds * 1000:8.1f} ms (once)")
    print(f"scoring  {score_seconds * 1000:8.1f} ms (best of {args.repeat})")
    print(f"ratio    {score_seconds / run_seconds:8.2f} (scoring / run; must be < 1)")

    log = read_log(events, duration)
    rel = relevance(scenario)
    masks = fact_masks(log, rel)
    spans = state_intervals(log, scenario)
    parts: dict[str, Callable[[], Any]] = {
        "read_log": lambda: read_log(events, duration),
        "relevance": lambda: relevance(scenario),
        "fact_masks": lambda: fact_masks(log, rel),
        "services+impact": lambda: (
            services(log, state_intervals(log, scenario)),
            impact(log, scenario, spans),
        ),
        "objectives": lambda: objectives(log, scenario),
        "information_flow": lambda: information_flow(log, rel, masks),
        "interfaces": lambda: interfaces(log, rel, masks),
        "message_graph": lambda: message_graph(log, rel, masks),
        "channels": lambda: channels(log, scenario),
        "coordination": lambda: coordination(log, scenario),
    }
    for name, action in parts.items():
        print(f"  {name:<18}{best_of(args.repeat, action) * 1000:8.1f} ms")
    return 0 if score_seconds < run_seconds else 1


if __name__ == "__main__":
    sys.exit(main())
