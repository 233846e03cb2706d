"""Safe YAML reading: from a file's bytes to plain data, keeping the node tree for positions.

PyYAML's defaults are wrong for a file format that people type by hand and that may come
from anywhere: duplicate keys silently keep the last value, any tag may construct objects,
an alias bomb expands to gigabytes, and the errors for tabs or encodings are obscure. This
module is the only place that touches YAML. It reads bytes (size-limited), decodes strict
UTF-8, composes with the safe (C when available) loader, and walks the node tree once to
build dicts, lists and scalars, reporting every duplicate key and foreign tag and refusing
deep nesting and alias expansion past a limit. Timestamps stay strings (the model parses
them). The composed tree is kept so that a later error can be resolved to a line and column.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from simulator.diagnostics import Diagnostic, ScenarioError, describe

MAX_BYTES = 32 * 1024 * 1024
"""Files larger than this are refused before parsing."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted."""
MAX_ALIAS_NODES = 1_000_000
"""Most nodes that alias expansion may add to a file's data."""

_LOADER: type[yaml.SafeLoader] = (
    yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader  # type: ignore[assignment]
)
_Y = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = _Y + "str", _Y + "int", _Y + "float", _Y + "bool", _Y + "null"
TIMESTAMP, SEQ, MAP, MERGE = _Y + "timestamp", _Y + "seq", _Y + "map", _Y + "merge"
_CONSTRUCTOR = SafeConstructor()
_SCALARS: dict[str, Any] = {
    INT: _CONSTRUCTOR.construct_yaml_int,
    FLOAT: _CONSTRUCTOR.construct_yaml_float,
    BOOL: _CONSTRUCTOR.construct_yaml_bool,
}
_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xef\xbb\xbf", "UTF-8 with a byte-order mark"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
PLAIN_DATA = "only plain YAML data (mappings, lists, strings, numbers, booleans) is allowed"


@dataclass(frozen=True)
class Source:
    """One parsed file: its data, its node tree, and the problems the walk found."""

    file: str
    """The file as shown in messages."""
    root: MappingNode
    data: dict[str, Any]
    """The top-level mapping as plain data, ``x-`` keys removed (at every level)."""
    extensions: dict[str, Any]
    """The top-level ``x-`` keys and their data."""
    problems: tuple[Diagnostic, ...]
    """Duplicate keys and foreign tags: errors that did not stop the walk."""
    poisoned: frozenset[int]
    """``id()`` of nodes already reported, so that follow-up errors on them are dropped."""


class _Fatal(Exception):
    """Stops the walk of a file: it cannot be read any further."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def position(node: Node) -> tuple[int, int]:
    """1-based line and column where ``node`` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_bytes(path: Path, file: str) -> bytes:
    """The bytes of ``path``, refusing missing, unreadable and oversized files."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ScenarioError(Diagnostic(file, 1, 1, "", "is a folder, not a scenario file"))
        if not stat.S_ISREG(info.st_mode):
            raise ScenarioError(Diagnostic(file, 1, 1, "", "is not a regular file"))
        if info.st_size > MAX_BYTES:
            raise ScenarioError(_too_large(file, info.st_size))
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ScenarioError(_too_large(file, len(raw)))
        return raw
    except FileNotFoundError:
        raise ScenarioError(Diagnostic(file, 1, 1, "", "no such file")) from None
    except OSError as exc:
        raise ScenarioError(Diagnostic(file, 1, 1, "", f"cannot read: {exc.strerror}")) from None


def _too_large(file: str, size: int) -> Diagnostic:
    return Diagnostic(
        file, 1, 1, "",
        f"the file is {size / 2**20:.1f} MiB; scenario files are limited to "
        f"{MAX_BYTES // 2**20} MiB",
    )  # fmt: skip


def decode(raw: bytes, file: str) -> str:
    """The text of a file: strict UTF-8 without a byte-order mark."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            message = f"the file is {encoding}; save the file as UTF-8 without a byte-order mark"
            raise ScenarioError(Diagnostic(file, 1, 1, "", message))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise ScenarioError(Diagnostic(file, line, col, "", message)) from None


def load_source(path: Path, file: str) -> tuple[Source, bytes]:
    """Read, decode and parse one file; raises :class:`ScenarioError` if it cannot be read."""
    raw = read_bytes(path, file)
    return parse(decode(raw, file), file), raw


