"""Strengths and areas for improvement, derived from what happened in the run.

An after-action report is only useful when each finding says what was seen, why it mattered
and what to change, and when those come from the run rather than from boilerplate. Each
finding here is computed from the event log and the scores: late or lost notifications
(:mod:`reports.flow_findings`), failed channels and working fallbacks, unassigned, late or
missing tasks, reserves that ran out and resources that ran short
(:mod:`reports.work_findings`), and each objective's result. Findings are linked to the
objectives they explain and to the interface (pair of organisations) they happened at, so
the analysis can show them in both places.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reports.context import RunContext
from reports.i18n import N_
from reports.i18n import gettext as _
from simulator.model import ActiveExpect, KnowsExpect, NeverExpect

CAPABILITIES = (N_("planning"), N_("organisation"), N_("equipment"), N_("training"),
                N_("exercises"))
"""The capability elements of an improvement plan (HSEEP's POETE)."""


@dataclass(frozen=True)
class Finding:
    """One strength or area for improvement, in the report's language."""

    strength: bool
    code: str
    """What kind of finding: ``late-notification``, ``failed-channel``, ``late-task`` …"""
    title: str
    observation: str
    consequence: str
    recommendation: str
    capability: str
    """One of :data:`CAPABILITIES` (the msgid; translated when shown)."""
    responsible: tuple[str, ...]
    """Organisation ids that own the corrective action."""
    t: float
    """When it was first seen (scenario minutes); orders findings in time."""
    population_hours: float = 0.0
    """The consequence in resident-hours (the main ranking figure)."""
    delay: float = 0.0
    """The consequence in minutes of delay (the second ranking figure)."""
    pair: tuple[str, str] | None = None
    """The interface (two organisation ids, sorted) the finding happened at."""
    services: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    """``(service, state)`` the finding is about (links it to ``knows`` objectives)."""
    receivers: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    objectives: tuple[str, ...] = field(default=())
    """Objectives the finding explains (filled in by :func:`derive_findings`)."""
    in_plan: bool = True
    """False for an objective's own result when other findings already explain it."""

    @property
    def rank(self) -> tuple[bool, float, float, float]:
        """Bigger is worse: explains a missed objective, then resident-hours, then delay."""
        return (bool(self.objectives), self.population_hours, self.delay, -self.t)


def derive_findings(ctx: RunContext) -> list[Finding]:
    """Every finding of the run: specific ones first, linked to objectives, then one per
    objective for its own result. Sorted by time, then code, then title."""
    from reports.flow_findings import channel_findings, notification_findings
    from reports.work_findings import reserve_findings, resource_findings, task_findings

    specific = [
        *notification_findings(ctx),
        *channel_findings(ctx),
        *task_findings(ctx),
        *reserve_findings(ctx),
        *resource_findings(ctx),
    ]
    linked = [replace(f, objectives=_explains(ctx, f)) for f in specific]
    missed = {oid for oid, o in ctx.score["objectives"].items() if not o.get("met")}
    linked = [replace(f, objectives=tuple(o for o in f.objectives if o in missed or f.strength))
              for f in linked]
    own = [_objective_finding(ctx, oid, linked) for oid in ctx.score["objectives"]]
    return sorted([*linked, *(f for f in own if f is not None)],
                  key=lambda f: (f.t, f.code, f.title))


def biggest(findings: list[Finding], count: int = 3) -> list[Finding]:
    """The ``count`` areas for improvement with the worst consequence."""
    worse = [f for f in findings if not f.strength and f.in_plan]
    return sorted(worse, key=lambda f: f.rank, reverse=True)[:count]


def _explains(ctx: RunContext, finding: Finding) -> tuple[str, ...]:
    out = []
    for objective in ctx.scenario.objectives:
        expect = objective.expect
        if isinstance(expect, KnowsExpect):
            fact = (expect.knows.service, expect.knows.state)
            hit = fact in finding.facts and expect.org in finding.receivers
        elif isinstance(expect, ActiveExpect):
            hit = expect.task in finding.tasks
        else:
            assert isinstance(expect, NeverExpect)
            triggers = {t.id for t in ctx.scenario.responsibilities
                        if t.trigger.service == expect.service}
            hit = expect.service in finding.services or bool(triggers & set(finding.tasks))
        if hit:
            out.append(objective.id)
    return tuple(out)


def _objective_finding(ctx: RunContext, oid: str, linked: list[Finding]) -> Finding | None:
    """The objective's own result as a finding: a strength when met, else an area for
    improvement (left out of the plan when specific findings already explain it)."""
    lang = ctx.lang
    judged = ctx.score["objectives"][oid]
    objective = next((o for o in ctx.scenario.objectives if o.id == oid), None)
    if objective is None or not judged.get("tested", True):
        return None
    expect = objective.expect
    text = ctx.name("objective", oid)
    within = judged.get("within")
    achieved = judged.get("achieved_at")
    responsible: tuple[str, ...] = ()
    population_hours = 0.0
    if isinstance(expect, KnowsExpect):
        responsible = (expect.org,)
        subject = _("{org} knew of {fact}", lang).format(
            org=ctx.name("org", expect.org), fact=ctx.fact(expect.knows.service,
                                                           expect.knows.state))
    elif isinstance(expect, ActiveExpect):
        lead = ctx.tasks[expect.task].lead if expect.task in ctx.tasks else None
        responsible = (lead,) if lead else ()
        subject = _("{task} was activated", lang).format(task=ctx.name("task", expect.task))
    else:
        owner = ctx.services[expect.service].owner if expect.service in ctx.services else None
        responsible = (owner,) if owner else ()
        subject = _("{service} was {state}", lang).format(
            service=ctx.name("service", expect.service), state=ctx.state(expect.never))
        violated = judged.get("violated_at")
        if violated is not None:
            population_hours = ctx.population_hours(expect.service, violated, ctx.end)
    if judged.get("met"):
        if isinstance(expect, NeverExpect):
            observation = _("{service} was never {state}.", lang).format(
                service=ctx.name("service", expect.service), state=ctx.state(expect.never))
        else:
            observation = _("{subject} at {time}, {delay} after the fact (allowed {within}).",
                            lang).format(subject=subject, time=ctx.when(achieved),
                                         delay=ctx.dur(judged.get("delay")),
                                         within=ctx.dur(within) if within else "–")
        return Finding(True, "objective-met", text, observation, "", "", "exercises",
                       responsible, achieved or 0.0)
    if isinstance(expect, NeverExpect):
        observation = _("{subject} from {time}.", lang).format(
            subject=subject, time=ctx.when(judged.get("violated_at")))
    elif achieved is None:
        observation = _("Not achieved during the run.", lang)
    else:
        observation = _("{subject} only at {time}, {delay} after the fact (allowed {within}).",
                        lang).format(subject=subject, time=ctx.when(achieved),
                                     delay=ctx.dur(judged.get("delay")), within=ctx.dur(within))
    explained = [f for f in linked if oid in f.objectives and not f.strength]
    if explained:
        consequence = _("Explained by the other findings of this section ({count}).",
                        lang).format(count=len(explained))
    else:
        consequence = _("Rated {rating}; no other finding of this report explains it.",
                        lang).format(rating=judged.get("rating"))
    if population_hours:
        consequence = _("{hours} population-hours lost.", lang).format(
            hours=ctx.num(population_hours)) + " " + consequence
    recommendation = _("Rehearse this objective in the next exercise once the corrective "
                       "actions are in place.", lang)
    return Finding(False, "objective-missed", text, observation, consequence, recommendation,
                   "exercises", responsible,
                   judged.get("violated_at") or achieved or ctx.end,
                   population_hours=population_hours, objectives=(oid,),
                   in_plan=not explained)
