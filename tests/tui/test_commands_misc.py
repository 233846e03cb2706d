"""The small commands: ``list``, ``graph`` and ``schema``.

Each command is run from its own module's ``add_arguments`` and ``main`` (so these tests do
not depend on the other commands); one test goes through ``python -m tui.cli``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator import library
from simulator.fields import text_in
from simulator.graph import DependencyGraph, to_dot, to_mermaid
from simulator.loader import load_scenario
from simulator.synthetic import generate_scenario
from tests.simulator.test_library import BUILTIN_IDS
from tui.cli import main
from tui.commands.schema import scenario_schema

ROOT = Path(__file__).resolve().parents[2]
SMALL = """\
format: tabletop/1
id: small
title: {fi: Pieni, en: Small}
clock: {start: 2026-01-14T06:00:00+02:00, duration: 1d}
organisations:
  - {id: city, name: {fi: Kaupunki, sv: Staden, en: City}}
services:
  - {id: power, name: {fi: Sähkö, en: Power}, owner: city}
  - id: water
    name: {fi: Vesi, en: Water}
    owner: city
    critical: true
    depends_on: [{service: power, tolerance: 12h}]
x-note: kept and ignored
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


# --- list ---------------------------------------------------------------------------------


def test_list_shows_the_builtins_in_columns(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == BUILTIN_IDS
    title_column = {len(line) - len(line[len(line.split()[0]) :].lstrip()) for line in lines}
    assert len(title_column) == 1
    for line, builtin in zip(lines, library.builtin_scenarios(), strict=True):
        assert text_in(builtin.title, "en") in line
        assert line.endswith(f"  scenarios/{builtin.path.name}")


def test_list_exact_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    clock = "clock: {start: 2026-01-14T06:00:00+02:00, duration: 1d}\n"
    (folder / "w.yaml").write_text(
        f"format: tabletop/1\nid: water-cut\ntitle: {{fi: Vesikatko}}\n{clock}", "utf-8"
    )
    (folder / "p.yaml").write_text(
        f"format: tabletop/1\nid: power\ntitle: {{fi: Sähkökatko, en: Power cut}}\n{clock}", "utf-8"
    )
    monkeypatch.setattr(library, "SCENARIOS_DIR", folder)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "list") == (
        0,
        "power      Power cut  scenarios/p.yaml\nwater-cut  Vesikatko  scenarios/w.yaml\n",
        "",
    )
    assert run(capsys, "list", "--lang", "fi")[1].splitlines()[0] == (
        "power      Sähkökatko  scenarios/p.yaml"
    )


# --- graph --------------------------------------------------------------------------------


def test_graph_dot_to_stdout(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = load_scenario(small).scenario
    status, out, err = run(capsys, "graph", "small.yaml")
    assert (status, err) == (0, "")
    assert out == to_dot(scenario, DependencyGraph(scenario), lang="en")
    assert '"power" -> "water" [label="12h"];' in out


def test_graph_mermaid_in_finnish_to_a_file(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = load_scenario(small).scenario
    status, out, err = run(
        capsys, "graph", "small.yaml", "--format", "mermaid", "--lang", "fi", "-o", "g.mmd"
    )
    assert (status, out, err) == (0, "", "")
    text = (small.parent / "g.mmd").read_text(encoding="utf-8")
    assert text == to_mermaid(scenario, DependencyGraph(scenario), lang="fi")
    assert '  subgraph o_city["Kaupunki"]\n    s_power["Sähkö"]\n    s_water[["Vesi"]]\n' in text


def test_graph_of_a_builtin_by_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, "graph", "long-power-outage")
    assert status == 0
    assert out.startswith('digraph "long-power-outage" {\n')
    assert 'subgraph "cluster_' in out


def test_graph_unknown_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "graph", "long-power-outgae") == (
        2,
        "",
        "long-power-outgae:1:1: no such file or built-in scenario 'long-power-outgae' "
        "(did you mean 'long-power-outage'?); built-in scenarios: " + ", ".join(BUILTIN_IDS) + "\n",
    )


