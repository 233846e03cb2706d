"""``tabletop graph``: the dependency graph of a scenario, for Graphviz or Mermaid.

Facilitators draw the graph before a drill to see which services a failure cascades into
and which organisations share a dependency; the text goes to a file or standard output.
"""

from __future__ import annotations

import argparse

from tui.i18n import N_, _

HELP = N_("print the dependency graph of a scenario as Graphviz DOT or Mermaid")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help=_("a scenario file or a built-in id"))
    parser.add_argument(
        "--format", choices=("dot", "mermaid"), default="dot",
        help=_("output format (default: dot)"),
    )
    parser.add_argument(
        "--lang", choices=("fi", "sv", "en"), default=None,
        help=_("language of the names (default: TABLETOP_LANG, the locale, en)"),
    )
    parser.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of stdout"))


def main(args: argparse.Namespace) -> int:
    from simulator.graph import DependencyGraph, to_dot, to_mermaid
    from tui.commands.common import load, warn_missing_language, write_output

    scenario = load(args.scenario).scenario
    warn_missing_language(scenario, args.lang)
    export = to_mermaid if args.format == "mermaid" else to_dot
    text = export(scenario, DependencyGraph(scenario), lang=args.lang)
    write_output(text, args.output)
    return 0
