"""Textual's footer of keys, rebuilt only when the keys it shows change.

Textual's ``Footer`` recomposes (a widget per key, each styled anew) whenever the bindings
*may* have changed, which is every focus change: switching tabs moves the focus, and with
the console's keys that recompose cost ~0.3 s of a key press at 10k services (measured by
``benchmarks/console.py``). Here the shown keys are compared first and the footer is rebuilt
only when they differ (a language switch, a dialog with other keys); it looks the same.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """A ``Footer`` that skips rebuilding when the shown keys are unchanged."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    def _keys_shown(self) -> tuple[Any, ...]:
        """What ``Footer.compose`` draws from: each shown binding, enabled or not."""
        app = self.app
        keys = tuple(
            (key, binding.action, app.get_key_display(binding), binding.description, enabled,
             tooltip, binding.group, key == app.COMMAND_PALETTE_BINDING)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )
        return (*keys, self.show_command_palette, self.compact)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
