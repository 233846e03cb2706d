"""The report's descriptive sections: the timeline of key events, the information flow
(who told whom, when, over which channel) and the services (states, reserves, impact).

These are tables of what happened, read straight from the event log and the scores; the
judgement lives in :mod:`reports.findings`.
"""

from __future__ import annotations

from typing import Any

from reports.charts import Chart, availability_chart, shared_picture_chart
from reports.context import RunContext
from reports.i18n import N_, fmt_datetime, fmt_sim_time
from reports.i18n import gettext as _
from simulator.events import ActionEvent, InjectFired, Knows, NoteEvent, ServiceChanged
from simulator.fields import text_in

Rows = list[tuple[str, ...]]
MAX_CHART_SERVICES = 30


def _row(ctx: RunContext, t: float, kind: str, text: str) -> tuple[str, ...]:
    return (fmt_sim_time(t), fmt_datetime(ctx.wall(t), ctx.lang), _(kind, ctx.lang), text)


def _cause(ctx: RunContext, cause: str) -> str:
    kind, _sep, what = cause.partition(":")
    if kind == "inject":
        return _("inject {id}", ctx.lang).format(id=what)
    if kind == "reserve":
        return _("reserve for {service} ran out", ctx.lang).format(
            service=ctx.name("service", what))
    return _(kind, ctx.lang)


def timeline(ctx: RunContext) -> Rows:
    """Injects, first failures, first knowledge per organisation, decisions and notes."""
    lang = ctx.lang
    injects = {i.id: i for i in ctx.scenario.injects}
    rows: list[tuple[float, int, tuple[str, ...]]] = []
    first_state: set[tuple[str, str]] = set()
    first_known: set[str] = set()
    for order, event in enumerate(ctx.events):
        if isinstance(event, InjectFired):
            scripted = injects.get(event.id or "")
            said = text_in(scripted.text, lang) if scripted is not None else ""
            what = said or event.text or (ctx.name("service", event.target)
                                          if event.target else "")
            label, text = N_("Inject"), f"{event.id or _('ad hoc', lang)}: {what}"
        elif isinstance(event, ServiceChanged) and event.to in ("down", "degraded"):
            key = (event.service, event.to)
            if key in first_state:
                continue
            first_state.add(key)
            label, text = N_("First failure"), f"{ctx.fact(*key)} ({_cause(ctx, event.cause)})"
        elif isinstance(event, Knows) and event.state != "up":
            if event.org in first_known:
                continue
            first_known.add(event.org)
            label = N_("First knowledge")
            text = _("{org} learns {fact} ({how})", lang).format(
                org=ctx.name("org", event.org), fact=ctx.fact(event.service, event.state),
                how=_(event.how, lang))
        elif isinstance(event, ActionEvent) and (event.status != "started"
                                                 or event.do in ("supply", "repair")):
            label, text = N_("Decision"), _action(ctx, event)
        elif isinstance(event, NoteEvent):
            label, text = N_("Note"), event.text
        else:
            continue
        rows.append((event.t, order, _row(ctx, event.t, label, text)))
    return [row for _t, _order, row in sorted(rows)]


def _action(ctx: RunContext, event: Any) -> str:
    lang = ctx.lang
    fields = event.fields or {}
    do = event.do
    if do == "notify":
        what = _("notifies {to}", lang).format(to=ctx.orgs(fields.get("to", ())))
    elif do == "activate":
        what = _("activates {task}", lang).format(task=ctx.name("task", fields.get("task")))
    elif do == "convene":
        what = _("convenes a joint situation centre with {members}", lang).format(
            members=ctx.orgs(fields.get("members", ())))
    elif do == "supply":
        what = _("supplies {target}", lang).format(target=ctx.name("service",
                                                                   fields.get("target")))
    else:
        what = _("repairs {target}", lang).format(target=ctx.name("service",
                                                                  fields.get("target")))
    about = fields.get("about")
    if isinstance(about, dict) and do == "notify":
        what += ": " + ctx.fact(str(about.get("service")), str(about.get("state")))
    status = (N_("skipped") if fields.get("outcome") == "skipped"
              else N_("started") if event.status == "started" else "")
    suffix = f" ({_(status, lang)}" + (f": {fields['reason']}" if fields.get("reason") else "") \
        + ")" if status else ""
    rule = f" [{event.rule}]" if event.rule else f" [{_('facilitator', lang)}]"
    return f"{ctx.name('org', event.by)} {what}{suffix}{rule}"


