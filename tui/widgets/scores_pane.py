"""The Scores tab: live information-flow and coordination figures and the objectives.

Scoring re-reads the whole event log (~0.5 s late in a long drill at 10k services), so
the console computes it in a thread worker, when ``tui.live_scores`` says so, and shows the
latest result; the same figures are written to ``score.json``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from simulator.fields import text_in
from simulator.model import Scenario
from simulator.scoring import score_summary
from tui.i18n import _
from tui.widgets.clock_bar import format_sim_time


class ScoresPane(Widget):
    """Shows a ``score.json`` object: summary lines, then each objective's status."""

    def __init__(self, scenario: Scenario, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.scenario = scenario
        self.lang = lang
        self.score: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(_("Scores are computed every few seconds while the drill runs."),
                         id="score-text")

    def show(self, score: dict[str, Any], text: Text | None = None) -> None:
        """Show ``score`` (``text``: its :meth:`describe`, if already made elsewhere)."""
        self.score = score
        if text is None:
            text = self.describe(score, self.scenario, self.lang)
        self.query_one("#score-text", Static).update(text)

    @staticmethod
    def describe(score: dict[str, Any], scenario: Scenario, lang: str) -> Text:
        """The tab's text for ``score`` (pure: a score worker makes it off the UI thread)."""
        text = Text()
        text.append(_("Scores at") + f" {format_sim_time(score['duration'])}\n",
                    style="bold underline")
        for line in score_summary(score, scenario, lang):
            text.append(line + "\n")
        text.append("\n" + _("Objectives") + "\n", style="bold underline")
        texts = {o.id: text_in(o.text, lang) for o in scenario.objectives}
        for objective, result in score.get("objectives", {}).items():
            met = result.get("met")
            at = result.get("at")
            mark, style = ("✔", "green") if met else ("✖", "red")
            text.append(f"  {mark} ", style=style)
            text.append(objective, style="bold")
            if at is not None:
                text.append(f" {format_sim_time(at)}")
            rating = result.get("rating")
            if rating:
                text.append(f" [{rating}]")
            if texts.get(objective):
                text.append(f"  {texts[objective]}", style="dim")
            text.append("\n")
        return text
