"""``tabletop run``: a headless run in which the playbook plays the organisations.

Writes ``journal.jsonl`` (header + the inputs applied), ``events.jsonl`` and ``score.json``
into the run folder and prints a short summary.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from tui.i18n import N_, _

HELP = N_("headless run: the playbook plays the organisations; writes events, score and journal")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help=_("scenario file or built-in scenario id"))
    parser.add_argument("--seed", type=int, default=None,
                        help=_("seed for duration ranges (default: the scenario's seed)"))
    parser.add_argument("--out", type=Path, default=None,
                        help=_("run folder (default: runs/<scenario-id>-<YYYYmmdd-HHMMSS>/)"))
    parser.add_argument("--inputs", type=Path, default=None, metavar="JOURNAL",
                        help=_("apply the facilitator inputs of this journal at their times"))
    parser.add_argument("--lang", choices=("fi", "sv", "en"), default=None,
                        help=_("language of the summary "
                               "(default: TABLETOP_LANG, the locale, en)"))


def main(args: argparse.Namespace) -> int:
    from simulator.engine import Run
    from simulator.events import event_json
    from simulator.journal import make_header, write_journal
    from simulator.scoring import score_run
    from tui.commands.common import (
        default_run_folder,
        display_path,
        load,
        read_inputs,
        timestamp,
    )

    loaded = load(args.scenario)
    scenario = loaded.scenario
    inputs = read_inputs(args.inputs, scenario)
    seed = scenario.seed if args.seed is None else args.seed
    run = Run(scenario, seed=seed, inputs=inputs)

    now = timestamp()
    out: Path = args.out or default_run_folder(scenario.id, now)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("journal.jsonl", "events.jsonl", "score.json"):
        (out / name).unlink(missing_ok=True)
    header = make_header(display_path(loaded.path), loaded.sha256, seed,
                         now.isoformat(timespec="seconds"), scenario_id=scenario.id,
                         mode="run")
    write_journal(out / "journal.jsonl", header, inputs)

    events = run.run_to_end()
    with (out / "events.jsonl").open("w", encoding="utf-8") as events_file:
        events_file.writelines(event_json(event) + "\n" for event in events)
    score = score_run(scenario, events, seed=seed, duration=run.duration)
    (out / "score.json").write_text(json.dumps(score, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    print(summary(scenario, score, out))
    return 0


def summary(scenario: Any, score: dict[str, Any], out: Path) -> str:
    """A few lines for the terminal: objectives, services down, impact, where files went."""
    from reports.i18n import fmt_number
    from simulator.durations import format_minutes
    from tui.i18n import language

    lang = language()
    objectives = score.get("objectives", {})
    met = [o for o, v in objectives.items() if v.get("met")]
    missed = [o for o, v in objectives.items() if not v.get("met")]
    lines = [_("{scenario}: seed {seed}, {duration} simulated").format(
                 scenario=scenario.id, seed=score["seed"],
                 duration=format_minutes(score["duration"])),
             _("objectives: {met} met, {missed} missed").format(met=len(met), missed=len(missed))
             + (f" ({', '.join(missed)})" if missed else "")]
    down = sorted(((v["down_minutes"], s) for s, v in score.get("services", {}).items()
                   if v.get("down_minutes")), reverse=True)
    if down:
        shown = ", ".join(f"{s} {fmt_number(m / 60, lang, 1)} h" for m, s in down[:8])
        more = _(" and {count} more").format(count=len(down) - 8) if len(down) > 8 else ""
        lines.append(_("services down: {count} ({services})").format(
            count=len(down), services=shown + more))
    else:
        lines.append(_("services down: none"))
    impact = score.get("impact", {})
    population_hours = sum(impact.get("population_hours", {}).values())
    lines.append(_("impact: {hours} population-hours, {vulnerable} vulnerable-client-hours")
                 .format(hours=fmt_number(population_hours, lang),
                         vulnerable=fmt_number(impact.get("vulnerable_hours", 0.0), lang)))
    labels = {"information_flow": N_("information flow score: {score}"),
              "coordination": N_("coordination score: {score}")}
    for key, label in labels.items():
        if isinstance(score.get(key), dict) and score[key].get("score") is not None:
            lines.append(_(label).format(score=fmt_number(score[key]["score"], lang, 1)))
    lines.append(_("written: {path}").format(path=f"{out}/events.jsonl, score.json, journal.jsonl"))
    return "\n".join(lines)
