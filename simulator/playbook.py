"""The agreed operating model at work: playbook rules, actions, tasks and resources.

Playbook rules fire once per occurrence of their ``when`` fact, ``after`` their reaction
time, as soon as their organisation knows the fact. Facilitator decisions are the same
actions with ``rule = None``. Tasks (responsibilities) are triggered and cleared by facts;
an activated task holds its resource units until its trigger clears. Resources are SimPy
containers of ``count`` units, so an action that needs units waits for them.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

import simpy

from simulator.cascade import Cascade
from simulator.compiled import Drawn
from simulator.events import ActionEvent, Event, SuggestionEvent, TaskEvent
from simulator.inputs import Action, input_to_dict
from simulator.model import Rule, Scenario, State
from simulator.pictures import Fact, Pictures

if TYPE_CHECKING:
    from simpy.resources.container import ContainerGet

ProcessGenerator = Generator[simpy.Event, Any, None]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the agreed playbook says should happen now (a drill offers it, not does it)."""

    rule: str
    fact: Fact
    due: float
    action: Action
    """Applying this input accepts the suggestion."""


class TaskNode:
    """One responsibility's task: its trigger, and the current occurrence's progress."""

    __slots__ = (
        "by", "effective", "generation", "held", "id", "lead", "needs", "pending", "setup",
        "trigger", "triggered",
    )

    def __init__(self, task_id: str, lead: str | None, trigger: tuple[str, str],
                 needs: tuple[str, int] | None, setup: float) -> None:
        self.id = task_id
        self.lead = lead
        self.trigger = trigger
        self.needs = needs
        self.setup = setup
        self.triggered = False
        self.by: str | None = None
        """Who activated the current occurrence; ``None`` while not active."""
        self.effective = False
        self.generation = 0
        """Bumped when the trigger clears, so a pending activation knows it is stale."""
        self.held = 0
        self.pending: ContainerGet | None = None

    @property
    def active(self) -> bool:
        return self.by is not None


