"""The loader: what a valid scenario becomes, where problems are reported, and the limits.

The failure modes one by one are in ``test_bad_corpus.py``; this file checks the loader's
API, includes, positions, warnings, the resource limits, and (Hypothesis) that no input
whatever makes it raise anything but a :class:`ScenarioError`.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.diagnostics import Diagnostic, ScenarioError
from simulator.fields import Span
from simulator.loader import check_scenario, load_scenario, load_scenario_text
from simulator.model import NotifyRule
from tests.probes import PEAK_RSS

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "data" / "good"
BAD = ROOT / "tests" / "data" / "bad"

HEAD = """\
format: tabletop/1
id: t
clock: {start: 2026-01-14T06:00:00+02:00, duration: 1d}
organisations:
  - id: city
"""


def _errors(text: str, tmp_path: Path, name: str = "s.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loaded, diagnostics = check_scenario(path)
    assert loaded is None
    return [str(d) for d in diagnostics]


# --- valid scenarios --------------------------------------------------------------------


def test_a_valid_scenario_loads_with_its_records_and_positions() -> None:
    path = GOOD / "everything.yaml"
    loaded = load_scenario(path)
    scenario = loaded.scenario
    assert loaded.path == path
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.files == (path,)
    assert loaded.warnings == ()
    assert [s.id for s in scenario.services] == ["power", "mobile-network", "water"]
    assert (scenario.clock.duration.min, scenario.clock.duration.max) == (2880.0, 4320.0)
    assert isinstance(scenario.playbook[0], NotifyRule)
    assert scenario.playbook[0].to == ("county", "city")
    # The merge key '<<: *reserve' supplied tolerance and refill; x- keys are kept aside.
    assert scenario.services[2].depends_on[0].tolerance == Span.of(120.0)
    assert scenario.extensions == {"x-defaults": {"tolerance": "2h", "refill": "auto"}}
    assert loaded.where("services", "water") == (str(path), 31, 5)
    assert loaded.where("playbook", "refill") == (str(path), 58, 5)
    assert loaded.where("services", "nowhere") is None
    assert loaded.where("nothing", "water") is None


def test_included_lists_come_first_and_keep_their_files_and_positions() -> None:
    path = GOOD / "with_include.yaml"
    loaded = load_scenario(path)
    region = GOOD / "regions" / "example-region.yaml"
    assert loaded.files == (path, region)
    assert [o.id for o in loaded.scenario.organisations] == [
        "esimerkkila", "sahkoyhtio", "teleoperaattori", "vesihuoltolaitos",
    ]  # fmt: skip
    assert [s.id for s in loaded.scenario.services] == [
        "electricity", "mobile-network", "water-supply",
    ]  # fmt: skip
    assert [c.id for c in loaded.scenario.channels] == ["phone", "courier"]
    assert loaded.where("services", "mobile-network") == (str(region), 19, 5)
    assert loaded.where("services", "water-supply") == (str(path), 15, 5)
    assert loaded.scenario.extensions == {
        "x-sources": ["Example sources are kept as an extension."]
    }


def test_nested_includes_are_prepended_in_include_order(tmp_path: Path) -> None:
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions" / "a.yaml").write_text(
        "format: tabletop/1\ninclude: [b.yaml]\norganisations: [{id: a}]\n"
    )
    (tmp_path / "regions" / "b.yaml").write_text("format: tabletop/1\norganisations: [{id: b}]\n")
    (tmp_path / "regions" / "c.yaml").write_text("format: tabletop/1\norganisations: [{id: c}]\n")
    top = tmp_path / "top.yaml"
    top.write_text(
        "format: tabletop/1\nid: t\ninclude: [regions/a.yaml, regions/c.yaml]\n"
        "clock: {start: 2026-01-14T06:00:00+02:00, duration: 1d}\n"
        "organisations: [{id: top}]\nservices: [{id: s, owner: b}]\n"
    )
    loaded = load_scenario(top)
    assert [o.id for o in loaded.scenario.organisations] == ["b", "a", "c", "top"]
    assert [p.name for p in loaded.files] == ["top.yaml", "a.yaml", "b.yaml", "c.yaml"]


def test_an_error_in_an_included_record_points_into_that_file(tmp_path: Path) -> None:
    (tmp_path / "region.yaml").write_text(
        "format: tabletop/1\nservices:\n  - id: a\n    owner: city\n  - id: b\n    ownr: city\n"
    )
    errors = _errors(
        HEAD + "include: [region.yaml]\nservices:\n  - {id: c, owner: cty}\n", tmp_path
    )
    region = tmp_path / "region.yaml"
    assert errors == [
        f"{region}:6:5: services[1].ownr: unknown key 'ownr' (did you mean 'owner'?); "
        "expected one of: id, name, owner, population, vulnerable, critical, detect, restore, "
        "depends_on",
        f"{tmp_path / 's.yaml'}:8:20: services[0].owner: unknown organisation 'cty' "
        "(did you mean 'city'?)",
    ]


def test_includes_may_come_from_the_builtin_scenarios_folder(tmp_path: Path) -> None:
    from simulator.library import SCENARIOS_DIR

    regions = sorted((Path(SCENARIOS_DIR) / "regions").glob("*.yaml"))
    if not regions:
        pytest.skip("no built-in region files yet")
    relative = os.path.relpath(regions[0], tmp_path)
    path = tmp_path / "s.yaml"
    path.write_text(HEAD.replace("id: t\n", f"id: t\ninclude: ['{relative}']\n") + "services: []\n")
    _, diagnostics = check_scenario(path)
    assert not any("leads outside" in d.message for d in diagnostics)


def test_load_scenario_text_resolves_includes_from_the_working_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(GOOD)
    loaded = load_scenario_text((GOOD / "with_include.yaml").read_text(), "inline.yaml")
    assert loaded.path == Path("inline.yaml")
    assert loaded.files == (Path("inline.yaml"), Path("regions/example-region.yaml"))
    assert len(loaded.scenario.services) == 3
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text("format: tabletop/1\n", "inline.yaml")
    assert [str(d) for d in caught.value.diagnostics] == [
        f"inline.yaml:1:1: {key}: missing required key '{key}'"
        for key in ("clock", "id", "organisations", "services")
    ]


def test_a_cycle_with_no_reserve_is_a_warning_at_its_first_service() -> None:
    path = GOOD / "zero_tolerance_cycle.yaml"
    loaded, diagnostics = check_scenario(path)
    assert loaded is not None
    assert [str(d) for d in diagnostics] == [
        f"{path}:10:5: warning: services[0]: dependency cycle with no reserve: power, telecom "
        "depend on each other with tolerance 0m, so a failure among them can never recover"
    ]
    assert loaded.warnings == tuple(diagnostics)


def test_a_reserve_or_a_degraded_effect_breaks_the_zero_reserve_cycle(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        HEAD + "services:\n"
        "  - {id: a, owner: city, depends_on: [{service: b}]}\n"
        "  - {id: b, owner: city, depends_on: [{service: c, tolerance: {min: 0m, max: 1h}}]}\n"
        "  - {id: c, owner: city, depends_on: [{service: a, effect: degraded}]}\n"
        "  - {id: d, owner: city, depends_on: [{service: a}]}\n"
    )
    loaded, diagnostics = check_scenario(path)
    assert loaded is not None and diagnostics == []


def test_unknown_contact_channels_are_warnings(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        HEAD + "    contacts: [{role: boss, channels: [phnoe]}]\n"
        "services: [{id: s, owner: city}]\nchannels: [{id: phone}]\n"
    )
    loaded, diagnostics = check_scenario(path)
    assert loaded is not None
    assert [str(d) for d in diagnostics] == [
        f"{path}:6:40: warning: organisations[0].contacts[0].channels[0]: unknown channel "
        "'phnoe' (did you mean 'phone'?)"
    ]


# --- errors -----------------------------------------------------------------------------


def test_diagnostics_print_as_file_line_col_path_message() -> None:
    error = Diagnostic("s.yaml", 3, 7, "services[0].owner", "unknown organisation 'x'")
    warning = Diagnostic("s.yaml", 1, 1, "", "something odd", "warning")
    assert str(error) == "s.yaml:3:7: services[0].owner: unknown organisation 'x'"
    assert str(warning) == "s.yaml:1:1: warning: something odd"
    caught = ScenarioError([error, warning, error])
    assert caught.diagnostics == (warning, error)
    assert caught.errors == (error,)
    assert str(caught) == f"{warning}\n{error}"


def test_errors_from_every_stage_are_reported_together_in_order(tmp_path: Path) -> None:
    text = HEAD + textwrap.dedent(
        """\
        services:
          - id: water
            owner: city
            owner: city
            name: !secret x
            restore: 2
          - {id: power, owner: town}
        playbook:
          - {id: r, by: city, when: {service: water, state: down}, do: notify, to: city, via: x}
        """
    )
    path = tmp_path / "s.yaml"
    assert _errors(text, tmp_path) == [
        f"{path}:9:5: services[0].owner: duplicate key 'owner' (first given on line 8)",
        f"{path}:10:11: services[0].name: application tags are not allowed (found '!secret'); "
        "only plain YAML data (mappings, lists, strings, numbers, booleans) is allowed",
        f"{path}:11:14: services[0].restore: bare number 2 is not a duration; give a unit, "
        "e.g. '90m' or '1.5h'",
        f"{path}:12:24: services[1].owner: unknown organisation 'town'",
        f"{path}:14:87: playbook[0].via: unknown channel 'x'",
    ]


def test_a_missing_key_points_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    text = HEAD + "services: [{id: s, owner: city}]\nobjectives:\n  - id: o\n    expect:\n" \
        "      knows: {service: s, state: down}\n"  # fmt: skip
    assert _errors(text, tmp_path) == [
        f"{tmp_path / 's.yaml'}:10:7: objectives[0].expect.org: missing required key 'org'"
    ]


def test_a_missing_file_and_a_folder_are_reported(tmp_path: Path) -> None:
    assert [str(d) for d in check_scenario(tmp_path / "nope.yaml")[1]] == [
        f"{tmp_path / 'nope.yaml'}:1:1: no such file"
    ]
    assert [str(d) for d in check_scenario(tmp_path)[1]] == [
        f"{tmp_path}:1:1: is a folder, not a scenario file"
    ]


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(33 * 2**20)
    assert [str(d) for d in check_scenario(path)[1]] == [
        f"{path}:1:1: the file is 33.0 MiB; scenario files are limited to 32 MiB"
    ]


@pytest.mark.parametrize("depth", [65, 900, 5000])
def test_deep_nesting_is_refused_without_a_recursion_error(depth: int, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(HEAD + "summary: " + "[" * depth + "]" * depth + "\n")
    (diagnostic,) = check_scenario(path)[1]
    assert diagnostic.message == "nesting deeper than 64 levels"


BOMB_PROBE = PEAK_RSS + """
import json, sys, time

