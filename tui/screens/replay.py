"""The replay console's screen: the drill console's layout with a time slider under the clock.

Everything below the slider is the live console's own tabs and panels, drawn from a
:class:`~tui.replay.session.ReplaySession` instead of a live drill, so a replay looks like
the drill did at that time. Only the titles that name input keys say that a replay is
read-only. :class:`GoToTime` asks for a time to jump to.
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from simulator.durations import DurationError, parse_duration
from tui.i18n import N_, _
from tui.replay.session import ReplaySession
from tui.screens.console import ConsoleScreen
from tui.widgets.clock_bar import ClockBar
from tui.widgets.decisions_pane import DecisionsPane
from tui.widgets.observations_pane import ObservationsPane
from tui.widgets.time_slider import TimeSlider

_CLOCK = re.compile(r"^\s*(?:T\+)?(\d+):([0-5]\d)\s*$", re.IGNORECASE)


def parse_time(text: str) -> float:
    """Minutes of ``T+HH:MM``, ``HH:MM`` or a duration (``90m``, ``2h30m``, ``1d``).

    Raises ``ValueError`` with a message for the facilitator.
    """
    match = _CLOCK.match(text)
    if match:
        return int(match.group(1)) * 60.0 + int(match.group(2))
    try:
        return parse_duration(text.strip())
    except DurationError:
        raise ValueError(_("Give a time as T+HH:MM, HH:MM or a duration such as 90m or 2h30m."))\
            from None


class ReplayScreen(ConsoleScreen):
    """Clock bar, time slider, the console's tabs, the keys."""

    AUTO_FOCUS = "#time-slider"

    def __init__(self, session: ReplaySession, lang: str) -> None:
        super().__init__(session, lang)
        self.replay = session

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield widget
            if isinstance(widget, ClockBar):
                marks = [item.t for item in self.replay.timeline.inputs]
                yield TimeSlider(self.replay.end, marks, id="time-slider")

    def on_mount(self) -> None:
        bar = self.query_one(ClockBar)
        bar.title_text = _("Replay (read-only)") + ": " + bar.title_text
        bar.duration = self.replay.end  # the recording's span, which may stop before the end
        bar.refresh()
        self.query_one(DecisionsPane).query_one(Label).update(
            _("Playbook suggestions (replay: read-only)"))
        self.query_one(ObservationsPane).query_one(Label).update(
            _("Observations (replay: read-only)"))


class GoToTime(ModalScreen[float | None]):
    """Asks for a simulated time; returns its minutes, or None when cancelled."""

    DEFAULT_CSS = """
    GoToTime {
        align: center middle;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, end: float) -> None:
        super().__init__()
        self.end = end

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Go to time"), classes="dialog-title")
            yield Input(id="goto-time", placeholder=_("T+HH:MM, HH:MM, or 90m, 2h30m"))
            yield Static("", classes="dialog-error", id="error")

    @on(Input.Submitted, "#goto-time")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            minutes = parse_time(event.value)
        except ValueError as exc:
            self.query_one("#error", Static).update(str(exc))
            return
        self.dismiss(min(minutes, self.end))

    def action_cancel(self) -> None:
        self.dismiss(None)
