"""Situational pictures, messages, channels, centres, tasks and inputs (times in minutes)."""

from __future__ import annotations

import pytest

from simulator.engine import Run
from simulator.events import event_json
from simulator.inputs import Action, AdHocInject, FireInject, InputError, Note
from tests.simulator.engine_helpers import (
    FRIDAY_1500,
    changes,
    knows,
    of_type,
    run,
    scenario,
)

SERVICES = [
    {"id": "power", "owner": "grid", "detect": "10m"},
    {"id": "mobile", "owner": "operator",
     "depends_on": [{"service": "power", "tolerance": "3h"}]},
    {"id": "water", "owner": "city", "detect": "15m",
     "depends_on": [{"service": "power", "tolerance": "0m"}]},
]
ORGS = [{"id": "grid"}, {"id": "operator"}, {"id": "city"}, {"id": "county"},
        {"id": "health-protection", "duty": "office-hours"}]
CHANNELS = [
    {"id": "phone", "latency": "5m", "depends_on": ["mobile"]},
    {"id": "courier", "latency": "1h"},
]
CUT = [{"id": "cut", "at": "0m", "do": "fail", "target": "power"}]


def notify(rule_id: str, by: str, service: str, to: list[str], via: list[str],
           after: str = "0m", state: str = "down") -> dict[str, object]:
    return {"id": rule_id, "by": by, "when": {"service": service, "state": state},
            "after": after, "do": "notify", "to": to, "via": via}


def test_owner_detects_after_detect_and_dependent_owner_notices_down() -> None:
    events = run(scenario(organisations=ORGS, services=SERVICES, injects=CUT))
    assert knows(events, "grid", "power", "down") == [(10.0, "detected")]
    # city owns water, which depends directly on power: notices after water's detect.
    assert knows(events, "city", "power", "down") == [(15.0, "detected")]
    assert knows(events, "county", "power", "down") == []


def test_message_falls_back_when_the_first_channel_is_down() -> None:
    # mobile goes down at 180; the city learns water is down at 15 and notifies after 3h
    # (t = 195): phone does not work, the courier takes 1h → delivered at 255.
    sc = scenario(organisations=ORGS, services=SERVICES, channels=CHANNELS, injects=CUT,
                  playbook=[notify("tell", "city", "water", ["county"], ["phone", "courier"],
                                   after="3h")])
    events = run(sc)
    sent, delivered = of_type(events, "message")
    assert (sent.t, sent.status, sent.channel, sent.fallback) == (195.0, "sent", "courier", True)
    assert (delivered.t, delivered.status) == (255.0, "delivered")
    assert knows(events, "county", "water", "down") == [(255.0, "message")]


def test_message_uses_first_channel_while_it_works() -> None:
    sc = scenario(organisations=ORGS, services=SERVICES, channels=CHANNELS, injects=CUT,
                  playbook=[notify("tell", "city", "water", ["county"], ["phone", "courier"])])
    events = run(sc)
    assert knows(events, "county", "water", "down") == [(20.0, "message")]
    assert of_type(events, "message")[0].fallback is False


def test_failed_message_is_retried_until_a_channel_works() -> None:
    # Only the phone; mobile down 180..600 (power back at 600 → mobile up at once).
    sc = scenario(organisations=ORGS, services=SERVICES, channels=CHANNELS,
                  injects=[*CUT, {"id": "back", "at": "10h", "do": "restore", "target": "power"}],
                  playbook=[{**notify("tell", "city", "water", ["county"], ["phone"],
                                      after="3h"), "retry": "3h"}])
    events = run(sc)
    statuses = [(e.t, e.status, e.attempt) for e in of_type(events, "message")]
    # attempts at 195 (fail), 375 (fail), 555 (fail), 735 (sent), delivered 740
    assert statuses == [(195.0, "failed", 1), (375.0, "failed", 2), (555.0, "failed", 3),
                        (735.0, "sent", 4), (740.0, "delivered", 4)]


