"""The console's main screen: the clock bar, the six tabs, and the footer of keys.

It only lays out what the app hands it; the app drives the clock and the inputs, and asks
the active tab to redraw itself from the session.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

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

    def compose(self) -> ComposeResult:
        scenario = self.session.scenario
        run = self.session.run
        yield ClockBar(text_in(scenario.title, self.lang, scenario.id), scenario.clock.start,
                       run.duration, id="clock-bar")
        panes = {
            "services": ServicesPane(self.session, self.lang, id="services-pane"),
            "timeline": TimelinePane(self.session, self.lang, id="timeline-pane"),
            "organisations": OrganisationsPane(self.session, self.lang, id="organisations-pane"),
            "decisions": DecisionsPane(self.session, id="decisions-pane"),
            "observations": ObservationsPane(self.session, id="observations-pane"),
            "scores": ScoresPane(scenario, self.lang, id="scores-pane"),
        }
        with TabbedContent(id="tabs"):
            for tab_id, title in TABS:
                with TabPane(_(title), id=tab_id):
                    yield panes[tab_id]
        yield KeysFooter()
