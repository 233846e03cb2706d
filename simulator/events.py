"""The event log: frozen records of everything that happened in a run, and their one
serialisation.

The engine emits these; scoring, reports, the console and replay read them. A record's
fields are the JSON keys of ``events.jsonl`` (after ``t`` and ``type``), in this order.
``None`` fields are left out of the JSON so that, e.g., an inject shows ``target`` or ``to``,
except the fields ``cli-and-outputs.md`` promises for every event of a type (an ad-hoc
inject's ``id``, a failed message's ``channel``, an unassigned task's ``by``), which are
written as ``null``. An action's fields (``to``, ``via``, ``task``, …) are written at the top
level of its object, beside ``by``, ``do`` and ``status``. :func:`event_from_dict` reads a
line back into its record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal

from simulator.model import State
from simulator.records import quick_init

Minutes = float
"""Simulation time: minutes from the scenario start."""

KnowHow = Literal["detected", "message", "centre", "inject"]


@quick_init
@dataclass(frozen=True, slots=True)
class Event:
    """Base of every event: when it happened (minutes)."""

    t: Minutes
    type: ClassVar[str] = "event"
    keep_none: ClassVar[frozenset[str]] = frozenset()
    """Fields written as ``null`` when they are None (the contract promises them)."""


@quick_init
@dataclass(frozen=True, slots=True)
class InjectFired(Event):
    """An inject of the MSEL fired (on schedule, or by the facilitator)."""

    id: str | None
    do: str
    target: str | None = None
    to: tuple[str, ...] | None = None
    about: dict[str, str] | None = None
    text: str | None = None
    type: ClassVar[str] = "inject"
    keep_none: ClassVar[frozenset[str]] = frozenset({"id"})


@quick_init
@dataclass(frozen=True, slots=True)
class ServiceChanged(Event):
    """A service entered a new state: a *fact*.

    ``cause`` says why: ``inject:<id>``, ``reserve:<dependency>`` (an exhausted reserve),
    ``strained:<dependency>`` (running on a reserve), ``restoring`` / ``restored``,
    ``repair:<rule or input>``, ``supply``, ``recovered``.
    """

    service: str
    from_: State
    to: State
    cause: str
    type: ClassVar[str] = "service"


@quick_init
@dataclass(frozen=True, slots=True)
class Knows(Event):
    """An organisation learned a fact; ``occurred`` is when the fact happened."""

    org: str
    service: str
    state: State
    how: KnowHow
    occurred: Minutes
    type: ClassVar[str] = "knows"


@quick_init
@dataclass(frozen=True, slots=True)
class MessageEvent(Event):
    """A message about a fact: sent (over ``channel``), delivered, or failed (no channel)."""

    id: int
    from_: str
    to: str
    channel: str | None
    about: dict[str, Any]
    status: Literal["sent", "delivered", "failed"]
    fallback: bool | None = None
    """True when the channel used was not the first in ``via``."""
    attempt: int | None = None
    type: ClassVar[str] = "message"
    keep_none: ClassVar[frozenset[str]] = frozenset({"channel"})


@quick_init
@dataclass(frozen=True, slots=True)
class TaskEvent(Event):
    """A responsibility's task: triggered, activated, effective (after setup), cleared."""

    task: str
    by: str | None
    status: Literal["triggered", "activated", "effective", "cleared"]
    type: ClassVar[str] = "task"
    keep_none: ClassVar[frozenset[str]] = frozenset({"by"})


@quick_init
@dataclass(frozen=True, slots=True)
class ActionEvent(Event):
    """A playbook rule or a facilitator decision starting or done.

    ``rule`` is the playbook rule's id, or ``None`` for a facilitator input. An action that
    could do nothing (a task whose trigger has cleared) is ``done`` with ``outcome:
    "skipped"`` and a ``reason`` among its fields.
    """

    by: str
    do: str
    status: Literal["started", "done"]
    rule: str | None = None
    fields: dict[str, Any] | None = None
    type: ClassVar[str] = "action"


