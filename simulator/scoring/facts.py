"""The event log read once into the indexes every score is computed from.

Each score (objectives, information flow, coordination, impact) asks its own questions of
the same run: which facts occurred, who knew each one when and how, which message told
whom, how each task went. Reading the log here, in one pass with plain dicts, keeps scoring
linear in the number of events and gives every score the same view of the run.

A *fact* is one :class:`~simulator.events.ServiceChanged`: "service entered state at t",
identified by ``(service, state, occurred)``. Facts are numbered in log order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.events import (
    ActionEvent,
    Event,
    Knows,
    MessageEvent,
    NoteEvent,
    ReserveEvent,
    ServiceChanged,
    TaskEvent,
)

FactKey = tuple[str, str, float]
"""A fact's identity: ``(service, state, occurred)``."""


@dataclass(frozen=True, slots=True)
class Source:
    """How an organisation first learned a fact: the ``how`` of its ``Knows`` and, when it
    was a message, who sent the message that informed it and over which channel."""

    how: str
    sender: str | None = None
    channel: str | None = None


@dataclass(slots=True)
class RunLog:
    """The indexes of one run's event log (see :func:`read_log`)."""

    duration: float
    facts: list[ServiceChanged] = field(default_factory=list)
    """Every fact, in log order; a fact's number is its position here."""
    fact_number: dict[FactKey, int] = field(default_factory=dict)
    first_fact: dict[tuple[str, str], int] = field(default_factory=dict)
    """``(service, state)`` -> number of its first occurrence."""
    known: list[dict[str, float]] = field(default_factory=list)
    """Per fact: organisation -> the time it first knew the fact."""
    sources: list[dict[str, Source]] = field(default_factory=list)
    """Per fact: organisation -> how it first learned the fact."""
    messages: list[MessageEvent] = field(default_factory=list)
    tasks: list[TaskEvent] = field(default_factory=list)
    actions: list[ActionEvent] = field(default_factory=list)
    reserves: list[ReserveEvent] = field(default_factory=list)
    notes: list[NoteEvent] = field(default_factory=list)
    told: dict[tuple[str, str, int], list[str | None]] = field(default_factory=dict)
    """``(sender, receiver, fact)`` -> channels of the messages delivered about the fact."""
    unmatched_knows: int = 0
    """``Knows`` records about a fact that no ``ServiceChanged`` announced (not scored)."""


def read_log(events: Sequence[Event], duration: float) -> RunLog:
    """Index ``events`` (in time order, as the engine emits them) for scoring."""
    log = RunLog(duration=duration)
    knows: list[Knows] = []
    facts = log.facts
    number = log.fact_number
    buckets: dict[type[Event], list[Any]] = {
        MessageEvent: log.messages, TaskEvent: log.tasks, ActionEvent: log.actions,
        ReserveEvent: log.reserves, NoteEvent: log.notes,
    }
    for event in events:
        kind = type(event)
        if kind is ServiceChanged:
            assert isinstance(event, ServiceChanged)
            key = (event.service, event.to, event.t)
            if key in number:
                continue
            number[key] = len(facts)
            log.first_fact.setdefault((event.service, event.to), len(facts))
            facts.append(event)
            log.known.append({})
            log.sources.append({})
        elif kind is Knows:
            assert isinstance(event, Knows)
            knows.append(event)
        else:
            bucket = buckets.get(kind)
            if bucket is not None:
                bucket.append(event)
    deliveries = _deliveries(log)
    for event in knows:
        fact = number.get((event.service, event.state, event.occurred))
        if fact is None:
            log.unmatched_knows += 1
            continue
        known = log.known[fact]
        if event.org in known and known[event.org] <= event.t:
            continue
        known[event.org] = event.t
        source = Source(event.how)
        if event.how == "message":
            source = _informing(deliveries.get((event.org, fact), ()), event.t) or source
        log.sources[fact][event.org] = source
    return log


def fact_of(log: RunLog, about: dict[str, object]) -> int | None:
    """The number of the fact a message is about, or ``None`` if no such fact occurred."""
    occurred = about.get("t")
    if not isinstance(occurred, (int, float)):
        return None
    return log.fact_number.get((str(about.get("service")), str(about.get("state")), occurred))


def _deliveries(log: RunLog) -> dict[tuple[str, int], list[tuple[float, str, str | None]]]:
    """``(receiver, fact)`` -> ``(t, sender, channel)`` of each delivered message, log order.

    Also fills ``log.told``.
    """
    out: dict[tuple[str, int], list[tuple[float, str, str | None]]] = {}
    for message in log.messages:
        if message.status != "delivered":
            continue
        fact = fact_of(log, message.about)
        if fact is None:
            continue
        out.setdefault((message.to, fact), []).append((message.t, message.from_, message.channel))
        log.told.setdefault((message.from_, message.to, fact), []).append(message.channel)
    return out


def _informing(delivered: Sequence[tuple[float, str, str | None]], at: float) -> Source | None:
    """The message that informed a receiver at ``at``: the latest delivery at or before
    ``at`` (the first in log order among deliveries at the same time)."""
    best: tuple[float, str, str | None] | None = None
    for item in delivered:
        if item[0] <= at and (best is None or item[0] > best[0]):
            best = item
    if best is None:
        return None
    return Source("message", best[1], best[2])
