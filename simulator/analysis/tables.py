"""The analysis as tables: CSV rows and the Markdown section a report can include.

Built from the summary (and, for the per-run table, the outcomes) only, so the files of an
analysis never disagree with ``summary.json``. Pure text: the command writes the files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulator.analysis.plan import Analysis

Row = list[Any]
TOP = 10
"""Rows of each criticality table in the report section (the CSV has them all)."""


def objective_rows(summary: dict[str, Any]) -> list[Row]:
    rows: list[Row] = [["objective", "met_runs", "runs", "probability"]]
    for objective, figures in summary["objectives"].items():
        rows.append([objective, figures["met_runs"], summary["runs"], figures["probability"]])
    return rows


def service_rows(summary: dict[str, Any]) -> list[Row]:
    rows: list[Row] = [[
        "service", "critical", "down_probability",
        "down_minutes_median", "down_minutes_p10", "down_minutes_p90", "down_minutes_mean",
        "first_down_median", "first_down_p10", "first_down_p90",
    ]]
    for service, figures in summary["services"].items():
        down, first = figures["down_minutes"], figures["first_down"]
        rows.append([
            service, figures["critical"], figures["down_probability"],
            down["median"], down["p10"], down["p90"], down["mean"],
            _blank(first["median"]), _blank(first["p10"]), _blank(first["p90"]),
        ])
    return rows


def criticality_rows(summary: dict[str, Any]) -> list[Row]:
    """Every criticality row: services failed, reserves halved, then agreements."""
    rows: list[Row] = [[
        "table", "rank", "kind", "id", "impact", "delta_impact", "delta_population_hours",
        "delta_vulnerable_hours", "objectives_lost", "objectives_changed",
        "delta_information", "delta_coordination",
    ]]
    section = summary.get("criticality")
    if not section:
        return rows
    for table in ("services_failed", "reserves_halved", "agreements"):
        for row in section[table]:
            changed = ";".join(c["objective"] for c in row["objectives_changed"])
            rows.append([
                table, row["rank"], row["kind"], row["id"], row["impact"], row["delta_impact"],
                row["delta_population_hours"], row["delta_vulnerable_hours"],
                row["objectives_lost"], changed, row["delta_information"],
                row["delta_coordination"],
            ])
    return rows


def run_rows(analysis: Analysis) -> list[Row]:
    """One row per main run, so any run can be repeated with ``tabletop run --seed``."""
    rows: list[Row] = [["run", "seed", "population_hours", "vulnerable_hours",
                        "information", "coordination", "objectives_met"]]
    for number, outcome in enumerate(analysis.base[:analysis.plan.runs], start=1):
        rows.append([number, outcome.seed, outcome.population_hours, outcome.vulnerable_hours,
                     outcome.information, outcome.coordination, sum(outcome.met)])
    return rows


def _blank(value: object) -> object:
    return "" if value is None else value


# --- the report section -----------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: int = 1,
           left: Sequence[int] = ()) -> list[str]:
    """A Markdown table; columns from ``right`` on are right-aligned, except ``left`` ones;
    no rows: a sentence instead."""
    if not rows:
        return ["None."]
    align = ["---" if i < right or i in left else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _n(value: float | None, unit: str = "") -> str:
    return "–" if value is None else f"{value:,.1f}{unit}"


def _h(minutes: float | None) -> str:
    return "–" if minutes is None else f"{minutes / 60:,.1f} h"


def _spread(figures: dict[str, Any], fmt: Any = _n) -> str:
    if figures["runs"] == 0:
        return "–"
    return f"{fmt(figures['median'])} ({fmt(figures['p10'])}–{fmt(figures['p90'])})"


def _pct(share: float) -> str:
    return f"{100 * share:.1f} %"


def report_section(summary: dict[str, Any]) -> str:
    """The ``## Monte Carlo analysis`` section of an after-action report (Markdown)."""
    runs = summary["runs"]
    lines = [
        "## Monte Carlo analysis", "",
        f"{runs:,} runs of `{summary['scenario']}` with seeds derived from {summary['seed']} "
        f"({summary['seeds']['method']}). Ranges are median (p10–p90), percentiles by "
        f"{summary['percentiles']}.", "",
        "### Objectives", "",
    ]
    lines += _table(["objective", "met in", "probability"], [
        [f"`{o}`", f"{f['met_runs']:,} / {runs:,}", _pct(f["probability"])]
        for o, f in summary["objectives"].items()
    ])
    lines += ["", "### Services", ""]
    down = {s: f for s, f in summary["services"].items() if f["down_probability"] > 0}
    lines += _table(["service", "down in", "time down", "first down at"], [
        [f"`{s}`" + (" (critical)" if f["critical"] else ""), _pct(f["down_probability"]),
         _spread(f["down_minutes"], _h), _spread(f["first_down"], _h)]
        for s, f in down.items()
    ])
    never = len(summary["services"]) - len(down)
    if never:
        lines += ["", f"{never} more tracked services never went down."]
    impact = summary["impact"]
    lines += ["", "### Impact and scores", ""]
    lines += _table(["figure", "median", "p10", "p90", "mean"], [
        [name, _n(d["median"]), _n(d["p10"]), _n(d["p90"]), _n(d["mean"])]
        for name, d in (("population-hours", impact["population_hours"]),
                        ("vulnerable-client-hours", impact["vulnerable_hours"]),
                        ("information-flow score", summary["information_flow"]),
                        ("coordination score", summary["coordination"]))
    ])
    section = summary.get("criticality")
    if section:
        lines += _criticality(section)
    return "\n".join(lines) + "\n"


