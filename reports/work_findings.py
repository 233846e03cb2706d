"""Findings about the work done: tasks (unassigned, late, never activated, activated by
the wrong organisation, or on time), reserves that ran out or held, and resources that ran
short.

The consequence of a task that came late is the mitigation it did not give: its
``mitigates`` share of the resident-hours lost while it should already have been in effect.
A reserve that ran out costs what its service lost from then on. A resource ran short when
the tasks and actions holding or waiting for its units asked for more than its ``count``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reports.context import RunContext
from reports.findings import Finding
from reports.i18n import N_
from reports.i18n import gettext as _
from simulator.fields import SpanField
from simulator.model import ActivateRule, Responsibility


def _span(ctx: RunContext, span: SpanField | None) -> str:
    if span is None:
        return "–"
    if span.fixed:
        return ctx.dur(span.min)
    return f"{ctx.dur(span.min)}–{ctx.dur(span.max)}"


def _lost_mitigation(ctx: RunContext, task: Responsibility, start: float, stop: float) -> float:
    return sum(m.share * ctx.population_hours(m.service, start, stop) for m in task.mitigates)


def task_findings(ctx: RunContext) -> list[Finding]:
    work = ctx.score["coordination"]
    out = []
    for task_id, entry in work["tasks"].items():
        task = ctx.tasks.get(task_id)
        if task is None:
            continue
        finding = _task(ctx, task, entry, work)
        if finding is not None:
            out.append(finding)
    return out


def _task(ctx: RunContext, task: Responsibility, entry: dict[str, Any],
          work: dict[str, Any]) -> Finding | None:
    lang = ctx.lang
    name = ctx.name("task", task.id)
    within = task.within.max if task.within is not None else None
    fact = ctx.fact(task.trigger.service, task.trigger.state)
    occurrences = entry["occurrences"]
    triggered = entry["triggered"]
    cleared = occurrences[0].get("cleared")
    stop = ctx.end if cleared is None else cleared
    base = dict(tasks=(task.id,), t=triggered)
    if task.lead is None:
        helpers = task.support or ((task.cost,) if task.cost and task.cost != "shared" else ())
        activated = entry["activated"]
        lost = _lost_mitigation(ctx, task, triggered + (within or 0.0), stop if activated is None
                                else (entry["effective"] or stop))
        how = (_("nobody activated it", lang) if activated is None else
               _("{org} activated it only at {time}", lang).format(
                   org=ctx.name("org", entry["by"]), time=ctx.when(activated)))
        return Finding(
            False, "unassigned-task", _("Unassigned task: {task}", lang).format(task=name),
            _("{task} was triggered at {time} by {fact}; the responsibility matrix names no "
              "lead, and {how}.", lang).format(task=name, time=ctx.when(triggered), fact=fact,
                                               how=how),
            _("The need lasted {duration} ({fact}).", lang).format(
                duration=ctx.dur(stop - triggered), fact=fact) + (" " + _(
                    "{hours} population-hours of mitigation were not given.", lang).format(
                    hours=ctx.num(lost)) if lost else ""),
            _("Agree a lead for {task} in the responsibility matrix; now only supporting: "
              "{orgs}.", lang).format(task=name, orgs=ctx.orgs(task.support)),
            "organisation", tuple(helpers), population_hours=lost,
            delay=stop - triggered, **base)
    lead = ctx.name("org", task.lead)
    if task.id in work.get("not_activated", ()) or task.id in work.get("late", ()):
        activated = entry["activated"]
        if activated is None:
            late_from = triggered + (within or 0.0)
            lost = _lost_mitigation(ctx, task, late_from, stop)
            title = _("Task not activated: {task}", lang).format(task=name)
            observation = _("{task} was triggered at {time} by {fact}; {lead} did not activate "
                            "it before the trigger cleared or the run ended.", lang).format(
                task=name, time=ctx.when(triggered), fact=fact, lead=lead)
            delay = stop - triggered
        else:
            late_from = triggered + (within or 0.0)
            lost = _lost_mitigation(ctx, task, late_from, entry["effective"] or stop)
            title = _("Late task: {task}", lang).format(task=name)
            observation = _("{task} was triggered at {time} by {fact}; {org} activated it at "
                            "{activated}, {delay} after the trigger (agreed: {within}).",
                            lang).format(task=name, time=ctx.when(triggered), fact=fact,
                                         org=ctx.name("org", entry["by"]),
                                         activated=ctx.when(activated),
                                         delay=ctx.dur(activated - triggered),
                                         within=_span(ctx, task.within))
            delay = activated - triggered - (within or 0.0)
        consequence = (_("{hours} population-hours of mitigation were not given while the "
                         "task was late.", lang).format(hours=ctx.num(lost)) if lost else
                       _("The need lasted {duration} ({fact}).", lang).format(
                           duration=ctx.dur(stop - triggered), fact=fact))
        recommendation, capability = _task_cause(ctx, task, triggered, within)
        return Finding(False, "late-task", title, observation, consequence, recommendation,
                       capability, (task.lead,), population_hours=lost, delay=delay,
                       **base)
    if task.id in work.get("wrong_org", ()):
        return Finding(
            False, "wrong-organisation", _("Task led by another organisation: {task}",
                                           lang).format(task=name),
            _("{org} activated {task}, which the responsibility matrix gives to {lead}.",
              lang).format(org=ctx.name("org", entry["by"]), task=name, lead=lead),
            _("Responsibility was unclear at the interface; the coordination score counts "
              "such activations at half credit.", lang),
            _("Confirm with {lead} and {org} who leads {task}, and update the matrix or the "
              "playbook.", lang).format(lead=lead, org=ctx.name("org", entry["by"]), task=name),
            "organisation", (task.lead,), **base)
    if entry["activated"] is None:
        return None
    return Finding(
        True, "task-on-time", _("Task on time: {task}", lang).format(task=name),
        _("{lead} activated {task} {delay} after {fact} (agreed: {within}).", lang).format(
            lead=lead, task=name, delay=ctx.dur(entry["activated"] - triggered), fact=fact,
            within=_span(ctx, task.within)),
        "", "", "planning", (task.lead,), **base)


def _task_cause(ctx: RunContext, task: Responsibility, triggered: float,
                within: float | None) -> tuple[str, str]:
    """Why a task was late: the lead learned of the trigger late, or took long to decide,
    or the playbook has no activation for it."""
    lang = ctx.lang
    lead = ctx.name("org", task.lead)
    rules = [r for r in ctx.scenario.playbook if isinstance(r, ActivateRule) and r.task == task.id]
    if not rules:
        return (_("Add the activation of {task} by {lead} to the playbook, with a reaction time "
                  "that fits the agreed {within}.", lang).format(
            task=ctx.name("task", task.id), lead=lead, within=_span(ctx, task.within)),
            "planning")
    number = ctx.log.fact_number.get((task.trigger.service, task.trigger.state, triggered))
    knew = None if number is None else ctx.log.known[number].get(task.lead or "")
    if knew is None or (within is not None and knew - triggered > within / 2):
        learned = (_("never learned of it", lang) if knew is None else
                   _("learned of it {delay} after it happened", lang).format(
                       delay=ctx.dur(knew - triggered)))
        return (_("{lead} {learned}: agree that whoever sees {fact} first tells {lead} at "
                  "once, over a channel that works in this disruption.", lang).format(
            lead=lead, learned=learned, fact=ctx.fact(task.trigger.service, task.trigger.state)),
            "planning")
    return (_("{lead} knew of the trigger in time; shorten the decision to activate (the "
              "playbook's reaction time is {after}) and rehearse it.", lang).format(
        lead=lead, after=ctx.dur(rules[0].after.max)), "training")


def reserve_findings(ctx: RunContext) -> list[Finding]:
    """Reserves that ran out (per service) and, as strengths, reserves that held."""
    lang = ctx.lang
    exhausted: dict[str, dict[str, float]] = defaultdict(dict)
    supplied: dict[tuple[str, str], list[float]] = defaultdict(list)
    for event in ctx.log.reserves:
        if event.status == "exhausted":
            exhausted[event.service].setdefault(event.dependency, event.t)
        else:
            supplied[(event.service, event.dependency)].append(event.t)
    out = []
    for service_id, deps in sorted(exhausted.items()):
        service = ctx.services.get(service_id)
        if service is None:
            continue
        first = min(deps.values())
        down = ctx.down_between(service_id, first, ctx.end)
        population_hours = ctx.population_hours(service_id, first, ctx.end)
        vulnerable_hours = service.vulnerable * down / 60.0
        listing = "; ".join(
            _("{dependency} at {time} (reserve {tolerance}, {refill})", lang).format(
                dependency=ctx.name("service", dep), time=ctx.when(t),
                tolerance=_span(ctx, _tolerance(service, dep)), refill=_(_refill(service, dep),
                                                                          lang))
            for dep, t in sorted(deps.items(), key=lambda item: (item[1], item[0])))
        observation = _("{service} ran out of its reserve for: {listing}.", lang).format(
            service=ctx.name("service", service_id), listing=listing)
        consequence = _("{service} was down {down} from then on: {hours} population-hours, "
                        "{vulnerable} vulnerable-client-hours.", lang).format(
            service=ctx.name("service", service_id), down=ctx.hours(down),
            hours=ctx.num(population_hours), vulnerable=ctx.num(vulnerable_hours))
        dep, _t = min(deps.items(), key=lambda item: (item[1], item[0]))
        outage = ctx.down_between(dep, 0.0, ctx.end)
        supplies = supplied.get((service_id, dep), [])
        if supplies:
            recommendation = _("Supplies came at {times}; agree to deliver them before the "
                               "reserve runs out, or enlarge it to cover {outage}.", lang).format(
                times=", ".join(ctx.when(t) for t in supplies), outage=ctx.hours(outage))
        else:
            recommendation = _("Enlarge {service}'s reserve for {dependency} to cover the "
                               "{outage} it was down, or agree supplies that refill it.",
                               lang).format(service=ctx.name("service", service_id),
                                            dependency=ctx.name("service", dep),
                                            outage=ctx.hours(outage))
        out.append(Finding(
            False, "reserve-ran-out",
            _("Reserve ran out: {service}", lang).format(service=ctx.name("service", service_id)),
            observation, consequence, recommendation, "equipment", (service.owner,), first,
            population_hours=population_hours + vulnerable_hours, delay=down,
            services=(service_id,)))
    out.extend(_held(ctx, exhausted))
    return out


def _held(ctx: RunContext, exhausted: dict[str, dict[str, float]]) -> list[Finding]:
    """Reserves of critical services that bridged a provider's whole outage."""
    lang = ctx.lang
    out = []
    for service in ctx.scenario.services:
        if not service.critical:
            continue
        for dependency in service.depends_on:
            outage = ctx.down_between(dependency.service, 0.0, ctx.end)
            if outage <= 0 or dependency.service in exhausted.get(service.id, {}):
                continue
            spans = ctx.spans.get(dependency.service, {}).get("down", [])
            out.append(Finding(
                True, "reserve-held",
                _("Reserve held: {service}", lang).format(service=ctx.name("service", service.id)),
                _("{service} bridged {outage} without {dependency} on its reserve ({tolerance})."
                  , lang).format(service=ctx.name("service", service.id),
                                 outage=ctx.hours(outage),
                                 dependency=ctx.name("service", dependency.service),
                                 tolerance=_span(ctx, dependency.tolerance)),
                "", "", "equipment", (service.owner,), spans[0][0] if spans else 0.0,
                services=(service.id,)))
    return out


