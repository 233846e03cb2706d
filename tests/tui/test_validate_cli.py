"""``tabletop validate``: verdicts on stdout, problems on stderr, exit 0 or 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "data" / "good"
BAD = ROOT / "tests" / "data" / "bad"


def test_valid_files_get_one_verdict_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    files = [GOOD / "minimal.yaml", GOOD / "with_include.yaml", GOOD / "everything.yaml"]
    assert main(["validate", *map(str, files)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{files[0]}: valid (1 organisation, 1 service)",
        f"{files[1]}: valid (4 organisations, 3 services)",
        f"{files[2]}: valid (3 organisations, 3 services)",
    ]
    assert err == ""


def test_warnings_are_printed_and_do_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    path = GOOD / "zero_tolerance_cycle.yaml"
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{path}: valid (1 organisation, 3 services, 1 warning)\n"
    assert err == (
        f"{path}:10:5: warning: services[0]: dependency cycle with no reserve: power, telecom "
        "depend on each other with tolerance 0m, so a failure among them can never recover\n"
    )


def test_one_bad_file_among_good_ones_fails_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = GOOD / "minimal.yaml", BAD / "dangling_dependency.yaml"
    assert main(["validate", str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == f"{good}: valid (1 organisation, 1 service)\n"
    assert err == (
        f"{bad}:16:18: services[1].depends_on[0].service: unknown service 'powr' "
        "(did you mean 'power'?)\n"
    )


def test_errors_and_warnings_are_sorted_by_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "format: tabletop/1\nid: s\nclock: {start: 2026-01-14T06:00:00+02:00, duration: 1d}\n"
        "organisations:\n  - {id: city, contacts: [{role: boss, channels: [fax]}]}\n"
        "services:\n  - {id: b, owner: town}\n"
        "  - {id: a, owner: city, depends_on: [{service: a}]}\n"
        "  - {id: c, owner: city, detect: 5}\n"
    )
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{path}:5:51: warning: organisations[0].contacts[0].channels[0]: unknown channel 'fax'",
        f"{path}:7:20: services[0].owner: unknown organisation 'town'",
        f"{path}:8:49: services[1].depends_on[0].service: a service cannot depend on itself",
        f"{path}:9:34: services[2].detect: bare number 5 is not a duration; give a unit, "
        "e.g. '90m' or '1.5h'",
    ]


def test_a_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["validate", str(missing), str(GOOD / "minimal.yaml")]) == 2
    out, err = capsys.readouterr()
    assert err == f"{missing}: no such file\n"
    assert out == f"{GOOD / 'minimal.yaml'}: valid (1 organisation, 1 service)\n"


def test_a_builtin_scenario_is_found_by_id(capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.library import builtin_scenarios

    builtins = builtin_scenarios()
    if not builtins:
        pytest.skip("no built-in scenarios yet")
    assert main(["validate", builtins[0].id]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{builtins[0].path}: valid (")


def test_the_command_line_entry_point(tmp_path: Path) -> None:
    """Through ``python -m tui.cli``: exit status and streams as a script sees them."""
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"format: tabletop/1\nid: \xff\n")
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "validate", str(GOOD / "minimal.yaml"), str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == f"{GOOD / 'minimal.yaml'}: valid (1 organisation, 1 service)\n"
    assert result.stderr == f"{bad}:2:5: not valid UTF-8 (byte 0xff); save the file as UTF-8\n"
