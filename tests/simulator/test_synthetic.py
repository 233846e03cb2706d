"""Generated scenarios: valid, deterministic per seed, shaped like a region."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.graph import DependencyGraph
from simulator.model import Scenario
from simulator.synthetic import dump_yaml, generate_scenario


@pytest.mark.parametrize("services", [200, 2000])
def test_generated_scenario_validates_and_loads(services: int, tmp_path: Path) -> None:
    from simulator.loader import load_scenario

    data = generate_scenario(services, seed=7)
    scenario = Scenario.model_validate(data)
    assert len(scenario.services) == services
    path = tmp_path / "synthetic.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    loaded = load_scenario(path)
    assert loaded.scenario == scenario
    assert loaded.warnings == ()


def test_same_seed_same_file_other_seed_other_file() -> None:
    assert dump_yaml(generate_scenario(300, seed=5)) == dump_yaml(generate_scenario(300, seed=5))
    assert dump_yaml(generate_scenario(300, seed=5)) != dump_yaml(generate_scenario(300, seed=6))


def test_shape_of_a_region() -> None:
    scenario = Scenario.model_validate(generate_scenario(2000, seed=1))
    layers = Counter(service.id.split("-")[0] for service in scenario.services)
    assert layers == {
        "power": 200,
        "telecom": 240,
        "water": 240,
        "heat": 200,
        "health": 320,
        "care": 320,
        "municipal": 480,
    }
    assert len(scenario.organisations) == 50
    graph = DependencyGraph(scenario)
    cycles = graph.cycles()
    assert cycles, "expected some power <-> telecom cycles"
    assert all({s.split("-")[0] for s in cycle} == {"power", "telecom"} for cycle in cycles)
    assert graph.zero_tolerance_cycles() == []
    assert [c.id for c in scenario.channels] == ["phone", "virve", "courier"]
    assert scenario.channels[0].depends_on == ("telecom-1", "telecom-2", "telecom-3")
    kinds = {rule.do for rule in scenario.playbook}
    assert kinds == {"notify", "activate", "supply", "repair", "convene"}
    failed = [i.target for i in scenario.injects if i.do == "fail" and not i.optional]
    assert len(failed) == 6  # 3 % of the 200 power services
    assert all(target.startswith("power-") for target in failed)
    assert any(i.do == "restore" for i in scenario.injects)
    assert {o.expect.__class__.__name__ for o in scenario.objectives} == {
        "KnowsExpect",
        "ActiveExpect",
        "NeverExpect",
    }
    tolerances = {d.tolerance.max for s in scenario.services for d in s.depends_on}
    assert min(tolerances) == 0 and max(tolerances) == 24 * 60
    assert any(d.refill == "manual" for s in scenario.services for d in s.depends_on)


def test_options() -> None:
    data = generate_scenario(50, seed=2, orgs=3, hours=24, failures=2)
    scenario = Scenario.model_validate(data)
    assert len(scenario.organisations) == 3
    assert scenario.clock.duration.max == 24 * 60
    assert len([i for i in scenario.injects if i.do == "fail" and not i.optional]) == 2
    assert all(i.at is None or i.at.max <= 12 * 60 for i in scenario.injects if i.do == "fail")


def test_ten_thousand_services_is_about_two_megabytes() -> None:
    text = dump_yaml(generate_scenario(10_000))
    assert 1.5e6 <= len(text.encode()) <= 2.0e6


def test_dump_is_plain_safe_yaml() -> None:
    data = generate_scenario(30, seed=4)
    text = dump_yaml(data)
    assert "!!" not in text
    assert yaml.safe_load(text) == data
    assert "name: Sähkönjakelu 1," in text  # non-ASCII kept readable, not escaped


@settings(max_examples=30, deadline=None)
@given(
    services=st.integers(min_value=1, max_value=120),
    seed=st.integers(min_value=0, max_value=2**32),
    orgs=st.none() | st.integers(min_value=1, max_value=12),
)
def test_any_size_is_valid(services: int, seed: int, orgs: int | None) -> None:
    scenario = Scenario.model_validate(generate_scenario(services, seed=seed, orgs=orgs))
    assert len(scenario.services) == services
    ids = {s.id for s in scenario.services}
    orgs_ids = {o.id for o in scenario.organisations}
    assert all(s.owner in orgs_ids for s in scenario.services)
    assert all(d.service in ids for s in scenario.services for d in s.depends_on)
    assert all(c in ids for ch in scenario.channels for c in ch.depends_on)
    for kind in ("services", "organisations", "playbook", "injects", "objectives"):
        items = getattr(scenario, kind)
        assert len({item.id for item in items}) == len(items), kind


def test_rejects_nonsense_sizes() -> None:
    with pytest.raises(ValueError, match="at least one service"):
        generate_scenario(0)
    with pytest.raises(ValueError, match="at least one organisation"):
        generate_scenario(10, orgs=0)
