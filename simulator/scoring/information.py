"""Information flow: did the organisations a fact concerns learn it, and how fast.

The contract figures (``relevant``, ``known``, ``median_delay``, ``p90_delay``, ``score``)
and two views that explain them: per organisation (``by_org``, ``missed``) and over time
(``shared_picture``: how much of what has happened everyone concerned knows). Interfaces,
messages and channels are in :mod:`simulator.scoring.interfaces`.
"""

from __future__ import annotations

from typing import Any

from simulator.scoring.facts import RunLog
from simulator.scoring.figures import credit, percentile, r1, r4, score_of
from simulator.scoring.relevance import Relevance


def fact_masks(log: RunLog, rel: Relevance) -> list[int]:
    """Per fact, the bitmask of the organisations it concerns."""
    mask = rel.mask
    return [mask(fact.service, fact.to) for fact in log.facts]


def information_flow(log: RunLog, rel: Relevance, masks: list[int]) -> dict[str, Any]:
    """The ``information_flow`` figures of the contract plus ``by_org``, ``missed`` and
    ``shared_picture`` (see ``docs/scoring.md``)."""
    end = log.duration
    delays: list[float] = []
    credits = 0.0
    relevant = 0
    per_org: dict[str, list[float]] = {}
    per_org_relevant: dict[str, int] = {}
    per_org_credit: dict[str, float] = {}
    missed: list[dict[str, Any]] = []
    members = rel.members
    for number, fact in enumerate(log.facts):
        mask = masks[number]
        if not mask:
            continue
        known = log.known[number]
        occurred = fact.t
        for org in members(mask):
            relevant += 1
            per_org_relevant[org] = per_org_relevant.get(org, 0) + 1
            at = known.get(org)
            if at is None:
                gained = credit(end - occurred)
                missed.append(
                    {"org": org, "service": fact.service, "state": fact.to, "t": occurred}
                )
            else:
                delay = at - occurred
                gained = credit(delay)
                delays.append(delay)
                per_org.setdefault(org, []).append(delay)
            credits += gained
            per_org_credit[org] = per_org_credit.get(org, 0.0) + gained
    delays.sort()
    by_org: dict[str, dict[str, Any]] = {}
    for org in sorted(per_org_relevant):
        own = sorted(per_org.get(org, []))
        by_org[org] = {
            "relevant": per_org_relevant[org],
            "known": len(own),
            "median_delay": _rounded(percentile(own, 0.5)),
            "p90_delay": _rounded(percentile(own, 0.9)),
            "score": score_of(per_org_credit[org], per_org_relevant[org]),
        }
    missed.sort(key=lambda item: (item["org"], item["t"], item["service"], item["state"]))
    return {
        "relevant": relevant,
        "known": len(delays),
        "median_delay": _rounded(percentile(delays, 0.5)),
        "p90_delay": _rounded(percentile(delays, 0.9)),
        "score": score_of(credits, relevant),
        "by_org": by_org,
        "missed": missed,
        "shared_picture": shared_picture(log, rel, masks),
    }


def shared_picture(log: RunLog, rel: Relevance, masks: list[int]) -> dict[str, Any]:
    """The share of occurred relevant facts that every concerned organisation knows.

    ``series`` is a step function ``[[t, share], ...]``: the share holds from ``t`` until
    the next point. It starts when the first relevant fact occurs; ``mean`` is its
    time-weighted mean from there to the end of the run (``None`` with no relevant fact).
    """
    changes: dict[float, list[int]] = {}
    members = rel.members
    for number, fact in enumerate(log.facts):
        mask = masks[number]
        if not mask:
            continue
        changes.setdefault(fact.t, [0, 0])[0] += 1
        known = log.known[number]
        latest: float | None = fact.t
        for org in members(mask):
            at = known.get(org)
            if at is None:
                latest = None
                break
            latest = max(latest, at) if latest is not None else at
        if latest is not None:
            changes.setdefault(latest, [0, 0])[1] += 1
    series: list[list[float]] = []
    occurred = everyone = 0
    for t in sorted(changes):
        occurred += changes[t][0]
        everyone += changes[t][1]
        share = r4(everyone / occurred)
        if not series or series[-1][1] != share:
            series.append([t, share])
    if not series:
        return {"series": [], "mean": None, "facts": 0, "known_by_all": 0}
    end = log.duration
    start = series[0][0]
    if end <= start:
        mean = series[-1][1]
    else:
        area = 0.0
        for (t, share), (t_next, _) in zip(series, [*series[1:], [end, 0.0]], strict=True):
            area += share * (min(t_next, end) - t)
        mean = area / (end - start)
    return {"series": series, "mean": r4(mean), "facts": occurred, "known_by_all": everyone}


def _rounded(value: float | None) -> float | None:
    return None if value is None else r1(value)
