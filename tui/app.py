"""The facilitator's console: a Textual app that drives a drill it is handed.

The app never builds a simulation. It is given a :class:`DrillSession` (the run, its
journal and its folder) and does three things: advances the run in slices from a timer
(never blocking the interface: a slice stops after a bounded number of engine moments, and
at the fastest speed after a wall-time budget), turns the facilitator's keys and dialogs
into inputs (each one journalled and synced before the screen shows its effect), and redraws
the tab in view. Wall time is read only through the injected ``clock`` function, so tests
and snapshots can freeze it.

A console whose terminal vanishes (the tmux pane or ssh session killed: SIGHUP, or only
end-of-file on its input) closes the drill as quitting does and exits. Left to Textual it
would either die of the signal without writing ``score.json`` or, with no signal, spin on
its input reading end-of-file and block once its output queue filled.
"""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import time
from collections.abc import Callable
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.driver import Driver
from textual.screen import Screen
from textual.widgets import Input

from simulator.inputs import Dismiss, InputError, input_from_dict
from simulator.inputs import Input as SimInput
from tui.console_commands import TAB_BINDINGS, ConsoleCommands
from tui.console_driver import ConsoleDriver, console_driver
from tui.dialogs.action import ActionDialog
from tui.dialogs.adhoc_inject import AdHocInjectDialog
from tui.dialogs.form_dialog import Fields
from tui.dialogs.note import NoteDialog
from tui.dialogs.quit import QuitDialog
from tui.drill_clock import MAX_STEPS, SPEEDS, TICK_HZ, DrillClock
from tui.drill_session import DrillSession
from tui.i18n import LANGUAGES, N_, _, set_language
from tui.live_scores import LiveScores
from tui.screens.console import ConsoleScreen
from tui.widgets.clock_bar import ClockBar, speed_label
from tui.widgets.decisions_pane import DecisionsPane
from tui.widgets.line_table import TextTable
from tui.widgets.service_table import ServiceTable
from tui.widgets.timeline_pane import TimelinePane

LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}
"""Each language by its own name, as a language menu shows it."""
SCORE_INTERVAL = 3.0
"""Wall seconds between score refreshes (scoring reads the whole log)."""
HANGUP_CHECK = 0.25
"""Wall seconds between looks at whether the terminal is still there."""
HANGUP = "hangup"
"""What ``app.run()`` returns when the terminal went away (the drill is closed)."""


