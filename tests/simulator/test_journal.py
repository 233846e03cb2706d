"""The journal: synced lines, a cut last line tolerated, anything else named by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.inputs import Action, AdHocInject, FireInject, Note
from simulator.journal import JournalError, JournalWriter, make_header, read_journal

INPUTS = (
    FireInject(35.0, "generator-fault"),
    AdHocInject(50.0, "fail", target="mobile-network", text="Base station batteries empty"),
    Action(62.0, "esimerkkila", "notify", to=("hyvinvointialue",), via=("virve",),
           about=("water-supply", "down")),
    Note(90.0, "County duty officer could not reach the city.", "county-knows", "M"),
)


def write(path: Path) -> None:
    with JournalWriter(path, make_header("s.yaml", "ab" * 32, 42, "2026-11-28T10:00:00+02:00")
                       ) as journal:
        for item in INPUTS:
            journal.append(item)


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    write(path)
    journal = read_journal(path)
    assert journal.inputs == INPUTS
    assert journal.seed == 42
    assert journal.warnings == ()
    line = '{"t": 35.0, "type": "inject", "id": "generator-fault"}'
    assert path.read_text().splitlines()[1] == line


def test_cut_last_line_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    write(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 20])
    journal = read_journal(path)
    assert journal.inputs == INPUTS[:3]
    assert journal.warnings == (f"{path}:5: last line cut short (a crash?); ignored",)


def test_reopened_journal_appends(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    write(path)
    with JournalWriter(path) as journal:
        journal.append(Note(95.0, "hot wash"))
    assert read_journal(path).inputs[-1] == Note(95.0, "hot wash")


@pytest.mark.parametrize(("content", "line", "message"), [
    ("", 1, "empty journal"),
    ('{"type": "note"}\n', 1, "not a journal"),
    ('{"type":"header","format":"tabletop-journal/1","scenario":"s","scenario_sha256":"x"}\n'
     '{"t": 3, "type": "dance"}\n', 2, "unknown entry type 'dance'"),
    ('{"type":"header","format":"tabletop-journal/1","scenario":"s","scenario_sha256":"x"}\n'
     '{"t": 9, "type": "note", "text": "a"}\n{"t": 3, "type": "note", "text": "b"}\n', 3,
     "time 3.0 is before the previous entry's 9.0"),
    ('{"type":"header","format":"tabletop-journal/1","scenario":"s","scenario_sha256":"x"}\n'
     '{"t": -1, "type": "note", "text": "a"}\n', 2, "'t' must not be negative"),
])
def test_bad_journals_are_named_by_line(tmp_path: Path, content: str, line: int,
                                        message: str) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(JournalError) as caught:
        read_journal(path)
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}: ")
