"""Recording a drill and replaying its journal gives byte-identical events (Hypothesis)."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import Run
from simulator.events import event_json
from simulator.inputs import Action, AdHocInject, Dismiss, Input, InputError, Note
from simulator.journal import JournalWriter, make_header, read_journal
from simulator.model import Scenario
from tests.simulator.test_engine_properties import scenarios


@st.composite
def drill_steps(draw: st.DrawFn, sc: Scenario) -> list[tuple[float, str, object]]:
    """A facilitator's session: advance by some minutes, then do one thing."""
    services = [s.id for s in sc.services]
    orgs = [o.id for o in sc.organisations]
    channels = [c.id for c in sc.channels]
    steps = []
    for _ in range(draw(st.integers(1, 8))):
        wait = draw(st.sampled_from([0.0, 5.0, 30.0, 90.0, 400.0]))
        kind = draw(st.sampled_from(["fail", "restore", "message", "notify", "repair", "note",
                                     "accept", "dismiss"]))
        steps.append((wait, kind, (draw(st.sampled_from(services)),
                                   draw(st.sampled_from(orgs)),
                                   draw(st.sampled_from(channels)))))
    return steps


def _input(run: Run, kind: str, args: tuple[str, str, str]) -> Input | None:
    service, org, channel = args
    t = run.now
    if kind in ("fail", "restore"):
        return AdHocInject(t, kind, target=service)  # type: ignore[arg-type]
    if kind == "message":
        return AdHocInject(t, "message", to=(org,), about=(service, "down"), text="call")
    if kind == "notify":
        return Action(t, org, "notify", to=(org,), via=(channel,), about=(service, "down"))
    if kind == "repair":
        return Action(t, org, "repair", target=service, takes=15.0)
    if kind == "note":
        return Note(t, "observation", rating="S")
    if not run.suggestions:
        return None
    offer = run.suggestions[0]
    if kind == "accept":
        return replace(offer.action, t=t)
    return Dismiss(t, offer.rule, offer.fact.id)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), scenarios(), st.sampled_from(["auto", "suggest"]))
def test_a_recorded_drill_replays_byte_for_byte(data: st.DataObject, sc: Scenario,
                                                 mode: str) -> None:
    live = Run(sc, seed=1, playbook=mode)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.jsonl"
        with JournalWriter(path, make_header("s.yaml", "0" * 64, 1, "now")) as journal:
            for wait, kind, args in data.draw(drill_steps(sc)):
                live.advance_to(live.now + wait)
                if live.finished:
                    break
                item = _input(live, kind, args)
                if item is None:
                    continue
                try:
                    live.check(item)
                except InputError:
                    continue
                journal.append(item)
                live.apply(item)
        stop = live.now
        live.advance_to(stop)  # what an input set off at the same moment runs too
        recorded = read_journal(path).inputs
    replay = Run(sc, seed=1, inputs=recorded, playbook=mode)
    replay.advance_to(stop)
    assert [event_json(e) for e in replay.events] == [event_json(e) for e in live.events]
