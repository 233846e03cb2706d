"""A small region and shorthand event constructors for the scoring tests.

Organisations: ``grid`` (power), ``tele`` (mobile network), ``utility`` (water), ``city``
(school), ``county`` (home care). ``mobile`` and ``water`` depend on ``power``; ``homecare``
on ``mobile`` and ``water``; ``school`` on ``water``.
"""

from __future__ import annotations

from typing import Any

from simulator.events import Knows, MessageEvent, ServiceChanged, TaskEvent
from simulator.model import Scenario


def region(**extra: Any) -> Scenario:
    data: dict[str, Any] = {
        "format": "tabletop/1",
        "id": "mini",
        "clock": {"start": "2026-01-14T06:00:00+02:00", "duration": "10h"},
        "organisations": [
            {"id": "grid", "name": {"en": "Grid company", "fi": "Sähköyhtiö"}},
            {"id": "tele", "name": "Telecom"},
            {"id": "utility", "name": "Water utility"},
            {"id": "city", "name": "City"},
            {"id": "county", "name": "County"},
        ],
        "services": [
            {"id": "power", "owner": "grid", "population": 5000},
            {"id": "mobile", "owner": "tele", "depends_on": [{"service": "power"}]},
            {
                "id": "water",
                "owner": "utility",
                "population": 1000,
                "vulnerable": 10,
                "depends_on": [{"service": "power", "tolerance": "20m"}],
            },
            {
                "id": "homecare",
                "owner": "county",
                "vulnerable": 100,
                "depends_on": [{"service": "mobile"}, {"service": "water"}],
            },
            {"id": "school", "owner": "city", "depends_on": [{"service": "water"}]},
        ],
        "channels": [
            {"id": "phone", "latency": "5m", "depends_on": ["mobile"]},
            {"id": "virve", "latency": "5m"},
        ],
    }
    data.update(extra)
    return Scenario.model_validate(data)


def changed(t: float, service: str, to: str, from_: str = "up") -> ServiceChanged:
    return ServiceChanged(t, service=service, from_=from_, to=to, cause="test")  # type: ignore[arg-type]


def knows(
    t: float, org: str, service: str, state: str, occurred: float, how: str = "detected"
) -> Knows:
    return Knows(t, org=org, service=service, state=state, how=how, occurred=occurred)  # type: ignore[arg-type]


def message(
    t: float,
    ident: int,
    sender: str,
    receiver: str,
    about: tuple[str, str, float],
    status: str,
    channel: str | None = None,
    fallback: bool | None = None,
    attempt: int | None = None,
) -> MessageEvent:
    return MessageEvent(
        t,
        id=ident,
        from_=sender,
        to=receiver,
        channel=channel,
        about={"service": about[0], "state": about[1], "t": about[2]},
        status=status,  # type: ignore[arg-type]
        fallback=fallback,
        attempt=attempt,
    )


def task(t: float, name: str, status: str, by: str | None = None) -> TaskEvent:
    return TaskEvent(t, task=name, by=by, status=status)  # type: ignore[arg-type]
