"""The Timeline tab (the MSEL): injects fired, upcoming and held back, and ad-hoc ones.

Injects are few (tens), so a ``DataTable`` is the right tool here. Every cell is a
``rich.text.Text`` so that scenario text is shown literally, never read as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable

from simulator.model import text_in
from tui.i18n import _
from tui.session_view import SessionView
from tui.widgets.clock_bar import format_sim_time

ADHOC = "adhoc:"


class TimelinePane(Widget):
    """The MSEL as a table; the cursor picks the held-back inject to fire."""

    def __init__(self, session: SessionView, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        self.lang = lang
        self._seen = -1

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(id="msel", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("at"), _("inject"), _("does"), _("to / target"), _("status"),
                          _("text"))
        yield table

    def on_mount(self) -> None:
        self.refresh_from()

    def fired_at(self) -> dict[str, list[float]]:
        """Inject id -> times it fired."""
        fired: dict[str, list[float]] = {}
        for event in self.session.inject_events:
            if event.id is not None:
                fired.setdefault(event.id, []).append(event.t)
        return fired

    def held_back(self) -> list[str]:
        """Held-back injects not fired yet, in MSEL order."""
        fired = self.fired_at()
        return [i.id for i in self.session.scenario.injects
                if i.optional and i.id not in fired]

    def next_inject_time(self) -> float | None:
        """When the next scheduled inject fires (after now, or now if it has not yet)."""
        run = self.session.run
        fired = self.fired_at()
        times = [at for i in self.session.scenario.injects
                 if not i.optional and (at := run.drawn.at.get(i.id)) is not None
                 and (at > run.now or (at == run.now and i.id not in fired))]
        return min(times, default=None)

    @property
    def selected(self) -> str | None:
        """The inject id under the cursor (None for an ad-hoc row or an empty table)."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None or key.startswith(ADHOC) else key

    def refresh_from(self) -> None:
        run = self.session.run
        seen = len(self.session.inject_events)
        if seen == self._seen:
            return
        self._seen = seen
        table: DataTable[Text] = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        fired = self.fired_at()
        for inject in self.session.scenario.injects:
            at = run.drawn.at.get(inject.id)
            where = inject.target if inject.do != "message" else ", ".join(inject.to)
            times = fired.get(inject.id)
            if times:
                status = Text(_("fired") + " " + format_sim_time(times[-1]), style="green")
            elif inject.optional:
                status = Text(_("held back"), style="bold yellow")
            else:
                status = Text(_("upcoming"), style="cyan")
            shown_at = "—" if inject.optional or at is None else format_sim_time(at)
            table.add_row(Text(shown_at), Text(inject.id), Text(inject.do), Text(where or ""),
                          status, Text(text_in(inject.text, self.lang)), key=inject.id)
        for number, event in enumerate(self.session.inject_events):
            if event.id is not None:
                continue
            where = event.target or ", ".join(event.to or ())
            table.add_row(Text(format_sim_time(event.t)), Text(_("(facilitator)")),
                          Text(event.do), Text(where),
                          Text(_("fired") + " " + format_sim_time(event.t), style="green"),
                          Text(event.text or ""), key=f"{ADHOC}{number}")
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
