"""The Observations tab: the evaluators' notes, each optionally rated against an objective.

Notes are facilitator inputs like any other (journalled, in ``events.jsonl``), so the
after-action report can put each observation next to what the run shows at that time.
The notes are a :class:`~tui.widgets.line_table.TextTable` like the other tabs' tables.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Label

from tui.i18n import _
from tui.session_view import SessionView
from tui.widgets.clock_bar import format_sim_time
from tui.widgets.line_table import TextTable

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
        yield TextTable(_("at"), _("objective"), _("rating"), _("note"), id="notes")

    def on_mount(self) -> None:
        self.refresh_from()

    def refresh_from(self) -> None:
        notes = self.session.notes
        if len(notes) == self._count:
            return
        self._count = len(notes)
        self.query_one(TextTable).set_rows(
            (f"note:{number}", [Text(format_sim_time(note.t)), Text(note.objective or ""),
                                Text(note.rating or "",
                                     style=RATING_STYLES.get(note.rating or "", "")),
                                Text(note.text)])
            for number, note in reversed(list(enumerate(notes))))
