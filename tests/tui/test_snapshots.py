"""Snapshots of the console's main screens at 80×24 and 160×48 (pytest-textual-snapshot).

Each scene starts a fresh console on the fixed scenario of ``snapshot_apps`` (fixed seed,
frozen wall clock, run folder ``runs/snapshot-drill`` under the test's own directory), puts
it in a state through the console's own ticks and inputs, and compares the screen with the
SVG in ``__snapshots__/``. After a deliberate change of the console, look at the report
pytest prints, then refresh the baselines with ``pytest tests/tui/test_snapshots.py
--snapshot-update``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from simulator.inputs import AdHocInject, FireInject
from tests.tui.snapshot_apps import FrozenClock, make_app, run_clock
from tui.app import TabletopApp
from tui.widgets.service_table import ServiceTable

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]

Scene = Callable[[TabletopApp, FrozenClock], None]


def accept(app: TabletopApp, rule: str) -> None:
    """Accept the playbook's suggestion of ``rule`` (as the y key does for the chosen one)."""
    run = app.session.run
    suggestion = next(s for s in run.suggestions if s.rule == rule)
    assert app.submit(dataclasses.replace(suggestion.action, t=run.now))


def scripted_drill(app: TabletopApp, clock: FrozenClock) -> None:
    """Three hours of the storm: the grid reports, the rescue department convenes the
    centre, the facilitator fires the held-back generator fault and messages the county."""
    run_clock(app, clock, 20.0)
    accept(app, "grid-reports-outage")
    run_clock(app, clock, 60.0)
    accept(app, "rescue-convenes-centre")
    assert app.submit(FireInject(app.session.run.now, "generator-fault"))
    assert app.submit(AdHocInject(app.session.run.now, "message", to=("hyvinvointialue",),
                                  text="Call the city's preparedness manager"))
    run_clock(app, clock, 180.0)
    app.running = False
    app.refresh_view()


def select_service(app: TabletopApp, service: str) -> None:
    """Put the services table's cursor on ``service`` and show its cascade (enter)."""
    table = app.drill_screen.query_one(ServiceTable)
    table.focus()
    table.cursor = next(i for i, row in enumerate(table.rows) if row.service == service)
    table.action_select()


def running_with_services_down(app: TabletopApp, clock: FrozenClock) -> None:
    scripted_drill(app, clock)
    app.running = True  # the bar says "running"; the frozen clock keeps the frame still
    app.refresh_view()
    select_service(app, "water-supply")


def with_scores(app: TabletopApp, clock: FrozenClock) -> None:
    scripted_drill(app, clock)
    app.refresh_score_now()


def adhoc_on_selected_service(app: TabletopApp, clock: FrozenClock) -> None:
    run_clock(app, clock, 60.0)
    app.running = False
    select_service(app, "hospital")


def nothing(app: TabletopApp, clock: FrozenClock) -> None:
    """The console as it opens."""


SCENES: dict[str, tuple[Scene, tuple[str, ...]]] = {
    "start": (nothing, ()),
    "running_services_down": (running_with_services_down, ()),
    "timeline": (scripted_drill, ("f3",)),
    "organisations": (scripted_drill, ("f4", "down")),
    "decisions_with_suggestion": (scripted_drill, ("f5",)),
    "scores": (with_scores, ("f7",)),
    "help": (nothing, ("question_mark",)),
    "adhoc_inject_dialog": (adhoc_on_selected_service, ("i",)),
    "quit_dialog": (scripted_drill, ("q",)),
}


def snapshot(snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             scene: Scene, press: Iterable[str], size: tuple[int, int]) -> bool:
    monkeypatch.chdir(tmp_path)  # the run folder on screen is runs/snapshot-drill
    app, clock = make_app(tmp_path)

    async def run_before(pilot: Any) -> None:
        await pilot.pause()  # the console screen is composed
        scene(app, clock)
        await pilot.pause()

    try:
        return bool(snap_compare(app, press=press, terminal_size=size, run_before=run_before))
    finally:
        app.session.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCENES))
def test_console_screen(snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        name: str, size: tuple[int, int]) -> None:
    scene, press = SCENES[name]
    assert snapshot(snap_compare, tmp_path, monkeypatch, scene, press, size)
