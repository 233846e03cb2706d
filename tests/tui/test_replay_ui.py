"""The replay console driven through the Pilot: what it shows at a time must be what the live
console shows on a fresh run advanced to that time, whichever way the time got there."""

from __future__ import annotations

import bisect
import dataclasses
from pathlib import Path
from typing import Any

import pytest

from simulator.engine import Run
from simulator.inputs import AdHocInject, Dismiss, Note
from simulator.journal import Journal, JournalWriter, make_header, read_journal
from simulator.library import resolve_scenario
from simulator.loader import load_scenario
from simulator.model import Scenario
from tests.tui.pilot_helpers import ManualClock, sync
from tui.cli import main
from tui.commands.replay import replay_stop
from tui.drill_session import DrillSession
from tui.replay.app import ReplayApp
from tui.replay.session import ReplaySession, replay_session
from tui.screens.replay import GoToTime, ReplayScreen, parse_time
from tui.session_view import RunView
from tui.widgets.clock_bar import ClockBar
from tui.widgets.organisations_pane import OrganisationsPane
from tui.widgets.scores_pane import ScoresPane
from tui.widgets.service_table import ServiceTable
from tui.widgets.time_slider import TimeSlider

SIZE = (160, 48)


@dataclasses.dataclass
class Drill:
    scenario: Scenario
    journal: Journal
    folder: Path
    stop: float

    def fresh(self, t: float, tmp: Path) -> DrillSession:
        """The live console's session over a fresh run advanced to ``t``."""
        run = Run(self.scenario, seed=self.journal.seed, inputs=self.journal.inputs,
                  playbook="suggest")
        run.advance_to(t)
        folder = tmp / f"fresh-{t:g}-{len(list(tmp.iterdir()))}"
        folder.mkdir()
        writer = JournalWriter(folder / "journal.jsonl", {"type": "header"})
        return DrillSession(self.scenario, run, writer)

    def files(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(self.folder.iterdir())}


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Drill:
    """A drill recorded by the console's session: suggestions accepted and dismissed, an
    ad-hoc inject and notes, stopped at T+30:00 (before the scenario's end)."""
    loaded = load_scenario(resolve_scenario("long-power-outage"))
    folder = tmp_path_factory.mktemp("drill") / "run"
    session = DrillSession.start(loaded.scenario, "scenarios/long_power_outage.yaml",
                                 loaded.sha256, folder / "journal.jsonl", seed=7,
                                 created="2026-01-16T18:00:00+02:00")
    run = session.run
    handled = 0
    while run.now < 30 * 60 and not run.finished:
        session.advance(run.now + 20, 10_000)
        for suggestion in run.suggestions:
            handled += 1
            if handled % 3:
                session.submit(dataclasses.replace(suggestion.action, t=run.now))
            else:
                session.submit(Dismiss(run.now, suggestion.rule, suggestion.fact.id))
        if handled and not session.notes:
            session.submit(Note(run.now, "County duty officer not reachable", None, None))
            session.submit(AdHocInject(run.now, "degrade", target="mobile-network",
                                       text="Base stations on batteries"))
    session.submit(Note(run.now, "Hot wash", None, None))
    session.close()
    journal = read_journal(folder / "journal.jsonl")
    stop = replay_stop(journal, folder / "events.jsonl")
    return Drill(loaded.scenario, journal, folder, stop)


def make_app(drill: Drill) -> tuple[ReplayApp, ReplaySession, ManualClock]:
    session = replay_session(drill.scenario, drill.journal, drill.stop)
    clock = ManualClock()
    app = ReplayApp(session, clock=clock, tick_hz=1 / 3600)  # the tests drive the ticks
    return app, session, clock


def lines(table: ServiceTable, run: RunView) -> list[str]:
    """The visible lines of the services table when it draws from ``run``."""
    shown = table.run
    table.run = run
    try:
        return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]
    finally:
        table.run = shown


