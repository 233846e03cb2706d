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

from simulator.events import ActionEvent
from simulator.playbook import Suggestion
from tui.i18n import _
from tui.session_view import SessionView
from tui.widgets.clock_bar import format_sim_time

MAX_ACTIONS = 200
MAX_REMOVALS = 20
"""Beyond this many suggestions gone at once, refilling the table is cheaper (each removal
renumbers every row)."""


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
        self._shown_actions: list[ActionEvent] = []
        """The action events the log shows (the session's list as it was)."""

    def compose(self) -> ComposeResult:
        yield Label(_("Playbook suggestions: y accept, x dismiss, a record an action"),
                    classes="pane-title")
        suggestions: DataTable[Text] = DataTable(id="suggestions", cursor_type="row")
        suggestions.add_columns(_("due"), _("rule"), _("by"), _("does"), _("about"), _("details"))
        yield suggestions
        yield Label(_("Actions"), classes="pane-title")
        actions: DataTable[Text] = DataTable(id="actions", cursor_type="row")
        self._at_column = actions.add_columns(_("at"), _("by"), _("does"), _("status"),
                                              _("rule"), _("details"))[0]
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
        """Bring both tables up to the run, touching only the rows that changed."""
        self._refresh_suggestions()
        self._refresh_actions()

    def _refresh_suggestions(self) -> None:
        suggestions = self.session.run.suggestions
        keys = tuple(f"{s.rule}|{s.fact.id}" for s in suggestions)
        old = self._keys
        if keys == old:
            return
        self._keys = keys
        table: DataTable[Text] = self.query_one("#suggestions", DataTable)
        if old is not None:
            # Suggestions come oldest first: usually some went (accepted, dismissed, no
            # longer due) and some were added at the end. Then only those rows change.
            present = set(keys)
            kept = [key for key in old if key in present]
            gone = len(old) - len(kept)
            if tuple(kept) == keys[:len(kept)] and gone <= MAX_REMOVALS:
                for key in old:
                    if key not in present:
                        table.remove_row(key)
                for key, suggestion in zip(keys[len(kept):], suggestions[len(kept):],
                                           strict=True):
                    self._add_suggestion(table, key, suggestion)
                return
        cursor = table.cursor_row
        table.clear()
        for key, suggestion in zip(keys, suggestions, strict=True):
            self._add_suggestion(table, key, suggestion)
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))

    def _add_suggestion(self, table: DataTable[Text], key: str, suggestion: Suggestion) -> None:
        action = suggestion.action
        fact = suggestion.fact
        details = describe_action({k: v for k, v in _fields(action).items()})
        table.add_row(Text(format_sim_time(suggestion.due)), Text(suggestion.rule),
                      Text(action.by), Text(action.do),
                      Text(f"{fact.service} {_(fact.state)}"), Text(details), key=key)

    def _refresh_actions(self) -> None:
        """The newest ``MAX_ACTIONS`` actions, newest first: new ones are added and sorted
        to the top, the oldest dropped; the log is refilled only if it went back."""
        actions = self.session.actions
        shown = self._shown_actions
        if len(actions) == len(shown) and (not shown or actions[-1] is shown[-1]):
            return
        log: DataTable[Text] = self.query_one("#actions", DataTable)
        first = max(0, len(actions) - MAX_ACTIONS)
        grown = len(actions) > len(shown) and (not shown or actions[len(shown) - 1]
                                                is shown[-1])
        if not grown:
            log.clear()
            start = first
        else:
            start = max(first, len(shown))
        for number in range(start, len(actions)):
            event = actions[number]
            log.add_row(_Numbered(format_sim_time(event.t), number=number), Text(event.by),
                        Text(event.do), Text(_(event.status)), Text(event.rule or _("(team)")),
                        Text(describe_action(event.fields)), key=f"action:{number}")
        if grown:
            for number in range(max(0, len(shown) - MAX_ACTIONS), min(first, len(shown))):
                log.remove_row(f"action:{number}")
        log.sort(self._at_column, key=lambda at: -at.number)
        self._shown_actions = list(actions)


class _Numbered(Text):
    """The time cell of an action, carrying the action's place in the log for sorting."""

    def __init__(self, text: str, *, number: int) -> None:
        super().__init__(text)
        self.number = number


def _fields(action: object) -> dict[str, object]:
    from simulator.inputs import Action, input_to_dict

    assert isinstance(action, Action)
    out = input_to_dict(action)
    for key in ("t", "type", "by", "do", "rule", "fact", "about"):
        out.pop(key, None)
    return out