def parse(text: str, file: str) -> Source:
    """Compose ``text`` and walk it to plain data; raises :class:`ScenarioError`."""
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8")) > MAX_BYTES:
        raise ScenarioError(_too_large(file, len(text.encode("utf-8"))))
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError(_syntax_error(exc, text, file)) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(_reader_error(exc, text, file)) from None
    except RecursionError:
        message = f"nesting deeper than {MAX_DEPTH} levels"
        raise ScenarioError(Diagnostic(file, 1, 1, "", message)) from None
    if root is None or (isinstance(root, ScalarNode) and root.tag == NULL and not root.value):
        message = "the file is empty; a scenario starts with 'format: tabletop/1'"
        raise ScenarioError(Diagnostic(file, 1, 1, "", message))
    walker = _Walker(file)
    if not isinstance(root, MappingNode):
        line, col = position(root)
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        message = f"the top level must be a mapping (format: …, id: …, services: …), got {kind}"
        raise ScenarioError(Diagnostic(file, line, col, "", message))
    try:
        data = walker.walk_top(root)
    except _Fatal as fatal:
        walker.problem(fatal.node, fatal.message)
        raise ScenarioError(walker.diagnostics(root)) from None
    extensions = {k: data.pop(k) for k in [k for k in data if k.startswith("x-")]}
    problems = tuple(walker.diagnostics(root)) if walker.found else ()
    return Source(file, root, data, extensions, problems, frozenset(walker.poisoned))