class Playbook:
    """Fires rules, carries out actions, keeps tasks and resource pools."""

    def __init__(self, env: simpy.Environment, scenario: Scenario, drawn: Drawn,
                 emit: Callable[[Event], None], cascade: Cascade, pictures: Pictures,
                 suggest: bool = False) -> None:
        self.env = env
        self.suggest = suggest
        """A drill: rules are offered as suggestions instead of being carried out."""
        self.suggestions: dict[tuple[str, int], Suggestion] = {}
        self.emit = emit
        self.cascade = cascade
        self.pictures = pictures
        self.drawn = drawn
        self.pools = {
            r.id: simpy.Container(env, capacity=max(r.count, 1), init=r.count)
            for r in scenario.resources
        }
        self.tasks: dict[str, TaskNode] = {}
        self._by_trigger: dict[tuple[str, str], list[TaskNode]] = {}
        for resp in scenario.responsibilities:
            needs = (resp.needs.resource, resp.needs.count) if resp.needs else None
            trigger = (resp.trigger.service, resp.trigger.state)
            node = TaskNode(resp.id, resp.lead, trigger, needs, drawn.setup[resp.id])
            self.tasks[resp.id] = node
            self._by_trigger.setdefault(trigger, []).append(node)
        self._rules: dict[tuple[str, str, str], list[tuple[Rule, Action]]] = {}
        for rule in scenario.playbook:
            key = (rule.by, rule.when.service, rule.when.state)
            self._rules.setdefault(key, []).append((rule, self._rule_action(rule)))
        self._fired: set[tuple[str, int]] = set()
        self.trigger_services = frozenset(service for service, _state in self._by_trigger)
        """Services some task is triggered by: the run calls :meth:`on_state` for these."""
        self.rule_services = frozenset(service for _org, service, _state in self._rules)
        """Services some rule waits for (most facts concern none): the run tells the
        situational pictures to call :meth:`on_learned` for these only."""

    def _rule_action(self, rule: Rule) -> Action:
        """The action a rule performs, with its drawn durations."""
        d = self.drawn
        if rule.do == "notify":
            return Action(0.0, rule.by, "notify", to=rule.to, via=rule.via)
        if rule.do == "activate":
            return Action(0.0, rule.by, "activate", task=rule.task)
        if rule.do == "convene":
            return Action(0.0, rule.by, "convene", members=rule.members, via=rule.via)
        needs = (rule.needs.resource, rule.needs.count) if rule.needs else None
        if rule.do == "supply":
            return Action(0.0, rule.by, "supply", target=rule.target, dependency=rule.dependency,
                          amount=d.amount[rule.id], takes=d.takes[rule.id], needs=needs)
        return Action(0.0, rule.by, "repair", target=rule.target, takes=d.takes[rule.id],
                      needs=needs)

    # --- rules --------------------------------------------------------------------------

    def on_learned(self, org: str, fact: Fact) -> None:
        """An organisation learned a fact: fire its matching rules, once per occurrence."""
        rules = self._rules.get((org, fact.service, fact.state))
        if not rules:
            return
        for rule, action in rules:
            key = (rule.id, fact.id)
            if key in self._fired:
                continue
            self._fired.add(key)
            timer = self.env.timeout(self.drawn.after[rule.id])
            timer.callbacks.append(partial(self._fire_rule, rule, action, fact))

    def _fire_rule(self, rule: Rule, action: Action, fact: Fact, _event: object) -> None:
        if not self.suggest:
            self.perform(action, rule.id, fact, self.retry(rule.id))
            return
        now = self.env.now
        offer = replace(action, t=now, about=(fact.service, fact.state), rule=rule.id,
                        fact=fact.id)
        self.suggestions[(rule.id, fact.id)] = Suggestion(rule.id, fact, now, offer)
        self.emit(SuggestionEvent(now, rule.id, rule.by, rule.do, fact.id, "offered"))

    def retry(self, rule: str | None) -> float:
        """The retry interval of a notify rule (30 minutes for a facilitator's message)."""
        return self.drawn.retry.get(rule, 30.0) if rule is not None else 30.0

    def settle_suggestion(self, rule: str, fact: int, status: str) -> Suggestion | None:
        """Take a suggestion off the list as accepted or dismissed (None if not on it)."""
        suggestion = self.suggestions.pop((rule, fact), None)
        if suggestion is not None:
            self.emit(SuggestionEvent(self.env.now, rule, suggestion.action.by,
                                      suggestion.action.do, fact, status))  # type: ignore[arg-type]
        return suggestion

    # --- actions ------------------------------------------------------------------------

    def perform(self, action: Action, rule: str | None, fact: Fact | None,
                retry: float = 30.0) -> None:
        """Carry out an action now (a rule's, or a facilitator's when ``rule`` is None)."""
        fields = input_to_dict(action)
        for key in ("t", "type", "by", "do", "rule", "fact"):
            fields.pop(key, None)
        if fact is not None:
            fields["about"] = fact.about()
        self.record_action(action, "started", rule, fields)
        if action.do == "notify":
            self.pictures.send(action.by, action.to, action.via, fact, retry)
            self.record_action(action, "done", rule, fields)
        elif action.do == "activate":
            assert action.task is not None
            reason = self.activate(action.task, action.by)
            if reason:
                self.record_action(action, "done", rule,
                                   {**fields, "outcome": "skipped", "reason": reason})
            else:
                self.record_action(action, "done", rule, fields)
        elif action.do == "convene":
            centre = self.pictures.convene(action.members, action.via)
            self.record_action(action, "done", rule, {**fields, "centre": centre.id})
        else:
            self.env.process(carry_out(self.env, self, action, rule, fields))

    def record_action(self, action: Action, status: str, rule: str | None,
                fields: dict[str, Any]) -> None:
        self.emit(ActionEvent(self.env.now, action.by, action.do, status,  # type: ignore[arg-type]
                              rule, dict(fields)))

    def finish_work(self, action: Action) -> None:
        """The effect of a supply or repair once its time is up."""
        assert action.target is not None
        if action.do == "supply":
            assert action.dependency is not None and action.amount is not None
            self.cascade.supply(action.target, action.dependency, action.amount,
                                "supply:" + action.dependency)
        else:
            self.cascade.clear_damage(action.target, "repair")

    # --- tasks --------------------------------------------------------------------------

    def on_state(self, service: str, old: State, new: State, fact: Fact) -> None:
        """A fact: clear the tasks triggered by the old state, trigger the new state's."""
        for task in self._by_trigger.get((service, old), ()):
            self._clear(task)
        for task in self._by_trigger.get((service, new), ()):
            task.triggered = True
            self.emit(TaskEvent(self.env.now, task.id, task.lead, "triggered"))

    def activate(self, task_id: str, by: str) -> str | None:
        """Activate a task; returns why nothing happened, or None when it was activated."""
        task = self.tasks[task_id]
        if not task.triggered:
            return "trigger not current"
        if task.active:
            return "already active"
        task.by = by
        self.emit(TaskEvent(self.env.now, task.id, by, "activated"))
        self.env.process(hold_task(self.env, self, task, task.generation))
        return None

    def _clear(self, task: TaskNode) -> None:
        if not task.triggered:
            return
        self.emit(TaskEvent(self.env.now, task.id, task.by or task.lead, "cleared"))
        task.triggered = False
        task.effective = False
        task.by = None
        task.generation += 1
        if task.pending is not None and not task.pending.triggered:
            task.pending.cancel()
        task.pending = None
        if task.held and task.needs is not None:
            self.pools[task.needs[0]].put(task.held)
            task.held = 0


def hold_task(env: simpy.Environment, playbook: Playbook, task: TaskNode,
              generation: int) -> ProcessGenerator:
    """Obtain the task's units, set it up, and put it in effect unless it cleared."""
    if task.needs is not None:
        pool = playbook.pools[task.needs[0]]
        request = pool.get(task.needs[1])
        task.pending = request
        yield request
        if task.generation != generation:
            pool.put(task.needs[1])
            return
        task.pending = None
        task.held = task.needs[1]
    if task.setup > 0.0:
        yield env.timeout(task.setup)
    if task.generation == generation:
        task.effective = True
        playbook.emit(TaskEvent(env.now, task.id, task.by, "effective"))


def carry_out(env: simpy.Environment, playbook: Playbook, action: Action, rule: str | None,
              fields: dict[str, Any]) -> ProcessGenerator:
    """A supply or repair: take the units, work for ``takes``, apply, give the units back."""
    pool = playbook.pools[action.needs[0]] if action.needs is not None else None
    if pool is not None and action.needs is not None:
        yield pool.get(action.needs[1])
    if action.takes > 0.0:
        yield env.timeout(action.takes)
    playbook.finish_work(action)
    if pool is not None and action.needs is not None:
        pool.put(action.needs[1])
    playbook.record_action(action, "done", rule, fields)


