"""The built-in scenarios: listed, resolved by id, and found after a non-editable install."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from simulator import library
from simulator.diagnostics import ScenarioError
from simulator.library import (
    DEFAULT_SCENARIO,
    SCENARIOS_DIR,
    BuiltinScenario,
    builtin_scenarios,
    resolve_scenario,
)

ROOT = Path(__file__).resolve().parents[2]
BUILTIN_IDS = sorted(
    yaml.safe_load(path.read_text(encoding="utf-8"))["id"]
    for path in (Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml")
)
"""The ids written in the scenario files themselves (not asked of the library under test)."""


def test_scenarios_dir_is_the_package_folder() -> None:
    assert SCENARIOS_DIR == ROOT / "scenarios"


def test_builtins_sorted_by_id_with_titles() -> None:
    found = builtin_scenarios()
    assert [s.id for s in found] == BUILTIN_IDS
    for scenario in found:
        assert scenario.path.parent == SCENARIOS_DIR
        assert scenario.title, scenario.id
    assert DEFAULT_SCENARIO in BUILTIN_IDS


def test_region_and_foreign_files_are_not_scenarios(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "b.yaml").write_text(
        "format: tabletop/1\nid: b-scenario\ntitle: {fi: Bee, en: Bee}\n"
        "clock: {start: 2026-01-14T06:00:00+02:00, duration: 1d}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.yaml").write_text(
        "format: tabletop/1\nid: a-scenario\nclock: {duration: 1d}\n", encoding="utf-8"
    )
    (tmp_path / "region.yaml").write_text("format: tabletop/1\nid: region\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("format: something/2\nclock: {}\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("format: [tabletop/1\n", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- 1\n", encoding="utf-8")
    monkeypatch.setattr(library, "SCENARIOS_DIR", tmp_path)
    assert builtin_scenarios() == [
        BuiltinScenario("a-scenario", None, tmp_path / "a.yaml"),
        BuiltinScenario("b-scenario", {"fi": "Bee", "en": "Bee"}, tmp_path / "b.yaml"),
    ]


def test_resolve_builtin_id() -> None:
    assert resolve_scenario("long-power-outage") == SCENARIOS_DIR / "long_power_outage.yaml"


def test_existing_path_wins_over_an_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "long-power-outage").write_text("mine", encoding="utf-8")
    assert resolve_scenario("long-power-outage") == Path("long-power-outage")
    (tmp_path / "water.yaml").write_text("mine", encoding="utf-8")
    assert resolve_scenario("water.yaml") == Path("water.yaml")


def test_unknown_argument_suggests_and_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError) as caught:
        resolve_scenario("long-power-outgae")
    assert [str(d) for d in caught.value.diagnostics] == [
        "long-power-outgae:1:1: no such file or built-in scenario 'long-power-outgae' "
        "(did you mean 'long-power-outage'?); built-in scenarios: " + ", ".join(BUILTIN_IDS)
    ]
    with pytest.raises(ScenarioError) as caught:
        resolve_scenario("zzz")
    assert str(caught.value) == (
        "zzz:1:1: no such file or built-in scenario 'zzz'; built-in scenarios: "
        + ", ".join(BUILTIN_IDS)
    )


def test_a_folder_is_not_a_scenario_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenarios").mkdir()
    with pytest.raises(ScenarioError, match="no such file or built-in scenario 'scenarios'"):
        resolve_scenario("scenarios")


# --- a non-editable install ---------------------------------------------------------------


def _build_wheel(source: Path, out: Path) -> Path | None:
    """A wheel of ``source``, or None when this environment cannot build one (no ``wheel``)."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("-q", "--no-index", "-w", str(out), str(source)),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        assert "bdist_wheel" in result.stdout + result.stderr, result.stdout + result.stderr
        return None
    return next(out.glob("tabletop-*.whl"))


def test_non_editable_install_finds_builtins_by_id(tmp_path: Path) -> None:
    """Install the project as a user would (not editable) and resolve built-ins from elsewhere.

    The sources are copied first so that building never writes into the checkout. When
    the environment cannot build wheels (setuptools without the ``wheel`` package), the
    same setuptools configuration is exercised with ``build_py``, which copies exactly the
    packages and package data a wheel would contain.
    """
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("simulator", "tui", "reports", "scenarios"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", source)
    (source / "README.md").write_text("Tabletop\n", encoding="utf-8")
    lib = tmp_path / "lib"
    wheel = _build_wheel(source, tmp_path / "dist")
    if wheel is not None:
        install = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q"]
        subprocess.run([*install, "--target", str(lib), str(wheel)], check=True)
    else:
        subprocess.run(
            [
                *(sys.executable, "-c", "from setuptools import setup; setup()"),
                *("-q", "build_py", "--build-lib", str(lib)),
            ],
            cwd=source,
            check=True,
            capture_output=True,
        )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # -S: no site processing, so the checkout's editable-install hook is not active; the
    # dependencies come from this environment's site-packages, the project from ``lib``.
    code = (
        "import sys\n"
        f"sys.path[:0] = [{str(lib)!r}]\n"
        f"sys.path.append({sysconfig.get_paths()['purelib']!r})\n"
        "import simulator.library as lib\n"
        "print(lib.resolve_scenario('long-power-outage'))\n"
        "print(' '.join(s.id for s in lib.builtin_scenarios()))\n"
        "print(lib.__file__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], cwd=elsewhere, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    resolved, ids, module = result.stdout.splitlines()
    assert Path(resolved) == lib / "scenarios" / "long_power_outage.yaml"
    assert Path(resolved).is_file()
    assert ids.split() == BUILTIN_IDS
    assert Path(module) == lib / "simulator" / "library.py"
