"""The read-only interface the console's panels draw from: a live drill or a replay.

The panels (services, timeline, organisations, decisions, observations) only *read* a
session: the scenario, a run-like object for states, reserves, facts and pictures, and the
lists of injects, messages, actions and notes so far. A :class:`~tui.drill_session.
DrillSession` over a live :class:`~simulator.engine.Run` provides exactly that, and so does
a :class:`~tui.replay.session.ReplaySession` positioned at any time of a recorded drill.
Typing the panels against these protocols (instead of the two concrete classes) keeps one
set of panels, and the same look, for the drill and its replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from simulator.compiled import Drawn
from simulator.events import ActionEvent, Event, InjectFired, NoteEvent
from simulator.model import Scenario, State
from simulator.pictures import Fact
from simulator.playbook import Suggestion


class CentreView(Protocol):
    """A joint situation centre as the organisations tab shows it."""

    @property
    def id(self) -> int: ...
    @property
    def members(self) -> tuple[str, ...]: ...
    @property
    def via(self) -> tuple[str, ...]: ...
    @property
    def working(self) -> bool: ...


class PicturesView(Protocol):
    """The part of the situational pictures the panels read besides ``known``."""

    @property
    def centres(self) -> Sequence[CentreView]: ...


class RunView(Protocol):
    """What a panel may read of a run (every member exists on :class:`Run`)."""

    @property
    def now(self) -> float: ...
    @property
    def duration(self) -> float: ...
    @property
    def seed(self) -> int: ...
    @property
    def finished(self) -> bool: ...
    @property
    def drawn(self) -> Drawn: ...
    @property
    def facts(self) -> list[Fact]: ...
    @property
    def suggestions(self) -> list[Suggestion]: ...
    @property
    def pictures(self) -> PicturesView: ...

    def state(self, service: str) -> State: ...
    def reserves(self, service: str) -> dict[str, float]: ...
    def known(self, org: str) -> dict[int, float]: ...


class SessionView(Protocol):
    """What a panel may read of a session (every member exists on ``DrillSession``)."""

    @property
    def scenario(self) -> Scenario: ...
    @property
    def run(self) -> RunView: ...
    @property
    def inject_events(self) -> list[InjectFired]: ...
    @property
    def inbox(self) -> dict[str, list[Event]]: ...
    @property
    def actions(self) -> list[ActionEvent]: ...
    @property
    def notes(self) -> list[NoteEvent]: ...
    @property
    def revision(self) -> int:
        """Changes whenever what the panels show may have changed."""
        ...
