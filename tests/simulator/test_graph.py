"""The dependency graph: neighbours, transitive closures, cycles, and the DOT/Mermaid exports."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.graph import Cascade, DependencyGraph, to_dot, to_mermaid
from simulator.model import Scenario
from simulator.synthetic import generate_scenario


def scenario(services: list[dict[str, Any]], orgs: list[dict[str, Any]] | None = None) -> Scenario:
    return Scenario.model_validate(
        {
            "format": "tabletop/1",
            "id": "g",
            "title": {"fi": "Kuvaaja", "en": "Graph"},
            "clock": {"start": "2026-01-14T06:00:00+02:00", "duration": "1d"},
            "organisations": orgs or [{"id": "city", "name": {"fi": "Kaupunki", "en": "City"}}],
            "services": services,
        }
    )


def svc(id: str, *deps: str | dict[str, Any], owner: str = "city", **extra: Any) -> dict[str, Any]:
    depends = [{"service": d} if isinstance(d, str) else d for d in deps]
    return {"id": id, "owner": owner, "depends_on": depends, **extra}


# power <-> telecom cycle (reserves on both sides), water needs power and telecom,
# hospital needs water; a zero-tolerance cycle a <-> b; c depends on itself.
REGION = scenario(
    [
        svc("power", {"service": "telecom", "tolerance": "6h"}),
        svc("telecom", {"service": "power", "tolerance": "2h"}),
        svc("water", "power", {"service": "telecom", "effect": "degraded"}),
        svc("hospital", {"service": "water", "tolerance": "18h"}, critical=True),
        svc("a", "b"),
        svc("b", "a"),
        svc("c", "c"),
        svc("lonely"),
    ]
)


def test_nodes_and_edges_carry_the_model() -> None:
    g = DependencyGraph(REGION)
    assert g.graph.nodes["hospital"] == {
        "owner": "city",
        "critical": True,
        "population": 0,
        "vulnerable": 0,
    }
    edge = g.graph.edges["water", "hospital"]
    assert (edge["tolerance"].min, edge["tolerance"].max) == (1080.0, 1080.0)
    assert (edge["refill"], edge["effect"]) == ("auto", "down")
    assert g.graph.edges["telecom", "water"]["effect"] == "degraded"
    assert g.graph.number_of_edges() == 8


def test_direct_neighbours_in_file_order() -> None:
    g = DependencyGraph(REGION)
    assert g.providers("water") == ["power", "telecom"]
    assert g.dependents("power") == ["telecom", "water"]
    assert g.dependents("telecom") == ["power", "water"]
    assert g.providers("lonely") == []
    assert g.services_of("city") == [s.id for s in REGION.services]
    assert g.services_of("nobody") == []


def test_upstream_and_downstream_are_transitive() -> None:
    g = DependencyGraph(REGION)
    assert g.upstream("hospital") == {"water", "power", "telecom"}
    assert g.downstream("power") == {"power", "telecom", "water", "hospital"}
    assert g.upstream("water") == {"power", "telecom"}  # not itself: not on a cycle
    assert g.upstream("c") == {"c"}
    assert g.downstream("hospital") == frozenset()
    assert g.upstream("hospital") is g.upstream("hospital")  # cached


def test_org_upstream_is_the_union_of_its_services() -> None:
    orgs = [{"id": "utility"}, {"id": "county"}]
    s = scenario(
        [
            svc("power", owner="utility"),
            svc("water", "power", owner="utility"),
            svc("hospital", "water", owner="county"),
            svc("clinic", owner="county"),
        ],
        orgs,
    )
    g = DependencyGraph(s)
    assert g.org_upstream("county") == {"water", "power"}
    assert g.org_upstream("utility") == {"power"}
    assert g.org_upstream("nobody") == frozenset()


def test_cycles_in_file_order() -> None:
    g = DependencyGraph(REGION)
    assert g.cycles() == [["power", "telecom"], ["a", "b"], ["c"]]
    assert g.zero_tolerance_cycles() == [["a", "b"], ["c"]]


def test_cascade_levels() -> None:
    g = DependencyGraph(REGION)
    assert g.cascade_path("hospital") == Cascade(
        service="hospital", providers=(("water",), ("power", "telecom")), dependents=()
    )
    assert g.cascade_path("power") == Cascade(
        service="power", providers=(("telecom",),), dependents=(("telecom", "water"), ("hospital",))
    )


def test_unknown_dependency_is_left_out() -> None:
    g = DependencyGraph(scenario([svc("water", "no-such-service")]))
    assert g.providers("water") == []
    assert list(g.graph.nodes) == ["water"]


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=150), st.integers(min_value=0, max_value=10**6))
def test_upstream_mirrors_downstream(services: int, seed: int) -> None:
    s = Scenario.model_validate(generate_scenario(services, seed=seed))
    g = DependencyGraph(s)
    ids = [x.id for x in s.services]
    for a in ids:
        for b in g.upstream(a):
            assert a in g.downstream(b)
    for org in {x.owner for x in s.services}:
        expected = frozenset().union(*(g.upstream(x) for x in g.services_of(org)))
        assert g.org_upstream(org) == expected
    on_cycles = {x for cycle in g.cycles() for x in cycle}
    assert on_cycles == {x for x in ids if x in g.upstream(x)}


def test_org_upstream_at_10k_services_is_the_union_of_its_services_upstream() -> None:
    # Speed is measured by benchmarks; this checks the one-search shortcut at scale.
    s = Scenario.model_validate(generate_scenario(10_000, seed=1))
    g = DependencyGraph(s)
    for org in [o.id for o in s.organisations][::25]:
        expected = frozenset().union(*(g.upstream(x) for x in g.services_of(org)))
        assert g.org_upstream(org) == expected
    assert g.zero_tolerance_cycles() == []


# --- export ------------------------------------------------------------------------------

EXPORT = scenario(
    [
        svc("power", owner="energy", name={"fi": "Sähkö <110 kV>", "en": 'Power "grid"'}),
        svc(
            "water",
            {"service": "power", "tolerance": {"min": "2h", "max": "6h"}, "refill": "manual"},
            owner="city",
            name={"fi": "Vesi", "sv": "Vatten", "en": "Water"},
            critical=True,
        ),
        svc("end", {"service": "water", "effect": "degraded"}, "power", owner="city"),
    ],
    [
        {"id": "city", "name": {"fi": "Esimerkkilän kaupunki", "en": "City of Esimerkkilä"}},
        {"id": "energy", "name": "Sähkö Oy"},
    ],
)


def test_dot_export() -> None:
    dot = to_dot(EXPORT, DependencyGraph(EXPORT), lang="fi")
    assert dot == (
        'digraph "g" {\n'
        '  graph [rankdir=LR, charset="UTF-8", fontname="Helvetica", labelloc=t, '
        'label="Kuvaaja"];\n'
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];\n'
        '  edge [fontname="Helvetica", fontsize=10];\n'
        '  subgraph "cluster_city" {\n'
        '    label="Esimerkkilän kaupunki"; color="#1f77b4"; fontcolor="#1f77b4";\n'
        '    "water" [label="Vesi", color="#1f77b4", fillcolor="#dbe9f6", penwidth=2.5, '
        'peripheries=2, fontname="Helvetica-Bold"];\n'
        '    "end" [label="end", color="#1f77b4", fillcolor="#dbe9f6"];\n'
        "  }\n"
        '  subgraph "cluster_energy" {\n'
        '    label="Sähkö Oy"; color="#ff7f0e"; fontcolor="#ff7f0e";\n'
        '    "power" [label="Sähkö <110 kV>", color="#ff7f0e", fillcolor="#ffe8d1"];\n'
        "  }\n"
        '  "power" -> "water" [label="2h–6h manual"];\n'
        '  "water" -> "end" [style=dashed];\n'
        '  "power" -> "end";\n'
        "}\n"
    )


def test_dot_escapes_quotes_and_backslashes() -> None:
    dot = to_dot(EXPORT, DependencyGraph(EXPORT), lang="en")
    assert '"power" [label="Power \\"grid\\""' in dot
    assert 'label="City of Esimerkkilä"' in dot


def test_mermaid_export() -> None:
    mermaid = to_mermaid(EXPORT, DependencyGraph(EXPORT), lang="fi")
    assert mermaid == (
        "flowchart LR\n"
        '  subgraph o_city["Esimerkkilän kaupunki"]\n'
        '    s_water[["Vesi"]]\n'
        '    s_end["end"]\n'
        "  end\n"
        '  subgraph o_energy["Sähkö Oy"]\n'
        '    s_power["Sähkö #lt;110 kV#gt;"]\n'
        "  end\n"
        '  s_power -->|"2h–6h manual"| s_water\n'
        "  s_water -.-> s_end\n"
        "  s_power --> s_end\n"
        "  style o_city stroke:#1f77b4,color:#1f77b4\n"
        "  classDef org0 fill:#dbe9f6,stroke:#1f77b4\n"
        "  class s_water,s_end org0\n"
        "  style o_energy stroke:#ff7f0e,color:#ff7f0e\n"
        "  classDef org1 fill:#ffe8d1,stroke:#ff7f0e\n"
        "  class s_power org1\n"
        "  classDef critical stroke-width:4px,font-weight:bold\n"
        "  class s_water critical\n"
    )
    assert 's_power["Power #quot;grid#quot;"]' in to_mermaid(EXPORT, DependencyGraph(EXPORT))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_graphviz_accepts_the_dot(tmp_path: Any) -> None:
    s = Scenario.model_validate(generate_scenario(60, seed=3))
    result = subprocess.run(
        ["dot", "-Tsvg"], input=to_dot(s, DependencyGraph(s)), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "<svg" in result.stdout
