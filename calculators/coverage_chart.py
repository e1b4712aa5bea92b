"""Coverage at a glance: one week, days down the side and 24 hours across in the reader's zone,
a band per region for its open hours or its shifts, the gaps with nobody on duty, holidays and
"now". Drawn as SVG from the same windows the calculators answer from (``coverage``), with a
text equivalent (a table by day and a list of the gaps in words) for screen readers and print.

Standard library only: the browser worker draws it for the reader's zone, the site at build time
in UTC for readers without JavaScript.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from . import coverage, readings, time_words
from .errors import HolidaysUnknown
from .instants import UTC, zone
from .model import Policy

DAY = dt.timedelta(days=1)
WEEK = 7 * DAY
# Geometry of the drawing, in SVG user units; the page scales it to its width.
LABEL_WIDTH = 92
HOUR_WIDTH = 30
LANE_HEIGHT = 9
LANE_GAP = 2
DAY_GAP = 8
TOP = 18


@dataclass(frozen=True, slots=True, kw_only=True)
class Lane:
    label: str
    schedule: coverage.Schedule


def lanes(policy: Policy, view: str) -> tuple[str, tuple[Lane, ...]]:
    """The chart's title and lanes: ``support`` for the support regions' hours, or a tier id for
    that tier's shifts."""
    if view == "support":
        return "Support hours", tuple(
            Lane(label=region.name, schedule=(region.hours, region.zone, region.holidays))
            for region in policy.support_regions)
    tier = policy.tier(view)
    return tier.name, tuple(
        Lane(label=shift.region.name,
             schedule=(shift.hours, shift.region.zone, shift.holidays))
        for shift in tier.shifts)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_chart(policy: Policy, view: str, zone_name: str, week: dt.date,
               now: dt.datetime | None = None) -> dict:
    """The week from the Monday on or before ``week``, in ``zone_name``: a JSON-able dict with
    the SVG, the table rows, the gaps in words and the neighbouring weeks."""
    tz = zone(zone_name)
    title, chart_lanes = lanes(policy, view)
    monday = monday_of(week)
    days = [monday + n * DAY for n in range(7)]
    bounds = [dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(UTC)
              for day in [*days, monday + 7 * DAY]]
    start, end = bounds[0], bounds[-1]
    try:
        open_spans = [coverage.covered([lane.schedule], start, end) for lane in chart_lanes]
        gap_spans = coverage.gaps([lane.schedule for lane in chart_lanes], start, end)
    except HolidaysUnknown:
        calendars = [region.holidays for region in policy.support_regions]
        raise HolidaysUnknown(
            f"The week of {time_words.date(monday)} cannot be shown: holidays are known only "
            f"for {min(c.first_year for c in calendars)} to {max(c.last_year for c in calendars)}. "
            "Choose a week within those years.") from None
    closed = [_holidays(lane.schedule, start, end) for lane in chart_lanes]

    rows = []
    for index, day in enumerate(days):
        day_start, day_end = bounds[index], bounds[index + 1]
        rows.append({
            "day": day.isoformat(),
            "label": time_words.day_month(day),
            "lanes": [
                {"label": lane.label,
                 "open": [_clock_span(s, tz, day_start, day_end)
                          for s in _clip(spans, day_start, day_end)],
                 "holidays": sorted({name for holiday_start, holiday_end, name in holidays
                                     if holiday_start < day_end and holiday_end > day_start})}
                for lane, spans, holidays in zip(chart_lanes, open_spans, closed)],
            "gaps": [_clock_span(s, tz, day_start, day_end)
                     for s in _clip(gap_spans, day_start, day_end)],
        })
    nobody = "every support office is closed" if view == "support" else \
        f"nobody in {title} is on duty"
    return {
        "view": view,
        "title": title,
        "zone": zone_name,
        "week": monday.isoformat(),
        "week_label": time_words.date(monday),
        "previous": (monday - 7 * DAY).isoformat(),
        "next": (monday + 7 * DAY).isoformat(),
        "lanes": [lane.label for lane in chart_lanes],
        "rows": rows,
        "gaps": [_span_words((opens, closes), tz, before, after)
                 for opens, closes, before, after in _whole(
                     gap_spans, [lane.schedule for lane in chart_lanes], start, end)],
        "holidays": [f"{row['label']}: {lane['label']} closed, {name}" for row in rows
                     for lane in row["lanes"] for name in lane["holidays"]],
        "gaps_sentence": nobody,
        "readings": readings.as_json(policy, readings.offices_ids(policy) if view == "support"
                                  else readings.shifts_ids(policy.tier(view))),
        "svg": _svg(title, chart_lanes, rows, bounds, open_spans, gap_spans, closed, tz, now),
    }


