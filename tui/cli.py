"""The ``tabletop`` command line: parses arguments and hands each command to its module.

Command modules are imported only when their command runs, so ``tabletop validate`` does
not pay for Textual. The language is chosen before the parser is built (``--lang`` in the
arguments, else ``TABLETOP_LANG``, else the locale, else English), so help texts are
translated too; a command's ``args.lang`` is that resolved language. Every command returns
its exit status; bad input is reported by the command as ``file:line:col: message`` with
status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tui.i18n import _, language_in_argv, resolve_language, set_language

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tabletop",
        description=_("Tabletop-exercise simulator for joint preparedness drills."),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=_(module.HELP), description=_(module.HELP))
        module.add_arguments(command)
        command.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    set_language(resolve_language(language_in_argv(arguments)))
    parser = build_parser()
    args = parser.parse_args(arguments)
    if hasattr(args, "lang"):
        args.lang = resolve_language(args.lang)
        set_language(args.lang)
    from tui.commands.common import CommandError, fail

    try:
        status: int = args._module.main(args)
    except CommandError as exc:  # a command's bad input: the message, status 2
        return fail(str(exc))
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return status


if __name__ == "__main__":
    sys.exit(main())
