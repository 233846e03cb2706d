"""Facilitator inputs: the timed decisions a drill records and a replay re-applies.

An input is what a facilitator does at the console (fire an inject, an ad-hoc disruption or
message, an action on behalf of an organisation, a note). The same records are the lines of
``journal.jsonl`` after its header, so a drill, its resume, its replay and a headless
``run --inputs`` all feed the engine the very same values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from simulator.fields import control_character

ActionDo = Literal["notify", "activate", "supply", "repair", "convene"]
ACTION_DOS: tuple[str, ...] = ("notify", "activate", "supply", "repair", "convene")
ADHOC_DOS: tuple[str, ...] = ("fail", "degrade", "restore", "message")
RATINGS: tuple[str, ...] = ("P", "S", "M", "U")


class InputError(ValueError):
    """A journal entry that is not a valid input; the message names the problem."""


@dataclass(frozen=True, slots=True)
class FireInject:
    """Fire an inject of the scenario's MSEL by id (typically a held-back one)."""

    t: float
    id: str


@dataclass(frozen=True, slots=True)
class AdHocInject:
    """An inject the facilitator makes up: fail/degrade/restore a service, or a message."""

    t: float
    do: Literal["fail", "degrade", "restore", "message"]
    target: str | None = None
    to: tuple[str, ...] = ()
    about: tuple[str, str] | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """A team decision on behalf of an organisation, with the playbook's fields."""

    t: float
    by: str
    do: ActionDo
    to: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    about: tuple[str, str] | None = None
    task: str | None = None
    target: str | None = None
    dependency: str | None = None
    amount: float | None = None
    takes: float = 0.0
    needs: tuple[str, int] | None = None
    members: tuple[str, ...] = ()
    rule: str | None = None
    """Set when the facilitator accepted the playbook's suggestion of this rule."""
    fact: int | None = None
    """The fact occurrence (id) the action is about, when it is known exactly."""


@dataclass(frozen=True, slots=True)
class Dismiss:
    """The facilitator dismissed the playbook's suggestion of ``rule`` for fact ``fact``."""

    t: float
    rule: str
    fact: int


@dataclass(frozen=True, slots=True)
class Note:
    """An observation, optionally linked to an objective with a P/S/M/U rating."""

    t: float
    text: str
    objective: str | None = None
    rating: str | None = None


Input = FireInject | AdHocInject | Action | Note | Dismiss


def input_to_dict(item: Input) -> dict[str, Any]:
    """The journal line of an input (the format of ``cli-and-outputs.md``)."""
    out: dict[str, Any]
    if isinstance(item, FireInject):
        return {"t": item.t, "type": "inject", "id": item.id}
    if isinstance(item, AdHocInject):
        out = {"t": item.t, "type": "inject", "do": item.do}
        if item.target is not None:
            out["target"] = item.target
        if item.to:
            out["to"] = list(item.to)
        if item.about is not None:
            out["about"] = {"service": item.about[0], "state": item.about[1]}
        if item.text is not None:
            out["text"] = item.text
        return out
    if isinstance(item, Dismiss):
        return {"t": item.t, "type": "dismiss", "rule": item.rule, "fact": item.fact}
    if isinstance(item, Note):
        out = {"t": item.t, "type": "note", "text": item.text}
        if item.objective is not None:
            out["objective"] = item.objective
        if item.rating is not None:
            out["rating"] = item.rating
        return out
    out = {"t": item.t, "type": "action", "by": item.by, "do": item.do}
    for key in ("to", "via", "members"):
        if getattr(item, key):
            out[key] = list(getattr(item, key))
    if item.about is not None:
        out["about"] = {"service": item.about[0], "state": item.about[1]}
    for key in ("task", "target", "dependency", "amount", "rule", "fact"):
        if getattr(item, key) is not None:
            out[key] = getattr(item, key)
    if item.takes:
        out["takes"] = item.takes
    if item.needs is not None:
        out["needs"] = {"resource": item.needs[0], "count": item.needs[1]}
    return out


