"""Who covers when: the spans of time that a set of weekly windows (a tier's shifts, the support
regions' hours) covers, and the gaps it leaves.

Built on the same window generator as the calculators (``windows.weekly_windows``), so a gap
reported here is exactly a time at which the escalation calculator finds nobody on duty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import HolidayCalendar, WeeklyHours
from .windows import weekly_windows

Span = tuple[dt.datetime, dt.datetime]  # [start, end), aware UTC
Schedule = tuple[WeeklyHours, str, "HolidayCalendar | None"]  # hours, zone, holidays

WEEK = dt.timedelta(days=7)


def covered(schedules: Iterable[Schedule], start: dt.datetime, end: dt.datetime) -> list[Span]:
    """The union of the schedules' windows within [start, end), merged and in time order."""
    spans = []
    for hours, zone_name, holidays in schedules:
        for opens, closes in weekly_windows(hours, zone_name, holidays, start):
            if opens >= end:
                break
            spans.append((max(opens, start), min(closes, end)))
    merged: list[Span] = []
    for span_start, span_end in sorted(spans):
        if merged and span_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span_end))
        else:
            merged.append((span_start, span_end))
    return merged


def gaps(schedules: Iterable[Schedule], start: dt.datetime, end: dt.datetime) -> list[Span]:
    """The spans of [start, end) that no schedule covers, in time order."""
    result, cursor = [], start
    for span_start, span_end in covered(schedules, start, end):
        if span_start > cursor:
            result.append((cursor, span_start))
        cursor = max(cursor, span_end)
    if cursor < end:
        result.append((cursor, end))
    return result


def weekly_gaps(schedules: Iterable[Schedule], week_start: dt.datetime) -> tuple[tuple[int, int], ...]:
    """The gaps of the week from ``week_start`` as (start, end) minutes after it, a gap that runs
    over the week's end joined with the one at its start (so a weekend gap stays whole)."""
    schedules = tuple(schedules)
    minutes = [(_minutes(span_start - week_start), _minutes(span_end - week_start))
               for span_start, span_end in gaps(schedules, week_start, week_start + WEEK)]
    week = _minutes(WEEK)
    if len(minutes) > 1 and minutes[0][0] == 0 and minutes[-1][1] == week:
        first = minutes.pop(0)
        minutes[-1] = (minutes[-1][0], week + first[1])
    return tuple(minutes)


def _minutes(span: dt.timedelta) -> int:
    return int(span.total_seconds() // 60)
