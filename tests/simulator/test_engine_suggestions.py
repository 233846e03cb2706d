"""Drills: the playbook offers its rules as suggestions that the facilitator accepts or not."""

from __future__ import annotations

from dataclasses import replace

from simulator.engine import Run
from simulator.events import event_json
from simulator.inputs import Dismiss, input_from_dict, input_to_dict
from tests.simulator.engine_helpers import knows, of_type, scenario

SC = scenario(
    organisations=[{"id": "grid"}, {"id": "city"}, {"id": "county"}],
    services=[{"id": "power", "owner": "grid", "detect": "10m"}],
    channels=[{"id": "courier", "latency": "1h"}],
    playbook=[{"id": "tell-county", "by": "grid", "when": {"service": "power", "state": "down"},
               "after": "20m", "do": "notify", "to": ["county"], "via": ["courier"]},
              {"id": "tell-city", "by": "grid", "when": {"service": "power", "state": "down"},
               "after": "20m", "do": "notify", "to": ["city"], "via": ["courier"]}],
    injects=[{"id": "cut", "at": "0m", "do": "fail", "target": "power"}],
)


def test_suggest_mode_offers_rules_instead_of_carrying_them_out() -> None:
    run = Run(SC, playbook="suggest")
    run.advance_to(30.0)
    assert [(s.rule, s.due, s.fact.service) for s in run.suggestions] == [
        ("tell-county", 30.0, "power"), ("tell-city", 30.0, "power")]
    assert of_type(run.events, "message") == []
    run.run_to_end()
    assert knows(run.events, "county", "power", "down") == []


def test_accepting_carries_out_the_rule_and_dismissing_drops_it() -> None:
    run = Run(SC, playbook="suggest")
    run.advance_to(45.0)
    accept, dismiss = run.suggestions
    run.apply(replace(accept.action, t=run.now))
    run.apply(Dismiss(run.now, dismiss.rule, dismiss.fact.id))
    assert run.suggestions == []
    events = run.run_to_end()
    assert knows(events, "county", "power", "down") == [(105.0, "message")]
    assert knows(events, "city", "power", "down") == []
    statuses = [(e.rule, e.status) for e in of_type(events, "suggestion")]
    assert statuses == [("tell-county", "offered"), ("tell-city", "offered"),
                        ("tell-county", "accepted"), ("tell-city", "dismissed")]


def test_a_drill_journal_replays_to_the_same_events() -> None:
    live = Run(SC, playbook="suggest")
    live.advance_to(45.0)
    accepted = replace(live.suggestions[0].action, t=live.now)
    inputs = [accepted, Dismiss(45.0, "tell-city", 0)]
    for item in inputs:
        live.apply(item)
    live.run_to_end()
    journal = [input_from_dict(input_to_dict(item)) for item in inputs]
    replay = Run(SC, playbook="suggest", inputs=journal).run_to_end()
    assert [event_json(e) for e in replay] == [event_json(e) for e in live.events]


def test_an_accepted_suggestion_is_skipped_when_the_playbook_runs_itself() -> None:
    live = Run(SC, playbook="suggest")
    live.advance_to(45.0)
    accepted = replace(live.suggestions[0].action, t=45.0)
    events = Run(SC, inputs=[accepted]).run_to_end()
    sent = [e for e in of_type(events, "message") if e.status == "sent"]
    assert [(e.t, e.to) for e in sent] == [(30.0, "county"), (30.0, "city")]
    skipped = [e for e in of_type(events, "action")
               if e.status == "done" and (e.fields or {}).get("outcome") == "skipped"]
    assert [(e.t, e.rule) for e in skipped] == [(45.0, "tell-county")]

