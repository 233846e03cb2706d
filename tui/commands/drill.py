"""``tabletop drill``: the facilitator's console for a scenario, journalled as it happens.

The command builds the drill session (run, journal, run folder) and hands it to the
console; the console itself never builds a simulation.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.i18n import N_, _

if TYPE_CHECKING:
    from tui.drill_session import DrillSession

HELP = N_("the facilitator's console (full-screen); every input is appended to the journal")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help=_("scenario file or built-in scenario id"))
    parser.add_argument("--journal", type=Path, default=None, metavar="FILE",
                        help=_("journal file; its folder is the run folder "
                             "(default: runs/<scenario-id>-<YYYYmmdd-HHMMSS>/journal.jsonl)"))
    parser.add_argument("--lang", choices=("fi", "sv", "en"), default=None,
                        help=_("language of the console "
                               "(default: TABLETOP_LANG, the locale, en)"))
    parser.add_argument("--seed", type=int, default=None,
                        help=_("seed for duration ranges (default: the scenario's seed)"))


def main(args: argparse.Namespace) -> int:
    from tui.commands.common import default_run_folder, display_path, fail, load, timestamp
    from tui.drill_session import JOURNAL, DrillSession, SessionError
    from tui.i18n import resolve_language

    loaded = load(args.scenario)
    scenario = loaded.scenario
    now = timestamp()
    journal: Path = args.journal or default_run_folder(scenario.id, now) / JOURNAL
    try:
        session = DrillSession.start(scenario, display_path(loaded.path), loaded.sha256, journal,
                                     seed=args.seed, created=now.isoformat(timespec="seconds"))
    except (SessionError, OSError) as exc:
        return fail(str(exc))
    return open_console(session, resolve_language(args.lang))


def open_console(session: DrillSession, lang: str) -> int:
    """Run the console on ``session``; afterwards say where the run folder is."""
    from reports.i18n import missing_language
    from reports.render import write_report
    from tui.app import HANGUP, TabletopApp
    from tui.i18n import set_language

    warning = missing_language(session.scenario, lang)
    if warning is not None:  # shown once, as the console opens
        session.warnings = (*session.warnings, warning)
    app = TabletopApp(session, lang=lang)
    try:
        answer = app.run()
    finally:
        session.close()
    if answer == HANGUP:  # SIGHUP, SIGTERM or the terminal gone: nowhere to print to
        return 0
    lang = app.lang  # the facilitator may have switched language in the console
    set_language(lang)
    print(_("run folder: {path}").format(path=session.run_dir))
    if answer == "report":
        out = write_report(session.run_dir, "html", lang)
        print(_("report: {path}").format(path=out))
    return 0
