"""The action dialog: a team decision on behalf of an organisation, with the playbook's fields.

The fields are those of a playbook rule of the same ``do`` (notify: to, via, about;
activate: task; supply: target, dependency, amount, takes, needs; repair: target, takes,
needs; convene: members, via), so a decision and a rule are the same thing to the engine.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select

from simulator.inputs import ACTION_DOS
from simulator.model import Scenario
from tui.dialogs.form_dialog import Check, Fields, FormDialog, FormError, ids, minutes, pair
from tui.i18n import N_, _

FIELDS: dict[str, tuple[str, ...]] = {
    "notify": ("to", "via", "about"),
    "activate": ("task",),
    "supply": ("target", "dependency", "amount", "takes", "needs"),
    "repair": ("target", "takes", "needs"),
    "convene": ("members", "via"),
}
LABELS: dict[str, str] = {
    "to": N_("To organisations, separated by commas"),
    "via": N_("Via channels, in order of preference"),
    "about": N_("About (optional): service:state"),
    "task": N_("Task (responsibility id)"),
    "target": N_("Service"),
    "dependency": N_("Dependency whose reserve is supplied"),
    "amount": N_("Amount of reserve, e.g. 12h"),
    "takes": N_("Takes, e.g. 2h (optional)"),
    "needs": N_("Needs resource units (optional): resource:count"),
    "members": N_("Members, separated by commas"),
}
MAX_SUGGESTED = 5000


class ActionDialog(FormDialog):
    """Returns ``{"type": "action", "by", "do", …the do's fields}``."""

    TITLE_TEXT = N_("Record an action")

    def __init__(self, scenario: Scenario, check: Check, by: str | None = None) -> None:
        super().__init__(check)
        self.orgs = [o.id for o in scenario.organisations]
        self.by = by if by in self.orgs else (self.orgs[0] if self.orgs else None)
        words = {
            "to": self.orgs, "members": self.orgs,
            "via": [c.id for c in scenario.channels],
            "task": [r.id for r in scenario.responsibilities],
            "target": [s.id for s in scenario.services][:MAX_SUGGESTED],
            "dependency": [s.id for s in scenario.services][:MAX_SUGGESTED],
            "needs": [r.id for r in scenario.resources],
        }
        self.suggestions = words

    def compose_fields(self) -> ComposeResult:
        yield Label(_("On behalf of"))
        yield Select([(o, o) for o in self.orgs], id="action-by", value=self.by,
                     allow_blank=False)
        yield Label(_("Action"))
        yield Select([(_(d), d) for d in ACTION_DOS], id="action-do", value="notify",
                     allow_blank=False)
        for name, label in LABELS.items():
            words = self.suggestions.get(name)
            yield Label(_(label), classes=f"field-{name}")
            yield Input(id=f"action-{name}", classes=f"field-{name}",
                        suggester=SuggestFromList(words, case_sensitive=False) if words else None)

    def on_mount(self) -> None:
        self._show_fields("notify")

    @on(Select.Changed, "#action-do")
    def _do_changed(self, event: Select.Changed) -> None:
        self._show_fields(str(event.value))

    def _show_fields(self, do: str) -> None:
        for name in LABELS:
            for widget in self.query(f".field-{name}"):
                widget.display = name in FIELDS.get(do, ())

    def collect(self) -> Fields:
        by = self.query_one("#action-by", Select).value
        do = str(self.query_one("#action-do", Select).value)
        if not isinstance(by, str):
            raise FormError(_("Choose the organisation."))
        fields: Fields = {"type": "action", "by": by, "do": do}
        wanted = FIELDS[do]
        for name in ("to", "via", "members"):
            if name in wanted and self.value(f"action-{name}"):
                fields[name] = ids(self.value(f"action-{name}"))
        for name in ("task", "target", "dependency"):
            if name in wanted and self.value(f"action-{name}"):
                fields[name] = self.value(f"action-{name}")
        for name in ("amount", "takes"):
            if name in wanted:
                value = minutes(self.value(f"action-{name}"), LABELS[name])
                if value is not None:
                    fields[name] = value
        if "about" in wanted:
            about = pair(self.value("action-about"), LABELS["about"])
            if about:
                fields["about"] = {"service": about[0], "state": about[1]}
        if "needs" in wanted:
            needs = pair(self.value("action-needs"), LABELS["needs"], number=True)
            if needs:
                fields["needs"] = {"resource": needs[0], "count": needs[1]}
        if do == "supply" and "amount" not in fields:
            raise FormError(_("A supply needs an amount."))
        return fields
