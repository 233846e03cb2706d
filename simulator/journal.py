"""The crash-safe journal: one JSON line per facilitator input, synced before it counts.

The journal is the record of a drill. Its first line is a header naming the scenario (and
the sha256 of its file) and the seed; every further line is an input (see
:mod:`simulator.inputs`). Each line is flushed and ``fsync``-ed before :meth:`append`
returns, so an input whose write returned survives a crash. On reading, a last line cut
short by a crash is dropped with a warning; any other bad line is an error naming it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from simulator.diagnostics import neutralise
from simulator.inputs import Input, InputError, input_from_dict, input_to_dict

FORMAT = "tabletop-journal/1"


class JournalError(ValueError):
    """A journal that cannot be read; ``str()`` is ``file:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        message = neutralise(message)
        super().__init__(neutralise(f"{path}:{line}: ") + message)
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Journal:
    """A journal as read: its header, its inputs, and warnings (a cut last line)."""

    path: Path
    header: dict[str, Any]
    inputs: tuple[Input, ...]
    warnings: tuple[str, ...] = field(default=())
    lines: tuple[int, ...] = field(default=())
    """The line number of each input in the file (for messages)."""

    @property
    def seed(self) -> int:
        seed = self.header.get("seed", 0)
        return seed if isinstance(seed, int) else 0


def make_header(scenario: str, sha256: str, seed: int, created: str,
                **extra: Any) -> dict[str, Any]:
    """The header line of a new journal (``created`` comes from the caller's clock)."""
    return {"type": "header", "format": FORMAT, "scenario": scenario,
            "scenario_sha256": sha256, "seed": seed, "created": created, **extra}


class JournalWriter:
    """Appends inputs to a journal, each synced to disk before ``append`` returns."""

    def __init__(self, path: Path, header: dict[str, Any] | None = None) -> None:
        """Create ``path`` with ``header``, or (header None) reopen it to append."""
        self.path = path
        self._file: IO[str]
        if header is None:
            self._file = path.open("a", encoding="utf-8")
        else:
            self._file = path.open("x", encoding="utf-8")
            self._write(header)

    def append(self, item: Input) -> None:
        self._write(input_to_dict(item))

    def _write(self, obj: dict[str, Any]) -> None:
        self._file.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_journal(path: Path, header: dict[str, Any], inputs: tuple[Input, ...]) -> None:
    """Write a whole journal at once (a headless run records the inputs it applied)."""
    with JournalWriter(path, header) as writer:
        for item in inputs:
            writer.append(item)


def read_journal(path: Path) -> Journal:
    """Read a journal; raises :class:`JournalError` naming the file and line."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JournalError(name, 0, f"cannot read: {exc.strerror or exc}") from None
    lines = data.split(b"\n")
    complete_end = data.endswith(b"\n")
    if complete_end:
        lines.pop()
    warnings: list[str] = []
    header: dict[str, Any] | None = None
    inputs: list[Input] = []
    numbers: list[int] = []
    last_t = 0.0
    for number, raw in enumerate(lines, start=1):
        is_last = number == len(lines)
        if not raw.strip():
            if is_last and not complete_end:
                continue
            raise JournalError(name, number, "empty line; expected one JSON object per line")
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            if is_last and not complete_end and header is not None:
                warnings.append(f"{name}:{number}: last line cut short (a crash?); ignored")
                continue
            raise JournalError(name, number, f"not a JSON object: {exc}") from None
        if not isinstance(obj, dict):
            raise JournalError(name, number, "expected a JSON object")
        if header is None:
            header = _header(name, number, obj)
            continue
        try:
            item = input_from_dict(obj)
        except InputError as exc:
            raise JournalError(name, number, str(exc)) from None
        if item.t < last_t:
            raise JournalError(name, number, f"time {item.t} is before the previous entry's "
                               f"{last_t}; entries must be in time order")
        last_t = item.t
        inputs.append(item)
        numbers.append(number)
    if header is None:
        raise JournalError(name, 1, "empty journal; expected a header line")
    return Journal(path, header, tuple(inputs), tuple(warnings), tuple(numbers))


def _header(name: str, number: int, obj: dict[str, Any]) -> dict[str, Any]:
    if obj.get("type") != "header" or obj.get("format") != FORMAT:
        raise JournalError(name, number, f"not a journal: the first line must be a header "
                           f"with format '{FORMAT}'")
    for key in ("scenario", "scenario_sha256"):
        if not isinstance(obj.get(key), str):
            raise JournalError(name, number, f"header has no '{key}'")
    seed = obj.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise JournalError(name, number, f"header 'seed' must be a whole number; got {seed!r}")
    return obj
