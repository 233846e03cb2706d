"""Scoring from hand-built event logs, every figure computed by hand (see docs/scoring.md)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simulator.events import EndEvent, Event, NoteEvent
from simulator.graph import DependencyGraph
from simulator.model import Scenario
from simulator.scoring import (
    message_digraph,
    rating,
    read_log,
    relevance,
    score_run,
    score_summary,
)
from simulator.scoring.figures import percentile
from simulator.synthetic import generate_scenario
from tests.simulator.test_scoring_helpers import changed, knows, message, region, task

END = 600.0


def score(scenario: Scenario, events: list[Event]) -> dict[str, Any]:
    return score_run(scenario, [*events, EndEvent(END)], seed=7, duration=END)


# --- relevance -------------------------------------------------------------------------


def test_relevant_orgs_are_the_owners_downstream_and_task_parties() -> None:
    scenario = region(
        responsibilities=[
            {
                "id": "water-aid",
                "task": "Water aid",
                "trigger": {"service": "water", "state": "down"},
                "lead": "city",
                "support": ["grid"],
            },
        ]
    )
    rel = relevance(scenario)
    assert sorted(rel.members(rel.mask("power", "down"))) == ["city", "county", "tele", "utility"]
    assert sorted(rel.members(rel.mask("water", "down"))) == ["city", "county", "grid"]
    assert sorted(rel.members(rel.mask("water", "up"))) == ["city", "county"]
    assert list(rel.members(rel.mask("school", "down"))) == []


def test_relevance_through_a_cycle_includes_every_owner_on_it() -> None:
    scenario = region(
        services=[
            {"id": "fuel", "owner": "utility"},
            {
                "id": "power",
                "owner": "grid",
                "depends_on": [{"service": "mobile", "tolerance": "3h"}, {"service": "fuel"}],
            },
            {
                "id": "mobile",
                "owner": "tele",
                "depends_on": [{"service": "power", "tolerance": "3h"}],
            },
            {"id": "school", "owner": "city", "depends_on": [{"service": "mobile"}]},
            {"id": "lonely", "owner": "county", "depends_on": [{"service": "lonely"}]},
        ]
    )
    rel = relevance(scenario)
    assert sorted(rel.members(rel.downstream["fuel"])) == ["city", "grid", "tele"]
    assert sorted(rel.members(rel.downstream["power"])) == ["city", "grid", "tele"]
    assert sorted(rel.members(rel.downstream["mobile"])) == ["city", "grid", "tele"]
    assert list(rel.members(rel.downstream["school"])) == []
    assert list(rel.members(rel.downstream["lonely"])) == ["county"]


def test_relevance_matches_a_search_of_the_graph_on_a_generated_region() -> None:
    scenario = Scenario.model_validate(generate_scenario(300, seed=3))
    rel = relevance(scenario)
    graph = DependencyGraph(scenario)
    owner = {service.id: service.owner for service in scenario.services}
    for service in scenario.services:
        expected = sorted({owner[s] for s in graph.downstream(service.id)})
        assert sorted(rel.members(rel.downstream[service.id])) == expected


# --- information flow --------------------------------------------------------------------


def test_a_fact_that_never_reaches_an_organisation_counts_with_delay_to_the_end() -> None:
    events: list[Event] = [
        changed(0, "power", "down"),
        knows(0, "grid", "power", "down", 0),
        knows(30, "tele", "power", "down", 0),
        knows(90, "utility", "power", "down", 0),
        knows(240, "city", "power", "down", 0, how="message"),
    ]
    flow = score(region(), events)["information_flow"]
    # relevant: tele, utility, city, county; county never knows (credit 1/(1+600/60)).
    assert (flow["relevant"], flow["known"]) == (4, 3)
    assert flow["median_delay"] == 90.0
    assert flow["p90_delay"] == 210.0  # 90 + 0.8 * (240 - 90)
    credits = 1 / 1.5 + 1 / 2.5 + 1 / 5 + 1 / 11
    assert flow["score"] == round(100 * credits / 4, 1) == 33.9
    assert flow["missed"] == [{"org": "county", "service": "power", "state": "down", "t": 0}]
    assert flow["by_org"]["county"] == {
        "relevant": 1,
        "known": 0,
        "median_delay": None,
        "p90_delay": None,
        "score": 9.1,
    }
    assert flow["by_org"]["tele"]["score"] == 66.7


def test_nothing_relevant_scores_100_with_null_delays() -> None:
    flow = score(region(), [changed(5, "school", "down")])["information_flow"]
    assert {k: flow[k] for k in ("relevant", "known", "median_delay", "p90_delay", "score")} == {
        "relevant": 0,
        "known": 0,
        "median_delay": None,
        "p90_delay": None,
        "score": 100.0,
    }
    assert flow["shared_picture"] == {"series": [], "mean": None, "facts": 0, "known_by_all": 0}


def test_percentile_interpolates_between_closest_ranks() -> None:
    assert percentile([0.0, 10.0, 20.0, 30.0, 100.0], 0.5) == 20.0
    assert percentile([0.0, 10.0, 20.0, 30.0, 100.0], 0.9) == pytest.approx(72.0)
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([], 0.5) is None


def test_shared_picture_is_a_step_series_with_time_weighted_mean() -> None:
    events: list[Event] = [
        changed(0, "water", "down"),
        knows(60, "city", "water", "down", 0),
        knows(120, "county", "water", "down", 0),
        changed(300, "mobile", "down"),  # concerns county only, never known
    ]
    picture = score(region(), events)["information_flow"]["shared_picture"]
    # water down concerns city and county: all know from 120; mobile never.
    assert picture["series"] == [[0.0, 0.0], [120.0, 1.0], [300.0, 0.5]]
    assert picture["mean"] == round((0 * 120 + 1 * 180 + 0.5 * 300) / 600, 4) == 0.55
    assert (picture["facts"], picture["known_by_all"]) == (2, 1)


# --- messages, channels, interfaces, bottlenecks -------------------------------------------

POWER = ("power", "down", 0.0)

RELAY: list[Event] = [
    changed(0, "power", "down"),
    knows(0, "grid", "power", "down", 0),
    message(10, 1, "grid", "county", POWER, "failed", attempt=1),
    message(40, 1, "grid", "county", POWER, "sent", channel="virve", fallback=True, attempt=2),
    message(45, 1, "grid", "county", POWER, "delivered", channel="virve"),
    knows(45, "county", "power", "down", 0, how="message"),
    message(50, 2, "county", "city", POWER, "sent", channel="virve", fallback=False),
    message(50, 3, "county", "utility", POWER, "sent", channel="phone", fallback=False),
    message(55, 2, "county", "city", POWER, "delivered", channel="virve"),
    knows(55, "city", "power", "down", 0, how="message"),
    knows(60, "tele", "power", "down", 0),
]


def relay_scenario() -> Scenario:
    return region(
        playbook=[
            {
                "id": "grid-tells-county",
                "by": "grid",
                "when": {"service": "power", "state": "down"},
                "do": "notify",
                "to": ["county"],
                "via": ["phone", "virve"],
            },
        ]
    )


def test_a_message_that_falls_back_and_one_that_is_never_delivered() -> None:
    flow = score(relay_scenario(), RELAY)["information_flow"]
    assert flow["channels"] == {
        "phone": {
            "sent": 1,
            "delivered": 0,
            "fallbacks": 0,
            "undelivered": 1,
            "failed_attempts": 1,
        },
        "virve": {
            "sent": 2,
            "delivered": 2,
            "fallbacks": 1,
            "undelivered": 0,
            "failed_attempts": 1,
        },
    }
    assert flow["messages"] == {
        "sent": 3,
        "delivered": 2,
        "fallbacks": 1,
        "failed_attempts": 1,
        "undelivered": 1,
        "never_sent": 0,
        "unattributed_failures": 0,
        "about_unknown_facts": 0,
    }


def test_a_bottleneck_organisation_and_what_its_dropout_costs() -> None:
    graph = score(relay_scenario(), RELAY)["information_flow"]["message_graph"]
    assert graph["edges"] == [["county", "city", 1], ["grid", "county", 1]]
    digraph = message_digraph(read_log(RELAY, END))
    assert sorted(digraph.edges(data=True)) == [
        ("county", "city", {"messages": 1, "facts": 1}),
        ("grid", "county", {"messages": 1, "facts": 1}),
    ]
    assert graph["spread_by_message"] == 1
    assert graph["bottlenecks"] == [
        {"org": "county", "facts": 1, "share": 1.0},
        {"org": "grid", "facts": 1, "share": 1.0},
    ]
    # relevant pairs: tele, utility, city, county (4); known: tele, city, county (3).
    # Without grid, county and city would not have learned it; without county, city.
    assert graph["known_share"] == 0.75
    assert graph["dropout"] == {
        "county": {"pairs_lost": 1, "known_without": 2, "known_share_without": 0.5},
        "grid": {"pairs_lost": 2, "known_without": 1, "known_share_without": 0.25},
    }


def test_interfaces_count_what_should_have_crossed_and_how() -> None:
    found = score(relay_scenario(), RELAY)["information_flow"]["interfaces"]
    assert sorted(found) == [
        "city->tele",
        "city->utility",
        "county->city",
        "county->tele",
        "county->utility",
        "grid->city",
        "grid->county",
        "grid->tele",
        "grid->utility",
        "tele->utility",
    ]
    assert found["grid->county"] == {
        "from": "grid",
        "to": "county",
        "facts": 1,
        "told": 1,
        "told_first": 1,
        "missed": 0,
        "median_lag": 45.0,
        "max_lag": 45.0,
        "channels": {"virve": 1},
        "score": round(100 / (1 + 45 / 60), 1),
    }
    # utility never knew; county's phone message to it was never delivered.
    assert found["county->utility"] == {
        "from": "county",
        "to": "utility",
        "facts": 1,
        "told": 0,
        "told_first": 0,
        "missed": 1,
        "median_lag": None,
        "max_lag": None,
        "channels": {},
        "score": round(100 / (1 + 555 / 60), 1),
    }
    assert found["county->city"]["told_first"] == 1
    assert found["grid->city"]["told"] == 0


def test_summary_names_the_best_and_worst_interfaces() -> None:
    scenario = relay_scenario()
    result = score(scenario, RELAY)
    lines = score_summary(result, scenario)
    assert lines[0] == "Objectives: 0/0 met (P 0, S 0, M 0, U 0)"
    # delays 45, 55, 60 (p90 = 55 + 0.8 * 5); utility never: 1 / (1 + 600 / 60).
    assert round(100 * (1 / 1.75 + 1 / (1 + 55 / 60) + 1 / 2 + 1 / 11) / 4, 1) == 42.1
    assert lines[1] == (
        "Information flow: 3/4 relevant facts known, median delay 55.0 min, p90 59.0 min, "
        "score 42.1"
    )
    assert lines[2] == "Coordination: score 100.0; late: –; unassigned: –; wrong organisation: –"
    assert lines[3] == "Best interfaces:"
    # lags: city->tele 5, county->city 10, county->tele 15 (best); grid->utility 600,
    # county->utility 555, city->utility 545 (worst; utility never knew).
    assert lines[4:] == [
        "  City → Telecom: 1 facts, 0 told by message, 0 never known, median lag 5.0 min, "
        "score 92.3",
        "  County → City: 1 facts, 1 told by message, 0 never known, median lag 10.0 min, "
        "score 85.7",
        "  County → Telecom: 1 facts, 0 told by message, 0 never known, median lag 15.0 min, "
        "score 80.0",
        "Worst interfaces:",
        "  Grid company → Water utility: 1 facts, 0 told by message, 1 never known, "
        "median lag – min, score 9.1",
        "  County → Water utility: 1 facts, 0 told by message, 1 never known, "
        "median lag – min, score 9.8",
        "  City → Water utility: 1 facts, 0 told by message, 1 never known, "
        "median lag – min, score 9.9",
    ]
    assert score_summary(result, scenario, "fi")[3] == "Parhaat yhdyspinnat:"


# --- coordination ------------------------------------------------------------------------

TASKS = [
    {
        "id": "water-aid",
        "task": "Water aid",
        "trigger": {"service": "water", "state": "down"},
        "lead": "city",
        "within": "1h",
        "mitigates": {"service": "water", "share": 0.7},
    },
    {
        "id": "bottles",
        "task": "Bottled water",
        "trigger": {"service": "water", "state": "down"},
        "lead": "county",
        "within": "2h",
        "mitigates": {"service": "water", "share": 0.5},
    },
    {"id": "evacuate", "task": "Evacuation", "trigger": {"service": "homecare", "state": "down"}},
    {
        "id": "warm-up",
        "task": "Warming centre",
        "trigger": {"service": "power", "state": "down"},
        "lead": "city",
        "within": "11h",
    },
]


def test_late_wrong_organisation_unassigned_and_unjudged_tasks() -> None:
    events: list[Event] = [
        changed(0, "power", "down"),
        task(0, "warm-up", "triggered", "city"),
        changed(20, "water", "down"),
        task(20, "water-aid", "triggered", "city"),
        task(20, "bottles", "triggered", "county"),
        task(50, "bottles", "activated", "utility"),
        task(110, "water-aid", "activated", "city"),
        task(140, "water-aid", "effective"),
        changed(200, "homecare", "down"),
        task(200, "evacuate", "triggered"),
        task(230, "evacuate", "activated", "county"),
    ]
    work = score(region(responsibilities=TASKS), events)["coordination"]
    assert work["tasks"]["water-aid"] == {
        "triggered": 20,
        "activated": 110,
        "by": "city",
        "on_time": False,
        "lead": "city",
        "effective": 140,
        "to_activation": 90.0,
        "to_effect": 120.0,
        "within": 60.0,
        "by_lead": True,
        "occurrences": [
            {
                "triggered": 20,
                "activated": 110,
                "by": "city",
                "on_time": False,
                "effective": 140,
                "cleared": None,
                "to_activation": 90.0,
                "to_effect": 120.0,
                "by_lead": True,
                "credit": 0.6667,
            }
        ],
    }
    assert work["tasks"]["bottles"]["by_lead"] is False
    assert work["tasks"]["bottles"]["on_time"] is True
    assert work["tasks"]["evacuate"]["lead"] is None
    assert work["tasks"]["warm-up"]["activated"] is None
    assert work["unassigned"] == ["evacuate"]
    assert work["late"] == ["water-aid"]
    assert work["wrong_org"] == ["bottles"]
    assert work["not_activated"] == []
    assert work["unjudged"] == ["warm-up"]  # its 11 h had not passed when the run ended
    # water-aid 60/90, bottles 0.5 (wrong organisation), evacuate 0.5 (no lead).
    assert work["judged"] == 3
    assert work["score"] == round(100 * (60 / 90 + 0.5 + 0.5) / 3, 1) == 55.6


def test_a_task_triggered_again_is_judged_per_occurrence() -> None:
    events: list[Event] = [
        changed(0, "water", "down"),
        task(0, "water-aid", "triggered", "city"),
        task(30, "water-aid", "activated", "city"),
        changed(100, "water", "up", "down"),
        task(100, "water-aid", "cleared"),
        changed(200, "water", "down"),
        task(200, "water-aid", "triggered", "city"),
    ]
    work = score(region(responsibilities=TASKS[:1]), events)["coordination"]
    entry = work["tasks"]["water-aid"]
    assert (entry["triggered"], entry["activated"], entry["on_time"]) == (0, 30, True)
    assert [o["credit"] for o in entry["occurrences"]] == [1.0, 0.0]
    assert work["not_activated"] == ["water-aid"]
    assert work["score"] == 50.0


# --- services and impact -----------------------------------------------------------------


def test_services_time_in_each_state_until_the_end() -> None:
    events: list[Event] = [
        changed(0, "power", "down"),
        changed(10, "mobile", "strained"),
        changed(70, "mobile", "down", "strained"),
        changed(300, "power", "up", "down"),
        changed(310, "mobile", "degraded", "down"),
        changed(400, "mobile", "up", "degraded"),
        changed(500, "power", "down"),
    ]
    found = score(region(), events)["services"]
    assert found["power"] == {
        "first_down": 0,
        "down_minutes": 400.0,
        "degraded_minutes": 0.0,
        "strained_minutes": 0.0,
        "availability": 0.3333,
        "state_at_end": "down",
    }
    assert found["mobile"] == {
        "first_down": 70,
        "down_minutes": 240.0,
        "degraded_minutes": 90.0,
        "strained_minutes": 60.0,
        "availability": 0.6,
        "state_at_end": "up",
    }
    assert found["school"] == {
        "first_down": None,
        "down_minutes": 0.0,
        "degraded_minutes": 0.0,
        "strained_minutes": 0.0,
        "availability": 1.0,
        "state_at_end": "up",
    }


def test_mitigation_share_caps_at_one() -> None:
    events: list[Event] = [
        changed(0, "water", "down"),
        task(0, "water-aid", "triggered", "city"),
        task(0, "bottles", "triggered", "county"),
        task(10, "water-aid", "activated", "city"),
        task(30, "water-aid", "effective"),
        task(40, "bottles", "activated", "county"),
        task(60, "bottles", "effective"),
        changed(90, "water", "up", "down"),
        task(90, "water-aid", "cleared"),
        task(90, "bottles", "cleared"),
        changed(120, "water", "down"),
        changed(150, "homecare", "down"),
    ]
    found = score(region(responsibilities=TASKS), events)["impact"]
    # water: 0–30 full, 30–60 × 0.3, 60–90 × 0 (0.7 + 0.5 capped at 1), 120–600 full.
    people = 1000 * (0.5 + 0.5 * 0.3 + 0 + 8)
    assert found == {
        "population_hours": {"water": round(people, 1)},
        "vulnerable_hours": 10 * (1.5 + 8) + 100 * 7.5,
        "population_hours_total": 8650.0,
        "unmitigated_population_hours": 1000 * 9.5,
        "mitigated_population_hours": 850.0,
        "vulnerable_by_service": {"homecare": 750.0, "water": 95.0},
    }


# --- objectives --------------------------------------------------------------------------


def objective(ident: str, expect: dict[str, Any]) -> dict[str, Any]:
    return {"id": ident, "expect": expect}


def test_objectives_met_at_and_rated_p_s_m_u() -> None:
    knows_water = {"org": "county", "knows": {"service": "water", "state": "down"}}
    scenario = region(
        responsibilities=TASKS,
        objectives=[
            objective("p", {**knows_water, "within": "4h"}),
            objective("s", {**knows_water, "within": "2h"}),
            objective("m", {**knows_water, "within": "1h"}),
            objective("u", {**knows_water, "within": "30m"}),
            objective("anytime", knows_water),
            objective(
                "city-never", {"org": "city", "knows": {"service": "water", "state": "down"}}
            ),
            objective(
                "not-happening",
                {"org": "city", "knows": {"service": "school", "state": "down"}, "within": "1h"},
            ),
            objective("aid-on-time", {"task": "water-aid", "active": True, "within": "90m"}),
            objective("no-bottles", {"task": "bottles", "active": False}),
            objective("no-evacuation", {"task": "evacuate", "active": False}),
            objective("power-stays", {"service": "power", "never": "down"}),
            objective("water-stays", {"service": "water", "never": "down"}),
        ],
    )
    events: list[Event] = [
        changed(20, "water", "down"),
        task(20, "water-aid", "triggered", "city"),
        task(20, "bottles", "triggered", "county"),
        task(50, "bottles", "activated", "county"),
        task(60, "water-aid", "activated", "city"),
        knows(110, "county", "water", "down", 20),
        NoteEvent(200, text="County was slow", objective="u", rating="M"),
    ]
    found = score(scenario, events)
    judged = found["objectives"]
    assert list(judged) == sorted(judged)
    summary = {key: (v["met"], v["at"], v["rating"], v["delay"]) for key, v in judged.items()}
    assert summary == {
        "p": (True, 110, "P", 90.0),
        "s": (True, 110, "S", 90.0),
        "m": (False, None, "M", 90.0),
        "u": (False, None, "U", 90.0),
        "anytime": (True, 110, "S", 90.0),
        "city-never": (False, None, "U", None),
        "not-happening": (True, None, "S", None),
        "aid-on-time": (True, 60, "P", 40.0),
        "no-bottles": (False, None, "U", None),
        "no-evacuation": (True, None, "S", None),
        "power-stays": (True, None, "P", None),
        "water-stays": (False, None, "U", None),
    }
    assert judged["not-happening"]["tested"] is False
    assert judged["no-bottles"]["activated_at"] == 50
    assert judged["water-stays"]["violated_at"] == 20
    assert judged["u"]["facilitator_rating"] == "M"
    assert found["objectives_summary"] == {
        "total": 12,
        "met": 7,
        "untested": 2,
        "ratings": {"P": 3, "S": 4, "M": 1, "U": 4},
    }


@pytest.mark.parametrize(
    ("delay", "within", "expected"),
    [
        (0.0, 0.0, "P"),
        (1.0, 0.0, "U"),
        (30.0, 60.0, "P"),
        (30.1, 60.0, "S"),
        (60.0, 60.0, "S"),
        (120.0, 60.0, "M"),
        (120.1, 60.0, "U"),
        (None, 60.0, "U"),
        (500.0, None, "S"),
        (None, None, "U"),
    ],
)
def test_rating_rule(delay: float | None, within: float | None, expected: str) -> None:
    assert rating(delay, within) == expected


# --- the whole object -----------------------------------------------------------------------


def test_contract_keys_in_order_and_byte_identical_json() -> None:
    scenario = region(responsibilities=TASKS)
    events = [*RELAY, changed(20, "water", "down"), task(20, "water-aid", "triggered", "city")]
    events.sort(key=lambda e: e.t)
    first = score(scenario, events)
    assert list(first)[:8] == [
        "scenario",
        "seed",
        "duration",
        "objectives",
        "services",
        "information_flow",
        "coordination",
        "impact",
    ]
    assert (first["scenario"], first["seed"], first["duration"]) == ("mini", 7, 600.0)
    assert json.dumps(first) == json.dumps(score(scenario, list(events)))
    assert first["log"] == {"events": len(events) + 1, "facts": 2, "unmatched_knows": 0}
