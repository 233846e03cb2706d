"""``tabletop report``: the after-action report (AAR/IP) of a run folder or a journal.

Reads the run's event log and scores (never simulates again) and writes one self-contained
HTML file that prints on A4, or Markdown with its charts as SVG files beside it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.i18n import N_, _

HELP = N_("write the after-action report of a run folder or a journal (HTML or Markdown)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", type=Path,
                        help=_("a run folder (events.jsonl, score.json, journal.jsonl) "
                               "or a journal"))
    parser.add_argument("--format", choices=("html", "md"), default="html",
                        help=_("output format (default: html)"))
    parser.add_argument("--lang", choices=("fi", "sv", "en"), default=None,
                        help=_("language of the report "
                               "(default: TABLETOP_LANG, the locale, en)"))
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, default=None,
                        help=_("report file (default: RUN/report-<lang>.<format>)"))


def main(args: argparse.Namespace) -> int:
    from reports.render import write_report
    from reports.runfiles import ReportError, read_run
    from tui.commands.common import display_path, fail, warn_missing_language

    try:
        files = read_run(args.run)
        warn_missing_language(files.scenario, args.lang)
        written = write_report(args.run, args.format, args.lang, args.output, files=files)
    except ReportError as exc:
        return fail(str(exc))
    except OSError as exc:
        target = exc.filename or args.output or args.run
        return fail(f"{target}: cannot write: {exc.strerror or exc}")
    print(_("written: {path}").format(path=display_path(written)), file=sys.stdout)
    return 0
