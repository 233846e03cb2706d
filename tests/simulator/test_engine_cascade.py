"""Service states and reserves, with hand-computed times (minutes)."""

from __future__ import annotations

from tests.simulator.engine_helpers import changes, of_type, run, scenario

POWER = {"id": "power", "owner": "grid"}


def water(tolerance: str, refill: str = "auto", restore: str = "0m",
          effect: str = "down") -> dict[str, object]:
    return {"id": "water", "owner": "city", "restore": restore,
            "depends_on": [{"service": "power", "tolerance": tolerance, "refill": refill,
                            "effect": effect}]}


def outages(*spans: tuple[str, str]) -> list[dict[str, str]]:
    injects = []
    for n, (fail_at, restore_at) in enumerate(spans):
        injects.append({"id": f"fail-{n}", "at": fail_at, "do": "fail", "target": "power"})
        injects.append({"id": f"back-{n}", "at": restore_at, "do": "restore", "target": "power"})
    return injects


def test_auto_reserve_refills_while_the_provider_is_up() -> None:
    # Power out 0–60: 60 of 120 minutes used. Back up, the reserve refills 1 min/min, so at
    # t = 90 it holds 90. Power out again at 90: it runs out at 90 + 90 = 180.
    sc = scenario(services=[POWER, water("2h")], injects=outages(("0m", "1h"), ("90m", "10h")))
    assert changes(run(sc), "water") == [
        (0.0, "strained"), (60.0, "up"), (90.0, "strained"), (180.0, "down"), (600.0, "up"),
    ]


def test_manual_reserve_does_not_refill() -> None:
    # Same cuts; the manual reserve keeps its 60 minutes: out at 90 + 60 = 150.
    sc = scenario(services=[POWER, water("2h", refill="manual")],
                  injects=outages(("0m", "1h"), ("90m", "10h")))
    assert changes(run(sc), "water") == [
        (0.0, "strained"), (60.0, "up"), (90.0, "strained"), (150.0, "down"), (600.0, "up"),
    ]


def test_zero_tolerance_goes_down_at_once_and_restore_delays_return() -> None:
    sc = scenario(services=[POWER, water("0m", restore="2h")], injects=outages(("1h", "3h")))
    events = run(sc)
    assert changes(events, "water") == [(60.0, "down"), (300.0, "up")]
    causes = [e.cause for e in events if e.type == "service" and e.service == "water"]
    assert causes == ["reserve:power", "restored"]


def test_restoring_starts_over_when_the_reserve_is_exhausted_again() -> None:
    # Down at 60; power back at 120 → restoring until 240; power out again at 180 (reserve
    # 0m: exhausted at once), back at 200 → restoring starts over: up at 200 + 120 = 320.
    sc = scenario(services=[POWER, water("0m", restore="2h")],
                  injects=outages(("1h", "2h"), ("3h", "200m")))
    assert changes(run(sc), "water") == [(60.0, "down"), (320.0, "up")]


def test_degraded_effect_recovers_at_once_without_restore() -> None:
    sc = scenario(services=[POWER, water("30m", restore="2h", effect="degraded")],
                  injects=outages(("0m", "2h")))
    assert changes(run(sc), "water") == [(0.0, "strained"), (30.0, "degraded"), (120.0, "up")]


def test_direct_damage_stays_until_restore_and_worst_state_applies() -> None:
    sc = scenario(
        services=[POWER, water("1h")],
        injects=[
            {"id": "cut", "at": "0m", "do": "fail", "target": "power"},
            {"id": "dirty", "at": "10m", "do": "degrade", "target": "water"},
            {"id": "clean", "at": "3h", "do": "restore", "target": "water"},
        ],
    )
    # strained at 0, degraded by inject at 10 (worse), reserve out at 60 → down,
    # restore inject clears the degrade but power is still down: stays down.
    assert changes(run(sc), "water") == [(0.0, "strained"), (10.0, "degraded"), (60.0, "down")]


