"""Findings about the information flow: notifications that came late or never, channels
that failed, and fallbacks and interfaces that worked.

A late notification is blamed on the interface from the organisation that knew the fact
first (usually the service's owner) to each concerned organisation that learned it more than
:data:`LATE_AFTER` minutes later (or later than its ``knows`` objective allows), or never.
A failed channel is a message whose every channel was down when it was sent; it is reported
per sender and receiver with the services whose outage silenced the channels, and the
scenario's channels that would have worked are offered as the recommendation.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reports.context import RunContext
from reports.findings import Finding
from reports.i18n import gettext as _
from reports.i18n import ngettext
from simulator.events import MessageEvent
from simulator.model import KnowsExpect, NotifyRule
from simulator.scoring.facts import fact_of
from simulator.scoring.information import fact_masks
from simulator.scoring.relevance import relevance

LATE_AFTER = 60.0
"""Minutes after which a notification counts as late (unless an objective says otherwise)."""
SHOWN = 4
"""Facts listed by name in one finding; the rest are counted."""


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _limits(ctx: RunContext) -> dict[tuple[str, str, str], float]:
    out: dict[tuple[str, str, str], float] = {}
    for objective in ctx.scenario.objectives:
        expect = objective.expect
        if isinstance(expect, KnowsExpect) and expect.within is not None:
            out[(expect.org, expect.knows.service, expect.knows.state)] = expect.within.max
    return out


def _notify_rules(ctx: RunContext) -> list[NotifyRule]:
    return [rule for rule in ctx.scenario.playbook if isinstance(rule, NotifyRule)]


def notification_findings(ctx: RunContext) -> list[Finding]:
    """Per (first knower, receiver): the facts the receiver learned late or never."""
    log, lang = ctx.log, ctx.lang
    rel = relevance(ctx.scenario)
    masks = fact_masks(log, rel)
    limits = _limits(ctx)
    groups: dict[tuple[str, str], list[tuple[int, float, float | None]]] = defaultdict(list)
    for number, fact in enumerate(log.facts):
        known = log.known[number]
        if not masks[number] or not known:
            continue
        owner = ctx.services[fact.service].owner if fact.service in ctx.services else None
        source = min(known, key=lambda org: (known[org], org != owner, org))
        first = known[source]
        for receiver in rel.members(masks[number]):
            if receiver == source:
                continue
            limit = limits.get((receiver, fact.service, fact.to), LATE_AFTER)
            at = known.get(receiver)
            if (at is None and ctx.end - first > limit) or (at is not None and at - first > limit):
                groups[(source, receiver)].append((number, first, at))
    rules = _notify_rules(ctx)
    out = []
    for (source, receiver), items in sorted(groups.items()):
        out.append(_notification(ctx, source, receiver, items, rules, lang))
    return out


def _notification(ctx: RunContext, source: str, receiver: str,
                  items: list[tuple[int, float, float | None]], rules: list[NotifyRule],
                  lang: str) -> Finding:
    facts = [ctx.log.facts[number] for number, _first, _at in items]
    parts = []
    for (_number, first, at), fact in zip(items, facts, strict=True):
        label = ctx.fact(fact.service, fact.to)
        if at is None:
            parts.append(_("{fact} ({time}): never", lang).format(fact=label, time=ctx.when(first)))
        else:
            parts.append(_("{fact} ({time}): {delay} later", lang).format(
                fact=label, time=ctx.when(first), delay=ctx.dur(at - first)))
    shown = "; ".join(parts[:SHOWN])
    if len(parts) > SHOWN:
        shown += "; " + _("and {count} more", lang).format(count=len(parts) - SHOWN)
    never = sum(1 for *_rest, at in items if at is None)
    src, dst = ctx.name("org", source), ctx.name("org", receiver)
    observation = ngettext(
        "{source} knew a fact that concerns {receiver} long before {receiver} did (or "
        "{receiver} never learned it): {facts}.",
        "{source} knew {count} facts that concern {receiver} long before {receiver} did (or "
        "{receiver} never learned them): {facts}.", len(items), lang).format(
        source=src, receiver=dst, count=len(items), facts=shown)
    delay = sum((ctx.end if at is None else at) - first for _n, first, at in items)
    population_hours = sum(ctx.population_hours(f.service, first, ctx.end if at is None else at)
                           for f, (_n, first, at) in zip(facts, items, strict=True)
                           if f.to == "down")
    consequence = _("{receiver} was without this information for {delay} in all; meanwhile "
                    "the services concerned cost {hours} population-hours.", lang).format(
        receiver=dst, delay=ctx.dur(delay), hours=ctx.num(population_hours))
    triggered = sorted({task.id for task in ctx.scenario.responsibilities
                        for f in facts
                        if (task.trigger.service, task.trigger.state) == (f.service, f.to)
                        and (task.lead == receiver or receiver in task.support)})
    if triggered:
        consequence += " " + _("{receiver} leads or supports tasks these facts trigger: "
                               "{tasks}.", lang).format(
            receiver=dst, tasks=", ".join(ctx.name("task", t) for t in triggered))
    agreed = [r for r in rules if receiver in r.to
              and any((r.when.service, r.when.state) == (f.service, f.to) for f in facts)]
    office = next((o for o in ctx.scenario.organisations if o.id == receiver), None)
    waited = [m for m in ctx.log.messages if m.to == receiver and m.status == "delivered"
              and (str(m.about.get("service")), str(m.about.get("state"))) in
              {(f.service, f.to) for f in facts}]
    if office is not None and office.duty == "office-hours" and (never or waited):
        recommendation = _("{receiver} works office hours only, so the news waited for its "
                           "office to open: agree a duty officer reachable around the clock, "
                           "or a 24/7 organisation that alerts it.", lang).format(receiver=dst)
        capability = "organisation"
    elif not agreed:
        recommendation = _("Agree in the playbook that {source} notifies {receiver} of these "
                           "facts, over a channel that works in this disruption.", lang).format(
            source=src, receiver=dst)
        capability = "planning"
    else:
        rule = agreed[0]
        recommendation = _("The playbook has {source}'s rule '{rule}' (reaction time {after}, "
                           "channels {via}); shorten the reaction time and check that its "
                           "channels work in this disruption.", lang).format(
            source=ctx.name("org", rule.by), rule=rule.id, after=ctx.dur(rule.after.max),
            via=", ".join(ctx.name("channel", c) for c in rule.via))
        capability = "training"
    title = _("Late or missing notification: {source} → {receiver}", lang).format(
        source=src, receiver=dst)
    if never:
        title = _("Lost notification: {source} → {receiver}", lang).format(
            source=src, receiver=dst)
    return Finding(False, "late-notification", title, observation, consequence, recommendation,
                   capability, (source,), min(first for _n, first, _at in items),
                   population_hours=population_hours, delay=delay, pair=_pair(source, receiver),
                   services=tuple(sorted({f.service for f in facts})),
                   facts=tuple(sorted({(f.service, f.to) for f in facts})),
                   receivers=(receiver,))


def channel_findings(ctx: RunContext) -> list[Finding]:
    """Failed channels per (sender, receiver), and fallbacks that worked."""
    by_id: dict[int, list[MessageEvent]] = defaultdict(list)
    for message in ctx.log.messages:
        by_id[message.id].append(message)
    failed: dict[tuple[str, str], list[list[MessageEvent]]] = defaultdict(list)
    fallbacks: dict[tuple[str, str, str], list[MessageEvent]] = defaultdict(list)
    for history in by_id.values():
        first = history[0]
        if any(m.status == "failed" for m in history):
            failed[(first.from_, first.to)].append(history)
        for m in history:
            if m.status == "delivered" and m.channel and any(
                    s.fallback for s in history if s.status == "sent"):
                fallbacks[(m.from_, m.to, m.channel)].append(m)
    out = [_failed(ctx, s, r, histories) for (s, r), histories in sorted(failed.items())]
    for (sender, receiver, channel), delivered in sorted(fallbacks.items()):
        lang = ctx.lang
        src, dst = ctx.name("org", sender), ctx.name("org", receiver)
        out.append(Finding(
            True, "fallback-worked",
            _("Fallback channel worked: {source} → {receiver}", lang).format(source=src,
                                                                           receiver=dst),
            _("{source} reached {receiver} over {channel} ({count} messages) when the first "
              "channel of the agreed list did not work.", lang).format(
                source=src, receiver=dst, channel=ctx.name("channel", channel),
                count=len(delivered)),
            "", "", "equipment", (sender,), delivered[0].t, pair=_pair(sender, receiver)))
    return out


def _failed(ctx: RunContext, sender: str, receiver: str,
            histories: list[list[MessageEvent]]) -> Finding:
    lang = ctx.lang
    attempts = 0
    first_fail = min(m.t for h in histories for m in h if m.status == "failed")
    delay = 0.0
    never = 0
    silenced: set[str] = set()
    tried: list[str] = []
    facts = []
    for history in histories:
        fails = [m for m in history if m.status == "failed"]
        attempts += len(fails)
        delivered = next((m for m in history if m.status == "delivered"), None)
        delay += (ctx.end if delivered is None else delivered.t) - fails[0].t
        never += delivered is None
        about: dict[str, Any] = history[0].about
        facts.append((str(about.get("service")), str(about.get("state"))))
        for channel in _via(ctx, sender, receiver, about):
            if channel not in tried:
                tried.append(channel)
            silenced.update(_down_dependencies(ctx, channel, fails[0].t))
    src, dst = ctx.name("org", sender), ctx.name("org", receiver)
    outcome = (_("{count} of them were never delivered.", lang).format(count=never) if never
               else _("All were delivered in the end, after {delay} in all.", lang).format(
                   delay=ctx.dur(delay)))
    observation = _("{count} messages from {source} to {receiver} found no working channel "
                    "({attempts} failed attempts from {time}; channels tried: {channels}, "
                    "silenced by {services} being down). {outcome}", lang).format(
        count=len(histories), source=src, receiver=dst, attempts=attempts,
        time=ctx.when(first_fail), channels=", ".join(ctx.name("channel", c) for c in tried)
        or "–", services=", ".join(ctx.name("service", s) for s in sorted(silenced)) or "–",
        outcome=outcome)
    population_hours = 0.0
    for history in histories:
        about = history[0].about
        number = fact_of(ctx.log, about)
        if number is not None and about.get("state") == "down":
            delivered = next((m for m in history if m.status == "delivered"), None)
            population_hours += ctx.population_hours(
                str(about.get("service")), history[0].t,
                ctx.end if delivered is None else delivered.t)
    consequence = _("{receiver} waited {delay} in all for these messages.", lang).format(
        receiver=dst, delay=ctx.dur(delay))
    working = [c.id for c in ctx.scenario.channels
               if c.id not in tried and not set(c.depends_on) & silenced]
    if working:
        recommendation = _("Add a channel that does not depend on {services} to the "
                           "notification, e.g. {channels}, or agree a backup route.",
                           lang).format(
            services=", ".join(ctx.name("service", s) for s in sorted(silenced)) or "–",
            channels=", ".join(ctx.name("channel", c) for c in working))
    else:
        recommendation = _("Agree a channel that works without {services} (a courier, a "
                           "liaison officer, satellite phones).", lang).format(
            services=", ".join(ctx.name("service", s) for s in sorted(silenced)) or "–")
    return Finding(False, "failed-channel",
                   _("Failed channels: {source} → {receiver}", lang).format(source=src,
                                                                          receiver=dst),
                   observation, consequence, recommendation, "equipment", (sender,), first_fail,
                   population_hours=population_hours, delay=delay, pair=_pair(sender, receiver),
                   services=(), facts=tuple(sorted(set(facts))), receivers=(receiver,))


def _via(ctx: RunContext, sender: str, receiver: str, about: dict[str, Any]) -> tuple[str, ...]:
    """The channels of the notify rule that sent a message (its ``via``)."""
    for rule in _notify_rules(ctx):
        if (rule.by == sender and receiver in rule.to and rule.when.service == about.get("service")
                and rule.when.state == about.get("state")):
            return rule.via
    return ()


def _down_dependencies(ctx: RunContext, channel: str, t: float) -> set[str]:
    found = next((c for c in ctx.scenario.channels if c.id == channel), None)
    if found is None:
        return set()
    return {s for s in found.depends_on
            if any(a <= t < b for a, b in ctx.spans.get(s, {}).get("down", ()))}
