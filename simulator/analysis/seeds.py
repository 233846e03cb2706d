"""Seeds of a Monte Carlo analysis, derived from the scenario's seed so it can be repeated.

Run ``i`` of an analysis uses the ``i``-th number drawn from ``random.Random(base)``, where
``base`` is the scenario's ``seed`` (or the analysis' own ``--seed``). The sequence is a
prefix: the first 100 seeds of a 1,000-run analysis are the seeds of a 100-run one, so more
runs only add to an analysis. Seeds have 53 bits, so every JSON reader (JavaScript
included) reads them exactly, and ``tabletop run --seed S`` repeats any one run.
"""

from __future__ import annotations

import random

SEED_BITS = 53
"""Bits of a derived seed: exact as a JSON number in any reader (a double has 53)."""

SEED_METHOD = f"random.Random(base_seed).getrandbits({SEED_BITS}), the i-th draw for run i"
"""How seeds are derived, as written into ``summary.json``."""


def derive_seeds(base_seed: int, runs: int) -> tuple[int, ...]:
    """The seeds of ``runs`` runs derived from ``base_seed``, in run order."""
    rng = random.Random(base_seed)
    return tuple(rng.getrandbits(SEED_BITS) for _ in range(runs))


__all__ = ["SEED_BITS", "SEED_METHOD", "derive_seeds"]
