"""Tables drawn on Textual's Line API: only the lines in view are rendered, from a model.

``DataTable`` measures every cell as rows are added and re-renders its whole page whenever
its tab comes into view or a cell changes: switching to the Timeline tab (600 injects in
``benchmarks/console.py``) cost ~160 ms of rendering, the Decisions tab ~90 ms. These
tables render a line only when it is in view, from their model, and cache what does not
change between frames.

- :class:`LineTable` is what every such table shares: the cursor and its keys, scrolling
  the cursor into view, clicks, fixed header lines, and the styles of a frame looked up once
  (``rich_style`` costs ~0.5 ms a line otherwise). Subclasses say how many rows there are
  and draw one; :class:`~tui.widgets.service_table.ServiceTable` is one.
- :class:`TextTable` is a table of ``rich.text.Text`` cells under a header row, with zebra
  stripes and columns as wide as their widest cell, and keyed rows (the part of the
  ``DataTable`` API the panes use). Cells are ``Text``, so scenario text is never read as
  markup, and control characters (a note may hold a newline or a tab) are shown as spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.i18n import N_

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Frame:
    """What the lines of one frame share: scroll offset, widths, base style and focus, and
    the table's own component styles (:meth:`LineTable.frame_styles`)."""

    x: int
    y: int
    width: int
    """The width the lines are cropped to (the scrollable region's)."""
    size_width: int
    """The widget's whole width (a table may lay out differently when narrow)."""
    base: Style
    focused: bool
    styles: tuple[Style, ...] = ()


