"""The services, grouped by organisation, as a virtual table on Textual's Line API.

A regional scenario has 10k–100k services; ``DataTable`` measures every cell when rows are
added and re-renders on every cell update (1.9 s for 10k rows, see performance-notes).
This widget keeps only a list of row keys (organisation headers and service ids, after the
filter) and renders the visible lines from the run's live state on each refresh, so its
cost depends on the height of the terminal, not on the size of the region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from simulator.durations import format_minutes
from simulator.model import Scenario, text_in
from tui.i18n import N_, _
from tui.session_view import RunView

STATE_STYLES: dict[str, Style] = {
    "up": Style(color="green"),
    "strained": Style(color="yellow", bold=True),
    "degraded": Style(color="dark_orange", bold=True),
    "down": Style(color="red", bold=True),
}
STATE_GLYPHS = {"up": "●", "strained": "◐", "degraded": "◑", "down": "✖"}
HEADER_STYLE = Style(bold=True, underline=True)
CURSOR_STYLE = Style(reverse=True)
UNFOCUSED_CURSOR_STYLE = Style(bgcolor="grey23")
ID_WIDTH = 26
NAME_WIDTH = 30
NARROW = 90
"""Below this width the names are left out, so that states and reserves fit."""


@dataclass(frozen=True, slots=True)
class _Frame:
    """What the lines of one frame share: scroll offset, width, base style, layout, focus."""

    x: int
    y: int
    width: int
    base: Style
    wide: bool
    focused: bool


@dataclass(frozen=True, slots=True)
class Row:
    """One line: an organisation header (``service`` None) or a service."""

    org: str
    service: str | None = None


class ServiceTable(ScrollView, can_focus=True):
    """Every service, grouped by owner, coloured by state, with the reserves that drain."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("pageup", "cursor(-20)", N_("Page up"), show=False),
        Binding("pagedown", "cursor(20)", N_("Page down"), show=False),
        Binding("home", "cursor(-1000000000)", N_("First"), show=False),
        Binding("end", "cursor(1000000000)", N_("Last"), show=False),
        Binding("enter", "select", N_("Show cascade"), show=False),
    ]

    cursor: reactive[int] = reactive(0)

    class Selected(Message):
        """The facilitator chose a service (enter or click): show its cascade."""

        def __init__(self, service: str) -> None:
            super().__init__()
            self.service = service

    def __init__(self, scenario: Scenario, run: RunView, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.run = run
        order = {org.id: i for i, org in enumerate(scenario.organisations)}
        self.org_names = {o.id: text_in(o.name, lang, o.id) for o in scenario.organisations}
        self.names = {s.id: text_in(s.name, lang, "") for s in scenario.services}
        self.owner = {s.id: s.owner for s in scenario.services}
        members: dict[str, list[str]] = {}
        for service in scenario.services:
            members.setdefault(service.owner, []).append(service.id)
        self.groups = [(org, members[org])
                       for org in sorted(members, key=lambda o: (order.get(o, len(order)), o))]
        self.filter_text = ""
        self._frame: _Frame | None = None
        self.rows: list[Row] = []
        self.id_width = min(ID_WIDTH, max((len(s) for s in self.names), default=8))
        self._apply_filter()

    # --- the model ----------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """Show the services whose id, name or owner contains every word of ``text``;
        a word ``state:down`` (or another state) keeps those in that state now."""
        self.filter_text = text.strip().lower()
        self._apply_filter()
        self.cursor = 0
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def _apply_filter(self) -> None:
        words = self.filter_text.split()
        states = {w.removeprefix("state:") for w in words if w.startswith("state:")}
        words = [w for w in words if not w.startswith("state:")]
        rows: list[Row] = []
        run = self.run
        for org, services in self.groups:
            org_hit = all(w in org or w in self.org_names[org].lower() for w in words)
            shown = [
                s for s in services
                if (not states or run.state(s) in states)
                and (org_hit or all(w in s or w in self.names[s].lower() for w in words))
            ]
            if shown:
                rows.append(Row(org))
                rows.extend(Row(org, s) for s in shown)
        self.rows = rows
        self._size_virtually()

    def _size_virtually(self) -> None:
        # Names are shown only from NARROW columns on: counting them below that would put
        # a needless horizontal scrollbar over a line of an 80x24 terminal.
        names = NAME_WIDTH if self.size.width >= NARROW else 0
        self.virtual_size = Size(self.id_width + names + 40, len(self.rows))

    def on_resize(self, event: events.Resize) -> None:
        self._size_virtually()

    @property
    def services(self) -> list[str]:
        """The service ids shown, in order."""
        return [row.service for row in self.rows if row.service is not None]

    @property
    def current(self) -> str | None:
        """The service under the cursor, if the cursor is on a service."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].service
        return None

    def refresh_states(self) -> None:
        """Redraw the visible lines from the run (and refilter when filtering by state)."""
        if "state:" in self.filter_text:
            self._apply_filter()
            self.cursor = min(self.cursor, max(len(self.rows) - 1, 0))
        self.refresh()

    # --- cursor -------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height or 1
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False)
        self.refresh()

    def action_select(self) -> None:
        service = self.current
        if service is not None:
            self.post_message(self.Selected(service))

    def on_click(self, event: events.Click) -> None:
        index = event.y + round(self.scroll_y)
        if 0 <= index < len(self.rows):
            self.cursor = index
            self.action_select()

    # --- rendering ----------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line needs, looked up once a frame: ``rich_style`` alone cost ~0.5 ms
        # a line (its cache is cleared by each refresh), most of a 20 Hz frame's budget.
        self._frame = _Frame(self.scroll_offset.x, self.scroll_offset.y,
                             self.scrollable_content_region.width, self.rich_style,
                             self.size.width >= NARROW, self.has_focus)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:  # called outside render_lines
            frame = _Frame(self.scroll_offset.x, self.scroll_offset.y,
                           self.scrollable_content_region.width, self.rich_style,
                           self.size.width >= NARROW, self.has_focus)
        scroll_x, index, width, base = frame.x, y + frame.y, frame.width, frame.base
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        segments = (self._header(row.org) if row.service is None
                    else self._service(row.service, frame.wide))
        # The widget's style underneath, else unstyled cells show the terminal's background.
        strip = Strip(segments).apply_style(base)
        if index == self.cursor:
            strip = strip.apply_style(CURSOR_STYLE if frame.focused else UNFOCUSED_CURSOR_STYLE)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _header(self, org: str) -> list[Segment]:
        name = self.org_names[org]
        label = org if name == org else f"{name} ({org})"
        return [Segment(label, HEADER_STYLE)]

    def _service(self, service: str, wide: bool) -> list[Segment]:
        run = self.run
        state = run.state(service)
        style = STATE_STYLES[state]
        segments = [
            Segment(f"  {STATE_GLYPHS[state]} ", style),
            Segment(_fit(service, self.id_width) + " "),
        ]
        if wide:
            segments.append(Segment(_fit(self.names[service], NAME_WIDTH) + " ",
                                    Style(dim=True)))
        segments.append(Segment(f"{_(state):<9}", style))
        if state != "up":
            draining = [(p, left) for p, left in run.reserves(service).items()
                        if run.state(p) == "down"]
            if draining:
                text = ", ".join(f"{p} {format_minutes(round(left))}" for p, left in draining)
                segments.append(Segment(" " + _("reserve") + ": " + text, Style(color="yellow")))
        return segments


def _fit(text: str, width: int) -> str:
    return text[: width - 1] + "…" if len(text) > width else text.ljust(width)
