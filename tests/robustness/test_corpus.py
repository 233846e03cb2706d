"""The robustness corpus: every bad scenario, journal and MSEL sheet is refused, nothing written.

Issue 10 asks for a bad-input corpus of at least 60 files; ``tests/data/bad/`` (checked by
``tests/simulator/test_bad_corpus.py``) has the foundation's part, ``data/`` here the rest:
unknown keys at every level, syntax errors in many places, wrong types, bad durations,
tags, encodings, includes, journals and spreadsheets. Each file must be refused with exit
status 2, a message at ``file:line:col`` (``file:line`` for journals, ``file:row:col`` for
CSV), no traceback, and no file created or changed: a facilitator's bad input never costs
them a run folder or a scenario.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tui.cli import main

DATA = Path(__file__).parent / "data"
YAML = DATA / "yaml"
JOURNALS = DATA / "journals"
MSEL = DATA / "msel"
FOUNDATION = Path(__file__).resolve().parents[1] / "data" / "bad"

CORPUS: list[tuple[str, str, int, int, str]] = [
    # (file run, file reported if not the same, line, col, message)
    ("alias_bomb_mappings.yaml", "", 24, 10,
     "services[0].x-lol.f: alias expansion exceeds 1,000,000 nodes"),
    ("alias_to_undefined_anchor_in_list.yaml", "", 46, 10,
     "invalid YAML: undefined alias '*later'"),
    ("binary_tag.yaml", "", 4, 8,
     "title: the YAML tag '!!binary' is not supported"),
    ("complex_key.yaml", "", 25, 7,
     "channels[0].?: a key must be a plain string"),
    ("cr_only_line_ends.yaml", "", 30, 5,
     "resources[0].owner: duplicate key 'owner' (first given on line 29)"),
    ("document_marker_only.yaml", "", 1, 1,
     "the file is empty; a scenario starts with 'format: tabletop/1'"),
    ("duplicate_anchor.yaml", "", 18, 9,
     "invalid YAML: second occurrence (found duplicate anchor"),
    ("duplicate_inject_id.yaml", "", 53, 9,
     "injects[1].id: duplicate inject id 'storm' (first defined at "
     "duplicate_inject_id.yaml:49:5)"),
    ("duplicate_key_flow.yaml", "", 34, 44,
     "responsibilities[0].trigger.service: duplicate key 'service' (first given on line 34)"),
    ("duplicate_key_nested.yaml", "", 23, 9,
     "services[1].depends_on[0].tolerance: duplicate key 'tolerance' (first given on line "
     "22)"),
    ("duplicate_key_top.yaml", "", 53, 1,
     "channels: duplicate key 'channels' (first given on line 23)"),
    ("duplicate_org_id.yaml", "", 13, 9,
     "organisations[1].id: duplicate organisation id 'city' (first defined at "
     "duplicate_org_id.yaml:9:5)"),
    ("duplicate_rule_id.yaml", "", 48, 9,
     "playbook[1].id: duplicate playbook rule id 'tell-city' (first defined at "
     "duplicate_rule_id.yaml:41:5)"),
    ("duration_empty.yaml", "", 37, 12,
     "responsibilities[0].setup: '' is not a duration"),
    ("duration_huge.yaml", "", 44, 12,
     "playbook[0].after: '1e400d' is not a duration"),
    ("duration_inf_range.yaml", "", 22, 35,
     "services[1].depends_on[0].tolerance.max: bare number inf is not a duration"),
    ("duration_nan.yaml", "", 36, 13,
     "responsibilities[0].within: '.nanh' is not a duration"),
    ("duration_negative_range.yaml", "", 25, 20,
     "channels[0].latency.min: negative duration '-5m': durations are 0 or more"),
    ("duration_overflow_digits.yaml", "", 44, 12,
     "playbook[0].after: '999999999999999999999999999999999999999999999999999999999...' is "
     "too large"),
    ("duration_range_unknown_key.yaml", "", 22, 30,
     "services[1].depends_on[0].tolerance.mx: unknown key 'mx' (did you mean 'max'?)"),
    ("duration_unknown_unit.yaml", "", 44, 12,
     "playbook[0].after: '2y' is not a duration"),
    ("escape_sequence_in_text.yaml", "", 4, 8,
     "title: control character U+001B is not allowed in a text"),
    ("escape_character.yaml", "", 4, 19,
     "character U+001B is not allowed in YAML (control character)"),
    ("id_with_bracket.yaml", "", 46, 9,
     "playbook[0].to: expected an id (lower-case letters, digits and '-', starting with a "
     "letter), got 'city]'"),
    ("include_duplicate_org.yaml", "", 10, 9,
     "organisations[0].id: duplicate organisation id 'city' (first defined at "
     "include_duplicate_org/region.yaml:4:5)"),
    ("include_folder.yaml", "", 5, 11,
     "include[0]: included file 'include_folder' is not a file"),
    ("include_injects.yaml", "include_injects/region.yaml", 2, 1,
     "injects: unknown key 'injects'"),
    ("include_nested_escape.yaml", "include_nested_escape/region.yaml", 3, 11,
     "include[0]: include '../../journals/scenario.yaml' leads outside the scenario's "
     "folder and the built-in scenarios folder (after following links)"),
    ("include_non_utf8.yaml", "include_non_utf8/region.yaml", 4, 12,
     "not valid UTF-8 (byte 0xe4); save the file as UTF-8"),
    ("include_nul_path.yaml", "", 5, 11,
     "include[0]: 'region\\x00.yaml' is not a file path"),
    ("include_python_tag.yaml", "include_python_tag/region.yaml", 4, 11,
     "organisations[0].name: application tags are not allowed (found "
     "'!!python/object/apply:os.system')"),
    ("include_self.yaml", "", 5, 11,
     "include[0]: include cycle: include_self.yaml -> include_self.yaml"),
    ("include_tilde.yaml", "", 5, 11,
     "include[0]: an include path must be relative to this file"),
    ("inverted_range_clock.yaml", "", 7, 13,
     "clock.duration: min (2d) is greater than max (1d)"),
    ("inverted_range_inject_at.yaml", "", 50, 9,
     "injects[0].at: min (3h) is greater than max (1h)"),
    ("latin1_title.yaml", "", 4, 9,
     "not valid UTF-8 (byte 0xe4); save the file as UTF-8"),
    ("nul_byte.yaml", "", 52, 16,
     "character U+0000 is not allowed in YAML (control character)"),
    ("null_document.yaml", "", 1, 1,
     "the top level must be a mapping (format: …, id: …, services: …), got a single value"),
    ("overlong_utf8.yaml", "", 12, 45,
     "not valid UTF-8 (byte 0xc0); save the file as UTF-8"),
    ("plain_scalar.yaml", "", 1, 1,
     "the top level must be a mapping (format: …, id: …, services: …), got a single value"),
    ("population_huge.yaml", "", 18, 17,
     "services[0].population: "
     "'999999999999999999999999999999999999999999999999999999999...' is not a valid !!int"),
    ("python_name_tag.yaml", "", 51, 9,
     "injects[0].do: application tags are not allowed (found '!!python/name:os.system')"),
    ("python_object_service.yaml", "", 16, 5,
     "services[0]: application tags are not allowed (found "
     "'!!python/object:simulator.model.Service')"),
    ("surrogate_bytes.yaml", "", 33, 21,
     "not valid UTF-8 (byte 0xed); save the file as UTF-8"),
    ("syntax_at_end.yaml", "", 56, 1,
     "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line "
     "55, column 32)"),
    ("syntax_bad_anchor.yaml", "", 49, 10,
     "invalid YAML: did not find expected alphabetic or numeric character (while scanning "
     "an anchor at line 49, column 9)"),
    ("syntax_bad_indentation.yaml", "", 29, 12,
     "invalid YAML: mapping values are not allowed in this context"),
    ("syntax_missing_colon.yaml", "", 46, 5,
     "invalid YAML: could not find expected ':' (while scanning a simple key at line 45, "
     "column 5)"),
    ("syntax_unclosed_flow_mapping.yaml", "", 39, 14,
     "invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping at line "
     "38, column 12)"),
    ("syntax_unclosed_quote.yaml", "", 56, 1,
     "invalid YAML: found unexpected end of stream (while scanning a quoted scalar at line "
     "4, column 8)"),
    ("syntax_value_after_value.yaml", "", 25, 16,
     "invalid YAML: mapping values are not allowed in this context"),
    ("tag_on_key.yaml", "", 25, 5,
     "channels[0].latency: application tags are not allowed (found '!!python/str')"),
    ("unknown_key_channel.yaml", "", 26, 5,
     "channels[0].latncy: unknown key 'latncy' (did you mean 'latency'?)"),
    ("unknown_key_clock.yaml", "", 8, 3,
     "clock.timezone: unknown key 'timezone'; expected one of: start, duration"),
    ("unknown_key_contact.yaml", "", 12, 47,
     "organisations[0].contacts[0].phone: unknown key 'phone'"),
    ("unknown_key_expect.yaml", "", 55, 63,
     "objectives[0].expect.withn: unknown key 'withn' (did you mean 'within'?)"),
    ("unknown_key_expect_knows.yaml", "", 55, 62,
     "objectives[0].expect.knows.how: unknown key 'how'; expected one of: service, state"),
    ("unknown_key_inject.yaml", "", 53, 5,
     "injects[0].severity: unknown key 'severity'"),
    ("unknown_key_mitigates.yaml", "", 39, 33,
     "responsibilities[0].mitigates.shares: unknown key 'shares' (did you mean 'share'?)"),
    ("unknown_key_needs.yaml", "", 38, 31,
     "responsibilities[0].needs.units: unknown key 'units' (did you mean 'count'?)"),
    ("unknown_key_objective.yaml", "", 55, 5,
     "objectives[0].weight: unknown key 'weight'; expected one of: id, text, expect"),
    ("unknown_key_organisation.yaml", "", 15, 5,
     "organisations[1].dutty: unknown key 'dutty' (did you mean 'duty'?)"),
    ("unknown_key_playbook.yaml", "", 48, 5,
     "playbook[0].priority: unknown key 'priority'"),
    ("unknown_key_resource.yaml", "", 31, 5,
     "resources[0].amount: unknown key 'amount' (did you mean 'count'?)"),
    ("unknown_key_responsibility.yaml", "", 37, 5,
     "responsibilities[0].deadline: unknown key 'deadline'"),
    ("unknown_key_trigger.yaml", "", 34, 44,
     "responsibilities[0].trigger.after: unknown key 'after' (did you mean 'state'?)"),
    ("unknown_key_when.yaml", "", 43, 41,
     "playbook[0].when.org: unknown key 'org'; expected one of: service, state"),
    ("unknown_key_x_typo.yaml", "", 5, 1,
     "x_notes: unknown key 'x_notes'"),
    ("utf16_no_bom.yaml", "", 12, 48,
     "not valid UTF-8 (byte 0xe4); save the file as UTF-8"),
    ("utf32_bom.yaml", "", 1, 1,
     "the file is UTF-32; save the file as UTF-8 without a byte-order mark"),
    ("verbatim_python_tag.yaml", "", 45, 9,
     "playbook[0].do: application tags are not allowed (found "
     "'!!python/object/new:os.system')"),
    ("whitespace_only.yaml", "", 1, 1,
     "the file is empty; a scenario starts with 'format: tabletop/1'"),
    ("wrong_type_clock_list.yaml", "", 5, 8,
     "clock: expected a mapping, got a list"),
    ("wrong_type_count_float.yaml", "", 30, 12,
     "resources[0].count: expected a whole number, got 2.5"),
    ("wrong_type_critical.yaml", "", 18, 15,
     "services[0].critical: expected true or false, got 'sometimes'"),
    ("wrong_type_depends_on_mapping.yaml", "", 21, 7,
     "services[1].depends_on: expected a list, got a mapping"),
    ("wrong_type_duration_list.yaml", "", 25, 14,
     "channels[0].latency: expected a duration such as '90m', '1.5h' or '1d12h', got a list"),
    ("wrong_type_id_number.yaml", "", 28, 9,
     "resources[0].id: expected a string, got 42"),
    ("wrong_type_include.yaml", "", 5, 10,
     "include: expected a list, got a mapping"),
    ("wrong_type_seed.yaml", "", 5, 7,
     "seed: expected an integer, got 'lucky'"),
    ("wrong_type_services_string.yaml", "", 15, 11,
     "services: expected a list, got 'power, water'"),
    ("wrong_type_share.yaml", "", 39, 40,
     "responsibilities[0].mitigates.share: must be 1.0 or less, got 1.5"),
]  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes: "nothing written" is this, unchanged."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_the_corpus_has_every_file_and_at_least_60_with_the_foundations() -> None:
    assert {p.name for p in YAML.glob("*.yaml")} == {row[0] for row in CORPUS}
    bad_journals = [p for p in JOURNALS.glob("*.jsonl") if not p.name.startswith("good")]
    assert {p.stem for p in bad_journals} == set(JOURNAL_CORPUS) | {"changed_scenario"}
    assert {p.stem for p in MSEL.glob("*.csv")} == {row[0] for row in MSEL_CORPUS}
    # Added here, beside the foundation's corpus: ≥ 60 on their own (the 50 MB file and the
    # huge CSV cell are made at test time and not counted).
    assert len(CORPUS) + len(bad_journals) + len(MSEL_CORPUS) >= 60
    assert len(list(FOUNDATION.glob("*.yaml"))) >= 60


@pytest.mark.parametrize(("run", "reported", "line", "col", "message"), CORPUS,
                         ids=[row[0] for row in CORPUS])
def test_bad_scenario_is_refused_and_nothing_is_written(
    run: str, reported: str, line: int, col: int, message: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(YAML)
    assert main(["validate", run]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    prefix = f"{reported or run}:{line}:{col}: "
    assert any(ln.startswith(prefix) and message in ln for ln in err.splitlines()), err
    assert "Traceback" not in err and "internal error" not in err
    before = snapshot(YAML)
    assert main(["run", run, "--out", str(tmp_path / "run")]) == 2
    assert main(["drill", run, "--journal", str(tmp_path / "drill" / "journal.jsonl")]) == 2
    err = capsys.readouterr().err
    assert prefix in err and "Traceback" not in err
    assert not (tmp_path / "run").exists() and not (tmp_path / "drill").exists()
    assert snapshot(YAML) == before


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.yaml"
    head = (YAML.parent / "journals" / "scenario.yaml").read_bytes()
    with big.open("wb") as stream:
        stream.write(head + b"x-padding:\n")
        line = b"  - " + b"a" * 1019 + b"\n"
        for _ in range(50 * 1024):
            stream.write(line)
    assert main(["validate", str(big)]) == 2
    err = capsys.readouterr().err
    assert err == (f"{big}:1:1: the file is 50.0 MiB; scenario files are limited to 32 MiB\n")
    assert main(["run", str(big), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


# --- journals -----------------------------------------------------------------------------

JOURNAL_CORPUS: dict[str, tuple[int, str]] = {
    "action_missing_field": (2, "a notify action needs 'via'"),
    "after_the_end": (3, "t = 99999 is after the end of the run (1440)"),
    "another_scenario": (2, "unknown inject 'hospital-generator-fault'"),
    "bad_rating": (3, "rating must be one of P, S, M, U; got 'A+'"),
    "binary_garbage": (1, "not a JSON object: Expecting value"),
    "corrupted_middle_line": (3, "not a JSON object: Invalid control character"),
    "empty": (1, "empty journal; expected a header line"),
    "empty_middle_line": (3, "empty line; expected one JSON object per line"),
    "escape_sequence_in_note": (3, "'text' has the control character U+001B, which a text "
                                   "may not hold"),
    "events_file_not_journal": (1, "not a journal: the first line must be a header with "
                                   "format 'tabletop-journal/1'"),
    "header_cut": (1, "not a JSON object: Unterminated string"),
    "header_seed_text": (1, "header 'seed' must be a whole number; got 'forty-two'"),
    "header_without_sha": (1, "header has no 'scenario_sha256'"),
    "header_wrong_format": (1, "not a journal: the first line must be a header with format "
                               "'tabletop-journal/1'"),
    "infinite_time": (3, "'t' must be a number of minutes; got inf"),
    "json_list_line": (3, "expected a JSON object"),
    "negative_time": (2, "'t' must not be negative; got -5.0"),
    "no_header": (1, "not a journal: the first line must be a header"),
    "non_utf8_middle_line": (3, "not a JSON object: 'utf-8' codec can't decode byte 0xe4"),
    "time_backwards": (4, "time 20.0 is before the previous entry's 30.0; entries must be in "
                          "time order"),
    "two_lines_run_together": (2, "not a JSON object: Extra data"),
    "unknown_entry_type": (3, "unknown entry type 'vote'; expected inject, action, dismiss or "
                              "note"),
    "unknown_inject": (3, "unknown inject 'hospital-generator-fault'"),
    "unknown_organisation": (2, "unknown organisation 'esimerkkila'"),
    "unknown_rule": (2, "unknown playbook rule 'utility-notifies-county'"),
    "unknown_service": (3, "unknown service 'hospital'"),
}
"""Journal -> (line, message) for ``resume``; ``run --inputs`` and ``replay --check`` agree
except where :data:`OTHER_COMMANDS` says otherwise."""

OTHER_COMMANDS: dict[tuple[str, str], tuple[int, str]] = {
    ("another_scenario", "run"): (1, "the journal was recorded for scenario "
                                     "'long-power-outage', not 'robust'"),
    ("another_scenario", "resume"): (1, "the journal was recorded for scenario "
                                        "'long-power-outage', not 'robust'"),
    ("another_scenario", "replay"): (1, "has changed since the drill (sha256 58d270407997… is "
                                        "not the journal's 000000000000…); replay with --force"),
}


def drill_folder(tmp_path: Path, journal: str) -> Path:
    """A run folder holding the corpus scenario, the journal and a recorded event log."""
    folder = tmp_path / "drill"
    folder.mkdir()
    shutil.copy(JOURNALS / "scenario.yaml", folder / "scenario.yaml")
    shutil.copy(JOURNALS / f"{journal}.jsonl", folder / f"{journal}.jsonl")
    (folder / "events.jsonl").write_text('{"t": 0.0, "type": "end"}\n', encoding="utf-8")
    return folder


def test_the_corpus_journals_name_the_corpus_scenario() -> None:
    """The good journals' header sha is the scenario's: an edit of it must update them."""
    digest = hashlib.sha256((JOURNALS / "scenario.yaml").read_bytes()).hexdigest()
    assert f'"scenario_sha256": "{digest}"' in (JOURNALS / "good.jsonl").read_text("utf-8")


@pytest.mark.parametrize("journal", sorted(JOURNAL_CORPUS))
@pytest.mark.parametrize("command", ["run", "resume", "replay"])
def test_bad_journal_is_refused_and_nothing_is_written(
    journal: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = drill_folder(tmp_path, journal)
    monkeypatch.chdir(folder)
    name = f"{journal}.jsonl"
    before = snapshot(folder)
    argv = {"run": ["run", "scenario.yaml", "--inputs", name, "--out", "out"],
            "resume": ["resume", name], "replay": ["replay", "--check", name]}[command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    line, message = OTHER_COMMANDS.get((journal, command), JOURNAL_CORPUS[journal])
    first = err.splitlines()[0]
    assert first.startswith(f"{name}:{line}: "), err
    assert message in first, err
    assert "Traceback" not in err
    assert snapshot(folder) == before


def test_a_journal_of_a_changed_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The file changed since the drill: ``replay --check`` refuses (without ``--force``);
    ``resume`` goes on with a warning, as ``drill_session`` documents."""
    folder = drill_folder(tmp_path, "changed_scenario")
    monkeypatch.chdir(folder)
    before = snapshot(folder)
    assert main(["replay", "--check", "changed_scenario.jsonl"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("changed_scenario.jsonl:1: the scenario file scenario.yaml has "
                          "changed since the drill (sha256 58d270407997… is not the journal's "
                          "ffffffffffff…)")
    assert snapshot(folder) == before
    from tui.drill_session import resume_session

    session = resume_session(folder / "changed_scenario.jsonl", cwd=folder)
    try:
        assert session.run.now == 30.0
        assert session.warnings == (
            f"{folder / 'changed_scenario.jsonl'}:1: the scenario file "
            f"{folder / 'scenario.yaml'} has changed since the drill started (sha256 differs); "
            "inputs are applied to it as it is now",)
    finally:
        session.close()


# --- MSEL spreadsheets -------------------------------------------------------------------

MSEL_CORPUS: list[tuple[str, int, int, str]] = [
    ("about_on_fail", 3, 6, "about: only a 'message' inject has 'about'; this one is 'fail'"),
    ("bad_about_state", 3, 6, "about: expected 'service:state' with a state of up, strained, "
                              "degraded, down; got 'water:gone'"),
    ("bad_id", 3, 1, "id: 'Second Storm' is not an id"),
    ("bad_optional", 3, 8, "optional: expected 'yes' or nothing, got 'perhaps'"),
    ("bad_time", 3, 2, "time: 'soon' is not a duration"),
    ("blank_header", 1, 1, "expected a header row naming the columns"),
    ("duplicate_id", 3, 1, "id: id 'storm' is already used at row 2"),
    ("empty", 1, 1, "expected a header row naming the columns"),
    ("formula_id", 3, 1, "id: '=HYPERLINK(\"http://x\")' is not an id"),
    ("inverted_time_range", 3, 2, "time: the range 3h-1h starts after it ends"),
    ("message_without_to", 3, 3, "to: a 'message' inject needs 'to'"),
    ("missing_column", 1, 4, "missing column 'do'"),
    ("negative_time", 3, 2, "time: negative duration '-1h': durations are 0 or more"),
    ("non_utf8", 2, 1, "not valid UTF-8 (byte 0xe4); save the spreadsheet as CSV UTF-8"),
    ("nul_byte", 3, 5, "target: unknown service 'wa\\x00ter' (did you mean 'water'?)"),
    ("too_few_cells", 3, 5, "the row has 4 cells, the header has 8"),
    ("too_many_cells", 3, 9, "the row has 10 cells, the header has 8"),
    ("unclosed_quote", 3, 8, "the row has 7 cells, the header has 8"),
    ("unknown_about", 3, 6, "about: unknown service 'sewage'"),
    ("unknown_column", 1, 9, "severity: unknown column 'severity'"),
    ("unknown_do", 3, 4, "do: expected one of: fail, degrade, restore, message; got 'explode'"),
    ("unknown_recipient", 3, 3, "to: unknown organisation 'press'"),
    ("unknown_target", 3, 5, "target: unknown service 'watr' (did you mean 'water'?)"),
    ("utf16", 1, 1, "not valid UTF-8 (byte 0xff); save the spreadsheet as CSV UTF-8"),
]  # fmt: skip


def msel_import(sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Import ``sheet`` into a copy of the corpus scenario; assert exit 2 and no change."""
    scenario = tmp_path / "scenario.yaml"
    shutil.copy(JOURNALS / "scenario.yaml", scenario)
    before = snapshot(tmp_path)
    assert main(["msel", "import", str(sheet), "--into", str(scenario)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert snapshot(tmp_path) == before
    return err


@pytest.mark.parametrize(("name", "row", "col", "message"), MSEL_CORPUS,
                         ids=[row[0] for row in MSEL_CORPUS])
def test_bad_msel_sheet_is_refused_and_the_scenario_is_unchanged(
    name: str, row: int, col: int, message: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = MSEL / f"{name}.csv"
    err = msel_import(sheet, tmp_path, capsys)
    first = err.splitlines()[0]
    assert first == f"{sheet}:{row}:{col}: {message}" or (
        first.startswith(f"{sheet}:{row}:{col}: ") and message in first), err


def test_a_cell_over_the_csv_size_limit_is_a_bad_row(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "sheets" / "huge_cell.csv"
    sheet.parent.mkdir()
    sheet.write_text("id,time,do,target,message\r\nstorm,0m,fail,power,\r\n"
                     f"big,1h,fail,water,{'x' * 200_000}\r\n", encoding="utf-8")
    err = msel_import(sheet, tmp_path / "sheets", capsys)
    assert err.splitlines()[0] == (f"{sheet}:3:1: cannot read the row: field larger than field "
                                   "limit (131072)")
