"""The facilitator's console driven through Textual's Pilot, asserting on the engine and the
journal file (what a resume or replay will see), not only on the screen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from simulator.events import InjectFired, MessageEvent, NoteEvent, SuggestionEvent
from simulator.library import resolve_scenario
from simulator.loader import load_scenario
from tests.tui.pilot_helpers import ManualClock, sync
from tui.app import TabletopApp
from tui.dialogs.action import ActionDialog
from tui.dialogs.adhoc_inject import AdHocInjectDialog
from tui.dialogs.note import NoteDialog
from tui.dialogs.quit import QuitDialog
from tui.drill_clock import INPUT_GRACE
from tui.drill_session import DrillSession
from tui.screens.help import HelpScreen
from tui.widgets.cascade_view import CascadeView
from tui.widgets.line_table import TextTable
from tui.widgets.service_table import ServiceTable

BIG = (160, 48)
SMALL = (80, 24)
SIZES = [pytest.param(BIG, id="160x48"), pytest.param(SMALL, id="80x24")]


def make_session(tmp_path: Path) -> DrillSession:
    loaded = load_scenario(resolve_scenario("long-power-outage"))
    return DrillSession.start(loaded.scenario, "scenarios/long_power_outage.yaml",
                              loaded.sha256, tmp_path / "run" / "journal.jsonl", seed=7,
                              created="2026-01-16T18:00:00+02:00")


def make_app(tmp_path: Path) -> tuple[TabletopApp, DrillSession, ManualClock]:
    session = make_session(tmp_path)
    clock = ManualClock()
    # The timer practically never fires: each test drives ticks itself.
    app = TabletopApp(session, clock=clock, tick_hz=1 / 3600)
    return app, session, clock


def journal_lines(session: DrillSession) -> list[dict[str, Any]]:
    lines = session.journal.path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_space_starts_and_pauses_the_clock_at_real_time(tmp_path: Path,
                                                              size: tuple[int, int]) -> None:
    app, session, clock = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("space")
        assert app.running
        clock.now += 0.3
        app.tick()
        assert session.run.now == pytest.approx(0.3 / 60)
        await pilot.press("space")
        assert not app.running
        clock.now += 0.3
        app.tick()
        assert session.run.now == pytest.approx(0.3 / 60)


@sync
async def test_speeds_and_the_fastest_speed_never_run_past_a_bounded_slice(
        tmp_path: Path) -> None:
    app, session, clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "space")
        assert app.speed == 600.0
        clock.now += 0.1
        app.tick()
        assert session.run.now == pytest.approx(1.0)
        await pilot.press("minus")
        assert app.speed == 60.0
        clock.now += 0.5
        app.tick()
        assert session.run.now == pytest.approx(1.5)
        clock.now += 30.0  # a stall: the clock resumes, it does not leap
        app.tick()
        assert session.run.now == pytest.approx(2.0)
        await pilot.press("plus", "plus")
        assert app.speed is None
        app.tick()  # within INPUT_GRACE of a key, the fastest speed lets the screen go first
        assert session.run.now == pytest.approx(2.0)
        clock.now += INPUT_GRACE + 0.001
        app.tick()
        assert session.run.finished
        assert not app.running
        assert session.run.now == session.run.duration


@sync
async def test_the_real_timer_drives_the_clock(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    app = TabletopApp(session, tick_hz=50)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "space")
        for _ in range(200):
            await pilot.pause(0.02)
            if session.run.finished:
                break
        assert session.run.finished


@sync
async def test_step_goes_to_the_next_moment_something_happens(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("s")  # the storm at T+0 (events due at 0)
        first = session.run.now
        expected = session.run.next_time()
        await pilot.press("s")
        assert first == 0.0
        assert session.run.now == expected
        assert session.run.now > 0.0


@sync
async def test_jump_to_the_next_inject_fires_it_and_pauses(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("n")
        await pilot.press("n")
        at = session.run.drawn.at["storm-north"]
        assert session.run.now == at
        fired = [e for e in session.run.events if isinstance(e, InjectFired)]
        assert [(e.id, e.t) for e in fired] == [("storm-lahti", 0.0), ("storm-south", 0.0),
                                                ("storm-north", at)]
        assert not app.running
        await pilot.press("n")
        assert session.run.now == 240.0


@sync
async def test_fire_held_back_inject_from_the_timeline(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("n")  # T+0
        await pilot.press("f")  # shows the timeline with the first held-back inject chosen
        assert app.active_tab == "timeline"
        assert journal_lines(session) == []
        await pilot.press("f")
        assert journal_lines(session) == [
            {"t": 0.0, "type": "inject", "id": "hospital-generator-fault"}]
        assert session.run.state("hospital") == "degraded"
        assert app.timeline.held_back() == ["sewage-into-lake", "shelter-overcrowded"]
        table = app.timeline.query_one(TextTable)
        status = table.get_row("hospital-generator-fault")[4]
        assert str(status) == "fired T+00:00"


@sync
async def test_adhoc_inject_fails_a_service(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("i")
        dialog = app.screen
        assert isinstance(dialog, AdHocInjectDialog)
        dialog.query_one("#adhoc-target", Input).value = "water-supply"
        dialog.query_one("#adhoc-text", Input).value = "[bold]pump[/] broke"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, AdHocInjectDialog)
        assert journal_lines(session) == [{"t": 0.0, "type": "inject", "do": "fail",
                                           "target": "water-supply",
                                           "text": "[bold]pump[/] broke"}]
        assert session.run.state("water-supply") == "down"
        await pilot.press("f3")
        table = app.timeline.query_one(TextTable)
        last = table.get_row_at(table.row_count - 1)
        assert last[5].plain == "[bold]pump[/] broke"


@sync
async def test_adhoc_message_and_a_refused_inject_stays_in_the_dialog(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("i")
        dialog = app.screen
        dialog.query_one("#adhoc-target", Input).value = "no-such-service"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "unknown service 'no-such-service'" in str(
            dialog.query_one("#error").render())
        assert journal_lines(session) == []
        dialog.query_one("#adhoc-do", Select).value = "message"
        await pilot.pause()
        dialog.query_one("#adhoc-to", Input).value = "lahti, heinola"
        dialog.query_one("#adhoc-text", Input).value = "Call the county"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert journal_lines(session) == [{"t": 0.0, "type": "inject", "do": "message",
                                           "to": ["lahti", "heinola"],
                                           "text": "Call the county"}]
        assert session.inbox["heinola"][-1].text == "Call the county"


@sync
async def test_record_an_action_on_behalf_of_an_organisation(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("n")
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        dialog.query_one("#action-by", Select).value = "sahkoverkko"
        dialog.query_one("#action-to", Input).value = "hyvinvointialue"
        dialog.query_one("#action-via", Input).value = "phone, virve"
        dialog.query_one("#action-about", Input).value = "power-lahti:down"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert journal_lines(session) == [{
            "t": 0.0, "type": "action", "by": "sahkoverkko", "do": "notify",
            "to": ["hyvinvointialue"], "via": ["phone", "virve"],
            "about": {"service": "power-lahti", "state": "down"}}]
        sent = [e for e in session.run.events if isinstance(e, MessageEvent)]
        assert [(e.from_, e.to, e.channel, e.status) for e in sent] == [
            ("sahkoverkko", "hyvinvointialue", "phone", "sent")]


@sync
async def test_a_repair_action_with_duration_fields(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("n")
        await pilot.press("a")
        dialog = app.screen
        dialog.query_one("#action-by", Select).value = "sahkoverkko"
        dialog.query_one("#action-do", Select).value = "repair"
        await pilot.pause()
        assert not dialog.query_one("#action-to", Input).display
        dialog.query_one("#action-target", Input).value = "power-lahti"
        dialog.query_one("#action-takes", Input).value = "1h30m"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert journal_lines(session) == [{"t": 0.0, "type": "action", "by": "sahkoverkko",
                                           "do": "repair", "target": "power-lahti",
                                           "takes": 90.0}]
        session.advance(91.0, 1000)
        assert session.run.state("power-lahti") != "down"


@sync
async def test_accept_and_dismiss_suggestions_with_one_key(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        session.advance(60.0, 10_000)
        offered = [(s.rule, s.fact.id) for s in session.run.suggestions]
        assert len(offered) >= 2
        await pilot.press("f5")
        assert app.active_tab == "decisions"
        await pilot.press("y")
        first = session.run.suggestions[0]
        await pilot.press("x")
        lines = journal_lines(session)
        accepted = session.run.events[-1]
        assert lines[0]["rule"] == offered[0][0]
        assert lines[0]["fact"] == offered[0][1]
        assert lines[0]["type"] == "action"
        assert lines[1] == {"t": 60.0, "type": "dismiss", "rule": first.rule,
                            "fact": first.fact.id}
        assert [(s.rule, s.fact.id) for s in session.run.suggestions] == offered[2:]
        settled = [(e.rule, e.status) for e in session.run.events
                   if isinstance(e, SuggestionEvent) and e.status != "offered"]
        assert settled == [(offered[0][0], "accepted"), (first.rule, "dismissed")]
        assert accepted.type == "suggestion"


@sync
async def test_add_a_note_with_objective_and_rating(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # an empty note is not recorded
        dialog.query_one("#note-text", Input).value = "County [red]could not[/] reach the city"
        dialog.query_one("#note-objective", Select).value = "hospital-keeps-running"
        dialog.query_one("#note-rating", Select).value = "M"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert journal_lines(session) == [{
            "t": 0.0, "type": "note", "text": "County [red]could not[/] reach the city",
            "objective": "hospital-keeps-running", "rating": "M"}]
        notes = [e for e in session.run.events if isinstance(e, NoteEvent)]
        assert notes == [NoteEvent(0.0, "County [red]could not[/] reach the city",
                                   "hospital-keeps-running", "M")]
        await pilot.press("f6")
        assert app.active_tab == "observations"
        table = app.drill_screen.query_one("#notes", TextTable)
        assert table.get_row_at(0)[3].plain == "County [red]could not[/] reach the city"


@sync
async def test_filter_services(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"booster")
        table = app.drill_screen.query_one(ServiceTable)
        assert table.services == ["water-booster-zones"]
        app.drill_screen.query_one("#service-filter", Input).value = "vesilaitos"
        await pilot.pause()
        assert table.services == ["water-production", "water-towers", "water-supply",
                                  "water-booster-zones", "sewage-pumping"]
        await pilot.press("n")  # typed into the filter, not a jump
        assert session.run.now == 0.0
        app.drill_screen.query_one("#service-filter", Input).value = "state:down"
        await pilot.pause()
        assert table.services == []
        session.advance(1.0, 1000)
        table.refresh_states()
        assert "power-lahti" in table.services
        assert all(session.run.state(s) == "down" for s in table.services)


@sync
async def test_selecting_a_service_shows_its_cascade(tmp_path: Path) -> None:
    app, _session, _clock = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        table = app.drill_screen.query_one(ServiceTable)
        table.focus()
        target = next(i for i, row in enumerate(table.rows) if row.service == "water-supply")
        await pilot.press(*["down"] * target)
        assert table.current == "water-supply"
        await pilot.press("enter")
        view = app.drill_screen.query_one(CascadeView)
        assert view.service == "water-supply"
        text = str(view.render())
        assert "Depends on:" in text and "Depended on by:" in text
        assert "water-towers" in text


@sync
async def test_quit_asks_first_and_writes_the_score(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("n")
        await pilot.press("q")
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("escape")
        assert not isinstance(app.screen, QuitDialog)
        assert app.is_running
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
    assert app.return_value == "quit"
    assert session.closed
    score = json.loads(session.score_path.read_text(encoding="utf-8"))
    assert score["scenario"] == "long-power-outage"
    assert score["duration"] == 0.0
    events = session.events_path.read_text(encoding="utf-8").splitlines()
    assert len(events) == len(session.run.events)


@sync
async def test_help_screen_and_command_palette_list_every_action(tmp_path: Path) -> None:
    app, _session, _clock = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for binding in TabletopApp.BINDINGS:
            assert binding.description in titles  # type: ignore[union-attr]


@sync
async def test_scores_are_written_atomically_and_shown(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        session.advance(600.0, 10_000)
        score = app.refresh_score_now()
        await pilot.press("f7")
        assert app.active_tab == "scores"
        await pilot.press("f2")
        assert isinstance(app.focused, ServiceTable)
        assert json.loads(session.score_path.read_text(encoding="utf-8")) == score
        assert score["duration"] == 600.0
        assert not list(session.run_dir.glob("*.tmp"))
        assert "Objectives:" in str(app.drill_screen.query_one("#score-text").render())