def test_graph_invalid_file_reports_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text(SMALL.replace("tolerance: 12h", "tolerance: 12"), "utf-8")
    status, out, err = run(capsys, "graph", "bad.yaml")
    assert (status, out) == (2, "")
    assert err == (
        "bad.yaml:13:46: services[1].depends_on[0].tolerance: bare number 12 is not a duration; "
        "give a unit, e.g. '90m' or '1.5h'\n"
    )


def test_graph_unwritable_output(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "graph", "small.yaml", "-o", "no/such/dir/g.dot")
    assert (status, out) == (2, "")
    assert err == "no/such/dir/g.dot: cannot write: No such file or directory\n"


def test_graph_command_never_shows_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("format: [tabletop/1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "graph", "bad.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("bad.yaml:")


# --- schema -------------------------------------------------------------------------------


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "schema")
    assert (status, err) == (0, "")
    schema = json.loads(out)
    assert schema == scenario_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:tabletop:schema:scenario:tabletop-1"
    assert schema["title"] == "Tabletop scenario (format tabletop/1)"
    assert schema["required"] == ["format", "id", "clock"]
    assert schema["if"] == {"required": ["include"]}
    assert schema["else"] == {"required": ["organisations", "services"]}
    region = json.loads(run(capsys, "schema", "--region")[1])
    assert "clock" not in region["properties"]
    assert region["$id"] == "urn:tabletop:schema:region:tabletop-1"


def _objects(node: Any) -> list[dict[str, Any]]:
    """Every schema of a record (an object with declared properties) inside ``node``."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            found.append(node)
        for value in node.values():
            found.extend(_objects(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_objects(item))
    return found


def test_every_record_rejects_unknown_keys_but_allows_x_keys() -> None:
    schema = scenario_schema()
    records = _objects(schema)
    assert len(records) > 20
    for record in records:
        assert record["additionalProperties"] is False, record.get("title")
    spans = [r for r in records if set(r["properties"]) == {"min", "max"}]
    assert spans and all("patternProperties" not in r for r in spans)
    others = [r for r in records if r not in spans]
    assert all(r["patternProperties"] == {"^x-": {}} for r in others)
    dependency = schema["$defs"]["Dependency"]["properties"]
    assert dependency["tolerance"]["default"] == "0m"
    assert schema["$defs"]["NotifyRule"]["properties"]["retry"]["default"] == "30m"


def _as_json(value: Any) -> Any:
    """YAML data as an editor's JSON view of it: timestamps are strings."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = scenario_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _valid_files() -> list[Path]:
    return sorted(library.SCENARIOS_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", _valid_files(), ids=lambda p: p.name)
def test_schema_accepts_the_builtins(path: Path) -> None:
    validator = _validator()
    data = _as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_schema_accepts_generated_and_hand_written_scenarios() -> None:
    validator = _validator()
    for data in (generate_scenario(300, seed=3), _as_json(yaml.safe_load(SMALL))):
        assert [e.message for e in validator.iter_errors(data)] == []
    lists_included = _as_json(yaml.safe_load(SMALL))
    del lists_included["organisations"], lists_included["services"]
    assert not validator.is_valid(lists_included)
    lists_included["include"] = ["regions/somewhere.yaml"]
    assert validator.is_valid(lists_included)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("tolerance: 12h", "tolerance: 12"), "12"),
        (("tolerance: 12h", "tolerence: 12h"), "tolerence"),
        (("x-note:", "note:"), "note"),
        (("critical: true", "critical: true\n    x-ok: 1\n    colour: red"), "colour"),
        (("{fi: Vesi, en: Water}", "{fi: Vesi, english: Water}"), "english"),
    ],
)
def test_schema_rejects_typos_and_bare_numbers(change: tuple[str, str], where: str) -> None:
    validator = _validator()
    data = _as_json(yaml.safe_load(SMALL.replace(*change)))
    errors = list(validator.iter_errors(data))
    assert errors
    assert any(where in error.message or where in str(error.instance) for error in errors)
