"""The Decisions tab: what the agreed playbook says should happen now, and what was done.

In a drill the playbook does not act by itself: each rule whose organisation knows its
fact becomes a suggestion, and the team accepts it (the suggested action is applied on
the organisation's behalf) or dismisses it, with one key. The lower table is the record
of actions so far, the team's and the accepted playbook's. Both are
:class:`~tui.widgets.line_table.TextTable` s: a long drill offers hundreds of suggestions,
and a ``DataTable`` re-rendered all of them (~90 ms) each time the tab came into view.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Label

from simulator.events import ActionEvent
from simulator.playbook import Suggestion
from tui.i18n import _
from tui.session_view import SessionView
from tui.widgets.clock_bar import format_sim_time
from tui.widgets.line_table import TextTable

MAX_ACTIONS = 200
MAX_REMOVALS = 20
"""Beyond this many suggestions gone at once, refilling the table is cheaper (each removal
shifts every row after it)."""


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
        yield TextTable(_("due"), _("rule"), _("by"), _("does"), _("about"), _("details"),
                        id="suggestions")
        yield Label(_("Actions"), classes="pane-title")
        yield TextTable(_("at"), _("by"), _("does"), _("status"), _("rule"), _("details"),
                        id="actions")

    def on_mount(self) -> None:
        self.refresh_from()

    @property
    def selected(self) -> Suggestion | None:
        """The suggestion under the cursor (the oldest if the table has no focus yet)."""
        suggestions = self.session.run.suggestions
        if not suggestions:
            return None
        table = self.query_one("#suggestions", TextTable)
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
        table = self.query_one("#suggestions", TextTable)
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
        table.set_rows((key, self._suggestion_row(suggestion))
                       for key, suggestion in zip(keys, suggestions, strict=True))

    def _add_suggestion(self, table: TextTable, key: str, suggestion: Suggestion) -> None:
        table.add_row(*self._suggestion_row(suggestion), key=key)

    @staticmethod
    def _suggestion_row(suggestion: Suggestion) -> list[Text]:
        action = suggestion.action
        fact = suggestion.fact
        details = describe_action({k: v for k, v in _fields(action).items()})
        return [Text(format_sim_time(suggestion.due)), Text(suggestion.rule), Text(action.by),
                Text(action.do), Text(f"{fact.service} {_(fact.state)}"), Text(details)]

    def _refresh_actions(self) -> None:
        """The newest ``MAX_ACTIONS`` actions, newest first (redrawn when one is added, or
        when a replay went back)."""
        actions = self.session.actions
        shown = self._shown_actions
        if len(actions) == len(shown) and (not shown or actions[-1] is shown[-1]):
            return
        log = self.query_one("#actions", TextTable)
        first = max(0, len(actions) - MAX_ACTIONS)
        rows: list[tuple[str, list[Text]]] = []
        for number in range(len(actions) - 1, first - 1, -1):
            event = actions[number]
            rows.append((f"action:{number}", [
                Text(format_sim_time(event.t)), Text(event.by), Text(event.do),
                Text(_(event.status)), Text(event.rule or _("(team)")),
                Text(describe_action(event.fields))]))
        log.set_rows(rows)
        self._shown_actions = list(actions)


def _fields(action: object) -> dict[str, object]:
    from simulator.inputs import Action, input_to_dict

    assert isinstance(action, Action)
    out = input_to_dict(action)
    for key in ("t", "type", "by", "do", "rule", "fact", "about"):
        out.pop(key, None)
    return out
