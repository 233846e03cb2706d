"""The built-in scenarios, found by id wherever Tabletop is installed.

Facilitators type ``tabletop drill long-power-outage`` rather than a path into the
installation, so every command that takes a scenario resolves its argument here: an
existing path wins, otherwise a built-in id. The built-ins are package data of the
``scenarios`` package, so they are found the same way from a checkout, an editable install
and a wheel.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from simulator.diagnostics import Diagnostic, ScenarioError, did_you_mean
from simulator.model import FORMAT

SCENARIOS_DIR: Path = Path(str(importlib.resources.files("scenarios")))
"""The folder of the built-in scenarios (region files live in its ``regions/`` folder)."""

DEFAULT_SCENARIO = "long-power-outage"
"""The scenario ``make drill`` and the documentation start from."""


@dataclass(frozen=True, slots=True)
class BuiltinScenario:
    """A scenario shipped with Tabletop, as ``tabletop list`` shows it."""

    id: str
    title: str | dict[str, str] | None
    """The scenario's ``title`` as written (a text or a map of languages to texts)."""
    path: Path


def _top_level(path: Path) -> dict[str, Any] | None:
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def builtin_scenarios() -> list[BuiltinScenario]:
    """Every built-in scenario, sorted by id.

    A file counts when it says ``format: tabletop/1``, has a string ``id`` and a ``clock``
    (files without a clock are region files meant to be included). Files that do not parse
    are left out here; ``tabletop validate`` reports them.
    """
    found = []
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        data = _top_level(path)
        if data is None or data.get("format") != FORMAT or "clock" not in data:
            continue
        ident, title = data.get("id"), data.get("title")
        if not isinstance(ident, str):
            continue
        if not (title is None or isinstance(title, (str, dict))):
            title = None
        found.append(BuiltinScenario(id=ident, title=title, path=path))
    return sorted(found, key=lambda scenario: (scenario.id, scenario.path))


def resolve_scenario(arg: str) -> Path:
    """The scenario file ``arg`` names: an existing path, else the file of a built-in id.

    Raises :class:`ScenarioError` when it is neither, suggesting the closest built-in id
    and listing them all.
    """
    path = Path(arg)
    if path.is_file():
        return path
    builtins = builtin_scenarios()
    for scenario in builtins:
        if scenario.id == arg:
            return scenario.path
    ids = [scenario.id for scenario in builtins]
    listing = f"; built-in scenarios: {', '.join(ids)}" if ids else "; there are no built-ins"
    message = f"no such file or built-in scenario '{arg}'{did_you_mean(arg, ids)}{listing}"
    raise ScenarioError(Diagnostic(file=arg, line=1, col=1, path="", message=message))
