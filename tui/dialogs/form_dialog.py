"""The shared shape of the console's input dialogs: fields, a check, submit or cancel.

Each dialog returns the journal line of an input without its time (``{"type": "note",
"text": …}``); the console adds ``t = run.now`` when it submits it. The console passes a
``check`` that builds the real input and asks the engine, so a dialog stays open and says
what is wrong instead of recording an input the run would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from simulator.durations import DurationError, parse_duration
from tui.i18n import N_, _

Fields = dict[str, Any]
Check = Callable[[Fields], str | None]


class FormError(ValueError):
    """A field that cannot be read; the message names it."""


class FormDialog(ModalScreen[Fields | None]):
    """A modal form; subclasses give :meth:`compose_fields` and :meth:`collect`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "submit", N_("Record")),
    ]
    TITLE_TEXT = ""
    AUTO_FOCUS = "Select, Input"
    """The first field, not the scrolling box around the fields (Textual's default "*")."""

    def __init__(self, check: Check) -> None:
        super().__init__()
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_(self.TITLE_TEXT), classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                yield from self.compose_fields()
            yield Static("", classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Record") + " (ctrl+s)", variant="primary", id="submit")
                yield Button(_("Cancel") + " (esc)", id="cancel")

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def collect(self) -> Fields:
        raise NotImplementedError

    def value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        try:
            fields = self.collect()
        except FormError as exc:
            self.show_error(str(exc))
            return
        problem = self.check(fields)
        if problem:
            self.show_error(problem)
            return
        self.dismiss(fields)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message, style="bold red"))


def ids(text: str) -> list[str]:
    """Ids separated by commas or spaces."""
    return text.replace(",", " ").split()


def pair(text: str, name: str, *, number: bool = False) -> list[Any] | None:
    """``a:b`` or ``a b`` as two values (the second a whole number when ``number``)."""
    if not text:
        return None
    parts = text.replace(":", " ").split()
    if len(parts) != 2:
        raise FormError(_("{field}: expected two values, e.g. {example}").format(
            field=_(name), example="water-supply:down" if not number else "tankers:2"))
    if number:
        if not parts[1].isdigit():
            raise FormError(_("{field}: the count must be a whole number").format(field=_(name)))
        return [parts[0], int(parts[1])]
    return parts


def minutes(text: str, name: str) -> float | None:
    """A duration field (``90m``, ``1.5h``) in minutes, None when empty."""
    if not text:
        return None
    try:
        return parse_duration(text)
    except DurationError as exc:
        raise FormError(f"{_(name)}: {exc}") from None
