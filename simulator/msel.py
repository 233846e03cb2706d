"""The injects as an MSEL spreadsheet: CSV with HSEEP's columns, and back.

Exercise planners keep the master scenario events list (MSEL) in a spreadsheet, with the
columns of the US Homeland Security Exercise and Evaluation Program (HSEEP): time, event
synopsis, from, to, method, message, expected action, objective, notes. This module maps a
scenario's ``injects`` to such rows and rows back to injects, exactly: the columns ``id``,
``do``, ``target``, ``about`` and ``optional`` carry what HSEEP has no column for.

- ``time`` is the inject's ``at`` as a duration (``1h30m``), a range as ``15m-45m``; empty
  for a held-back inject without a time.
- ``message`` is a plain-text ``text``; a text in several languages has one column per
  language, ``message (fi)``, ``message (sv)``, ``message (en)``.
- ``to``: the organisation ids of a ``message`` inject, separated by commas; for ``fail``,
  ``degrade`` and ``restore`` the owner of the target (filled in by export, for the reader).
- ``about``: ``service:state`` (``water-supply:down``).
- ``event synopsis``, ``expected action`` (the playbook rules whose ``when`` is the inject's
  fact) and ``objective`` (the objectives about that fact) are filled in by export; an edited
  cell is kept in the scenario as ``x-synopsis``, ``x-expected-action`` or ``x-objective``.
  ``from`` and ``method`` are kept as ``x-from`` and ``x-method``; any other ``x-…`` column
  as that key. ``notes`` are the comment lines just above the inject in the YAML file.

Nothing here touches files: the command reads and writes them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from simulator.diagnostics import did_you_mean
from simulator.durations import DurationError, parse_duration
from simulator.fields import ID_PATTERN, Span, text_in
from simulator.model import SEVERITY, Inject, Scenario

Data = dict[str, Any]

COLUMNS = (
    "id", "time", "event synopsis", "from", "to", "method", "do", "target", "about",
    "message", "expected action", "objective", "notes", "optional",
)  # fmt: skip
"""The columns in the order export writes them (``message`` may become one per language)."""
REQUIRED = ("id", "time", "do")
KEPT = {
    "event synopsis": "x-synopsis",
    "from": "x-from",
    "method": "x-method",
    "expected action": "x-expected-action",
    "objective": "x-objective",
}
"""Columns that have no field in the format: kept as these ``x-`` keys of the inject."""
DOS = ("fail", "degrade", "restore", "message")
SERVICE_DOS = ("fail", "degrade", "restore")
_LANG_COLUMN = re.compile(r"^message \(([a-z]{2,3})\)$")
_VERBS = {
    "fail": {"fi": "Vikaantuu", "sv": "Faller ut", "en": "Fails"},
    "degrade": {"fi": "Heikkenee", "sv": "Försämras", "en": "Degraded"},
    "restore": {"fi": "Palautuu", "sv": "Återställs", "en": "Restored"},
    "message": {"fi": "Viesti", "sv": "Meddelande", "en": "Message to"},
}
_INJECT: TypeAdapter[Any] = TypeAdapter(Inject)
_FIELD_COLUMN = {"at": "time", "text": "message"}


@dataclass(frozen=True, slots=True)
class RowError:
    """A bad cell (or row, or header): 1-based spreadsheet row and column."""

    row: int
    column: int
    name: str
    """The column's header ('' for a problem with the whole row)."""
    message: str

    def format(self, file: str) -> str:
        where = f"{file}:{self.row}:{self.column}: "
        return where + (f"{self.name}: " if self.name else "") + self.message


