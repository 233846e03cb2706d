"""The Timeline tab (the MSEL): injects fired, upcoming and held back, and ad-hoc ones.

A regional drill has hundreds of injects (600 in ``benchmarks/console.py``): the table is a
:class:`~tui.widgets.line_table.TextTable`, which draws only the rows in view, so showing
the tab costs the same at 600 injects as at 20 (a ``DataTable`` took ~160 ms to render
600). Every cell is a ``rich.text.Text`` so that scenario text is shown literally, never
read as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget

from simulator.events import InjectFired
from simulator.fields import text_in
from tui.i18n import _
from tui.session_view import SessionView
from tui.widgets.clock_bar import format_sim_time
from tui.widgets.line_table import TextTable

ADHOC = "adhoc:"
STATUS = 4
"""The status column."""


class TimelinePane(Widget):
    """The MSEL as a table; the cursor picks the held-back inject to fire."""

    def __init__(self, session: SessionView, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        self.lang = lang
        self._optional = {i.id for i in session.scenario.injects if i.optional}
        self._shown: list[InjectFired] = []
        """The inject events the table shows (the session's list as it was)."""
        self._filled = False

    def compose(self) -> ComposeResult:
        yield TextTable(_("at"), _("inject"), _("does"), _("to / target"), _("status"),
                        _("text"), id="msel", zebra_stripes=True)

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
        key = self.query_one(TextTable).current_key
        return None if key is None or key.startswith(ADHOC) else key

    def refresh_from(self) -> None:
        """Bring the table up to the injects fired so far, row by row.

        Only the rows the new (or, in a replay going back, the withdrawn) inject events
        touch are updated: a scheduled inject's status cell, an ad-hoc inject's row. The
        table is filled once (refilling a ``DataTable`` of 600 rows took ~0.3 s).
        """
        events = self.session.inject_events
        shown = self._shown
        same = 0
        for before, now in zip(shown, events, strict=False):
            if before is not now:
                break
            same += 1
        if self._filled and same == len(shown) == len(events):
            return
        table = self.query_one(TextTable)
        if not self._filled:
            self._fill(table, events)
        else:
            changed = {e.id for e in shown[same:]} | {e.id for e in events[same:]}
            for number in range(len(shown) - 1, same - 1, -1):
                if shown[number].id is None:
                    table.remove_row(f"{ADHOC}{number}")
            fired = self.fired_at()
            for inject_id in changed:
                if inject_id is not None:
                    self._set_status(table, inject_id, fired.get(inject_id))
            for number in range(same, len(events)):
                if events[number].id is None:
                    self._add_adhoc(table, number, events[number])
        self._shown = list(events)

    def _fill(self, table: TextTable, events: list[InjectFired]) -> None:
        run = self.session.run
        fired = self.fired_at()
        rows: list[tuple[str, list[Text]]] = []
        for inject in self.session.scenario.injects:
            at = run.drawn.at.get(inject.id)
            where = inject.target if inject.do != "message" else ", ".join(inject.to)
            shown_at = "—" if inject.optional or at is None else format_sim_time(at)
            rows.append((inject.id, [Text(shown_at), Text(inject.id), Text(inject.do),
                                     Text(where or ""),
                                     self._status(inject.id, fired.get(inject.id)),
                                     Text(text_in(inject.text, self.lang))]))
        rows.extend((f"{ADHOC}{number}", self._adhoc_row(event))
                    for number, event in enumerate(events) if event.id is None)
        table.set_rows(rows)
        self._filled = True

    def _status(self, inject_id: str, times: list[float] | None) -> Text:
        if times:
            return Text(_("fired") + " " + format_sim_time(times[-1]), style="green")
        if inject_id in self._optional:
            return Text(_("held back"), style="bold yellow")
        return Text(_("upcoming"), style="cyan")

    def _set_status(self, table: TextTable, inject_id: str,
                    times: list[float] | None) -> None:
        table.update_cell(inject_id, STATUS, self._status(inject_id, times))

    def _add_adhoc(self, table: TextTable, number: int, event: InjectFired) -> None:
        table.add_row(*self._adhoc_row(event), key=f"{ADHOC}{number}")

    @staticmethod
    def _adhoc_row(event: InjectFired) -> list[Text]:
        where = event.target or ", ".join(event.to or ())
        return [Text(format_sim_time(event.t)), Text(_("(facilitator)")), Text(event.do),
                Text(where), Text(_("fired") + " " + format_sim_time(event.t), style="green"),
                Text(event.text or "")]