class LineTable(ScrollView, can_focus=True):
    """A cursor over rows drawn line by line; ``HEADER_LINES`` stay on top when scrolling.

    Subclasses implement :attr:`row_count` and :meth:`render_row`, may draw the header in
    :meth:`render_header`, and set ``virtual_size`` to their width and
    ``row_count + HEADER_LINES`` lines.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("pageup", "cursor(-20)", N_("Page up"), show=False),
        Binding("pagedown", "cursor(20)", N_("Page down"), show=False),
        Binding("home", "cursor(-1000000000)", N_("First"), show=False),
        Binding("end", "cursor(1000000000)", N_("Last"), show=False),
    ]
    HEADER_LINES: ClassVar[int] = 0

    cursor: reactive[int] = reactive(0)

    _frame: Frame | None = None

    # --- what subclasses say ------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """The rows known now."""
        raise NotImplementedError

    def ensure_rows(self, rows: int) -> None:
        """Make at least ``rows`` rows known if there are that many (for lazy models)."""

    def render_row(self, index: int, frame: Frame) -> Strip:
        """Row ``index`` (< :attr:`row_count`), styled, before cropping to the view."""
        raise NotImplementedError

    def render_header(self, y: int, frame: Frame) -> Strip:
        """Header line ``y`` (< ``HEADER_LINES``), before cropping to the view."""
        return Strip.blank(frame.width, frame.base)

    async def handle_key(self, event: events.Key) -> bool:
        """Run this table's own bindings as soon as the key reaches it.

        Textual looks at a focused widget's bindings only once the key has gone up through
        every container to the app, a queue at each step: with the simulation running at
        full speed, ~5 ms each, most of a cursor move's time. The order is the same (the
        app's priority keys first, then the focused widget's).
        """
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return True
        return await super().handle_key(event)

    # --- cursor -------------------------------------------------------------------------

    @property
    def page_height(self) -> int:
        """The rows in view at once."""
        return max(self.scrollable_content_region.height - self.HEADER_LINES, 1)

    def action_cursor(self, delta: int) -> None:
        target = max(0, self.cursor + delta)
        self.ensure_rows(target + 1)
        self.cursor = max(0, min(self.row_count - 1, target))

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_y)
        height = self.page_height
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False)
        self.refresh()

    def action_select(self) -> None:
        """What enter or a click on a row does, beyond moving the cursor (nothing here)."""

    def on_click(self, event: events.Click) -> None:
        line = event.y - self.HEADER_LINES
        if line < 0:
            return
        index = line + round(self.scroll_y)
        if 0 <= index < self.row_count:
            self.cursor = index
            self.action_select()

    # --- rendering ----------------------------------------------------------------------

    def frame_styles(self) -> tuple[Style, ...]:
        """Styles a subclass looks up once per frame, not once per line."""
        return ()

    def make_frame(self) -> Frame:
        return Frame(self.scroll_offset.x, self.scroll_offset.y,
                     self.scrollable_content_region.width, self.size.width,
                     self.rich_style, self.has_focus, self.frame_styles())

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = self.make_frame()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame or self.make_frame()  # or called outside render_lines
        if y < self.HEADER_LINES:
            strip = self.render_header(y, frame)
        else:
            index = y - self.HEADER_LINES + frame.y
            if index >= self.row_count:
                self.ensure_rows(index + 1)
            if index >= self.row_count:
                return Strip.blank(frame.width, frame.base)
            strip = self.render_row(index, frame)
        return strip.crop_extend(frame.x, frame.x + frame.width, frame.base)


class TextTable(LineTable):
    """Keyed rows of ``Text`` cells under a header, zebra-striped, columns fitted to content."""

    HEADER_LINES = 1
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "text-table--header", "text-table--cursor", "text-table--even-row"}
    DEFAULT_CSS = """
    TextTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .text-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .text-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .text-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .text-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .text-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .text-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .text-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    def __init__(self, *columns: str, zebra_stripes: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.zebra_stripes = zebra_stripes
        self._labels = [Text(label) for label in columns]
        self._keys: list[str] = []
        self._rows: dict[str, list[Text]] = {}
        self._widths = [label.cell_len for label in self._labels]
        self._lines: dict[str, list[Segment]] = {}
        """Row key -> its cells drawn (no zebra, cursor or base style): cleared when a
        column's width changes, one entry when its row does."""
        self._size_virtually()

    # --- the model ----------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def cursor_row(self) -> int:
        return self.cursor

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor (None for an empty table)."""
        return self._keys[self.cursor] if 0 <= self.cursor < len(self._keys) else None

    def move_cursor(self, *, row: int) -> None:
        self.cursor = max(0, min(len(self._keys) - 1, row))

    def get_row(self, key: str) -> list[Text]:
        return list(self._rows[key])

    def get_row_at(self, index: int) -> list[Text]:
        return list(self._rows[self._keys[index]])

    def get_row_index(self, key: str) -> int:
        return self._keys.index(key)

    def add_row(self, *cells: Text, key: str) -> None:
        if key in self._rows:
            raise KeyError(f"row {key!r} exists")
        self._append(key, cells)
        self._changed()

    def update_cell(self, key: str, column: int, value: Text) -> None:
        row = self._rows[key]
        row[column] = _clean(value)
        self._lines.pop(key, None)
        self._fit(row)
        self.refresh()

    def remove_row(self, key: str) -> None:
        del self._rows[key]
        self._keys.remove(key)
        self._lines.pop(key, None)
        self._changed()

    def clear(self) -> None:
        self.set_rows(())

    def set_rows(self, rows: Iterable[tuple[str, Sequence[Text]]]) -> None:
        """Replace every row (the cursor stays on the same line, within the rows)."""
        self._keys.clear()
        self._rows.clear()
        self._lines.clear()
        self._widths = [label.cell_len for label in self._labels]
        for key, cells in rows:
            self._append(key, cells)
        self._changed()

    def _append(self, key: str, cells: Sequence[Text]) -> None:
        row = [_clean(cell) for cell in cells]
        self._keys.append(key)
        self._rows[key] = row
        self._fit(row)

    def _fit(self, row: Sequence[Text]) -> None:
        widths = self._widths
        grown = False
        for column, cell in enumerate(row):
            length = cell.cell_len
            if length > widths[column]:
                widths[column] = length
                grown = True
        if grown:
            self._lines.clear()
            self._size_virtually()

    def _changed(self) -> None:
        self._size_virtually()
        if self.cursor >= len(self._keys):
            self.cursor = max(len(self._keys) - 1, 0)
        self.refresh()

    def _size_virtually(self) -> None:
        self.virtual_size = Size(sum(w + 2 for w in self._widths),
                                 len(self._keys) + self.HEADER_LINES)

    # --- rendering ----------------------------------------------------------------------

    def frame_styles(self) -> tuple[Style, ...]:
        """(header, even row, cursor)."""
        return (self.get_component_rich_style("text-table--header"),
                self.get_component_rich_style("text-table--even-row"),
                self.get_component_rich_style("text-table--cursor"))

    def _draw(self, cells: Sequence[Text]) -> list[Segment]:
        line = Text(no_wrap=True, end="")
        for cell, width in zip(cells, self._widths, strict=False):
            line.append(" ")
            line.append_text(cell)
            line.append(" " * (width - cell.cell_len + 1))
        return list(line.render(self.app.console))

    def render_header(self, y: int, frame: Frame) -> Strip:
        header = frame.styles[0]
        return Strip(self._draw(self._labels)).extend_cell_length(
            frame.x + frame.width).apply_style(header)

    def render_row(self, index: int, frame: Frame) -> Strip:
        key = self._keys[index]
        segments = self._lines.get(key)
        if segments is None:
            segments = self._lines[key] = self._draw(self._rows[key])
        _header, even, cursor = frame.styles
        # Stripes and cursor run across the whole view, as in a DataTable.
        strip = Strip(segments).extend_cell_length(frame.x + frame.width)
        if self.zebra_stripes and index % 2 == 0:
            strip = strip.apply_style(even)
        strip = strip.apply_style(frame.base)
        if index == self.cursor:
            strip = Strip(Segment.apply_style(strip, post_style=cursor))
        return strip


def _clean(cell: Text) -> Text:
    """``cell`` with control characters as spaces (same length, so its spans still fit)."""
    plain = cell.plain
    if not _CONTROL.search(plain):
        return cell
    return Text(_CONTROL.sub(" ", plain), style=cell.style, justify=cell.justify,
                spans=list(cell.spans))
