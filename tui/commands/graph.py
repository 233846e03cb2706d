"""``tabletop graph``: the dependency graph of a scenario, for Graphviz or Mermaid.

Facilitators draw the graph before a drill to see which services a failure cascades into
and which organisations share a dependency; the text goes to a file or standard output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "print the dependency graph of a scenario as Graphviz DOT or Mermaid"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help="a scenario file or a built-in id")
    parser.add_argument(
        "--format", choices=("dot", "mermaid"), default="dot", help="output format (default: dot)"
    )
    parser.add_argument(
        "--lang", choices=("fi", "sv", "en"), default="en", help="language of the names"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def main(args: argparse.Namespace) -> int:
    from simulator.graph import DependencyGraph, to_dot, to_mermaid
    from tui.commands.common import CommandError, fail, load

    try:
        scenario = load(args.scenario).scenario
    except CommandError as error:
        return fail(str(error))
    export = to_mermaid if args.format == "mermaid" else to_dot
    text = export(scenario, DependencyGraph(scenario), lang=args.lang)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as error:
        return fail(f"{args.output}: cannot write: {error.strerror or error}")
    return 0
