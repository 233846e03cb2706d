"""The replay console: a recorded drill, read-only, at any simulated time.

The app is handed a :class:`~tui.replay.session.ReplaySession` (the drill recorded once)
and only moves its time: jump (the slider, ``g``, an hour with ``[``/``]``, either end),
step moment by moment (``,``/``.``) or event by event (``<``/``>``), or play at a chosen
speed. Every panel then redraws from the session at that time. The keys that record
inputs in a drill are refused with a notice: a replay never writes to the journal. Wall
time is read only through the injected ``clock``, so tests can freeze it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen

from tui.console_commands import TAB_BINDINGS, ConsoleCommands
from tui.i18n import N_, _, set_language
from tui.replay.session import ReplaySession
from tui.screens.replay import GoToTime, ReplayScreen
from tui.widgets.clock_bar import ClockBar, speed_label
from tui.widgets.scores_pane import ScoresPane
from tui.widgets.time_slider import TimeSlider

SPEEDS: tuple[float, ...] = (60.0, 600.0, 3600.0, 36000.0)
"""Simulated seconds per wall second: a minute, ten minutes, an hour, ten hours."""
DEFAULT_SPEED = 1
TICK_HZ = 20.0
MAX_DT = 0.5
SCORE_INTERVAL = 1.0
"""Wall seconds between score refreshes while playing (scoring reads the whole log)."""


class ReplayApp(ConsoleCommands):
    """The replay console; ``app.run()`` returns when the facilitator quits."""

    CSS_PATH = "../tabletop.tcss"
    TITLE = "Tabletop"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 - Textual's type
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_play", N_("Play/pause")),
        Binding("comma", "step(-1)", N_("Previous moment")),
        Binding("full_stop,s", "step(1)", N_("Next moment")),
        Binding("less_than_sign", "step_event(-1)", N_("Previous event")),
        Binding("greater_than_sign", "step_event(1)", N_("Next event")),
        Binding("left_square_bracket", "jump_by(-60)", N_("Back an hour"), show=False),
        Binding("right_square_bracket", "jump_by(60)", N_("Forward an hour"), show=False),
        Binding("b", "jump_to(0)", N_("To the start"), show=False),
        Binding("e", "jump_to(-1)", N_("To the end"), show=False),
        Binding("g", "go_to", N_("Go to time")),
        Binding("plus,equals_sign", "faster", N_("Faster")),
        Binding("minus", "slower", N_("Slower")),
        Binding("1", "speed(0)", N_("Speed 1 min/s"), show=False),
        Binding("2", "speed(1)", N_("Speed 10 min/s"), show=False),
        Binding("3", "speed(2)", N_("Speed 1 h/s"), show=False),
        Binding("4", "speed(3)", N_("Speed 10 h/s"), show=False),
        Binding("i,a,y,x,o,f,n", "read_only", N_("Inputs are refused"), show=False),
        *TAB_BINDINGS,
        Binding("q", "quit", N_("Quit")),
    ]

    def __init__(self, session: ReplaySession, *, lang: str = "en",
                 clock: Callable[[], float] = time.monotonic, tick_hz: float = TICK_HZ,
                 score_interval: float = SCORE_INTERVAL) -> None:
        set_language(lang)
        super().__init__()
        self.session = session
        self.lang = lang
        self.clock = clock
        self.tick_hz = tick_hz
        self.score_interval = score_interval
        self.playing = False
        self.speed_index = DEFAULT_SPEED
        self._last = clock()
        self._score_at = self._last
        self._bindings.key_to_bindings = {
            key: [dataclasses.replace(b, description=_(b.description)) for b in bindings]
            for key, bindings in self._bindings.key_to_bindings.items()
        }
        self.replay_screen = ReplayScreen(session, lang)

    def get_default_screen(self) -> Screen[Any]:
        return self.replay_screen

    def on_mount(self) -> None:
        for warning in self.session.warnings:
            self.notify(warning, severity="warning", markup=False, timeout=10)
        self.set_interval(1.0 / self.tick_hz, self.tick)
        self.call_after_refresh(self.refresh_view)

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    # --- playing ------------------------------------------------------------------------

    def tick(self) -> None:
        """One frame: while playing, move the time on by the speed; redraw."""
        now = self.clock()
        dt = min(max(now - self._last, 0.0), MAX_DT)
        self._last = now
        if not self.playing:
            return
        view = self.session.run
        self.session.seek(view.now + self.speed * dt / 60.0)
        if view.now >= self.session.end:
            self.playing = False
        self.refresh_view(score=now - self._score_at >= self.score_interval)

    def action_toggle_play(self) -> None:
        if not self.playing and self.session.run.now >= self.session.end:
            self.session.seek(0.0)  # played to the end: play again from the start
        self.playing = not self.playing
        self._last = self.clock()
        self.refresh_view()

    def action_speed(self, index: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, index))
        self.refresh_view()
        self.notify(_("Speed") + f" {speed_label(self.speed)}", markup=False, timeout=1.5)

    def action_faster(self) -> None:
        self.action_speed(self.speed_index + 1)

    def action_slower(self) -> None:
        self.action_speed(self.speed_index - 1)

    # --- moving -------------------------------------------------------------------------

    def _moved(self) -> None:
        self.playing = False
        self.refresh_view()

    def action_step(self, delta: int) -> None:
        self.session.step_moment(delta)
        self._moved()

    def action_step_event(self, delta: int) -> None:
        self.session.step_event(delta)
        self._moved()

    def action_jump_by(self, minutes: float) -> None:
        self.jump(self.session.run.now + minutes)

    def action_jump_to(self, t: float) -> None:
        self.jump(self.session.end if t < 0 else t)

    def jump(self, t: float) -> None:
        self.session.seek(t)
        self._moved()

    def action_go_to(self) -> None:
        def answer(t: float | None) -> None:
            if t is not None:
                self.jump(t)

        self.push_screen(GoToTime(self.session.end), answer)

    @on(TimeSlider.Jumped)
    def _slider_jumped(self, message: TimeSlider.Jumped) -> None:
        self.jump(message.t)

    @on(TimeSlider.Stepped)
    def _slider_stepped(self, message: TimeSlider.Stepped) -> None:
        self.action_step(message.delta)

    def action_read_only(self) -> None:
        self.notify(_("This is a replay: it is read-only and records nothing."),
                    severity="warning", markup=False)

    # --- views --------------------------------------------------------------------------

    @property
    def console_screen(self) -> ReplayScreen:
        return self.replay_screen

    def action_show_tab(self, tab: str) -> None:
        self.switch_tab(tab)
        self.refresh_view()

    def refresh_view(self, score: bool = True) -> None:
        """Redraw the clock bar, the slider and the tab in view at the session's time."""
        try:
            bar = self.replay_screen.query_one(ClockBar)
        except NoMatches:  # not composed yet
            return
        view = self.session.run
        bar.sim_time = view.now
        bar.speed = self.speed
        bar.running = self.playing
        bar.finished = view.finished
        slider = self.replay_screen.query_one(TimeSlider)
        slider.position = view.now
        slider.index = view.index
        slider.total = len(self.session.timeline.times)
        tab = self.active_tab
        if not tab:
            return
        if tab == "scores":
            if score or not self.playing:
                self.refresh_score_now()
            return
        refresh = getattr(self.replay_screen.query_one(f"#{tab}-pane"), "refresh_from", None)
        if refresh is not None:
            refresh()

    def refresh_score_now(self) -> dict[str, Any]:
        """Score the drill as it was at the time shown, and show it."""
        self._score_at = self.clock()
        score = self.session.compute_score()
        self.replay_screen.query_one(ScoresPane).show(score)
        return score
