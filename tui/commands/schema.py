"""``tabletop schema``: the JSON Schema of the scenario format, for editors.

Authors get completion and red squiggles for typos in their editor (e.g. VS Code's YAML
extension) before they ever run ``tabletop validate``. The schema is generated from the
same pydantic model that validates files, so the two cannot drift apart; this module only
adds what the model cannot say about a *file*: the draft and identity of the schema,
duration defaults written as durations, and that a file with ``include`` may leave its
organisations and services to the included files.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tui.i18n import N_, _

HELP = N_("print the JSON Schema of the scenario format (for editors)")

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCENARIO_ID = "urn:tabletop:schema:scenario:tabletop-1"
REGION_ID = "urn:tabletop:schema:region:tabletop-1"
_LANG_KEYS = "^[a-z]{2,3}$"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--region",
        action="store_true",
        help=_("the schema of an included region file (no clock) instead of a scenario"),
    )


def _tidy(node: Any) -> None:
    """Make the generated schema say what a file may contain, in the file's own terms."""
    from simulator.durations import format_minutes

    if isinstance(node, list):
        for item in node:
            _tidy(item)
        return
    if not isinstance(node, dict):
        return
    default = node.get("default")
    if isinstance(default, dict) and set(default) == {"min", "max"}:
        low, high = default["min"], default["max"]
        node["default"] = (
            format_minutes(low)
            if low == high
            else {"min": format_minutes(low), "max": format_minutes(high)}
        )
    patterns = node.get("patternProperties")
    if node.get("type") == "object" and patterns is not None and set(patterns) == {_LANG_KEYS}:
        # A text's map of languages: language codes only, and at least one of them.
        node["additionalProperties"] = False
        node["minProperties"] = 1
    for value in node.values():
        _tidy(value)


def _single_or_list(schema: dict[str, Any]) -> None:
    """Fields the model accepts as one item or a list (``to: city`` or ``to: [city]``)."""
    import inspect

    from pydantic import BaseModel, BeforeValidator

    from simulator import model

    definitions = schema.get("$defs", {})
    for name, record in inspect.getmembers(model, inspect.isclass):
        if not issubclass(record, BaseModel) or name not in definitions:
            continue
        properties = definitions[name].get("properties", {})
        for field, info in record.model_fields.items():
            lenient = any(
                isinstance(m, BeforeValidator) and m.func is model._as_tuple for m in info.metadata
            )
            listed = properties.get(field, {})
            if lenient and listed.get("type") == "array":
                outer = ("title", "description", "default")
                array = {key: value for key, value in listed.items() if key not in outer}
                if "minLength" in array:  # pydantic's name for an annotated tuple's min_length
                    array["minItems"] = array.pop("minLength")
                properties[field] = {key: listed[key] for key in outer if key in listed}
                properties[field]["anyOf"] = [listed["items"], array]


def scenario_schema(region: bool = False) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file, or of a region file."""
    from simulator.model import RegionFile, Scenario

    model = RegionFile if region else Scenario
    generated = model.model_json_schema()
    _tidy(generated)
    _single_or_list(generated)
    title = (
        "Tabletop region file (format tabletop/1)"
        if region
        else "Tabletop scenario (format tabletop/1)"
    )
    description = (
        "A file of shared lists that scenarios include; it has no clock."
        if region
        else "A scenario file; see the format's documentation (scenario-format.md)."
    )
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": REGION_ID if region else SCENARIO_ID,
        "title": title,
        "description": description,
    }
    schema.update((k, v) for k, v in generated.items() if k not in ("title", "description"))
    if not region:
        # The two lists may come from included files: required only when nothing is included.
        lists = ["organisations", "services"]
        schema["required"] = [key for key in schema["required"] if key not in lists]
        schema["if"] = {"required": ["include"]}
        schema["else"] = {"required": lists}
    return schema


def main(args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(scenario_schema(args.region), indent=2, ensure_ascii=False) + "\n")
    return 0
