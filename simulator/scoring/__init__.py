"""Scoring: ``score.json`` computed from a run's event log alone.

Everything a score says is derived from the events (and the scenario, for who owns,
leads and depends on what), so a run, a replayed drill and a re-scored old log give the
same figures. The definitions are in ``docs/scoring.md``; each section has its module:
:mod:`.objectives`, :mod:`.information` (with :mod:`.interfaces` and :mod:`.messages`),
:mod:`.coordination` and :mod:`.impact`, all reading the indexes of :mod:`.facts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulator.events import Event
from simulator.gcpause import gc_paused
from simulator.model import Scenario
from simulator.scoring.coordination import coordination
from simulator.scoring.facts import RunLog, read_log
from simulator.scoring.impact import impact, services, state_intervals
from simulator.scoring.information import fact_masks, information_flow
from simulator.scoring.interfaces import interfaces
from simulator.scoring.messages import channels, message_digraph, message_graph
from simulator.scoring.objectives import objectives, rating
from simulator.scoring.relevance import Relevance, relevance
from simulator.scoring.summary import score_summary

__all__ = [
    "Relevance",
    "RunLog",
    "message_digraph",
    "rating",
    "read_log",
    "relevance",
    "score_run",
    "score_summary",
]


def score_run(
    scenario: Scenario, events: Sequence[Event], *, seed: int, duration: float
) -> dict[str, Any]:
    """The whole ``score.json`` object of a run: the contract's keys in its order, then
    the extras (``objectives_summary``, ``log``)."""
    with gc_paused():
        return _score(scenario, events, seed=seed, duration=duration)


def _score(
    scenario: Scenario, events: Sequence[Event], *, seed: int, duration: float
) -> dict[str, Any]:
    log = read_log(events, duration)
    rel = relevance(scenario)
    masks = fact_masks(log, rel)
    spans = state_intervals(log, scenario)
    judged, summary = objectives(log, scenario)
    flow = information_flow(log, rel, masks)
    flow["interfaces"] = interfaces(log, rel, masks)
    flow["message_graph"] = message_graph(log, rel, masks)
    flow["channels"], flow["messages"] = channels(log, scenario)
    return {
        "scenario": scenario.id,
        "seed": seed,
        "duration": float(duration),
        "objectives": judged,
        "services": services(log, spans),
        "information_flow": flow,
        "coordination": coordination(log, scenario),
        "impact": impact(log, scenario, spans),
        "objectives_summary": summary,
        "log": {
            "events": len(events),
            "facts": len(log.facts),
            "unmatched_knows": log.unmatched_knows,
        },
    }