def test_office_hours_recipient_on_friday_evening_gets_it_on_monday_morning() -> None:
    # Friday 15:00 + 90 min: the city (detect 15m, after 75m) phones health protection at
    # 16:30, after office hours; delivered Monday 08:00 = t + 2 days 17 h = 3900 minutes.
    sc = scenario(start=FRIDAY_1500, duration="4d", organisations=ORGS, services=SERVICES,
                  channels=CHANNELS, injects=CUT,
                  playbook=[notify("tell", "city", "water", ["health-protection"], ["courier"],
                                   after="75m")])
    events = run(sc)
    delivered = [e for e in of_type(events, "message") if e.status == "delivered"]
    assert [e.t for e in delivered] == [3900.0]
    assert knows(events, "health-protection", "water", "down") == [(3900.0, "message")]


def test_joint_centre_shares_facts_while_its_channel_works() -> None:
    # grid convenes a centre with the county over the phone at 10 (when it knows power is
    # down). The county learns everything grid knows, and later facts as grid learns them.
    sc = scenario(organisations=ORGS, services=SERVICES, channels=CHANNELS, injects=CUT,
                  playbook=[{"id": "centre", "by": "grid",
                             "when": {"service": "power", "state": "down"},
                             "do": "convene", "members": ["grid", "county"], "via": ["phone"]}])
    events = run(sc)
    assert knows(events, "county", "power", "down") == [(10.0, "centre")]
    # grid owns nothing depending on mobile and does not own mobile: mobile's facts go to
    # the operator only; the centre cannot share what no member knows.
    assert knows(events, "county", "mobile", "down") == []


def test_centre_stops_sharing_when_its_channels_are_down() -> None:
    sc = scenario(organisations=ORGS, services=SERVICES, channels=CHANNELS, injects=CUT,
                  playbook=[{"id": "centre", "by": "operator",
                             "when": {"service": "mobile", "state": "strained"},
                             "do": "convene", "members": ["operator", "county"],
                             "via": ["phone"]}])
    events = run(sc)
    assert knows(events, "county", "mobile", "strained") == [(0.0, "centre")]
    # mobile down at 180 takes the phone with it: the centre no longer shares that fact.
    assert knows(events, "operator", "mobile", "down") == [(180.0, "detected")]
    assert knows(events, "county", "mobile", "down") == []


def test_message_inject_tells_at_once() -> None:
    sc = scenario(organisations=ORGS, services=SERVICES, injects=[
        *CUT, {"id": "call", "at": "5m", "do": "message", "to": "county",
               "about": {"service": "water", "state": "down"}, "text": "A resident calls."}])
    events = run(sc)
    assert knows(events, "county", "water", "down") == [(5.0, "inject")]


def test_task_activation_waits_for_units_and_holds_them_until_it_clears() -> None:
    sc = scenario(
        organisations=ORGS, services=[*SERVICES, {"id": "sewage", "owner": "city", "detect": "20m",
                                                  "depends_on": [{"service": "power"}]}],
        resources=[{"id": "tanker", "owner": "city", "count": 1}],
        responsibilities=[
            {"id": "water-task", "task": "Emergency water", "lead": "city", "setup": "1h",
             "trigger": {"service": "water", "state": "down"}, "needs": {"resource": "tanker"}},
            {"id": "sewage-task", "task": "Pump sewage", "lead": "city", "setup": "30m",
             "trigger": {"service": "sewage", "state": "down"}, "needs": {"resource": "tanker"}},
        ],
        playbook=[
            {"id": "a", "by": "city", "when": {"service": "water", "state": "down"},
             "do": "activate", "task": "water-task"},
            {"id": "b", "by": "city", "when": {"service": "sewage", "state": "down"},
             "after": "1m", "do": "activate", "task": "sewage-task"},
            {"id": "fix", "by": "grid", "when": {"service": "power", "state": "down"},
             "after": "5h", "do": "repair", "target": "power", "takes": "1h"},
        ],
        injects=CUT,
    )
    events = run(sc)
    tasks = [(e.t, e.task, e.status) for e in of_type(events, "task")]
    assert tasks == [
        (0.0, "water-task", "triggered"), (0.0, "sewage-task", "triggered"),
        (15.0, "water-task", "activated"), (21.0, "sewage-task", "activated"),
        (75.0, "water-task", "effective"),
        # power repaired at 10 + 5h + 1h = 370: both clear; the sewage task never got the
        # tanker, the water task hands it back.
        (370.0, "water-task", "cleared"), (370.0, "sewage-task", "cleared"),
    ]