def information_section(ctx: RunContext) -> tuple[dict[str, Any], list[Chart]]:
    flow = ctx.score["information_flow"]
    edges = flow.get("message_graph", {}).get("edges", [])
    orgs = sorted({a for a, _b, _n in edges} | {b for _a, b, _n in edges})
    counts = {(a, b): n for a, b, n in edges}
    matrix = [(f"{n}. {ctx.name('org', a)}", *(str(counts.get((a, b), "")) for b in orgs))
              for n, a in enumerate(orgs, start=1)]
    sent: dict[int, Any] = {}
    messages = []
    for message in ctx.log.messages:
        if message.status == "sent":
            sent[message.id] = message
        elif message.status == "delivered":
            start = sent.get(message.id)
            about = message.about
            messages.append((
                fmt_sim_time(start.t if start else message.t), fmt_sim_time(message.t),
                ctx.name("org", message.from_), ctx.name("org", message.to),
                ctx.name("channel", message.channel) + (
                    " ↩" if start is not None and start.fallback else ""),
                ctx.fact(str(about.get("service")), str(about.get("state"))),
                ctx.dur(message.t - start.t) if start else "–"))
    found = flow.get("interfaces", {})
    order = sorted(found, key=lambda k: (found[k]["score"], -found[k]["facts"], k))
    interfaces = [(f"{ctx.name('org', found[k]['from'])} → {ctx.name('org', found[k]['to'])}",
                   str(found[k]["facts"]), str(found[k]["told"]), str(found[k]["missed"]),
                   ctx.dur(found[k]["median_lag"]), ctx.dur(found[k]["max_lag"]),
                   ctx.num(found[k]["score"], 1)) for k in order]
    channels = [(ctx.name("channel", c), str(v["sent"]), str(v["delivered"]), str(v["fallbacks"]),
                 str(v["failed_attempts"]), str(v["undelivered"]))
                for c, v in flow.get("channels", {}).items()]
    by_org = [(ctx.name("org", o), str(v["relevant"]), str(v["known"]), ctx.dur(v["median_delay"]),
               ctx.dur(v["p90_delay"]), ctx.num(v["score"], 1))
              for o, v in flow.get("by_org", {}).items()]
    chart = shared_picture_chart(ctx)
    section = {"matrix_orgs": [str(n) for n in range(1, len(orgs) + 1)], "matrix": matrix,
               "messages": messages, "interfaces": interfaces, "channels": channels,
               "by_org": by_org, "chart": chart}
    return section, [chart] if chart is not None else []


def services_section(ctx: RunContext) -> tuple[dict[str, Any], list[Chart]]:
    scores = ctx.score["services"]
    affected = [s.id for s in ctx.scenario.services
                if s.critical or scores.get(s.id, {}).get("availability", 1.0) < 1.0
                or ctx.spans.get(s.id)]
    critical = [s.id for s in ctx.scenario.services if s.critical]
    shown = (critical or affected)[:MAX_CHART_SERVICES]
    chart = availability_chart(ctx, shown) if shown else None
    rows = []
    for service_id in affected:
        v = scores.get(service_id, {})
        service = ctx.services[service_id]
        rows.append((ctx.name("service", service_id), ctx.name("org", service.owner),
                     "✓" if service.critical else "", ctx.when(v.get("first_down")),
                     ctx.hours(v.get("down_minutes")), ctx.hours(v.get("degraded_minutes")),
                     ctx.hours(v.get("strained_minutes")),
                     f"{ctx.num(100 * v.get('availability', 1.0), 1)} %",
                     ctx.state(v.get("state_at_end", "up"))))
    impact = ctx.score["impact"]
    people = []
    for service_id in sorted(set(impact["population_hours"]) | set(
            impact.get("vulnerable_by_service", {}))):
        found = ctx.services.get(service_id)
        people.append((ctx.name("service", service_id),
                       ctx.num(found.population if found else None),
                       ctx.num(found.vulnerable if found else None),
                       ctx.num(impact["population_hours"].get(service_id, 0.0)),
                       ctx.num(impact.get("vulnerable_by_service", {}).get(service_id, 0.0))))
    totals = (ctx.num(impact.get("population_hours_total",
                                 sum(impact["population_hours"].values()))),
              ctx.num(impact["vulnerable_hours"]),
              ctx.num(impact.get("mitigated_population_hours")))
    section = {"chart": chart, "rows": rows, "reserves": _reserves(ctx), "impact": people,
               "totals": totals}
    return section, [chart] if chart is not None else []


def _reserves(ctx: RunContext) -> Rows:
    """Each reserve that was drawn on: its size, how low it went and when it ran out."""
    exhausted: dict[tuple[str, str], float] = {}
    supplies: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for event in ctx.log.reserves:
        key = (event.service, event.dependency)
        if event.status == "exhausted":
            exhausted.setdefault(key, event.t)
        else:
            supplies.setdefault(key, []).append((event.t, event.left))
    rows: Rows = []
    for service in ctx.scenario.services:
        for dep in service.depends_on:
            outages = ctx.spans.get(dep.service, {}).get("down", [])
            if not outages or dep.tolerance.max <= 0:
                continue
            key = (service.id, dep.service)
            lowest = _lowest(dep.tolerance.min, dep.refill, outages, supplies.get(key, []))
            if key in exhausted:
                low = "0 min"
            elif dep.tolerance.fixed:
                low = ctx.dur(lowest)
            else:
                low = "≥ " + ctx.dur(lowest)
            tolerance = (ctx.dur(dep.tolerance.min) if dep.tolerance.fixed
                         else f"{ctx.dur(dep.tolerance.min)}–{ctx.dur(dep.tolerance.max)}")
            rows.append((ctx.name("service", service.id), ctx.name("service", dep.service),
                         tolerance, _(dep.refill, ctx.lang), low,
                         ctx.when(exhausted.get(key)), str(len(supplies.get(key, [])))))
    return rows


def _lowest(tolerance: float, refill: str, outages: list[tuple[float, float]],
            supplies: list[tuple[float, float]]) -> float:
    """The lowest level a reserve of ``tolerance`` reached over the provider's outages."""
    level, lowest, last = tolerance, tolerance, 0.0
    for start, stop in outages:
        if refill == "auto":
            level = min(tolerance, level + (start - last))
        for t, left in supplies:
            if start <= t <= stop:
                level = max(0.0, level - (t - start))
                lowest = min(lowest, level)
                level, start = left, t
        level = max(0.0, level - (stop - start))
        lowest = min(lowest, level)
        last = stop
    return lowest
