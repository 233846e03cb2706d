"""Wall-clock labels of simulation time, and office hours.

Simulation time is minutes from ``clock.start``. The only wall-clock notion the engine
needs is whether a moment falls in office hours (Mon–Fri 08:00–16:00 in the local time of
``clock.start``), for organisations with ``duty: office-hours``. The UTC offset of
``clock.start`` is used throughout the run: a drill that crosses a daylight-saving change
keeps its starting offset (exercises rarely do; this keeps every label reproducible).
"""

from __future__ import annotations

from datetime import datetime, timedelta

OFFICE_OPENS = 8 * 60
OFFICE_CLOSES = 16 * 60
WORKING_DAYS = 5  # Monday..Friday are weekday() 0..4


def wall_clock(start: datetime, t: float) -> datetime:
    """The wall-clock moment of simulation time ``t`` (minutes)."""
    return start + timedelta(minutes=t)


def next_office_time(start: datetime, t: float) -> float:
    """The earliest simulation time >= ``t`` that falls in office hours."""
    moment = wall_clock(start, t)
    minute_of_day = moment.hour * 60 + moment.minute + moment.second / 60 + moment.microsecond / 6e7
    weekday = moment.weekday()
    if weekday < WORKING_DAYS and OFFICE_OPENS <= minute_of_day < OFFICE_CLOSES:
        return t
    days_ahead = 0
    if weekday < WORKING_DAYS and minute_of_day < OFFICE_OPENS:
        days_ahead = 0
    else:
        days_ahead = 1
        while (weekday + days_ahead) % 7 >= WORKING_DAYS:
            days_ahead += 1
    return t + days_ahead * 1440 + (OFFICE_OPENS - minute_of_day)
