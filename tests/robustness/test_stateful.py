"""Any sequence of facilitator inputs keeps the engine's invariants (a Hypothesis state machine).

A drill is the engine driven by a person, in whatever order they press keys: fail, degrade
and restore services, send messages, act on behalf of organisations, accept or dismiss the
playbook's suggestions, add notes, and let the clock run by arbitrary amounts. After every
step: no organisation knows a fact before it happened, no message was sent over a channel
that was down at that moment, every reserve is within [0, tolerance], time never goes
backwards, and the journal (written with the real :class:`JournalWriter`) replays to the
very same event log.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from simulator.engine import Run
from simulator.events import Event, event_json
from simulator.inputs import Action, AdHocInject, Dismiss, FireInject, Input, InputError, Note
from simulator.journal import JournalWriter, make_header, read_journal
from simulator.model import Scenario

SCENARIO = Scenario.model_validate({
    "format": "tabletop/1", "id": "stateful",
    "clock": {"start": "2026-01-16T15:00:00+02:00", "duration": "2d"},
    "organisations": [{"id": "city"}, {"id": "utility"},
                      {"id": "county", "duty": "office-hours"}],
    "services": [
        {"id": "power", "owner": "utility", "detect": "10m", "restore": "30m"},
        {"id": "telecom", "owner": "utility", "depends_on": [
            {"service": "power", "tolerance": "2h"}]},
        {"id": "water", "owner": "city", "detect": "15m", "restore": "1h", "depends_on": [
            {"service": "power", "tolerance": "6h", "refill": "manual"},
            {"service": "telecom", "tolerance": "1h", "effect": "degraded"}]},
        {"id": "care", "owner": "county", "depends_on": [
            {"service": "water", "tolerance": "3h"}]},
    ],
    "channels": [{"id": "phone", "latency": "5m", "depends_on": ["telecom"]},
                 {"id": "radio", "latency": "2m", "depends_on": ["power"]},
                 {"id": "courier", "latency": "1h"}],
    "resources": [{"id": "tanker", "owner": "city", "count": 1}],
    "responsibilities": [{"id": "emergency-water", "task": "Water", "lead": "city",
                          "trigger": {"service": "water", "state": "down"}, "within": "6h",
                          "setup": "1h", "needs": {"resource": "tanker", "count": 1}}],
    "playbook": [
        {"id": "tell-county", "by": "city", "when": {"service": "water", "state": "down"},
         "after": "10m", "do": "notify", "to": ["county"], "via": ["phone", "radio"]},
        {"id": "start-water", "by": "city", "when": {"service": "water", "state": "down"},
         "after": "30m", "do": "activate", "task": "emergency-water"},
        {"id": "fix-power", "by": "utility", "when": {"service": "power", "state": "down"},
         "do": "repair", "target": "power", "takes": "3h"},
    ],
    "injects": [{"id": "storm", "at": "1h", "do": "fail", "target": "power"},
                {"id": "pump-fault", "optional": True, "do": "fail", "target": "water"}],
})
SERVICES = ["power", "telecom", "water", "care"]
ORGS = ["city", "utility", "county"]
CHANNELS = ["phone", "radio", "courier"]
STATES = ["up", "strained", "degraded", "down"]
CHANNEL_DEPENDS = {c.id: c.depends_on for c in SCENARIO.channels}
TOLERANCE = {("telecom", "power"): 120.0, ("water", "power"): 360.0,
             ("water", "telecom"): 60.0, ("care", "water"): 180.0}
DEPENDENCIES = {"telecom": ["power"], "water": ["power", "telecom"], "care": ["water"]}


class Drill(RuleBasedStateMachine):
    """A facilitator at the console: every input checked, journalled, then applied."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="tabletop-stateful-"))
        self.run = Run(SCENARIO, seed=3, playbook="suggest")
        self.journal = JournalWriter(self.folder / "journal.jsonl",
                                     make_header("stateful.yaml", "0" * 64, 3, "-",
                                                 scenario_id="stateful", playbook="suggest"))
        self.state = dict.fromkeys(SERVICES, "up")
        self.bad_sends: list[Event] = []
        self.last_t = 0.0
        self.seen = 0
        self.run.subscribe(self._watch)

    def _watch(self, event: Event) -> None:
        """Follow the states as events arrive: a send is judged at the moment it happens."""
        if event.type == "service":
            self.state[event.service] = event.to  # type: ignore[attr-defined]
        elif event.type == "message" and event.status == "sent":  # type: ignore[attr-defined]
            channel = event.channel  # type: ignore[attr-defined]
            if any(self.state[s] == "down" for s in CHANNEL_DEPENDS[channel]):
                self.bad_sends.append(event)

    def submit(self, item: Input) -> None:
        if self.run.finished:
            return
        item = dataclasses.replace(item, t=self.run.now)
        try:
            self.run.check(item)
        except InputError:
            return
        self.journal.append(item)
        self.run.apply(item)

    # --- the clock ------------------------------------------------------------------------

    @rule(minutes=st.one_of(st.integers(0, 30), st.integers(30, 600), st.just(0.5)))
    def advance(self, minutes: float) -> None:
        self.run.advance_to(self.run.now + minutes)

    @rule()
    def step(self) -> None:
        self.run.step()

    # --- injects ------------------------------------------------------------------------

    @rule(do=st.sampled_from(["fail", "degrade", "restore"]), service=st.sampled_from(SERVICES),
          text=st.text(max_size=10))
    def disrupt(self, do: Any, service: str, text: str) -> None:
        self.submit(AdHocInject(0.0, do, target=service, text=text or None))

    @rule(to=st.lists(st.sampled_from(ORGS), min_size=1, max_size=2, unique=True),
          service=st.sampled_from(SERVICES), state=st.sampled_from(STATES))
    def message(self, to: list[str], service: str, state: str) -> None:
        self.submit(AdHocInject(0.0, "message", to=tuple(to), about=(service, state),
                                text="call"))

    @rule()
    def fire_held_back(self) -> None:
        self.submit(FireInject(0.0, "pump-fault"))

    # --- actions ------------------------------------------------------------------------

    @rule(by=st.sampled_from(ORGS), to=st.lists(st.sampled_from(ORGS), min_size=1, max_size=3,
                                                 unique=True),
          via=st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=3, unique=True),
          service=st.sampled_from(SERVICES), state=st.sampled_from(STATES))
    def notify(self, by: str, to: list[str], via: list[str], service: str, state: str) -> None:
        self.submit(Action(0.0, by, "notify", to=tuple(to), via=tuple(via),
                           about=(service, state)))

    @rule(by=st.sampled_from(ORGS))
    def activate(self, by: str) -> None:
        self.submit(Action(0.0, by, "activate", task="emergency-water"))

    @rule(by=st.sampled_from(ORGS), pair=st.sampled_from(sorted(TOLERANCE)),
          amount=st.floats(0.0, 1000.0), takes=st.sampled_from([0.0, 15.0, 120.0]))
    def supply(self, by: str, pair: tuple[str, str], amount: float, takes: float) -> None:
        self.submit(Action(0.0, by, "supply", target=pair[0], dependency=pair[1],
                           amount=amount, takes=takes))

    @rule(by=st.sampled_from(ORGS), service=st.sampled_from(SERVICES),
          takes=st.sampled_from([0.0, 30.0, 240.0]), needs=st.booleans())
    def repair(self, by: str, service: str, takes: float, needs: bool) -> None:
        self.submit(Action(0.0, by, "repair", target=service, takes=takes,
                           needs=("tanker", 1) if needs else None))

    @rule(members=st.lists(st.sampled_from(ORGS), min_size=2, max_size=3, unique=True),
          via=st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=2, unique=True))
    def convene(self, members: list[str], via: list[str]) -> None:
        self.submit(Action(0.0, members[0], "convene", members=tuple(members), via=tuple(via)))

    @rule(text=st.text(min_size=1, max_size=20), rating=st.sampled_from([None, "P", "S", "M", "U"]))
    def note(self, text: str, rating: str | None) -> None:
        self.submit(Note(0.0, text, None, rating))

    @precondition(lambda self: bool(self.run.suggestions))
    @rule(index=st.integers(0, 5))
    def accept(self, index: int) -> None:
        suggestions = self.run.suggestions
        self.submit(suggestions[index % len(suggestions)].action)

    @precondition(lambda self: bool(self.run.suggestions))
    @rule(index=st.integers(0, 5))
    def dismiss(self, index: int) -> None:
        suggestions = self.run.suggestions
        chosen = suggestions[index % len(suggestions)]
        self.submit(Dismiss(0.0, chosen.rule, chosen.fact.id))

    # --- invariants ---------------------------------------------------------------------

    @invariant()
    def time_never_goes_backwards(self) -> None:
        assert self.run.now >= self.last_t
        self.last_t = self.run.now
        events = self.run.events
        for before, after in zip(events[max(self.seen - 1, 0):], events[self.seen:], strict=False):
            assert after.t >= before.t, (before, after)
        self.seen = len(events)

    @invariant()
    def no_knowledge_before_its_fact(self) -> None:
        facts = self.run.facts
        for org in ORGS:
            for fact_id, learned in self.run.known(org).items():
                assert learned >= facts[fact_id].t, (org, facts[fact_id], learned)
                assert learned <= self.run.now

    @invariant()
    def no_message_over_a_down_channel(self) -> None:
        assert self.bad_sends == []

    @invariant()
    def reserves_within_zero_and_tolerance(self) -> None:
        for service, providers in DEPENDENCIES.items():
            left = self.run.reserves(service)
            assert sorted(left) == sorted(providers)
            for provider, minutes in left.items():
                assert -1e-9 <= minutes <= TOLERANCE[(service, provider)] + 1e-9, (
                    service, provider, minutes)

    def teardown(self) -> None:
        """The journal replays to the same events (and reads back without warnings)."""
        try:
            self.journal.close()
            journal = read_journal(self.journal.path)
            assert journal.warnings == ()
            replay = Run(SCENARIO, seed=journal.seed, inputs=journal.inputs, playbook="suggest")
            # Both settle what is due now: an input's zero-delay consequences run after it.
            self.run.advance_to(self.run.now)
            replay.advance_to(self.run.now)
            assert [event_json(e) for e in replay.events] == \
                [event_json(e) for e in self.run.events]
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


Drill.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None,
                                   suppress_health_check=[HealthCheck.too_slow])
TestDrill = Drill.TestCase
