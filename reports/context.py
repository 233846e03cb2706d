"""What every part of a report reads about one run: the scenario, the indexed event log,
the scores, and the language to say it in.

Built once per report so that the findings, the tables and the charts name services and
organisations the same way, format times the same way and read the same service time lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from reports.i18n import N_, fmt_datetime, fmt_duration, fmt_hours, fmt_number, fmt_sim_time
from reports.i18n import gettext as _
from simulator.clock import wall_clock
from simulator.events import Event
from simulator.fields import text_in
from simulator.model import Responsibility, Scenario, Service
from simulator.scoring import RunLog, read_log
from simulator.scoring.impact import Interval, state_intervals

STATE_MSGIDS = {"up": N_("up"), "strained": N_("strained"), "degraded": N_("degraded"),
                "down": N_("down")}


@dataclass
class RunContext:
    """A run as the report sees it (read-only after construction)."""

    scenario: Scenario
    events: list[Event]
    score: dict[str, Any]
    lang: str

    @cached_property
    def end(self) -> float:
        return float(self.score.get("duration") or self.events[-1].t)

    @cached_property
    def log(self) -> RunLog:
        return read_log(self.events, self.end)

    @cached_property
    def spans(self) -> dict[str, dict[str, list[Interval]]]:
        return state_intervals(self.log, self.scenario)

    @cached_property
    def services(self) -> dict[str, Service]:
        return {s.id: s for s in self.scenario.services}

    @cached_property
    def tasks(self) -> dict[str, Responsibility]:
        return {r.id: r for r in self.scenario.responsibilities}

    @cached_property
    def _names(self) -> dict[str, dict[str, str]]:
        sc, lang = self.scenario, self.lang
        return {
            "org": {o.id: text_in(o.name, lang, o.id) for o in sc.organisations},
            "service": {s.id: text_in(s.name, lang, s.id) for s in sc.services},
            "channel": {c.id: text_in(c.name, lang, c.id) for c in sc.channels},
            "resource": {r.id: text_in(r.name, lang, r.id) for r in sc.resources},
            "task": {r.id: text_in(r.task, lang, r.id) for r in sc.responsibilities},
            "objective": {o.id: text_in(o.text, lang, o.id) for o in sc.objectives},
        }

    def name(self, kind: str, ident: str | None) -> str:
        """The display name of an organisation, service, channel, resource, task or
        objective in the report's language (its id when it has no name)."""
        if ident is None:
            return "–"
        return self._names[kind].get(ident, ident)

    def orgs(self, idents: list[str] | tuple[str, ...]) -> str:
        return ", ".join(self.name("org", i) for i in idents) or "–"

    def state(self, state: str) -> str:
        return _(STATE_MSGIDS.get(state, state), self.lang)

    def fact(self, service: str, state: str) -> str:
        """"Water supply down" in the report's language."""
        return _("{service} {state}", self.lang).format(
            service=self.name("service", service), state=self.state(state))

    def wall(self, t: float) -> datetime:
        return wall_clock(self.scenario.clock.start, t)

    def when(self, t: float | None) -> str:
        """Scenario time and its wall-clock label: ``T+2:30 (16.1.2026 klo 20.30)``."""
        if t is None:
            return "–"
        return f"{fmt_sim_time(t)} ({fmt_datetime(self.wall(t), self.lang)})"

    def num(self, value: float | None, digits: int = 0) -> str:
        return fmt_number(value, self.lang, digits)

    def dur(self, minutes: float | None) -> str:
        return fmt_duration(minutes, self.lang)

    def hours(self, minutes: float | None) -> str:
        return fmt_hours(minutes, self.lang)

    def down_between(self, service: str, start: float, stop: float) -> float:
        """Minutes ``service`` was down within ``[start, stop]``."""
        total = 0.0
        for a, b in self.spans.get(service, {}).get("down", ()):
            total += max(0.0, min(b, stop) - max(a, start))
        return total

    def population_hours(self, service: str, start: float, stop: float) -> float:
        """Residents × hours ``service`` was down within ``[start, stop]`` (unmitigated)."""
        found = self.services.get(service)
        if found is None:
            return 0.0
        return found.population * self.down_between(service, start, stop) / 60.0
