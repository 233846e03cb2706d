"""Fuzzing the loader through ``tabletop validate``, and generated valid scenarios end to end.

Whatever bytes a facilitator hands the tool, ``validate`` answers with diagnostics at
``file:line:col`` and exit status 2, never with a traceback or an "internal error" (the
command's last-resort catch, which would mean the loader itself broke). And whatever valid
scenario the generator makes, written as YAML and read back, loads and runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import Run
from simulator.loader import load_scenario
from simulator.synthetic import dump_yaml, generate_scenario
from tui.cli import main

DATA = Path(__file__).parent / "data"
VALID = (DATA / "journals" / "scenario.yaml").read_bytes()
FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
LINE = re.compile(r"^.+:\d+:\d+: \S")


def validate(path: Path, data: bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path.write_bytes(data)
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert "internal error" not in err and "Traceback" not in err, err
    if status == 2:
        assert out == ""
        assert err and all(LINE.match(ln) for ln in err.splitlines()), err
    else:
        assert status == 0 and out.startswith(f"{path}: valid"), (out, err)
    return status, err


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_break_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           data: bytes) -> None:
    validate(tmp_path / "fuzz.yaml", data, capsys)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID)), st.integers(0, 40), st.binary(max_size=8)),
                min_size=1, max_size=6))
def test_a_valid_file_with_random_damage_never_breaks_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edits: list[tuple[int, int, bytes]]
) -> None:
    data = VALID
    for at, cut, insert in edits:
        at = min(at, len(data))
        data = data[:at] + insert + data[at + cut:]
    validate(tmp_path / "damaged.yaml", data, capsys)


KEYS = st.sampled_from([
    "format", "id", "title", "clock", "start", "duration", "organisations", "services",
    "channels", "resources", "responsibilities", "playbook", "injects", "objectives", "owner",
    "depends_on", "service", "tolerance", "min", "max", "include", "x-note", "expect", "when",
    "state", "do", "target", "to", "via", "at", "optional", "text", "fi", "<<", "seed",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["tabletop/1", "6h", "-5m", "2026-01-14T06:00:00+02:00", "power", "down",
                     "city", "fail", "../x.yaml", "/etc/passwd", "", "1e400d", "24/7"]),
    st.text(st.characters(codec="utf-8"), max_size=12),
)
TREES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)), max_leaves=40)


@FUZZ
@given(st.dictionaries(KEYS, TREES, min_size=1, max_size=8))
def test_random_yaml_structures_never_break_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tree: dict[str, Any]
) -> None:
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    validate(tmp_path / "tree.yaml", text.encode("utf-8"), capsys)


@FUZZ
@given(st.dictionaries(KEYS, TREES, min_size=1, max_size=6))
def test_random_structures_inside_a_valid_scenario_never_break_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tree: dict[str, Any]
) -> None:
    """Random data where a service, a playbook rule and an inject should be."""
    data = yaml.safe_load(VALID)
    data["services"].append(tree)
    data["playbook"].append(tree)
    data["injects"].append(tree)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    status, _ = validate(tmp_path / "inside.yaml", text.encode("utf-8"), capsys)
    assert status == 2


TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]), min_size=1,
                max_size=30)
"""Texts a scenario may hold: anything but control characters (which the format refuses)."""


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(services=st.integers(1, 80), seed=st.integers(0, 10**6), orgs=st.integers(1, 8),
       hours=st.sampled_from([1, 6, 24, 72]), failures=st.none() | st.integers(0, 5),
       title=TEXTS, name=TEXTS)
def test_generated_valid_scenarios_validate_and_run(
    tmp_path: Path, services: int, seed: int, orgs: int, hours: int, failures: int | None,
    title: str, name: str,
) -> None:
    data = generate_scenario(services, seed=seed, orgs=orgs, hours=hours, failures=failures)
    data["title"] = title
    data["services"][0]["name"] = {"fi": name, "en": title}
    path = tmp_path / "generated.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    loaded = load_scenario(path)
    assert not [w for w in loaded.warnings if w.severity == "error"]
    assert loaded.scenario.title == title
    assert len(loaded.scenario.services) == services
    events = Run(loaded.scenario).run_to_end()
    assert events[-1].type == "end" and events[-1].t == hours * 60
