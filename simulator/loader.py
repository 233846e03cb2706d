"""Loading a scenario: its files, their includes, the model and the references, all errors.

A scenario is checked in stages, and every stage keeps going after a problem so that the
author sees every mistake in one run: each file is parsed safely (:mod:`yaml_source`), the
included files' lists are put in front of the including file's lists, the top level and
every record are validated by the model, and the cross-references are checked
(:mod:`references`). pydantic reports a problem by ``loc`` in the merged scenario; this
module maps that back to the file, line and column it came from, through the node tree of
that file, only when there is something to report.
"""

from __future__ import annotations

import hashlib
import os
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import Node

from simulator.diagnostics import (
    Diagnostic,
    Loc,
    ScenarioError,
    Severity,
    Step,
    allowed_keys,
    describe,
    model_path,
    plain_errors,
    sort_diagnostics,
    unknown_key,
)
from simulator.gcpause import gc_paused
from simulator.model import LISTS, RegionFile, Scenario
from simulator.references import check_references
from simulator.yaml_source import Source, load_source, mapping_entry, parse, sequence_item

ALL_LISTS = (*LISTS, "injects", "objectives")
"""Every list of a scenario; only :data:`simulator.model.LISTS` may come from includes."""

Position = tuple[str, int, int]


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario with what was learnt while loading it."""

    scenario: Scenario
    path: Path
    """The top-level file."""
    sha256: str
    """Of the top-level file's bytes (journals record it to notice a changed scenario)."""
    files: tuple[Path, ...]
    """The top-level file and every included file."""
    warnings: tuple[Diagnostic, ...]
    positions: Mapping[str, Mapping[str, Position]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """List name -> record id -> (file, line, column) where the record starts."""

    def where(self, kind: str, id: str) -> Position | None:
        """File, line and column of record ``id`` of ``kind`` (``"services"``, …), if any."""
        return self.positions.get(kind, {}).get(id)


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load and check a scenario file; raises :class:`ScenarioError` with every error."""
    top = Path(path)
    with gc_paused():
        source, raw = load_source(top, str(path))
        return _Assembly(top, str(path), os.path.dirname(os.path.realpath(top))).run(source, raw)


def load_scenario_text(text: str, name: str = "<string>") -> LoadedScenario:
    """Load a scenario from text (tests); includes resolve relative to the working folder."""
    root = os.path.realpath(os.getcwd())
    with gc_paused():
        return _Assembly(Path(os.path.join(root, "scenario.yaml")), name, root).run(
            parse(text, name), text.encode("utf-8"), Path(name)
        )


def check_scenario(path: str | Path) -> tuple[LoadedScenario | None, list[Diagnostic]]:
    """Load a scenario without raising for bad input: the scenario or None, and diagnostics."""
    try:
        loaded = load_scenario(path)
    except ScenarioError as exc:
        return None, list(exc.diagnostics)
    return loaded, list(loaded.warnings)


@dataclass(frozen=True)
class _Segment:
    """A run of a merged list that came from one file."""

    start: int
    source: Source


class _Assembly:
    """One scenario being put together from its files, and every problem found on the way."""

    def __init__(self, top: Path, file: str, folder: str) -> None:
        self.top = top
        self.real = os.path.realpath(top)
        self.roots = (folder, os.path.realpath(_scenarios_dir()))
        self.diagnostics: list[Diagnostic] = []
        self.files: list[Path] = [Path(file)]
        self.items: dict[str, list[Any]] = {name: [] for name in ALL_LISTS}
        self.segments: dict[str, list[_Segment]] = {name: [] for name in ALL_LISTS}
        self.present: set[str] = set()
        self.included: dict[str, tuple[Source, Loc]] = {}
        self.incomplete = False

    def run(self, source: Source, raw: bytes, path: Path | None = None) -> LoadedScenario:
        self.diagnostics.extend(source.problems)
        self.add(source, self.real, (), top=True)
        header = self.validate_top(source)
        valid = {name: self.validate_list(name) for name in ALL_LISTS}
        findings = check_references(valid, self.items)
        for f in findings:
            extra = ""
            if f.first is not None:
                first_file, line, col = self.place_loc(f.first)
                extra = f" (first defined at {first_file}:{line}:{col})"
            self.report_loc(f.loc, f.message + extra, f.severity)
        problems = sort_diagnostics(self.diagnostics)
        if header is None or any(d.severity == "error" for d in problems):
            raise ScenarioError(problems)
        scenario = header.model_copy(
            update={name: tuple(item for _, item in valid[name]) for name in self.present}
        )
        return LoadedScenario(
            scenario=scenario,
            path=path or self.top,
            sha256=hashlib.sha256(raw).hexdigest(),
            files=tuple(self.files),
            warnings=problems,
            positions=self.positions(),
        )

    # --- files and includes -------------------------------------------------------------

    def add(self, source: Source, real: str, chain: tuple[tuple[str, str], ...], top: bool) -> None:
        """Add a file's lists, after the lists of the files it includes."""
        includes = source.data.get("include")
        if isinstance(includes, list):
            for k, entry in enumerate(includes):
                if isinstance(entry, str):
                    self.include(source, real, k, entry, (*chain, (real, source.file)))
        for name in ALL_LISTS if top else LISTS:
            value = source.data.get(name)
            if isinstance(value, list):
                self.present.add(name)
                self.segments[name].append(_Segment(len(self.items[name]), source))
                self.items[name].extend(value)

    def include(
        self, source: Source, real: str, k: int, entry: str, chain: tuple[tuple[str, str], ...]
    ) -> None:
        loc: Loc = ("include", k)
        if "\x00" in entry or not entry.strip():
            return self.report(source, Scenario, loc, f"{describe(entry)} is not a file path")
        if os.path.isabs(entry) or entry.startswith("~"):
            message = "an include path must be relative to this file"
            return self.report(source, Scenario, loc, message)
        candidate = os.path.join(os.path.dirname(real), entry)
        target = os.path.realpath(candidate)
        if not any(os.path.commonpath([target, root]) == root for root in self.roots):
            return self.report(
                source, Scenario, loc,
                f"include '{entry}' leads outside the scenario's folder and the built-in "
                "scenarios folder (after following links)",
            )  # fmt: skip
        shown = os.path.normpath(os.path.join(os.path.dirname(source.file), entry))
        if target in (r for r, _ in chain):
            names = [f for r, f in chain[[r for r, _ in chain].index(target) :]]
            cycle = " -> ".join([*names, shown])
            return self.report(source, Scenario, loc, f"include cycle: {cycle}")
        if target in self.included:
            first, first_loc = self.included[target]
            _, line, col = self._place(first, Scenario, first_loc)
            return self.report(
                source, Scenario, loc,
                f"'{entry}' is already included at {first.file}:{line}:{col}; "
                "a file can be included once",
            )  # fmt: skip
        if not os.path.isfile(candidate):
            missing = "is not a file" if os.path.exists(candidate) else "does not exist"
            return self.report(source, Scenario, loc, f"included file '{entry}' {missing}")
        try:
            child, _ = load_source(Path(candidate), shown)
        except ScenarioError as exc:
            self.diagnostics.extend(exc.diagnostics)
            self.incomplete = True
            return None
        self.included[target] = (source, loc)
        self.files.append(Path(shown))
        self.diagnostics.extend(child.problems)
        region = {
            key: value
            for key, value in child.data.items()
            if not (key in LISTS and isinstance(value, list))
        }
        try:
            RegionFile.model_validate(region)
        except ValidationError as exc:
            self.translate(exc.errors(), RegionFile, lambda loc: (child, loc))
        self.add(child, target, chain, top=False)
        return None

    # --- validation ---------------------------------------------------------------------

    def validate_top(self, source: Source) -> Scenario | None:
        data = {
            key: value
            for key, value in source.data.items()
            if not (key in ALL_LISTS and isinstance(value, list))
        }
        for name in self.present:
            data.setdefault(name, [])
        if self.incomplete:
            data.setdefault("organisations", [])
            data.setdefault("services", [])
        if "extensions" in data:
            data.pop("extensions")
            message = unknown_key("extensions", allowed_keys(Scenario))
            self.report(source, Scenario, ("extensions",), message, key_node=True)
        data["extensions"] = source.extensions
        try:
            return Scenario.model_validate(data)
        except ValidationError as exc:
            self.translate(exc.errors(), Scenario, lambda loc: (source, loc))
            return None

    def validate_list(self, name: str) -> list[tuple[int, Any]]:
        """The valid records of a merged list, with their indices; errors reported."""
        items = self.items[name]
        if not items:
            return []
        try:
            return list(enumerate(_list_adapter(name).validate_python(items)))
        except ValidationError as exc:
            errors = exc.errors()
        self.translate(errors, Scenario, self.where, prefix=(name,))
        bad = {e["loc"][0] for e in errors}
        adapter = _item_adapter(name)
        return [(i, adapter.validate_python(item)) for i, item in enumerate(items) if i not in bad]

    def where(self, loc: Loc) -> tuple[Source, Loc]:
        """The file and file-local ``loc`` of a ``loc`` in the merged scenario."""
        name, index = str(loc[0]), loc[1]
        segments = self.segments[name]
        assert isinstance(index, int) and segments, loc
        segment = segments[bisect_right([s.start for s in segments], index) - 1]
        return segment.source, (name, index - segment.start, *loc[2:])

    # --- reporting ----------------------------------------------------------------------

    def translate(
        self,
        errors: list[ErrorDetails],
        root: type[BaseModel],
        where: Callable[[Loc], tuple[Source, Loc]],
        prefix: Loc = (),
    ) -> None:
        """Report pydantic errors at their places in the files."""
        for problem in plain_errors(errors, root, lambda loc: where((*prefix, *loc))):
            source, loc, message, at_key, extra = problem
            self.report(source, root, loc, message, key_node=at_key, extra=extra)

    def report(
        self,
        source: Source,
        root: type[BaseModel],
        loc: Loc,
        message: str,
        severity: Severity = "error",
        key_node: bool = False,
        extra: tuple[Step, ...] = (),
    ) -> None:
        placed = _walk(source, (*model_path(root, loc).steps, *extra))
        if placed is None:
            return
        node, path, key = placed
        at = key if key_node and key is not None else node
        line, col = at.start_mark.line + 1, at.start_mark.column + 1
        self.diagnostics.append(Diagnostic(source.file, line, col, path, message, severity))

    def report_loc(self, loc: Loc, message: str, severity: Severity = "error") -> None:
        source, local = self.where(loc)
        self.report(source, Scenario, local, message, severity)

    def place_loc(self, loc: Loc) -> Position:
        source, local = self.where(loc)
        return self._place(source, Scenario, local)

    def _place(self, source: Source, root: type[BaseModel], loc: Loc) -> Position:
        placed = _walk(source, model_path(root, loc).steps, poison=False)
        node = placed[0] if placed else source.root
        return source.file, node.start_mark.line + 1, node.start_mark.column + 1

    def positions(self) -> dict[str, dict[str, Position]]:
        """Where each record starts, by list and id (kept instead of the node trees)."""
        positions: dict[str, dict[str, Position]] = {}
        for name, segments in self.segments.items():
            found: dict[str, Position] = {}
            for segment in segments:
                entry = mapping_entry(segment.source.root, name)
                nodes = entry[1].value if entry is not None else []
                for i, node in enumerate(nodes):
                    item = self.items[name][segment.start + i]
                    ident = item.get("id") if isinstance(item, dict) else None
                    if isinstance(ident, str) and ident not in found:
                        mark = node.start_mark
                        found[ident] = (segment.source.file, mark.line + 1, mark.column + 1)
            positions[name] = found
        return positions


def _walk(
    source: Source, steps: tuple[Step, ...], poison: bool = True
) -> tuple[Node, str, Node | None] | None:
    """The node that ``steps`` lead to, the key path, and the last key's node.

    A key that is not there stops the descent (a missing key is reported at the mapping
    that lacks it) but still names the path. An index into something that is not a list
    stays put: the model accepts one item where it expects a list. Returns None when the
    node was already reported by the YAML walk (a foreign tag, say).
    """
    node: Node = source.root
    key: Node | None = None
    path, missing = "", False
    for kind, value in steps:
        if kind == "key":
            path = f"{path}.{value}" if path else str(value)
            entry = None if missing else mapping_entry(node, str(value))
            if entry is None:
                missing, key = True, None
            else:
                key, node = entry
        elif kind == "index" and isinstance(value, int):
            item = None if missing else sequence_item(node, value)
            if item is not None or missing:
                path += f"[{value}]"
            if item is not None:
                node, key = item, None
        elif key is not None:
            node = key
    if poison and id(node) in source.poisoned:
        return None
    return node, path, key


@cache
def _list_adapter(name: str) -> TypeAdapter[Any]:
    annotation: Any = Scenario.model_fields[name].annotation
    return TypeAdapter(annotation)


@cache
def _item_adapter(name: str) -> TypeAdapter[Any]:
    annotation: Any = Scenario.model_fields[name].annotation
    return TypeAdapter(annotation.__args__[0])


def _scenarios_dir() -> Path:
    """The built-in scenarios folder, an allowed place for included files."""
    try:
        from simulator.library import SCENARIOS_DIR
    except ImportError:
        return Path(__file__).resolve().parent.parent / "scenarios"
    return Path(SCENARIOS_DIR)
