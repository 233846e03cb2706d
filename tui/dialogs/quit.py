"""Quit confirmation: a drill is not left by a stray key, and the report is one key away."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.i18n import N_, _


class QuitDialog(ModalScreen[str | None]):
    """Returns ``"quit"``, ``"report"`` (write the report, then quit) or None (stay)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "stay", N_("Stay")),
        Binding("y", "quit", N_("Quit")),
        Binding("r", "report", N_("Write report and quit"), show=False),
    ]

    def __init__(self, run_dir: Path, can_report: bool) -> None:
        super().__init__()
        self.run_dir = run_dir
        self.can_report = can_report

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Quit the drill?"), classes="dialog-title")
            yield Static(Text(_("Everything is saved in the run folder:") + f" {self.run_dir}"))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Quit") + " (y)", variant="error", id="quit")
                if self.can_report:
                    yield Button(_("Write report and quit") + " (r)", variant="primary",
                                 id="report")
                yield Button(_("Stay") + " (esc)", id="stay")

    @on(Button.Pressed, "#quit")
    def action_quit(self) -> None:
        self.dismiss("quit")

    @on(Button.Pressed, "#report")
    def action_report(self) -> None:
        if self.can_report:
            self.dismiss("report")

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(None)