def assert_shows(app: ReplayApp, drill: Drill, t: float, tmp: Path) -> None:
    """Every panel of the replay at ``t`` against the live console's on a fresh run."""
    replay = app.session
    view = replay.run
    live = drill.fresh(t, tmp)
    run = live.run
    screen = app.replay_screen
    assert view.now == run.now == t
    assert screen.query_one(ClockBar).sim_time == t
    assert screen.query_one(TimeSlider).index == view.index == len(run.events)
    assert view.events == run.events
    # services: states and reserves, as data and as drawn
    assert view.states() == run.states()
    for service in run.compiled.owner:
        assert view.reserves(service) == run.reserves(service), service
    table = screen.query_one(ServiceTable)
    assert lines(table, view) == lines(table, run)
    # situational pictures: known facts, and the organisations tab as drawn
    assert view.facts == run.facts
    pane = screen.query_one(OrganisationsPane)
    fresh_pane = OrganisationsPane(live, "en")
    for org in drill.scenario.organisations:
        assert view.known(org.id) == run.known(org.id), org.id
        assert pane.describe(org.id).plain == fresh_pane.describe(org.id).plain, org.id
    assert [(c.id, c.members, c.via, c.working) for c in view.pictures.centres] == \
        [(c.id, c.members, c.via, c.working) for c in run.pictures.centres]
    # decisions, tasks, injects, notes
    assert view.suggestions == run.suggestions
    assert replay.actions == live.actions
    assert replay.inject_events == live.inject_events
    assert replay.inbox == live.inbox
    assert replay.notes == live.notes
    assert {k: (s.triggered, s.by, s.effective) for k, s in view.tasks().items()} == \
        {k: (n.triggered, n.by, n.effective) for k, n in run.playbook.tasks.items()}
    # scores
    expected = live.compute_score()
    assert app.refresh_score_now() == expected
    assert screen.query_one(ScoresPane).score == expected
    live.close()


async def go_to(pilot: Any, text: str) -> None:
    await pilot.press("g")
    assert isinstance(pilot.app.screen, GoToTime)
    await pilot.press(*text, "enter")
    await pilot.pause()


@sync
async def test_jumps_forwards_and_backwards_show_a_fresh_run_at_that_time(
        drill: Drill, tmp_path: Path) -> None:
    app, session, _clock = make_app(drill)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ReplayScreen)
        await pilot.pause()
        assert_shows(app, drill, 0.0, tmp_path)
        for text, t in (("T+12:00", 720.0), ("3:30", 210.0), ("28h", 1680.0),
                        ("T+00:45", 45.0), ("1d", 1440.0)):
            await go_to(pilot, text)
            assert_shows(app, drill, t, tmp_path)
        table = app.replay_screen.query_one(ServiceTable)  # the lines do follow the time
        start = drill.fresh(0.0, tmp_path)
        assert lines(table, session.run) != lines(table, start.run)
        start.close()
        await pilot.press("e")
        assert session.run.now == drill.stop == 1800.0
        assert_shows(app, drill, drill.stop, tmp_path)
        await pilot.press("b", "right_square_bracket", "right_square_bracket")
        assert_shows(app, drill, 120.0, tmp_path)
        await pilot.press("left_square_bracket")
        assert_shows(app, drill, 60.0, tmp_path)


@sync
async def test_single_steps_back_and_forth_land_on_each_moment(drill: Drill,
                                                                tmp_path: Path) -> None:
    app, session, _clock = make_app(drill)
    times = sorted(set(session.timeline.times))
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "T+10:00")
        before = [t for t in times if t < 600.0]
        for expected in reversed(before[-4:]):
            await pilot.press("comma")
            assert session.run.now == expected
            assert_shows(app, drill, expected, tmp_path)
        after = [t for t in times if t > session.run.now]
        await pilot.press("full_stop")
        assert_shows(app, drill, after[0], tmp_path)
        await pilot.press("s")
        assert_shows(app, drill, after[1], tmp_path)