def test_only_down_propagates() -> None:
    sc = scenario(
        services=[POWER, water("0m"),
                  {"id": "hospital", "owner": "county",
                   "depends_on": [{"service": "water", "tolerance": "0m"}]}],
        injects=[{"id": "dim", "at": "0m", "do": "degrade", "target": "power"}],
    )
    events = run(sc)
    assert changes(events, "power") == [(0.0, "degraded")]
    assert changes(events, "water") == []
    assert changes(events, "hospital") == []


def test_cycle_with_reserves_recovers() -> None:
    # power needs telecom (12h), telecom needs power (3h). Power fails directly at 0; telecom
    # goes down at 180; power's reserve for telecom would run out at 180 + 720 = 900, but the
    # repair (restore inject) at 600 brings power back first; telecom restores at once.
    sc = scenario(
        services=[
            {"id": "power", "owner": "grid",
             "depends_on": [{"service": "telecom", "tolerance": "12h"}]},
            {"id": "telecom", "owner": "operator",
             "depends_on": [{"service": "power", "tolerance": "3h"}]},
        ],
        injects=outages(("0m", "10h")),
    )
    events = run(sc)
    assert changes(events, "telecom") == [(0.0, "strained"), (180.0, "down"), (600.0, "up")]
    # At 600 power is repaired while telecom is still down (strained), then telecom returns.
    assert changes(events, "power") == [(0.0, "down"), (600.0, "strained"), (600.0, "up")]


def test_cycle_that_cannot_recover() -> None:
    # Both reserves run out before the repair: power stays down on telecom, telecom on power.
    sc = scenario(
        services=[
            {"id": "power", "owner": "grid",
             "depends_on": [{"service": "telecom", "tolerance": "1h"}]},
            {"id": "telecom", "owner": "operator",
             "depends_on": [{"service": "power", "tolerance": "3h"}]},
        ],
        injects=outages(("0m", "10h")),
    )
    events = run(sc)
    assert changes(events, "telecom") == [(0.0, "strained"), (180.0, "down")]
    assert changes(events, "power") == [(0.0, "down")]
    assert of_type(events, "end")[0].t == 1440.0


def test_supply_saves_a_service() -> None:
    # Hospital generator fuel: 6h manual reserve; a fuel truck delivers 12h of fuel, taking
    # 1h, as soon as the hospital knows power is down (detect 30m): t = 90, level 6h - 90m
    # + 12h capped at 12h tolerance → runs out at 90 + 720 = 810 > power back at 600.
    sc = scenario(
        services=[POWER, {"id": "hospital", "owner": "county", "detect": "30m",
                          "depends_on": [{"service": "power", "tolerance": "12h",
                                          "refill": "manual"}]}],
        resources=[{"id": "fuel-truck", "owner": "county", "count": 1}],
        playbook=[{"id": "fuel", "by": "county", "when": {"service": "power", "state": "down"},
                   "do": "supply", "target": "hospital", "dependency": "power",
                   "amount": "12h", "takes": "1h", "needs": {"resource": "fuel-truck"}}],
        injects=outages(("0m", "10h")),
    )
    events = run(sc)
    assert changes(events, "hospital") == [(0.0, "strained"), (600.0, "up")]
    supplied = [e for e in of_type(events, "reserve") if e.status == "supplied"]
    assert [(e.t, e.left) for e in supplied] == [(90.0, 720.0)]


def test_supply_after_exhaustion_brings_the_service_back_after_restore() -> None:
    sc = scenario(
        services=[POWER, {"id": "hospital", "owner": "county", "restore": "15m",
                          "depends_on": [{"service": "power", "tolerance": "1h",
                                          "refill": "manual"}]}],
        playbook=[{"id": "fuel", "by": "county", "when": {"service": "hospital",
                                                            "state": "down"},
                   "after": "45m", "do": "supply", "target": "hospital",
                   "dependency": "power", "amount": "2h"}],
        injects=outages(("0m", "20h")),
    )
    # exhausted at 60 (supply capped at tolerance 60m): refuelled at 105 → restoring until
    # 120, up (strained) until the new reserve runs out at 165.
    assert changes(run(sc), "hospital")[:4] == [
        (0.0, "strained"), (60.0, "down"), (120.0, "strained"), (165.0, "down"),
    ]
