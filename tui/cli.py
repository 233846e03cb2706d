"""The ``tabletop`` command line: parses arguments and hands each command to its module.

Command modules are imported only when their command runs, so ``tabletop validate`` does
not pay for Textual. Every command returns its exit status; bad input is reported by the
command as ``file:line:col: message`` with status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS: dict[str, str] = {
    "list": "tui.commands.listing",
    "validate": "tui.commands.validate",
    "schema": "tui.commands.schema",
    "graph": "tui.commands.graph",
    "run": "tui.commands.run",
    "report": "tui.commands.report",
    "analyse": "tui.commands.analyse",
    "drill": "tui.commands.drill",
    "resume": "tui.commands.resume",
    "replay": "tui.commands.replay",
    "compare": "tui.commands.compare",
    "region": "tui.commands.region",
    "msel": "tui.commands.msel",
}
"""Subcommand name -> module with ``add_arguments(parser)`` and ``main(args) -> int``."""

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tabletop",
        description="Tabletop-exercise simulator for joint preparedness drills.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args._module.main(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return status


if __name__ == "__main__":
    sys.exit(main())
