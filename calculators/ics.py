"""iCalendar (RFC 5545) text for the policy's schedules and a case's deadlines.

Standard library only: the site writes the published calendars with it at build time, and the
browser worker writes a case's deadlines with it, so nothing is sent anywhere to make one.

Weekly hours are one recurring event each, in the schedule's own zone (``TZID``) with a
``VTIMEZONE`` that lists every offset change of the calendar's years: calendar clients then keep
the local hours across daylight-saving changes exactly as the calculators do. Observed holidays
are ``EXDATE``s of the recurrence and all-day events of their own.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .deadlines import Deadlines
from .instants import UTC, zone
from .model import HolidayCalendar, Policy, WeeklyHours
from .readings import target_ids
from .text_answers import clock_sentence, readings_lines, when
from .time_words import words as time_words

PRODID = "-//Premium Support policy//calendars//EN"
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LINE_OCTETS = 75
REMINDER = dt.timedelta(minutes=15)


@dataclass(frozen=True, slots=True, kw_only=True)
class Weekly:
    """A weekly window as a recurring event: hours in a zone, for ``first``..``last`` (dates),
    not on the calendar's holidays."""

    uid: str
    summary: str
    description: str
    hours: WeeklyHours
    zone: str
    first: dt.date
    last: dt.date
    holidays: HolidayCalendar | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AllDay:
    uid: str
    summary: str
    day: dt.date
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Moment:
    """An instant (a deadline), with a reminder ``alarm_before`` it."""

    uid: str
    summary: str
    description: str
    at: dt.datetime
    alarm_before: dt.timedelta | None = None


Event = Weekly | AllDay | Moment


def calendar(name: str, events: Iterable[Event], stamp: dt.datetime) -> str:
    """The VCALENDAR text, CRLF line ends and folded lines; ``stamp`` (UTC) is every event's
    DTSTAMP, so the same policy always gives the same bytes."""
    events = tuple(events)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{text(name)}"]
    zones = sorted({(event.zone, event.first.year, event.last.year) for event in events
                    if isinstance(event, Weekly)})
    for zone_name in dict.fromkeys(z[0] for z in zones):
        years = [z for z in zones if z[0] == zone_name]
        lines += vtimezone(zone_name, min(y[1] for y in years), max(y[2] for y in years))
    for event in events:
        lines += _event(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def uid(*parts: object) -> str:
    """A UID that depends only on what identifies the event, so it is the same in every build."""
    key = "\x1f".join(str(part) for part in parts)
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@premium-support-policy"


def text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """The line cut into pieces of at most 75 octets of UTF-8, never inside a character; each
    piece after the first starts with a space (RFC 5545 3.1)."""
    if len(line) <= LINE_OCTETS and line.isascii():
        return line  # most lines: one octet a character, short enough
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # the space counts
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def vtimezone(zone_name: str, first_year: int, last_year: int) -> list[str]:
    """A VTIMEZONE for ``zone_name`` naming the offset in force on 1 January of ``first_year``
    and each change up to the end of ``last_year``, as the tz database has them: explicit
    onsets rather than rules, so a zone whose rules changed in those years is still exact."""
    return list(_vtimezone(zone_name, first_year, last_year))


@functools.cache
def _vtimezone(zone_name: str, first_year: int, last_year: int) -> tuple[str, ...]:
    # Each calendar of a zone repeats it: the site's calendars share a handful of zones.
    tz = zone(zone_name)
    # Two days early, so the first observance starts before any event on 1 January anywhere.
    start = dt.datetime(first_year, 1, 1, tzinfo=UTC) - dt.timedelta(days=2)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=UTC)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone_name}"]
    in_force = start.astimezone(tz)
    lines += _observance(in_force, in_force.utcoffset())
    for instant in _transitions(tz, start, end):
        before = (instant - dt.timedelta(seconds=1)).astimezone(tz)
        lines += _observance(instant.astimezone(tz), before.utcoffset())
    lines.append("END:VTIMEZONE")
    return tuple(lines)


def _observance(local: dt.datetime, offset_from: dt.timedelta) -> list[str]:
    kind = "DAYLIGHT" if local.dst() else "STANDARD"
    # DTSTART is the onset as the clocks read it just before the change (RFC 5545 3.6.5).
    onset = (local.astimezone(UTC) + offset_from).replace(tzinfo=None)
    return [f"BEGIN:{kind}", f"DTSTART:{onset:%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{_offset(offset_from)}", f"TZOFFSETTO:{_offset(local.utcoffset())}",
            f"TZNAME:{text(local.tzname())}", f"END:{kind}"]


