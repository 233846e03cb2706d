"""Situational pictures: what each organisation knows, and how facts travel.

A *fact* is one occurrence of a service entering a state. Organisations learn facts by
detection (owners after ``detect``, owners of direct dependents when a provider goes
``down``), by messages over channels (latency, fallback along ``via``, retry, office hours),
through joint situation centres, and from ``message`` injects. Everything an organisation
learns goes through :meth:`Pictures.learn`, which is the only place a ``knows`` event is
emitted, so "no knowledge before a fact" holds by construction.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from simulator.clock import next_office_time
from simulator.compiled import CompiledScenario, DetectionPlan, Drawn
from simulator.events import Event, KnowHow, Knows, MessageEvent
from simulator.model import State
from simulator.records import quick_init

if TYPE_CHECKING:
    import simpy


@quick_init
@dataclass(frozen=True, slots=True)
class Fact:
    """One occurrence of a service entering a state."""

    id: int
    service: str
    state: State
    t: float

    def about(self) -> dict[str, Any]:
        """The ``about`` object of a message event."""
        return {"service": self.service, "state": self.state, "t": self.t}


class Message:
    """A message from one organisation to another about a fact, until it is delivered."""

    __slots__ = ("attempt", "channel", "fact", "id", "recipient", "retry", "sender", "via")

    def __init__(self, msg_id: int, sender: str, recipient: str, via: Sequence[str],
                 fact: Fact | None, retry: float) -> None:
        self.id = msg_id
        self.sender = sender
        self.recipient = recipient
        self.via = tuple(via)
        self.fact = fact
        self.retry = retry
        self.attempt = 0
        self.channel: str | None = None


class Centre:
    """A joint situation centre: its members share every fact while a channel works."""

    __slots__ = ("id", "members", "via", "working")

    def __init__(self, centre_id: int, members: Sequence[str], via: Sequence[str]) -> None:
        self.id = centre_id
        self.members = tuple(dict.fromkeys(members))
        self.via = tuple(via)
        self.working = False


LearnListener = Callable[[str, Fact], None]


def _nobody(_org: str, _fact: Fact) -> None:
    """Nobody listens yet (see :meth:`Pictures.listen`)."""


class Pictures:
    """Every organisation's situational picture, the channels and the centres."""

    def __init__(self, env: simpy.Environment, compiled: CompiledScenario, drawn: Drawn,
                 emit: Callable[[Event], None]) -> None:
        scenario = compiled.scenario
        self.env = env
        self.emit = emit
        self.on_learned: LearnListener = _nobody
        self.watched: Container[str] = ()
        """Services whose facts :attr:`on_learned` wants to hear of (see :meth:`listen`)."""
        self.start = scenario.clock.start
        self.known: dict[str, dict[int, float]] = {o.id: {} for o in scenario.organisations}
        """Organisation -> fact id -> time it learned the fact."""
        self.facts: list[Fact] = []
        self.facts_of: dict[str, list[Fact]] = {}
        self.office_hours = {o.id for o in scenario.organisations if o.duty == "office-hours"}
        self.latency = drawn.latency
        self.channel_down: dict[str, int] = {c.id: 0 for c in scenario.channels}
        """Channel -> how many of the services it depends on are down (0: it works)."""
        self.channels_of = compiled.channels_of
        self.centres: list[Centre] = []
        self.centres_of: dict[str, list[Centre]] = {}
        self.in_flight: dict[int, Message] = {}
        self._message_ids = 0
        self._learning: deque[tuple[str, Fact, KnowHow]] = deque()
        self._busy = False
        self._compiled = compiled
        self._detect = drawn.detect
        self._plans_down, self._plans_other = (
            compiled.detection_plans if drawn.detect is compiled.base.detect else ({}, {}))
        """Detection plans, made on a service's first fact (most services have none) and
        kept in the compiled scenario unless this run drew its own ``detect`` durations."""

    def listen(self, on_learned: LearnListener, watched: Container[str]) -> None:
        """Call ``on_learned`` whenever an organisation learns a fact about a ``watched``
        service (the playbook, whose rules fire on what organisations learn)."""
        self.on_learned, self.watched = on_learned, watched

    # --- facts and detection ----------------------------------------------------------

    def add_fact(self, service: str, state: State) -> Fact:
        """Record that ``service`` entered ``state`` now, and schedule who notices it."""
        facts = self.facts
        fact = Fact(len(facts), service, state, self.env.now)
        facts.append(fact)
        self.facts_of.setdefault(service, []).append(fact)
        plans = self._plans_down if state == "down" else self._plans_other
        plan = plans.get(service)
        if plan is None:
            plan = plans[service] = self._plan(service, state == "down")
        timeout, detected = self.env.timeout, self._detected
        for delay, orgs in plan:
            timeout(delay).callbacks.append(partial(detected, orgs, fact))
        return fact

    def _plan(self, service: str, down: bool) -> DetectionPlan:
        """Who notices a fact about ``service`` and when, grouped by delay.

        Any fact: the owner after the service's ``detect``. A ``down`` fact also: the owner
        of every direct dependent, after that dependent's ``detect`` (the earliest per owner).
        """
        owner, detect = self._compiled.owner, self._detect
        earliest = {owner[service]: detect[service]}
        if down:
            for dependent, _index in self._compiled.dependents.get(service, ()):
                org, delay = owner[dependent], detect[dependent]
                if delay < earliest.get(org, float("inf")):
                    earliest[org] = delay
        groups: dict[float, list[str]] = {}
        for org, delay in earliest.items():
            groups.setdefault(delay, []).append(org)
        return sorted((delay, tuple(orgs)) for delay, orgs in groups.items())

    def latest(self, service: str, state: str) -> Fact | None:
        """The latest occurrence so far of ``service`` entering ``state``."""
        for fact in reversed(self.facts_of.get(service, ())):
            if fact.state == state:
                return fact
        return None

    def _detected(self, orgs: tuple[str, ...], fact: Fact, _event: object = None) -> None:
        """A detection timer ran out: ``orgs`` notice ``fact``.

        This is most of what organisations learn, so while no situation centre exists (a
        centre makes learning spread) it is :meth:`learn` written out for one fact: the same
        checks, the same event, the same call of the playbook, in the same order.
        """
        if self.centres or self._busy:
            for org in orgs:
                self.learn(org, fact, "detected")
            return
        known_by, fid, now = self.known, fact.id, self.env.now
        watched = fact.service in self.watched
        for org in orgs:
            known = known_by[org]
            if fid not in known:
                known[fid] = now
                self.emit(Knows(now, org, fact.service, fact.state, "detected", fact.t))
                if watched:
                    self.on_learned(org, fact)

    def learn(self, org: str, fact: Fact, how: KnowHow) -> None:
        """``org`` knows ``fact`` from now, unless it knew it already; share via centres."""
        if fact.id in self.known[org]:
            return
        if self._busy:
            self._learning.append((org, fact, how))
            return
        self._busy = True
        try:
            self._learn(org, fact, how)
            learning = self._learning
            while learning:
                self._learn(*learning.popleft())
        finally:
            self._busy = False

    def _learn(self, org: str, fact: Fact, how: KnowHow) -> None:
        known = self.known[org]
        fid = fact.id
        if fid in known:
            return
        now = self.env.now
        known[fid] = now
        self.emit(Knows(now, org, fact.service, fact.state, how, fact.t))
        centres = self.centres_of.get(org)
        if centres:
            for centre in centres:
                if centre.working:
                    for member in centre.members:
                        if member != org:
                            self._learning.append((member, fact, "centre"))
        if fact.service in self.watched:
            self.on_learned(org, fact)

    # --- channels and messages --------------------------------------------------------

    def works(self, channel: str) -> bool:
        """True while none of the services the channel depends on is down."""
        return self.channel_down[channel] == 0

    def service_down_changed(self, service: str, down: bool) -> None:
        """A service entered or left ``down``: update the channels that depend on it."""
        changed = False
        for channel in self.channels_of.get(service, ()):
            self.channel_down[channel] += 1 if down else -1
            changed = True
        if changed:
            for centre in self.centres:
                self._check_centre(centre)

    def send(self, sender: str, recipients: Sequence[str], via: Sequence[str],
             fact: Fact | None, retry: float) -> None:
        """Send one message per recipient over the first working channel of ``via``."""
        for recipient in recipients:
            self._message_ids += 1
            self._attempt(Message(self._message_ids, sender, recipient, via, fact, retry))

    def _attempt(self, msg: Message) -> None:
        msg.attempt += 1
        now = self.env.now
        about = msg.fact.about() if msg.fact is not None else {}
        channel = next((c for c in msg.via if self.channel_down[c] == 0), None)
        if channel is None:
            self.emit(MessageEvent(now, msg.id, msg.sender, msg.recipient, None, about,
                                   "failed", None, msg.attempt))
            if msg.retry > 0.0:
                timer = self.env.timeout(msg.retry)
                timer.callbacks.append(lambda _e: self._attempt(msg))
            return
        msg.channel = channel
        self.emit(MessageEvent(now, msg.id, msg.sender, msg.recipient, channel, about, "sent",
                               channel != msg.via[0], msg.attempt))
        arrival = now + self.latency[channel]
        if msg.recipient in self.office_hours:
            arrival = next_office_time(self.start, arrival)
        self.in_flight[msg.id] = msg
        timer = self.env.timeout(arrival - now)
        timer.callbacks.append(lambda _e: self._deliver(msg))

    def _deliver(self, msg: Message) -> None:
        del self.in_flight[msg.id]
        about = msg.fact.about() if msg.fact is not None else {}
        self.emit(MessageEvent(self.env.now, msg.id, msg.sender, msg.recipient, msg.channel,
                               about, "delivered", None, msg.attempt))
        if msg.fact is not None:
            self.learn(msg.recipient, msg.fact, "message")

    # --- joint situation centres -------------------------------------------------------

    def convene(self, members: Sequence[str], via: Sequence[str]) -> Centre:
        """Open a joint situation centre; members share everything while a channel works."""
        centre = Centre(len(self.centres) + 1, members, via)
        self.centres.append(centre)
        for member in centre.members:
            self.centres_of.setdefault(member, []).append(centre)
        self._check_centre(centre)
        return centre

    def _check_centre(self, centre: Centre) -> None:
        working = any(self.channel_down[c] == 0 for c in centre.via)
        if working and not centre.working:
            centre.working = True
            self._pool(centre)
        elif not working:
            centre.working = False

    def _pool(self, centre: Centre) -> None:
        """Every member learns every fact another member knows (in fact order)."""
        pooled = sorted({fid for m in centre.members for fid in self.known[m]})
        for member in centre.members:
            known = self.known[member]
            for fid in pooled:
                if fid not in known:
                    self.learn(member, self.facts[fid], "centre")
