"""``tabletop analyse``: Monte Carlo runs, their distributions, and what matters most.

Loads and validates the scenario once, runs it ``--runs`` times with seeds derived from its
seed (plus the criticality variants) on a local process pool, or on a Dask cluster with
``--cluster``, and writes ``summary.json``, CSV tables and ``report-section.md`` into the
output folder. A progress bar with an ETA shows on stderr while it runs.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

from tui.i18n import N_, _

HELP = N_("many runs with varied seeds (Monte Carlo): distributions of the scores and outcomes, "
        "and which services and agreements matter most")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help=_("scenario file or built-in scenario id"))
    parser.add_argument("--runs", type=int, required=True, metavar="N",
                        help=_("runs of the scenario as written (seeds derived from its seed)"))
    parser.add_argument("--workers", type=int, default=None, metavar="K",
                        help=_("local worker processes (default: the CPU count; 1 = no pool)"))
    parser.add_argument("--cluster", default=None, metavar="ADDRESS",
                        help=_("a Dask distributed scheduler, tcp://HOST:PORT (tabletop[cluster])"))
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help=_("output folder "
                             "(default: runs/<scenario-id>-analysis-<YYYYmmdd-HHMMSS>/)"))
    parser.add_argument("--inputs", type=Path, default=None, metavar="JOURNAL",
                        help=_("apply the facilitator inputs of this journal in every run"))
    parser.add_argument("--seed", type=int, default=None,
                        help=_("base seed the run seeds are derived from "
                               "(default: the scenario's)"))
    parser.add_argument("--criticality-seeds", type=int, default=None, metavar="K",
                        help=_("seeds per criticality variant (default 8; 0 = no criticality)"))


def main(args: argparse.Namespace) -> int:
    from simulator.analysis import ExecutorError, Workload, analyse, make_executor, plan_analysis
    from simulator.analysis.plan import DEFAULT_CRITICALITY_SEEDS
    from tui.commands.common import (
        default_run_folder,
        display_path,
        fail,
        load,
        read_inputs,
        timestamp,
    )

    for flag, value, least in (("--runs", args.runs, 1), ("--workers", args.workers, 1),
                               ("--criticality-seeds", args.criticality_seeds, 0)):
        if value is not None and value < least:
            return fail(f"{flag} must be at least {least}; got {value}")
    loaded = load(args.scenario)
    scenario = loaded.scenario
    inputs = read_inputs(args.inputs, scenario)

    workload = Workload(scenario, inputs)
    criticality = (DEFAULT_CRITICALITY_SEEDS if args.criticality_seeds is None
                   else args.criticality_seeds)
    plan = plan_analysis(workload, args.runs, base_seed=args.seed,
                         criticality_seeds=criticality)
    executor = make_executor(args.workers, args.cluster)
    try:
        if args.cluster is not None:
            executor.connect()  # type: ignore[attr-defined]
        analysis = _with_progress(lambda progress: analyse(workload, plan, executor, progress),
                                  len(plan.run_list()), executor)
    except ExecutorError as exc:
        return fail(str(exc))
    finally:
        close = getattr(executor, "close", None)
        if close is not None:
            close()

    out: Path = args.out or default_run_folder(f"{scenario.id}-analysis", timestamp())
    written = write_outputs(out, analysis)
    print(summary_lines(analysis.summary, display_path(out), written))
    return 0


def _with_progress(work: Any, total: int, executor: Any) -> Any:
    """Run ``work(progress)`` under a Rich progress bar with an ETA on stderr.

    The bar is refreshed from the callback, not from a thread, so forking the pool's
    worker processes never copies a half-held lock.
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console, auto_refresh=False, transient=False) as bar:
        task = bar.add_task(f"{executor.name} ×{executor.workers}", total=total)

        def advance(runs: int) -> None:
            bar.advance(task, runs)
            bar.refresh()

        return work(advance)


def _write_csv(path: Path, rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def write_outputs(out: Path, analysis: Any) -> list[str]:
    """Write every file of an analysis into ``out``; their names, in order."""
    from simulator.analysis.tables import (
        criticality_rows,
        objective_rows,
        report_section,
        run_rows,
        service_rows,
    )

    out.mkdir(parents=True, exist_ok=True)
    summary = analysis.summary
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    tables = {"objectives.csv": objective_rows(summary), "services.csv": service_rows(summary),
              "criticality.csv": criticality_rows(summary), "runs.csv": run_rows(analysis)}
    for name, rows in tables.items():
        _write_csv(out / name, rows)
    (out / "report-section.md").write_text(report_section(summary), encoding="utf-8")
    return ["summary.json", *tables, "report-section.md"]


def summary_lines(summary: dict[str, Any], out: str, written: list[str]) -> str:
    """A few lines for the terminal: objectives, impact, the top of each ranking."""
    runs = summary["runs"]
    lines = [_("{scenario}: {runs} runs, seeds derived from {seed}").format(
        scenario=summary["scenario"], runs=runs, seed=summary["seed"])]
    objectives = summary["objectives"]
    if objectives:
        always = sum(1 for f in objectives.values() if f["probability"] == 1.0)
        never = sum(1 for f in objectives.values() if f["probability"] == 0.0)
        lines.append(_("objectives: {count}, met in every run {always}, in none {never}")
                     .format(count=len(objectives), always=always, never=never))
    total = summary["impact"]["total"]
    lines.append(_("impact (population- + vulnerable-client-hours): median {median}, "
                   "p10 {p10}, p90 {p90}").format(median=f"{total['median']:,.0f}",
                                                  p10=f"{total['p10']:,.0f}",
                                                  p90=f"{total['p90']:,.0f}"))
    section = summary.get("criticality")
    if section:
        for title, key in ((N_("services that matter most"), "services_failed"),
                           (N_("agree on first"), "agreements")):
            top = ", ".join(row["id"] for row in section[key][:3])
            if top:
                lines.append(f"{_(title)}: {top}")
    lines.append(_("written: {files}").format(files=f"{out}/" + ", ".join(written)))
    return "\n".join(lines)
