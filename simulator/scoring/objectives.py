"""Objectives: each of the scenario's expectations judged met or not, and rated P/S/M/U.

The contract's ``met``/``at`` follow the scenario format exactly; the rating follows the
HSEEP habit of Performed without challenges (P), with Some challenges (S), with Major
challenges (M), or Unable to be performed (U), by a fixed rule on the delay so that two
evaluators rate the same run alike (see ``docs/scoring.md``).
"""

from __future__ import annotations

from typing import Any

from simulator.model import ActiveExpect, KnowsExpect, NeverExpect, Objective, Scenario
from simulator.scoring.coordination import occurrences
from simulator.scoring.facts import RunLog
from simulator.scoring.figures import r1

RATINGS = ("P", "S", "M", "U")


def rating(delay: float | None, within: float | None) -> str:
    """The rating of an expectation achieved ``delay`` minutes after its fact (``None``:
    never achieved) against an allowed ``within`` (``None``: any time in the run).

    P: within half the allowed time; S: within it; M: within twice it; U: later or never.
    With no ``within``, achieved is S and not achieved is U.
    """
    if delay is None:
        return "U"
    if within is None:
        return "S"
    if delay <= within / 2:
        return "P"
    if delay <= within:
        return "S"
    return "M" if delay <= 2 * within else "U"


def objectives(log: RunLog, scenario: Scenario) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``objectives`` section (by id) and the ``objectives_summary`` extra."""
    history = occurrences(log)
    notes: dict[str, str] = {}
    for note in log.notes:
        if note.objective is not None and note.rating is not None:
            notes[note.objective] = note.rating
    out: dict[str, Any] = {}
    for objective in sorted(scenario.objectives, key=lambda o: o.id):
        entry = _judge(objective, log, history)
        if objective.id in notes:
            entry["facilitator_rating"] = notes[objective.id]
        out[objective.id] = entry
    counts = dict.fromkeys(RATINGS, 0)
    for entry in out.values():
        counts[entry["rating"]] += 1
    summary = {
        "total": len(out),
        "met": sum(1 for entry in out.values() if entry["met"]),
        "untested": sum(1 for entry in out.values() if not entry["tested"]),
        "ratings": counts,
    }
    return out, summary


def _judge(objective: Objective, log: RunLog, history: dict[str, Any]) -> dict[str, Any]:
    expect = objective.expect
    if isinstance(expect, NeverExpect):
        first = log.first_fact.get((expect.service, expect.never))
        violated = None if first is None else log.facts[first].t
        return {
            "met": violated is None,
            "at": None,
            "rating": "P" if violated is None else "U",
            "delay": None,
            "tested": True,
            "violated_at": violated,
        }
    within = None if expect.within is None else expect.within.max
    if isinstance(expect, KnowsExpect):
        first = log.first_fact.get((expect.knows.service, expect.knows.state))
        if first is None:
            return _untested(within)
        occurred = log.facts[first].t
        achieved = log.known[first].get(expect.org)
    else:
        assert isinstance(expect, ActiveExpect)
        found = history.get(expect.task)
        if not found:
            return _untested(within)
        if not expect.active:
            activations = [o.activated for o in found if o.activated is not None]
            return {
                "met": not activations,
                "at": None,
                "rating": "U" if activations else "P",
                "delay": None,
                "tested": True,
                "activated_at": activations[0] if activations else None,
            }
        occurred = found[0].triggered
        achieved = found[0].activated
    delay = None if achieved is None else achieved - occurred
    met = delay is not None and (within is None or delay <= within)
    return {
        "met": met,
        "at": achieved if met else None,
        "rating": rating(delay, within),
        "delay": None if delay is None else r1(delay),
        "tested": True,
        "within": within,
        "achieved_at": achieved,
    }


def _untested(within: float | None) -> dict[str, Any]:
    """The fact (trigger) never occurred: met by the format's rule, rated S, and flagged."""
    return {
        "met": True,
        "at": None,
        "rating": "S",
        "delay": None,
        "tested": False,
        "within": within,
        "achieved_at": None,
    }
