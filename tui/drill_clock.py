"""The drill console's clock: ticks that advance the run in slices between frames.

The simulation never blocks the interface. A tick advances the run by a bounded slice,
then redraws the clock bar (every tick) and the tab in view. At a set speed the slice is
the simulated time the wall clock asks for (at most ``MAX_STEPS`` engine moments); at the
fastest speed it lasts until the next tick is due, and within it the event loop runs every
``YIELD_EVERY`` seconds. Those pauses are where the frames are drawn (Textual draws a
refreshed screen from its own timer), so no part of the interval is set aside and left
idle when the frame needs less. A key press or click that arrives ends the slice, and the
fastest speed then gives way for ``INPUT_GRACE`` while the key is handled and its screen
drawn, so the facilitator never waits for one (measured by ``benchmarks/console.py``). A
set speed is not held back: its slices are small. Starting the clock, or changing its
speed, wakes the ticks at once instead of at the next slot.

Full garbage collections are the console's business too. Each key's frame allocates
thousands of short-lived objects (Textual's strips), and every so often that made Python
start a full collection in the middle of a key press: a pause of 60-70 ms at 10k services,
the whole tail of the key-to-screen latency. So the console collects the oldest generation
itself, in a tick when the facilitator has been idle for ``GC_IDLE`` (at most every
``GC_INTERVAL``, and at the latest after ``GC_LONGEST``). What existed when the console
opened (the scenario, the compiled run, the widgets) was frozen out of the collector's way
then; what came later is not frozen, so a dialog's widgets, once closed, are collected even
if they hold reference cycles (freezing them would keep them for the whole drill).

The ticks are an asyncio task with exact slots (not Textual's timer, which skips a slot
that a tick overran): a tick that starts late, because the frame before it took long,
simulates less instead, so the frame rate and the simulation's share both hold. Wall time
for the run is read only through the app's injected ``clock``; tests call :meth:`tick`.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message

if TYPE_CHECKING:
    from tui.drill_session import DrillSession
    from tui.live_scores import LiveScores

SPEEDS: tuple[float | None, ...] = (1.0, 60.0, 600.0, None)
"""Simulated seconds per wall second; None is as fast as the machine allows."""
TICK_HZ = 20.0
MAX_DT = 0.5
"""Wall seconds one tick may catch up (after a stall the clock resumes, it does not leap)."""
MAX_STEPS = 2000
"""Engine moments per tick at a set speed; beyond that the simulation lags, the UI does not."""
MAX_CHUNK = 20
"""Engine moments between two looks at the wall clock at the fastest speed (a moment of a
large cascade can take milliseconds)."""
MAX_FAST_STEPS = 5000
"""Engine moments per tick at the fastest speed, whatever the clock says (a frozen one)."""
PANE_INTERVAL = 0.5
"""Wall seconds between redraws of the tab in view while the clock runs at the fastest
speed: too fast to read anyway, and each redraw takes time from the simulation (a tab
redraws only what changed, but finding out costs too). The clock bar is redrawn every
tick; keys redraw at once."""
YIELD_EVERY = 0.005
"""Wall seconds the fastest speed simulates before letting the event loop look for keys."""
INPUT_GRACE = 0.1
"""Wall seconds after a key, click or paste in which the fastest speed does not simulate:
handling a key takes several turns of the event loop (the key climbs the widgets, the
action runs, the screen is laid out and drawn), and a slice started meanwhile would make
every turn wait. Two ticks at 20 Hz; a facilitator typing holds the clock for as long."""
GC_IDLE = 1.0
"""Wall seconds without a key, click or paste before the console collects garbage."""
GC_INTERVAL = 5.0
"""Wall seconds between the console's full garbage collections (while idle)."""
GC_LONGEST = 60.0
"""Wall seconds after which a full collection is made even while the facilitator types."""
NEVER = 2**30
"""A threshold the oldest generation's count never reaches: no automatic full collection."""