def _criticality(section: dict[str, Any]) -> list[str]:
    seeds = section["seeds"]
    base = section["baseline"]
    lines = [
        "", "### Which services matter most", "",
        f"Mean change against the scenario as written, over the same {seeds} seeds (baseline "
        f"impact {_n(base['impact'])} person-hours = population-hours + "
        f"vulnerable-client-hours; {base['objectives_met']:.2f} objectives met). "
        f"Top {TOP}; all rows in `criticality.csv`.", "",
        "When the service fails at the start:", "",
    ]
    header = ["rank", "service", "Δ impact", "Δ population-h", "Δ vulnerable-h",
              "objectives lost"]
    for title, key in (("", "services_failed"), ("When its reserves are halved:",
                                                  "reserves_halved")):
        if title:
            lines += ["", title, ""]
        rows = [r for r in section[key] if _changed(r)]
        lines += _table(header, [
            [str(r["rank"]), f"`{r['id']}`" + (" (critical)" if r["critical"] else ""),
             _n(r["delta_impact"]), _n(r["delta_population_hours"]),
             _n(r["delta_vulnerable_hours"]), f"{r['objectives_lost']:.2f}"]
            for r in rows[:TOP]
        ], right=2)
        lines += _unchanged(len(section[key]) - len(rows))
    lines += ["", "### What must we agree on first?", "",
              "Each playbook rule left out, and each responsibility without a lead (and "
              "without the rules that activate it):", ""]
    rows = [r for r in section["agreements"] if _changed(r)]
    lines += _table(["rank", "agreement", "objectives lost", "objectives met (baseline → "
                     "without)", "Δ impact", "Δ information", "Δ coordination"], [
        [str(r["rank"]), _agreement(r), f"{r['objectives_lost']:.2f}",
         ", ".join(f"`{c['objective']}` {_pct(c['baseline'])} → {_pct(c['variant'])}"
                   for c in r["objectives_changed"]) or "–",
         _n(r["delta_impact"]), _n(r["delta_information"]), _n(r["delta_coordination"])]
        for r in rows[:TOP]
    ], right=2, left=(3,))
    lines += _unchanged(len(section["agreements"]) - len(rows))
    return lines


def _agreement(row: dict[str, Any]) -> str:
    if row["kind"] == "rule":
        return f"rule `{row['id']}` ({row['do']})"
    return f"responsibility `{row['id']}`"


def _changed(row: dict[str, Any]) -> bool:
    """A row worth showing: it changed impact, objectives or a score."""
    return any(row[k] != 0 for k in ("delta_impact", "objectives_lost", "delta_information",
                                     "delta_coordination")) or bool(row["objectives_changed"])


def _unchanged(count: int) -> list[str]:
    return ["", f"{count} more changed nothing measurable."] if count else []


__all__ = [
    "criticality_rows",
    "objective_rows",
    "report_section",
    "run_rows",
    "service_rows",
]
