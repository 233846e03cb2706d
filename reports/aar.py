"""The after-action report as data: its nine sections, every text already in the report's
language and every figure formatted, so the HTML and Markdown templates only lay it out.

The structure follows HSEEP's AAR/IP and Finnish exercise practice: overview, summary,
objectives, analysis (per objective and per interface), timeline, information flow,
services, improvement plan and appendix. Everything is assembled from the run's files
(:mod:`reports.runfiles`); nothing is simulated again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reports.charts import Chart
from reports.context import RunContext
from reports.findings import Finding, biggest, derive_findings
from reports.i18n import LANGUAGES, N_, fmt_datetime, ngettext
from reports.i18n import gettext as _
from reports.runfiles import RunFiles, read_run
from reports.sections import information_section, services_section, timeline
from simulator.fields import text_in

Rows = list[tuple[str, ...]]


@dataclass(frozen=True)
class Section:
    """One analysis section: an objective or an interface, with its findings."""

    title: str
    kind: str
    rating: str = ""
    strengths: list[Finding] = field(default_factory=list)
    improvements: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReportModel:
    """Everything a template shows; see :func:`build_report`."""

    lang: str
    title: str
    overview: list[tuple[str, str]]
    organisations: Rows
    objectives_list: Rows
    summary_lines: list[str]
    scores: list[tuple[str, str]]
    top_findings: list[Finding]
    objectives: Rows
    analysis: list[Section]
    timeline: Rows
    information: dict[str, Any]
    services: dict[str, Any]
    plan: Rows
    notes: Rows
    sources: list[str]
    definitions: list[tuple[str, str]]
    warnings: list[str]
    charts: list[Chart]

    def t(self, msgid: str) -> str:
        """A label in the report's language (templates call ``model.t('…')``)."""
        return _(msgid, self.lang)

    def capability(self, key: str) -> str:
        return _(key, self.lang)


