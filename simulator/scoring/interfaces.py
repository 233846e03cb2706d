"""The interfaces between organisations: which facts should have crossed each one, and did.

An interface is an ordered pair *sender -> receiver* (key ``"sender->receiver"``). A fact
*should have crossed* it when the fact concerns the receiver and the sender knew it strictly
before the receiver did (or the receiver never knew it). Its *lag* is the time from the
sender knowing to the receiver knowing (to the end of the run if the receiver never knew).
This is where a drill's findings live: "the utility knew for three hours before the county".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from simulator.scoring.facts import RunLog
from simulator.scoring.figures import credit, percentile, r1, score_of
from simulator.scoring.relevance import Relevance


@dataclass(slots=True)
class _Interface:
    facts: int = 0
    told: int = 0
    told_first: int = 0
    credits: float = 0.0
    lags: list[float] = field(default_factory=list)
    channels: dict[str, int] = field(default_factory=dict)


def interface_key(sender: str, receiver: str) -> str:
    """The key of an interface in ``information_flow.interfaces``."""
    return f"{sender}->{receiver}"


def interfaces(log: RunLog, rel: Relevance, masks: list[int]) -> dict[str, dict[str, Any]]:
    """Per interface that some fact should have crossed: ``from``, ``to``, ``facts`` (how
    many should have crossed), ``told`` (of those, how many a message from the sender was
    delivered about), ``told_first`` (the receiver first learned them from that message),
    ``missed`` (the receiver never knew), ``median_lag``, ``max_lag``, ``channels`` (the
    channels of those messages) and ``score`` (mean credit of the lags)."""
    end = log.duration
    pairs: dict[tuple[str, str], _Interface] = {}
    members = rel.members
    told = log.told
    for number, mask in enumerate(masks):
        known = log.known[number]
        if not mask or not known:
            continue
        first = min(known.values())
        waiting = [
            (receiver, known.get(receiver))
            for receiver in members(mask)
            if known.get(receiver, math.inf) > first
        ]
        if not waiting:
            continue
        knowers = sorted(known.items(), key=itemgetter(1))
        sources = log.sources[number]
        for receiver, at in waiting:
            limit = math.inf if at is None else at
            source = sources.get(receiver)
            first_from = None if source is None else source.sender
            for sender, sender_at in knowers:
                if sender_at >= limit:
                    break
                pair = pairs.get((sender, receiver))
                if pair is None:
                    pair = pairs[(sender, receiver)] = _Interface()
                pair.facts += 1
                lag = (end if at is None else at) - sender_at
                pair.credits += credit(lag)
                if at is not None:
                    pair.lags.append(lag)
                if first_from == sender:
                    pair.told_first += 1
                channels = told.get((sender, receiver, number))
                if channels:
                    pair.told += 1
                    for channel in channels:
                        name = channel or "-"
                        pair.channels[name] = pair.channels.get(name, 0) + 1
    out: dict[str, dict[str, Any]] = {}
    for (sender, receiver), pair in sorted(pairs.items()):
        lags = sorted(pair.lags)
        median = percentile(lags, 0.5)
        out[interface_key(sender, receiver)] = {
            "from": sender,
            "to": receiver,
            "facts": pair.facts,
            "told": pair.told,
            "told_first": pair.told_first,
            "missed": pair.facts - len(lags),
            "median_lag": None if median is None else r1(median),
            "max_lag": r1(lags[-1]) if lags else None,
            "channels": dict(sorted(pair.channels.items())),
            "score": score_of(pair.credits, pair.facts),
        }
    return out


def ranked(found: dict[str, dict[str, Any]], count: int = 3) -> tuple[list[str], list[str]]:
    """The ``count`` best and ``count`` worst interfaces (keys), best first / worst first.

    Ranked by ``score``, then by more facts, then by key; an interface is never both.
    """
    order = sorted(found, key=lambda key: (-found[key]["score"], -found[key]["facts"], key))
    best = order[:count]
    worst = sorted(found, key=lambda key: (found[key]["score"], -found[key]["facts"], key))
    return best, [key for key in worst if key not in best][:count]
