"""The services, grouped by organisation, as a virtual table on Textual's Line API.

A regional scenario has 10k–100k services; ``DataTable`` measures every cell when rows are
added and re-renders on every cell update (1.9 s for 10k rows, see performance-notes).
This widget renders only the visible lines, from the run's live state, and its rows are a
lazy model (:mod:`tui.widgets.service_rows`): the unfiltered rows are built once, a filter
is scanned only as far as the page in view needs (the rest in small slices between
frames, then cached), and a state filter reads only the services in that state. Setting
the model and drawing a page cost the same at 1k and at 100k services. The cursor, its keys
and the line-by-line drawing are :class:`~tui.widgets.line_table.LineTable`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from simulator.durations import format_minutes
from simulator.fields import text_in
from simulator.model import Scenario
from tui.i18n import N_, _
from tui.session_view import RunView
from tui.widgets.line_table import Frame, LineTable
from tui.widgets.service_rows import Filtered, Group, Grouped, Row, StateIndex

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
CACHED_FILTERS = 16
"""Text filters whose rows are kept (typing a word and deleting it again is free)."""
SCAN_SLICE = 4000
"""Services a filter scans between two frames while it completes in the background."""

RowLooks = str | tuple[str, str, str]
"""What a row shows that the run can change: an organisation's header (its id), or a
service's (id, state, reserves left)."""


