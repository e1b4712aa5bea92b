"""Who covers when: the spans of time that a set of weekly windows (a tier's shifts, the support
regions' hours) covers, and the gaps it leaves.

Built on the same window generator as the calculators (``windows.weekly_windows``), so a gap
reported here is exactly a time at which the escalation calculator finds nobody on duty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from . import time_words, wording
from .model import HolidayCalendar, Tier, WeeklyHours
from .windows import weekly_windows

Span = tuple[dt.datetime, dt.datetime]  # [start, end), aware UTC
Schedule = tuple[WeeklyHours, str, "HolidayCalendar | None"]  # hours, zone, holidays

WEEK = dt.timedelta(days=7)
# Gaps move with daylight saving time: one week in each half of the year shows both patterns.
SEASONS = (("January", 1), ("July", 7))


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


def tier_week(tier: Tier) -> tuple[Schedule, ...]:
    """A tier's shifts as the week they repeat, holidays left out: its gaps every week."""
    return tuple((shift.hours, shift.region.zone, None) for shift in tier.shifts)


def seasonal_gaps(schedules: Iterable[Schedule], today: dt.date, *,
                  weekend_only: bool = False, weeks_as_dates: bool = False) -> str:
    """The schedules' weekly gaps in UTC, in words, for the week after the 8th of the next
    January and the next July from ``today``: 'every week Mon-Fri 06:00-08:00 UTC', or
    'in January ...; in July ...' when the seasons differ; '' if there is none.
    ``weekend_only`` keeps only the gaps that reach into a weekend. ``weeks_as_dates`` names
    the weeks as readers' dates are written (:mod:`calculators.time_words`): 'in the week of
    Mon 11 Jan 2027 ...'; the staff's warnings keep the months, which stay the same from one
    year to the next."""
    schedules = tuple(schedules)
    said: dict[str, list[str]] = {}
    for season, month in SEASONS:
        year = today.year + (month <= today.month)  # the next such month
        monday = dt.date(year, month, 8)
        monday -= dt.timedelta(days=monday.weekday())
        start = dt.datetime.combine(monday, dt.time(0), tzinfo=dt.timezone.utc)
        spans = weekly_gaps(schedules, start)
        if weekend_only:
            spans = tuple(span for span in spans if _touches_weekend(span))
        if spans:
            said.setdefault(spans_words(spans), []).append(
                time_words.date(monday) if weeks_as_dates else season)
    if len(said) == 1 and len(next(iter(said.values()))) == len(SEASONS):
        return f"every week {next(iter(said))}"
    if weeks_as_dates:
        return "; ".join(f"in the week{'s' * (len(weeks) > 1)} of {' and '.join(weeks)} {words}"
                         for words, weeks in said.items())
    return "; ".join(f"in {' and '.join(seasons)} {words}" for words, seasons in said.items())


def _touches_weekend(span: tuple[int, int]) -> bool:
    saturday, monday = 5 * 1440, 7 * 1440
    return span[0] < monday and span[1] > saturday


def spans_words(spans: tuple[tuple[int, int], ...]) -> str:
    """'Mon-Fri 06:00-08:00 and Sat 02:00 - Sun 21:00 UTC': spans inside one day grouped by
    their hours, longer ones from day and time to day and time."""
    by_hours: dict[tuple[int, int], set[int]] = {}
    longer = []
    for start, end in spans:
        day, start_minute = divmod(start, 1440)
        if end - day * 1440 <= 1440:
            by_hours.setdefault((start_minute, end - day * 1440), set()).add(day % 7)
        else:
            longer.append(f"{_day_time(start)} - {_day_time(end)}")
    parts = [f"{wording.days(frozenset(days))} {_time(start)}-{_time(end)}"
             for (start, end), days in by_hours.items()]
    return f"{' and '.join(parts + longer)} UTC"


def _day_time(minutes: int) -> str:
    day, minute = divmod(minutes, 1440)
    return f"{time_words.DAYS[day % 7]} {_time(minute)}"


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