@quick_init
@dataclass(frozen=True, slots=True)
class SuggestionEvent(Event):
    """In a drill, the playbook suggests a rule's action; the facilitator accepts or dismisses.

    ``fact`` is the id of the fact occurrence (the order of ``service`` events, from 0).
    """

    rule: str
    by: str
    do: str
    fact: int
    status: Literal["offered", "accepted", "dismissed"]
    type: ClassVar[str] = "suggestion"


@quick_init
@dataclass(frozen=True, slots=True)
class ReserveEvent(Event):
    """A service's reserve for one dependency: exhausted, or topped up by a supply."""

    service: str
    dependency: str
    status: Literal["exhausted", "supplied"]
    left: Minutes
    type: ClassVar[str] = "reserve"


@quick_init
@dataclass(frozen=True, slots=True)
class NoteEvent(Event):
    """A facilitator's observation, optionally about an objective with a P/S/M/U rating."""

    text: str
    objective: str | None = None
    rating: str | None = None
    type: ClassVar[str] = "note"


@quick_init
@dataclass(frozen=True, slots=True)
class EndEvent(Event):
    """The simulation reached ``clock.duration``."""

    type: ClassVar[str] = "end"


_RENAMED = {"from_": "from"}
_FIELD_NAMES: dict[type[Event], tuple[tuple[str, str], ...]] = {}


def _names(cls: type[Event]) -> tuple[tuple[str, str], ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = tuple((f.name, _RENAMED.get(f.name, f.name)) for f in fields(cls) if f.name != "t")
        _FIELD_NAMES[cls] = names
    return names


def event_dict(event: Event) -> dict[str, Any]:
    """The JSON object of an event: ``t``, ``type``, then its fields (see the module doc)."""
    cls = type(event)
    keep = cls.keep_none
    out: dict[str, Any] = {"t": event.t, "type": cls.type}
    for attr, key in _names(cls):
        value = getattr(event, attr)
        if value is None:
            if attr in keep:
                out[key] = None
        elif attr == "fields" and cls is ActionEvent:
            for name, item in value.items():
                out.setdefault(name, list(item) if isinstance(item, tuple) else item)
        else:
            out[key] = list(value) if isinstance(value, tuple) else value
    return out


def event_json(event: Event) -> str:
    """One line of ``events.jsonl`` (no newline); the only serialisation of events."""
    return json.dumps(event_dict(event), ensure_ascii=False, separators=(", ", ": "))


EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (InjectFired, ServiceChanged, Knows, MessageEvent, TaskEvent, ActionEvent,
                SuggestionEvent, ReserveEvent, NoteEvent, EndEvent)
}
"""``type`` of an ``events.jsonl`` object -> its record class."""


def event_from_dict(obj: dict[str, Any]) -> Event:
    """The record of one ``events.jsonl`` object: the inverse of :func:`event_dict`.

    Keys a record does not have are ignored (a later version may add fields), except for an
    action, whose extra keys are its fields. Raises ``ValueError`` for an unknown type or a
    missing field.
    """
    kind = obj.get("type")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(f"unknown event type {kind!r}")
    known = {key: attr for attr, key in _names(cls)}
    values: dict[str, Any] = {"t": obj.get("t")}
    extra: dict[str, Any] = {}
    for key, value in obj.items():
        if key in ("t", "type"):
            continue
        attr = known.get(key)
        if attr is None:
            extra[key] = value
        else:
            values[attr] = tuple(value) if attr == "to" and isinstance(value, list) else value
    if cls is ActionEvent:
        values["fields"] = extra or None
    for f in fields(cls):
        if f.name not in values and "None" in str(f.type):
            values[f.name] = None
    try:
        return cls(**values)
    except TypeError as exc:
        raise ValueError(f"{kind} event: {exc}") from None
