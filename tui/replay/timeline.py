"""A recorded drill as a timeline: every piece of state with its history, found by bisection.

The replay console must show the state at any simulated time, forwards and backwards,
without simulating again from zero at each step. A SimPy environment cannot be copied
(its processes are generators), so snapshots of the live run are out. Snapshots of a view
folded from the event log would work, but a jump would still cost a fold of up to K events
and every checkpoint a copy of every state. This module does something cheaper:

* The drill is simulated **once**, forwards, one moment (distinct time) at a time, through
  a real :class:`~simulator.engine.Run` built exactly as ``replay --check`` builds it (the
  journal's seed, inputs and playbook mode). A subscriber sees each event as it is emitted
  and reads the few things the log does not spell out from the live run: which fact a
  ``knows`` event refers to, the suggestion a ``suggestion`` event offers, and at the end
  of each moment the reserves and situation centres that the moment touched.
* Each piece of state keeps its own **history**: a list of ``(position, value)`` changes,
  where a position is the number of events applied. Services' states, each touched
  reserve, the centres, each task; what only grows (facts, what each organisation knows,
  inbox, actions, notes, injects) is a list in event order.
* The state at a position is then one bisection per thing looked up, ``O(log changes)``,
  whatever the jump: a position is just ``(index, now)``, so moving the time slider costs
  nothing until a panel reads what it shows. Memory is proportional to the log, which the
  replay keeps anyway.

The view at time *t* is the position after every event at or before *t*, with the clock
at *t* (reserves keep draining between events): exactly what a fresh ``Run`` advanced to
*t* holds, because the engine is deterministic. Reserves and centres are captured at the
end of each moment, so stepping *inside* a moment (event by event) shows them as they
were at the end of the previous moment; a reserve's minutes left are continuous in time
(except when supplied), so only a supply shows one event late there.
"""

from __future__ import annotations

import copy
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from simulator.cascade import Reserve
from simulator.compiled import CompiledScenario, Drawn
from simulator.engine import Run
from simulator.events import (
    ActionEvent,
    Event,
    InjectFired,
    Knows,
    MessageEvent,
    NoteEvent,
    ReserveEvent,
    ServiceChanged,
    SuggestionEvent,
    TaskEvent,
)
from simulator.gcpause import gc_paused
from simulator.inputs import Input
from simulator.model import Scenario, State
from simulator.pictures import Fact
from simulator.playbook import Suggestion

T = TypeVar("T")


class History(Generic[T]):
    """The values one thing took, each from the position it took it (positions ascend)."""

    __slots__ = ("positions", "values")

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.values: list[T] = []

    def add(self, position: int, value: T) -> None:
        if self.positions and self.positions[-1] == position:
            self.values[-1] = value
        else:
            self.positions.append(position)
            self.values.append(value)

    def at(self, position: int, default: T) -> T:
        """The value at ``position`` (``default`` before the first change)."""
        i = bisect_right(self.positions, position)
        return self.values[i - 1] if i else default

    @property
    def last(self) -> T | None:
        return self.values[-1] if self.values else None


@dataclass(frozen=True, slots=True)
class CentreState:
    """A joint situation centre as it was: the panels read it like a live ``Centre``."""

    id: int
    members: tuple[str, ...]
    via: tuple[str, ...]
    working: bool


@dataclass(frozen=True, slots=True)
class TaskState:
    """A task as it was: triggered, activated by whom (None: not active), in effect."""

    triggered: bool = False
    by: str | None = None
    effective: bool = False


@dataclass(slots=True)
class Offer:
    """A playbook suggestion on the list from ``offered`` until ``settled`` (positions)."""

    offered: int
    suggestion: Suggestion
    settled: int | None = None


@dataclass
class Timeline:
    """Everything a replay shows, recorded once; see the module docstring."""

    compiled: CompiledScenario
    drawn: Drawn
    seed: int
    duration: float
    end: float
    """The last simulated time of the recording (the drill's stop, or the run's end)."""
    events: list[Event]
    times: list[float]
    """``events[i].t``, for bisection."""
    facts: list[Fact]
    fact_positions: list[int]
    states: dict[str, History[State]] = field(default_factory=dict)
    reserves: dict[tuple[str, str], History[Reserve | None]] = field(default_factory=dict)
    centres: History[tuple[CentreState, ...]] = field(default_factory=History)
    tasks: dict[str, History[TaskState]] = field(default_factory=dict)
    knows: dict[str, list[tuple[int, int, float]]] = field(default_factory=dict)
    """Organisation -> (position, fact id, time learned), in order."""
    offers: list[Offer] = field(default_factory=list)
    inbox: dict[str, list[tuple[int, Event]]] = field(default_factory=dict)
    injects: list[tuple[int, InjectFired]] = field(default_factory=list)
    actions: list[tuple[int, ActionEvent]] = field(default_factory=list)
    notes: list[tuple[int, NoteEvent]] = field(default_factory=list)
    inputs: tuple[Input, ...] = ()

    @property
    def scenario(self) -> Scenario:
        return self.compiled.scenario

    def position_at(self, t: float) -> int:
        """The position after every event at or before ``t``."""
        return bisect_right(self.times, t)