@sync
async def test_event_steps_move_one_event_and_finish_the_moment(drill: Drill) -> None:
    app, session, _clock = make_app(drill)
    tl = session.timeline
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "T+06:00")
        index = session.run.index
        await pilot.press("greater_than_sign")
        assert (session.run.index, session.run.now) == (index + 1, tl.times[index])
        await pilot.press("greater_than_sign")
        assert session.run.index == index + 2
        await pilot.press("less_than_sign", "less_than_sign", "less_than_sign")
        assert (session.run.index, session.run.now) == (index - 1, tl.times[index - 2])
        await pilot.press("full_stop")  # inside a moment: to its end
        assert session.run.index == bisect.bisect_right(tl.times, tl.times[index - 2])


@sync
async def test_the_slider_steps_jumps_and_clicks(drill: Drill, tmp_path: Path) -> None:
    app, session, _clock = make_app(drill)
    times = sorted(set(session.timeline.times))
    async with app.run_test(size=SIZE) as pilot:
        slider = app.replay_screen.query_one(TimeSlider)
        assert app.focused is slider
        await pilot.press("end")
        assert session.run.now == drill.stop
        await pilot.press("pageup")
        assert session.run.now == drill.stop - 60.0
        await pilot.press("left")
        assert session.run.now == max(t for t in times if t < drill.stop - 60.0)
        await pilot.press("home", "right")
        assert session.run.now == (times[0] if times[0] > 0 else times[1])
        column = slider.track_width // 2
        expected = slider.time_at(column)
        await pilot.click(TimeSlider, offset=(column + 1, 0))  # +1: the padding
        assert session.run.now == pytest.approx(expected)
        assert_shows(app, drill, session.run.now, tmp_path)
        assert "●" in str(slider.render())


@sync
async def test_play_at_chosen_speeds_and_pause(drill: Drill) -> None:
    app, session, clock = make_app(drill)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "T+01:00")
        await pilot.press("2", "space")
        assert app.playing and app.speed == 600.0
        clock.now += 0.5
        app.tick()
        assert session.run.now == pytest.approx(65.0)
        await pilot.press("plus")
        assert app.speed == 3600.0
        clock.now += 0.5
        app.tick()
        assert session.run.now == pytest.approx(95.0)
        await pilot.press("space")
        clock.now += 0.5
        app.tick()
        assert session.run.now == pytest.approx(95.0)
        assert not app.replay_screen.query_one(ClockBar).running
        await pilot.press("4", "space")
        for _ in range(10):
            clock.now += 0.5
            app.tick()
        assert session.run.now == drill.stop
        assert not app.playing


@sync
async def test_the_replay_refuses_inputs_and_writes_nothing(drill: Drill) -> None:
    before = drill.files()
    app, session, _clock = make_app(drill)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "T+12:00")
        await pilot.press("f5")
        suggestions = len(session.run.suggestions)
        for key in ("i", "a", "y", "x", "o", "f", "n"):
            await pilot.press(key)
            assert isinstance(app.screen, ReplayScreen), key
        assert len(session.run.suggestions) == suggestions
        await pilot.press("f7", "f4", "f2", "q")
    assert drill.files() == before


def test_parse_time_reads_clock_times_and_durations() -> None:
    assert parse_time("T+52:30") == 3150.0
    assert parse_time("01:05") == 65.0
    assert parse_time("2h30m") == 150.0
    with pytest.raises(ValueError, match="T\\+HH:MM"):
        parse_time("soon")


def test_replay_without_check_exits_2_on_an_unreadable_journal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "journal.jsonl"
    bad.write_text("not json\n")
    assert main(["replay", str(bad)]) == 2
    assert f"{bad}:1:" in capsys.readouterr().err


def test_the_stop_of_a_journal_without_events(drill: Drill, tmp_path: Path) -> None:
    header = make_header("x.yaml", "0" * 64, 1, "2026-01-16T18:00:00+02:00", mode="drill")
    journal = read_journal(drill.folder / "journal.jsonl")
    assert replay_stop(dataclasses.replace(journal, header=header), tmp_path / "none") == \
        journal.inputs[-1].t
    assert replay_stop(dataclasses.replace(journal, header={**header, "mode": "run"}),
                       tmp_path / "none") == float("inf")
