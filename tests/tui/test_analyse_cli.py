"""``tabletop analyse``: the files it writes, the same bytes from any worker count, bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from simulator.analysis import derive_seeds
from tui.cli import main

# The scenario of tests/simulator/test_analysis_helpers.py, as a file: ``power`` is the hub, and
# without the utility's notify rule the city never learns of the pipe burst.
HUB = """\
format: tabletop/1
id: hub
seed: 5
clock: {start: 2026-01-14T10:00:00+02:00, duration: 24h}
organisations: [{id: grid}, {id: utility}, {id: city}, {id: tele}]
services:
  - {id: power, owner: grid, critical: true}
  - id: water
    owner: utility
    population: 1000
    vulnerable: 10
    critical: true
    depends_on: [{service: power, tolerance: {min: 1h, max: 2h}}]
  - {id: heat, owner: city, population: 300, depends_on: [{service: power, tolerance: 3h}]}
  - {id: phones, owner: tele, population: 100, depends_on: [{service: power, tolerance: 1h}]}
channels: [{id: radio, latency: {min: 5m, max: 15m}}]
responsibilities:
  - id: emergency-water
    task: Emergency water
    trigger: {service: water, state: down}
    lead: city
    within: 2h
    setup: 30m
    mitigates: {service: water, share: 0.5}
playbook:
  - {id: utility-tells-city, by: utility, when: {service: water, state: down}, after: 10m,
     do: notify, to: [city], via: [radio]}
  - {id: city-activates, by: city, when: {service: water, state: down}, after: 15m,
     do: activate, task: emergency-water}
injects:
  - {id: pipe-burst, at: 1h, do: fail, target: water}
  - {id: pipe-fixed, at: 6h, do: restore, target: water}
  - {id: storm, at: 12h, do: fail, target: power}
objectives:
  - id: city-knows-water
    expect: {org: city, knows: {service: water, state: down}, within: 1h}
  - id: water-on-time
    expect: {task: emergency-water, within: 2h}
"""


@pytest.fixture()
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "hub.yaml"
    path.write_text(HUB, encoding="utf-8")
    return path


def analyse(*args: str) -> int:
    return main(["analyse", *args])


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_analyse_writes_summary_tables_and_report_section(
        scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a"
    assert analyse(str(scenario_file), "--runs", "12", "--workers", "2",
                   "--criticality-seeds", "2", "--out", str(out)) == 0
    captured = capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == [
        "criticality.csv", "objectives.csv", "report-section.md", "runs.csv", "services.csv",
        "summary.json"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["format"], summary["scenario"], summary["runs"]) == (
        "tabletop-analysis/1", "hub", 12)
    assert _rows(out / "objectives.csv") == [
        ["objective", "met_runs", "runs", "probability"],
        ["city-knows-water", "12", "12", "1.0"],
        ["water-on-time", "12", "12", "1.0"],
    ]
    services = _rows(out / "services.csv")
    assert services[0][:3] == ["service", "critical", "down_probability"]
    assert [row[0] for row in services[1:]] == ["power", "water"]
    criticality = _rows(out / "criticality.csv")
    assert criticality[1][:4] == ["services_failed", "1", "fail", "power"]
    first_agreement = next(row for row in criticality if row[0] == "agreements")
    assert first_agreement[:4] == ["agreements", "1", "rule", "utility-tells-city"]
    assert first_agreement[9] == "city-knows-water;water-on-time"
    runs = _rows(out / "runs.csv")
    assert [int(row[1]) for row in runs[1:]] == list(derive_seeds(5, 12))
    section = (out / "report-section.md").read_text(encoding="utf-8")
    assert section.startswith("## Monte Carlo analysis\n")
    assert "### What must we agree on first?" in section
    assert "| 1 | rule `utility-tells-city` (notify) | 2.00 |" in section
    assert "hub: 12 runs, seeds derived from 5" in captured.out
    assert "agree on first: utility-tells-city, " in captured.out
    total = 12 + 2 * (4 + 3 + 3)  # base runs + 2 seeds x (failed, halved, agreements)
    assert f"{total}/{total}" in captured.err


def test_any_worker_count_gives_the_same_summary_bytes(scenario_file: Path,
                                                        tmp_path: Path) -> None:
    for name, workers in (("one", "1"), ("two", "2")):
        assert analyse(str(scenario_file), "--runs", "10", "--workers", workers,
                       "--criticality-seeds", "1", "--out", str(tmp_path / name)) == 0
    for name in ("summary.json", "criticality.csv", "runs.csv", "report-section.md"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_journal_applies_to_every_run(scenario_file: Path, tmp_path: Path) -> None:
    journal = tmp_path / "drill.jsonl"
    lines = [{"type": "header", "format": "tabletop-journal/1", "scenario": "hub.yaml",
              "scenario_sha256": "0" * 64, "seed": 5, "created": "2026-01-14T10:00:00+02:00"},
             {"t": 0.0, "type": "inject", "do": "fail", "target": "heat"}]
    journal.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert analyse(str(scenario_file), "--runs", "3", "--workers", "1", "--inputs",
                   str(journal), "--criticality-seeds", "0", "--out", str(tmp_path / "j")) == 0
    summary = json.loads((tmp_path / "j" / "summary.json").read_text(encoding="utf-8"))
    assert summary["inputs"] == 1 and "criticality" not in summary
    # heat (300 residents) down the whole day on top of the usual impact
    assert summary["impact"]["population_hours"]["min"] > 300 * 24


def test_bad_input_exits_2_without_a_traceback(scenario_file: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert analyse(str(scenario_file), "--runs", "0") == 2
    assert capsys.readouterr().err == "--runs must be at least 1; got 0\n"
    assert analyse(str(scenario_file), "--runs", "5", "--workers", "0") == 2
    assert capsys.readouterr().err == "--workers must be at least 1; got 0\n"
    assert analyse("no-such-scenario", "--runs", "5") == 2
    assert "Traceback" not in capsys.readouterr().err
    journal = tmp_path / "bad.jsonl"
    header = {"type": "header", "format": "tabletop-journal/1", "scenario": "hub.yaml",
              "scenario_sha256": "0" * 64, "seed": 5, "created": "2026-01-14T10:00:00+02:00"}
    bad = {"t": 10.0, "type": "inject", "do": "fail", "target": "gas"}
    journal.write_text(json.dumps(header) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    assert analyse(str(scenario_file), "--runs", "5", "--inputs", str(journal)) == 2
    assert capsys.readouterr().err == f"{journal}:2: unknown service 'gas'\n"
    assert not (tmp_path / "runs").exists()
