"""The dependency graph of a scenario, built once from the model and then only queried.

Validation (cycles that can never recover), scoring (which facts are relevant to whom), the
console (what a failure cascades into) and the ``graph`` export all ask questions about the
same graph. Building it here once keeps those answers consistent and cheap: the NetworkX
graph serves whole-graph analytics, and plain dicts of ids serve the hot per-service
queries, whose transitive answers are cached on first use.

Edges point from provider to dependent: the direction a failure travels.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from simulator.durations import format_minutes
from simulator.fields import Span, text_in
from simulator.model import Scenario


@dataclass(frozen=True, slots=True)
class Cascade:
    """Where a service sits in the cascade, level by level, for the console.

    ``providers[0]`` are the service's direct providers, ``providers[1]`` their providers
    not already listed, and so on (breadth-first, each service once, in file order);
    ``dependents`` likewise downstream. A failure of anything in ``providers`` can reach the
    service; a failure of the service can reach everything in ``dependents``.
    """

    service: str
    providers: tuple[tuple[str, ...], ...]
    dependents: tuple[tuple[str, ...], ...]


class DependencyGraph:
    """The services of a scenario and who depends on whom, with the reserves on the edges.

    Nodes are service ids with the attributes ``owner``, ``critical``, ``population`` and
    ``vulnerable``; an edge ``provider -> dependent`` carries ``tolerance`` (a Span),
    ``refill`` and ``effect``. A dependency on a service the scenario does not define is left
    out (the loader reports it as an error).
    """

    def __init__(self, scenario: Scenario) -> None:
        services = scenario.services
        known = {service.id for service in services}
        self._order: dict[str, int] = {service.id: i for i, service in enumerate(services)}
        """File position of every service: the tie-breaker of every listing."""
        self._providers: dict[str, tuple[str, ...]] = {}
        self._dependents: dict[str, list[str]] = {service.id: [] for service in services}
        self._by_owner: dict[str, list[str]] = {}
        self._zero_edges: list[tuple[str, str]] = []
        self._upstream: dict[str, frozenset[str]] = {}
        self._downstream: dict[str, frozenset[str]] = {}
        self._org_upstream: dict[str, frozenset[str]] = {}

        graph = nx.DiGraph()
        for service in services:
            graph.add_node(
                service.id,
                owner=service.owner,
                critical=service.critical,
                population=service.population,
                vulnerable=service.vulnerable,
            )
            self._by_owner.setdefault(service.owner, []).append(service.id)
        for service in services:
            providers: list[str] = []
            for dependency in service.depends_on:
                provider = dependency.service
                if provider not in known or provider in providers:
                    continue
                providers.append(provider)
                self._dependents[provider].append(service.id)
                graph.add_edge(
                    provider,
                    service.id,
                    tolerance=dependency.tolerance,
                    refill=dependency.refill,
                    effect=dependency.effect,
                )
                if dependency.tolerance.max == 0:
                    self._zero_edges.append((provider, service.id))
            self._providers[service.id] = tuple(providers)
        self.graph: nx.DiGraph = graph
        """The NetworkX graph, for analytics; do not modify it."""

    # --- direct neighbours ---------------------------------------------------------------

    def providers(self, service: str) -> list[str]:
        """The services ``service`` depends on directly, in file order."""
        return list(self._providers[service])

    def dependents(self, service: str) -> list[str]:
        """The services that depend directly on ``service``, in file order."""
        return list(self._dependents[service])

    def services_of(self, org: str) -> list[str]:
        """The services owned by organisation ``org``, in file order."""
        return list(self._by_owner.get(org, ()))

    # --- transitive closure --------------------------------------------------------------

    def upstream(self, service: str) -> frozenset[str]:
        """Everything ``service`` depends on, directly or through others.

        The service itself is included only when it is on a cycle.
        """
        return _closure(self._upstream, self._providers, service)

    def downstream(self, service: str) -> frozenset[str]:
        """Everything that depends on ``service``, directly or through others.

        The service itself is included only when it is on a cycle.
        """
        return _closure(self._downstream, self._dependents, service)

    def org_upstream(self, org: str) -> frozenset[str]:
        """Every service that any of ``org``'s services depends on, directly or through others.

        One breadth-first search from all of the organisation's services at once, so that
        scoring asks once per organisation instead of once per service.
        """
        cached = self._org_upstream.get(org)
        if cached is None:
            start = [p for s in self._by_owner.get(org, ()) for p in self._providers[s]]
            cached = _reach(self._providers, start)
            self._org_upstream[org] = cached
        return cached

    def cascade_path(self, service: str) -> Cascade:
        """The providers and dependents of ``service``, level by level (see :class:`Cascade`)."""
        return Cascade(
            service=service,
            providers=_levels(self._providers, service),
            dependents=_levels(self._dependents, service),
        )

    # --- cycles --------------------------------------------------------------------------

    def cycles(self) -> list[list[str]]:
        """Groups of services that depend on each other in a circle.

        Each group is a strongly connected component with more than one service, or a
        service that depends on itself; services in file order, groups ordered by their
        first service.
        """
        return self._cycles_of(self.graph)

    def zero_tolerance_cycles(self) -> list[list[str]]:
        """Cycles in which every dependency has a tolerance of at most ``0m``.

        A failure inside such a cycle can never recover: each service waits for the other.
        """
        sub = nx.DiGraph()
        sub.add_edges_from(self._zero_edges)
        return self._cycles_of(sub)

    def _cycles_of(self, graph: nx.DiGraph) -> list[list[str]]:
        order = self._order
        groups = [
            sorted(component, key=order.__getitem__)
            for component in nx.strongly_connected_components(graph)
            if len(component) > 1 or graph.has_edge(next(iter(component)), next(iter(component)))
        ]
        return sorted(groups, key=lambda group: order[group[0]])


def _closure(cache: dict[str, frozenset[str]], neighbours: Mapping[str, Sequence[str]],
             service: str) -> frozenset[str]:
    """What ``service`` reaches along ``neighbours``, computed once per service."""
    cached = cache.get(service)
    if cached is None:
        cached = cache[service] = _reach(neighbours, neighbours[service])
    return cached


def _reach(neighbours: Mapping[str, Sequence[str]], start: Iterable[str]) -> frozenset[str]:
    """Every id reachable from ``start`` (which is included) along ``neighbours``."""
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in neighbours[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return frozenset(seen)


def _levels(neighbours: Mapping[str, Sequence[str]], service: str) -> tuple[tuple[str, ...], ...]:
    seen = {service}
    levels: list[tuple[str, ...]] = []
    frontier = [service]
    while frontier:
        level: list[str] = []
        for current in frontier:
            for nxt in neighbours[current]:
                if nxt not in seen:
                    seen.add(nxt)
                    level.append(nxt)
        if level:
            levels.append(tuple(level))
        frontier = level
    return tuple(levels)


# --- export ------------------------------------------------------------------------------

PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
"""One colour per organisation, in file order, repeating after ten."""

_FILL = (
    "#dbe9f6",
    "#ffe8d1",
    "#d9f2d9",
    "#f8d7d7",
    "#e9e0f3",
    "#eadcd8",
    "#fae1f1",
    "#e6e6e6",
    "#f1f1cc",
    "#d3f1f5",
)
"""A light fill matching each colour of :data:`PALETTE`, for readable node labels."""


def _owner_groups(scenario: Scenario, lang: str) -> list[tuple[str, str, list[str]]]:
    """``(org id, org name, service ids)`` for every owner, organisations in file order."""
    names = {org.id: text_in(org.name, lang, org.id) for org in scenario.organisations}
    order = {org.id: i for i, org in enumerate(scenario.organisations)}
    members: dict[str, list[str]] = {}
    for service in scenario.services:
        members.setdefault(service.owner, []).append(service.id)
    owners = sorted(members, key=lambda org: (order.get(org, len(order)), org))
    return [(org, names.get(org, org), members[org]) for org in owners]


def _edge_label(data: Mapping[str, object]) -> str:
    tolerance = data["tolerance"]
    assert isinstance(tolerance, Span)
    if tolerance.max == 0:
        return ""
    label = (
        format_minutes(tolerance.min)
        if tolerance.fixed
        else f"{format_minutes(tolerance.min)}–{format_minutes(tolerance.max)}"
    )
    return f"{label} manual" if data["refill"] == "manual" else label


def _edges(scenario: Scenario, graph: DependencyGraph) -> list[tuple[str, str, str, bool]]:
    """``(provider, dependent, label, degraded)`` in file order of the dependents."""
    edges = []
    for service in scenario.services:
        for provider in graph.providers(service.id):
            data = graph.graph.edges[provider, service.id]
            edges.append((provider, service.id, _edge_label(data), data["effect"] == "degraded"))
    return edges


def _dot_quote(text: str) -> str:
    """A DOT double-quoted string; backslashes are escaped so labels show them literally."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(scenario: Scenario, graph: DependencyGraph, lang: str = "en") -> str:
    """The dependency graph in Graphviz DOT, services grouped in a cluster per organisation.

    Critical services have a bold, double border; ``effect: degraded`` dependencies are
    dashed; a dependency with a reserve is labelled with its tolerance.
    """
    names = {s.id: text_in(s.name, lang, s.id) for s in scenario.services}
    critical = {s.id for s in scenario.services if s.critical}
    title = text_in(scenario.title, lang, scenario.id)
    lines = [
        f"digraph {_dot_quote(scenario.id)} {{",
        f'  graph [rankdir=LR, charset="UTF-8", fontname="Helvetica", labelloc=t, '
        f"label={_dot_quote(title)}];",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for i, (org, org_name, services) in enumerate(_owner_groups(scenario, lang)):
        colour, fill = PALETTE[i % len(PALETTE)], _FILL[i % len(_FILL)]
        lines.append(f"  subgraph {_dot_quote('cluster_' + org)} {{")
        lines.append(f'    label={_dot_quote(org_name)}; color="{colour}"; fontcolor="{colour}";')
        for service in services:
            attrs = f'label={_dot_quote(names[service])}, color="{colour}", fillcolor="{fill}"'
            if service in critical:
                attrs += ', penwidth=2.5, peripheries=2, fontname="Helvetica-Bold"'
            lines.append(f"    {_dot_quote(service)} [{attrs}];")
        lines.append("  }")
    for provider, dependent, label, degraded in _edges(scenario, graph):
        edge_attrs: list[str] = []
        if label:
            edge_attrs.append(f"label={_dot_quote(label)}")
        if degraded:
            edge_attrs.append("style=dashed")
        suffix = f" [{', '.join(edge_attrs)}]" if edge_attrs else ""
        lines.append(f"  {_dot_quote(provider)} -> {_dot_quote(dependent)}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


_MERMAID_ESCAPES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;"}


def _mermaid_text(text: str) -> str:
    """A Mermaid label: entity codes for the characters Mermaid would read as syntax."""
    escaped = "".join(_MERMAID_ESCAPES.get(char, char) for char in text)
    return f'"{escaped.replace(chr(10), " ")}"'


def _mermaid_id(prefix: str, ident: str) -> str:
    # Format ids never contain "_", so this is one-to-one; the prefix keeps Mermaid
    # keywords such as ``end`` from being read as syntax.
    return f"{prefix}_{ident.replace('-', '_')}"


def to_mermaid(scenario: Scenario, graph: DependencyGraph, lang: str = "en") -> str:
    """The dependency graph as a Mermaid flowchart, a subgraph per organisation.

    Critical services have the double-bordered subroutine shape and a bold outline;
    ``effect: degraded`` dependencies are dotted; reserves label the edges.
    """
    names = {s.id: text_in(s.name, lang, s.id) for s in scenario.services}
    critical = {s.id for s in scenario.services if s.critical}
    lines = ["flowchart LR"]
    styles: list[str] = []
    for i, (org, org_name, services) in enumerate(_owner_groups(scenario, lang)):
        colour, fill = PALETTE[i % len(PALETTE)], _FILL[i % len(_FILL)]
        group_id = _mermaid_id("o", org)
        lines.append(f"  subgraph {group_id}[{_mermaid_text(org_name)}]")
        for service in services:
            node = _mermaid_id("s", service)
            label = _mermaid_text(names[service])
            shape = f"[[{label}]]" if service in critical else f"[{label}]"
            lines.append(f"    {node}{shape}")
        lines.append("  end")
        styles.append(f"  style {group_id} stroke:{colour},color:{colour}")
        styles.append(f"  classDef org{i} fill:{fill},stroke:{colour}")
        styles.append(f"  class {','.join(_mermaid_id('s', s) for s in services)} org{i}")
    for provider, dependent, label, degraded in _edges(scenario, graph):
        arrow = "-.->" if degraded else "-->"
        text = f"|{_mermaid_text(label)}|" if label else ""
        lines.append(f"  {_mermaid_id('s', provider)} {arrow}{text} {_mermaid_id('s', dependent)}")
    lines.extend(styles)
    if critical:
        lines.append("  classDef critical stroke-width:4px,font-weight:bold")
        ordered = [s.id for s in scenario.services if s.id in critical]
        lines.append(f"  class {','.join(_mermaid_id('s', s) for s in ordered)} critical")
    return "\n".join(lines) + "\n"
