"""What is wrong with a scenario file, and where: the one shape every problem is reported in.

Scenario authors fix files by jumping to ``file:line:col``, and scripts parse that prefix,
so every stage of loading (reading bytes, YAML syntax, the model, cross-references) reports
through :class:`Diagnostic` and raises all of them at once in one :class:`ScenarioError`.
The small phrasing helpers live here too, so that every stage says "did you mean" and
"got 'x'" the same way.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, Discriminator, Tag
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from simulator.fields import ID_PATTERN

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a scenario file, at a 1-based line and column."""

    file: str
    """The file as the user named it (or as an include resolved relative to it)."""
    line: int
    col: int
    path: str
    """Key path such as ``services[3].depends_on[0].service``; ``""`` for the whole file."""
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}: "
        if self.severity == "warning":
            where += "warning: "
        if self.path:
            where += f"{self.path}: "
        return neutralise(where + self.message)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order of reporting: by file, then position."""
        return (self.file, self.line, self.col, self.path, self.message)


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters and bidirectional overrides: a value quoted from a file must not move
the cursor, retitle the terminal, reorder the line or start a line that looks like a
diagnostic of its own."""


def neutralise(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\n``)."""
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """The diagnostics in reporting order, each reported once."""
    return tuple(sorted(set(diagnostics), key=lambda d: d.sort_key))


class ScenarioError(Exception):
    """A scenario (or a scenario argument) that cannot be used; carries every problem found."""

    diagnostics: tuple[Diagnostic, ...]
    """Every error found (and the warnings), sorted by file, line and column."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | Diagnostic) -> None:
        if isinstance(diagnostics, Diagnostic):
            diagnostics = (diagnostics,)
        self.diagnostics = sort_diagnostics(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity ``error``."""
        return tuple(d for d in self.diagnostics if d.severity == "error")


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or ``""`` if none is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def describe(value: object) -> str:
    """A value as a message shows it: ``'many'``, ``5``, ``a list``, ``nothing``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def one_of(word: object, allowed: Iterable[str]) -> str:
    """``expected one of: a, b; got 'c' (did you mean 'a'?)``."""
    allowed = list(allowed)
    if len(allowed) == 1:
        return f"expected '{allowed[0]}', got {describe(word)}"
    return f"expected one of: {', '.join(allowed)}; got {describe(word)}" + (
        did_you_mean(word, allowed) if isinstance(word, str) else ""
    )


def unknown_key(key: str, allowed: Iterable[str]) -> str:
    """``unknown key 'x' (did you mean 'y'?); expected one of: …``."""
    allowed = list(allowed)
    return f"unknown key '{key}'{did_you_mean(key, allowed)}; expected one of: {', '.join(allowed)}"


# --- pydantic errors in plain words -----------------------------------------------------

Loc = tuple[str | int, ...]
Step = tuple[str, str | int]
"""One step into a YAML node tree: ``("key", name)``, ``("index", i)`` or ``("keynode", "")``."""

_ID_HINT = "an id (lower-case letters, digits and '-', starting with a letter)"
_TYPE_WORDS = {
    "int_type": "an integer", "int_parsing": "an integer", "int_from_float": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "bool_type": "true or false",
    "bool_parsing": "true or false", "string_type": "a string", "tuple_type": "a list",
    "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
    "model_attributes_type": "a mapping", "finite_number": "a finite number",
}  # fmt: skip
_LIMITS = {
    "greater_than_equal": ("ge", "or more"), "less_than_equal": ("le", "or less"),
    "greater_than": ("gt", "exclusive: more than"), "less_than": ("lt", "exclusive: less than"),
}  # fmt: skip
_PREFIXES = ("Value error, ", "Assertion failed, ")


def _strip(tp: Any) -> tuple[Any, list[Any]]:
    """``tp`` without ``Annotated`` and ``| None``, and the metadata taken off."""
    meta: list[Any] = []
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp, *extra = get_args(tp)
            meta.extend(extra)
        elif origin in (Union, UnionType) and type(None) in get_args(tp):
            rest = [a for a in get_args(tp) if a is not type(None)]
            tp = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
        else:
            return tp, meta


def _tags(member: Any, discriminator: str | None) -> tuple[Any, tuple[str, ...]]:
    """A discriminated union member and the tags that select it."""
    cls, meta = _strip(member)
    tags = tuple(m.tag for m in meta if isinstance(m, Tag))
    if not tags and discriminator and isinstance(cls, type) and issubclass(cls, BaseModel):
        field = cls.model_fields.get(discriminator)
        tags = tuple(str(a) for a in get_args(field.annotation)) if field else ()
    return cls, tags


def _discriminator(meta: list[Any]) -> str | bool | None:
    for m in meta:
        if isinstance(m, Discriminator):
            return m.discriminator if isinstance(m.discriminator, str) else True
        if isinstance(m, FieldInfo) and m.discriminator is not None:
            d = m.discriminator
            return d if isinstance(d, str) else True
    return None


@dataclass(frozen=True)
class ModelPath:
    """Where a pydantic ``loc`` points: steps into the YAML tree, and the model around it."""

    steps: tuple[Step, ...]
    model: type[BaseModel] | None
    """The model whose key the last step names (for 'unknown key … expected one of')."""
    union_at: int | None
    """Index in ``loc`` of a plain (not discriminated) union's branch label, if any."""
    tags: tuple[str, ...] = ()
    """When ``loc`` ends at a discriminated union: the tags it accepts (``notify``, …)."""


def model_path(root: type[BaseModel], loc: Loc) -> ModelPath:
    """Follow ``loc`` through the model's types, dropping union tags and branch labels.

    pydantic puts a discriminated union's tag (``('playbook', 1, 'notify', 'to')``) and a
    plain union's branch label (``('name', 'str')``) into ``loc``; those are not keys in the
    file. Knowing the types tells them apart from real keys that happen to look the same.
    """
    tp: Any = root
    steps: list[Step] = []
    model: type[BaseModel] | None = None
    union_at: int | None = None
    for i, elem in enumerate(loc):
        tp, meta = _strip(tp) if tp is not None else (None, [])
        if get_origin(tp) in (Union, UnionType):
            disc = _discriminator(meta)
            if disc is None:
                union_at, tp = i, None
                continue
            tp = next(
                (cls for cls, tags in (_tags(m, disc if isinstance(disc, str) else None)
                                       for m in get_args(tp)) if elem in tags),
                None,
            )  # fmt: skip
            if tp is not None:
                continue
        if elem == "[key]":
            steps.append(("keynode", ""))
            tp = None
        elif isinstance(elem, int):
            steps.append(("index", elem))
            args = get_args(tp) if get_origin(tp) in (tuple, list) else ()
            tp = args[0] if args else None
        else:
            steps.append(("key", elem))
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                model = tp
                field = tp.model_fields.get(elem)
                tp = (
                    None if field is None
                    else Annotated[(field.annotation, *field.metadata)]
                    if field.metadata else field.annotation
                )  # fmt: skip
            elif get_origin(tp) is dict:
                model, tp = None, get_args(tp)[1]
            else:
                model, tp = None, None
    tags: tuple[str, ...] = ()
    tp, meta = _strip(tp) if tp is not None else (None, [])
    disc = _discriminator(meta)
    if disc is not None and get_origin(tp) in (Union, UnionType):
        name = disc if isinstance(disc, str) else None
        tags = tuple(tag for m in get_args(tp) for tag in _tags(m, name)[1])
    return ModelPath(tuple(steps), model, union_at, tags)


def allowed_keys(model: type[BaseModel]) -> list[str]:
    """The keys a record accepts, in the order the format documents them."""
    return [name for name in model.model_fields if name != "extensions"]


def explain(error: ErrorDetails, where: ModelPath) -> str:
    """A pydantic error as a plain sentence (the position is found elsewhere)."""
    model = where.model
    kind, value = error["type"], error["input"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    last = error["loc"][-1] if error["loc"] else ""
    if kind == "missing":
        return f"missing required key '{last}'"
    if kind == "extra_forbidden":
        return unknown_key(str(last), allowed_keys(model) if model else [])
    if kind == "literal_error":
        return one_of(value, re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
    if kind == "union_tag_invalid":
        return one_of(ctx.get("tag"), re.findall(r"'([^']*)'", str(ctx.get("expected_tags"))))
    if kind == "union_tag_not_found":
        one = f" (one of: {', '.join(where.tags)})" if where.tags else ""
        return f"missing required key {ctx.get('discriminator', 'do')}{one}"
    if kind == "inject_do":
        kinds = ["fail", "degrade", "restore", "message"]
        if isinstance(value, dict) and "do" in value:
            return one_of(value["do"], kinds)
        return f"missing required key 'do' (one of: {', '.join(kinds)})"
    if kind in _TYPE_WORDS:
        hint = ""
        if isinstance(value, bool) and kind == "string_type":
            hint = " (YAML reads yes/no/on/off/true/false as booleans; put it in quotes)"
        return f"expected {_TYPE_WORDS[kind]}, got {describe(value)}{hint}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return f"expected {_ID_HINT}, got {describe(value)}"
        if ctx.get("pattern") == r"^[a-z]{2,3}$":
            return f"expected a language code such as fi, sv or en, got {describe(value)}"
    if kind in _LIMITS:
        key, words = _LIMITS[kind]
        return f"must be {ctx.get(key)} {words}, got {describe(value)}"
    if kind == "too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else error["msg"]
    if kind.startswith(("datetime", "date_", "time_")):
        return (
            "expected a date and time with its UTC offset, e.g. 2026-01-14T06:00:00+02:00; "
            f"got {describe(value)}"
        )
    message = error["msg"]
    for prefix in _PREFIXES:
        message = message.removeprefix(prefix)
    return message


_BRANCHES: dict[type, str] = {str: "str", dict: "dict", list: "list"}
"""Python type of a value -> the plain-union branch label that fits it."""

S = TypeVar("S")
Placed = tuple[S, Loc, str, bool, tuple[Step, ...]]
"""Where and what to report: file, ``loc`` in it, message, at the key (not the value),
and steps to add to the ``loc`` (to point at the ``do`` of a rule, say)."""


def plain_errors(
    errors: list[ErrorDetails], root: type[BaseModel], where: Callable[[Loc], tuple[S, Loc]]
) -> Iterator[Placed[S]]:
    """pydantic's errors as plain messages, one per problem.

    A plain union reports a failure for each branch; only the branch that fits the value
    given is kept, or one "expected a text or …" when none fits. A missing key that was
    given under a misspelt name is left to the unknown key's "did you mean".
    ``where`` maps an error's ``loc`` to the file it is in and the ``loc`` there.
    """
    unknown: dict[Loc, list[str]] = {}
    for error in errors:
        if error["type"] == "extra_forbidden" and error["loc"]:
            unknown.setdefault(error["loc"][:-1], []).append(str(error["loc"][-1]))
    unions: dict[tuple[int, Loc], list[tuple[ErrorDetails, S, Loc]]] = {}
    for error in errors:
        loc = error["loc"]
        if error["type"] == "missing" and any(
            did_you_mean(key, [str(loc[-1])]) for key in unknown.get(loc[:-1], ())
        ):
            continue
        source, local = where(loc)
        path = model_path(root, local)
        if path.union_at is None:
            yield _placed(source, local, error, path)
        else:
            unions.setdefault((id(source), local[: path.union_at]), []).append(
                (error, source, local)
            )
    for (_, union_loc), members in unions.items():
        at = len(union_loc)
        value = next((e["input"] for e, _, loc in members if len(loc) == at + 1), None)
        branch = _BRANCHES.get(type(value), "")
        chosen = [m for m in members if branch and str(m[2][at]).startswith(branch)]
        for error, source, local in chosen:
            yield _placed(source, local, error, model_path(root, local))
        if not chosen:
            labels = dict.fromkeys(str(m[2][at]) for m in members)
            message = f"expected {describe_branches(labels)}, got {describe(value)}"
            yield members[0][1], union_loc, message, False, ()


def _placed(source: S, loc: Loc, error: ErrorDetails, path: ModelPath) -> Placed[S]:
    kind = error["type"]
    extra: tuple[Step, ...] = (("key", "do"),) if kind in ("union_tag_invalid", "inject_do") else ()
    return source, loc, explain(error, path), kind == "extra_forbidden", extra


def describe_branches(labels: Iterable[str]) -> str:
    """``a text or a map of language codes to texts`` for a plain union's branch labels."""
    words = {"str": "a text", "dict": "a map of language codes to texts", "int": "an integer"}
    return " or ".join(words.get(label.split("[")[0], label) for label in labels)