def input_from_dict(data: dict[str, Any]) -> Input:
    """Parse one journal line (already JSON-decoded); raises :class:`InputError`."""
    kind = data.get("type")
    t = _time(data.get("t"))
    if kind == "note":
        rating = _opt_str(data, "rating")
        if rating is not None and rating not in RATINGS:
            raise InputError(f"rating must be one of P, S, M, U; got {rating!r}")
        return Note(t, _str(data, "text"), _opt_str(data, "objective"), rating)
    if kind == "inject":
        if "id" in data:
            return FireInject(t, _str(data, "id"))
        do = _str(data, "do")
        if do not in ADHOC_DOS:
            raise InputError(f"inject 'do' must be one of {', '.join(ADHOC_DOS)}; got {do!r}")
        item = AdHocInject(
            t, do, _opt_str(data, "target"), _ids(data, "to"),  # type: ignore[arg-type]
            _fact(data), _opt_str(data, "text"),
        )
        if do == "message" and not item.to:
            raise InputError("a message inject needs 'to'")
        if do != "message" and item.target is None:
            raise InputError(f"a {do} inject needs 'target'")
        return item
    if kind == "action":
        do = _str(data, "do")
        if do not in ACTION_DOS:
            raise InputError(f"action 'do' must be one of {', '.join(ACTION_DOS)}; got {do!r}")
        needs = data.get("needs")
        need: tuple[str, int] | None = None
        if needs is not None:
            if not isinstance(needs, dict) or not isinstance(needs.get("resource"), str):
                raise InputError("'needs' must be {resource: ID, count: N}")
            count = needs.get("count", 1)
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise InputError("'needs.count' must be a whole number of at least 1")
            need = (needs["resource"], count)
        amount = data.get("amount")
        return Action(
            t,
            _str(data, "by"),
            do,  # type: ignore[arg-type]
            to=_ids(data, "to"),
            via=_ids(data, "via"),
            about=_fact(data),
            task=_opt_str(data, "task"),
            target=_opt_str(data, "target"),
            dependency=_opt_str(data, "dependency"),
            amount=None if amount is None else _time(amount, "amount"),
            takes=_time(data.get("takes", 0.0), "takes"),
            needs=need,
            members=_ids(data, "members"),
            rule=_opt_str(data, "rule"),
            fact=_opt_fact_id(data),
        )
    if kind == "dismiss":
        fact = _opt_fact_id(data)
        if fact is None:
            raise InputError("a dismiss needs 'fact'")
        return Dismiss(t, _str(data, "rule"), fact)
    raise InputError(f"unknown entry type {kind!r}; expected inject, action, dismiss or note")


def _time(value: object, name: str = "t") -> float:
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not math.isfinite(value)):
        raise InputError(f"'{name}' must be a number of minutes; got {value!r}")
    if value < 0:
        raise InputError(f"'{name}' must not be negative; got {value!r}")
    return float(value)


def _opt_fact_id(data: dict[str, Any]) -> int | None:
    value = data.get("fact")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"'fact' must be a fact number (0 or more); got {value!r}")
    return value


def _str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise InputError(f"'{key}' must be a non-empty text; got {value!r}")
    # a hand-edited journal must not put an escape sequence on the screen or in a report
    if (code := control_character(value)) is not None:
        raise InputError(f"'{key}' has the control character {code}, "
                         "which a text may not hold")
    return value


def _opt_str(data: dict[str, Any], key: str) -> str | None:
    return None if data.get(key) is None else _str(data, key)


def _ids(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise InputError(f"'{key}' must be a list of ids; got {value!r}")
    return tuple(value)


def _fact(data: dict[str, Any]) -> tuple[str, str] | None:
    about = data.get("about")
    if about is None:
        return None
    states = ("up", "strained", "degraded", "down")
    if (
        not isinstance(about, dict)
        or not isinstance(about.get("service"), str)
        or about.get("state") not in states
    ):
        raise InputError("'about' must be {service: ID, state: up|strained|degraded|down}")
    return (about["service"], about["state"])


__all__ = [
    "Action",
    "AdHocInject",
    "Dismiss",
    "FireInject",
    "Input",
    "InputError",
    "Note",
    "input_from_dict",
    "input_to_dict",
]
