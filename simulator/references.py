"""Cross-reference and meaning checks that the per-record model cannot make on its own.

The model checks each record in isolation; a scenario also has to hang together: every id
a record names must exist in its kind, ids must be unique, a supply must refill an actual
dependency, a task must not need more units than its pool holds. These checks run on the
validated records (also when some records failed, so that one run reports everything) and
return findings located by model ``loc``; the loader turns them into file positions.
Every check is one pass with dict look-ups, so a 10k-service scenario costs milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.diagnostics import Loc, Severity, did_you_mean
from simulator.model import (
    ActivateRule,
    ActiveExpect,
    ConveneRule,
    KnowsExpect,
    MessageInject,
    Need,
    NeverExpect,
    NotifyRule,
    RepairRule,
    Resource,
    Service,
    ServiceInject,
    SupplyRule,
)

KIND_WORDS: dict[str, str] = {
    "organisations": "organisation",
    "services": "service",
    "channels": "channel",
    "resources": "resource",
    "responsibilities": "responsibility",
    "playbook": "playbook rule",
    "injects": "inject",
    "objectives": "objective",
}
"""List name -> the word for one of its records, as messages say it."""

MAX_SUGGESTIONS = 200
"""Did-you-mean look-ups per scenario; each costs a scan of the kind's ids."""

Items = Mapping[str, Sequence[tuple[int, Any]]]
"""List name -> (index in the merged list, validated record) for every valid record."""


@dataclass(frozen=True)
class Finding:
    """A problem found by the checks, located by its ``loc`` in the merged scenario."""

    loc: Loc
    message: str
    severity: Severity = "error"
    first: Loc | None = None
    """For a duplicate id: where the id was first defined."""


def check_references(items: Items, raw: Mapping[str, Sequence[Any]]) -> list[Finding]:
    """Every dangling reference, duplicate id and unsatisfiable need; zero-reserve cycles.

    ``raw`` holds the merged lists as read (also the records that failed validation), so
    that their ids count as defined and references to them are not reported twice.
    """
    checker = _Checker(raw)
    for _, resource in items.get("resources", ()):
        checker.resource_by_id.setdefault(resource.id, resource)
    checker.services(items.get("services", ()))
    for i, channel in items.get("channels", ()):
        for k, service in enumerate(channel.depends_on):
            checker.ref(("channels", i, "depends_on", k), "services", service)
    for i, resource in items.get("resources", ()):
        if resource.owner is not None:
            checker.ref(("resources", i, "owner"), "organisations", resource.owner)
    checker.responsibilities(items.get("responsibilities", ()))
    checker.playbook(items.get("playbook", ()))
    checker.injects(items.get("injects", ()))
    checker.objectives(items.get("objectives", ()))
    checker.contacts(items.get("organisations", ()))
    checker.zero_reserve_cycles(items.get("services", ()))
    return checker.findings