def build_report(run: Path | RunFiles, lang: str = "en") -> ReportModel:
    """The report of a run folder (or journal), or of run files already read."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    files = run if isinstance(run, RunFiles) else read_run(run)
    ctx = RunContext(files.scenario, files.events, files.score, lang)
    findings = derive_findings(ctx)
    info, info_charts = information_section(ctx)
    services, service_charts = services_section(ctx)
    scenario = files.scenario
    title = text_in(scenario.title, lang, scenario.id)
    return ReportModel(
        lang=lang,
        title=title,
        overview=_overview(ctx, files, title),
        organisations=_organisations(ctx),
        objectives_list=[(o.id, ctx.name("objective", o.id)) for o in scenario.objectives],
        summary_lines=_summary(ctx),
        scores=_scores(ctx),
        top_findings=biggest(findings),
        objectives=_objectives(ctx),
        analysis=_analysis(ctx, findings),
        timeline=timeline(ctx),
        information=info,
        services=services,
        plan=_plan(ctx, findings),
        notes=[(ctx.when(n.t), ctx.name("objective", n.objective) if n.objective else "",
                n.rating or "", n.text) for n in ctx.log.notes],
        sources=[str(s) for s in scenario.extensions.get("x-sources", []) or []],
        definitions=[(_(term, lang), _(text, lang)) for term, text in DEFINITIONS],
        warnings=list(files.warnings),
        charts=[*service_charts, *info_charts],
    )


def _overview(ctx: RunContext, files: RunFiles, title: str) -> list[tuple[str, str]]:
    lang, scenario, header = ctx.lang, ctx.scenario, files.header
    created = header.get("created")
    held = "–"
    if isinstance(created, str):
        try:
            held = fmt_datetime(datetime.fromisoformat(created), lang)
        except ValueError:
            held = created
    hazard = scenario.extensions.get("x-hazard")
    mode = _("drill", lang) if header.get("mode") == "drill" else _("headless run", lang)
    return [
        (_("Exercise", lang), title),
        (_("Held", lang), f"{held} ({mode})"),
        (_("Scenario", lang), f"{scenario.id} ({files.scenario_path.name}, sha256 "
                              f"{str(header.get('scenario_sha256', ''))[:12]}…)"),
        (_("Summary", lang), text_in(scenario.summary, lang, "–")),
        (_("Hazard", lang), _(str(hazard), lang) if hazard else "–"),
        (_("Scenario start", lang), fmt_datetime(scenario.clock.start, lang)),
        (_("Duration", lang), ctx.dur(ctx.end)),
        (_("Seed", lang), str(ctx.score.get("seed", header.get("seed", "")))),
    ]


def _organisations(ctx: RunContext) -> Rows:
    rows: Rows = []
    for org in ctx.scenario.organisations:
        contacts = "; ".join(
            ", ".join(p for p in (text_in(c.role, ctx.lang), c.name or "",
                                  "/".join(ctx.name("channel", ch) for ch in c.channels)) if p)
            for c in org.contacts)
        duty = _("24/7", ctx.lang) if org.duty == "24/7" else _("office hours", ctx.lang)
        rows.append((ctx.name("org", org.id), _(org.kind, ctx.lang), duty, contacts or "–"))
    return rows


def _summary(ctx: RunContext) -> list[str]:
    """What happened, in five lines, from the log and the scores."""
    lang, score = ctx.lang, ctx.score
    injects = [e for e in ctx.events if e.type == "inject"]
    first = injects[0] if injects else None
    opening = (_("The exercise opened at {time} with: {text}", lang).format(
        time=ctx.when(first.t), text=getattr(first, "text", None) or getattr(first, "id", ""))
        if first else _("No inject fired.", lang))
    down = sorted(((v["down_minutes"], s) for s, v in score["services"].items()
                   if v["down_minutes"] > 0), reverse=True)
    outage = (ngettext("{count} service went down; the longest outage: {service}, {hours}.",
                       "{count} services went down; the longest outage: {service}, {hours}.",
                       len(down), lang).format(count=len(down),
                                               service=ctx.name("service", down[0][1]),
                                               hours=ctx.hours(down[0][0]))
              if down else _("No service went down.", lang))
    impact = score["impact"]
    total = impact.get("population_hours_total", sum(impact["population_hours"].values()))
    people = _("Impact on residents: {hours} population-hours, {vulnerable} "
               "vulnerable-client-hours.", lang).format(
        hours=ctx.num(total), vulnerable=ctx.num(impact["vulnerable_hours"]))
    flow = score["information_flow"]
    information = _("Of {relevant} facts that concerned an organisation, {known} reached it; "
                    "median delay {median}.", lang).format(
        relevant=flow["relevant"], known=flow["known"], median=ctx.dur(flow["median_delay"]))
    work = score["coordination"]
    tasks = work["tasks"]
    on_time = sum(1 for t in tasks.values() if t["on_time"])
    coordination = _("{triggered} tasks were triggered, {on_time} activated on time; late: "
                     "{late}; without a lead: {unassigned}.", lang).format(
        triggered=len(tasks), on_time=on_time, late=len(work["late"]),
        unassigned=len(work["unassigned"]))
    return [opening, outage, people, information, coordination]


def _scores(ctx: RunContext) -> list[tuple[str, str]]:
    lang, score = ctx.lang, ctx.score
    summary = score.get("objectives_summary", {})
    ratings = summary.get("ratings", {})
    shared = score["information_flow"].get("shared_picture", {}).get("mean")
    return [
        (_("Objectives met", lang), f"{summary.get('met', 0)} / {summary.get('total', 0)} "
         f"(P {ratings.get('P', 0)}, S {ratings.get('S', 0)}, M {ratings.get('M', 0)}, "
         f"U {ratings.get('U', 0)})"),
        (_("Information flow score", lang), ctx.num(score["information_flow"]["score"], 1)),
        (_("Coordination score", lang), ctx.num(score["coordination"]["score"], 1)),
        (_("Common situational picture (mean share)", lang),
         "–" if shared is None else f"{ctx.num(100 * shared, 1)} %"),
        (_("Population-hours", lang), ctx.num(
            score["impact"].get("population_hours_total",
                                sum(score["impact"]["population_hours"].values())))),
        (_("Vulnerable-client-hours", lang), ctx.num(score["impact"]["vulnerable_hours"])),
    ]


def _result(ctx: RunContext, judged: dict[str, Any]) -> str:
    if not judged.get("tested", True):
        return _("not tested", ctx.lang)
    return _("met", ctx.lang) if judged.get("met") else _("not met", ctx.lang)


def _objectives(ctx: RunContext) -> Rows:
    rows: Rows = []
    for oid, judged in ctx.score["objectives"].items():
        within = judged.get("within")
        rows.append((ctx.name("objective", oid), _result(ctx, judged), ctx.when(judged.get("at")),
                     ctx.dur(judged.get("delay")), ctx.dur(within) if within else "–",
                     judged.get("rating", "–"), judged.get("facilitator_rating") or "–"))
    return rows


def _analysis(ctx: RunContext, findings: list[Finding]) -> list[Section]:
    lang = ctx.lang
    sections = []
    used: set[int] = set()
    notes: dict[str, list[str]] = {}
    for note in ctx.log.notes:
        if note.objective:
            notes.setdefault(note.objective, []).append(
                f"{ctx.when(note.t)}: {note.text}" + (f" ({note.rating})" if note.rating else ""))
    for oid, judged in ctx.score["objectives"].items():
        mine = [f for f in findings if oid in f.objectives]
        used.update(id(f) for f in mine)
        sections.append(Section(
            ctx.name("objective", oid), "objective", judged.get("rating", ""),
            [f for f in mine if f.strength], [f for f in mine if not f.strength],
            notes.get(oid, [])))
    pairs = sorted({f.pair for f in findings if f.pair is not None})
    for a, b in pairs:
        mine = [f for f in findings if f.pair == (a, b)]
        used.update(id(f) for f in mine)
        sections.append(Section(
            _("Interface: {a} – {b}", lang).format(a=ctx.name("org", a), b=ctx.name("org", b)),
            "interface", "", [f for f in mine if f.strength], [f for f in mine if not f.strength]))
    rest = [f for f in findings if id(f) not in used]
    if rest:
        sections.append(Section(_("Other findings", lang), "other", "",
                                [f for f in rest if f.strength],
                                sorted([f for f in rest if not f.strength],
                                       key=lambda f: f.rank, reverse=True)))
    return sections


def _plan(ctx: RunContext, findings: list[Finding]) -> Rows:
    worse = sorted((f for f in findings if not f.strength and f.in_plan),
                   key=lambda f: f.rank, reverse=True)
    return [(str(n), f.title, f.recommendation, _(f.capability, ctx.lang),
             ctx.orgs(f.responsible), "", "") for n, f in enumerate(worse, start=1)]


DEFINITIONS = (
    (N_("Objective rating"),
     N_("P: performed without challenges (delay at most half the allowed time); S: with some "
        "challenges (within the allowed time); M: with major challenges (late, at most twice "
        "the allowed time); U: unable to be performed (later, or never).")),
    (N_("Information flow score"),
     N_("100 × the mean credit over every pair of a fact and an organisation it concerns; "
        "credit = 1 / (1 + delay / 60 min), a fact never known earns the credit of a delay to "
        "the end.")),
    (N_("Coordination score"),
     N_("100 × the mean credit of the judged task occurrences: 1 on time, within / delay when "
        "late, 0 never; halved when not activated by the lead.")),
    (N_("Population-hours"),
     N_("Residents served × hours a service is down, less the share of the tasks mitigating "
        "it.")),
    (N_("Vulnerable-client-hours"), N_("Vulnerable clients served × hours a service is down.")),
    (N_("Common situational picture"),
     N_("The share of the facts so far that every organisation concerned knows, averaged over "
        "time.")),
)
"""Short definitions of the scores for the appendix; ``docs/scoring.md`` has them in full."""
