"""A small deterministic run for the report tests, made with ``tabletop run``.

The run's journal header records the wall-clock time it was made (``created``); the tests
pin it, so that the report, which shows the date the exercise was held, is the same bytes
on every machine and day.
"""

from __future__ import annotations

import json
from pathlib import Path

from tui.cli import main

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small.yaml"
GOLDEN = Path(__file__).parent / "golden"
CREATED = "2026-01-16T16:00:00+02:00"
NOTE = {"t": 90.0, "type": "note", "text": "County could not reach the city by phone.",
        "objective": "county-knows-power", "rating": "S"}


def make_run(folder: Path, scenario: Path = SMALL, notes: tuple[dict[str, object], ...] = (NOTE,)
             ) -> Path:
    """Run ``scenario`` headless into ``folder`` with facilitator notes; pin ``created``."""
    inputs = folder.parent / f"{folder.name}-inputs.jsonl"
    header = {"type": "header", "format": "tabletop-journal/1", "scenario": str(scenario),
              "scenario_sha256": "0" * 64, "seed": 7, "created": CREATED}
    inputs.write_text("\n".join(json.dumps(line) for line in (header, *notes)) + "\n",
                      encoding="utf-8")
    assert main(["run", str(scenario), "--out", str(folder), "--inputs", str(inputs)]) == 0
    journal = folder / "journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["created"] = CREATED
    first["scenario"] = str(scenario)
    journal.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    return folder
