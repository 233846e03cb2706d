"""The run: one scenario, one seed, timed facilitator inputs, and the events they produce.

:class:`Run` is the API the headless ``run`` command, the console, replay and Monte Carlo
share. It owns a SimPy environment, one seeded ``random.Random`` (every duration range is
drawn from it once, at the start) and the three parts of the model: the cascade of service
states, the organisations' situational pictures, and the playbook with its tasks.

Order of simultaneous events (what makes the log byte-identical for the same scenario, seed
and inputs): events scheduled for the same time run in the order they were scheduled
(SimPy's FIFO for equal times and priorities); a state change cascades at once, breadth-first,
dependents in file order; what follows from an event with a zero delay (a ``0m`` detection,
reaction or latency) is scheduled, so it runs after everything already due at that time.
A facilitator input at time ``t`` is applied after every event due at or before ``t`` has
run, both live and in replay, so a drill and its replay see the same order.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Collection, Iterable
from functools import partial
from typing import Any

import simpy

from simulator.cascade import DEGRADED, DOWN, Cascade, Reserve, ServiceNode
from simulator.compiled import CompiledScenario, compile_scenario
from simulator.diagnostics import neutralise
from simulator.events import EndEvent, Event, InjectFired, NoteEvent, ReserveEvent, ServiceChanged
from simulator.fields import control_character, text_in
from simulator.gcpause import gc_paused
from simulator.inputs import Action, AdHocInject, Dismiss, FireInject, Input, InputError, Note
from simulator.journal import Journal
from simulator.model import Inject, Scenario, State
from simulator.pictures import Fact, Pictures
from simulator.playbook import Playbook, Suggestion

Subscriber = Callable[[Event], None]


class Run:
    """A simulation run that can be advanced, observed and given facilitator inputs."""

    def __init__(self, scenario: Scenario | CompiledScenario, *, seed: int | None = None,
                 inputs: Iterable[Input] = (), playbook: str = "auto") -> None:
        """``playbook="auto"``: rules carry themselves out (a headless run);
        ``"suggest"``: rules are offered in :attr:`suggestions` for the facilitator (a drill).
        """
        if playbook not in ("auto", "suggest"):
            raise ValueError(f"playbook must be 'auto' or 'suggest', not {playbook!r}")
        self.playbook_mode = playbook
        with gc_paused():
            self._build(scenario, seed, inputs)

    def _build(self, scenario: Scenario | CompiledScenario, seed: int | None,
               inputs: Iterable[Input]) -> None:
        compiled = scenario if isinstance(scenario, CompiledScenario) else compile_scenario(
            scenario)
        self.compiled = compiled
        self.scenario = compiled.scenario
        self.seed = self.scenario.seed if seed is None else seed
        self.drawn = compiled.draw(random.Random(self.seed))
        self.duration = self.drawn.duration
        self.env = simpy.Environment(initial_time=0.0)  # float times from the start
        self.events: list[Event] = []
        self._subscribers: list[Subscriber] = []
        self._emit: Subscriber = self.events.append
        """Records an event; the parts call it directly. It is the list's own ``append``
        until somebody subscribes (a headless run's hot path), then :meth:`_emit_all`."""
        self.pictures = Pictures(self.env, compiled, self.drawn, self._emit)
        self.cascade = Cascade(self.env, compiled, self.drawn, self._changed, self._reserve)
        self.playbook = Playbook(self.env, self.scenario, self.drawn, self._emit, self.cascade,
                                 self.pictures, suggest=self.playbook_mode == "suggest")
        # rules fire on what organisations learn; tasks follow the states of services
        self.pictures.listen(self.playbook.on_learned, self.playbook.rule_services)
        self._triggers = self.playbook.trigger_services
        self._add_fact = self.pictures.add_fact
        self._injects = compiled.injects
        self._services = compiled.services
        self._orgs = compiled.organisations
        self._channels = compiled.channels
        self._rules = compiled.rules
        self._inputs: deque[Input] = deque(sorted(inputs, key=lambda item: item.t))
        self.finished = False
        for inject in self.scenario.injects:
            at = self.drawn.at[inject.id]
            if inject.optional or at is None:
                continue
            timer = self.env.timeout(at)
            timer.callbacks.append(partial(self._fire_scheduled, inject))

    # --- observing ----------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Simulation time, minutes."""
        return self.env.now  # a float from the start (see _build)

    def subscribe(self, callback: Subscriber) -> None:
        """Call ``callback`` with every event from now on (synchronously, as it happens)."""
        self._subscribers.append(callback)
        self._emit = self.pictures.emit = self.playbook.emit = self._emit_all

    def state(self, service: str) -> State:
        node = self.cascade.nodes.get(service)
        return "up" if node is None else node.state

    def states(self) -> dict[str, State]:
        """Every service's state (services nothing happened to are ``up``)."""
        states: dict[str, State] = dict.fromkeys(self.compiled.owner, "up")
        for sid, node in self.cascade.nodes.items():
            states[sid] = node.state
        return states

    def reserves(self, service: str) -> dict[str, float]:
        """Provider -> minutes of reserve left now, for each dependency of ``service``."""
        return {provider: self.cascade.reserve_left(service, provider)
                for provider, _manual, _degrades in self.compiled.dependencies.get(service, ())}

    def known(self, org: str) -> dict[int, float]:
        """Fact id -> when ``org`` learned it; facts are in :attr:`facts`."""
        return self.pictures.known[org]

    @property
    def facts(self) -> list[Fact]:
        return self.pictures.facts

    @property
    def suggestions(self) -> list[Suggestion]:
        """What the playbook says should happen now, oldest first (drills only)."""
        return list(self.playbook.suggestions.values())

    def next_time(self) -> float | None:
        """When the next thing happens (an event or a scheduled input), None if nothing does."""
        nxt = min(self.env.peek(), self._inputs[0].t if self._inputs else float("inf"))
        return None if nxt > self.duration or self.finished else nxt

    # --- advancing ----------------------------------------------------------------------

    def advance_to(self, t: float) -> None:
        """Run every event and scheduled input due at or before ``t`` (capped at the end)."""
        if self.finished:
            return
        with gc_paused():
            self._advance(min(t, self.duration))

    def _advance(self, target: float) -> None:
        while self._inputs and self._inputs[0].t <= target:
            item = self._inputs.popleft()
            self._run_until(item.t)
            self._apply(item)
        self._run_until(target)
        if target >= self.duration:
            self.finished = True
            self._emit(EndEvent(self.duration))

    def step(self) -> bool:
        """Advance to the next moment something happens; False once the run has ended."""
        nxt = self.next_time()
        self.advance_to(self.duration if nxt is None else nxt)
        return not self.finished

    def run_to_end(self) -> list[Event]:
        self.advance_to(self.duration)
        return self.events

    def _run_until(self, t: float) -> None:
        env = self.env
        step = env.step
        while env.peek() <= t:
            step()
        if t > env.now:
            env._now = float(t)  # SimPy has no public way to move an idle clock forward

    # --- facilitator inputs -------------------------------------------------------------

    def apply(self, item: Input) -> None:
        """Apply a facilitator input now; raises :class:`InputError` if it is not valid."""
        if self.finished:
            raise InputError("the run has ended")
        self.check(item)
        self._run_until(self.now)
        self._apply(item)

    def check(self, item: Input) -> None:
        """Raise :class:`InputError` when an input names something the scenario lacks."""
        problems = list(_input_problems(self, item))
        if problems:
            raise InputError(neutralise("; ".join(problems)))

    def journal_problems(self, journal: Journal) -> list[str]:
        """``file:line: message`` for a journal recorded for another scenario, and for every
        input of ``journal`` naming what the scenario lacks."""
        recorded_for = journal.header.get("scenario_id")
        if isinstance(recorded_for, str) and recorded_for != self.scenario.id:
            return [f"{journal.path}:1: the journal was recorded for scenario "
                    f"'{recorded_for}', not '{self.scenario.id}'"]
        problems = []
        for item, line in zip(journal.inputs, journal.lines, strict=True):
            try:
                self.check(item)
            except InputError as exc:
                problems.append(f"{journal.path}:{line}: {exc}")
        return problems

    def _apply(self, item: Input) -> None:
        if isinstance(item, FireInject):
            self._fire(self._injects[item.id])
        elif isinstance(item, AdHocInject):
            self._adhoc(item)
        elif isinstance(item, Note):
            self._emit(NoteEvent(self.now, item.text, item.objective, item.rating))
        elif isinstance(item, Dismiss):
            self.playbook.settle_suggestion(item.rule, item.fact, "dismissed")
        else:
            self._act(item)

    def _act(self, item: Action) -> None:
        """A facilitator's action, or an accepted playbook suggestion (``item.rule`` set)."""
        if item.rule is not None:
            if not self.playbook.suggest:
                self.playbook.record_action(item, "done", item.rule, {
                    "outcome": "skipped",
                    "reason": "the playbook carries itself out in this run"})
                return
            if item.fact is not None:
                self.playbook.settle_suggestion(item.rule, item.fact, "accepted")
        fact = None
        if item.fact is not None and item.fact < len(self.facts):
            fact = self.facts[item.fact]
        elif item.about is not None:
            fact = self.pictures.latest(*item.about)
        self.playbook.perform(item, item.rule, fact, self.playbook.retry(item.rule))

    # --- injects ------------------------------------------------------------------------

    def _fire_scheduled(self, inject: Inject, _event: object) -> None:
        self._fire(inject)

    def _fire(self, inject: Inject) -> None:
        text = text_in(inject.text, "en") or None
        if inject.do == "message":
            about = inject.about
            self._emit(InjectFired(self.now, inject.id, "message", to=inject.to,
                                   about=about.model_dump() if about else None, text=text))
            if about is not None:
                self._tell(inject.to, about.service, about.state)
            return
        self._emit(InjectFired(self.now, inject.id, inject.do, target=inject.target, text=text))
        self._disrupt(inject.do, inject.target, "inject:" + inject.id)

    def _adhoc(self, item: AdHocInject) -> None:
        about = {"service": item.about[0], "state": item.about[1]} if item.about else None
        if item.do == "message":
            self._emit(InjectFired(self.now, None, "message", to=item.to, about=about,
                                   text=item.text))
            if item.about is not None:
                self._tell(item.to, *item.about)
            return
        assert item.target is not None
        self._emit(InjectFired(self.now, None, item.do, target=item.target, text=item.text))
        self._disrupt(item.do, item.target, "inject:facilitator")

    def _disrupt(self, do: str, target: str, cause: str) -> None:
        if do == "restore":
            self.cascade.clear_damage(target, cause)
        else:
            self.cascade.damage(target, DOWN if do == "fail" else DEGRADED, cause)

    def _tell(self, orgs: Iterable[str], service: str, state: str) -> None:
        fact = self.pictures.latest(service, state)
        if fact is not None:
            for org in orgs:
                self.pictures.learn(org, fact, "inject")

    # --- wiring between the parts -------------------------------------------------------

    def _emit_all(self, event: Event) -> None:
        self.events.append(event)
        for callback in self._subscribers:
            callback(event)

    def _changed(self, node: ServiceNode, old: State, new: State, cause: str) -> None:
        service = node.id
        self._emit(ServiceChanged(self.env.now, service, old, new, cause))
        fact = self._add_fact(service, new)
        if (old == DOWN) != (new == DOWN):
            self.pictures.service_down_changed(service, new == DOWN)
        if service in self._triggers:
            self.playbook.on_state(service, old, new, fact)

    def _reserve(self, reserve: Reserve, status: str) -> None:
        self._emit(ReserveEvent(self.now, reserve.service.id, reserve.provider,
                                status, reserve.left(self.now)))  # type: ignore[arg-type]


def simulate(scenario: Scenario, seed: int | None = None,
             inputs: Iterable[Input] = ()) -> list[Event]:
    """Run ``scenario`` headless to its end and return the event log."""
    return Run(scenario, seed=seed, inputs=inputs).run_to_end()


def _input_problems(run: Run, item: Input) -> Iterable[str]:
    """What an input names that the scenario does not have."""
    def need(kind: str, value: str | None, known: Collection[str]) -> Iterable[str]:
        if value is not None and value not in known:
            yield f"unknown {kind} '{value}'"

    if item.t > run.duration:
        yield f"t = {item.t:g} is after the end of the run ({run.duration:g})"
    text = getattr(item, "text", None)
    if isinstance(text, str) and (code := control_character(text)) is not None:
        yield f"the text has the control character {code}, which a text may not hold"
    if isinstance(item, FireInject):
        yield from need("inject", item.id, run._injects)
    elif isinstance(item, AdHocInject):
        yield from need("service", item.target, run._services)
        for org in item.to:
            yield from need("organisation", org, run._orgs)
        if item.about:
            yield from need("service", item.about[0], run._services)
    elif isinstance(item, Action):
        yield from _action_problems(run, item, need)
    elif isinstance(item, Dismiss):
        yield from need("playbook rule", item.rule, run._rules)


def _action_problems(run: Run, item: Action,
                     need: Callable[[str, str | None, Any], Iterable[str]]) -> Iterable[str]:
    yield from need("organisation", item.by, run._orgs)
    yield from need("playbook rule", item.rule, run._rules)
    for org in (*item.to, *item.members):
        yield from need("organisation", org, run._orgs)
    for channel in item.via:
        yield from need("channel", channel, run._channels)
    yield from need("task", item.task, run.playbook.tasks)
    yield from need("service", item.target, run._services)
    if item.about:
        yield from need("service", item.about[0], run._services)
    if item.needs:
        yield from need("resource", item.needs[0], run.playbook.pools)
    required = {"notify": ("to", "via"), "activate": ("task",), "supply": ("target", "dependency",
                "amount"), "repair": ("target",), "convene": ("members", "via")}[item.do]
    for key in required:
        if not getattr(item, key):
            yield f"a {item.do} action needs '{key}'"
    if (item.do == "supply" and item.target in run._services and item.dependency is not None
            and (item.target, item.dependency) not in run.compiled.dependency_index):
            yield f"'{item.target}' does not depend on '{item.dependency}'"
