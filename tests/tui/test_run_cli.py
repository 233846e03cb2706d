"""``tabletop run``: the files it writes, determinism, inputs, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main

SCENARIO = "long-power-outage"


def run_cli(*args: str) -> int:
    return main(["run", *args])


def test_run_writes_events_score_and_journal(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(SCENARIO, "--out", str(tmp_path / "a")) == 0
    out = capsys.readouterr().out
    assert "objectives:" in out and "population-hours" in out
    events = (tmp_path / "a" / "events.jsonl").read_text(encoding="utf-8").splitlines()
    parsed = [json.loads(line) for line in events]
    assert all("t" in e and "type" in e for e in parsed)
    assert parsed[-1]["type"] == "end"
    assert {e["type"] for e in parsed} >= {"inject", "service", "knows", "message", "task",
                                           "action"}
    score = json.loads((tmp_path / "a" / "score.json").read_text(encoding="utf-8"))
    assert list(score)[:8] == ["scenario", "seed", "duration", "objectives", "services",
                               "information_flow", "coordination", "impact"]
    assert score["scenario"] == SCENARIO
    header = json.loads((tmp_path / "a" / "journal.jsonl").read_text().splitlines()[0])
    assert header["type"] == "header" and header["format"] == "tabletop-journal/1"
    assert len(header["scenario_sha256"]) == 64


def test_same_seed_gives_identical_bytes_and_another_seed_may_differ(tmp_path: Path) -> None:
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        assert run_cli(SCENARIO, "--seed", seed, "--out", str(tmp_path / name)) == 0
    a = (tmp_path / "a" / "events.jsonl").read_bytes()
    assert a == (tmp_path / "b" / "events.jsonl").read_bytes()
    assert (tmp_path / "a" / "score.json").read_bytes() == (
        tmp_path / "b" / "score.json").read_bytes()
    assert json.loads((tmp_path / "c" / "score.json").read_text())["seed"] == 8


def test_inputs_of_a_journal_are_applied_and_recorded(tmp_path: Path) -> None:
    assert run_cli(SCENARIO, "--out", str(tmp_path / "base")) == 0
    journal = tmp_path / "drill.jsonl"
    header = (tmp_path / "base" / "journal.jsonl").read_text().splitlines()[0]
    note = {"t": 90.0, "type": "note", "text": "County could not reach the city."}
    journal.write_text(header + "\n" + json.dumps(note) + "\n", encoding="utf-8")
    assert run_cli(SCENARIO, "--inputs", str(journal), "--out", str(tmp_path / "x")) == 0
    events = [json.loads(line) for line in (tmp_path / "x" / "events.jsonl").open()]
    assert {"t": 90.0, "type": "note", "text": note["text"]} in events
    recorded = (tmp_path / "x" / "journal.jsonl").read_text().splitlines()
    assert json.loads(recorded[1]) == note


def test_bad_journal_line_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = tmp_path / "bad.jsonl"
    journal.write_text(
        '{"type": "header", "format": "tabletop-journal/1", "scenario": "x", '
        '"scenario_sha256": "0", "seed": 1}\n'
        '{"t": 5, "type": "inject", "do": "fail", "target": "no-such-service"}\n',
        encoding="utf-8")
    assert run_cli(SCENARIO, "--inputs", str(journal), "--out", str(tmp_path / "o")) == 2
    err = capsys.readouterr().err
    assert f"{journal}:2: unknown service 'no-such-service'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_corrupted_middle_line_is_an_error(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    journal = tmp_path / "bad.jsonl"
    journal.write_text(
        '{"type": "header", "format": "tabletop-journal/1", "scenario": "x", '
        '"scenario_sha256": "0", "seed": 1}\n{"t": 5, "type": "no\n'
        '{"t": 9, "type": "note", "text": "x"}\n', encoding="utf-8")
    assert run_cli(SCENARIO, "--inputs", str(journal)) == 2
    assert f"{journal}:2: not a JSON object" in capsys.readouterr().err


def test_unknown_scenario_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("long-power-outtage") == 2
    err = capsys.readouterr().err
    assert "did you mean 'long-power-outage'" in err