class _Walker:
    """One pass over a node tree, building plain data; aliases are shared, not copied."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[tuple[Node, str]] = []
        self.poisoned: set[int] = set()
        self.memo: dict[tuple[int, bool], tuple[Any, int]] = {}
        self.alias_nodes = 0

    def problem(self, node: Node, message: str) -> None:
        self.found.append((node, message))
        self.poisoned.add(id(node))

    def diagnostics(self, root: Node) -> list[Diagnostic]:
        """The problems found, each with the key path of its node."""
        paths = _paths(root, {id(node) for node, _ in self.found})
        return [
            Diagnostic(self.file, *position(node), _short(paths.get(id(node), "")), message)
            for node, message in self.found
        ]

    def walk_top(self, root: MappingNode) -> dict[str, Any]:
        """The top-level mapping, keeping its own ``x-`` keys (dropped everywhere below)."""
        if root.tag != MAP:
            self.problem(root, _tag_message(root.tag))
        data: dict[str, Any] = self._mapping(root, 1, drop_x=True, top=True)[0]
        return data

    def _value(self, node: Node, depth: int, drop_x: bool) -> tuple[Any, int]:
        """The data of ``node`` and the number of nodes it expands to."""
        if type(node) is ScalarNode:
            return self._scalar(node), 1
        key = (id(node), drop_x)
        done = self.memo.get(key)
        if done is not None:
            if done[0] is _IN_PROGRESS:
                raise _Fatal(node, "a recursive alias: this node contains itself")
            self.alias_nodes += done[1]
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise _Fatal(
                    node,
                    f"alias expansion exceeds {MAX_ALIAS_NODES:,} nodes; "
                    "the file expands to too much data",
                )
            return done
        if depth > MAX_DEPTH:
            raise _Fatal(node, f"nesting deeper than {MAX_DEPTH} levels")
        self.memo[key] = (_IN_PROGRESS, 0)
        if node.tag not in (MAP, SEQ):
            self.problem(node, _tag_message(node.tag))
            result: tuple[Any, int] = (None, 1)
        elif type(node) is MappingNode:
            result = self._mapping(node, depth, drop_x)
        else:
            items, size = [], 1
            for item in node.value:
                value, n = self._value(item, depth + 1, drop_x)
                items.append(value)
                size += n
            result = (items, size)
        self.memo[key] = result
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag in (STR, TIMESTAMP):
            return node.value
        if tag == NULL:
            return None
        construct = _SCALARS.get(tag)
        if construct is None:
            self.problem(node, _tag_message(tag))
            return None
        try:
            return construct(node)
        except (ValueError, KeyError, TypeError):
            self.problem(node, f"{describe(node.value)} is not a valid {tag.replace(_Y, '!!')}")
            return None

    def _mapping(
        self, node: MappingNode, depth: int, drop_x: bool, top: bool = False
    ) -> tuple[Any, int]:
        result: dict[str, Any] = {}
        size = 1
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                self.problem(key_node, "a key must be a plain string")
                continue
            if key_node.tag == MERGE:
                merges.append(value_node)
                continue
            if key_node.tag not in (STR, INT, FLOAT, BOOL, NULL, TIMESTAMP):
                self.problem(key_node, _tag_message(key_node.tag))
                continue
            key = key_node.value
            is_x = key.startswith("x-")
            if is_x and drop_x and not top:
                # Dropped, but still checked: no foreign tags or alias bombs hide in there.
                size += self._value(value_node, depth + 1, False)[1]
                continue
            if key in result:
                self._duplicate(node, key_node)
                continue
            value, n = self._value(value_node, depth + 1, drop_x and not is_x)
            result[key] = value
            size += n
        for merge in merges:
            size += self._merge(result, merge, depth, drop_x)
        return result, size

    def _merge(self, result: dict[str, Any], merge: Node, depth: int, drop_x: bool) -> int:
        """Apply a ``<<`` merge key: keys not given explicitly come from the merged mappings."""
        sources = merge.value if isinstance(merge, SequenceNode) else [merge]
        size = 0
        for source in sources:
            if not isinstance(source, MappingNode):
                self.problem(source, "a merge key '<<' takes a mapping or a list of mappings")
                continue
            value, n = self._value(source, depth + 1, drop_x)
            size += n
            if isinstance(value, dict):
                for k, v in value.items():
                    result.setdefault(k, v)
        return size

    def _duplicate(self, node: MappingNode, second: ScalarNode) -> None:
        first = next(k for k, _ in node.value if getattr(k, "value", None) == second.value)
        self.problem(
            second,
            f"duplicate key '{second.value}' (first given on line {position(first)[0]})",
        )


_IN_PROGRESS = object()


def _short(path: str, limit: int = 80) -> str:
    return path if len(path) <= limit else path[: limit - 3] + "..."


def _tag_message(tag: str) -> str:
    shown = tag.replace(_Y, "!!")
    if not tag.startswith(_Y) or tag.startswith(_Y + "python/"):
        return f"application tags are not allowed (found '{shown}'); {PLAIN_DATA}"
    return f"the YAML tag '{shown}' is not supported; {PLAIN_DATA}"


# --- errors from the YAML library -------------------------------------------------------


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if isinstance(exc, yaml.scanner.ScannerError) and (
        "\t" in indent or source_line[col - 1 : col] == "\t" or "tab" in problem
    ):
        tab = indent.find("\t")
        col = tab + 1 if tab >= 0 else col
        return Diagnostic(file, line, col, "", "tabs are not allowed for indentation; use spaces")
    if "maximum nesting depth" in problem:
        return Diagnostic(file, line, col, "", f"nesting deeper than {MAX_DEPTH} levels")
    if "expected a single document" in (exc.context or ""):
        message = "a scenario file holds one YAML document; found a second one ('---')"
        return Diagnostic(file, line, col, "", message)
    if problem == "found undefined alias":
        name = re.match(r"\*([^\s,\[\]{}]+)", source_line[col - 1 :])
        problem = f"undefined alias '*{name.group(1)}'" if name else "undefined alias"
    elif problem == "found duplicate anchor; first occurrence":
        problem = "duplicate anchor"
    context = ""
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        cm = exc.context_mark
        context = f" ({exc.context} at line {cm.line + 1}, column {cm.column + 1})"
    return Diagnostic(file, line, col, "", f"invalid YAML: {problem}{context}")


def _reader_error(exc: yaml.YAMLError, text: str, file: str) -> Diagnostic:
    character = getattr(exc, "character", None)
    index = text.find(chr(character)) if isinstance(character, int) else -1
    if index < 0:
        return Diagnostic(file, 1, 1, "", f"invalid YAML: {exc}")
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    message = f"character U+{ord(text[index]):04X} is not allowed in YAML (control character)"
    return Diagnostic(file, line, col, "", message)


# --- finding nodes again, for messages --------------------------------------------------


def _paths(root: Node, targets: set[int]) -> dict[int, str]:
    """Key paths of the nodes in ``targets`` (by ``id``): one pass, only when reporting."""
    found: dict[int, str] = {}
    seen: set[int] = set()
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack and len(found) < len(targets):
        node, path = stack.pop()
        if id(node) in targets:
            found.setdefault(id(node), path)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                name = key.value if isinstance(key, ScalarNode) else "?"
                key_path = f"{path}.{name}" if path else str(name)
                if id(key) in targets:
                    found.setdefault(id(key), key_path)
                stack.append((value, key_path))
        elif isinstance(node, SequenceNode):
            items = list(enumerate(node.value))
            stack.extend((item, f"{path}[{i}]") for i, item in reversed(items))
    return found


def mapping_entry(node: Node, key: str) -> tuple[Node, Node] | None:
    """The (key node, value node) of ``key`` in a mapping node, following merge keys."""
    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key and key_node.tag != MERGE:
            return key_node, value_node
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.tag == MERGE:
            for source in _merge_sources(value_node):
                found = mapping_entry(source, key)
                if found is not None:
                    return found
    return None


def _merge_sources(node: Node) -> Iterator[Node]:
    yield from (node.value if isinstance(node, SequenceNode) else [node])


def sequence_item(node: Node, index: int) -> Node | None:
    """Item ``index`` of a sequence node, or None."""
    if isinstance(node, SequenceNode) and 0 <= index < len(node.value):
        item: Node = node.value[index]
        return item
    return None
