"""The ad-hoc inject dialog: fail, degrade or restore a service, or a message to organisations.

Facilitators improvise ("the backup generator did not start"); the inject is recorded in
the journal like a scenario inject, so a replay reproduces it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select

from simulator.inputs import ADHOC_DOS
from simulator.model import Scenario
from tui.dialogs.form_dialog import Check, Fields, FormDialog, FormError, ids, pair
from tui.i18n import N_, _

MAX_SUGGESTED = 5000


class AdHocInjectDialog(FormDialog):
    """Returns ``{"type": "inject", "do", "target" | "to", ["about"], ["text"]}``."""

    TITLE_TEXT = N_("Ad-hoc inject")

    def __init__(self, scenario: Scenario, check: Check, target: str | None = None) -> None:
        super().__init__(check)
        self.services = [s.id for s in scenario.services][:MAX_SUGGESTED]
        self.orgs = [o.id for o in scenario.organisations]
        self.target = target

    def compose_fields(self) -> ComposeResult:
        yield Label(_("What happens"))
        yield Select([(_(d), d) for d in ADHOC_DOS], id="adhoc-do", value="fail",
                     allow_blank=False)
        yield Label(_("Service (fail, degrade, restore)"), classes="for-service")
        yield Input(self.target or "", id="adhoc-target", classes="for-service",
                    suggester=SuggestFromList(self.services, case_sensitive=False))
        yield Label(_("To organisations (message), separated by commas"),
                    classes="for-message")
        yield Input(id="adhoc-to", classes="for-message",
                    suggester=SuggestFromList(self.orgs, case_sensitive=False))
        yield Label(_("About (message, optional): service:state"), classes="for-message")
        yield Input(id="adhoc-about", classes="for-message", placeholder="water-supply:down")
        yield Label(_("Text (optional)"))
        yield Input(id="adhoc-text")

    def on_mount(self) -> None:
        self._show_fields("fail")

    @on(Select.Changed, "#adhoc-do")
    def _do_changed(self, event: Select.Changed) -> None:
        self._show_fields(str(event.value))

    def _show_fields(self, do: str) -> None:
        for widget in self.query(".for-service"):
            widget.display = do != "message"
        for widget in self.query(".for-message"):
            widget.display = do == "message"

    def collect(self) -> Fields:
        do = str(self.query_one("#adhoc-do", Select).value)
        fields: Fields = {"type": "inject", "do": do}
        if do == "message":
            to = ids(self.value("adhoc-to"))
            if not to:
                raise FormError(_("A message needs at least one organisation."))
            fields["to"] = to
            about = pair(self.value("adhoc-about"), N_("About"))
            if about:
                fields["about"] = {"service": about[0], "state": about[1]}
        else:
            target = self.value("adhoc-target")
            if not target:
                raise FormError(_("Name the service."))
            fields["target"] = target
        text = self.value("adhoc-text")
        if text:
            fields["text"] = text
        return fields
