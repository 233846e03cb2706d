"""The console's main screen: the clock bar, the six tabs, and the footer of keys.

It only lays out what the app hands it; the app drives the clock and the inputs, and asks
the active tab to redraw itself from the session.

The tabs are a tab bar over the six panes, which are the screen's own children and only
one of them displayed; not Textual's ``TabbedContent``, which puts each pane three
containers deep. Every container covers the whole area and is drawn again after the
layout that a tab switch makes: ~7 ms of each switch's 50 ms at 160x48, more with the
compositor's share (measured by ``benchmarks/console.py``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Tab, Tabs

from simulator.fields import text_in
from tui.i18n import N_, _
from tui.session_view import SessionView
from tui.widgets.clock_bar import ClockBar
from tui.widgets.decisions_pane import DecisionsPane
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.observations_pane import ObservationsPane
from tui.widgets.organisations_pane import OrganisationsPane
from tui.widgets.scores_pane import ScoresPane
from tui.widgets.services_pane import ServicesPane
from tui.widgets.timeline_pane import TimelinePane

TABS: tuple[tuple[str, str], ...] = (
    ("services", N_("Services")),
    ("timeline", N_("Timeline")),
    ("organisations", N_("Organisations")),
    ("decisions", N_("Decisions")),
    ("observations", N_("Observations")),
    ("scores", N_("Scores")),
)
"""Tab id -> title (translated when shown)."""


class ConsoleScreen(Screen[None]):
    """Clock bar on top, the tabs in the middle, the keys at the bottom."""

    AUTO_FOCUS = "#service-table"

    def __init__(self, session: SessionView, lang: str) -> None:
        super().__init__()
        self.session = session
        self.lang = lang
        self.active_tab = TABS[0][0]
        """The tab in view (kept when the screen is composed again in another language)."""

    def compose(self) -> ComposeResult:
        scenario = self.session.scenario
        run = self.session.run
        yield ClockBar(text_in(scenario.title, self.lang, scenario.id), scenario.clock.start,
                       run.duration, id="clock-bar")
        yield Tabs(*(Tab(_(title), id=f"tab-{tab_id}") for tab_id, title in TABS),
                   active=f"tab-{self.active_tab}", id="tabs")
        panes: dict[str, Widget] = {
            "services": ServicesPane(self.session, self.lang, id="services-pane"),
            "timeline": TimelinePane(self.session, self.lang, id="timeline-pane"),
            "organisations": OrganisationsPane(self.session, self.lang, id="organisations-pane"),
            "decisions": DecisionsPane(self.session, id="decisions-pane"),
            "observations": ObservationsPane(self.session, id="observations-pane"),
            "scores": ScoresPane(scenario, self.lang, id="scores-pane"),
        }
        for tab_id, pane in panes.items():
            pane.display = tab_id == self.active_tab
            yield pane
        yield KeysFooter()

    def pane(self, tab: str) -> Widget:
        """The pane of ``tab``."""
        return self.query_one(f"#{tab}-pane")

    def show_tab(self, tab: str) -> None:
        """Display the pane of ``tab`` (and only it) and mark its tab in the bar."""
        if tab != self.active_tab:
            self.pane(self.active_tab).display = False
            self.pane(tab).display = True
            self.active_tab = tab
        self.query_one(Tabs).active = f"tab-{tab}"

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        """A click on a tab (the keys come through the app, which also moves the focus)."""
        tab = (event.tab.id or "").removeprefix("tab-")
        if tab != self.active_tab and tab in dict(TABS):
            self.app.switch_tab(tab)  # type: ignore[attr-defined]
