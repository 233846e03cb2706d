"""``tabletop compare RUN_A RUN_B``: two runs or drills of one scenario side by side.

Objectives, information-flow and coordination figures, the decisions that differed (and
when), and the first moment the two event logs diverge; as text, Markdown or JSON.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.i18n import N_, _

if TYPE_CHECKING:
    from simulator.comparison import RunRecord

HELP = N_("two runs or drills of the same scenario side by side")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_a", type=Path, help=_("run folder or journal"))
    parser.add_argument("run_b", type=Path, help=_("run folder or journal"))
    parser.add_argument("--format", choices=("text", "md", "json"), default="text")


def main(args: argparse.Namespace) -> int:
    from simulator.comparison import compare_runs
    from tui.commands.common import fail

    a, b = read_record(args.run_a), read_record(args.run_b)
    if a.scenario != b.scenario:
        return fail(f"{args.run_b}: scenario '{b.scenario}' is not '{a.scenario}' of "
                    f"{args.run_a}; compare runs of the same scenario")
    result = compare_runs(a, b)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render(result, markdown=args.format == "md"))
    return 0


def read_record(run: Path) -> RunRecord:
    """Read what a run folder (or a journal's folder) holds, or raise ``CommandError``."""
    from reports.runfiles import ReportError, run_folder
    from simulator.comparison import RunRecord
    from simulator.journal import JournalError, read_journal
    from tui.commands.common import CommandError

    try:
        folder, journal_path = run_folder(run)
        journal = read_journal(journal_path)
        events = tuple((folder / "events.jsonl").read_text(encoding="utf-8").splitlines())
        score = json.loads((folder / "score.json").read_text(encoding="utf-8"))
    except (ReportError, JournalError) as exc:
        raise CommandError(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{run}: cannot read the run: {exc}") from None
    except json.JSONDecodeError as exc:
        raise CommandError(f"{folder / 'score.json'}:{exc.lineno}: {exc.msg}") from None
    from simulator.inputs import input_to_dict

    scenario = str(journal.header.get("scenario_id") or journal.header.get("scenario"))
    return RunRecord(str(run), scenario, tuple(input_to_dict(i) for i in journal.inputs),
                     events, score if isinstance(score, dict) else {})


def render(result: dict[str, Any], *, markdown: bool) -> str:
    """The comparison as plain text or Markdown tables."""
    a, b = result["a"], result["b"]
    rows: list[tuple[str, str, str]] = []
    for oid, pair in result["objectives"].items():
        rows.append((oid, _objective(pair["a"]), _objective(pair["b"])))
    for name, (va, vb) in result["figures"].items():
        rows.append((name, _num(va), _num(vb)))
    pa, pb = result["population_hours"]
    rows.append(("impact.population_hours", _num(pa), _num(pb)))
    def heading(text: str) -> str:
        return f"## {text}" if markdown else f"{text}:"

    title = _("Comparison of two runs of {scenario}").format(scenario=result["scenario"])
    lines = [f"# {title}" if markdown else title, "", f"A: {a}", f"B: {b}", ""]
    lines += _table(("", "A", "B"), rows, markdown)
    decisions = result["decisions"]
    lines += ["", heading(_("Decisions that differed"))]
    entries = ([_("A only, t = {t}: {input}").format(t=i.get("t"), input=_input(i))
                for i in decisions["only_a"]]
               + [_("B only, t = {t}: {input}").format(t=i.get("t"), input=_input(i))
                  for i in decisions["only_b"]]
               + [_("moved from t = {a} (A) to t = {b} (B): {input}").format(
                   a=m["a_t"], b=m["b_t"], input=_input(m["input"])) for m in decisions["moved"]])
    lines += [f"- {e}" for e in entries] or [f"- {_('none')}"]
    first = result["first_divergence"]
    lines += ["", heading(_("First divergence"))]
    if first is None:
        lines.append("- " + _("none: the event logs are identical"))
    else:
        lines += ["- " + _("at t = {t} (events.jsonl line {line})").format(t=first["t"],
                                                                          line=first["line"]),
                  f"  - A: {first['a']}", f"  - B: {first['b']}"]
    return "\n".join(lines)


def _table(head: tuple[str, str, str], rows: list[tuple[str, str, str]],
           markdown: bool) -> list[str]:
    if markdown:
        out = [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---|---|"]
        return out + [f"| {r[0]} | {r[1]} | {r[2]} |" for r in rows]
    width = max(len(r[0]) for r in [head, *rows])
    widths = (width, max(len(r[1]) for r in [head, *rows]))
    return [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}".rstrip() for r in [head, *rows]]


def _objective(value: dict[str, Any] | None) -> str:
    if value is None:
        return "-"
    met = _("met") if value.get("met") else _("missed")
    at = (" " + _("at {t}").format(t=f"{value['at']:g}")
          if isinstance(value.get("at"), (int, float)) else "")
    rating = f" ({value['rating']})" if value.get("rating") else ""
    return f"{met}{at}{rating}"


def _num(value: Any) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _input(item: dict[str, Any]) -> str:
    described = {k: v for k, v in item.items() if k not in ("t", "type")}
    return f"{item.get('type', '')} " + json.dumps(described, ensure_ascii=False)