def _transitions(tz, start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
    """Each instant in [start, end) at which the zone's offset or name changes, to the second."""
    def state(at):
        local = at.astimezone(tz)
        return local.utcoffset(), local.tzname()

    day = dt.timedelta(days=1)
    at = start
    while at < end:
        following = min(at + day, end)
        if state(following) != state(at):
            low, high = 0, int((following - at).total_seconds())  # seconds after `at`
            while high - low > 1:
                middle = (low + high) // 2
                if state(at + dt.timedelta(seconds=middle)) == state(at):
                    low = middle
                else:
                    high = middle
            yield at + dt.timedelta(seconds=high)
        at = following


def _offset(offset: dt.timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _event(event: Event, stamp: dt.datetime) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{_utc(stamp)}",
             f"SUMMARY:{text(event.summary)}"]
    if isinstance(event, AllDay):
        lines += [f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
                  "TRANSP:TRANSPARENT"]
        if event.description:
            lines.append(f"DESCRIPTION:{text(event.description)}")
    elif isinstance(event, Moment):
        lines += [f"DTSTART:{_utc(event.at)}", f"DESCRIPTION:{text(event.description)}"]
        if event.alarm_before is not None:
            minutes = int(event.alarm_before.total_seconds() // 60)
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{text(event.summary)}",
                      f"TRIGGER:-PT{minutes}M", "END:VALARM"]
    else:
        lines += _weekly(event)
    lines.append("END:VEVENT")
    if isinstance(event, Weekly):
        for opens, closes in _odd_lengths(event):
            # RFC 5545 gives every recurrence the first one's exact length; a window with a clock
            # change inside it is longer or shorter, so it gets an instance of its own.
            tzid = f"TZID={event.zone}"
            lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{_utc(stamp)}",
                      f"RECURRENCE-ID;{tzid}:{_local(opens.date(), opens.time())}",
                      f"SUMMARY:{text(event.summary)}",
                      f"DTSTART;{tzid}:{_local(opens.date(), opens.time())}",
                      f"DTEND;{tzid}:{_local(closes.date(), closes.time())}",
                      f"DESCRIPTION:{text(event.description)}", "END:VEVENT"]
    return lines


def _odd_lengths(event: Weekly) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    closed = frozenset(h.date for h in event.holidays.holidays) if event.holidays else frozenset()
    return _odd_windows(event.zone, event.hours, event.first, event.last, closed)


@functools.cache
def _odd_windows(zone_name: str, hours, first: dt.date, last: dt.date,
                 closed: frozenset[dt.date]) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    """The windows of a weekly recurrence whose exact length is not the first one's (a clock
    change inside them). Regions and shifts of the same hours share them."""
    windows = _occurrences(zone_name, hours, first, last, closed)
    opening = next(windows, None)
    if opening is None:
        return ()
    length = _exact(*opening)
    return tuple((opens, closes) for opens, closes in windows
                 if _exact(opens, closes) != length)


def _occurrences(zone_name: str, hours, first: dt.date, last: dt.date,
                 closed: frozenset[dt.date]) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Each window of the recurrence as local (open, close), the ``closed`` days left out."""
    tz = zone(zone_name)
    next_day = dt.timedelta(days=1 if hours.overnight else 0)
    day = first
    while day <= last:
        if day.weekday() in hours.days and day not in closed:
            yield (dt.datetime.combine(day, hours.open, tzinfo=tz),
                   dt.datetime.combine(day + next_day, hours.close, tzinfo=tz))
        day += dt.timedelta(days=1)


def _exact(opens: dt.datetime, closes: dt.datetime) -> dt.timedelta:
    return closes.astimezone(UTC) - opens.astimezone(UTC)


def _weekly(event: Weekly) -> list[str]:
    hours, tzid = event.hours, f"TZID={event.zone}"
    first = event.first
    while first.weekday() not in hours.days:
        first += dt.timedelta(days=1)
    ends = first + (dt.timedelta(days=1) if hours.overnight else dt.timedelta(0))
    # UNTIL is the last opening, in UTC as RFC 5545 requires beside a DTSTART with a TZID.
    last = event.last
    while last.weekday() not in hours.days:
        last -= dt.timedelta(days=1)
    until = dt.datetime.combine(last, hours.open, tzinfo=zone(event.zone))
    days = ",".join(ICAL_DAYS[day] for day in sorted(hours.days))
    lines = [f"DTSTART;{tzid}:{_local(first, hours.open)}",
             f"DTEND;{tzid}:{_local(ends, hours.close)}",
             f"RRULE:FREQ=WEEKLY;BYDAY={days};UNTIL={_utc(until)}",
             f"DESCRIPTION:{text(event.description)}"]
    if event.holidays is not None:
        closed = [h.date for h in event.holidays.holidays
                  if h.date.weekday() in hours.days and event.first <= h.date <= event.last]
        if closed:
            lines.append(f"EXDATE;{tzid}:" + ",".join(_local(day, hours.open) for day in closed))
    return lines


def _local(day: dt.date, time: dt.time) -> str:
    return f"{day:%Y%m%d}T{time:%H%M%S}"


def _utc(instant: dt.datetime) -> str:
    return f"{instant.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def deadline_calendar(policy: Policy, answer: Deadlines, stamp: dt.datetime) -> str:
    """A case's initial-response and update deadlines as a calendar to import: one event at each
    due instant, with a reminder 15 minutes before. The same case always gives the same UIDs.
    Each says which of the site's readings its due time rests on."""
    targets, region = answer.targets, answer.region
    case = (targets.priority.id, region.id, answer.reported_at.isoformat())
    words = time_words(policy)
    asked = (f"{targets.priority.id} ({targets.priority.name}) case in the {region.name} support "
             f"region, reported {when(answer.reported_at, region.zone, words)}.")

    def description(target, due: dt.datetime) -> str:
        return "\n".join([f"Due {when(due, region.zone, words, end=True)}.",
                          f"{asked} {clock_sentence(targets, region)}",
                          *readings_lines(policy, target_ids(target, region))])

    events = [Moment(uid=uid("deadline", *case, 0),
                     summary=f"{targets.priority.id} initial response due",
                     description=description(targets.initial_response, answer.initial_response),
                     at=answer.initial_response, alarm_before=REMINDER)]
    events += [Moment(uid=uid("deadline", *case, number),
                      summary=f"{targets.priority.id} update {number} due",
                      description=description(targets.updates, due),
                      at=due, alarm_before=REMINDER)
               for number, due in enumerate(answer.updates, start=1)]
    return calendar(f"{targets.priority.id} case deadlines", events, stamp)
