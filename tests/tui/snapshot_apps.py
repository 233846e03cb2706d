"""Deterministic consoles for the snapshot tests: a small fixed scenario, a frozen clock.

The built-in scenarios are content and change as authors refine them; a snapshot must
change only when the console does. So the snapshots run on the small scenario below
(its own file, written next to the run folder), with a fixed seed, a wall clock that moves
only when a test moves it, a timer that never fires by itself, and a run folder at the
relative path ``runs/snapshot-drill`` (the quit dialog shows it) under the test's own
working directory.
"""

from __future__ import annotations

from pathlib import Path

from simulator.loader import load_scenario
from tui.app import TabletopApp
from tui.drill_session import DrillSession

RUN_DIR = Path("runs") / "snapshot-drill"
SEED = 5

SCENARIO_YAML = """\
format: tabletop/1
id: snapshot-town
title: {fi: Myrsky Esimerkkilässä, en: Storm over Esimerkkilä}
clock:
  start: 2026-01-16T18:00:00+02:00
  duration: 24h
seed: 5
organisations:
  - id: esimerkkila
    name: {fi: Esimerkkilän kaupunki, en: City of Esimerkkilä}
    kind: municipality
    contacts:
      - {role: Valmiuspäällikkö, name: Maija Meikäläinen, channels: [phone, virve]}
  - id: hyvinvointialue
    name: {fi: Esimerkkilän hyvinvointialue, en: Esimerkkilä wellbeing services county}
    kind: wellbeing-county
  - id: pelastuslaitos
    name: {fi: Pelastuslaitos, en: Rescue department}
    kind: rescue-services
  - id: vesilaitos
    name: {fi: Esimerkkilän Vesi, en: Esimerkkilä Water}
    kind: utility
  - id: sahkoverkko
    name: {fi: Esimerkkilän Sähköverkko, en: Esimerkkilä Grid}
    kind: utility
  - id: operaattori
    name: {fi: Teleoperaattori, en: Mobile operator}
    kind: company
    duty: office-hours
services:
  - id: power
    name: {fi: Sähkönjakelu, en: Electricity distribution}
    owner: sahkoverkko
    population: 40000
    critical: true
  - id: mobile-network
    name: {fi: Matkapuhelinverkko, en: Mobile network}
    owner: operaattori
    population: 40000
    detect: 10m
    depends_on: [{service: power, tolerance: 2h}]
  - id: virve-network
    name: {fi: VIRVE-verkko, en: VIRVE network}
    owner: pelastuslaitos
    depends_on: [{service: power, tolerance: 3h}]
  - id: water-production
    name: {fi: Vedenottamo, en: Water production}
    owner: vesilaitos
    detect: 15m
    depends_on: [{service: power, tolerance: 90m, refill: manual}]
  - id: water-supply
    name: {fi: Talousvedenjakelu, en: Drinking water supply}
    owner: vesilaitos
    population: 38000
    critical: true
    restore: 1h
    depends_on: [{service: water-production, tolerance: 1h}]
  - id: sewage-pumping
    name: {fi: Jätevedenpumppaamot, en: Sewage pumping stations}
    owner: vesilaitos
    depends_on: [{service: power}]
  - id: hospital
    name: {fi: Keskussairaala, en: Central hospital}
    owner: hyvinvointialue
    critical: true
    vulnerable: 300
    depends_on: [{service: power, tolerance: 12h, refill: manual, effect: degraded}]
  - id: home-care
    name: {fi: Kotihoito, en: Home care}
    owner: hyvinvointialue
    vulnerable: 900
    depends_on:
      - {service: mobile-network, tolerance: 1h, effect: degraded}
      - {service: water-supply, tolerance: 4h, effect: degraded}
  - id: emergency-112
    name: {fi: Hätäpuhelut 112, en: Emergency calls 112}
    owner: pelastuslaitos
    critical: true
    depends_on: [{service: mobile-network, effect: degraded}]
channels:
  - {id: phone, name: Phone, latency: 5m, depends_on: [mobile-network]}
  - {id: virve, name: VIRVE, latency: 2m, depends_on: [virve-network]}
  - {id: courier, name: Courier, latency: 1h}
resources:
  - {id: water-tanker, name: Water tanker, owner: vesilaitos, count: 2}
responsibilities:
  - id: emergency-water
    task: {fi: Hätävedenjakelu, en: Emergency water distribution}
    trigger: {service: water-supply, state: down}
    lead: vesilaitos
    support: [esimerkkila, pelastuslaitos]
    cost: vesilaitos
    within: 4h
    setup: 1h
    needs: {resource: water-tanker, count: 2}
    mitigates: {service: water-supply, share: 0.5}
playbook:
  - id: grid-reports-outage
    by: sahkoverkko
    when: {service: power, state: down}
    after: 20m
    do: notify
    to: [esimerkkila, hyvinvointialue, pelastuslaitos, vesilaitos]
    via: [phone, virve, courier]
  - id: rescue-convenes-centre
    by: pelastuslaitos
    when: {service: power, state: down}
    after: 1h
    do: convene
    members: [pelastuslaitos, esimerkkila, hyvinvointialue, vesilaitos]
    via: [virve, courier]
  - id: water-refuels-plant
    by: vesilaitos
    when: {service: water-production, state: strained}
    after: 30m
    do: supply
    target: water-production
    dependency: power
    amount: 90m
    takes: 1h
  - id: water-starts-distribution
    by: vesilaitos
    when: {service: water-supply, state: down}
    after: 30m
    do: activate
    task: emergency-water
injects:
  - id: storm
    at: 0m
    do: fail
    target: power
    text: {fi: Myrsky katkaisee sähköt., en: The storm cuts the power.}
  - id: journalist-call
    at: 2h
    do: message
    to: [esimerkkila]
    about: {service: water-supply, state: down}
    text: {fi: Toimittaja kysyy vedenjakelusta., en: A journalist asks about the water.}
  - id: generator-fault
    optional: true
    do: degrade
    target: hospital
    text: {fi: Sairaalan varavoimakone ei käynnisty., en: The hospital generator fails to start.}
  - id: power-back
    at: 20h
    do: restore
    target: power
    text: {fi: Sähköt palaavat., en: Power returns.}
objectives:
  - id: county-knows-power
    text:
      fi: Hyvinvointialue tietää sähkökatkosta tunnissa.
      en: The county knows of the outage within an hour.
    expect: {org: hyvinvointialue, knows: {service: power, state: down}, within: 1h}
  - id: water-on-time
    text: {fi: Hätävedenjakelu ajoissa., en: Emergency water on time.}
    expect: {task: emergency-water, active: true, within: 4h}
  - id: hospital-never-down
    text: {fi: Sairaala ei pysähdy., en: The hospital never stops.}
    expect: {service: hospital, never: down}
"""


