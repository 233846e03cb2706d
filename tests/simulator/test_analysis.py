"""Monte Carlo analysis: seeds, outcomes, distributions and criticality, with exact values
on a small scenario whose answers are known by construction (``test_analysis_helpers``)."""

from __future__ import annotations

import pickle
import random

from simulator.analysis import (
    SerialExecutor,
    Variant,
    Workload,
    analyse,
    apply_variant,
    derive_seeds,
    plan_analysis,
)
from simulator.analysis.distributions import distribution
from simulator.analysis.worker import batch_size, make_batches
from simulator.engine import Run
from simulator.inputs import AdHocInject, Note
from simulator.scoring import score_run
from tests.simulator.test_analysis_helpers import hub_scenario


def test_seeds_are_derived_reproducibly_and_more_runs_only_add() -> None:
    seeds = derive_seeds(5, 4)
    rng = random.Random(5)
    assert seeds == tuple(rng.getrandbits(53) for _ in range(4))
    assert derive_seeds(5, 10)[:4] == seeds
    assert all(0 <= s < 2**53 for s in derive_seeds(0, 100))
    assert len(set(derive_seeds(0, 1000))) == 1000


def test_distribution_uses_linear_interpolation_between_closest_ranks() -> None:
    figures = distribution([10.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
    assert figures == {"runs": 10, "mean": 5.5, "p10": 1.9, "median": 5.5, "p90": 9.1,
                       "min": 1.0, "max": 10.0}
    assert distribution([]) == {"runs": 0, "mean": None, "p10": None, "median": None,
                                "p90": None, "min": None, "max": None}


def test_outcome_is_the_score_of_the_same_run() -> None:
    scenario = hub_scenario()
    workload = Workload(scenario)
    outcome = workload.run_one(Variant("base"), 77)
    run = Run(scenario, seed=77)
    score = score_run(scenario, run.run_to_end(), seed=77, duration=run.duration)
    assert outcome.seed == 77
    assert outcome.met == (True, True)
    assert outcome.first_down == (720.0, 60.0)  # power (storm at 12 h), water (burst at 1 h)
    assert outcome.down_minutes == (720.0, score["services"]["water"]["down_minutes"])
    assert outcome.population_hours == score["impact"]["population_hours_total"]
    assert outcome.vulnerable_hours == score["impact"]["vulnerable_hours"]
    assert outcome.information == score["information_flow"]["score"]
    assert outcome.coordination == 100.0


def test_variants_change_one_thing() -> None:
    scenario = hub_scenario()
    same, inputs = apply_variant(scenario, Variant("fail", "power"))
    assert same is scenario and inputs == (AdHocInject(0.0, "fail", target="power"),)
    halved, _ = apply_variant(scenario, Variant("halve", "water"))
    tolerance = halved.services[1].depends_on[0].tolerance
    assert (tolerance.min, tolerance.max) == (30.0, 60.0)
    assert halved.services[2] == scenario.services[2]
    no_rule, _ = apply_variant(scenario, Variant("rule", "utility-tells-city"))
    assert [r.id for r in no_rule.playbook] == ["city-activates"]
    no_lead, _ = apply_variant(scenario, Variant("responsibility", "emergency-water"))
    assert no_lead.responsibilities[0].lead is None
    assert [r.id for r in no_lead.playbook] == ["utility-tells-city"]
    assert scenario.responsibilities[0].lead == "city"  # the original is untouched


def test_workload_is_sent_without_its_cache_and_prepares_each_variant_once() -> None:
    workload = Workload(hub_scenario(), [Note(5.0, "x")])
    runs = [(Variant("base"), s) for s in range(20)] + [(Variant("rule", "city-activates"), 1)]
    for batch in make_batches(runs, 6):
        workload.run_batch(batch)
    assert workload.preparations == 2
    copy = pickle.loads(pickle.dumps(workload))
    assert copy.preparations == 0 and copy.inputs == (Note(5.0, "x"),)
    assert copy.compiled.scenario == workload.scenario


def test_batches_are_consecutive_and_sized_for_the_workers() -> None:
    runs = [(Variant("base"), s) for s in range(10)]
    batches = make_batches(runs, 4)
    assert [(b.start, len(b.runs)) for b in batches] == [(0, 4), (4, 4), (8, 2)]
    assert batch_size(1000, 2) == 32
    assert batch_size(10_000, 2) == 100
    assert batch_size(200, 2) == 7
    assert batch_size(12, 2, minimum=25) == 12
    assert batch_size(400, 8, minimum=25) == 25


def test_distributions_of_the_hub_scenario() -> None:
    workload = Workload(hub_scenario())
    summary = analyse(workload, plan_analysis(workload, 12, criticality_seeds=0),
                      SerialExecutor()).summary
    assert summary["runs"] == 12 and summary["seed"] == 5
    assert summary["seeds"]["first"] == derive_seeds(5, 1)[0]
    assert summary["objectives"] == {"city-knows-water": {"met_runs": 12, "probability": 1.0},
                                     "water-on-time": {"met_runs": 12, "probability": 1.0}}
    power = summary["services"]["power"]
    assert power["down_probability"] == 1.0
    assert power["down_minutes"]["median"] == 720.0
    assert power["first_down"]["p10"] == power["first_down"]["p90"] == 720.0
    assert summary["services"]["water"]["first_down"]["median"] == 60.0
    assert list(summary["services"]) == ["power", "water"]  # the critical ones
    water = summary["services"]["water"]["down_minutes"]
    assert water["p10"] < water["median"] < water["p90"]  # the reserve is a range
    assert summary["coordination"]["median"] == 100.0
    assert "criticality" not in summary


def test_criticality_ranks_the_hub_and_the_notify_rule_first() -> None:
    workload = Workload(hub_scenario())
    plan = plan_analysis(workload, 6, criticality_seeds=3)
    section = analyse(workload, plan, SerialExecutor()).summary["criticality"]
    assert section["seeds"] == 3
    failed = section["services_failed"]
    assert [r["id"] for r in failed] == ["power", "heat", "phones", "water"]
    assert [r["rank"] for r in failed] == [1, 2, 3, 4]
    # heat: down 24 h instead of 9 h (from 15 h), 300 residents; phones 24 h instead of 11 h
    assert (failed[1]["delta_impact"], failed[2]["delta_impact"]) == (4500.0, 1300.0)
    halved = {r["id"]: r for r in section["reserves_halved"]}
    assert halved["heat"]["delta_population_hours"] == 450.0  # 1.5 h sooner x 300
    assert halved["phones"]["delta_population_hours"] == 50.0  # 0.5 h sooner x 100
    assert "power" not in halved  # it holds no reserve

    agreements = section["agreements"]
    first = agreements[0]
    assert (first["kind"], first["id"], first["do"]) == ("rule", "utility-tells-city", "notify")
    assert first["objectives_lost"] == 2.0
    assert first["objectives_changed"] == [
        {"objective": "city-knows-water", "baseline": 1.0, "variant": 0.0},
        {"objective": "water-on-time", "baseline": 1.0, "variant": 0.0},
    ]
    responsibility = next(r for r in agreements if r["kind"] == "responsibility")
    assert responsibility["objectives_changed"] == [
        {"objective": "water-on-time", "baseline": 1.0, "variant": 0.0}]
    assert responsibility["delta_coordination"] == -100.0
    assert responsibility["delta_impact"] > 0  # the mitigation is lost