def test_activate_after_trigger_cleared_does_nothing() -> None:
    sc = scenario(
        organisations=ORGS, services=SERVICES,
        responsibilities=[{"id": "t", "task": "x", "lead": "city",
                           "trigger": {"service": "water", "state": "down"}}],
        playbook=[{"id": "late", "by": "city", "when": {"service": "water", "state": "down"},
                   "after": "2h", "do": "activate", "task": "t"}],
        injects=[*CUT, {"id": "back", "at": "1h", "do": "restore", "target": "power"}],
    )
    events = run(sc)
    assert [e.status for e in of_type(events, "task")] == ["triggered", "cleared"]
    skipped = [e for e in of_type(events, "action")
               if e.status == "done" and e.fields.get("outcome") == "skipped"]
    assert skipped[0].fields["reason"] == "trigger not current"


def test_rule_fires_once_per_occurrence() -> None:
    sc = scenario(organisations=ORGS, services=SERVICES, channels=CHANNELS,
                  injects=[*CUT, {"id": "b1", "at": "1h", "do": "restore", "target": "power"},
                           {"id": "c2", "at": "2h", "do": "fail", "target": "power"}],
                  playbook=[notify("tell", "grid", "power", ["county"], ["courier"])])
    events = run(sc)
    sent = [e.t for e in of_type(events, "message") if e.status == "sent"]
    assert sent == [10.0, 130.0]


def test_held_back_inject_fires_only_when_the_facilitator_fires_it() -> None:
    sc = scenario(organisations=ORGS, services=SERVICES,
                  injects=[{"id": "gen", "optional": True, "do": "fail", "target": "power"}])
    assert changes(run(sc), "power") == []
    events = run(sc, inputs=[FireInject(30.0, "gen")])
    assert changes(events, "power") == [(30.0, "down")]


def test_inputs_applied_live_equal_inputs_given_up_front() -> None:
    sc = scenario(organisations=ORGS, services=SERVICES, channels=CHANNELS, injects=CUT,
                  playbook=[notify("tell", "city", "water", ["county"], ["phone", "courier"])])
    inputs = [
        AdHocInject(15.0, "fail", target="mobile", text="base stations flooded"),
        Action(15.0, "county", "notify", to=("city",), via=("courier", "phone"),
               about=("power", "down")),
        Note(20.0, "County could not reach the city", rating="M"),
    ]
    replayed = [event_json(e) for e in run(sc, inputs)]
    live = Run(sc)
    for item in inputs:
        live.advance_to(item.t)
        live.apply(item)
        live.advance_to(item.t)  # a console refreshing while paused must change nothing
    assert [event_json(e) for e in live.run_to_end()] == replayed


def test_step_by_step_equals_one_go() -> None:
    sc = scenario(organisations=ORGS, services=SERVICES, channels=CHANNELS, injects=CUT,
                  playbook=[notify("tell", "city", "water", ["county"], ["phone", "courier"])])
    stepped = Run(sc)
    while stepped.step():
        pass
    assert [event_json(e) for e in stepped.events] == [event_json(e) for e in run(sc)]


def test_invalid_input_is_refused_with_a_message() -> None:
    live = Run(scenario(organisations=ORGS, services=SERVICES))
    with pytest.raises(InputError, match="unknown service 'watr'"):
        live.apply(AdHocInject(0.0, "fail", target="watr"))
    with pytest.raises(InputError, match="a notify action needs 'via'"):
        live.apply(Action(0.0, "city", "notify", to=("county",)))
    assert live.events == []


def test_duration_ranges_are_drawn_from_the_seed() -> None:
    sc = scenario(services=[{"id": "power", "owner": "grid"}],
                  injects=[{"id": "cut", "at": {"min": "1h", "max": "5h"}, "do": "fail",
                            "target": "power"}])
    times = {s: changes(run(sc, seed=s), "power")[0][0] for s in range(5)}
    assert all(60.0 <= t <= 300.0 for t in times.values())
    assert len(set(times.values())) > 1
    assert changes(run(sc, seed=3), "power")[0][0] == times[3]