class MselError(ValueError):
    """Every bad row of a spreadsheet (nothing was imported)."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.row, e.column, e.message))
        super().__init__(f"{len(self.errors)} bad cells")


@dataclass(frozen=True, slots=True)
class MselRow:
    """One inject read from a row: its data in the scenario format, and its notes."""

    data: Data
    notes: str = ""
    row: int = field(default=0, compare=False)


# --- export -----------------------------------------------------------------------------


def fact_of(inject: Any) -> tuple[str, str] | None:
    """The fact an inject causes or tells about: ``(service, state)``, or None."""
    if inject.do == "message":
        return (inject.about.service, inject.about.state) if inject.about else None
    return inject.target, {"fail": "down", "degrade": "degraded", "restore": "up"}[inject.do]


def synopsis(inject: Any, scenario: Scenario, lang: str) -> str:
    """A one-line description of an inject, in ``lang``."""
    verb = _VERBS[inject.do].get(lang, _VERBS[inject.do]["en"])
    if inject.do == "message":
        names = {o.id: text_in(o.name, lang, o.id) for o in scenario.organisations}
        return f"{verb} " + ", ".join(names.get(org, org) for org in inject.to)
    service = next((s for s in scenario.services if s.id == inject.target), None)
    return f"{verb}: {text_in(service.name if service else None, lang, inject.target)}"


def expected_actions(inject: Any, scenario: Scenario) -> str:
    """The playbook rules whose ``when`` is the inject's fact, as ``id; id``."""
    fact = fact_of(inject)
    return "; ".join(r.id for r in scenario.playbook if (r.when.service, r.when.state) == fact)


def objectives_of(inject: Any, scenario: Scenario) -> str:
    """The objectives about the inject's fact (or its service), as ``id; id``."""
    fact = fact_of(inject)
    if fact is None:
        return ""
    triggers = {r.id: (r.trigger.service, r.trigger.state) for r in scenario.responsibilities}
    found = []
    for objective in scenario.objectives:
        expect: Any = objective.expect
        if hasattr(expect, "knows"):
            hit = (expect.knows.service, expect.knows.state) == fact
        elif hasattr(expect, "never"):
            hit = expect.service == fact[0]
        else:
            hit = triggers.get(expect.task) == fact
        if hit:
            found.append(objective.id)
    return "; ".join(found)


def _time(span: Span | None) -> str:
    if span is None:
        return ""
    if span.fixed:
        return _minutes(span.min)
    return f"{_minutes(span.min)}-{_minutes(span.max)}"


def _minutes(value: float) -> str:
    """Hours and minutes (``26h``, ``1h30m``), exact: other values as ``{value!r}m``."""
    if value != round(value):
        return f"{value!r}m"
    hours, minutes = divmod(round(value), 60)
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes or not hours else "")


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def export_msel(scenario: Scenario, raw: list[Data], notes: list[str], lang: str = "en") -> str:
    """The CSV text of a scenario's injects.

    ``raw`` are the injects as written in the file (for their ``x-`` keys) and ``notes``
    the comments above each, both in the order of ``scenario.injects``.
    """
    owners = {s.id: s.owner for s in scenario.services}
    langs: list[str] = []
    plain = False
    extras: list[str] = []
    for inject, data in zip(scenario.injects, raw, strict=True):
        if isinstance(inject.text, dict):
            langs.extend(code for code in inject.text if code not in langs)
        elif inject.text is not None:
            plain = True
        extras.extend(k for k in data if k.startswith("x-") and k not in KEPT.values())
    order = {code: i for i, code in enumerate(("fi", "sv", "en"))}
    langs.sort(key=lambda code: (order.get(code, 3), code))
    messages = (["message"] if plain or not langs else []) + [f"message ({c})" for c in langs]
    extras = sorted(set(extras))
    header = [*COLUMNS[:9], *messages, *COLUMNS[10:], *extras]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for inject, data, note in zip(scenario.injects, raw, notes, strict=True):
        derived = {
            "event synopsis": synopsis(inject, scenario, lang),
            "expected action": expected_actions(inject, scenario),
            "objective": objectives_of(inject, scenario),
        }
        row = {name: _cell(data.get(key, derived.get(name, ""))) for name, key in KEPT.items()}
        row.update({
            "id": inject.id,
            "time": _time(inject.at),
            "do": inject.do,
            "notes": note,
            "optional": "yes" if inject.optional else "",
        })  # fmt: skip
        if inject.do == "message":
            row["to"] = ", ".join(inject.to)
            row["about"] = f"{inject.about.service}:{inject.about.state}" if inject.about else ""
        else:
            row["target"], row["to"] = inject.target, owners.get(inject.target, "")
        if isinstance(inject.text, dict):
            row.update({f"message ({code})": text for code, text in inject.text.items()})
        elif inject.text is not None:
            row["message"] = inject.text
        row.update({key: _cell(data[key]) for key in extras if key in data})
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue()


