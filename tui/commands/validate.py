"""``tabletop validate FILE...``: check scenario files and say everything that is wrong.

Authors run this before a drill and editors or CI run it on every change, so the output is
made for both: every error and warning on stderr as ``file:line:col: path: message``, one
verdict line per valid file on stdout, and the exit status (0 valid, 2 errors) for scripts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.i18n import N_, _, ngettext

HELP = N_("check scenario files against the format and print every error and warning")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=_("scenario file, or the id of a built-in scenario"),
    )


def main(args: argparse.Namespace) -> int:
    status = 0
    for argument in args.files:
        if not _validate(str(argument)):
            status = 2
    return status


def _validate(argument: str) -> bool:
    """Check one file, print what was found; True when it is valid."""
    try:
        path = _resolve(argument)
        if path is None:
            print(f"{argument}: no such file", file=sys.stderr)
            return False
        from simulator.loader import check_scenario

        loaded, diagnostics = check_scenario(path)
    except Exception as exc:  # the command boundary: never a traceback
        print(f"{argument}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return False
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
    if loaded is None:
        return False
    scenario = loaded.scenario
    n_orgs, n_services, n_warnings = (len(scenario.organisations), len(scenario.services),
                                      len(loaded.warnings))
    counts = [ngettext("{n} organisation", "{n} organisations", n_orgs).format(n=n_orgs),
              ngettext("{n} service", "{n} services", n_services).format(n=n_services)]
    if n_warnings:
        counts.append(ngettext("{n} warning", "{n} warnings", n_warnings).format(n=n_warnings))
    print(_("{path}: valid ({counts})").format(path=path, counts=", ".join(counts)))
    return True


def _resolve(argument: str) -> str | Path | None:
    """The file to check: the argument as a path, or a built-in scenario of that id."""
    if Path(argument).exists():
        return argument
    try:
        from simulator.diagnostics import ScenarioError
        from simulator.library import resolve_scenario
    except ImportError:
        return None
    try:
        return resolve_scenario(argument)
    except ScenarioError:
        return None