def _whole(spans, schedules, start: dt.datetime, end: dt.datetime):
    """The gaps of [start, end) in words, a gap that runs over the week's first or last
    instant taken to its real end, as a reader who asks "until when?" needs it: a weekend gap
    ends when Monday's first shift starts, not at the chart's midnight. Where that end is
    beyond what is known (the holiday calendars, or a week further), the words say so."""
    spans = [(opens, closes, "", "") for opens, closes in spans]
    if spans and spans[0][0] == start:
        real = _reach(schedules, start, -1)
        spans[0] = (real or start, spans[0][1], "" if real else "or earlier ", spans[0][3])
    if spans and spans[-1][1] == end:
        real = _reach(schedules, end, +1)
        spans[-1] = (spans[-1][0], real or end, spans[-1][2], "" if real else " or later")
    return spans


# How far beyond the week a gap's end is looked for, a little at a time: the holiday calendars
# may end just beyond the week.
REACH = (DAY, 3 * DAY, WEEK)


def _reach(schedules, edge: dt.datetime, direction: int) -> dt.datetime | None:
    """Where the gap that reaches the week's ``edge`` really starts (direction -1) or ends (+1),
    or None if that is not known within REACH."""
    for reach in REACH:
        window = (edge - reach, edge) if direction < 0 else (edge, edge + reach)
        try:
            found = coverage.gaps(schedules, *window)
        except HolidaysUnknown:
            return None
        if direction < 0 and found and found[-1][1] == edge and found[-1][0] > window[0]:
            return found[-1][0]
        if direction > 0 and found and found[0][0] == edge and found[0][1] < window[1]:
            return found[0][1]
    return None


def _holidays(schedule: coverage.Schedule, start: dt.datetime, end: dt.datetime):
    """The schedule's holidays that touch [start, end), as (start, end, name) of the whole
    local day in the schedule's zone."""
    hours, zone_name, calendar = schedule
    if calendar is None:
        return []
    tz = zone(zone_name)
    found = []
    for holiday in calendar.holidays:
        day_start = dt.datetime.combine(holiday.date, dt.time(0), tzinfo=tz).astimezone(UTC)
        day_end = dt.datetime.combine(holiday.date + DAY, dt.time(0), tzinfo=tz).astimezone(UTC)
        if day_start < end and day_end > start:
            found.append((day_start, day_end, holiday.name))
    return found


def _clip(spans, start: dt.datetime, end: dt.datetime):
    return [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]


def _minute(instant: dt.datetime, tz, day_start: dt.datetime, day_end: dt.datetime) -> int:
    """Minutes after local midnight on the wall clock; the day's end is 24:00."""
    if instant >= day_end:
        return 24 * 60
    local = instant.astimezone(tz)
    return local.hour * 60 + local.minute if instant > day_start else 0


