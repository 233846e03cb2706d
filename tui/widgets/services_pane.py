"""The Services tab: a filter box, the virtual services table and the selected cascade."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input

from tui.i18n import _
from tui.session_view import SessionView
from tui.widgets.cascade_view import CascadeView
from tui.widgets.service_table import ServiceTable


class ServicesPane(Widget):
    """Filter, table and cascade, kept in step with the run by :meth:`refresh_from`."""

    def __init__(self, session: SessionView, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Filter: words of id, name or organisation; state:down"),
                    id="service-filter")
        with Horizontal(id="services-body"):
            yield ServiceTable(self.session.scenario, self.session.run, self.lang,
                               id="service-table")
            with VerticalScroll(id="cascade-box"):
                yield CascadeView(self.session.scenario, self.session.run, id="cascade")

    @on(Input.Changed, "#service-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.query_one(ServiceTable).set_filter(event.value)

    @on(Input.Submitted, "#service-filter")
    def _filter_done(self) -> None:
        self.query_one(ServiceTable).focus()

    @on(ServiceTable.Selected)
    def _selected(self, event: ServiceTable.Selected) -> None:
        self.query_one(CascadeView).show(event.service)

    def refresh_from(self) -> None:
        self.query_one(ServiceTable).refresh_states()
        self.query_one(CascadeView).refresh_states()
