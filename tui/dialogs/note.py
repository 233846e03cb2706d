"""The note dialog: an observation, optionally about an objective, with a P/S/M/U rating."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from simulator.inputs import RATINGS
from simulator.model import Scenario
from tui.dialogs.form_dialog import Check, Fields, FormDialog, FormError
from tui.i18n import N_, _


class NoteDialog(FormDialog):
    """Returns ``{"type": "note", "text", ["objective"], ["rating"]}``."""

    TITLE_TEXT = N_("Add an observation")

    def __init__(self, scenario: Scenario, check: Check) -> None:
        super().__init__(check)
        self.objectives = [o.id for o in scenario.objectives]

    def compose_fields(self) -> ComposeResult:
        yield Label(_("Note"))
        yield Input(id="note-text", placeholder=_("what the evaluators saw"))
        yield Label(_("Objective (optional)"))
        yield Select([(o, o) for o in self.objectives], id="note-objective",
                     prompt=_("no objective"))
        yield Label(_("Rating (optional): P performed, S some challenges, M major challenges, "
                      "U unable"))
        yield Select([(r, r) for r in RATINGS], id="note-rating", prompt=_("no rating"))

    def collect(self) -> Fields:
        text = self.value("note-text")
        if not text:
            raise FormError(_("Write the note first."))
        fields: Fields = {"type": "note", "text": text}
        objective = self.query_one("#note-objective", Select).value
        rating = self.query_one("#note-rating", Select).value
        if isinstance(objective, str):
            fields["objective"] = objective
        if isinstance(rating, str):
            fields["rating"] = rating
        return fields
