"""Which organisations each fact concerns, computed once per scenario as bitmasks.

A fact about a service concerns every organisation that owns a service depending on it,
directly or through others, and every organisation that leads or supports a task the fact
triggers. Asking the graph that per fact would be a search per fact; instead every
service's set of concerned organisations is computed once, as a Python ``int`` with one bit
per organisation, by dynamic programming over the strongly connected components of the
dependency graph in reverse topological order: ``orgs(s) = OR over dependents d of
(bit(owner(d)) | orgs(d))``. That is one integer OR per dependency edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.model import Scenario


@dataclass(frozen=True, slots=True)
class Relevance:
    """Concerned organisations of every service and task trigger, as bitmasks."""

    orgs: tuple[str, ...]
    """Organisation ids; bit ``i`` of a mask stands for ``orgs[i]``."""
    bit: dict[str, int]
    """Organisation id -> its bit (``1 << i``)."""
    downstream: dict[str, int]
    """Service -> the owners of every service depending on it, directly or not."""
    triggers: dict[tuple[str, str], int]
    """``(service, state)`` -> leads and supports of the tasks that fact triggers."""

    def mask(self, service: str, state: str) -> int:
        """The organisations a fact ``service`` entering ``state`` concerns."""
        return self.downstream.get(service, 0) | self.triggers.get((service, state), 0)

    members_of: dict[int, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """Cache of :meth:`members`: facts about the same service share their mask."""

    def members(self, mask: int) -> tuple[str, ...]:
        """The organisation ids of a mask, in bit order."""
        found = self.members_of.get(mask)
        if found is None:
            orgs = self.orgs
            ids = []
            rest = mask
            while rest:
                low = rest & -rest
                ids.append(orgs[low.bit_length() - 1])
                rest ^= low
            found = self.members_of[mask] = tuple(ids)
        return found


def relevance(scenario: Scenario) -> Relevance:
    """The :class:`Relevance` of a scenario: O(services + dependencies)."""
    orgs = [org.id for org in scenario.organisations]
    listed = set(orgs)
    extra = {service.owner for service in scenario.services}
    for task in scenario.responsibilities:
        extra.update(o for o in (task.lead, *task.support) if o is not None)
    orgs.extend(sorted(extra - listed))
    bit = {org: 1 << i for i, org in enumerate(orgs)}

    ids = [service.id for service in scenario.services]
    number = {service: i for i, service in enumerate(ids)}
    owner_bit = [bit[service.owner] for service in scenario.services]
    dependents: list[list[int]] = [[] for _ in ids]
    providers: list[list[int]] = [[] for _ in ids]
    for i, service in enumerate(scenario.services):
        for dependency in service.depends_on:
            provider = number.get(dependency.service)
            if provider is not None:
                dependents[provider].append(i)
                providers[i].append(provider)
    masks = _downstream_owners(dependents, providers, owner_bit)

    triggers: dict[tuple[str, str], int] = {}
    for task in scenario.responsibilities:
        key = (task.trigger.service, task.trigger.state)
        mask = triggers.get(key, 0)
        for org in (task.lead, *task.support):
            if org is not None:
                mask |= bit[org]
        triggers[key] = mask

    return Relevance(
        orgs=tuple(orgs),
        bit=bit,
        downstream=dict(zip(ids, masks, strict=True)),
        triggers=triggers,
    )


def _downstream_owners(
    dependents: list[list[int]], providers: list[list[int]], owner_bit: list[int]
) -> list[int]:
    """Per service, the OR of the owner bits of everything downstream of it.

    First the acyclic part, leaves first (Kahn's algorithm on the reversed graph: a
    service is ready when all its dependents are done); what is left lies on a cycle or
    upstream of one, and gets Tarjan's algorithm, which emits each strongly connected
    component after every component reachable from it, so that a component's mask is
    final when it is emitted and all its members share it.
    """
    size = len(dependents)
    masks = [0] * size
    waiting = [len(children) for children in dependents]
    ready = [node for node in range(size) if not waiting[node]]
    while ready:
        node = ready.pop()
        mask = 0
        for child in dependents[node]:
            mask |= owner_bit[child] | masks[child]
        masks[node] = mask
        for provider in providers[node]:
            waiting[provider] -= 1
            if not waiting[provider]:
                ready.append(provider)
    left = [node for node in range(size) if waiting[node]]
    if left:
        _cyclic_part(dependents, owner_bit, masks, waiting, left)
    return masks


def _cyclic_part(
    dependents: list[list[int]],
    owner_bit: list[int],
    masks: list[int],
    waiting: list[int],
    left: list[int],
) -> None:
    """Tarjan's algorithm (iterative) over the services Kahn's pass could not finish
    (``waiting`` non-zero); finished dependents contribute their final masks."""
    size = len(dependents)
    index = [-1] * size
    low = [0] * size
    on_stack = [False] * size
    stack: list[int] = []
    component_of = [-1] * size
    component_masks: list[int] = []
    counter = 0
    for root in left:
        if index[root] >= 0:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, position = work[-1]
            children = dependents[node]
            if position < len(children):
                work[-1] = (node, position + 1)
                child = children[position]
                if not waiting[child]:
                    continue
                if index[child] < 0:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack[child] = True
                    work.append((child, 0))
                elif on_stack[child] and index[child] < low[node]:
                    low[node] = index[child]
                continue
            work.pop()
            if work and low[node] < low[work[-1][0]]:
                low[work[-1][0]] = low[node]
            if low[node] != index[node]:
                continue
            members: list[int] = []
            while True:
                member = stack.pop()
                on_stack[member] = False
                members.append(member)
                if member == node:
                    break
            component = len(component_masks)
            for member in members:
                component_of[member] = component
            mask = 0
            for member in members:
                for child in dependents[member]:
                    mask |= owner_bit[child]
                    if not waiting[child]:
                        mask |= masks[child]
                    elif component_of[child] != component:
                        mask |= component_masks[component_of[child]]
            component_masks.append(mask)
            for member in members:
                masks[member] = mask
