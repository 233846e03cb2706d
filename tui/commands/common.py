"""What the commands share: loading a scenario argument and reporting bad input.

Every command that takes a scenario resolves it the same way (a path, or the id of a
built-in scenario), prints every problem as ``file:line:col: message`` on stderr and exits
with status 2: bad input never shows a traceback.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.diagnostics import ScenarioError
from simulator.loader import LoadedScenario, load_scenario

if TYPE_CHECKING:
    from simulator.inputs import Input
    from simulator.model import Scenario

EXIT_BAD_INPUT = 2


class CommandError(Exception):
    """Bad input found by a command: printed as is, exit status 2."""


def load(arg: str) -> LoadedScenario:
    """Resolve and load a scenario argument, or raise :class:`CommandError`."""
    from simulator.library import resolve_scenario

    try:
        loaded = load_scenario(resolve_scenario(arg))
    except ScenarioError as exc:
        raise CommandError("\n".join(str(d) for d in exc.diagnostics)) from None
    for warning in loaded.warnings:
        print(warning, file=sys.stderr)
    return loaded


def read_inputs(path: Path | None, scenario: Scenario) -> tuple[Input, ...]:
    """The facilitator inputs of a journal for ``scenario`` (none when ``path`` is None).

    Prints the journal's warnings; raises :class:`CommandError` with every problem as
    ``file:line: message`` (unreadable, another scenario's, naming what the scenario lacks).
    """
    if path is None:
        return ()
    from simulator.engine import Run
    from simulator.journal import JournalError, read_journal

    try:
        journal = read_journal(path)
    except JournalError as exc:
        raise CommandError(str(exc)) from None
    for warning in journal.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    problems = Run(scenario, inputs=journal.inputs).journal_problems(journal)
    if problems:
        raise CommandError("\n".join(problems))
    return journal.inputs


def write_output(text: str, output: str | Path | None, *, bom: bool = False) -> None:
    """Write ``text`` to ``output``, or to standard output when it is None.

    ``bom`` starts the file with a UTF-8 byte-order mark (spreadsheet programs need it).
    Raises :class:`CommandError` when the file cannot be written.
    """
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(("\ufeff" if bom else "") + text, encoding="utf-8",
                                newline="" if bom else None)
    except OSError as error:
        raise CommandError(f"{output}: cannot write: {error.strerror or error}") from None


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def timestamp() -> datetime:
    """Now, with the local UTC offset (the command line may read the clock; the core not)."""
    return datetime.now().astimezone()


def default_run_folder(name: str, when: datetime) -> Path:
    """``runs/<name>-<YYYYmmdd-HHMMSS>``: where a run, drill or analysis goes by default."""
    return Path("runs") / f"{name}-{when:%Y%m%d-%H%M%S}"


def warn_missing_language(scenario: object, lang: str) -> None:
    """One warning on stderr when the scenario's texts lack ``lang`` (they fall back)."""
    from reports.i18n import missing_language

    warning = missing_language(scenario, lang)
    if warning is not None:
        print(warning, file=sys.stderr)


def fail(message: str) -> int:
    """Print ``message`` (its lines, control characters escaped) and return status 2."""
    from simulator.diagnostics import neutralise

    print("\n".join(neutralise(line) for line in message.split("\n")), file=sys.stderr)
    return EXIT_BAD_INPUT
