"""The layering is enforced, not hoped for: ``tui -> reports -> simulator``, and the
simulator core loads no UI toolkit, so it can run headless in workers and on a cluster."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
FORBIDDEN = ("textual", "rich", "tui", "reports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_import_contracts_catch_a_violation(tmp_path: Path) -> None:
    """The contracts have teeth: a copy of the code with one bad import breaks both."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("simulator", "reports", "tui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "simulator" / "durations.py").open("a", encoding="utf-8") as module:
        module.write("\nimport rich  # noqa\nimport tui.cli  # noqa\n")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 2 broken." in result.stdout


def _simulator_modules() -> list[str]:
    code = (
        "import json, pkgutil, simulator\n"
        "names = [m.name for m in pkgutil.walk_packages(simulator.__path__, 'simulator.')]\n"
        "print(json.dumps(names))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    names: list[str] = json.loads(result.stdout)
    return names


def test_simulator_imports_no_ui_or_outer_layer() -> None:
    modules = _simulator_modules()
    assert "simulator.model" in modules
    assert "simulator.graph" in modules
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(json.dumps(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