def _tolerance(service: Any, dependency: str) -> SpanField | None:
    return next((d.tolerance for d in service.depends_on if d.service == dependency), None)


def _refill(service: Any, dependency: str) -> str:
    found = next((d.refill for d in service.depends_on if d.service == dependency), "auto")
    return N_("refills by itself") if found == "auto" else N_("refilled only by supplies")


def resource_findings(ctx: RunContext) -> list[Finding]:
    """Resources whose units were asked for beyond their ``count``."""
    lang = ctx.lang
    changes: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    for event in ctx.log.tasks:
        task = ctx.tasks.get(event.task)
        if task is None or task.needs is None:
            continue
        if event.status == "activated":
            changes[task.needs.resource].append((event.t, task.needs.count, task.id))
        elif event.status == "cleared" and any(
                e.task == event.task and e.status == "activated" and e.t <= event.t
                for e in ctx.log.tasks):
            changes[task.needs.resource].append((event.t, -task.needs.count, task.id))
    waits: dict[str, float] = defaultdict(float)
    for action in ctx.log.actions:
        needs = (action.fields or {}).get("needs")
        if not isinstance(needs, dict) or action.do not in ("supply", "repair"):
            continue
        count = int(needs.get("count", 1))
        key = action.rule or action.do
        if action.status == "started":
            changes[str(needs.get("resource"))].append((action.t, count, key))
        elif action.status == "done":
            changes[str(needs.get("resource"))].append((action.t, -count, key))
            started = max((a.t for a in ctx.log.actions if a.rule == action.rule
                           and a.by == action.by and a.status == "started" and a.t <= action.t),
                          default=action.t)
            takes = float((action.fields or {}).get("takes", 0.0))
            waits[key] += max(0.0, action.t - started - takes)
    out = []
    counts = {r.id: r for r in ctx.scenario.resources}
    for resource_id, steps in sorted(changes.items()):
        resource = counts.get(resource_id)
        if resource is None:
            continue
        demand, peak, since, users = 0, 0, None, set()
        for t, delta, who in sorted(steps, key=lambda s: (s[0], -s[1])):
            demand += delta
            if delta > 0:
                users.add(who)
            if demand > resource.count and since is None:
                since = t
            peak = max(peak, demand)
        if since is None:
            continue
        waited = sum(waits[u] for u in users) + _task_waits(ctx, resource_id)
        name = ctx.name("resource", resource_id)
        out.append(Finding(
            False, "resource-short", _("Resource ran short: {resource}", lang).format(
                resource=name),
            _("From {time}, tasks and actions asked for {peak} units of {resource}; there are "
              "{count}. Users: {users}.", lang).format(
                time=ctx.when(since), peak=peak, resource=name, count=resource.count,
                users=", ".join(ctx.name("task", u) if u in ctx.tasks else u
                                for u in sorted(users))),
            _("Tasks and actions waited {waited} in all for free units before they could take "
              "effect.", lang).format(waited=ctx.dur(waited)),
            _("Agree more {resource} units (from the supporting organisations or by contract), "
              "or an order of priority among the tasks that need them.", lang).format(
                resource=name),
            "equipment", (resource.owner,) if resource.owner else (), since, delay=waited,
            tasks=tuple(sorted(u for u in users if u in ctx.tasks))))
    return out


def _task_waits(ctx: RunContext, resource_id: str) -> float:
    """Minutes tasks needing ``resource_id`` spent waiting for units: from activation to
    effect beyond their longest setup (to the clearing or the end when never in effect)."""
    total = 0.0
    started: dict[str, float] = {}
    for event in ctx.log.tasks:
        task = ctx.tasks.get(event.task)
        if task is None or task.needs is None or task.needs.resource != resource_id:
            continue
        if event.status == "activated":
            started[event.task] = event.t
        elif event.status in ("effective", "cleared") and event.task in started:
            total += max(0.0, event.t - started.pop(event.task) - task.setup.max)
    for task_id, t in started.items():
        total += max(0.0, ctx.end - t - ctx.tasks[task_id].setup.max)
    return total
