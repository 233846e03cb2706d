"""``tabletop list``: the built-in scenarios, so facilitators know which ids they can type.

One scenario per line, in aligned columns: id, title, file.
"""

from __future__ import annotations

import argparse
import sys

from tui.i18n import N_, _

HELP = N_("list the built-in scenarios: id, title, file")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=("fi", "sv", "en"),
        default=None,
        help=_("language of the titles (default: TABLETOP_LANG, the locale, en; a title "
               "without it shows English or its first language)"),
    )


def main(args: argparse.Namespace) -> int:
    from simulator.fields import text_in
    from simulator.library import builtin_scenarios
    from tui.commands.common import display_path

    scenarios = builtin_scenarios()
    rows = [
        (scenario.id, text_in(scenario.title, args.lang, "-"), display_path(scenario.path))
        for scenario in scenarios
    ]
    if not rows:
        sys.stderr.write(_("no built-in scenarios found") + "\n")
        return 0

    id_width = max(len(row[0]) for row in rows)
    title_width = max(len(row[1]) for row in rows)
    for ident, title, file in rows:
        sys.stdout.write(f"{ident:<{id_width}}  {title:<{title_width}}  {file}\n")
    return 0
