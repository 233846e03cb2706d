"""``tabletop resume``: reopen a drill that stopped, at the time of its last journal entry.

A drill may end by quitting, a crash or a killed terminal. The journal has every input
that was recorded (each synced before it took effect), so the run is rebuilt with them all
applied at their times, the journal is reopened for appending, and the console continues.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.i18n import N_, _

HELP = N_("reopen a drill from its journal, with every recorded input applied")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journal", type=Path, help=_("the drill's journal.jsonl"))
    parser.add_argument("--lang", choices=("fi", "sv", "en"), default=None,
                        help=_("language of the console "
                               "(default: TABLETOP_LANG, the locale, en)"))


def main(args: argparse.Namespace) -> int:
    from simulator.journal import JournalError
    from tui.commands.common import fail
    from tui.commands.drill import open_console
    from tui.drill_session import SessionError, resume_session
    from tui.i18n import resolve_language

    try:
        session = resume_session(args.journal)
    except (JournalError, SessionError) as exc:
        return fail(str(exc))
    for warning in session.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return open_console(session, resolve_language(args.lang))