class TabletopApp(DrillClock, ConsoleCommands):
    """The console. ``app.run()`` returns ``"report"`` when the report was asked for."""

    CSS_PATH = "tabletop.tcss"
    TITLE = "Tabletop"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 - Textual's type
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_clock", N_("Start/pause")),
        Binding("s", "step", N_("Step")),
        Binding("n", "next_inject", N_("Next inject")),
        Binding("plus,equals_sign", "faster", N_("Faster")),
        Binding("minus", "slower", N_("Slower")),
        Binding("1", "speed(0)", N_("Speed 1×"), show=False),
        Binding("2", "speed(1)", N_("Speed 60×"), show=False),
        Binding("3", "speed(2)", N_("Speed 600×"), show=False),
        Binding("4", "speed(3)", N_("Fastest speed"), show=False),
        Binding("f", "fire_held_back", N_("Fire held-back")),
        Binding("i", "adhoc_inject", N_("Ad-hoc inject")),
        Binding("a", "record_action", N_("Action")),
        Binding("y", "accept_suggestion", N_("Accept")),
        Binding("x", "dismiss_suggestion", N_("Dismiss")),
        Binding("o", "add_note", N_("Note")),
        Binding("slash", "filter_services", N_("Filter")),
        *TAB_BINDINGS,
        Binding("q", "request_quit", N_("Quit")),
        Binding("ctrl+l", "switch_language", N_("Language")),
    ]

    def __init__(self, session: DrillSession, *, lang: str = "en",
                 clock: Callable[[], float] = time.monotonic, tick_hz: float = TICK_HZ,
                 score_interval: float = SCORE_INTERVAL) -> None:
        set_language(lang)
        super().__init__()
        self.animation_level = "none"
        """No animations (the tab underline slid for 0.3 s at every tab switch, redrawing
        the tab bar 18 times while the next key waited; the clock needs the frames)."""
        self.session = session
        self.lang = lang
        self.clock = clock
        self.tick_hz = tick_hz
        self.running = False
        self.speed_index = 0
        self.goal: float | None = None
        """A time the clock is running to (jump to the next inject), then it pauses."""
        self._last = clock()
        self.scores = LiveScores(self, score_interval)
        self._pane_at = self._last
        self._pane_seen: dict[str, tuple[int, float]] = {}
        """Tab -> (session revision, simulated time) it was last redrawn at."""
        self._input_at = float("-inf")
        """When the last key, click or paste arrived (by ``clock``)."""
        self._origin = self._last
        """About when the tick timer started: its slots are this plus whole intervals."""
        self.result_message = ""
        self._msgids = {b.action: b.description for bindings in
                        self._bindings.key_to_bindings.values() for b in bindings}
        """Action -> the English description of its binding (translated when shown)."""
        self._translate_bindings()
        self.drill_screen = ConsoleScreen(session, lang)

    def _translate_bindings(self) -> None:
        self._bindings.key_to_bindings = {
            key: [dataclasses.replace(b, description=_(self._msgids.get(b.action,
                                                                        b.description)))
                  for b in bindings]
            for key, bindings in self._bindings.key_to_bindings.items()
        }

    async def action_switch_language(self) -> None:
        """The next language (fi → sv → en → fi): every text is drawn again in it."""
        order = LANGUAGES
        lang = order[(order.index(self.lang) + 1) % len(order)] if self.lang in order \
            else order[0]
        set_language(lang)
        self.lang = lang
        self._translate_bindings()
        self.drill_screen.lang = lang
        await self.drill_screen.recompose()  # in the tab in view
        self.refresh_bindings()
        self._pane_seen.clear()
        self.refresh_view()
        self.scores.redraw()
        self.notify(_("Language: {name}").format(name=LANGUAGE_NAMES[lang]), markup=False,
                    timeout=2)

    def get_default_screen(self) -> Screen[Any]:
        return self.drill_screen

    def get_driver_class(self) -> type[Driver]:
        return console_driver(super().get_driver_class())

    # --- lifecycle ----------------------------------------------------------------------

    def on_mount(self) -> None:
        for warning in self.session.warnings:
            self.notify(warning, severity="warning", markup=False, timeout=10)
        self._origin = self.clock()
        self.run_worker(self._run_clock(), name="clock", group="clock", exclusive=True)
        self.refresh_view()
        if isinstance(self._driver, ConsoleDriver):  # a real terminal (not a test's)
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGHUP, self.end_drill, True)
            loop.add_signal_handler(signal.SIGTERM, self.end_drill, False)
            self.set_interval(HANGUP_CHECK, self._check_terminal)
        # The scenario, the compiled run and the widgets live as long as the console: out of
        # the collector's sight, a full collection is no longer a 0.2 s freeze at 10k services.
        self.hold_garbage_collection()

    def on_unmount(self) -> None:
        self.release_garbage_collection()

    # --- the clock (the ticks are in tui.drill_clock) -------------------------------------

    def action_toggle_clock(self) -> None:
        if self.session.run.finished:
            self.notify(_("The run has ended."), markup=False)
            return
        self.running = not self.running
        self._last = self.clock()
        self.refresh_view()
        if self.running:
            self.wake_clock()
        else:
            self.scores.maybe_refresh(self._last, force=True)

    def action_speed(self, index: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, index))
        self.refresh_view()
        if self.running:
            self.wake_clock()
        self.notify(_("Speed") + f" {speed_label(self.speed)}", markup=False, timeout=1.5)

    def action_faster(self) -> None:
        self.action_speed(self.speed_index + 1)

    def action_slower(self) -> None:
        self.action_speed(self.speed_index - 1)

    def action_step(self) -> None:
        """To the next moment something happens."""
        if not self.session.run.finished:
            self.session.step()
        self.refresh_view()

    def action_next_inject(self) -> None:
        """Run (at the fastest speed, in slices) to the next scheduled inject, then pause."""
        at = self.timeline.next_inject_time()
        if at is None:
            self.notify(_("No scheduled inject is left."), markup=False)
            return
        self.running = False
        self.goal = None if self.session.advance(at, MAX_STEPS) else at
        self.refresh_view()
        if self.goal is not None:
            self.wake_clock()

    # --- facilitator inputs -------------------------------------------------------------

    def make_input(self, fields: Fields) -> SimInput:
        """The input of a dialog's fields, at the time now."""
        return input_from_dict({"t": self.session.run.now, **fields})

    def check_fields(self, fields: Fields) -> str | None:
        try:
            self.session.run.check(self.make_input(fields))
        except InputError as exc:
            return str(exc)
        return None

    def submit(self, item: SimInput) -> bool:
        """Journal, then apply, then show; False (and a message) when the run refuses it."""
        try:
            self.session.submit(item)
        except InputError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        self.refresh_view()
        return True

    def _submit_fields(self, fields: Fields | None) -> None:
        if fields is not None:
            try:
                item = self.make_input(fields)
            except InputError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.submit(item)

    def action_fire_held_back(self) -> None:
        timeline = self.timeline
        held = timeline.held_back()
        chosen = timeline.selected
        if self.active_tab == "timeline" and chosen in held:
            from simulator.inputs import FireInject

            self.submit(FireInject(self.session.run.now, chosen))
            return
        self.action_show_tab("timeline")
        if not held:
            self.notify(_("No held-back inject is left."), markup=False)
            return
        table = timeline.query_one(TextTable)
        table.move_cursor(row=table.get_row_index(held[0]))
        table.focus()
        self.notify(_("Choose a held-back inject and press f."), markup=False)

    def action_adhoc_inject(self) -> None:
        table = self.drill_screen.query_one(ServiceTable)
        target = table.current if self.active_tab == "services" else None
        self.push_screen(AdHocInjectDialog(self.session.scenario, self.check_fields, target),
                         self._submit_fields)

    def action_record_action(self) -> None:
        self.push_screen(ActionDialog(self.session.scenario, self.check_fields),
                         self._submit_fields)

    def action_add_note(self) -> None:
        self.push_screen(NoteDialog(self.session.scenario, self.check_fields),
                         self._submit_fields)

    def action_accept_suggestion(self) -> None:
        suggestion = self.drill_screen.query_one(DecisionsPane).selected
        if suggestion is None:
            self.notify(_("The playbook suggests nothing now."), markup=False)
            return
        self.submit(dataclasses.replace(suggestion.action, t=self.session.run.now))

    def action_dismiss_suggestion(self) -> None:
        suggestion = self.drill_screen.query_one(DecisionsPane).selected
        if suggestion is None:
            self.notify(_("The playbook suggests nothing now."), markup=False)
            return
        self.submit(Dismiss(self.session.run.now, suggestion.rule, suggestion.fact.id))

    # --- views --------------------------------------------------------------------------

    @property
    def timeline(self) -> TimelinePane:
        return self.drill_screen.query_one(TimelinePane)

    @property
    def console_screen(self) -> ConsoleScreen:
        return self.drill_screen

    def action_show_tab(self, tab: str) -> None:
        self.switch_tab(tab)
        self.refresh_view()
        if tab == "scores":
            self.scores.came_into_view()

    def action_filter_services(self) -> None:
        self.action_show_tab("services")
        self.drill_screen.query_one("#service-filter", Input).focus()

    def refresh_view(self, pane: bool = True) -> None:
        """Redraw the clock bar and (unless ``pane`` is False) the tab in view."""
        try:
            bar = self.drill_screen.query_one(ClockBar)
        except NoMatches:  # not composed yet
            return
        run = self.session.run
        bar.sim_time = run.now
        bar.speed = self.speed
        bar.running = self.running or self.goal is not None
        bar.finished = run.finished
        tab = self.active_tab
        if pane and tab:
            self._pane_at = self.clock()
            # Only the tab in view, and only if the run moved since it was last drawn.
            seen = (self.session.revision, run.now)
            if self._pane_seen.get(tab) == seen:
                return
            self._pane_seen[tab] = seen
            shown = self.drill_screen.query_one(f"#{tab}-pane")
            refresh = getattr(shown, "refresh_from", None)
            if refresh is not None:
                refresh()

    # --- scores (see tui.live_scores for when) ------------------------------------------

    def refresh_score_now(self) -> dict[str, Any]:
        """Score synchronously (tests, and quitting); shows and writes it."""
        return self.scores.now()

    # --- help, palette, quit ------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quitting always asks (ctrl+q, the palette's Quit and q alike)."""
        self.action_request_quit()

    def action_request_quit(self) -> None:
        self.push_screen(QuitDialog(self.session.run_dir, True), self._quit_answer)

    def _quit_answer(self, answer: str | None) -> None:
        if answer is not None:
            self._close(answer)

    def _close(self, answer: str) -> None:
        """Stop the clock, close the drill (final ``score.json``) and exit with ``answer``."""
        self.running = False
        self.goal = None
        self.session.close()
        self.exit(answer)

    def _check_terminal(self) -> None:
        driver = self._driver
        if isinstance(driver, ConsoleDriver) and driver.hung_up():
            self.end_drill(terminal_gone=True)

    def end_drill(self, terminal_gone: bool) -> None:
        """Close the drill as quitting does, without asking, and exit (SIGHUP, SIGTERM, or
        the terminal gone). Every input is already in the journal; this writes the final
        ``score.json``. ``app.run()`` returns :data:`HANGUP`."""
        driver = self._driver
        if terminal_gone and isinstance(driver, ConsoleDriver):
            driver.gone = True  # nothing can be drawn or restored any more
        self._close(HANGUP)
