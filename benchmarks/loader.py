"""How long loading a national-scale scenario takes, against the bare YAML parse.

The loader does more than parse: it keeps node positions for ``file:line:col`` messages,
rejects duplicate keys and foreign tags, resolves includes and validates the model. This
benchmark measures that whole cost on a generated 10k-service scenario (~2 MB) and compares
it with ``yaml.load(CSafeLoader)`` of the same file, measured in the same run: the machines
are noisy, so the ratio is the figure to compare between runs. The target is < 3 s.

    .venv/bin/python benchmarks/loader.py [--services N] [--repeat K] [--pure]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from timing import best_of

TARGET_SECONDS = 3.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1, help="best of K runs (default 1)")
    parser.add_argument(
        "--pure", action="store_true", help="also time the pure-Python YAML parse (slow)"
    )
    args = parser.parse_args(argv)

    from simulator.loader import load_scenario
    from simulator.synthetic import dump_yaml, generate_scenario

    with tempfile.TemporaryDirectory(prefix="tabletop-bench-") as folder:
        path = Path(folder) / f"synthetic-{args.services}.yaml"
        path.write_text(dump_yaml(generate_scenario(args.services, seed=args.seed)), "utf-8")
        size = path.stat().st_size
        print(f"scenario: {args.services} services, {size / 1e6:.2f} MB, {path}")
        print(f"libyaml: {'yes' if yaml.__with_libyaml__ else 'NO (pure Python only)'}")

        def bare_c() -> Any:
            return yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)

        baseline = best_of(args.repeat, bare_c)
        print(f"yaml.load(CSafeLoader), bare parse:  {baseline:6.2f} s")

        loaded = load_scenario(path)
        assert len(loaded.scenario.services) == args.services
        loader = best_of(args.repeat, lambda: load_scenario(path))
        print(f"load_scenario (parse + positions + validation): {loader:6.2f} s")
        print(f"ratio loader / bare parse: {loader / baseline:.2f}x")

        if args.pure:

            def bare_pure() -> Any:
                return yaml.load(path.read_text("utf-8"), Loader=yaml.SafeLoader)

            pure = best_of(args.repeat, bare_pure)
            print(f"yaml.load(SafeLoader), pure Python:  {pure:6.2f} s ({pure / baseline:.1f}x C)")

    verdict = "met" if loader < TARGET_SECONDS else "MISSED"
    print(f"target load_scenario < {TARGET_SECONDS:g} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
