"""The console starts Python's full garbage collections itself, and only when the
facilitator is idle: never in the middle of a key press (where they were the tail of the
key-to-screen latency), at the latest after ``GC_LONGEST``; Python's own thresholds come
back when the console closes."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from tests.tui.pilot_helpers import sync
from tests.tui.test_app_console import BIG, make_app
from tui.drill_clock import GC_IDLE, GC_INTERVAL, GC_LONGEST, NEVER


@sync
async def test_full_collections_wait_for_an_idle_facilitator(tmp_path: Path) -> None:
    app, session, clock = make_app(tmp_path)
    before = gc.get_threshold()
    full: list[float] = []

    def collected(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(clock.now)

    gc.callbacks.append(collected)
    try:
        async with app.run_test(size=BIG) as pilot:
            assert gc.get_threshold() == (before[0], before[1], NEVER)
            full.clear()  # Python's own, while the console started (its thresholds then)
            start = clock.now
            clock.now += GC_INTERVAL
            await pilot.press("s")  # a key now: the facilitator is busy
            app.tick()
            assert full == []
            clock.now += GC_IDLE
            app.tick()  # idle for GC_IDLE: collected once, then not again for GC_INTERVAL
            app.tick()
            assert full == [start + GC_INTERVAL + GC_IDLE]
            for _second in range(int(GC_LONGEST)):  # typing without a pause for a minute
                clock.now += 1.0
                await pilot.press("s")
                app.tick()
            assert full == [start + GC_INTERVAL + GC_IDLE, start + GC_INTERVAL + GC_IDLE
                            + GC_LONGEST]
            assert session.run.now > 0  # the keys were steps of the clock
            await pilot.press("q")
            await pilot.press("y")
    finally:
        gc.callbacks.remove(collected)
    assert gc.get_threshold() == before
