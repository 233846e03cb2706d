"""The drawn values of one run: every duration of the scenario as a number of minutes.

A scenario may give any duration as a range ``{min, max}``. A run draws each range once,
at its start, from the one ``random.Random`` it owns, walking the scenario in document order
(clock, services and their dependencies, channels, responsibilities, playbook, injects).
Fixed durations draw nothing, so adding a range changes only the values after it in that
order. The engine reads these tables and never touches a ``Span`` or a generator again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from simulator.model import Scenario


@dataclass(frozen=True, slots=True)
class Drawn:
    """Minutes for every duration of a scenario, for one run."""

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


def draw_durations(scenario: Scenario, rng: random.Random) -> Drawn:
    """Draw every duration of ``scenario`` for one run, in document order."""
    duration = scenario.clock.duration.draw(rng)
    detect: dict[str, float] = {}
    restore: dict[str, float] = {}
    tolerance: dict[tuple[str, int], float] = {}
    for service in scenario.services:
        sid = service.id
        span = service.detect
        detect[sid] = span.min if span.min == span.max else span.draw(rng)
        span = service.restore
        restore[sid] = span.min if span.min == span.max else span.draw(rng)
        for index, dep in enumerate(service.depends_on):
            span = dep.tolerance
            tolerance[(sid, index)] = span.min if span.min == span.max else span.draw(rng)
    latency = {channel.id: channel.latency.draw(rng) for channel in scenario.channels}
    within: dict[str, float | None] = {}
    setup: dict[str, float] = {}
    for resp in scenario.responsibilities:
        within[resp.id] = None if resp.within is None else resp.within.draw(rng)
        setup[resp.id] = resp.setup.draw(rng)
    after: dict[str, float] = {}
    retry: dict[str, float] = {}
    takes: dict[str, float] = {}
    amount: dict[str, float] = {}
    for rule in scenario.playbook:
        after[rule.id] = rule.after.draw(rng)
        if rule.do == "notify":
            retry[rule.id] = rule.retry.draw(rng)
        elif rule.do == "supply":
            amount[rule.id] = rule.amount.draw(rng)
            takes[rule.id] = rule.takes.draw(rng)
        elif rule.do == "repair":
            takes[rule.id] = rule.takes.draw(rng)
    at: dict[str, float | None] = {}
    for inject in scenario.injects:
        at[inject.id] = None if inject.at is None else inject.at.draw(rng)
    return Drawn(
        duration, detect, restore, tolerance, latency, within, setup, after, retry, takes,
        amount, at,
    )


__all__ = ["Drawn", "draw_durations"]
