"""A recorded drill positioned at one time: what the replay console's panels read.

:class:`ReplaySession` has the same read-only face as a live
:class:`~tui.drill_session.DrillSession` (:class:`~tui.session_view.SessionView`), so the
console's panels draw a replay without knowing it. Its ``run`` is a :class:`ReplayView`:
a cursor ``(index, now)`` over the :class:`~tui.replay.timeline.Timeline`, where every
lookup is a bisection (see that module for why this beats re-simulating or snapshots).
Moving the cursor is the only thing a replay can do; there is no journal to write to.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Any

from simulator.compiled import Drawn
from simulator.events import ActionEvent, EndEvent, Event, InjectFired, NoteEvent
from simulator.journal import Journal
from simulator.model import Scenario, State
from simulator.pictures import Fact
from simulator.playbook import Suggestion
from tui.replay.timeline import CentreState, TaskState, Timeline, record


class ReplayPictures:
    """The situation centres as they were at the view's position."""

    def __init__(self, view: ReplayView) -> None:
        self._view = view

    @property
    def centres(self) -> tuple[CentreState, ...]:
        return self._view.timeline.centres.at(self._view.index, ())


class ReplayView:
    """The run as it was at ``index`` events, with the clock at ``now`` (a ``RunView``)."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.index = 0
        """Events applied: ``timeline.events[:index]`` had happened."""
        self.now = 0.0
        self.pictures = ReplayPictures(self)

    # --- moving -------------------------------------------------------------------------

    def seek(self, t: float) -> None:
        """To time ``t`` (within the recording): every event at or before it applied."""
        self.now = min(max(t, 0.0), self.timeline.end)
        self.index = self.timeline.position_at(self.now)

    def seek_index(self, index: int) -> None:
        """To just after event ``index - 1`` (possibly inside a moment)."""
        tl = self.timeline
        self.index = min(max(index, 0), len(tl.times))
        self.now = tl.times[self.index - 1] if self.index else 0.0

    # --- what the panels read -----------------------------------------------------------

    @property
    def duration(self) -> float:
        return self.timeline.duration

    @property
    def seed(self) -> int:
        return self.timeline.seed

    @property
    def drawn(self) -> Drawn:
        return self.timeline.drawn

    @property
    def finished(self) -> bool:
        """True at the run's end (its ``end`` event applied)."""
        events = self.timeline.events
        return self.index == len(events) > 0 and isinstance(events[-1], EndEvent)

    @property
    def events(self) -> list[Event]:
        return self.timeline.events[: self.index]

    @property
    def facts(self) -> list[Fact]:
        tl = self.timeline
        return tl.facts[: bisect_right(tl.fact_positions, self.index)]

    @property
    def suggestions(self) -> list[Suggestion]:
        i = self.index
        return [o.suggestion for o in self.timeline.offers
                if o.offered <= i and (o.settled is None or o.settled > i)]

    def state(self, service: str) -> State:
        history = self.timeline.states.get(service)
        return "up" if history is None else history.at(self.index, "up")

    def states(self) -> dict[str, State]:
        """Every service's state (services nothing happened to are ``up``)."""
        states: dict[str, State] = dict.fromkeys(self.timeline.compiled.owner, "up")
        for service, history in self.timeline.states.items():
            states[service] = history.at(self.index, "up")
        return states

    def reserves(self, service: str) -> dict[str, float]:
        """Provider -> minutes of reserve left at ``now``, for each dependency."""
        tl = self.timeline
        out: dict[str, float] = {}
        for index, (provider, _m, _d) in enumerate(tl.compiled.dependencies.get(service, ())):
            history = tl.reserves.get((service, provider))
            reserve = history.at(self.index, None) if history is not None else None
            out[provider] = (tl.drawn.tolerance[(service, index)] if reserve is None
                             else reserve.left(self.now))
        return out

    def known(self, org: str) -> dict[int, float]:
        """Fact id -> when ``org`` learned it, as of the position."""
        knows = self.timeline.knows.get(org, [])
        end = bisect_right(knows, self.index, key=lambda k: k[0])
        return {fact: t for _p, fact, t in knows[:end]}

    def tasks(self) -> dict[str, TaskState]:
        """Every task's progress (triggered, by whom, in effect)."""
        histories = self.timeline.tasks
        return {r.id: (histories[r.id].at(self.index, TaskState()) if r.id in histories
                       else TaskState())
                for r in self.timeline.scenario.responsibilities}


