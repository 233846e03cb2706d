"""Who told whom: the message graph, the organisations facts depended on, and channels.

A drill asks "whose silence would have hurt most?" and "which channel let us down?". Both
are read from the messages of the log: the delivered ones form a directed graph of
organisations; the ones that informed an organisation first form, per fact, a tree whose
inner nodes are the organisations the fact passed through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.model import NotifyRule, Scenario
from simulator.scoring.facts import RunLog, fact_of
from simulator.scoring.figures import r4
from simulator.scoring.relevance import Relevance

if TYPE_CHECKING:
    import networkx as nx


def message_digraph(log: RunLog) -> nx.DiGraph:
    """A NetworkX ``DiGraph`` of delivered messages: an edge ``sender -> receiver`` with
    ``messages`` (how many were delivered) and ``facts`` (about how many distinct facts)."""
    import networkx as nx  # here: importing NetworkX is ~0.15 s of the console's start-up

    graph = nx.DiGraph()
    counts: dict[tuple[str, str], int] = {}
    for message in log.messages:
        if message.status == "delivered":
            key = (message.from_, message.to)
            counts[key] = counts.get(key, 0) + 1
    facts: dict[tuple[str, str], int] = {}
    for sender, receiver, _ in log.told:
        facts[(sender, receiver)] = facts.get((sender, receiver), 0) + 1
    for (sender, receiver), count in sorted(counts.items()):
        graph.add_edge(sender, receiver, messages=count, facts=facts.get((sender, receiver), 0))
    return graph


def message_graph(log: RunLog, rel: Relevance, masks: list[int]) -> dict[str, Any]:
    """``edges`` (``[sender, receiver, messages]``), ``bottlenecks`` and ``dropout``.

    A fact *passed through* an organisation when another organisation first learned it
    from a message that organisation sent. ``bottlenecks`` lists, for each organisation
    that passed anything on, the share of the facts spread by message that passed
    through it. ``dropout[org]`` is what the situational picture loses if ``org`` passes
    nothing on and nobody else fills in: the relevant (organisation, fact) pairs whose
    first knowledge came through ``org`` (directly or further down the chain).
    """
    graph = message_digraph(log)
    edges = [[a, b, data["messages"]] for a, b, data in sorted(graph.edges(data=True))]
    relayed: dict[str, int] = {}
    lost: dict[str, int] = {}
    spread = 0
    known_pairs = 0
    relevant_pairs = 0
    bit = rel.bit
    for number, sources in enumerate(log.sources):
        mask = masks[number]
        relevant_pairs += mask.bit_count()
        known_pairs += sum(1 for org in log.known[number] if bit.get(org, 0) & mask)
        senders = {org: s.sender for org, s in sources.items() if s.sender is not None}
        if not senders:
            continue
        spread += 1
        for sender in set(senders.values()):
            relayed[sender] = relayed.get(sender, 0) + 1
        for org in senders:
            if not bit.get(org, 0) & mask:
                continue
            for ancestor in _chain(org, senders):
                lost[ancestor] = lost.get(ancestor, 0) + 1
    bottlenecks = [
        {"org": org, "facts": count, "share": r4(count / spread)}
        for org, count in sorted(relayed.items(), key=lambda item: (-item[1], item[0]))
    ]
    dropout: dict[str, dict[str, Any]] = {}
    for org in sorted(relayed):
        pairs_lost = lost.get(org, 0)
        remaining = known_pairs - pairs_lost
        dropout[org] = {
            "pairs_lost": pairs_lost,
            "known_without": remaining,
            "known_share_without": r4(remaining / relevant_pairs) if relevant_pairs else None,
        }
    return {
        "edges": edges,
        "spread_by_message": spread,
        "bottlenecks": bottlenecks,
        "dropout": dropout,
        "known_share": r4(known_pairs / relevant_pairs) if relevant_pairs else None,
    }


def _chain(org: str, senders: dict[str, str]) -> list[str]:
    """The organisations a fact passed through to reach ``org``, nearest first."""
    chain: list[str] = []
    seen = {org}
    current = senders.get(org)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = senders.get(current)
    return chain


def channels(log: RunLog, scenario: Scenario) -> tuple[dict[str, Any], dict[str, Any]]:
    """Per channel ``sent``, ``delivered``, ``fallbacks``, ``undelivered`` and
    ``failed_attempts``; and the totals over all messages.

    A failed attempt names no channel in the log (no channel of ``via`` worked); it is
    counted against every channel of the ``via`` of the playbook rule that sent it, when
    exactly one notify rule matches (same ``by``, ``to`` and ``when``), and only in the
    totals otherwise (``unattributed_failures``).
    """
    per: dict[str, dict[str, int]] = {}

    def entry(channel: str) -> dict[str, int]:
        found = per.get(channel)
        if found is None:
            found = per[channel] = {
                "sent": 0,
                "delivered": 0,
                "fallbacks": 0,
                "undelivered": 0,
                "failed_attempts": 0,
            }
        return found

    for defined in scenario.channels:
        entry(defined.id)
    vias = _notify_vias(scenario)
    sent_over: dict[int, str] = {}
    delivered: set[int] = set()
    failed_ids: set[int] = set()
    totals = {"sent": 0, "delivered": 0, "fallbacks": 0, "failed_attempts": 0}
    unattributed = 0
    for message in log.messages:
        if message.status == "failed":
            totals["failed_attempts"] += 1
            failed_ids.add(message.id)
            about = message.about
            via = vias.get(
                (message.from_, message.to, str(about.get("service")), str(about.get("state")))
            )
            if via is None:
                unattributed += 1
            else:
                for channel in via:
                    entry(channel)["failed_attempts"] += 1
            continue
        name = message.channel or "-"
        if message.status == "sent":
            totals["sent"] += 1
            entry(name)["sent"] += 1
            sent_over[message.id] = name
            if message.fallback:
                totals["fallbacks"] += 1
                entry(name)["fallbacks"] += 1
        elif message.status == "delivered":
            totals["delivered"] += 1
            entry(sent_over.get(message.id, name))["delivered"] += 1
            delivered.add(message.id)
    undelivered = 0
    for message_id, name in sent_over.items():
        if message_id not in delivered:
            undelivered += 1
            entry(name)["undelivered"] += 1
    summary = {
        **totals,
        "undelivered": undelivered,
        "never_sent": len(failed_ids - sent_over.keys()),
        "unattributed_failures": unattributed,
        "about_unknown_facts": sum(
            1 for m in log.messages if m.status == "delivered" and fact_of(log, m.about) is None
        ),
    }
    return dict(sorted(per.items())), summary


def _notify_vias(scenario: Scenario) -> dict[tuple[str, str, str, str], tuple[str, ...]]:
    """``(by, to, service, state)`` -> ``via`` of the only notify rule sending that message
    (left out when two rules with different ``via`` could have sent it)."""
    found: dict[tuple[str, str, str, str], tuple[str, ...] | None] = {}
    for rule in scenario.playbook:
        if not isinstance(rule, NotifyRule):
            continue
        for to in rule.to:
            key = (rule.by, to, rule.when.service, rule.when.state)
            if key in found and found[key] != rule.via:
                found[key] = None
            else:
                found[key] = rule.via
    return {key: via for key, via in found.items() if via is not None}
