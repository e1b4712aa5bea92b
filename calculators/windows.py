"""Business windows: the spans of real time, [open, close) as aware UTC instants, that count.

Every clock and every shift is described by one generator of windows; counting time along a
clock (``clocks``), on-duty shifts and "open now?" (``escalation``) all consume it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .errors import HolidaysUnknown
from .instants import UTC, zone
from .model import Clock, HolidayCalendar, SupportRegion, WeeklyHours

Window = tuple[dt.datetime, "dt.datetime | None"]  # close None: the window never closes

ONE_DAY = dt.timedelta(days=1)
MIDNIGHT = dt.time(0, 0)
# The business_days clock as opening hours: an overnight window from each weekday's local
# midnight to the next one, so a business day is the same kind of window as a support shift.
WHOLE_WEEKDAYS = WeeklyHours(days=frozenset(range(5)), open=MIDNIGHT, close=MIDNIGHT)


def weekly_windows(hours: WeeklyHours, zone_name: str, holidays: HolidayCalendar | None,
                   start: dt.datetime) -> Iterator[Window]:
    """The windows of ``hours`` in ``zone_name`` that close after ``start``, in time order.

    The first one may already be open at ``start``. A window belongs to the weekday it opens
    on, so a holiday removes the window opening that day, also the part of an overnight window
    that runs into the next day. Wall times are read with fold=0: an opening inside a
    spring-forward gap is the instant the clocks jump, one inside a fall-back overlap the first
    of its two instants. ``holidays`` None means no holidays are observed; a day outside the
    calendar's years raises HolidaysUnknown as soon as it is needed, never earlier.
    """
    if not hours.days:
        raise ValueError("opening hours without any weekday never open")
    tz = zone(zone_name)
    holiday_dates = frozenset(h.date for h in holidays.holidays) if holidays else frozenset()
    closes_next_day = ONE_DAY if hours.overnight else dt.timedelta(0)
    # Start a day early: an overnight window opened yesterday may still be open at start.
    day = start.astimezone(tz).date() - ONE_DAY
    while True:
        if day.weekday() in hours.days:
            opens = _instant(day, hours.open, tz)
            closes = _instant(day + closes_next_day, hours.close, tz)
            if closes > start and closes > opens and not _is_holiday(day, holidays, holiday_dates):
                yield opens, closes
        day += ONE_DAY


def clock_windows(clock: Clock, region: SupportRegion, start: dt.datetime) -> Iterator[Window]:
    """The windows during which ``clock`` runs for a case of ``region`` reported at ``start``.

    24x7 is one window that never closes. business_hours is the region's support hours on its
    weekdays, not on its holidays. business_days is every whole local day Mon-Fri that is not a
    holiday; inside such a day time counts as real elapsed time, so the day a zone springs
    forward contributes 23 hours and the day it falls back 25 (a business day is a span of the
    region's calendar, not a fixed 24 hours).
    """
    if clock is Clock.ALWAYS:
        return iter(((start, None),))
    hours = region.hours if clock is Clock.BUSINESS_HOURS else WHOLE_WEEKDAYS
    return weekly_windows(hours, region.zone, region.holidays, start)


def _instant(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(UTC)


def _is_holiday(day: dt.date, calendar: HolidayCalendar | None,
                dates: frozenset[dt.date]) -> bool:
    if calendar is None:
        return False
    if not calendar.covers(day):
        raise HolidaysUnknown(
            f"holidays of {calendar.source} are known only for {calendar.first_year}-"
            f"{calendar.last_year}, and this needs {day.isoformat()}; extend the holiday years "
            "of the data to answer",
            first_year=calendar.first_year, last_year=calendar.last_year,
        )
    return day in dates