class FrozenClock:
    """A wall clock that moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_session(workdir: Path) -> DrillSession:
    """A new drill of the fixed scenario; the run folder is ``RUN_DIR`` (relative: the
    caller's working directory must be ``workdir`` so that the path on screen is fixed)."""
    scenario_file = workdir / "snapshot-town.yaml"
    scenario_file.write_text(SCENARIO_YAML, encoding="utf-8")
    loaded = load_scenario(scenario_file)
    return DrillSession.start(loaded.scenario, scenario_file.name, loaded.sha256,
                              RUN_DIR / "journal.jsonl", seed=SEED,
                              created="2026-01-16T18:00:00+02:00")


def make_app(workdir: Path, lang: str = "en") -> tuple[TabletopApp, FrozenClock]:
    """The console on a fresh drill, its timer practically never firing by itself."""
    clock = FrozenClock()
    app = TabletopApp(make_session(workdir), lang=lang, clock=clock, tick_hz=1 / 3600,
                      score_interval=1e9)
    return app, clock


def run_clock(app: TabletopApp, clock: FrozenClock, minutes: float, speed: int = 2) -> None:
    """Run the console's clock at ``SPEEDS[speed]`` through its own ticks until ``minutes``
    of simulated time have passed (half a wall second per tick, as a real timer would)."""
    app.speed_index = speed
    app.running = True
    while app.session.run.now < minutes and not app.session.run.finished:
        clock.now += 0.5
        app.tick()
