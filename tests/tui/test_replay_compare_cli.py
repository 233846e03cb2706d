"""``replay --check`` and ``compare`` on real run folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from simulator.library import resolve_scenario
from tui.cli import main

SCENARIO = "long-power-outage"


def _drill(folder: Path, notes: list[dict[str, object]], seed: str = "3") -> Path:
    """A run folder whose journal holds ``notes`` as facilitator inputs."""
    base = folder.parent / (folder.name + "-base")
    assert main(["run", SCENARIO, "--seed", seed, "--out", str(base)]) == 0
    header = (base / "journal.jsonl").read_text().splitlines()[0]
    journal = folder.parent / (folder.name + ".jsonl")
    journal.write_text("\n".join([header, *(json.dumps(n) for n in notes)]) + "\n")
    assert main(["run", SCENARIO, "--seed", seed, "--inputs", str(journal),
                 "--out", str(folder)]) == 0
    return folder / "journal.jsonl"


def test_replay_check_reproduces_a_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = _drill(tmp_path / "a", [{"t": 30.0, "type": "note", "text": "x"}])
    capsys.readouterr()
    assert main(["replay", str(journal), "--check"]) == 0
    assert "reproduced exactly" in capsys.readouterr().out


def test_replay_check_names_the_first_differing_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = _drill(tmp_path / "a", [{"t": 30.0, "type": "note", "text": "x"}])
    events = journal.parent / "events.jsonl"
    lines = events.read_text().splitlines()
    lines[4] = lines[4].replace('"t": ', '"t": 1', 1)
    events.write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    assert main(["replay", str(journal), "--check"]) == 1
    assert f"{events}:5: first difference" in capsys.readouterr().out


def test_replay_refuses_a_changed_scenario_unless_forced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "scenario"
    shutil.copytree(resolve_scenario(SCENARIO).parent, copy)
    scenario = copy / resolve_scenario(SCENARIO).name
    assert main(["run", str(scenario), "--seed", "3", "--out", str(tmp_path / "r")]) == 0
    scenario.write_text(scenario.read_text() + "\n# edited after the drill\n")
    capsys.readouterr()
    journal = tmp_path / "r" / "journal.jsonl"
    assert main(["replay", str(journal), "--check"]) == 2
    assert "has changed since the drill" in capsys.readouterr().err
    assert main(["replay", str(journal), "--check", "--force"]) == 0


def test_replay_of_an_unreadable_journal_exits_2(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "journal.jsonl"
    bad.write_text("not json\n")
    assert main(["replay", str(bad), "--check"]) == 2
    assert f"{bad}:1:" in capsys.readouterr().err


def test_compare_names_the_differing_decision_and_first_divergence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = {"t": 20.0, "type": "note", "text": "hot wash at noon"}
    decision = {"t": 45.0, "type": "inject", "do": "fail", "target": "hospital"}
    a = _drill(tmp_path / "a", [shared])
    b = _drill(tmp_path / "b", [shared, decision])
    capsys.readouterr()
    assert main(["compare", str(a), str(b), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["decisions"] == {"only_a": [], "only_b": [decision], "moved": []}
    assert result["first_divergence"]["t"] == 45.0
    assert main(["compare", str(a.parent), str(b.parent)]) == 0
    text = capsys.readouterr().out
    assert 'B only, t = 45.0: inject {"do": "fail", "target": "hospital"}' in text
    assert "at t = 45.0" in text


def test_compare_refuses_runs_of_different_scenarios(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", SCENARIO, "--out", str(tmp_path / "a")]) == 0
    assert main(["run", "city-it-cyberattack", "--out", str(tmp_path / "b")]) == 0
    capsys.readouterr()
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b")]) == 2
    assert "compare runs of the same scenario" in capsys.readouterr().err
