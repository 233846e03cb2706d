"""The national graph: every municipality of Finland, ~30 services each, loaded and run 72 h.

``tabletop region --county all --services detailed`` writes the whole country from the
shipped Statistics Finland data: 309 municipalities x 30 services plus the county and
region services (~9,400 services, ~2.7 MB of YAML). This benchmark generates that file,
includes it from a 72-hour scenario with a few failures (a regional power cut in the three
largest cities, a mobile-core outage, a water-treatment fault, restores later), and prints
how long generating, loading (parse + positions + validation) and running take. The bare
``yaml.load(CSafeLoader)`` of the same file, timed in the same run, is the baseline: the
machines are noisy, so compare ratios between runs, not seconds.

    .venv/bin/python benchmarks/national.py [--template detailed] [--repeat K]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from timing import best_of

SCENARIO = """\
format: tabletop/1
id: national-benchmark
title: National graph benchmark
include: [regions/national.yaml]
clock: {{start: 2026-01-14T06:00:00+02:00, duration: 72h}}
seed: 1
injects:
{injects}
"""


def failures(region: dict[str, Any]) -> list[dict[str, Any]]:
    """A few failures: power in the three most populous municipalities, a core outage."""
    services = {s["id"]: s for s in region["services"]}
    power = sorted(
        (s for s in region["services"] if s["id"].endswith("-power")),
        key=lambda s: -s.get("population", 0),
    )[:3]
    injects: list[dict[str, Any]] = []
    for k, service in enumerate(power):
        injects.append(
            {"id": f"cut-{k}", "at": f"{k * 30}m", "do": "fail", "target": service["id"]}
        )
        injects.append({"id": f"back-{k}", "at": f"{20 + 6 * k}h", "do": "restore",
                        "target": service["id"]})  # fmt: skip
    if "mobile-core" in services:
        injects.append({"id": "core-down", "at": "6h", "do": "fail", "target": "mobile-core"})
        injects.append({"id": "core-back", "at": "9h", "do": "restore", "target": "mobile-core"})
    water = next(s["id"] for s in region["services"] if s["id"].endswith("-water-treatment"))
    injects.append({"id": "water-fault", "at": "12h", "do": "fail", "target": water})
    return injects


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--template", default="detailed", help="region template (default detailed)")
    parser.add_argument("--repeat", type=int, default=1, help="best of K timings (default 1)")
    args = parser.parse_args(argv)

    from simulator.engine import Run
    from simulator.events import ServiceChanged
    from simulator.loader import load_scenario
    from simulator.regions.data import counties
    from simulator.regions.region import build_region, region_yaml
    from simulator.regions.template import load_template
    from simulator.synthetic import dump_yaml

    started = time.perf_counter()
    region = build_region(counties(), load_template(args.template), template_name=args.template)
    text = region_yaml(region, "national.yaml")
    generate = time.perf_counter() - started
    municipalities = sum(len(c.municipalities) for c in counties())
    print(f"generated: {municipalities} municipalities, {len(region['organisations'])} "
          f"organisations, {len(region['services'])} services, {len(text) / 1e6:.2f} MB "
          f"in {generate:.2f} s")  # fmt: skip

    with tempfile.TemporaryDirectory(prefix="tabletop-national-") as folder:
        (Path(folder) / "regions").mkdir()
        region_path = Path(folder) / "regions" / "national.yaml"
        region_path.write_text(text, "utf-8")
        injects = dump_yaml({"injects": failures(region)}).split("\n", 1)[1]
        path = Path(folder) / "national.yaml"
        path.write_text(SCENARIO.format(injects=injects.rstrip()), "utf-8")

        bare = best_of(args.repeat, lambda: yaml.load(text, Loader=yaml.CSafeLoader))
        print(f"yaml.load(CSafeLoader) of the region file: {bare:6.2f} s")
        loaded = load_scenario(path)
        scenario = loaded.scenario
        load = best_of(args.repeat, lambda: load_scenario(path))
        print(f"load_scenario (parse + positions + validation): {load:6.2f} s "
              f"({load / bare:.2f}x the bare parse); {len(scenario.services)} services, "
              f"{len(loaded.warnings)} warnings")  # fmt: skip

        results: dict[str, Any] = {}

        def run() -> None:
            started = time.perf_counter()
            simulation = Run(scenario)
            results["setup"] = time.perf_counter() - started
            simulation.run_to_end()
            results["events"] = simulation.events

        elapsed = best_of(args.repeat, run)
        events = results["events"]
        changes = sum(1 for e in events if isinstance(e, ServiceChanged))
        print(f"run 72 h with {len(scenario.injects)} injects: {elapsed:6.2f} s "
              f"(set-up {results['setup']:.2f} s); {len(events)} events, "
              f"{changes} service state changes")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
