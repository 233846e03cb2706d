"""When the console simulates and what it redraws: the fastest speed gets the time the
frames do not need, and a frame redraws only what changed.

- Starting the clock ticks at once, not at the next slot of the tick timer.
- Within ``INPUT_GRACE`` of a key a tick waits for the grace to end, then simulates for
  the rest of its slice (before, the whole tick was lost).
- The tab bar shows one pane at a time, by key or click, and keeps it across a language
  switch.
- The services table redraws only the lines in view whose service changed in the run,
  and the cascade view updates only when a state in it changed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Tabs

from tests.tui.pilot_helpers import sync
from tests.tui.test_app_console import BIG, make_app, make_session
from tui.app import TabletopApp
from tui.drill_clock import INPUT_GRACE
from tui.screens.console import TABS
from tui.widgets.cascade_view import CascadeView
from tui.widgets.line_table import Frame
from tui.widgets.service_table import STATE_STYLES, ServiceTable


@sync
async def test_starting_the_clock_ticks_at_once_not_at_the_next_slot(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    app = TabletopApp(session, tick_hz=0.25)  # a slot every 4 s, the real wall clock
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4")
        await pilot.pause(2 * INPUT_GRACE)
        started = time.monotonic()
        app.action_toggle_clock()  # as the space key does, without the key's grace
        while session.run.now == 0.0 and time.monotonic() - started < 2.0:
            await pilot.pause(0.01)
        assert session.run.now > 0.0
        assert time.monotonic() - started < 2.0  # the next slot was still more than 3 s away


@sync
async def test_a_tick_within_the_grace_of_a_key_simulates_once_the_grace_is_over(
        tmp_path: Path) -> None:
    app, session, clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "space")
        assert app.running and app.speed is None
        clock.now += INPUT_GRACE / 4
        tick = app._tick(budget=1.0)
        pause = next(tick)  # the rest of the grace: the key's screen goes first
        assert pause == pytest.approx(INPUT_GRACE * 3 / 4)
        assert session.run.now == 0.0
        clock.now += pause
        for _pause in tick:  # the same tick simulates (the manual clock never runs out)
            pass
        assert session.run.finished


@sync
async def test_a_tick_gives_up_when_the_grace_outlasts_its_slice(tmp_path: Path) -> None:
    app, session, clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "space")
        assert list(app._tick(budget=INPUT_GRACE / 2)) == []
        assert session.run.now == 0.0
        clock.now += INPUT_GRACE
        assert list(app._tick(budget=1.0)) == []  # the grace is over: no wait, simulating
        assert session.run.now > 0.0


@sync
async def test_the_services_table_redraws_only_the_lines_that_changed(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        table = app.drill_screen.query_one(ServiceTable)
        await pilot.pause()
        drawn: list[int] = []
        render_row = table.render_row

        def counting(index: int, frame: Frame) -> Strip:
            drawn.append(index)
            return render_row(index, frame)

        table.render_row = counting  # type: ignore[method-assign]
        in_view = [row.service for row in table.rows][: table.page_height]
        before = {s: session.run.state(s) for s in in_view if s is not None}

        table.refresh_states()  # nothing changed: nothing is drawn
        await pilot.pause()
        assert drawn == []

        session.advance(1.0, 1000)  # the blackout: some services in view go down
        changed = {s for s, state in before.items() if session.run.state(s) != state}
        assert changed and len(changed) < len(before)
        table.refresh_states()
        await pilot.pause()
        redrawn = list(drawn)
        assert {in_view[i] for i in redrawn} == changed
        table.render_row = render_row  # type: ignore[method-assign]
        for index in redrawn:
            service = in_view[index]
            line = table.render_line(ServiceTable.HEADER_LINES + index).text
            assert service in line and session.run.state(service) in line


@sync
async def test_the_cascade_view_updates_only_when_a_state_in_it_changed(tmp_path: Path) -> None:
    app, session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        view = app.drill_screen.query_one(CascadeView)
        view.show("water-supply")
        await pilot.pause()
        updates: list[Text] = []
        update = view.update

        def counting(content: Any = "", **kwargs: Any) -> None:
            updates.append(content)
            update(content, **kwargs)

        view.update = counting  # type: ignore[method-assign]
        view.refresh_states()
        assert updates == []  # the same states: no update, no new layout
        session.advance(1.0, 1000)  # the blackout reaches the water supply's providers
        view.refresh_states()
        assert len(updates) == 1  # power-lahti, a provider, is now shown as down
        start = updates[0].plain.index("power-lahti")
        assert any(span.start == start and span.style == STATE_STYLES["down"]
                   for span in updates[0].spans)
        view.refresh_states()
        assert len(updates) == 1


@sync
async def test_keys_and_clicks_on_the_tab_bar_show_one_pane(tmp_path: Path) -> None:
    app, _session, _clock = make_app(tmp_path)
    async with app.run_test(size=BIG) as pilot:
        screen = app.drill_screen

        def displayed() -> list[str]:
            return [tab for tab, _title in TABS if screen.pane(tab).display]

        assert app.active_tab == "services" and displayed() == ["services"]
        await pilot.press("f3")
        assert app.active_tab == "timeline" and displayed() == ["timeline"]
        assert screen.query_one(Tabs).active == "tab-timeline"
        assert app.focused is not None and screen.pane("timeline") in app.focused.ancestors
        await pilot.click("#tab-decisions")  # the tab bar keeps the focus, as it takes it
        assert app.active_tab == "decisions" and displayed() == ["decisions"]
        await pilot.press("ctrl+l")  # another language: composed anew, in the same tab
        await pilot.pause()
        assert app.active_tab == "decisions" and displayed() == ["decisions"]
        assert screen.query_one(Tabs).active == "tab-decisions"
