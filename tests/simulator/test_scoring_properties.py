"""Invariants of scoring on generated event logs (Hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.events import EndEvent, Event, Knows
from simulator.scoring import score_run
from tests.simulator.test_scoring import TASKS
from tests.simulator.test_scoring_helpers import changed, knows, message, region, task

END = 600.0
SERVICES = ["power", "mobile", "water", "homecare", "school"]
STATES = ["down", "degraded", "strained", "up"]
ORGS = ["grid", "tele", "utility", "city", "county"]
SCENARIO = region(responsibilities=TASKS)


@st.composite
def event_logs(draw: st.DrawFn) -> list[Event]:
    events: list[Event] = []
    t = 0.0
    seen: set[tuple[str, str, float]] = set()
    for _ in range(draw(st.integers(0, 8))):
        t += draw(st.integers(0, 60))
        fact = (draw(st.sampled_from(SERVICES)), draw(st.sampled_from(STATES)), t)
        if fact in seen:
            continue
        seen.add(fact)
        events.append(changed(t, fact[0], fact[1]))
        for org in ORGS:
            delay = draw(st.none() | st.integers(0, 200))
            if delay is None:
                continue
            at = min(END, t + delay)
            if draw(st.booleans()):
                sender = draw(st.sampled_from(ORGS))
                events.append(message(at, len(events), sender, org, fact, "delivered", "virve"))
                events.append(knows(at, org, fact[0], fact[1], t, how="message"))
            else:
                events.append(knows(at, org, fact[0], fact[1], t))
    for spec in TASKS:
        start = draw(st.none() | st.integers(0, 500))
        if start is None:
            continue
        events.append(task(start, spec["id"], "triggered", spec.get("lead")))
        if draw(st.booleans()):
            events.append(
                task(
                    start + draw(st.integers(0, 99)),
                    spec["id"],
                    "activated",
                    draw(st.sampled_from(ORGS)),
                )
            )
            if draw(st.booleans()):
                events.append(task(start + 100, spec["id"], "effective"))
    events.sort(key=lambda event: event.t)
    return events


def run_score(events: list[Event]) -> dict[str, Any]:
    return score_run(SCENARIO, [*events, EndEvent(END)], seed=0, duration=END)


@settings(max_examples=60, deadline=None)
@given(event_logs())
def test_scores_stay_in_their_ranges(events: list[Event]) -> None:
    result = run_score(events)
    flow = result["information_flow"]
    assert 0.0 <= flow["score"] <= 100.0
    assert 0 <= flow["known"] <= flow["relevant"]
    assert 0.0 <= result["coordination"]["score"] <= 100.0
    mean = flow["shared_picture"]["mean"]
    assert mean is None or 0.0 <= mean <= 1.0
    for item in flow["interfaces"].values():
        assert 0.0 <= item["score"] <= 100.0
        assert item["told_first"] <= item["facts"]
    for entry in result["services"].values():
        assert 0.0 <= entry["down_minutes"] + entry["degraded_minutes"] <= END
        assert 0.0 <= entry["availability"] <= 1.0
    assert all(hours > 0 for hours in result["impact"]["population_hours"].values())


@settings(max_examples=80, deadline=None)
@given(event_logs(), st.data())
def test_learning_a_fact_earlier_never_lowers_information_flow(
    events: list[Event], data: st.DataObject
) -> None:
    learned = [i for i, event in enumerate(events) if isinstance(event, Knows)]
    if not learned:
        return
    index = data.draw(st.sampled_from(learned))
    old = events[index]
    assert isinstance(old, Knows)
    share = data.draw(st.floats(0.0, 1.0))
    moved = Knows(
        old.occurred + share * (old.t - old.occurred),
        org=old.org,
        service=old.service,
        state=old.state,
        how=old.how,
        occurred=old.occurred,
    )
    earlier = [*events[:index], *events[index + 1 :], moved]
    earlier.sort(key=lambda event: event.t)
    before = run_score(events)["information_flow"]["score"]
    assert run_score(earlier)["information_flow"]["score"] >= before
