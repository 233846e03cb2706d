"""The Observations tab: the evaluators' notes, each optionally rated against an objective.

Notes are facilitator inputs like any other (journalled, in ``events.jsonl``), so the
after-action report can put each observation next to what the run shows at that time.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Label

from tui.i18n import _
from tui.session_view import SessionView
from tui.widgets.clock_bar import format_sim_time

RATING_STYLES = {"P": "green", "S": "yellow", "M": "dark_orange", "U": "red"}


class ObservationsPane(Widget):
    """The notes so far, newest first; ``o`` adds one."""

    def __init__(self, session: SessionView, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        self._count = -1

    def compose(self) -> ComposeResult:
        yield Label(_("Observations: o add a note (P/S/M/U rating optional)"),
                    classes="pane-title")
        table: DataTable[Text] = DataTable(id="notes", cursor_type="row")
        table.add_columns(_("at"), _("objective"), _("rating"), _("note"))
        yield table

    def on_mount(self) -> None:
        self.refresh_from()

    def refresh_from(self) -> None:
        notes = self.session.notes
        if len(notes) == self._count:
            return
        self._count = len(notes)
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear()
        for note in reversed(notes):
            rating = note.rating or ""
            table.add_row(Text(format_sim_time(note.t)), Text(note.objective or ""),
                          Text(rating, style=RATING_STYLES.get(rating, "")), Text(note.text))