class _Checker:
    """The id index of one scenario and the findings so far."""

    def __init__(self, raw: Mapping[str, Sequence[Any]]) -> None:
        self.findings: list[Finding] = []
        self.index: dict[str, dict[str, int]] = {}
        self.suggestions = MAX_SUGGESTIONS
        self.service_by_id: dict[str, Service] = {}
        self.resource_by_id: dict[str, Resource] = {}
        for name in KIND_WORDS:
            ids: dict[str, int] = {}
            for i, item in enumerate(raw.get(name, ())):
                ident = item.get("id") if isinstance(item, dict) else None
                if not isinstance(ident, str):
                    continue
                if ident in ids:
                    message = f"duplicate {KIND_WORDS[name]} id '{ident}'"
                    first = (name, ids[ident])
                    self.findings.append(Finding((name, i, "id"), message, first=first))
                else:
                    ids[ident] = i
            self.index[name] = ids

    def ref(self, loc: Loc, kind: str, value: str, also: Iterable[str] = ()) -> bool:
        """Report ``value`` unless it is an id of ``kind`` (or one of ``also``)."""
        ids = self.index[kind]
        if value in ids or value in also:
            return True
        hint = ""
        if self.suggestions > 0:
            self.suggestions -= 1
            hint = did_you_mean(value, [*ids, *also])
        self.findings.append(Finding(loc, f"unknown {KIND_WORDS[kind]} '{value}'{hint}"))
        return False

    def need(self, loc: Loc, need: Need | None) -> None:
        if need is None or not self.ref((*loc, "resource"), "resources", need.resource):
            return
        pool = self.resource_by_id.get(need.resource)
        if pool is not None and need.count > pool.count:
            self.findings.append(
                Finding(
                    (*loc, "count"),
                    f"needs {need.count} units of '{need.resource}', which has only "
                    f"{pool.count}; this can never be satisfied",
                )
            )

    def services(self, services: Sequence[tuple[int, Service]]) -> None:
        for _, service in services:
            self.service_by_id.setdefault(service.id, service)
        for i, service in services:
            self.ref(("services", i, "owner"), "organisations", service.owner)
            seen: dict[str, int] = {}
            for j, dep in enumerate(service.depends_on):
                loc = ("services", i, "depends_on", j, "service")
                if dep.service == service.id:
                    self.findings.append(Finding(loc, "a service cannot depend on itself"))
                elif dep.service in seen:
                    earlier = seen[dep.service]
                    message = f"'{dep.service}' is already a dependency (depends_on[{earlier}])"
                    self.findings.append(Finding(loc, message))
                else:
                    seen[dep.service] = j
                    self.ref(loc, "services", dep.service)

    def responsibilities(self, tasks: Sequence[tuple[int, Any]]) -> None:
        for i, task in tasks:
            loc = ("responsibilities", i)
            self.ref((*loc, "trigger", "service"), "services", task.trigger.service)
            if task.lead is not None:
                self.ref((*loc, "lead"), "organisations", task.lead)
            for k, org in enumerate(task.support):
                self.ref((*loc, "support", k), "organisations", org)
            if task.cost is not None:
                self.ref((*loc, "cost"), "organisations", task.cost, also=("shared",))
            self.need((*loc, "needs"), task.needs)
            for k, mitigation in enumerate(task.mitigates):
                self.ref((*loc, "mitigates", k, "service"), "services", mitigation.service)

    def playbook(self, rules: Sequence[tuple[int, Any]]) -> None:
        for i, rule in rules:
            loc = ("playbook", i)
            self.ref((*loc, "by"), "organisations", rule.by)
            self.ref((*loc, "when", "service"), "services", rule.when.service)
            if isinstance(rule, NotifyRule):
                self.each((*loc, "to"), "organisations", rule.to)
                self.each((*loc, "via"), "channels", rule.via)
            elif isinstance(rule, ConveneRule):
                self.each((*loc, "members"), "organisations", rule.members)
                self.each((*loc, "via"), "channels", rule.via)
            elif isinstance(rule, ActivateRule):
                self.ref((*loc, "task"), "responsibilities", rule.task)
            elif isinstance(rule, (SupplyRule, RepairRule)):
                known = self.ref((*loc, "target"), "services", rule.target)
                self.need((*loc, "needs"), rule.needs)
                if isinstance(rule, SupplyRule):
                    self.supply(loc, rule, known)

    def supply(self, loc: Loc, rule: SupplyRule, target_known: bool) -> None:
        if not self.ref((*loc, "dependency"), "services", rule.dependency) or not target_known:
            return
        target = self.service_by_id.get(rule.target)
        if target is None:
            return
        deps = list(dict.fromkeys(d.service for d in target.depends_on))
        if rule.dependency not in deps:
            has = f"its dependencies are: {', '.join(deps)}" if deps else "it has no dependencies"
            message = f"'{rule.dependency}' is not a dependency of '{rule.target}'; {has}"
            self.findings.append(Finding((*loc, "dependency"), message))

    def each(self, loc: Loc, kind: str, values: Iterable[str]) -> None:
        for k, value in enumerate(values):
            self.ref((*loc, k), kind, value)

    def injects(self, injects: Sequence[tuple[int, Any]]) -> None:
        for i, inject in injects:
            if isinstance(inject, ServiceInject):
                self.ref(("injects", i, "target"), "services", inject.target)
            elif isinstance(inject, MessageInject):
                self.each(("injects", i, "to"), "organisations", inject.to)
                if inject.about is not None:
                    self.ref(("injects", i, "about", "service"), "services", inject.about.service)

    def objectives(self, objectives: Sequence[tuple[int, Any]]) -> None:
        for i, objective in objectives:
            loc, expect = ("objectives", i, "expect"), objective.expect
            if isinstance(expect, KnowsExpect):
                self.ref((*loc, "org"), "organisations", expect.org)
                self.ref((*loc, "knows", "service"), "services", expect.knows.service)
            elif isinstance(expect, ActiveExpect):
                self.ref((*loc, "task"), "responsibilities", expect.task)
            elif isinstance(expect, NeverExpect):
                self.ref((*loc, "service"), "services", expect.service)

    def contacts(self, organisations: Sequence[tuple[int, Any]]) -> None:
        channels = self.index["channels"]
        for i, org in organisations:
            for j, contact in enumerate(org.contacts):
                for k, channel in enumerate(contact.channels):
                    if channel not in channels:
                        hint = did_you_mean(channel, channels)
                        self.findings.append(
                            Finding(
                                ("organisations", i, "contacts", j, "channels", k),
                                f"unknown channel '{channel}'{hint}",
                                "warning",
                            )
                        )

    def zero_reserve_cycles(self, services: Sequence[tuple[int, Service]]) -> None:
        """Warn about each group of services that depend on each other with no reserve.

        Only ``effect: down`` dependencies propagate an outage, so only they can lock a
        cycle down for good. Strongly connected components, not simple cycles: linear time.
        """
        edges = [
            (service.id, dep.service)
            for _, service in services
            for dep in service.depends_on
            if dep.tolerance.max == 0 and dep.effect == "down"
            and dep.service != service.id and dep.service in self.service_by_id
        ]  # fmt: skip
        if not _has_cycle(edges):
            return
        import networkx as nx  # only now: importing it costs more than the check above

        graph = nx.DiGraph(edges)
        order = self.index["services"]
        for component in nx.strongly_connected_components(graph):
            if len(component) < 2:
                continue
            ids = sorted(component, key=order.__getitem__)
            shown = ", ".join(ids[:10]) + (f", … ({len(ids)} services)" if len(ids) > 10 else "")
            message = (
                f"dependency cycle with no reserve: {shown} depend on each other with "
                "tolerance 0m, so a failure among them can never recover"
            )
            self.findings.append(Finding(("services", order[ids[0]]), message, "warning"))


def _has_cycle(edges: list[tuple[str, str]]) -> bool:
    """Whether a directed graph has a cycle: Kahn's algorithm leaves some node unremoved."""
    indegree: dict[str, int] = {}
    successors: dict[str, list[str]] = {}
    for source, target in edges:
        successors.setdefault(source, []).append(target)
        indegree[target] = indegree.get(target, 0) + 1
        indegree.setdefault(source, 0)
    ready = [node for node, degree in indegree.items() if degree == 0]
    removed = 0
    while ready:
        node = ready.pop()
        removed += 1
        for target in successors.get(node, ()):
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return removed < len(indegree)