def _clock_span(span, tz, day_start, day_end) -> str:
    opens, closes = (_minute(instant, tz, day_start, day_end) for instant in span)
    return f"{_clock(opens)}-{_clock(closes)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _span_words(span, tz, before: str = "", after: str = "") -> str:
    """'Mon 30 Nov 06:00-08:00' or 'Sat 5 Dec 02:00 - Sun 6 Dec 21:00', local to ``tz``;
    ``before`` and ``after`` say that an end is not known ('or earlier ', ' or later')."""
    opens, closes = (instant.astimezone(tz) for instant in span)
    if not (before or after) and (
            closes.date() == opens.date() or (closes - opens <= DAY and closes.time() == dt.time(0)
                                              and closes.date() == opens.date() + DAY)):
        end = "24:00" if closes.date() != opens.date() else f"{closes:%H:%M}"
        return f"{time_words.day_month(opens)} {opens:%H:%M}-{end}"
    # An end at midnight is the end of the day before (time_words' convention).
    close_day, close_time = ((closes.date() - DAY, "24:00")
                             if closes.time() == dt.time(0) and not after
                             else (closes.date(), f"{closes:%H:%M}"))
    return (f"{before}{time_words.day_month(opens)} {opens:%H:%M} - "
            f"{time_words.day_month(close_day)} {close_time}{after}")


def _svg(title, chart_lanes, rows, bounds, open_spans, gap_spans, closed, tz, now) -> str:
    lane_count = len(chart_lanes)
    day_height = lane_count * (LANE_HEIGHT + LANE_GAP) - LANE_GAP
    width = LABEL_WIDTH + 24 * HOUR_WIDTH + 4
    height = TOP + 7 * (day_height + DAY_GAP)
    x_of = lambda minute: LABEL_WIDTH + minute * HOUR_WIDTH / 60  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="cov-chart" '
             f'viewBox="0 0 {width} {height}" role="img" aria-hidden="true" focusable="false">']
    for hour in range(0, 25, 3):
        x = x_of(hour * 60)
        parts.append(f'<line class="cov-grid" x1="{x:g}" y1="{TOP - 4}" x2="{x:g}" '
                     f'y2="{height - DAY_GAP}"/>')
        parts.append(f'<text class="cov-hour" x="{x:g}" y="{TOP - 7}">{hour:02d}</text>')
    for index, row in enumerate(rows):
        top = TOP + index * (day_height + DAY_GAP)
        day_start, day_end = bounds[index], bounds[index + 1]
        label = row["label"] + (" *" if any(lane["holidays"] for lane in row["lanes"]) else "")
        parts.append(f'<text class="cov-day" x="0" y="{top + day_height / 2 + 4:g}">'
                     f'{escape(label)}</text>')
        for start, end in _clip(gap_spans, day_start, day_end):
            x1, x2 = (x_of(_minute(i, tz, day_start, day_end)) for i in (start, end))
            parts.append(f'<rect class="cov-gap" x="{x1:g}" y="{top - 2}" width="{x2 - x1:g}" '
                         f'height="{day_height + 4}"><title>{escape("Nobody")}</title></rect>')
        for lane_index, (lane, spans, holidays) in enumerate(zip(chart_lanes, open_spans,
                                                                 closed)):
            y = top + lane_index * (LANE_HEIGHT + LANE_GAP)
            for start, end in _clip(spans, day_start, day_end):
                x1, x2 = (x_of(_minute(i, tz, day_start, day_end)) for i in (start, end))
                parts.append(f'<rect class="cov-lane cov-lane-{lane_index}" x="{x1:g}" y="{y}" '
                             f'width="{max(x2 - x1, 1):g}" height="{LANE_HEIGHT}">'
                             f'<title>{escape(lane.label)}</title></rect>')
            for start, end, name in holidays:
                for s, e in _clip([(start, end)], day_start, day_end):
                    x1, x2 = (x_of(_minute(i, tz, day_start, day_end)) for i in (s, e))
                    parts.append(f'<rect class="cov-holiday" x="{x1:g}" y="{y}" '
                                 f'width="{x2 - x1:g}" height="{LANE_HEIGHT}"><title>'
                                 f'{escape(f"{lane.label} closed: {name}")}</title></rect>')
        if now is not None and day_start <= now < day_end:
            x = x_of(_minute(now, tz, day_start, day_end))
            parts.append(f'<line class="cov-now" x1="{x:g}" y1="{top - 3}" x2="{x:g}" '
                         f'y2="{top + day_height + 3}"><title>Now</title></line>')
    parts.append("</svg>")
    return "".join(parts)

