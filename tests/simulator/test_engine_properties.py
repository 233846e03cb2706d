"""Invariants of the engine on generated scenarios (Hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import Run
from simulator.events import event_json
from simulator.model import Scenario

DURATIONS = st.sampled_from(["0m", "5m", "30m", "1h", "3h", "6h"])


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    n_orgs = draw(st.integers(2, 4))
    orgs = [{"id": f"o{i}", "duty": draw(st.sampled_from(["24/7", "office-hours"]))}
            for i in range(n_orgs)]
    org_ids = [o["id"] for o in orgs]
    n = draw(st.integers(2, 10))
    ids = [f"s{i}" for i in range(n)]
    services: list[dict[str, Any]] = []
    for sid in ids:
        deps = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        services.append({
            "id": sid, "owner": draw(st.sampled_from(org_ids)),
            "detect": draw(DURATIONS), "restore": draw(DURATIONS),
            "depends_on": [{"service": d, "tolerance": draw(DURATIONS),
                            "refill": draw(st.sampled_from(["auto", "manual"])),
                            "effect": draw(st.sampled_from(["down", "degraded"]))}
                           for d in deps if d != sid],
        })
    channels = [{"id": f"c{i}", "latency": draw(DURATIONS),
                 "depends_on": draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))}
                for i in range(draw(st.integers(1, 3)))]
    channel_ids = [c["id"] for c in channels]
    states = st.sampled_from(["down", "strained", "degraded", "up"])
    playbook: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 6))):
        base = {"id": f"r{i}", "by": draw(st.sampled_from(org_ids)),
                "when": {"service": draw(st.sampled_from(ids)), "state": draw(states)},
                "after": draw(DURATIONS)}
        kind = draw(st.sampled_from(["notify", "repair", "convene", "supply"]))
        if kind == "notify":
            base |= {"do": "notify", "to": draw(st.lists(st.sampled_from(org_ids), min_size=1,
                                                         max_size=2, unique=True)),
                     "via": draw(st.lists(st.sampled_from(channel_ids), min_size=1,
                                          unique=True)), "retry": draw(DURATIONS)}
        elif kind == "repair":
            base |= {"do": "repair", "target": draw(st.sampled_from(ids)),
                     "takes": draw(DURATIONS)}
        elif kind == "convene":
            base |= {"do": "convene", "members": org_ids[:2], "via": channel_ids[:1]}
        else:
            with_deps = [s for s in services if s["depends_on"]]
            if not with_deps:
                continue
            target = draw(st.sampled_from(with_deps))
            base |= {"do": "supply", "target": target["id"],
                     "dependency": target["depends_on"][0]["service"], "amount": "2h"}
        playbook.append(base)
    injects = [{"id": f"i{i}", "at": f"{draw(st.integers(0, 2000))}m",
                "do": draw(st.sampled_from(["fail", "fail", "degrade", "restore"])),
                "target": draw(st.sampled_from(ids))} for i in range(draw(st.integers(1, 6)))]
    return Scenario.model_validate({
        "format": "tabletop/1", "id": "generated",
        "clock": {"start": "2026-01-16T12:00:00+02:00", "duration": "2d"},
        "organisations": orgs, "services": services, "channels": channels,
        "playbook": playbook, "injects": injects,
    })


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 3))
def test_engine_invariants(sc: Scenario, seed: int) -> None:
    events = Run(sc, seed=seed).run_to_end()
    again = Run(sc, seed=seed).run_to_end()
    assert [event_json(e) for e in events] == [event_json(e) for e in again]

    deps = {s.id: s.depends_on for s in sc.services}
    channel_deps = {c.id: c.depends_on for c in sc.channels}
    state = {s.id: "up" for s in sc.services}
    facts: set[tuple[str, str, float]] = set()
    exhausted: set[tuple[str, str]] = set()
    last_t = 0.0

    def check_settled() -> None:
        for service, dependencies in deps.items():
            for dep in dependencies:
                if (dep.effect == "down" and state[dep.service] == "down"
                        and (service, dep.service) in exhausted):
                    assert state[service] == "down", (service, dep.service, last_t)

    for event in events:
        assert event.t >= last_t, "time never goes backwards"
        if event.t > last_t:
            check_settled()
            last_t = event.t
        if event.type == "service":
            assert state[event.service] == event.from_
            state[event.service] = event.to
            facts.add((event.service, event.to, event.t))
            if event.from_ == "down":
                exhausted -= {k for k in exhausted if k[1] == event.service}
        elif event.type == "reserve":
            key = (event.service, event.dependency)
            if event.status == "exhausted":
                exhausted.add(key)
            else:
                exhausted.discard(key)
        elif event.type == "knows":
            assert event.t >= event.occurred
            assert (event.service, event.state, event.occurred) in facts
        elif event.type == "message" and event.status == "sent":
            assert all(state[s] != "down" for s in channel_deps[event.channel])
    check_settled()
