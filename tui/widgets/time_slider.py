"""The replay's time slider: where in the recorded drill the console is, and a way to move.

One line: a track from the start to the end of the recording, filled up to the time shown,
with a mark at each facilitator input (the decisions a replay is usually watched for), and
the event count. Clicking the track jumps there; with the slider focused the arrows step
from moment to moment, page up/down jump by an hour, home/end go to either end. The widget
only says what was asked (past-tense messages); the replay console moves the time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.i18n import N_, _


class TimeSlider(Widget, can_focus=True):
    """A track over ``[0, end]`` simulated minutes with a knob at :attr:`position`."""

    DEFAULT_CSS = """
    TimeSlider {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    TimeSlider:focus {
        background: $accent 25%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", N_("Previous moment"), show=False),
        Binding("right", "step(1)", N_("Next moment"), show=False),
        Binding("pageup", "jump_by(-60)", N_("Back an hour"), show=False),
        Binding("pagedown", "jump_by(60)", N_("Forward an hour"), show=False),
        Binding("home", "jump_to(0)", N_("To the start"), show=False),
        Binding("end", "jump_to(-1)", N_("To the end"), show=False),
    ]

    position: reactive[float] = reactive(0.0)
    """The simulated time shown, minutes."""
    index: reactive[int] = reactive(0)
    """Events applied at :attr:`position`."""
    total: reactive[int] = reactive(0)

    class Jumped(Message):
        """The facilitator asked for simulated time ``t`` (minutes)."""

        def __init__(self, t: float) -> None:
            super().__init__()
            self.t = t

    class Stepped(Message):
        """The facilitator asked for the next (``delta`` 1) or previous (-1) moment."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    def __init__(self, end: float, marks: Sequence[float] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.end = end
        self.marks = tuple(marks)
        """Times of the facilitator's inputs."""

    # --- geometry -----------------------------------------------------------------------

    def _label(self) -> str:
        return f" {self.index}/{self.total} " + _("events")

    @property
    def track_width(self) -> int:
        return max(self.content_size.width - len(self._label()), 2)

    def column_of(self, t: float) -> int:
        """The track column of time ``t``."""
        if self.end <= 0.0:
            return 0
        return round(min(max(t / self.end, 0.0), 1.0) * (self.track_width - 1))

    def time_at(self, column: int) -> float:
        """The time of track column ``column``."""
        return min(max(column, 0), self.track_width - 1) / (self.track_width - 1) * self.end

    # --- drawing ------------------------------------------------------------------------

    def render(self) -> Text:
        width = self.track_width
        knob = self.column_of(self.position)
        marked = {self.column_of(t) for t in self.marks}
        text = Text(no_wrap=True, overflow="crop")
        for column in range(width):
            if column == knob:
                text.append("●", style="bold")
            elif column in marked:
                text.append("▲", style="bold cyan" if column < knob else "cyan")
            elif column < knob:
                text.append("━", style="green")
            else:
                text.append("─", style="dim")
        text.append(self._label())
        return text

    # --- asking -------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.x < self.track_width:
            self.post_message(self.Jumped(self.time_at(offset.x)))

    def action_step(self, delta: int) -> None:
        self.post_message(self.Stepped(delta))

    def action_jump_by(self, minutes: float) -> None:
        self.post_message(self.Jumped(self.position + minutes))

    def action_jump_to(self, t: float) -> None:
        self.post_message(self.Jumped(self.end if t < 0 else t))
