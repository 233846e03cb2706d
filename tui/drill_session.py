"""A drill's run and its folder: the object the console is handed.

The console never builds a simulation. A :class:`DrillSession` owns the :class:`Run` (in
``playbook="suggest"`` mode, so the facilitator decides what the playbook's rules do), the
crash-safe :class:`JournalWriter` and the two derived files beside the journal:
``events.jsonl`` (every event, appended as it is emitted and flushed after each slice of
simulation and each input) and ``score.json`` (rewritten atomically when the scores are
refreshed and on close). Every facilitator input goes through :meth:`DrillSession.submit`:
checked, journalled and synced, and only then applied, so whatever the console shows is
already on disk. :func:`resume_session` rebuilds a session from a journal.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from simulator.engine import Run
from simulator.events import ActionEvent, Event, InjectFired, MessageEvent, NoteEvent, event_json
from simulator.inputs import Input, InputError
from simulator.journal import JournalWriter, make_header, read_journal
from simulator.model import Scenario

JOURNAL = "journal.jsonl"
EVENTS = "events.jsonl"
SCORE = "score.json"


class SessionError(Exception):
    """A drill that cannot be started or resumed; ``str()`` says what and where."""


class DrillSession:
    """One drill: the run, its journal, its events and score files, and an inbox index."""

    def __init__(self, scenario: Scenario, run: Run, journal: JournalWriter, *,
                 scenario_file: str = "", warnings: tuple[str, ...] = ()) -> None:
        self.scenario = scenario
        self.run = run
        self.journal = journal
        self.scenario_file = scenario_file
        """The scenario file as the journal header names it."""
        self.warnings = warnings
        """What the console should tell the facilitator first (e.g. a cut journal line)."""
        self.run_dir = journal.path.parent
        self.events_path = self.run_dir / EVENTS
        self.score_path = self.run_dir / SCORE
        self.inbox: dict[str, list[Event]] = {o.id: [] for o in scenario.organisations}
        """Organisation -> delivered messages and message injects addressed to it."""
        self.inject_events: list[InjectFired] = []
        self.actions: list[ActionEvent] = []
        self.notes: list[NoteEvent] = []
        self.revision = 0
        """Bumped by every event: views redraw only what changed since they last looked."""
        self.closed = False
        self._score_lock = threading.RLock()
        """Orders a score worker's write of ``score.json`` against the final one."""
        self._events_file: IO[str] = self.events_path.open("w", encoding="utf-8")
        for event in run.events:
            self._on_event(event)
        self._events_file.flush()
        run.subscribe(self._on_event)

    # --- creating -----------------------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, scenario_file: str, sha256: str, journal_path: Path,
              *, seed: int | None, created: str) -> DrillSession:
        """A new drill whose journal is ``journal_path`` (its folder is the run folder)."""
        journal_path.parent.mkdir(parents=True, exist_ok=True)
        run = Run(scenario, seed=seed, playbook="suggest")
        header = make_header(scenario_file, sha256, run.seed, created, scenario_id=scenario.id,
                             mode="drill", playbook="suggest")
        try:
            writer = JournalWriter(journal_path, header)
        except FileExistsError:
            raise SessionError(f"{journal_path}: a journal is already there; use "
                               f"'tabletop resume {journal_path}'") from None
        return cls(scenario, run, writer, scenario_file=scenario_file)

    # --- facilitator inputs -------------------------------------------------------------

    def submit(self, item: Input) -> None:
        """Check, journal (synced to disk), then apply; raises ``InputError`` if invalid."""
        if self.run.finished:
            raise InputError("the run has ended")
        self.run.check(item)
        self.journal.append(item)
        self.run.apply(item)
        self._events_file.flush()

    # --- advancing ----------------------------------------------------------------------

    def advance(self, target: float, max_steps: int, *, flush: bool = True) -> bool:
        """Run towards ``target`` one moment at a time, at most ``max_steps`` moments.

        Returns True when the run reached ``target`` (or its end), False when it stopped
        short because of ``max_steps``: the console never waits for a long slice.
        ``flush=False`` leaves flushing ``events.jsonl`` to the caller (a slice made of
        many calls flushes once, with :meth:`flush`).
        """
        run = self.run
        try:
            for _ in range(max_steps):
                nxt = run.next_time()
                if nxt is None or nxt > target:
                    run.advance_to(target)
                    return True
                run.advance_to(nxt)
                if run.finished:
                    return True
            return run.finished
        finally:
            if flush:
                self._events_file.flush()

    def flush(self) -> None:
        """Push the events written so far to ``events.jsonl``."""
        if not self.closed:
            self._events_file.flush()

    def step(self) -> None:
        """Advance to the next moment something happens."""
        self.run.step()
        self._events_file.flush()

    # --- scores -------------------------------------------------------------------------

    def compute_score(self) -> dict[str, Any]:
        """``score.json`` as of now (the run so far; its ``duration`` is the time reached)."""
        from simulator.scoring import score_run

        run = self.run
        return score_run(self.scenario, list(run.events), seed=run.seed,
                         duration=run.now if not run.finished else run.duration)

    def write_score(self, score: dict[str, Any], *, unless_closed: bool = False) -> None:
        """Replace ``score.json`` atomically: a reader sees the old or the new, never half.

        ``unless_closed``: a live score from a worker thread, not written once the drill
        is closed (it would replace the final score with an older one).
        """
        with self._score_lock:
            if unless_closed and self.closed:
                return
            temporary = self.score_path.with_name(SCORE + ".tmp")
            temporary.write_text(json.dumps(score, ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
            os.replace(temporary, self.score_path)

    def close(self) -> None:
        """Write the final score and close the files (idempotent)."""
        if self.closed:
            return
        score = self.compute_score()
        with self._score_lock:
            self.closed = True
            self.write_score(score)
        self._events_file.close()
        self.journal.close()

    # --- events -------------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        self._events_file.write(event_json(event) + "\n")
        self.revision += 1
        if isinstance(event, MessageEvent):
            if event.status == "delivered" and event.to in self.inbox:
                self.inbox[event.to].append(event)
        elif isinstance(event, ActionEvent):
            self.actions.append(event)
        elif isinstance(event, NoteEvent):
            self.notes.append(event)
        elif isinstance(event, InjectFired):
            self.inject_events.append(event)
            for org in event.to or ():
                if org in self.inbox:
                    self.inbox[org].append(event)


def resume_session(journal_path: Path, *, cwd: Path | None = None,
                   load: Callable[[Path], Any] | None = None) -> DrillSession:
    """Reopen a drill from its journal at the time of its last entry, every input applied.

    The scenario is the header's file relative to ``cwd``, else to the journal's folder,
    else the built-in scenario of the header's ``scenario_id``. Raises ``JournalError``
    (``file:line: message``) for an unreadable journal and :class:`SessionError` otherwise.
    """
    from simulator.diagnostics import ScenarioError
    from simulator.library import resolve_scenario
    from simulator.loader import load_scenario

    journal = read_journal(journal_path)
    warnings = list(journal.warnings)
    header = journal.header
    loader = load or load_scenario
    base = Path.cwd() if cwd is None else cwd
    named = Path(header["scenario"])
    candidates = [named if named.is_absolute() else base / named, journal_path.parent / named]
    path = next((c for c in candidates if c.is_file()), None)
    try:
        if path is None:
            scenario_id = header.get("scenario_id")
            if not isinstance(scenario_id, str):
                raise SessionError(f"{journal_path}:1: scenario file '{named}' not found")
            path = resolve_scenario(scenario_id)
        loaded = loader(path)
    except ScenarioError as exc:
        raise SessionError("\n".join(str(d) for d in exc.diagnostics)) from None
    if loaded.sha256 != header["scenario_sha256"]:
        warnings.append(f"{journal_path}:1: the scenario file {path} has changed since the "
                        f"drill started (sha256 differs); inputs are applied to it as it is now")
    scenario: Scenario = loaded.scenario
    run = Run(scenario, seed=journal.seed, inputs=journal.inputs, playbook="suggest")
    problems = run.journal_problems(journal)
    if problems:
        raise SessionError("\n".join(problems))
    if journal.inputs:
        run.advance_to(journal.inputs[-1].t)
    _drop_cut_line(journal_path)
    writer = JournalWriter(journal_path, None)
    return DrillSession(scenario, run, writer, scenario_file=str(header["scenario"]),
                        warnings=tuple(warnings))


def _drop_cut_line(path: Path) -> None:
    """Cut a last line left incomplete by a crash, so that appending starts a fresh line."""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as file:
            file.truncate(data.rfind(b"\n") + 1)
