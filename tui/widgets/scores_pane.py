"""The Scores tab: live information-flow and coordination figures and the objectives.

Scoring re-reads the whole event log (about 60 ms at 10k services), so the console
computes it in a thread worker at most every few seconds and shows the latest result;
the same figures are written to ``score.json``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from simulator.model import Scenario, text_in
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

    def show(self, score: dict[str, Any]) -> None:
        self.score = score
        text = Text()
        text.append(_("Scores at") + f" {format_sim_time(score['duration'])}\n",
                    style="bold underline")
        for line in score_summary(score, self.scenario, self.lang):
            text.append(line + "\n")
        text.append("\n" + _("Objectives") + "\n", style="bold underline")
        texts = {o.id: text_in(o.text, self.lang) for o in self.scenario.objectives}
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
        self.query_one("#score-text", Static).update(text)