# --- import -----------------------------------------------------------------------------


def read_msel(text: str, scenario: Scenario) -> list[MselRow]:
    """The injects of a spreadsheet, checked against ``scenario``; raises :class:`MselError`
    with every bad cell."""
    rows: list[list[str]] = []
    try:
        rows.extend(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    except csv.Error as exc:  # a cell over the csv module's size limit, say
        raise MselError([RowError(len(rows) + 1, 1, "", f"cannot read the row: {exc}")]) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise MselError([RowError(1, 1, "", "expected a header row naming the columns")])
    header = [_column(cell) for cell in rows[0]]
    errors = list(_check_header(header))
    if errors:
        raise MselError(errors)
    reader = _RowReader(header, scenario)
    found: list[MselRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            column = min(len(cells), len(header)) + 1
            message = f"the row has {len(cells)} cells, the header has {len(header)}"
            reader.errors.append(RowError(number, column, "", message))
            continue
        item = reader.read(number, cells)
        if item is not None:
            found.append(item)
    if reader.errors:
        raise MselError(reader.errors)
    return found


def _column(cell: str) -> str:
    name = cell.strip()
    return name if name.lower().startswith("x-") else name.lower()


def _check_header(header: list[str]) -> Iterable[RowError]:
    known = [*COLUMNS, "message (fi)", "message (sv)", "message (en)"]
    for i, name in enumerate(header, start=1):
        if header.index(name) != i - 1:
            yield RowError(1, i, name, f"column '{name}' given twice")
        elif (
            name not in COLUMNS
            and not _LANG_COLUMN.match(name)
            and not name.lower().startswith("x-")
        ):
            hint = did_you_mean(name, known)
            yield RowError(1, i, name, f"unknown column '{name}'{hint}; columns: "
                           f"{', '.join(COLUMNS)}, 'message (LANG)' and 'x-…'")  # fmt: skip
    for name in REQUIRED:
        if name not in header:
            yield RowError(1, len(header) + 1, "", f"missing column '{name}'")


class _RowReader:
    """Reads rows against one scenario; collects every bad cell."""

    def __init__(self, header: list[str], scenario: Scenario) -> None:
        self.header, self.scenario = header, scenario
        self.errors: list[RowError] = []
        self.owners = {s.id: s.owner for s in scenario.services}
        self.orgs = [o.id for o in scenario.organisations]
        self.ids: dict[str, int] = {}

    def bad(self, row: int, name: str, message: str) -> None:
        column = self.header.index(name) + 1 if name in self.header else 1
        self.errors.append(RowError(row, column, name, message))

    def read(self, row: int, cells: list[str]) -> MselRow | None:
        cell = dict(zip(self.header, (c.strip() for c in cells), strict=True))
        before = len(self.errors)
        data: Data = {"id": self.ident(row, cell.get("id", ""))}
        optional = self.optional(row, cell.get("optional", ""))
        at = self.time(row, cell.get("time", ""))
        if at is not None:
            data["at"] = at
        if optional:
            data["optional"] = True
        do = cell.get("do", "")
        if do not in DOS:
            self.bad(row, "do", f"expected one of: {', '.join(DOS)}; got '{do}'"
                     + did_you_mean(do, DOS))  # fmt: skip
        data["do"] = do
        if do in SERVICE_DOS:
            self.service_fields(row, cell, data)
        elif do == "message":
            self.message_fields(row, cell, data)
        text = self.text(row, cell)
        if text is not None:
            data["text"] = text
        self.kept(cell, data)
        if len(self.errors) == before:
            try:
                _INJECT.validate_python({k: v for k, v in data.items() if k[:2].lower() != "x-"})
            except ValidationError as exc:
                for e in exc.errors():
                    names = [_FIELD_COLUMN.get(str(s), str(s)) for s in e["loc"]]
                    names += ["time"] if e["type"] == "missing_at" else []
                    self.bad(row, next((n for n in names if n in self.header), "id"), e["msg"])
        if len(self.errors) > before:
            return None
        return MselRow(data, cell.get("notes", ""), row)

    def ident(self, row: int, value: str) -> str:
        if not re.fullmatch(ID_PATTERN, value):
            self.bad(row, "id", f"'{value}' is not an id (lower-case letters, digits and '-', "
                     "starting with a letter)")  # fmt: skip
        elif value in self.ids:
            self.bad(row, "id", f"id '{value}' is already used at row {self.ids[value]}")
        else:
            self.ids[value] = row
        return value

    def optional(self, row: int, value: str) -> bool:
        if value.lower() in ("", "no", "false"):
            return False
        if value.lower() in ("yes", "true"):
            return True
        self.bad(row, "optional", f"expected 'yes' or nothing, got '{value}'")
        return False

    def time(self, row: int, value: str) -> Any:
        if not value:
            return None
        low, sep, high = value.partition("-") if not value.startswith("-") else (value, "", "")
        try:
            if not sep:
                return _minutes(parse_duration(value))
            lo, hi = parse_duration(low), parse_duration(high)
        except DurationError as exc:
            self.bad(row, "time", str(exc))
            return None
        if lo > hi:
            self.bad(row, "time", f"the range {value} starts after it ends")
            return None
        return {"min": _minutes(lo), "max": _minutes(hi)}

    def service_fields(self, row: int, cell: dict[str, str], data: Data) -> None:
        target = cell.get("target", "")
        if not target:
            self.bad(row, "target", f"a '{data['do']}' inject needs a target service")
        elif target not in self.owners:
            self.bad(row, "target", f"unknown service '{target}'"
                     + did_you_mean(target, self.owners))  # fmt: skip
        else:
            owner, to = self.owners[target], cell.get("to", "")
            if to and to != owner:
                self.bad(row, "to", f"a '{data['do']}' inject reaches the owner of its target, "
                         f"'{owner}'; got '{to}' (leave it empty or write '{owner}')")  # fmt: skip
        if cell.get("about"):
            self.bad(
                row, "about", f"only a 'message' inject has 'about'; this one is '{data['do']}'"
            )
        data["target"] = target

    def message_fields(self, row: int, cell: dict[str, str], data: Data) -> None:
        if cell.get("target"):
            self.bad(
                row, "target", "a 'message' inject has no target; name the organisations in 'to'"
            )
        orgs = [org.strip() for org in cell.get("to", "").split(",") if org.strip()]
        if not orgs:
            self.bad(row, "to", "a 'message' inject needs 'to': organisation ids, comma-separated")
        for org in orgs:
            if org not in self.orgs:
                self.bad(row, "to", f"unknown organisation '{org}'{did_you_mean(org, self.orgs)}")
        data["to"] = orgs
        about = cell.get("about", "")
        if about:
            service, _, state = about.partition(":")
            service, state = service.strip(), state.strip()
            if service not in self.owners:
                self.bad(row, "about", f"unknown service '{service}'"
                         + did_you_mean(service, self.owners))  # fmt: skip
            elif state not in SEVERITY:
                self.bad(row, "about", f"expected 'service:state' with a state of "
                         f"{', '.join(SEVERITY)}; got '{about}'")  # fmt: skip
            data["about"] = {"service": service, "state": state}

    def text(self, row: int, cell: dict[str, str]) -> str | dict[str, str] | None:
        plain = cell.get("message", "")
        by_lang = {
            match.group(1): value
            for name, value in cell.items()
            if (match := _LANG_COLUMN.match(name)) and value
        }
        if plain and by_lang:
            self.bad(row, "message", "give the message either in 'message' or in "
                     "'message (LANG)' columns, not both")  # fmt: skip
        return by_lang or plain or None

    def kept(self, cell: dict[str, str], data: Data) -> None:
        inject: Any = None
        with contextlib.suppress(ValidationError):
            inject = _INJECT.validate_python(data)
        for name, key in KEPT.items():
            value = cell.get(name, "")
            if not value or inject is None:
                if value:
                    data[key] = value
                continue
            if name == "event synopsis":
                defaults = {synopsis(inject, self.scenario, lang) for lang in ("fi", "sv", "en")}
            elif name == "expected action":
                defaults = {expected_actions(inject, self.scenario)}
            elif name == "objective":
                defaults = {objectives_of(inject, self.scenario)}
            else:
                defaults = set()
            if value not in defaults:
                data[key] = value
        for name, value in cell.items():
            if name.lower().startswith("x-") and value:
                data[name] = value
