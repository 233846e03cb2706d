"""Service states and reserves: the event-driven cascade.

Only ``down`` propagates. A service keeps counts (reserves draining, reserves exhausted by
effect) instead of asking its providers, and every reserve is a timer that is cancelled when
its provider comes back: nothing polls. When a service enters or leaves ``down``, its direct
dependents' reserves start or stop draining; the resulting recomputations run from one FIFO
work list, so a long chain of ``0m`` tolerances cascades without recursion and in a
deterministic order (breadth-first, dependents in file order).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.compiled import CompiledScenario, Drawn
from simulator.model import State

if TYPE_CHECKING:
    import simpy

UP: State = "up"
STRAINED: State = "strained"
DEGRADED: State = "degraded"
DOWN: State = "down"


class Reserve:
    """A service's reserve for one dependency, kept as (level at ``since``, direction)."""

    __slots__ = (
        "degrades",
        "draining",
        "exhausted",
        "level",
        "manual",
        "provider",
        "service",
        "since",
        "token",
        "tolerance",
    )

    def __init__(self, service: ServiceNode, provider: str, tolerance: float, manual: bool,
                 degrades: bool) -> None:
        self.service = service
        """The dependent service that owns this reserve."""
        self.provider = provider
        self.tolerance = tolerance
        self.manual = manual
        self.degrades = degrades
        """``effect: degraded``: exhausting it degrades instead of taking the service down."""
        self.level = tolerance
        self.since = 0.0
        self.draining = False
        self.exhausted = False
        self.token = 0
        """Bumped to cancel the pending exhaustion timer."""

    def left(self, now: float) -> float:
        """Minutes of reserve left at ``now``."""
        if self.draining:
            left = self.level - (now - self.since)
            return left if left > 0.0 else 0.0
        if self.manual:
            return self.level
        level = self.level + (now - self.since)
        return level if level < self.tolerance else self.tolerance


class ServiceNode:
    """The live state of one service and the counts its state is derived from."""

    __slots__ = (
        "direct_degraded",
        "direct_down",
        "draining",
        "exhausted_degraded",
        "exhausted_down",
        "id",
        "reserves",
        "restore",
        "restore_token",
        "restoring",
        "state",
    )

    def __init__(self, service_id: str, restore: float) -> None:
        self.id = service_id
        self.state: State = UP
        self.direct_down = False
        self.direct_degraded = False
        self.draining = 0
        """Reserves draining and not yet exhausted (the service is at least strained)."""
        self.exhausted_down = 0
        self.exhausted_degraded = 0
        self.restoring = False
        self.restore = restore
        self.restore_token = 0
        self.reserves: dict[str, Reserve] = {}
        """Provider id -> this service's reserve for it, made when first touched."""

    def derived_state(self) -> State:
        """The worst state that applies (the table of the scenario format)."""
        if self.direct_down or self.exhausted_down or self.restoring:
            return DOWN
        if self.direct_degraded or self.exhausted_degraded:
            return DEGRADED
        return STRAINED if self.draining else UP


StateListener = Callable[[ServiceNode, State, State, str], None]
ReserveListener = Callable[[Reserve, str], None]


