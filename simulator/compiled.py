"""A scenario compiled once for running many times, and the drawn values of one run.

Compiling indexes the scenario for the engine (who depends on whom, which channels a service
carries, every id) and collects every duration as minutes. That work depends only on the
scenario, so Monte Carlo, replay and the console do it once and hand the result to each
:class:`~simulator.engine.Run`.

A scenario may give any duration as a range ``{min, max}``. A run draws each range once, at
its start, from the one ``random.Random`` it owns, in document order (clock, services and
their dependencies, channels, responsibilities, playbook, injects). Fixed durations draw
nothing, and a run without ranges shares the compiled tables as they are. The engine reads
these tables and never touches a ``Span`` or a generator again; it never writes to them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Any

from simulator.fields import Span
from simulator.model import Inject, Scenario

DetectionPlan = list[tuple[float, tuple[str, ...]]]
"""(delay, organisations noticing after it), by increasing delay."""


@dataclass(frozen=True, slots=True)
class Drawn:
    """Minutes for every duration of a scenario, for one run (read-only)."""

    duration: float
    detect: dict[str, float]
    restore: dict[str, float]
    tolerance: dict[tuple[str, int], float]
    """(service, index in ``depends_on``) -> reserve size."""
    latency: dict[str, float]
    within: dict[str, float | None]
    setup: dict[str, float]
    after: dict[str, float]
    retry: dict[str, float]
    takes: dict[str, float]
    amount: dict[str, float]
    at: dict[str, float | None]


@dataclass(frozen=True, slots=True)
class CompiledScenario:
    """The scenario with the indexes the engine needs, built once."""

    scenario: Scenario
    base: Drawn
    """Every fixed duration; a range holds its ``min`` until a run draws it."""
    ranges: tuple[tuple[str, Any, Span], ...]
    """(table of :class:`Drawn`, key, span) of every range, in document order."""
    owner: dict[str, str]
    dependents: dict[str, tuple[tuple[str, int], ...]]
    """Provider -> (dependent service, index of the provider in its ``depends_on``)."""
    dependencies: dict[str, tuple[tuple[str, bool, bool], ...]]
    """Service -> (provider, manual refill, degrades) for each of its ``depends_on``."""
    dependency_index: dict[tuple[str, str], int]
    channels_of: dict[str, tuple[str, ...]]
    """Service -> the channels that stop working while it is down."""
    injects: dict[str, Inject]
    services: frozenset[str]
    organisations: frozenset[str]
    channels: frozenset[str]
    rules: frozenset[str]
    detection_plans: tuple[dict[str, DetectionPlan], dict[str, DetectionPlan]] = field(
        default_factory=lambda: ({}, {}))
    """Who notices a service's facts and when, (for ``down`` facts, for the others), made
    on a service's first fact and shared by every run whose ``detect`` durations are the
    compiled ones (see :class:`~simulator.pictures.Pictures`)."""

    def draw(self, rng: random.Random) -> Drawn:
        """The durations of one run: the fixed ones as compiled, each range drawn."""
        if not self.ranges:
            return self.base
        tables: dict[str, dict[Any, Any]] = {}
        duration = self.base.duration
        for table, key, span in self.ranges:
            value = span.draw(rng)
            if table == "duration":
                duration = value
                continue
            if table not in tables:
                tables[table] = dict(getattr(self.base, table))
            tables[table][key] = value
        return replace(self.base, duration=duration, **tables)


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Index ``scenario`` for running; do this once and run it many times."""
    ranges: list[tuple[str, Any, Span]] = []

    def fixed(table: str, key: Any, span: Span) -> float:
        if span.min != span.max:
            ranges.append((table, key, span))
        return span.min

    duration = fixed("duration", None, scenario.clock.duration)
    detect: dict[str, float] = {}
    restore: dict[str, float] = {}
    tolerance: dict[tuple[str, int], float] = {}
    owner: dict[str, str] = {}
    dependents: dict[str, list[tuple[str, int]]] = {}
    dependencies: dict[str, tuple[tuple[str, bool, bool], ...]] = {}
    dependency_index: dict[tuple[str, str], int] = {}
    for service in scenario.services:
        sid = service.id
        owner[sid] = service.owner
        span = service.detect
        detect[sid] = span.min if span.min == span.max else fixed("detect", sid, span)
        span = service.restore
        restore[sid] = span.min if span.min == span.max else fixed("restore", sid, span)
        deps = service.depends_on
        if deps:
            dependencies[sid] = tuple(
                (d.service, d.refill == "manual", d.effect == "degraded") for d in deps
            )
            for index, dep in enumerate(deps):
                span = dep.tolerance
                tolerance[(sid, index)] = (
                    span.min if span.min == span.max else fixed("tolerance", (sid, index), span)
                )
                dependents.setdefault(dep.service, []).append((sid, index))
                dependency_index[(sid, dep.service)] = index
    latency = {c.id: fixed("latency", c.id, c.latency) for c in scenario.channels}
    within: dict[str, float | None] = {}
    setup: dict[str, float] = {}
    for resp in scenario.responsibilities:
        within[resp.id] = None if resp.within is None else fixed("within", resp.id, resp.within)
        setup[resp.id] = fixed("setup", resp.id, resp.setup)
    after: dict[str, float] = {}
    retry: dict[str, float] = {}
    takes: dict[str, float] = {}
    amount: dict[str, float] = {}
    for rule in scenario.playbook:
        after[rule.id] = fixed("after", rule.id, rule.after)
        if rule.do == "notify":
            retry[rule.id] = fixed("retry", rule.id, rule.retry)
        elif rule.do == "supply":
            amount[rule.id] = fixed("amount", rule.id, rule.amount)
            takes[rule.id] = fixed("takes", rule.id, rule.takes)
        elif rule.do == "repair":
            takes[rule.id] = fixed("takes", rule.id, rule.takes)
    at = {i.id: None if i.at is None else fixed("at", i.id, i.at) for i in scenario.injects}
    channels_of: dict[str, list[str]] = {}
    for channel in scenario.channels:
        for provider in dict.fromkeys(channel.depends_on):
            channels_of.setdefault(provider, []).append(channel.id)
    base = Drawn(duration, detect, restore, tolerance, latency, within, setup, after, retry,
                 takes, amount, at)
    return CompiledScenario(
        scenario=scenario,
        base=base,
        ranges=tuple(ranges),
        owner=owner,
        dependents={p: tuple(d) for p, d in dependents.items()},
        dependencies=dependencies,
        dependency_index=dependency_index,
        channels_of={s: tuple(c) for s, c in channels_of.items()},
        injects={i.id: i for i in scenario.injects},
        services=frozenset(owner),
        organisations=frozenset(o.id for o in scenario.organisations),
        channels=frozenset(c.id for c in scenario.channels),
        rules=frozenset(r.id for r in scenario.playbook),
    )


def draw_durations(scenario: Scenario, rng: random.Random) -> Drawn:
    """Draw every duration of ``scenario`` for one run (compiles it first)."""
    return compile_scenario(scenario).draw(rng)
