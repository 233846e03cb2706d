"""Reading a finished run back from its folder: journal, event log, scores and scenario.

A report is written from what the run recorded, never by simulating again: the event log
is the exercise as it happened (a drill's decisions included), and re-running could differ
once the scenario or the engine changed. So this module only parses ``journal.jsonl``,
``events.jsonl`` and ``score.json`` and finds the scenario the journal names. When
``score.json`` is missing, the scores are computed from the parsed events, exactly as a run
does. Every problem is a :class:`ReportError` naming the file (and line).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.diagnostics import ScenarioError
from simulator.events import EndEvent, Event, event_from_dict
from simulator.journal import JournalError, read_journal
from simulator.library import resolve_scenario
from simulator.loader import load_scenario
from simulator.model import Scenario


class ReportError(Exception):
    """A run folder that cannot be reported on; ``str()`` is ``file[:line]: message``."""


@dataclass(frozen=True)
class RunFiles:
    """Everything a report reads about one run."""

    folder: Path
    header: dict[str, Any]
    scenario: Scenario
    scenario_path: Path
    events: list[Event]
    score: dict[str, Any]
    warnings: tuple[str, ...] = field(default=())


def read_events(path: Path) -> list[Event]:
    """Parse an event log; a bad line is a :class:`ReportError` naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read: {_reason(exc)}") from None
    events: list[Event] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("expected a JSON object")
            if not isinstance(obj.get("t"), (int, float)):
                raise ValueError("every event needs a number 't'")
            events.append(event_from_dict(obj))
        except ValueError as exc:
            raise ReportError(f"{path}:{number}: {exc}") from None
    if not events:
        raise ReportError(f"{path}: no events")
    return events


def run_folder(run: Path) -> tuple[Path, Path]:
    """The run folder and its journal, for a folder or a journal file."""
    if run.is_dir():
        return run, run / "journal.jsonl"
    if run.is_file():
        return run.parent, run
    raise ReportError(f"{run}: no such run folder or journal")


def find_scenario(header: dict[str, Any], folder: Path, journal: Path) -> Path:
    """The scenario file a journal names: as written (relative to the working directory),
    else relative to the run folder, else the built-in scenario of ``scenario_id``."""
    named = str(header.get("scenario", ""))
    candidates = [Path(named), folder / named] if named else []
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    for ident in (header.get("scenario_id"), Path(named).stem.replace("_", "-")):
        if isinstance(ident, str) and ident:
            try:
                return resolve_scenario(ident)
            except ScenarioError:
                continue
    raise ReportError(f"{journal}:1: scenario '{named}' not found (looked relative to the "
                      f"working directory and to {folder})")


def read_run(run: Path) -> RunFiles:
    """Read a run folder (or the folder of a journal) for a report."""
    folder, journal_path = run_folder(run)
    try:
        journal = read_journal(journal_path)
    except JournalError as exc:
        raise ReportError(str(exc)) from None
    warnings = list(journal.warnings)
    scenario_path = find_scenario(journal.header, folder, journal_path)
    try:
        loaded = load_scenario(scenario_path)
    except ScenarioError as exc:
        raise ReportError("\n".join(str(d) for d in exc.diagnostics)) from None
    expected = journal.header.get("scenario_sha256")
    if expected and hashlib.sha256(scenario_path.read_bytes()).hexdigest() != expected:
        warnings.append(f"{scenario_path}: changed since the run (sha256 differs from the "
                        "journal's); names and texts come from the file as it is now")
    events_path = folder / "events.jsonl"
    if not events_path.is_file():
        raise ReportError(f"{events_path}: no event log; a report needs a finished run "
                          "(replay the journal to write one)")
    events = read_events(events_path)
    score = _read_score(folder / "score.json")
    if score is None:
        from simulator.scoring import score_run

        last = events[-1]
        end = last.t if isinstance(last, EndEvent) else loaded.scenario.clock.duration.max
        score = score_run(loaded.scenario, events, seed=journal.seed, duration=end)
    return RunFiles(folder, journal.header, loaded.scenario, scenario_path, events, score,
                    tuple(warnings))


def _read_score(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        score = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read: {_reason(exc)}") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    if not isinstance(score, dict) or "objectives" not in score:
        raise ReportError(f"{path}:1: not a score.json (no 'objectives')")
    return score


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "strerror", None) or exc)
