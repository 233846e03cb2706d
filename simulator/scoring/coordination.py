"""Coordination: did the agreed organisation start each triggered task, and in time.

The interface agreement (``responsibilities``) says who leads each task and within what
time; the log says who activated it and when. Each *occurrence* of a task (from its
``triggered`` to its ``cleared``) is judged on its own; the contract's per-task entry shows
the first occurrence and ``occurrences`` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.model import Responsibility, Scenario
from simulator.scoring.facts import RunLog
from simulator.scoring.figures import r1, score_of

WRONG_ORG_FACTOR = 0.5
"""Credit kept by an activation by an organisation that is not the agreed lead, and by
any activation of a task the agreement leaves without a lead."""


@dataclass(slots=True)
class _Occurrence:
    triggered: float
    activated: float | None = None
    by: str | None = None
    effective: float | None = None
    cleared: float | None = None


def coordination(log: RunLog, scenario: Scenario) -> dict[str, Any]:
    """The ``coordination`` section: ``tasks``, ``unassigned``, ``late``, ``score`` and the
    extras ``not_activated``, ``wrong_org``, ``unjudged`` and ``judged``."""
    agreed = {task.id: task for task in scenario.responsibilities}
    history = occurrences(log)
    tasks: dict[str, Any] = {}
    unassigned: list[str] = []
    late: set[str] = set()
    not_activated: set[str] = set()
    wrong_org: set[str] = set()
    unjudged: set[str] = set()
    credits = 0.0
    judged = 0
    for task_id in sorted(history):
        task = agreed.get(task_id)
        lead = task.lead if task is not None else None
        within = _within(task)
        if lead is None:
            unassigned.append(task_id)
        entries = []
        for occurrence in history[task_id]:
            entry = _judge(occurrence, lead, within, log.duration)
            entries.append(entry)
            if entry["credit"] is None:
                unjudged.add(task_id)
                continue
            judged += 1
            credits += entry["credit"]
            if entry["activated"] is None:
                not_activated.add(task_id)
            elif not entry["on_time"]:
                late.add(task_id)
            if entry["activated"] is not None and lead is not None and entry["by"] != lead:
                wrong_org.add(task_id)
        first = entries[0]
        tasks[task_id] = {
            "triggered": first["triggered"],
            "activated": first["activated"],
            "by": first["by"],
            "on_time": first["on_time"],
            "lead": lead,
            "effective": first["effective"],
            "to_activation": first["to_activation"],
            "to_effect": first["to_effect"],
            "within": within,
            "by_lead": first["by_lead"],
            "occurrences": entries,
        }
    return {
        "tasks": tasks,
        "unassigned": unassigned,
        "late": sorted(late),
        "score": score_of(credits, judged),
        "not_activated": sorted(not_activated),
        "wrong_org": sorted(wrong_org),
        "unjudged": sorted(unjudged),
        "judged": judged,
    }


def occurrences(log: RunLog) -> dict[str, list[_Occurrence]]:
    """Every task's occurrences in order; events before a task's first ``triggered`` are
    ignored, and ``activated``/``effective``/``cleared`` apply to the latest occurrence."""
    found: dict[str, list[_Occurrence]] = {}
    for event in log.tasks:
        if event.status == "triggered":
            found.setdefault(event.task, []).append(_Occurrence(event.t))
            continue
        history = found.get(event.task)
        if not history:
            continue
        current = history[-1]
        if event.status == "activated" and current.activated is None:
            current.activated = event.t
            current.by = event.by
        elif event.status == "effective" and current.effective is None:
            current.effective = event.t
        elif event.status == "cleared" and current.cleared is None:
            current.cleared = event.t
    return found


def _within(task: Responsibility | None) -> float | None:
    """The agreed time to activation; a range counts as its upper bound."""
    if task is None or task.within is None:
        return None
    return task.within.max


def _judge(
    occurrence: _Occurrence, lead: str | None, within: float | None, end: float
) -> dict[str, Any]:
    """One occurrence's figures and credit (``None`` when it cannot be judged).

    Timeliness: 1 when activated within ``within`` (or activated at all, with no
    ``within``); ``within / to_activation`` when late; 0 when never activated. It is
    multiplied by :data:`WRONG_ORG_FACTOR` when activated by someone other than the lead,
    or when the task has no lead. An occurrence never activated whose trigger cleared (or
    the run ended) before its ``within`` had passed is not judged.
    """
    triggered = occurrence.triggered
    activated = occurrence.activated
    to_activation = None if activated is None else activated - triggered
    on_time = to_activation is not None and (within is None or to_activation <= within)
    credit: float | None
    if to_activation is None:
        ended = occurrence.cleared if occurrence.cleared is not None else end
        credit = None if within is not None and ended - triggered < within else 0.0
    else:
        if on_time:
            credit = 1.0
        else:
            assert within is not None
            credit = within / to_activation
        if lead is None or occurrence.by != lead:
            credit *= WRONG_ORG_FACTOR
    effective = occurrence.effective
    return {
        "triggered": triggered,
        "activated": activated,
        "by": occurrence.by,
        "on_time": on_time,
        "effective": effective,
        "cleared": occurrence.cleared,
        "to_activation": None if to_activation is None else r1(to_activation),
        "to_effect": None if effective is None else r1(effective - triggered),
        "by_lead": None if activated is None else (lead is not None and occurrence.by == lead),
        "credit": None if credit is None else round(credit, 4),
    }
