"""How long writing an after-action report takes, against the run it reports on.

Target: the report of a 72 h drill of a built-in scenario is written in < 2 s. This
benchmark runs ``long-power-outage`` (72 h) headless into a temporary run folder the way
``tabletop run`` does, then writes its HTML and Markdown reports several times, all in one
process, and prints the run time, the best report times and their ratio (the machines are
noisy: compare ratios, not absolute times), with the timer's resolution.

    .venv/bin/python benchmarks/report.py [--scenario ID] [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from timing import best_of

from reports.render import write_report
from simulator.engine import Run
from simulator.events import event_json
from simulator.journal import make_header, write_journal
from simulator.library import resolve_scenario
from simulator.loader import load_scenario
from simulator.scoring import score_run

TARGET_SECONDS = 2.0


def make_run(scenario_id: str, folder: Path) -> float:
    """Run the scenario into ``folder`` (events, score, journal); return the run's seconds."""
    loaded = load_scenario(resolve_scenario(scenario_id))
    scenario = loaded.scenario
    started = time.perf_counter()
    run = Run(scenario, seed=scenario.seed)
    with (folder / "events.jsonl").open("w", encoding="utf-8") as events_file:
        run.subscribe(lambda event: events_file.write(event_json(event) + "\n"))
        events = run.run_to_end()
    score = score_run(scenario, events, seed=scenario.seed, duration=run.duration)
    (folder / "score.json").write_text(json.dumps(score, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    seconds = time.perf_counter() - started
    header = make_header(str(loaded.path), loaded.sha256, scenario.seed,
                         "2026-01-16T18:00:00+02:00", scenario_id=scenario.id, mode="run")
    write_journal(folder / "journal.jsonl", header, ())
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scenario", default="long-power-outage")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    resolution = time.get_clock_info("perf_counter").resolution
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run_seconds = make_run(args.scenario, folder)
        events = sum(1 for _ in (folder / "events.jsonl").open(encoding="utf-8"))
        started = time.perf_counter()
        write_report(folder, "html", "fi", folder / "first.html")
        first = time.perf_counter() - started
        html = best_of(args.repeat, lambda: write_report(folder, "html", "fi",
                                                         folder / "report.html"))
        md = best_of(args.repeat, lambda: write_report(folder, "md", "en", folder / "report.md"))
        size = (folder / "report.html").stat().st_size
    print(f"{args.scenario}: 72 h run, {events} events; timer resolution {resolution:.1e} s")
    print(f"run (simulate + score)  {run_seconds * 1000:8.1f} ms (once)")
    print(f"report html, first      {first * 1000:8.1f} ms (templates compiled)")
    print(f"report html             {html * 1000:8.1f} ms (best of {args.repeat}; {size} bytes)")
    print(f"report md + svg         {md * 1000:8.1f} ms (best of {args.repeat})")
    print(f"ratio html / run        {html / run_seconds:8.2f}")
    print(f"target                  {TARGET_SECONDS * 1000:8.1f} ms: "
          f"{'met' if max(first, html, md) < TARGET_SECONDS else 'MISSED'}")
    return 0 if max(first, html, md) < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
