"""The Decisions tab: what the agreed playbook says should happen now, and what was done.

In a drill the playbook does not act by itself: each rule whose organisation knows its
fact becomes a suggestion, and the team accepts it (the suggested action is applied on
the organisation's behalf) or dismisses it, with one key. The lower table is the record
of actions so far, the team's and the accepted playbook's.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Label

from simulator.playbook import Suggestion
from tui.i18n import _
from tui.session_view import SessionView
from tui.widgets.clock_bar import format_sim_time

MAX_ACTIONS = 200


def describe_action(fields: dict[str, object] | None) -> str:
    """The fields of an action, compactly (``to: a, b; via: phone``)."""
    parts = []
    for key, value in (fields or {}).items():
        if isinstance(value, dict):
            value = " ".join(str(v) for k, v in value.items() if k != "t")
        elif isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


class DecisionsPane(Widget):
    """Suggestions (accept ``y``, dismiss ``x``) above the log of actions."""

    def __init__(self, session: SessionView, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        self._keys: tuple[str, ...] | None = None
        self._actions = -1

    def compose(self) -> ComposeResult:
        yield Label(_("Playbook suggestions: y accept, x dismiss, a record an action"),
                    classes="pane-title")
        suggestions: DataTable[Text] = DataTable(id="suggestions", cursor_type="row")
        suggestions.add_columns(_("due"), _("rule"), _("by"), _("does"), _("about"), _("details"))
        yield suggestions
        yield Label(_("Actions"), classes="pane-title")
        actions: DataTable[Text] = DataTable(id="actions", cursor_type="row")
        actions.add_columns(_("at"), _("by"), _("does"), _("status"), _("rule"), _("details"))
        yield actions

    def on_mount(self) -> None:
        self.refresh_from()

    @property
    def selected(self) -> Suggestion | None:
        """The suggestion under the cursor (the oldest if the table has no focus yet)."""
        suggestions = self.session.run.suggestions
        if not suggestions:
            return None
        table = self.query_one("#suggestions", DataTable)
        row = table.cursor_row if 0 <= table.cursor_row < len(suggestions) else 0
        return suggestions[row]

    def refresh_from(self) -> None:
        suggestions = self.session.run.suggestions
        keys = tuple(f"{s.rule}|{s.fact.id}" for s in suggestions)
        if keys != self._keys:
            self._keys = keys
            table: DataTable[Text] = self.query_one("#suggestions", DataTable)
            cursor = table.cursor_row
            table.clear()
            for key, suggestion in zip(keys, suggestions, strict=True):
                action = suggestion.action
                fact = suggestion.fact
                details = describe_action({k: v for k, v in _fields(action).items()})
                table.add_row(Text(format_sim_time(suggestion.due)), Text(suggestion.rule),
                              Text(action.by), Text(action.do),
                              Text(f"{fact.service} {_(fact.state)}"), Text(details), key=key)
            if table.row_count:
                table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))
        actions = self.session.actions
        if len(actions) != self._actions:
            self._actions = len(actions)
            log: DataTable[Text] = self.query_one("#actions", DataTable)
            log.clear()
            for event in reversed(actions[-MAX_ACTIONS:]):
                log.add_row(Text(format_sim_time(event.t)), Text(event.by), Text(event.do),
                            Text(_(event.status)), Text(event.rule or _("(team)")),
                            Text(describe_action(event.fields)))

def _fields(action: object) -> dict[str, object]:
    from simulator.inputs import Action, input_to_dict

    assert isinstance(action, Action)
    out = input_to_dict(action)
    for key in ("t", "type", "by", "do", "rule", "fact", "about"):
        out.pop(key, None)
    return out
