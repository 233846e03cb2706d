"""What the drill console and the replay console share: tab keys, help and the palette.

Both apps show the same six tabs on one screen; this mixin gives them the same keys for the
tabs, the same help screen listing every binding and the same command-palette entries, so a
facilitator who knows one knows the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from tui.i18n import N_, _
from tui.screens.console import ConsoleScreen
from tui.screens.help import HelpScreen

TAB_BINDINGS: list[BindingType] = [
    Binding("f2", "show_tab('services')", N_("Services tab"), show=False, priority=True),
    Binding("f3", "show_tab('timeline')", N_("Timeline tab"), show=False, priority=True),
    Binding("f4", "show_tab('organisations')", N_("Organisations tab"), show=False,
            priority=True),
    Binding("f5", "show_tab('decisions')", N_("Decisions tab"), show=False, priority=True),
    Binding("f6", "show_tab('observations')", N_("Observations tab"), show=False,
            priority=True),
    Binding("f7", "show_tab('scores')", N_("Scores tab"), show=False, priority=True),
    Binding("question_mark", "help", N_("Help")),
]
"""F2–F7 for the tabs and ? for help, in both consoles.

The tab keys are priority bindings: no widget uses F-keys, and a key that is not one
travels from the focused widget up through every container to the app before the app's
bindings are looked at, a queue at each step (with the simulation running at full speed,
~5 ms each). Over a dialog they do nothing (:meth:`ConsoleCommands.check_action`), as
before.
"""


class ConsoleCommands(App[Any]):
    """Tabs, help and palette for an app whose main screen is :attr:`console_screen`."""

    @property
    def console_screen(self) -> ConsoleScreen:
        raise NotImplementedError

    @property
    def active_tab(self) -> str:
        """The tab in view ("" while the screen is not composed, or is being torn down:
        the clock may tick once more while the app exits)."""
        screen = self.console_screen
        return screen.active_tab if screen.is_mounted and screen.children else ""

    def switch_tab(self, tab: str) -> None:
        """Show ``tab`` and focus its first widget (a focused widget in a hidden tab would
        otherwise pull its tab back into view)."""
        screen = self.console_screen
        if screen.active_tab == tab:
            return
        screen.set_focus(None)
        screen.show_tab(tab)
        focusable = sorted((w for w in screen.pane(tab).query("*") if w.can_focus),
                           key=lambda w: isinstance(w, Input))
        if focusable:
            screen.set_focus(focusable[0])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The tab keys work on the console screen only (not under a dialog or help)."""
        return action != "show_tab" or self.screen is self.console_screen

    def key_descriptions(self) -> list[tuple[str, str]]:
        """``(keys, description)`` of every binding, for help and the palette."""
        seen: dict[str, list[str]] = {}
        for key, bindings in self._bindings.key_to_bindings.items():
            for binding in bindings:
                seen.setdefault(binding.description, []).append(binding.key_display or key)
        return [(", ".join(keys), description) for description, keys in seen.items()]

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_descriptions()))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for key, bindings in self._bindings.key_to_bindings.items():
            for binding in bindings:
                action = binding.action
                yield SystemCommand(binding.description, f"{_('key')}: {key}",
                                    lambda action=action: self.run_action(action))
        yield from super().get_system_commands(screen)
