"""``tabletop msel``: a scenario's injects as an MSEL spreadsheet (CSV), and back.

Exercise planners write the master scenario events list in a spreadsheet. ``export`` writes
the injects with HSEEP's columns (see :mod:`simulator.msel`); ``import`` reads a
spreadsheet back into the scenario file. Import is all or nothing: every bad row is
reported as ``file:row:column: message`` and the file is left as it was; otherwise only the
``injects:`` block of the file is rewritten, every other line (comments included) is kept,
and the result is validated before it replaces the original.

The notes column is the YAML comment just above an inject, so comments between injects
survive the round trip; comments elsewhere inside the ``injects:`` block do not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from tui.i18n import N_, _

HELP = N_("export the injects as an MSEL spreadsheet (CSV), or import one into a scenario")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = sub.add_parser("export", help=_("write the injects of SCENARIO as CSV"))
    export.add_argument("scenario", metavar="SCENARIO", help=_("a scenario file or a built-in id"))
    export.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of stdout"))
    export.add_argument(
        "--lang", choices=("fi", "sv", "en"), default=None,
        help=_("language of the event synopsis column "
               "(default: TABLETOP_LANG, the locale, en)"),
    )  # fmt: skip
    imp = sub.add_parser("import", help=_("replace the injects of SCENARIO with those of FILE"))
    imp.add_argument("file", metavar="FILE", help=_("the MSEL spreadsheet (CSV, UTF-8)"))
    imp.add_argument("--into", required=True, metavar="SCENARIO", help=_("the scenario file"))


def main(args: argparse.Namespace) -> int:
    return export(args) if args.action == "export" else import_(args)


# --- the injects block of a scenario file -------------------------------------------------


class Block:
    """Where the ``injects:`` list is in a file's text, and what is written in it."""

    def __init__(self, text: str) -> None:
        import yaml
        from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

        loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
        self.text = text
        self.raw: list[dict[str, Any]] = [
            item for item in (data or {}).get("injects") or [] if isinstance(item, dict)
        ]
        self.indent = 2
        self.notes: list[str] = []
        lines = text.splitlines(keepends=True)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        entry = None
        if isinstance(root, MappingNode):
            entry = next(((k, v) for k, v in root.value if k.value == "injects"), None)
        if entry is None:
            self.start = self.end = len(text)
            self.notes = [""] * len(self.raw)
            return
        key, value = entry
        self.start = starts[key.start_mark.line]

        def last_scalar(node: Node) -> int:
            if isinstance(node, ScalarNode):
                return int(node.end_mark.index)
            children: list[Node] = []
            if isinstance(node, SequenceNode):
                children = list(node.value)
            elif isinstance(node, MappingNode):
                children = [n for pair in node.value for n in pair]
            return max((last_scalar(c) for c in children), default=int(node.end_mark.index))

        if isinstance(value, SequenceNode) and not value.flow_style and value.value:
            self.end = self._line_end(starts, text, last_scalar(value))
            first = value.value[0]
            self.indent = max(first.start_mark.column - 2, 0)
            for item in value.value:
                self.notes.append(
                    self._comments(lines, item.start_mark.line, item.start_mark.column)
                )
        else:
            self.end = self._line_end(starts, text, max(value.end_mark.index, key.end_mark.index))
            self.notes = [""] * len(self.raw)

    @staticmethod
    def _line_end(starts: list[int], text: str, index: int) -> int:
        """The start of the line after the one holding the character before ``index``."""
        line = text.count("\n", 0, max(index - 1, 0))
        return starts[min(line + 1, len(starts) - 1)]

    @staticmethod
    def _comments(lines: list[str], line: int, column: int) -> str:
        found: list[str] = []
        k = line - 1
        while k >= 0:
            stripped = lines[k].strip()
            indent = len(lines[k]) - len(lines[k].lstrip(" "))
            if not stripped.startswith("#") or indent > max(column - 2, 0):
                break
            found.append(stripped[1:].removeprefix(" "))
            k -= 1
        return "\n".join(reversed(found))

    def replaced(self, rows: list[Any]) -> str:
        """The file's text with the injects block replaced by ``rows``."""
        block = render_injects(rows, self.indent)
        before, after = self.text[: self.start], self.text[self.end :]
        if before and not before.endswith("\n"):
            before += "\n"
        return before + block + after


