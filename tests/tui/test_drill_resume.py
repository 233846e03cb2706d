"""Resuming a drill from its journal: every input re-applied, at the time of the last one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from simulator.events import event_json
from simulator.inputs import AdHocInject, Dismiss, FireInject, Note
from simulator.library import resolve_scenario
from simulator.loader import load_scenario
from tui.cli import main as cli
from tui.drill_session import DrillSession, resume_session


def copy_scenario(folder: Path) -> Path:
    """The built-in scenario and the region file it includes, copied into ``folder``."""
    source = resolve_scenario("long-power-outage")
    shutil.copytree(source.parent / "regions", folder / "regions")
    shutil.copy(source, folder / "scenario.yaml")
    return folder / "scenario.yaml"


def drill_with_inputs(tmp_path: Path, scenario_file: Path) -> DrillSession:
    loaded = load_scenario(scenario_file)
    session = DrillSession.start(loaded.scenario, str(scenario_file), loaded.sha256,
                                 tmp_path / "run" / "journal.jsonl", seed=7,
                                 created="2026-01-16T18:00:00+02:00")
    session.advance(30.0, 10_000)
    session.submit(FireInject(session.run.now, "hospital-generator-fault"))
    suggestion = session.run.suggestions[0]
    session.submit(Dismiss(session.run.now, suggestion.rule, suggestion.fact.id))
    session.advance(95.5, 10_000)
    accepted = session.run.suggestions[0]
    from dataclasses import replace

    session.submit(replace(accepted.action, t=session.run.now))
    session.submit(AdHocInject(session.run.now, "fail", target="water-supply", text="pump"))
    session.advance(130.0, 10_000)
    session.submit(Note(session.run.now, "slow", "hospital-keeps-running", "S"))
    return session


@pytest.fixture
def scenario_copy(tmp_path: Path) -> Path:
    return copy_scenario(tmp_path)


def test_resume_restores_every_input_and_the_time(tmp_path: Path, scenario_copy: Path) -> None:
    session = drill_with_inputs(tmp_path, scenario_copy)
    before = [event_json(e) for e in session.run.events]
    recorded = session.journal.path.read_text(encoding="utf-8")
    session.close()

    resumed = resume_session(session.journal.path, cwd=tmp_path)
    assert resumed.run.now == 130.0
    assert resumed.warnings == ()
    assert [event_json(e) for e in resumed.run.events] == before
    assert resumed.events_path.read_text(encoding="utf-8").splitlines() == before
    assert resumed.run.state("water-supply") == session.run.state("water-supply")
    assert resumed.run.suggestions == session.run.suggestions
    resumed.submit(Note(resumed.run.now, "after resume"))
    resumed.close()
    lines = resumed.journal.path.read_text(encoding="utf-8")
    assert lines == recorded + '{"t": 130.0, "type": "note", "text": "after resume"}\n'


def test_a_cut_last_line_is_dropped_with_a_warning(tmp_path: Path,
                                                   scenario_copy: Path) -> None:
    session = drill_with_inputs(tmp_path, scenario_copy)
    session.close()
    path = session.journal.path
    whole = path.read_text(encoding="utf-8")
    path.write_text(whole + '{"t": 140.0, "type": "no', encoding="utf-8")
    resumed = resume_session(path, cwd=tmp_path)
    assert resumed.warnings == (f"{path}:7: last line cut short (a crash?); ignored",)
    assert resumed.run.now == 130.0
    resumed.submit(Note(resumed.run.now, "next"))
    resumed.close()
    assert path.read_text(encoding="utf-8") == (
        whole + '{"t": 130.0, "type": "note", "text": "next"}\n')


def test_scenario_found_beside_the_journal_and_a_changed_file_warns(tmp_path: Path) -> None:
    folder = tmp_path / "drill"
    folder.mkdir()
    scenario = copy_scenario(folder)
    loaded = load_scenario(scenario)
    session = DrillSession.start(loaded.scenario, "scenario.yaml", loaded.sha256,
                                 folder / "journal.jsonl", seed=None, created="2026")
    session.submit(Note(0.0, "start"))
    session.close()
    with scenario.open("a", encoding="utf-8") as file:
        file.write("# edited\n")
    resumed = resume_session(folder / "journal.jsonl", cwd=tmp_path / "elsewhere")
    assert len(resumed.warnings) == 1
    assert "has changed since the drill started" in resumed.warnings[0]
    assert [e.text for e in resumed.notes] == ["start"]
    resumed.close()


def test_builtin_scenario_by_id_when_the_file_is_gone(tmp_path: Path) -> None:
    loaded = load_scenario(resolve_scenario("long-power-outage"))
    session = DrillSession.start(loaded.scenario, "gone/missing.yaml", loaded.sha256,
                                 tmp_path / "journal.jsonl", seed=None, created="2026")
    session.close()
    resumed = resume_session(tmp_path / "journal.jsonl", cwd=tmp_path)
    assert resumed.scenario.id == "long-power-outage"
    assert resumed.warnings == ()
    resumed.close()


def test_resume_of_an_unreadable_journal_exits_2(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "journal.jsonl"
    bad.write_text('{"type": "header", "format": "tabletop-journal/1", "scenario": "x", '
                   '"scenario_sha256": "", "seed": 1}\n{"t": 1, "type": "bogus"}\n',
                   encoding="utf-8")
    assert cli(["resume", str(bad)]) == 2
    assert capsys.readouterr().err == (
        f"{bad}:2: unknown entry type 'bogus'; expected inject, action, dismiss or note\n")


def test_drill_refuses_to_overwrite_a_journal(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_text("{}\n", encoding="utf-8")
    assert cli(["drill", "long-power-outage", "--journal", str(journal)]) == 2
    assert "a journal is already there" in capsys.readouterr().err
    assert journal.read_text(encoding="utf-8") == "{}\n"


def test_an_input_after_the_end_is_not_journalled(tmp_path: Path) -> None:
    loaded = load_scenario(resolve_scenario("long-power-outage"))
    session = DrillSession.start(loaded.scenario, "x.yaml", loaded.sha256,
                                 tmp_path / "journal.jsonl", seed=None, created="2026")
    session.advance(session.run.duration, 100_000)
    with pytest.raises(ValueError, match="the run has ended"):
        session.submit(Note(session.run.now, "late"))
    session.close()
    assert len(session.journal.path.read_text(encoding="utf-8").splitlines()) == 1
    assert json.loads(session.score_path.read_text(encoding="utf-8"))["duration"] == 4320.0
