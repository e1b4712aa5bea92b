"""How durations, clocks and hours are said in words: one wording for the site, the CLI and
the widgets."""

from __future__ import annotations

import datetime as dt

from .model import WEEKDAYS, Clock, WeeklyHours

CLOCK_WORDS = {
    Clock.ALWAYS: "24x7",
    Clock.BUSINESS_HOURS: "business hours",
    Clock.BUSINESS_DAYS: "business days",
}

def duration(span: dt.timedelta) -> str:
    """'30 minutes', '1 hour', '36 hours', '1 hour 30 minutes'."""
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def days(weekdays: frozenset[int]) -> str:
    """'Mon-Fri', 'Mon, Wed', 'Sun-Thu': runs of days as short as they go, a run through Sunday
    into Monday kept whole (Mon-Fri shifted back a day in UTC reads 'Sun-Thu')."""
    ordered = sorted(weekdays)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == 6:
        runs[0] = runs.pop() + runs[0]
    short = [name.capitalize() for name in WEEKDAYS]
    return ", ".join(
        short[run[0]] if len(run) == 1 else f"{short[run[0]]}-{short[run[-1]]}" for run in runs
    )


def window(hours: WeeklyHours) -> str:
    """'05:00-18:00'."""
    return f"{hours.open:%H:%M}-{hours.close:%H:%M}"