def record(scenario: Scenario | CompiledScenario, *, seed: int, inputs: Iterable[Input],
           playbook: str, stop: float) -> Timeline:
    """Simulate the drill once up to ``stop`` and record its :class:`Timeline`."""
    items = tuple(inputs)
    run = Run(scenario, seed=seed, inputs=items, playbook=playbook)
    recorder = _Recorder(run, min(stop, run.duration), items)
    run.subscribe(recorder.on_event)
    with gc_paused():  # one pause for the whole pass, not one per moment
        while (nxt := run.next_time()) is not None and nxt <= recorder.timeline.end:
            run.advance_to(nxt)
            recorder.end_moment()
        run.advance_to(recorder.timeline.end)
        recorder.end_moment()
    return recorder.timeline


class _Recorder:
    """Listens to a live run and fills a :class:`Timeline`."""

    def __init__(self, run: Run, end: float, inputs: tuple[Input, ...]) -> None:
        self.run = run
        self.timeline = Timeline(run.compiled, run.drawn, run.seed, run.duration, end,
                                 run.events, [], [], [], inputs=inputs)
        self.timeline.knows = {org: [] for org in run.pictures.known}
        self.timeline.inbox = {org: [] for org in run.pictures.known}
        self._touched: set[tuple[str, str]] = set()
        self._centres_touched = False
        self._open: dict[tuple[str, int], Offer] = {}

    def on_event(self, event: Event) -> None:
        tl = self.timeline
        tl.times.append(event.t)
        after = len(tl.times)  # the position from which this event's effect shows
        if isinstance(event, ServiceChanged):
            self._service(event, after)
        elif isinstance(event, Knows):
            known = self.run.pictures.known[event.org]
            tl.knows[event.org].append((after, next(reversed(known)), event.t))
        elif isinstance(event, MessageEvent):
            if event.status == "delivered" and event.to in tl.inbox:
                tl.inbox[event.to].append((after, event))
        elif isinstance(event, SuggestionEvent):
            self._suggestion(event, after)
        elif isinstance(event, TaskEvent):
            self._task(event, after)
        elif isinstance(event, ActionEvent):
            tl.actions.append((after, event))
            if event.do == "convene":
                self._centres_touched = True
        elif isinstance(event, NoteEvent):
            tl.notes.append((after, event))
        elif isinstance(event, InjectFired):
            tl.injects.append((after, event))
            for org in event.to or ():
                if org in tl.inbox:
                    tl.inbox[org].append((after, event))
        elif isinstance(event, ReserveEvent):
            self._touched.add((event.service, event.dependency))

    def _service(self, event: ServiceChanged, after: int) -> None:
        tl = self.timeline
        tl.states.setdefault(event.service, History()).add(after, event.to)
        tl.facts.append(Fact(len(tl.facts), event.service, event.to, event.t))
        tl.fact_positions.append(after)
        for dependent, _index in tl.compiled.dependents.get(event.service, ()):
            self._touched.add((dependent, event.service))
        if "down" in (event.from_, event.to) and self.run.pictures.centres:
            self._centres_touched = True

    def _suggestion(self, event: SuggestionEvent, after: int) -> None:
        key = (event.rule, event.fact)
        if event.status == "offered":
            offer = Offer(after, self.run.playbook.suggestions[key])
            self._open[key] = offer
            self.timeline.offers.append(offer)
        else:
            settled = self._open.pop(key, None)
            if settled is not None:
                settled.settled = after

    def _task(self, event: TaskEvent, after: int) -> None:
        history = self.timeline.tasks.setdefault(event.task, History())
        old = history.last or TaskState()
        if event.status == "triggered":
            new = TaskState(True, old.by, old.effective)
        elif event.status == "activated":
            new = TaskState(old.triggered, event.by, False)
        elif event.status == "effective":
            new = TaskState(old.triggered, old.by, True)
        else:
            new = TaskState()
        history.add(after, new)

    def end_moment(self) -> None:
        """Capture what the moment just run changed that no event spells out."""
        tl = self.timeline
        position = len(tl.times)
        nodes = self.run.cascade.nodes
        for service, provider in self._touched:
            node = nodes.get(service)
            reserve = node.reserves.get(provider) if node is not None else None
            if reserve is None:
                continue
            history = tl.reserves.setdefault((service, provider), History())
            last = history.last
            if last is None or _reserve_key(last) != _reserve_key(reserve):
                history.add(position, copy.copy(reserve))
        self._touched.clear()
        if self._centres_touched:
            self._centres_touched = False
            centres = tuple(CentreState(c.id, c.members, c.via, c.working)
                            for c in self.run.pictures.centres)
            if centres != tl.centres.last:
                tl.centres.add(position, centres)


def _reserve_key(reserve: Reserve) -> tuple[float, float, bool, bool]:
    return (reserve.level, reserve.since, reserve.draining, reserve.exhausted)