from simulator.loader import check_scenario
start = time.perf_counter()
loaded, diagnostics = check_scenario(sys.argv[1])
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "max_rss_mb": peak_rss() / 2**20,
    "messages": [d.message for d in diagnostics],
}))
"""


def test_an_alias_bomb_is_refused_fast_and_small() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BOMB_PROBE, str(BAD / "alias_bomb.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["messages"] == [
        "alias expansion exceeds 1,000,000 nodes; the file expands to too much data"
    ]
    assert probe["seconds"] < 2.0
    assert probe["max_rss_mb"] < 200


def test_aliases_within_the_limit_are_shared_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        HEAD + "services:\n  - &svc {id: a, owner: city, depends_on: &deps []}\n"
        "  - {id: b, owner: city, depends_on: *deps}\n"
    )
    loaded = load_scenario(path)
    assert [s.id for s in loaded.scenario.services] == ["a", "b"]


# --- no input makes the loader raise ----------------------------------------------------

_WORDS = st.sampled_from(
    ["format", "tabletop/1", "id", "services", "owner", "depends_on", "service", "tolerance",
     "clock", "start", "duration", "organisations", "include", "x-a", "<<", "&a", "*a", "!!str",
     "!x", "-", ":", "{", "}", "[", "]", ",", "'", '"', "#", "\t", "\n", "  ", "90m", "-1h", "0",
     "~", "yes", "2026-01-14T06:00:00+02:00", "é", "\x00", "\ufeff", "---", "..."]
)  # fmt: skip


def _check_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.yaml"
        path.write_bytes(data)
        loaded, diagnostics = check_scenario(path)
        assert loaded is not None or any(d.severity == "error" for d in diagnostics)
        for d in diagnostics:
            assert d.line >= 1 and d.col >= 1 and d.message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data: bytes) -> None:
    _check_bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_random_yamlish_text_never_raises(text: str) -> None:
    _check_bytes(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8) | _WORDS,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.text(max_size=8) | _WORDS, inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_random_documents_in_scenario_shape_never_raise(value: object) -> None:
    document = {
        "format": "tabletop/1",
        "id": "t",
        "clock": {"start": "2026-01-14T06:00:00+02:00", "duration": "1d"},
        "organisations": [{"id": "city"}],
        "services": [value, {"id": "s", "owner": "city", "depends_on": [value]}],
        "playbook": [value],
        "objectives": [{"id": "o", "expect": value}],
    }
    _check_bytes(json.dumps(document).encode())
