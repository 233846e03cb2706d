"""Resources: a national-scale scenario fits in memory; hostile files are refused cheaply.

Measured in subprocesses from their own ``VmHWM`` (peak RSS of the child only), so that
the test's own memory does not count. The limits are the ones ``SECURITY.md`` states.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.probes import PEAK_RSS

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
GIB = 1024 * 1024 * 1024

BIG_RUN = PEAK_RSS + """
import json, sys

from simulator.engine import Run
from simulator.model import Scenario
from simulator.synthetic import generate_scenario

scenario = Scenario.model_validate(generate_scenario(100_000, seed=1))
events = Run(scenario).run_to_end()
print(json.dumps({"services": len(scenario.services), "events": len(events),
                  "end": events[-1].type,
                  "rss": peak_rss()}))
"""


def child(code: str, *args: str, timeout: float) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=timeout)
    return result, time.monotonic() - started


def test_a_100k_service_scenario_runs_in_under_2_gib() -> None:
    result, _ = child(BIG_RUN, timeout=120)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["services"] == 100_000
    assert figures["end"] == "end" and figures["events"] > 1000
    assert figures["rss"] < 2 * GIB, f"peak RSS {figures['rss'] / GIB:.2f} GiB"


VALIDATE = PEAK_RSS + """
import json, sys, time

from tui.cli import main
timings = {}
for path in sys.argv[1:]:
    started = time.perf_counter()
    status = main(["validate", path])
    timings[path] = (status, time.perf_counter() - started)
print(json.dumps({"timings": timings,
                  "rss": peak_rss()}))
"""


def test_hostile_files_are_refused_within_stated_limits(tmp_path: Path) -> None:
    """A 50 MB file, two alias bombs and 100,000 nested brackets: each refused within 5 s,
    the whole process under 300 MiB (each expands to gigabytes if parsed naively)."""
    big = tmp_path / "huge.yaml"
    with big.open("wb") as stream:
        stream.write((DATA / "journals" / "scenario.yaml").read_bytes() + b"x-padding:\n")
        for _ in range(50 * 1024):
            stream.write(b"  - " + b"a" * 1019 + b"\n")
    deep = tmp_path / "deep.yaml"
    deep.write_text("format: tabletop/1\nx-deep: " + "[" * 100_000 + "]" * 100_000 + "\n")
    files = [big, ROOT / "tests" / "data" / "bad" / "alias_bomb.yaml",
             DATA / "yaml" / "alias_bomb_mappings.yaml", deep]
    result, _ = child(VALIDATE, *map(str, files), timeout=60)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.splitlines()[-1])
    for path in files:
        status, seconds = figures["timings"][str(path)]
        assert status == 2 and seconds < 5.0, (path, status, seconds)
    errors = result.stderr.splitlines()
    assert f"{big}:1:1: the file is 50.0 MiB; scenario files are limited to 32 MiB" in errors
    assert any("alias expansion exceeds 1,000,000 nodes" in e for e in errors)
    assert any(e.startswith(f"{deep}:") and "nesting deeper than 64 levels" in e
               for e in errors)
    assert figures["rss"] < 300 * 1024 * 1024, f"peak RSS {figures['rss'] / 2**20:.0f} MiB"
