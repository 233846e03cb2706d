"""What a selected service depends on and what depends on it, level by level, with states.

Facilitators ask "why is this down?" and "what goes next?": the providers answer the
first, the dependents the second. The graph is built once (lazily: a 100k-service region
need not pay for it until a service is selected) and only queried here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from simulator.model import Scenario
from tui.i18n import _
from tui.session_view import RunView
from tui.widgets.service_table import STATE_STYLES

if TYPE_CHECKING:
    from simulator.graph import Cascade, DependencyGraph

MAX_PER_LEVEL = 12


class CascadeView(Static):
    """The cascade path of one service (``DependencyGraph.cascade_path``)."""

    def __init__(self, scenario: Scenario, run: RunView, **kwargs: object) -> None:
        super().__init__(_("Select a service (enter) to see its cascade."), **kwargs)  # type: ignore[arg-type]
        self.scenario = scenario
        self.run = run
        self.service: str | None = None
        self._graph: DependencyGraph | None = None
        self._path: tuple[str, Cascade] | None = None
        """The selected service's cascade path (the graph does not change in a run)."""
        self._shown: Text | None = None

    @property
    def graph(self) -> DependencyGraph:
        if self._graph is None:
            # imported here: NetworkX is ~0.15 s of the console's start-up, and the
            # cascade is only drawn once a service is chosen
            from simulator.graph import DependencyGraph

            self._graph = DependencyGraph(self.scenario)
        return self._graph

    def show(self, service: str) -> None:
        self.service = service
        self.refresh_states()

    def refresh_states(self) -> None:
        """Redraw with the states of now, if any of them changed (an update lays the
        screen out anew: at the fastest speed that would be twice a second)."""
        if self.service is None:
            return
        if self._path is None or self._path[0] != self.service:
            self._path = (self.service, self.graph.cascade_path(self.service))
        path = self._path[1]
        text = Text(no_wrap=False)
        text.append(self.service, style=STATE_STYLES[self.run.state(self.service)])
        text.append(f"  ({_(self.run.state(self.service))})\n")
        self._levels(text, _("Depends on"), path.providers)
        self._levels(text, _("Depended on by"), path.dependents)
        if text != self._shown:
            self._shown = text
            self.update(text)

    def _levels(self, text: Text, title: str, levels: tuple[tuple[str, ...], ...]) -> None:
        text.append(title + ":", style="bold")
        if not levels:
            text.append(" " + _("nothing") + "\n")
            return
        text.append("\n")
        for number, level in enumerate(levels, start=1):
            text.append(f" {number}: ")
            for i, service in enumerate(level[:MAX_PER_LEVEL]):
                if i:
                    text.append(", ")
                text.append(service, style=STATE_STYLES[self.run.state(service)])
            if len(level) > MAX_PER_LEVEL:
                text.append(" " + _("and {n} more").format(n=len(level) - MAX_PER_LEVEL))
            text.append("\n")
