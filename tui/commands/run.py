"""``tabletop run``: a headless run in which the playbook plays the organisations.

Writes ``journal.jsonl`` (header + the inputs applied), ``events.jsonl`` and ``score.json``
into the run folder and prints a short summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HELP = "headless run: the playbook plays the organisations; writes events, score and journal"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help="scenario file or built-in scenario id")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed for duration ranges (default: the scenario's seed)")
    parser.add_argument("--out", type=Path, default=None,
                        help="run folder (default: runs/<scenario-id>-<YYYYmmdd-HHMMSS>/)")
    parser.add_argument("--inputs", type=Path, default=None, metavar="JOURNAL",
                        help="apply the facilitator inputs of this journal at their times")


def main(args: argparse.Namespace) -> int:
    from simulator.engine import Run
    from simulator.events import event_json
    from simulator.inputs import Input
    from simulator.journal import JournalError, make_header, read_journal, write_journal
    from simulator.scoring import score_run
    from tui.commands.common import CommandError, display_path, fail, load, timestamp

    try:
        loaded = load(args.scenario)
    except CommandError as exc:
        return fail(str(exc))
    scenario = loaded.scenario
    inputs: tuple[Input, ...] = ()
    if args.inputs is not None:
        try:
            journal = read_journal(args.inputs)
        except JournalError as exc:
            return fail(str(exc))
        for warning in journal.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        inputs = journal.inputs
    seed = scenario.seed if args.seed is None else args.seed
    run = Run(scenario, seed=seed, inputs=inputs)
    problems = run.journal_problems(journal) if args.inputs is not None else []
    if problems:
        return fail("\n".join(problems))

    now = timestamp()
    out: Path = args.out or Path("runs") / f"{scenario.id}-{now:%Y%m%d-%H%M%S}"
    out.mkdir(parents=True, exist_ok=True)
    for name in ("journal.jsonl", "events.jsonl", "score.json"):
        (out / name).unlink(missing_ok=True)
    header = make_header(display_path(loaded.path), loaded.sha256, seed,
                         now.isoformat(timespec="seconds"), scenario_id=scenario.id,
                         mode="run")
    write_journal(out / "journal.jsonl", header, inputs)

    with (out / "events.jsonl").open("w", encoding="utf-8") as events_file:
        run.subscribe(lambda event: events_file.write(event_json(event) + "\n"))
        events = run.run_to_end()
    score = score_run(scenario, events, seed=seed, duration=run.duration)
    (out / "score.json").write_text(json.dumps(score, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    print(summary(scenario, score, out))
    return 0


def summary(scenario: Any, score: dict[str, Any], out: Path) -> str:
    """A few lines for the terminal: objectives, services down, impact, where files went."""
    from simulator.durations import format_minutes

    objectives = score.get("objectives", {})
    met = [o for o, v in objectives.items() if v.get("met")]
    missed = [o for o, v in objectives.items() if not v.get("met")]
    lines = [f"{scenario.id}: seed {score['seed']}, {format_minutes(score['duration'])} simulated",
             f"objectives: {len(met)} met, {len(missed)} missed"
             + (f" ({', '.join(missed)})" if missed else "")]
    down = sorted(((v["down_minutes"], s) for s, v in score.get("services", {}).items()
                   if v.get("down_minutes")), reverse=True)
    if down:
        shown = ", ".join(f"{s} {m / 60:.1f} h" for m, s in down[:8])
        more = f" and {len(down) - 8} more" if len(down) > 8 else ""
        lines.append(f"services down: {len(down)} ({shown}{more})")
    else:
        lines.append("services down: none")
    impact = score.get("impact", {})
    population_hours = sum(impact.get("population_hours", {}).values())
    lines.append(f"impact: {population_hours:,.0f} population-hours, "
                 f"{impact.get('vulnerable_hours', 0.0):,.0f} vulnerable-client-hours")
    for key in ("information_flow", "coordination"):
        if isinstance(score.get(key), dict) and score[key].get("score") is not None:
            lines.append(f"{key.replace('_', ' ')} score: {score[key]['score']:.1f}")
    lines.append(f"written: {out}/events.jsonl, score.json, journal.jsonl")
    return "\n".join(lines)
