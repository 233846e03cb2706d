"""The help screen: every key of the console and what it does, in the drill's language."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.i18n import N_, _


class HelpScreen(ModalScreen[None]):
    """Lists ``(keys, description)`` pairs; any of escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", N_("Close")),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        # Keys as the footer shows them ("+", "?", "^q"), not Textual's names ("plus",
        # "question_mark"); Textual's own hidden bindings without a description are left out.
        keys = [(", ".join(self.app.get_key_display(Binding(k, "")) for k in key.split(", ")),
                 description) for key, description in self.keys if description]
        text = Text()
        width = max((len(k) for k, _d in keys), default=8) + 2
        for key, description in keys:
            text.append(key.ljust(width), style="bold cyan")
            text.append(description + "\n")
        text.append("\n" + _("Every action is also in the command palette (ctrl+p)."))
        with Vertical(classes="dialog", id="help"):
            yield Label(_("Keys"), classes="dialog-title")
            with VerticalScroll():
                yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)