def _upto(items: list[tuple[int, Any]], index: int) -> list[Any]:
    return [item for _p, item in items[: bisect_right(items, index, key=lambda i: i[0])]]


class ReplaySession:
    """A recorded drill for the replay console: read-only, positioned anywhere."""

    read_only = True

    def __init__(self, timeline: Timeline, journal_path: Path,
                 warnings: tuple[str, ...] = ()) -> None:
        self.timeline = timeline
        self.journal_path = journal_path
        self.run_dir = journal_path.parent
        self.warnings = warnings
        self.view = ReplayView(timeline)
        self.revision = 0
        """Bumped by every move, backwards too: the panels redraw what they show."""
        self._score: tuple[tuple[int, float], dict[str, Any]] | None = None

    @property
    def scenario(self) -> Scenario:
        return self.timeline.scenario

    @property
    def run(self) -> ReplayView:
        return self.view

    @property
    def end(self) -> float:
        return self.timeline.end

    # --- what the panels read -----------------------------------------------------------

    @property
    def inject_events(self) -> list[InjectFired]:
        return _upto(self.timeline.injects, self.view.index)

    @property
    def actions(self) -> list[ActionEvent]:
        return _upto(self.timeline.actions, self.view.index)

    @property
    def notes(self) -> list[NoteEvent]:
        return _upto(self.timeline.notes, self.view.index)

    @property
    def inbox(self) -> dict[str, list[Event]]:
        return {org: _upto(items, self.view.index)
                for org, items in self.timeline.inbox.items()}

    def compute_score(self) -> dict[str, Any]:
        """``score.json`` as a run advanced to ``now`` would compute it (cached)."""
        from simulator.scoring import score_run

        key = (self.view.index, self.view.now)
        if self._score is None or self._score[0] != key:
            view = self.view
            score = score_run(self.scenario, view.events, seed=view.seed, duration=view.now)
            self._score = (key, score)
        return self._score[1]

    # --- moving -------------------------------------------------------------------------

    def seek(self, t: float) -> None:
        self.view.seek(t)
        self.revision += 1

    def seek_index(self, index: int) -> None:
        self.view.seek_index(index)
        self.revision += 1

    def step_event(self, delta: int) -> None:
        """``delta`` events forwards (positive) or backwards."""
        self.seek_index(self.view.index + delta)

    def step_moment(self, delta: int) -> None:
        """To the next (``delta > 0``) or previous time something happened.

        A moment is all the events at one time; a position inside one (reached event by
        event) first goes to the moment's end forwards, or to the moment before backwards.
        """
        tl, view = self.timeline, self.view
        times, index, now = tl.times, view.index, view.now
        if delta > 0:
            if index < tl.position_at(now):
                self.seek(now)
            else:
                i = bisect_right(times, now)
                self.seek(times[i] if i < len(times) else tl.end)
        elif index > 0 and times[index - 1] < now:
            self.seek(times[index - 1])
        else:
            i = bisect_left(times, now)
            if i > 0:
                self.seek(times[i - 1])
            else:
                self.seek_index(0)


def replay_session(scenario: Scenario, journal: Journal, stop: float,
                   warnings: tuple[str, ...] = ()) -> ReplaySession:
    """Record the drill of ``journal`` up to ``stop`` (minutes) and position it at 0."""
    mode = journal.header.get("playbook", "auto")
    timeline = record(scenario, seed=journal.seed, inputs=journal.inputs,
                      playbook=mode if mode in ("auto", "suggest") else "auto", stop=stop)
    session = ReplaySession(timeline, journal.path, warnings)
    session.seek(0.0)
    return session
