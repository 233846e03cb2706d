"""When the drill console computes the live scores, and where they go.

Scoring re-reads the whole event log: at 10k services late in a long drill (~50k events)
that is ~0.5 s of CPU. Done every few seconds in a thread while the clock ran at the
fastest speed, it fought the interface and the simulation for the GIL (a key press took
210 ms with it, 45 ms without). So the scores are computed in a thread worker, at most
every ``interval`` wall seconds and only when the run changed, and:

- while the Scores tab is in view (at the fastest speed the simulation waits for the
  worker: see ``busy``, which the tick reads);
- while the clock is paused or runs at a set speed (the engine is mostly idle then);
- at once when the clock stops (pause, the run's end, a jump reached its inject) and when
  the Scores tab comes into view with a stale score.

Not while the clock runs at the fastest speed with another tab in view: ``score.json`` is
then brought up to date when the clock stops, and on quitting (``DrillSession.close``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from tui.widgets.scores_pane import ScoresPane

if TYPE_CHECKING:
    from rich.text import Text

    from tui.app import TabletopApp


class LiveScores:
    """The console's score refreshes (one worker at a time) and the latest result."""

    def __init__(self, app: TabletopApp, interval: float) -> None:
        self.app = app
        self.interval = interval
        self.busy = False
        """A worker is computing a score."""
        self.revision = -1
        """The session revision of the latest score computed (or being computed)."""
        self.started = app.clock()
        """Wall time (the app's clock) the latest worker started."""
        self.latest: dict[str, Any] | None = None
        self._latest_text: tuple[str, Text] | None = None
        """The latest score's text for the tab, and its language."""
        self._latest_revision = -1
        self._shown: dict[str, Any] | None = None
        self._written = -1
        """The session revision of the score in ``score.json``."""
        self._lock = threading.Lock()
        """Orders the writes of ``score.json`` (a worker's and a synchronous one)."""

    @property
    def pane(self) -> ScoresPane:
        return self.app.drill_screen.query_one(ScoresPane)

    def in_view(self) -> bool:
        return self.app.active_tab == "scores"

    def maybe_refresh(self, now: float, *, force: bool = False) -> None:
        """Start a worker if the rules of the module say so (``force``: the clock just
        stopped or the tab came into view, so the interval need not have passed)."""
        app = self.app
        session = app.session
        if self.busy or session.closed or self.revision == session.revision:
            return
        fastest = (app.running and app.speed is None) or app.goal is not None
        if fastest and not self.in_view():
            return
        if not force and now - self.started < self.interval:
            return
        self.start(now)

    def start(self, now: float) -> None:
        """Score the run so far in a thread: write ``score.json`` and make the tab's text
        there too (each costs about as much as scoring at 50k events), then show it if
        the Scores tab is in view (else when it comes into view)."""
        app = self.app
        session, run = app.session, app.session.run
        events = list(run.events)
        duration = run.duration if run.finished else run.now
        revision = self.revision = session.revision
        self.started = now
        self.busy = True
        lang = app.lang
        scenario = session.scenario

        def work() -> None:
            from simulator.scoring import score_run

            try:
                score = score_run(scenario, events, seed=run.seed, duration=duration)
                self._write(score, revision)
                text = ScoresPane.describe(score, scenario, lang)
            finally:
                self.busy = False
            if not session.closed:
                app.call_from_thread(self._done, score, revision, (lang, text))

        app.run_worker(work, thread=True, exclusive=True, group="score")

    def _write(self, score: dict[str, Any], revision: int) -> None:
        with self._lock:
            if revision >= self._written:
                self.app.session.write_score(score, unless_closed=True)
                self._written = revision

    def _done(self, score: dict[str, Any], revision: int, text: tuple[str, Text]) -> None:
        if revision < self._latest_revision:
            return  # a synchronous score overtook this one
        self.latest, self._latest_text, self._latest_revision = score, text, revision
        if self.in_view():
            self.show_latest()

    def now(self) -> dict[str, Any]:
        """Score synchronously (tests, and quitting): written and shown at once."""
        app = self.app
        score = app.session.compute_score()
        revision = self.revision = self._latest_revision = app.session.revision
        self._write(score, revision)
        self.latest, self._latest_text = score, None
        self.show_latest()
        return score

    def show_latest(self) -> None:
        if self.latest is None:
            return
        made = self._latest_text
        self.pane.show(self.latest, made[1] if made and made[0] == self.app.lang else None)
        self._shown = self.latest

    def came_into_view(self) -> None:
        """The Scores tab was chosen: show the latest score, and refresh it if stale."""
        if self._shown is not self.latest:
            self.show_latest()
        self.maybe_refresh(self.app.clock(), force=True)

    def redraw(self) -> None:
        """After a language switch (the pane was composed anew): the latest score again."""
        self._shown = None
        if self.in_view():
            self.show_latest()