def _scalar(value: Any) -> str:
    import yaml

    if isinstance(value, str) and any(c in value for c in "\n\r\t\x85\u2028\u2029"):
        return json.dumps(value, ensure_ascii=False)
    flow = isinstance(value, (list, dict))
    text: str = yaml.safe_dump(
        value, default_flow_style=flow, width=float("inf"), allow_unicode=True, sort_keys=False
    )
    return text.removesuffix("\n").removesuffix("\n...").strip()


def render_injects(rows: list[Any], indent: int = 2) -> str:
    """``injects:`` and its list, one block mapping per inject, notes as comments above."""
    if not rows:
        return "injects: []\n"
    pad = " " * indent
    out = ["injects:\n"]
    for row in rows:
        for line in row.notes.splitlines() if row.notes else ():
            out.append(f"{pad}# {line}".rstrip() + "\n")
        first = True
        for key, value in row.data.items():
            lead = f"{pad}- " if first else f"{pad}  "
            first = False
            if key == "text" and isinstance(value, dict):
                out.append(f"{lead}text:\n")
                out.extend(f"{pad}    {lang}: {_scalar(v)}\n" for lang, v in value.items())
            else:
                out.append(f"{lead}{key}: {_scalar(value)}\n")
    return "".join(out)


# --- the commands ---------------------------------------------------------------------------


def export(args: argparse.Namespace) -> int:
    from simulator.msel import export_msel
    from tui.commands.common import load, write_output

    loaded = load(args.scenario)
    block = Block(loaded.path.read_text("utf-8"))
    text = export_msel(loaded.scenario, block.raw, block.notes, lang=args.lang)
    write_output(text, args.output, bom=args.output is not None)
    if args.output is None:
        return 0
    print(_("wrote {file}: {count} injects").format(
        file=args.output, count=len(loaded.scenario.injects)), file=sys.stderr)
    return 0


def import_(args: argparse.Namespace) -> int:
    from simulator.diagnostics import ScenarioError, neutralise
    from simulator.loader import load_scenario
    from simulator.msel import MselError, read_msel
    from tui.commands.common import fail, load

    loaded = load(args.into)
    try:
        with open(args.file, "rb") as stream:
            raw = stream.read()
    except OSError as error:
        return fail(f"{args.file}:1:1: cannot read: {error.strerror or error}")
    try:
        sheet = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw.count(b"\n", 0, error.start) + 1
        return fail(f"{args.file}:{row}:1: not valid UTF-8 (byte 0x{raw[error.start]:02x}); "
                    "save the spreadsheet as CSV UTF-8")
    try:
        rows = read_msel(sheet, loaded.scenario)
    except MselError as error:
        for problem in error.errors:
            print(neutralise(problem.format(args.file)), file=sys.stderr)
        return fail(_("{file}: {count} problem(s); {scenario} not changed").format(
            file=args.file, count=len(error.errors), scenario=loaded.path))
    target = loaded.path
    new_text = Block(target.read_text("utf-8")).replaced(rows)
    handle, temp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".msel", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(new_text)
        try:
            load_scenario(Path(temp))
        except ScenarioError as error:
            for d in error.errors:
                shown = str(d).replace(temp, f"{target} (after import)", 1)
                print(shown, file=sys.stderr)
            return fail(_("{file}: the result would not be valid; {scenario} not changed").format(
                file=args.file, scenario=target))
        shutil.copymode(target, temp)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    print(_("imported {count} injects into {scenario}").format(count=len(rows), scenario=target),
          file=sys.stderr)
    return 0