class Cascade:
    """Owns every service's state; tells listeners of each change (a *fact*).

    State is kept only for services something has happened to: a service without a node is
    ``up`` with full reserves, so setting up a run costs nothing per service.
    """

    def __init__(self, env: simpy.Environment, compiled: CompiledScenario, drawn: Drawn,
                 on_change: StateListener, on_reserve: ReserveListener) -> None:
        self.env = env
        self.on_change = on_change
        self.on_reserve = on_reserve
        self.compiled = compiled
        self.drawn = drawn
        self.nodes: dict[str, ServiceNode] = {}
        self._work: deque[tuple[ServiceNode, str]] = deque()
        self._settling = False

    def node(self, service: str) -> ServiceNode:
        """The live state of ``service``, made on first use."""
        node = self.nodes.get(service)
        if node is None:
            node = self.nodes[service] = ServiceNode(service, self.drawn.restore[service])
        return node

    def reserve(self, node: ServiceNode, provider: str, index: int) -> Reserve:
        """``node``'s reserve for its ``index``-th dependency, full when first touched."""
        reserve = node.reserves.get(provider)
        if reserve is None:
            _, manual, degrades = self.compiled.dependencies[node.id][index]
            reserve = Reserve(node, provider, self.drawn.tolerance[(node.id, index)], manual,
                              degrades)
            node.reserves[provider] = reserve
        return reserve

    def reserve_left(self, service: str, provider: str) -> float:
        """Minutes of reserve ``service`` has left now for ``provider``."""
        index = self.compiled.dependency_index[(service, provider)]
        node = self.nodes.get(service)
        reserve = node.reserves.get(provider) if node is not None else None
        if reserve is None:
            return self.drawn.tolerance[(service, index)]
        return reserve.left(self.env.now)

    # --- what injects and actions do --------------------------------------------------

    def damage(self, service: str, how: State, cause: str) -> None:
        """Direct damage by an inject: ``down`` (fail) or ``degraded`` (degrade)."""
        node = self.node(service)
        if how == DOWN:
            node.direct_down = True
        else:
            node.direct_degraded = True
        self._settle(node, cause)

    def clear_damage(self, service: str, cause: str) -> None:
        """A ``restore`` inject or a completed ``repair``: direct damage is gone."""
        node = self.nodes.get(service)
        if node is not None and (node.direct_down or node.direct_degraded):
            node.direct_down = node.direct_degraded = False
            self._settle(node, cause)

    def supply(self, service: str, provider: str, amount: float, cause: str) -> float:
        """Add ``amount`` to a reserve, capped at its tolerance; returns the new level."""
        node = self.node(service)
        reserve = self.reserve(node, provider, self.compiled.dependency_index[(service, provider)])
        now = self.env.now
        level = min(reserve.tolerance, reserve.left(now) + amount)
        if reserve.exhausted:
            if level > 0.0:
                self._unexhaust(reserve)
                reserve.draining = True
                node.draining += 1
                self._arm(reserve, level, now)
        elif reserve.draining:
            self._arm(reserve, level, now)
        else:
            reserve.level, reserve.since = level, now
        self.on_reserve(reserve, "supplied")
        self._settle(node, cause)
        return level

    # --- the cascade ------------------------------------------------------------------

    def _settle(self, node: ServiceNode, cause: str) -> None:
        self._work.append((node, cause))
        self._run_work()

    def _run_work(self) -> None:
        if self._settling:
            return
        self._settling = True
        try:
            work = self._work
            while work:
                self._recompute(*work.popleft())
        finally:
            self._settling = False

    def _recompute(self, node: ServiceNode, cause: str) -> None:
        new = node.derived_state()
        old = node.state
        if new == old:
            return
        node.state = new
        self.on_change(node, old, new, cause)
        if new == DOWN or old == DOWN:
            provider = node.id
            drain = self._start_draining if new == DOWN else self._stop_draining
            for dependent, index in self.compiled.dependents.get(provider, ()):
                drain(self.reserve(self.node(dependent), provider, index))

    def _start_draining(self, reserve: Reserve) -> None:
        now = self.env.now
        level = reserve.left(now)
        reserve.draining = True
        if level <= 0.0:
            reserve.level, reserve.since = 0.0, now
            self._exhaust(reserve)
        else:
            reserve.service.draining += 1
            self._arm(reserve, level, now)
            self._work.append((reserve.service, "strained:" + reserve.provider))

    def _stop_draining(self, reserve: Reserve) -> None:
        now = self.env.now
        node = reserve.service
        if reserve.exhausted:
            reserve.level = 0.0
            self._unexhaust(reserve)
        else:
            reserve.level = reserve.left(now)
            node.draining -= 1
        reserve.draining = False
        reserve.since = now
        reserve.token += 1
        self._work.append((node, "recovered:" + reserve.provider))

    def _arm(self, reserve: Reserve, level: float, now: float) -> None:
        reserve.level, reserve.since = level, now
        reserve.token += 1
        token = reserve.token
        timer = self.env.timeout(level)
        timer.callbacks.append(lambda _event: self._timer_ran_out(reserve, token))

    def _timer_ran_out(self, reserve: Reserve, token: int) -> None:
        if token != reserve.token or not reserve.draining or reserve.exhausted:
            return
        reserve.level, reserve.since = 0.0, self.env.now
        reserve.service.draining -= 1
        self._exhaust(reserve)
        self._run_work()

    def _exhaust(self, reserve: Reserve) -> None:
        node = reserve.service
        reserve.exhausted = True
        if reserve.degrades:
            node.exhausted_degraded += 1
        else:
            node.exhausted_down += 1
            if node.restoring:
                node.restoring = False
                node.restore_token += 1
        self.on_reserve(reserve, "exhausted")
        self._work.append((node, "reserve:" + reserve.provider))

    def _unexhaust(self, reserve: Reserve) -> None:
        node = reserve.service
        reserve.exhausted = False
        if reserve.degrades:
            node.exhausted_degraded -= 1
            return
        node.exhausted_down -= 1
        if node.exhausted_down == 0 and node.restore > 0.0:
            node.restoring = True
            node.restore_token += 1
            token = node.restore_token
            timer = self.env.timeout(node.restore)
            timer.callbacks.append(lambda _event: self._restored(node, token))

    def _restored(self, node: ServiceNode, token: int) -> None:
        if token == node.restore_token and node.restoring:
            node.restoring = False
            self._settle(node, "restored")