class ServiceTable(LineTable):
    """Every service, grouped by owner, coloured by state, with the reserves that drain."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", N_("Show cascade"), show=False),
    ]

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
        self.groups: list[Group] = [
            (org, members[org])
            for org in sorted(members, key=lambda o: (order.get(o, len(order)), o))]
        self.filter_text = ""
        self._everything = Grouped(self.groups)
        """The unfiltered rows, built once."""
        self._cache: dict[str, Grouped] = {"": self._everything}
        """Text filter -> its rows (text filters do not depend on the run)."""
        self._states = StateIndex()
        self._states_seen = -1
        """The state index's version the current state-filtered rows were made from."""
        self._position: dict[str, int] | None = None
        """Service -> its place in the unfiltered table (built at the first state filter)."""
        self._model: Grouped = self._everything
        self._scanning = False
        self._drawn: dict[int, RowLooks] = {}
        """Line in view -> what its row looked like when it was last drawn."""
        self.id_width = min(ID_WIDTH, max((len(s) for s in self.names), default=8))
        self._size_virtually()

    # --- the model ----------------------------------------------------------------------

    @property
    def rows(self) -> Grouped:
        """The rows shown (every one: a filter still being scanned is completed first)."""
        self._model.complete()
        return self._model

    def set_filter(self, text: str) -> None:
        """Show the services whose id, name or owner contains every word of ``text``;
        a word ``state:down`` (or another state) keeps those in that state now."""
        self.filter_text = text.strip().lower()
        self._states_seen = -1
        self._apply_filter()
        self.cursor = 0
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def _filter_parts(self) -> tuple[list[str], set[str]]:
        words = self.filter_text.split()
        states = {w.removeprefix("state:") for w in words if w.startswith("state:")}
        return [w for w in words if not w.startswith("state:")], states

    def _apply_filter(self) -> None:
        """Point the table at the rows of the current filter (cheap: see the module)."""
        words, states = self._filter_parts()
        if states:
            self._states.update(self.run.facts)
            self._states_seen = self._states.version
            model = self._state_rows(words, states)
        else:
            key = " ".join(words)
            cached = self._cache.get(key)
            if cached is None:
                cached = self._cache[key] = Filtered(self.groups, self._text_keep(words))
                while len(self._cache) > CACHED_FILTERS:
                    del self._cache[next(k for k in self._cache if k)]
            model = cached
        self._model = model
        model.extend(self._rows_in_view())
        self._size_virtually()
        self._scan_later()

    def _text_keep(self, words: list[str]) -> Callable[[str, Sequence[str]], Sequence[str]]:
        names, org_names = self.names, self.org_names

        def keep(org: str, services: Sequence[str]) -> Sequence[str]:
            if all(w in org or w in org_names[org].lower() for w in words):
                return services
            return [s for s in services
                    if all(w in s or w in names[s].lower() for w in words)]

        return keep

    def _state_rows(self, words: list[str], states: set[str]) -> Grouped:
        index, names, org_names = self._states, self.names, self.org_names
        org_hits: dict[str, bool] = {}

        def matches(org: str, service: str) -> bool:
            hit = org_hits.get(org)
            if hit is None:
                hit = org_hits[org] = all(w in org or w in org_names[org].lower()
                                          for w in words)
            return hit or all(w in service or w in names[service].lower() for w in words)

        if "up" in states:  # most services: scan them, lazily, like a text filter
            def keep(org: str, services: Sequence[str]) -> Sequence[str]:
                return [s for s in services
                        if index.state(s) in states and matches(org, s)]

            return Filtered(self.groups, keep)
        # Only the services in those states (few, next to the region), sorted into place.
        if self._position is None:
            self._position = {service: place for place, service in enumerate(
                s for _org, members in self.groups for s in members)}
        position, owner = self._position, self.owner
        chosen = sorted((s for state in states for s in index.by_state.get(state, ())
                         if s in position), key=position.__getitem__)
        groups: list[tuple[str, list[str]]] = []
        for service in chosen:
            org = owner[service]
            if not matches(org, service):
                continue
            if groups and groups[-1][0] == org:
                groups[-1][1].append(service)
            else:
                groups.append((org, [service]))
        return Grouped(groups)

    def _rows_in_view(self) -> int:
        return round(self.scroll_y) + max(self.scrollable_content_region.height, 1) + 1

    def _scan_later(self) -> None:
        """Complete a partly scanned filter in slices between frames, growing the
        scrollbar as it goes (the page in view is already there)."""
        if not self._model.done and not self._scanning:
            self._scanning = True
            self.call_later(self._scan_slice)

    def _scan_slice(self) -> None:
        self._scanning = False
        model = self._model
        if isinstance(model, Filtered) and not model.done:
            model.scan(services=SCAN_SLICE)
            self._size_virtually()
            self._scan_later()

    def _size_virtually(self) -> None:
        # Names are shown only from NARROW columns on: counting them below that would put
        # a needless horizontal scrollbar over a line of an 80x24 terminal.
        names = NAME_WIDTH if self.size.width >= NARROW else 0
        self.virtual_size = Size(self.id_width + names + 40, len(self._model))

    def on_resize(self, event: events.Resize) -> None:
        self._model.extend(self._rows_in_view())
        self._size_virtually()

    @property
    def services(self) -> list[str]:
        """The service ids shown, in order."""
        return self._model.services()

    @property
    def current(self) -> str | None:
        """The service under the cursor, if the cursor is on a service."""
        if 0 <= self.cursor < len(self._model):
            return self._model[self.cursor].service
        return None

    def refresh_states(self) -> None:
        """Redraw the visible lines whose service changed in the run (and refilter when
        filtering by state, if some service changed state since).

        Only the changed lines: a frame costs Textual about as much per line as the
        simulation gets done meanwhile, and at the fastest speed most lines in view are
        the same from one redraw to the next.
        """
        if "state:" in self.filter_text:
            self._states.update(self.run.facts)
            if self._states.version != self._states_seen:
                self._states_seen = self._states.version
                self._apply_filter()
                self.cursor = min(self.cursor, max(len(self._model) - 1, 0))
                self.refresh()
                return
        model, drawn, top = self._model, self._drawn, self.scroll_offset.y
        width = self.size.width
        for line in range(min(self.page_height, len(model) - top)):
            if drawn.get(line) != self._looks(model[top + line]):
                self.refresh(Region(0, self.HEADER_LINES + line, width, 1))

    # --- cursor and rendering (the rest is LineTable's) ----------------------------------

    @property
    def row_count(self) -> int:
        return len(self._model)

    def ensure_rows(self, rows: int) -> None:
        if not self._model.done:
            self._model.extend(rows)

    def action_select(self) -> None:
        service = self.current
        if service is not None:
            self.post_message(self.Selected(service))

    def _looks(self, row: Row) -> RowLooks:
        """What a row shows that the run can change: its state and the reserves left."""
        service = row.service
        if service is None:
            return row.org
        run = self.run
        state = run.state(service)
        if state == "up":
            return service, state, ""
        draining = [(p, left) for p, left in run.reserves(service).items()
                    if run.state(p) == "down"]
        return service, state, ", ".join(
            f"{p} {format_minutes(round(left))}" for p, left in draining)

    def render_row(self, index: int, frame: Frame) -> Strip:
        looks = self._drawn[index - frame.y] = self._looks(self._model[index])
        segments = (self._header(looks) if isinstance(looks, str)
                    else self._service(looks, frame.size_width >= NARROW))
        # The widget's style underneath, else unstyled cells show the terminal's background.
        strip = Strip(segments).apply_style(frame.base)
        if index == self.cursor:
            strip = strip.apply_style(CURSOR_STYLE if frame.focused else UNFOCUSED_CURSOR_STYLE)
        return strip

    def _header(self, org: str) -> list[Segment]:
        name = self.org_names[org]
        label = org if name == org else f"{name} ({org})"
        return [Segment(label, HEADER_STYLE)]

    def _service(self, looks: tuple[str, str, str], wide: bool) -> list[Segment]:
        service, state, reserves = looks
        style = STATE_STYLES[state]
        segments = [
            Segment(f"  {STATE_GLYPHS[state]} ", style),
            Segment(_fit(service, self.id_width) + " "),
        ]
        if wide:
            segments.append(Segment(_fit(self.names[service], NAME_WIDTH) + " ",
                                    Style(dim=True)))
        segments.append(Segment(f"{_(state):<9}", style))
        if reserves:
            segments.append(Segment(" " + _("reserve") + ": " + reserves, Style(color="yellow")))
        return segments


def _fit(text: str, width: int) -> str:
    return text[: width - 1] + "…" if len(text) > width else text.ljust(width)
