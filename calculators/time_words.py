"""Every time and date a reader sees, in one convention: the pages' tables, the widgets'
answers, the CLI, calendar descriptions, the call-quality report and the coverage charts all
word their times here, so that none of them says "GMT-8" where another says "PST".

The convention:

- A moment: ``Tue 29 Dec 2026, 14:00 AEDT``: the short English day name, the day of the month,
  the short English month name, the year, a comma, the 24-hour time, then the zone's label.
- The label of a zone the data names (``zone_labels`` in data/contacts.yaml) is the data's
  abbreviation for the season in force: ``PST``/``PDT``, ``GMT``/``BST``, ``SGT``. Any other
  zone (the reader's own, such as Asia/Tokyo) is labelled with its UTC offset: ``UTC+9``,
  ``UTC+5:30``, ``UTC-3``; an offset of zero is ``UTC``. Never the tz database's ``+08`` or the
  browser's ``GMT+11``, which differ from one runtime and locale to the next.
- An end (a due time, "until") at exactly 00:00 local time means the end of the day before:
  ``end of Tue 29 Dec 2026 (24:00 AEDT)``. A start at 00:00 stays ``Wed 30 Dec 2026, 00:00 AEDT``.
  Machine-readable forms (``<time datetime>``, JSON, calendars) keep the exact instant.
- A date: ``Tue 29 Dec 2026``; within a week, ``Tue 29 Dec``; a month, ``Dec 2026``. Day and
  month names are always the short English ones, never the locale's (``%a``/``%b`` are not used:
  they follow the process's locale).

Standard library only: it runs in the browser under Pyodide too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .instants import zone
from .model import Policy, ZoneLabels

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

__all__ = ["DAYS", "MONTHS", "TimeWords", "date", "day_month", "month", "offset_label",
           "words"]


def date(day: dt.date) -> str:
    """'Tue 29 Dec 2026'."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def day_month(day: dt.date) -> str:
    """'Tue 29 Dec': a day within a week or a year already named."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def month(day: dt.date) -> str:
    """'Dec 2026'."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def offset_label(offset: dt.timedelta) -> str:
    """'UTC', 'UTC+9', 'UTC-3:30', 'UTC+5:45'."""
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


class TimeWords:
    """The convention above with the data's labels; one per policy (see :func:`words`)."""

    __slots__ = ("_labels",)

    def __init__(self, labels: Iterable[ZoneLabels] = ()) -> None:
        self._labels = {entry.zone: entry for entry in labels}

    def label(self, instant: dt.datetime, zone_name: str) -> str:
        """'AEDT' for a labelled zone in summer; 'UTC+9' for an unlabelled one."""
        local = instant.astimezone(zone(zone_name))
        entry = self._labels.get(zone_name)
        if entry is None:
            return offset_label(local.utcoffset() or dt.timedelta(0))
        # A zone whose rules changed so that it had no daylight label in the data's years
        # still reads in its standard label rather than an offset.
        return entry.daylight if local.dst() and entry.daylight else entry.standard

    def local(self, instant: dt.datetime, zone_name: str) -> dt.datetime:
        return instant.astimezone(zone(zone_name))

    def at(self, instant: dt.datetime, zone_name: str) -> str:
        """'Tue 29 Dec 2026, 14:00 AEDT'."""
        local = self.local(instant, zone_name)
        return f"{date(local)}, {local:%H:%M} {self.label(instant, zone_name)}"

    def clock(self, instant: dt.datetime, zone_name: str) -> str:
        """'14:00 AEDT': the time alone, for a date already said."""
        local = self.local(instant, zone_name)
        return f"{local:%H:%M} {self.label(instant, zone_name)}"

    @staticmethod
    def is_midnight(local: dt.datetime) -> bool:
        return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)

    def end(self, instant: dt.datetime, zone_name: str) -> str:
        """An end or a due time: 'end of Tue 29 Dec 2026 (24:00 AEDT)' when it falls at 00:00
        local time (the instant that ends that day), else as :meth:`at`."""
        local = self.local(instant, zone_name)
        if not self.is_midnight(local):
            return self.at(instant, zone_name)
        before = local.date() - dt.timedelta(days=1)
        return f"end of {date(before)} (24:00 {self.label(instant, zone_name)})"


def words(policy: Policy | None) -> TimeWords:
    """The convention with ``policy``'s labels (none without a policy: offsets only)."""
    return TimeWords(policy.zone_labels if policy is not None else ())
