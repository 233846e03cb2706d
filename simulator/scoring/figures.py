"""The small numeric rules every score shares: rounding, percentiles, credit for a delay.

Kept in one place so that ``docs/scoring.md`` can state each rule once and every score
applies it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

HALF_CREDIT_DELAY = 60.0
"""Minutes of delay at which a fact earns half credit: ``credit = 1 / (1 + delay / 60)``."""


def r1(value: float) -> float:
    """``value`` rounded to 0.1 (minutes, hours, points); never ``-0.0``."""
    return round(value, 1) + 0.0


def r4(value: float) -> float:
    """``value`` rounded to 0.0001 (shares between 0 and 1); never ``-0.0``."""
    return round(value, 4) + 0.0


def credit(delay: float) -> float:
    """Credit for learning something ``delay`` minutes late: 1 at once, ½ after an hour.

    Strictly decreasing in ``delay``, so learning earlier never lowers a score.
    """
    return 1.0 / (1.0 + max(delay, 0.0) / HALF_CREDIT_DELAY)


def percentile(ordered: Sequence[float], share: float) -> float | None:
    """The ``share`` quantile of sorted values by linear interpolation between closest
    ranks (position ``share * (n - 1)``, the method of NumPy's default and of
    ``statistics.quantiles(method="inclusive")``); ``None`` when there are no values."""
    if not ordered:
        return None
    position = share * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    fraction = position - below
    return ordered[below] + (ordered[above] - ordered[below]) * fraction


def score_of(credits_sum: float, count: int) -> float:
    """A 0–100 score: the mean credit times 100, rounded to 0.1; 100 when nothing counted."""
    if count == 0:
        return 100.0
    return r1(100.0 * credits_sum / count)