class DrillClock:
    """The tick methods of :class:`~tui.app.TabletopApp` (a mixin before ``App``)."""

    session: DrillSession
    scores: LiveScores
    clock: Callable[[], float]
    tick_hz: float
    running: bool
    speed_index: int
    goal: float | None
    _last: float
    _origin: float
    _pane_at: float
    _input_at: float
    _gc_at: float = 0.0
    _gc_thresholds: tuple[int, int, int] | None = None
    _wake: asyncio.Event | None = None

    @property
    def speed(self) -> float | None:
        return SPEEDS[self.speed_index]

    def refresh_view(self, pane: bool = True) -> None:
        raise NotImplementedError

    def hold_garbage_collection(self) -> None:
        """From now on the console, not Python, starts full collections (see the module);
        what exists now lives as long as the console: frozen out of the collector's way."""
        if self._gc_thresholds is None:
            self._gc_thresholds = gc.get_threshold()
            young, middle, _old = self._gc_thresholds
            gc.set_threshold(young, middle, NEVER)
        gc.freeze()
        self._gc_at = self.clock()

    def release_garbage_collection(self) -> None:
        """Python's own collection thresholds again (the console is closing)."""
        if self._gc_thresholds is not None:
            gc.set_threshold(*self._gc_thresholds)
            self._gc_thresholds = None

    def _collect_garbage(self, now: float) -> None:
        since = now - self._gc_at
        if self._gc_thresholds is not None and (
                since >= GC_LONGEST or (since >= GC_INTERVAL and now - self._input_at >= GC_IDLE)):
            gc.collect()
            self._gc_at = self.clock()

    def tick(self) -> None:
        """One frame: advance the run by a slice, then redraw what is in view. (The timer
        runs :meth:`_run_clock`; tests call this with their own clock.)"""
        interval = 1.0 / self.tick_hz
        phase = (self.clock() - self._origin) % interval
        for _pause in self._tick(interval - phase):
            pass

    def wake_clock(self) -> None:
        """Tick now, not at the next slot: the clock was started or its speed changed."""
        if self._wake is not None:
            self._wake.set()

    async def _run_clock(self) -> None:
        """The ticks, one per slot of ``1 / tick_hz`` wall seconds.

        A tick that starts late (the frame before it took long) gets a shorter slice
        instead of a skipped slot, so the frame rate holds and the simulation keeps its
        share of the time. Within a slice the event loop runs every ``YIELD_EVERY`` s,
        and a key or click ends the slice, so the facilitator never waits for one.
        :meth:`wake_clock` starts a tick at once, and the slots from then on.
        """
        interval = 1.0 / self.tick_hz
        wake = self._wake = asyncio.Event()
        start = time.monotonic()
        count = 0
        while True:
            count += 1
            slot = start + count * interval
            now = time.monotonic()
            if now < slot:
                wake.clear()
                try:
                    await asyncio.wait_for(wake.wait(), slot - now)
                except TimeoutError:
                    pass
                else:
                    start = slot = time.monotonic()
                    count = 0
            elif now - slot >= interval:  # a stall: carry on from the current slot
                count = int((now - start) / interval)
                slot = start + count * interval
            for pause in self._tick(slot + interval - time.monotonic()):
                await asyncio.sleep(pause)

    def _tick(self, budget: float) -> Iterator[float]:
        """A tick whose fastest-speed slice may take ``budget`` seconds, pausing
        between its chunks (it yields how long: 0 to let the event loop run once)."""
        now = self.clock()
        dt = min(max(now - self._last, 0.0), MAX_DT)
        self._last = now
        session, run = self.session, self.session.run
        moving = self.running or self.goal is not None
        speed = self.speed
        if self.goal is not None:
            if session.advance(self.goal, MAX_STEPS):
                self.goal = None
        elif self.running and not run.finished:
            if speed is not None:
                session.advance(run.now + speed * dt / 60.0, MAX_STEPS)
            elif not self.scores.busy:  # the simulation gives way to a score being computed
                yield from self._fast_slice(now, budget)
                session.flush()
        if run.finished:
            self.running = False
        if session.closed:
            return
        fast = self.running and self.speed is None
        self.refresh_view(pane=not fast or now - self._pane_at >= PANE_INTERVAL)
        stopped = moving and not (self.running or self.goal is not None)
        self.scores.maybe_refresh(now, force=stopped)
        self._collect_garbage(now)

    def _fast_slice(self, now: float, budget: float) -> Iterator[float]:
        """Simulate until ``budget`` is spent, the run ends, or (after a pause) the
        facilitator did something; the events file is flushed by the caller.

        Within ``INPUT_GRACE`` of the facilitator's last key, click or paste, the slice
        first waits for the grace to end (or gives up the tick, if it ends later): the
        simulation resumes as soon as the key's screen is drawn, not at the next tick.
        """
        grace = self._input_at + INPUT_GRACE - now
        if grace > 0:
            if grace >= budget:
                return
            yield grace
            started = self.clock()
            if started - self._input_at < INPUT_GRACE or not self._still_fastest():
                return  # another key came meanwhile (or the clock changed): next tick
        else:
            started = now
        session, run = self.session, self.session.run
        paused = started
        for _chunk in range(MAX_FAST_STEPS // MAX_CHUNK):
            if session.advance(run.duration, MAX_CHUNK, flush=False):
                return
            moment = self.clock()
            if moment - now > budget:
                return
            if moment - paused >= YIELD_EVERY:
                yield 0.0
                paused = self.clock()
                if self._input_at >= started or not self._still_fastest():
                    return

    def _still_fastest(self) -> bool:
        """The clock still runs at the fastest speed (checked after each pause)."""
        return (self.running and self.speed is None and self.goal is None
                and not self.session.closed)

    def post_message(self, message: Message) -> bool:
        """Note keys, clicks and pastes as they arrive, for :meth:`_fast_slice`."""
        if isinstance(message, events.InputEvent) and not isinstance(message, events.MouseMove):
            self._input_at = self.clock()
        return super().post_message(message)  # type: ignore[misc, no-any-return]

