"""The top bar: simulated time, its wall-clock label, the speed and whether the clock runs.

Always visible, because every decision in a drill is judged against the time: ``T+12:30``
is simulation time from the start, the label is ``clock.start`` plus that time.
"""

from __future__ import annotations

from datetime import datetime

from rich.segment import Segment
from rich.text import Text
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from reports.i18n import fmt_weekday_datetime
from simulator.clock import wall_clock
from tui.i18n import _, language


def format_sim_time(minutes: float) -> str:
    """``T+HH:MM`` (hours keep counting past a day: ``T+52:30``)."""
    whole = int(minutes)
    return f"T+{whole // 60:02d}:{whole % 60:02d}"


def speed_label(speed: float | None) -> str:
    return _("max") if speed is None else f"{speed:g}×"


class ClockBar(Widget):
    """Title, simulated time, wall-clock label, speed and running/paused/ended.

    One line drawn on the Line API: it is redrawn at every tick (20 times a second while
    the clock runs), and drawing its text as segments costs a third of what Textual's
    general path for a widget's content does.
    """

    DEFAULT_CSS = """
    ClockBar {
        height: 1;
    }
    """

    sim_time: reactive[float] = reactive(0.0)
    speed: reactive[float | None] = reactive(1.0)
    running: reactive[bool] = reactive(False)
    finished: reactive[bool] = reactive(False)

    def __init__(self, title: str, start: datetime, duration: float, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.title_text = title
        self.start = start
        self.duration = duration

    def render(self) -> Text:
        moment = wall_clock(self.start, self.sim_time)
        if self.finished:
            status, style = _("ended"), "bold magenta"
        elif self.running:
            status, style = _("running"), "bold green"
        else:
            status, style = _("paused"), "bold yellow"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(format_sim_time(self.sim_time), style="bold")
        text.append(f" / {format_sim_time(self.duration)}  ")
        text.append(fmt_weekday_datetime(moment, language()), style="cyan")
        text.append("  ")
        text.append(f"▶ {speed_label(self.speed)}  ", style="bold")
        text.append(status, style=style)
        text.append("  ")
        text.append(self.title_text, style="dim")
        return text

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        console = self.app.console
        line = console.render_lines(self.render(), console.options.update_width(width),
                                    pad=False)[0]
        return Strip([Segment(s.text, base + s.style if s.style else base) for s in line],
                     ).crop_extend(0, width, base)
