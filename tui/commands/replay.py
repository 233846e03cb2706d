"""``tabletop replay JOURNAL [--check] [--force]``: replay a recorded drill.

Without ``--check`` the replay console (:mod:`tui.replay.app`) opens read-only on the drill,
from its start to where it stopped, with a time slider.

``--check`` replays the journal headless and compares the events with the ``events.jsonl``
recorded beside it, byte for byte: exit 0 identical, 1 with the first differing line, 2 when
something cannot be read or the scenario file changed since the drill (unless ``--force``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.i18n import N_, _

if TYPE_CHECKING:
    from simulator.journal import Journal
    from simulator.model import Scenario

HELP = N_("replay a recorded drill; --check verifies that its events reproduce exactly")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journal", type=Path, help=_("a drill's journal.jsonl (or its folder)"))
    parser.add_argument("--check", action="store_true",
                        help=_("replay headless and compare with the recorded events.jsonl"))
    parser.add_argument("--force", action="store_true",
                        help=_("replay even if the scenario file changed since the drill"))
    parser.add_argument("--lang", choices=("fi", "sv", "en"), default=None,
                        help=_("language of the console "
                               "(default: TABLETOP_LANG, the locale, en)"))


def main(args: argparse.Namespace) -> int:
    from reports.runfiles import ReportError, find_scenario, run_folder
    from simulator.journal import JournalError, read_journal
    from tui.commands.common import fail, load

    try:
        folder, journal_path = run_folder(args.journal)
        journal = read_journal(journal_path)
        scenario_path = find_scenario(journal.header, folder, journal_path)
    except (ReportError, JournalError) as exc:
        return fail(str(exc))
    for warning in journal.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    digest = hashlib.sha256(scenario_path.read_bytes()).hexdigest()
    if digest != journal.header.get("scenario_sha256") and not args.force:
        return fail(f"{journal_path}:1: the scenario file {scenario_path} has changed since "
                    f"the drill (sha256 {digest[:12]}… is not the journal's "
                    f"{str(journal.header.get('scenario_sha256'))[:12]}…); "
                    "replay with --force to use it as it is now")
    loaded = load(str(scenario_path))
    if not args.check:
        return open_console(loaded.scenario, journal, folder / "events.jsonl",
                            getattr(args, "lang", None))
    return check(loaded.scenario, journal, folder / "events.jsonl")


def check(scenario: Scenario, journal: Journal, events_path: Path) -> int:
    """Replay headless and compare with the recorded events; the exit status."""
    from simulator.comparison import first_divergence
    from simulator.engine import Run
    from simulator.events import event_json
    from simulator.inputs import InputError
    from tui.commands.common import fail

    try:
        recorded = tuple(events_path.read_text(encoding="utf-8").splitlines())
        stop = _stop_time(recorded, journal)
    except (OSError, UnicodeDecodeError) as exc:
        return fail(f"{events_path}: cannot read the recorded events: {exc}")
    except ValueError as exc:
        return fail(f"{events_path}:{len(recorded)}: not an event line: {exc}")
    mode = journal.header.get("playbook", "auto")
    run = Run(scenario, seed=journal.seed, inputs=journal.inputs,
              playbook=mode if mode in ("auto", "suggest") else "auto")
    problems = []
    for number, item in enumerate(journal.inputs, start=2):
        try:
            run.check(item)
        except InputError as exc:
            problems.append(f"{journal.path}:{number}: {exc}")
    if problems:
        return fail("\n".join(problems))
    run.advance_to(stop)
    replayed = tuple(event_json(e) for e in run.events)
    divergence = first_divergence(recorded, replayed)
    if divergence is None:
        print(f"{events_path}: {len(recorded)} events reproduced exactly")
        return 0
    line = divergence["line"]
    print(f"{events_path}:{line}: first difference (t = {divergence['t']})\n"
          f"  recorded: {divergence['a']}\n  replayed: {divergence['b']}")
    return 1


def _stop_time(recorded: tuple[str, ...], journal: Journal) -> float:
    """Where the drill stopped: its last recorded event or input, or the end."""
    last = 0.0
    for line in reversed(recorded):
        if line.strip():
            obj = json.loads(line)
            if obj.get("type") == "end":
                return float("inf")
            last = float(obj.get("t", 0.0))
            break
    if journal.inputs:
        last = max(last, journal.inputs[-1].t)
    return last


def open_console(scenario: Scenario, journal: Journal, events_path: Path,
                 lang: str | None) -> int:
    """The replay console on the recorded drill (read-only), from its start to its stop."""
    from tui.commands.common import fail
    from tui.i18n import resolve_language
    from tui.replay.app import ReplayApp
    from tui.replay.session import replay_session

    try:
        stop = replay_stop(journal, events_path)
    except (OSError, UnicodeDecodeError) as exc:
        return fail(f"{events_path}: cannot read the recorded events: {exc}")
    except ValueError as exc:
        return fail(f"{events_path}: not an event line: {exc}")
    session = replay_session(scenario, journal, stop, journal.warnings)
    ReplayApp(session, lang=resolve_language(lang)).run()
    return 0


def replay_stop(journal: Journal, events_path: Path) -> float:
    """Where the recorded drill stopped: as ``events.jsonl`` says (its last event, or the
    end), else the run's end for a headless run's journal, else its last input."""
    if events_path.is_file():
        recorded = tuple(events_path.read_text(encoding="utf-8").splitlines())
        return _stop_time(recorded, journal)
    if journal.header.get("mode") != "drill":
        return float("inf")
    return journal.inputs[-1].t if journal.inputs else 0.0
