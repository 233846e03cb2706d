"""The bad-input corpus: one file per failure mode, each reported at its exact position.

Every file under ``tests/data/bad/`` is run through ``tabletop validate``; the table below is
the one place that says where each problem must be reported and what the message must say.
Helper files (the targets of includes) live in sub-folders and are not run on their own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"

CORPUS: list[tuple[str, str, int, int, str]] = [
    # (file run, file reported, line, col, message fragment)
    ("unknown_key_service.yaml", "", 14, 5,
     "services[1].ownr: unknown key 'ownr' (did you mean 'owner'?); expected one of: id, name, "
     "owner, population, vulnerable, critical, detect, restore, depends_on"),
    ("unknown_key_dependency.yaml", "", 17, 9,
     "services[1].depends_on[0].toleranse: unknown key 'toleranse' (did you mean 'tolerance'?); "
     "expected one of: service, tolerance, refill, effect"),
    ("unknown_top_level_key.yaml", "", 18, 1, "titel: unknown key 'titel' (did you mean 'title'?)"),
    ("missing_owner.yaml", "", 13, 5, "services[1].owner: missing required key 'owner'"),
    ("missing_clock.yaml", "", 2, 1, "clock: missing required key 'clock'"),
    ("wrong_format.yaml", "", 2, 9, "format: expected 'tabletop/1', got 'tabletop/2'"),
    ("bad_state.yaml", "", 19, 78,
     "injects[0].about.state: expected one of: up, strained, degraded, down; got 'dwn' "
     "(did you mean 'down'?)"),
    ("bad_playbook_do.yaml", "", 22, 9,
     "playbook[0].do: expected one of: notify, activate, supply, repair, convene; got 'notfy' "
     "(did you mean 'notify'?)"),
    ("missing_playbook_do.yaml", "", 19, 5,
     "playbook[0]: missing required key 'do' (one of: notify, activate, supply, repair, convene)"),
    ("bad_inject_do.yaml", "", 21, 9,
     "injects[0].do: expected one of: fail, degrade, restore, message; got 'fial' "
     "(did you mean 'fail'?)"),
    ("inject_without_at.yaml", "", 19, 5,
     "injects[0]: an inject needs 'at' unless it is held back with 'optional: true'"),
    ("bad_expect.yaml", "", 20, 13, "objectives[0].expect: expected exactly one of"),
    ("bad_id.yaml", "", 11, 9,
     "services[0].id: expected an id (lower-case letters, digits and '-', starting with a "
     "letter), got 'Water_Supply'"),
    ("not_an_integer.yaml", "", 18, 17, "services[1].population: expected an integer, got 'many'"),
    ("negative_population.yaml", "", 18, 17, "services[1].population: must be 0 or more, got -5"),
    ("bare_number_duration.yaml", "", 17, 20,
     "services[1].depends_on[0].tolerance: bare number 90 is not a duration; give a unit, "
     "e.g. '90m' or '1.5h'"),
    ("negative_duration.yaml", "", 18, 13,
     "services[1].detect: negative duration '-5m': durations are 0 or more"),
    ("bad_duration_text.yaml", "", 18, 14, "services[1].restore: 'soon' is not a duration"),
    ("inverted_range.yaml", "", 17, 20,
     "services[1].depends_on[0].tolerance: min (6h) is greater than max (2h)"),
    ("naive_clock_start.yaml", "", 5, 10, "clock.start: give the time with its UTC offset"),
    ("not_a_date.yaml", "", 5, 10,
     "clock.start: expected a date and time with its UTC offset, e.g. "
     "2026-01-14T06:00:00+02:00; got 'next monday'"),
    ("duplicate_key.yaml", "", 13, 5,
     "services[0].owner: duplicate key 'owner' (first given on line 12)"),
    ("duplicate_id.yaml", "", 18, 9,
     "services[2].id: duplicate service id 'power' (first defined at "
     "{bad}/duplicate_id.yaml:11:5)"),
    ("duplicate_id_across_includes.yaml", "", 11, 9,
     "services[0].id: duplicate service id 'power' (first defined at "
     "{bad}/duplicate_id_across_includes/region.yaml:7:5)"),
    ("dangling_service_owner.yaml", "", 12, 12,
     "services[0].owner: unknown organisation 'utlity' (did you mean 'utility'?)"),
    ("dangling_dependency.yaml", "", 16, 18,
     "services[1].depends_on[0].service: unknown service 'powr' (did you mean 'power'?)"),
    ("self_dependency.yaml", "", 14, 18,
     "services[0].depends_on[0].service: a service cannot depend on itself"),
    ("duplicate_dependency.yaml", "", 18, 18,
     "services[1].depends_on[1].service: 'power' is already a dependency (depends_on[0])"),
    ("dangling_channel_dependency.yaml", "", 20, 18,
     "channels[0].depends_on[0]: unknown service 'mobile-network'"),
    ("dangling_resource_owner.yaml", "", 20, 12,
     "resources[0].owner: unknown organisation 'citi' (did you mean 'city'?)"),
    ("dangling_trigger_service.yaml", "", 21, 24,
     "responsibilities[0].trigger.service: unknown service 'watr' (did you mean 'water'?)"),
    ("dangling_responsibility_lead.yaml", "", 22, 11,
     "responsibilities[0].lead: unknown organisation 'county'"),
    ("dangling_responsibility_support.yaml", "", 22, 21,
     "responsibilities[0].support[1]: unknown organisation 'utilty' (did you mean 'utility'?)"),
    ("dangling_responsibility_cost.yaml", "", 22, 11,
     "responsibilities[0].cost: unknown organisation 'sharred' (did you mean 'shared'?)"),
    ("dangling_needs_resource.yaml", "", 22, 23,
     "responsibilities[0].needs.resource: unknown resource 'tanker'"),
    ("needs_more_than_count.yaml", "", 24, 38,
     "responsibilities[0].needs.count: needs 3 units of 'tanker', which has only 2; "
     "this can never be satisfied"),
    ("dangling_mitigates.yaml", "", 22, 26,
     "responsibilities[0].mitigates.service: unknown service 'waterr' (did you mean 'water'?)"),
    ("dangling_playbook_by.yaml", "", 20, 9,
     "playbook[0].by: unknown organisation 'utillity' (did you mean 'utility'?)"),
    ("dangling_playbook_when.yaml", "", 21, 21,
     "playbook[0].when.service: unknown service 'pwer' (did you mean 'power'?)"),
    ("dangling_playbook_to.yaml", "", 25, 16, "playbook[0].to[1]: unknown organisation 'county'"),
    ("dangling_playbook_via.yaml", "", 26, 18, "playbook[0].via[1]: unknown channel 'virve'"),
    ("dangling_playbook_task.yaml", "", 27, 11,
     "playbook[0].task: unknown responsibility 'emergency-watr' (did you mean 'emergency-water'?)"),
    ("dangling_playbook_target.yaml", "", 23, 13,
     "playbook[0].target: unknown service 'powerr' (did you mean 'power'?)"),
    ("supply_not_a_dependency.yaml", "", 24, 17,
     "playbook[0].dependency: 'water' is not a dependency of 'power'; it has no dependencies"),
    ("dangling_convene_members.yaml", "", 25, 24,
     "playbook[0].members[1]: unknown organisation 'cityy' (did you mean 'city'?)"),
    ("empty_notify_to.yaml", "", 25, 9, "playbook[0].to: must not be empty"),
    ("dangling_inject_target.yaml", "", 19, 43, "injects[0].target: unknown service 'electricity'"),
    ("dangling_inject_to.yaml", "", 19, 48, "injects[0].to[1]: unknown organisation 'press'"),
    ("dangling_inject_about.yaml", "", 19, 64,
     "injects[0].about.service: unknown service 'sewage'"),
    ("dangling_objective_org.yaml", "", 20, 19,
     "objectives[0].expect.org: unknown organisation 'county'"),
    ("dangling_objective_task.yaml", "", 24, 20,
     "objectives[0].expect.task: unknown responsibility 'emergency-water-distribution' "
     "(did you mean 'emergency-water'?)"),
    ("dangling_objective_service.yaml", "", 20, 23,
     "objectives[0].expect.service: unknown service 'electricity'"),
    ("text_wrong_type.yaml", "", 13, 11,
     "services[0].name: expected a text or a map of language codes to texts, got a list"),
    ("bad_language_code.yaml", "", 13, 22,
     "services[0].name.Swedish: expected a language code such as fi, sv or en, got 'Swedish'"),
    ("yes_no_as_id.yaml", "", 9, 9,
     "organisations[1].id: expected a string, got false (YAML reads yes/no/on/off/true/false "
     "as booleans; put it in quotes)"),
    ("include_escape.yaml", "", 4, 11,
     "include[0]: include '../good/regions/example-region.yaml' leads outside the scenario's "
     "folder"),
    ("include_absolute.yaml", "", 4, 11,
     "include[0]: an include path must be relative to this file"),
    ("include_symlink_out.yaml", "", 4, 11,
     "include[0]: include 'include_symlink_out/region.yaml' leads outside the scenario's folder "
     "and the built-in scenarios folder (after following links)"),
    ("include_cycle_a.yaml", "include_cycle/b.yaml", 2, 11,
     "include[0]: include cycle: {bad}/include_cycle_a.yaml -> {bad}/include_cycle/b.yaml -> "
     "{bad}/include_cycle_a.yaml"),
    ("include_missing.yaml", "", 4, 11,
     "include[0]: included file 'regions/nowhere.yaml' does not exist"),
    ("include_twice.yaml", "", 6, 5,
     "include[1]: 'include_twice/../include_twice/region.yaml' is already included at "
     "{bad}/include_twice.yaml:5:5; a file can be included once"),
    ("include_with_clock.yaml", "include_with_clock/region.yaml", 2, 1,
     "clock: unknown key 'clock'; expected one of: format, id, title, include, organisations"),
    ("include_bad_item.yaml", "include_bad_item/region.yaml", 5, 14,
     "channels[1].latency: bare number 5 is not a duration"),
    ("python_tag.yaml", "", 18, 8,
     "x-run: application tags are not allowed (found '!!python/object/apply:os.system')"),
    ("application_tag.yaml", "", 12, 12,
     "services[0].owner: application tags are not allowed (found '!org')"),
    ("set_tag.yaml", "", 18, 10, "summary: the YAML tag '!!set' is not supported"),
    ("empty.yaml", "", 1, 1, "the file is empty"),
    ("comments_only.yaml", "", 1, 1, "the file is empty"),
    ("top_level_list.yaml", "", 2, 1, "the top level must be a mapping"),
    ("tabs.yaml", "", 12, 1, "tabs are not allowed for indentation"),
    ("syntax_error.yaml", "", 11, 1,
     "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 10, "
     "column 11)"),
    ("multiple_documents.yaml", "", 18, 1, "a scenario file holds one YAML document"),
    ("undefined_alias.yaml", "", 18, 10, "invalid YAML: undefined alias '*intro'"),
    ("recursive_alias.yaml", "", 18, 9, "x-loop: a recursive alias: this node contains itself"),
    ("too_deep.yaml", "", 18, 73, "nesting deeper than 64 levels"),
    ("alias_bomb.yaml", "", 23, 6,
     "alias expansion exceeds 1,000,000 nodes; the file expands to too much data"),
    ("non_utf8.yaml", "", 13, 28, "not valid UTF-8 (byte 0xc4); save the file as UTF-8"),
    ("utf16_bom.yaml", "", 1, 1,
     "the file is UTF-16; save the file as UTF-8 without a byte-order mark"),
    ("utf8_bom.yaml", "", 1, 1, "save the file as UTF-8 without a byte-order mark"),
    ("control_character.yaml", "", 13, 14, "character U+0000 is not allowed in YAML"),
]  # fmt: skip
"""(file run, file reported if not the same, line, col, message fragment)."""

SEPARATE = {"five_mistakes.yaml"}
"""Corpus files with their own test."""


def _expected(run: str, reported: str, line: int, col: int, fragment: str) -> tuple[str, str]:
    prefix = f"{BAD / (reported or run)}:{line}:{col}: "
    return prefix, fragment.replace("{bad}", str(BAD))


def test_every_corpus_file_has_an_expectation() -> None:
    on_disk = {path.name for path in BAD.glob("*.yaml")}
    assert on_disk == {row[0] for row in CORPUS} | SEPARATE
    assert len(CORPUS) >= 35
    assert len({row[0] for row in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("run", "reported", "line", "col", "fragment"), CORPUS, ids=lambda v: v)
def test_corpus_file_is_reported_at_its_position(
    run: str, reported: str, line: int, col: int, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["validate", str(BAD / run)])
    out, err = capsys.readouterr()
    prefix, message = _expected(run, reported, line, col, fragment)
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert any(ln.startswith(prefix) and message in ln for ln in lines), err
    assert "Traceback" not in err and "internal error" not in err
    assert all(":" in ln for ln in lines)


def test_five_independent_mistakes_are_all_reported(capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / "five_mistakes.yaml"
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{path}:6:13: clock.duration: bare number 72 is not a duration; give a unit, "
        "e.g. '90m' or '1.5h'",
        f"{path}:9:11: organisations[0].kind: expected one of: municipality, wellbeing-county, "
        "rescue-services, police, utility, company, state-agency, ngo, other; got 'town'",
        f"{path}:14:18: services[0].depends_on[0].service: unknown service 'powerr' "
        "(did you mean 'power'?)",
        f"{path}:17:5: services[1].ownr: unknown key 'ownr' (did you mean 'owner'?); expected "
        "one of: id, name, owner, population, vulnerable, critical, detect, restore, depends_on",
        f"{path}:19:43: injects[0].target: unknown service 'electricity'",
    ]


def test_the_whole_corpus_through_the_command_line() -> None:
    """One real ``python -m tui.cli validate`` run over every corpus file at once."""
    files = [str(BAD / row[0]) for row in CORPUS]
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "validate", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = result.stderr.splitlines()
    for row in CORPUS:
        prefix, message = _expected(*row)
        assert any(ln.startswith(prefix) and message in ln for ln in lines), (row, result.stderr)
