"""Durations of the scenario format: ``"90m"``, ``"1.5h"``, ``"1d12h"``, ``{min, max}``.

Simulation time is counted in minutes, so every duration is parsed to a float number of
minutes here, once, at load time; the engine never sees a duration string.
"""

from __future__ import annotations

import math
import re

MINUTES_PER_UNIT: dict[str, float] = {"s": 1.0 / 60.0, "m": 1.0, "h": 60.0, "d": 1440.0}

DURATION_PATTERN = r"^\s*(\d+(\.\d+)?|\.\d+)\s*[smhd](\s*(\d+(\.\d+)?|\.\d+)\s*[smhd])*\s*$"
"""JSON-Schema pattern of a duration string (number+unit parts)."""

_PART = re.compile(r"\s*(\d+(?:\.\d+)?|\.\d+)\s*([smhd])")
_WHOLE = re.compile(DURATION_PATTERN)

UNIT_HINT = "give a unit, e.g. '90m' or '1.5h'"


class DurationError(ValueError):
    """A duration that does not follow the format; the message says what was expected."""


def parse_duration(value: object) -> float:
    """Return the minutes of a duration string, or raise :class:`DurationError`."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise DurationError(
            f"expected a duration such as '90m', '1.5h' or '1d12h', got {_describe(value)}"
        )
    if isinstance(value, (int, float)):
        if value < 0:
            raise DurationError(f"negative duration {value!r}; {UNIT_HINT}")
        raise DurationError(f"bare number {value!r} is not a duration; {UNIT_HINT}")
    text = value.strip()
    shown = _shorten(value)
    if text.startswith("-"):
        raise DurationError(f"negative duration '{shown}': durations are 0 or more")
    if not _WHOLE.match(text):
        if re.fullmatch(r"\d+(\.\d+)?", text):
            raise DurationError(f"'{shown}' has no unit; {UNIT_HINT}")
        raise DurationError(
            f"'{shown}' is not a duration; expected number+unit parts with units s, m, h, d "
            "(e.g. '90m', '1.5h', '1d12h')"
        )
    minutes = sum(float(n) * MINUTES_PER_UNIT[u] for n, u in _PART.findall(text))
    if not math.isfinite(minutes):
        raise DurationError(f"'{shown}' is too large")
    return minutes


def format_minutes(minutes: float) -> str:
    """Format minutes as a compact duration (``1d2h30m``), the inverse of parsing."""
    if minutes < 0:
        return "-" + format_minutes(-minutes)
    whole = round(minutes)
    if abs(minutes - whole) > 1e-9:
        return f"{minutes:g}m"
    days, rest = divmod(whole, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{mins}m" if mins else ""]
    return "".join(parts) or "0m"


def _shorten(text: str, limit: int = 60) -> str:
    """A value as a message quotes it: a pasted megabyte is not echoed back whole."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"
