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


@dataclass(frozen=True, slots=True, kw_only=True)
class Geometry:
    """The drawing's measures in SVG user units; the page scales the drawing to its width, so
    the text's size on screen is font size x (box width / drawing width)."""

    label_width: int  # the day's label beside its lanes; 0: above them
    hour_width: float
    hour_step: int  # hours between the grid's labelled lines
    lane_height: int = 9
    lane_gap: int = 2
    day_gap: int = 8
    label_height: int = 0  # room above a day's lanes for its label, when it is not beside them
    top: int = 18
    side: int = 2  # room at either end for the half of an hour's label that overhangs it


# Days down the side, 24 hours across. WIDE reads from about 34rem of width; PHONE is the
# same week for a box as narrow as a phone's (its labels above each day, so the 24 hours get
# the whole width and the text stays about 10 CSS px at 390 px) with no sideways scroll, so
# "now" is always in view. The page shows one of the two (coverage.css).
WIDE = Geometry(label_width=92, hour_width=30, hour_step=3)
PHONE = Geometry(label_width=0, hour_width=13, hour_step=6, day_gap=5, label_height=12,
                 side=8)
# How each region colour (a region's ``colour``, the same on every page) is told apart
# without its colour: a pattern drawn over it in the page's own background colour. Colour 1
# stays solid. Each pattern's marks, in a tile of 4 x 4 user units.
PATTERNS = {
    2: ('patternTransform="rotate(45)"', '<rect class="cov-ink" width="1.3" height="4"/>'),
    3: ("", '<circle class="cov-ink" cx="2" cy="2" r="1"/>'),
    4: ('patternTransform="rotate(45)"',
        '<rect class="cov-ink" width="1" height="4"/><rect class="cov-ink" width="4" height="1"/>'),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Lane:
    label: str
    schedule: coverage.Schedule
    region: str = ""  # the region's id
    colour: int = 1  # the region's, not the lane's place: a region looks alike on every page


def lanes(policy: Policy, view: str) -> tuple[str, tuple[Lane, ...]]:
    """The chart's title and lanes: ``support`` for the support regions' hours, or a tier id for
    that tier's shifts."""
    if view == "support":
        return "Support hours", tuple(
            Lane(label=region.name, schedule=(region.hours, region.zone, region.holidays),
                 region=region.id, colour=region.colour or index + 1)
            for index, region in enumerate(policy.support_regions))
    tier = policy.tier(view)
    return tier.name, tuple(
        Lane(label=shift.region.name,
             schedule=(shift.hours, shift.region.zone, shift.holidays),
             region=shift.region.id, colour=shift.region.colour or index + 1)
        for index, shift in enumerate(tier.shifts))


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
    nobody = _nobody(view, title)
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
        **_drawings(view, chart_lanes, [
            {"label": row["label"] + (" *" if any(lane["holidays"] for lane in row["lanes"])
                                      else ""),
             "lanes": [_minutes(_clip(spans, day_start, day_end), tz, day_start, day_end)
                       for spans in open_spans],
             "holidays": [[(*_minutes([(s, e)], tz, day_start, day_end)[0],
                            f"{lane.label} closed: {name}")
                           for s, e, name in holidays if s < day_end and e > day_start]
                          for lane, holidays in zip(chart_lanes, closed)],
             "gaps": _minutes(_clip(gap_spans, day_start, day_end), tz, day_start, day_end),
             "now": _minutes([(now, now)], tz, day_start, day_end)[0][0]
             if now is not None and day_start <= now < day_end else None}
            for row, day_start, day_end in zip(rows, bounds, bounds[1:])]),
    }


# The week a typical week is taken from: the second full week of January, in which no zone's
# clocks change; holidays are left out, so its hours are every ordinary week's.
TYPICAL_MONTH = 1


def typical_week(policy: Policy, view: str, today: dt.date) -> dict:
    """The chart without a date, for readers without JavaScript: each region's own week, on
    its own clock, holidays left out (they are said in words), and the gaps between them in
    UTC for each season (the regions' clocks change on different days, so no one drawing of
    them on a shared clock is true all year). Keys as ``week_chart``'s, plus ``typical``,
    ``zones`` and ``holiday_rules``; no ``week`` and no neighbours."""
    title, chart_lanes = lanes(policy, view)
    monday = monday_of(dt.date(today.year, TYPICAL_MONTH, 8) + WEEK)
    names = [f"{day:%a}" for day in (monday + n * DAY for n in range(7))]
    per_lane = []
    for lane in chart_lanes:
        hours, zone_name, _ = lane.schedule
        tz = zone(zone_name)
        bounds = [dt.datetime.combine(monday + n * DAY, dt.time(0), tzinfo=tz).astimezone(UTC)
                  for n in range(8)]
        spans = coverage.covered([(hours, zone_name, None)], bounds[0], bounds[-1])
        per_lane.append([_minutes(_clip(spans, start, end), tz, start, end)
                         for start, end in zip(bounds, bounds[1:])])
    rows = [{"day": name, "label": name,
             "lanes": [{"label": lane.label, "open": [f"{_clock(a)}-{_clock(b)}" for a, b in
                                                      spans[index]], "holidays": []}
                       for lane, spans in zip(chart_lanes, per_lane)],
             "gaps": []}
            for index, name in enumerate(names)]
    schedules = [(hours, zone_name, None) for hours, zone_name, _ in
                 (lane.schedule for lane in chart_lanes)]
    words = coverage.seasonal_gaps(schedules, today)
    nobody = _nobody(view, title)
    return {
        "view": view,
        "typical": True,
        "title": title,
        "lanes": [lane.label for lane in chart_lanes],
        "zones": [lane.schedule[1] for lane in chart_lanes],
        "rows": rows,
        "gaps": [part[:1].upper() + part[1:] for part in words.split("; ")] if words else [],
        "holidays": [],
        "holiday_rules": [{"label": lane.label, "calendar": lane.schedule[2].name
                           if lane.schedule[2] is not None else None} for lane in chart_lanes],
        "gaps_sentence": nobody,
        "readings": readings.as_json(policy, readings.offices_ids(policy) if view == "support"
                                  else readings.shifts_ids(policy.tier(view))),
        **_drawings(view, chart_lanes, [
            {"label": name, "lanes": [spans[index] for spans in per_lane],
             "holidays": [[] for _ in chart_lanes], "gaps": [], "now": None}
            for index, name in enumerate(names)]),
    }


def _minutes(spans, tz, day_start: dt.datetime, day_end: dt.datetime) -> list[tuple[int, int]]:
    return [(_minute(start, tz, day_start, day_end), _minute(end, tz, day_start, day_end))
            for start, end in spans]


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


def _drawings(view: str, chart_lanes, days: list[dict]) -> dict:
    """The chart's two drawings (wide and phone), the patterns they share and the legend.
    ``days``: per day its label, per lane its open spans and holidays (start, end, title) in
    minutes of the day on the drawing's clock, the gaps, and "now" as a minute or None."""
    prefix = f"cov-{view}-mark-"
    return {
        "svg": _svg(WIDE, prefix, chart_lanes, days),
        "svg_phone": _svg(PHONE, prefix, chart_lanes, days),
        "defs": _defs(prefix, {lane.colour for lane in chart_lanes}),
        "legend": [{"label": lane.label, "region": lane.region, "colour": lane.colour,
                    "swatch": _swatch(prefix, lane.colour)} for lane in chart_lanes],
    }


def _defs(prefix: str, colours) -> str:
    """The patterns, once per chart, in a drawing of their own: both drawings and the legend
    use them, and the one of the two drawings that is not shown must not hold them (a pattern
    inside a hidden SVG is not painted elsewhere)."""
    patterns = "".join(
        f'<pattern id="{escape(prefix)}{colour}" width="4" height="4" '
        f'patternUnits="userSpaceOnUse" {PATTERNS[colour][0]}>{PATTERNS[colour][1]}</pattern>'
        for colour in sorted(colours) if colour in PATTERNS)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="cov-defs" width="0" height="0" '
            f'aria-hidden="true" focusable="false"><defs>{patterns}</defs></svg>')


def _lane_shape(prefix: str, colour: int, x, y, width, height, extra: str = "",
                lane: Lane | None = None) -> str:
    """A region's colour, with its pattern over it."""
    named = (f' data-region="{escape(lane.region)}"' if lane else "")
    tip = f"<title>{escape(lane.label)}</title>" if lane else ""
    shape = (f'<rect class="cov-lane cov-colour-{colour}{extra}"{named} x="{x:g}" y="{y:g}" '
             f'width="{width:g}" height="{height:g}">{tip}</rect>')
    if colour in PATTERNS:
        shape += (f'<rect class="cov-mark" x="{x:g}" y="{y:g}" width="{width:g}" '
                  f'height="{height:g}" fill="url(#{escape(prefix)}{colour})"/>')
    return shape


def _swatch(prefix: str, colour: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="cov-swatch" viewBox="0 0 16 8" '
            f'aria-hidden="true" focusable="false">'
            f'{_lane_shape(prefix, colour, 0, 0, 16, 8)}</svg>')


def _svg(geometry: Geometry, prefix: str, chart_lanes, days: list[dict]) -> str:
    g = geometry
    lane_count = len(chart_lanes)
    lanes_height = lane_count * (g.lane_height + g.lane_gap) - g.lane_gap
    day_height = g.label_height + lanes_height
    left = g.label_width or g.side
    width = left + 24 * g.hour_width + g.side
    height = g.top + 7 * (day_height + g.day_gap)
    x_of = lambda minute: left + minute * g.hour_width / 60  # noqa: E731
    kind = "wide" if g.label_width else "phone"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="cov-chart cov-chart-{kind}" '
             f'viewBox="0 0 {width:g} {height}" role="img" aria-hidden="true" '
             f'focusable="false">']
    for hour in range(0, 25, g.hour_step):
        x = x_of(hour * 60)
        parts.append(f'<line class="cov-grid" x1="{x:g}" y1="{g.top - 4}" x2="{x:g}" '
                     f'y2="{height - g.day_gap}"/>')
        parts.append(f'<text class="cov-hour" x="{x:g}" y="{g.top - 7}">{hour:02d}</text>')
    for index, day in enumerate(days):
        block = g.top + index * (day_height + g.day_gap)
        top = block + g.label_height
        label_y = block + g.label_height - 3 if g.label_height else top + lanes_height / 2 + 4
        parts.append(f'<text class="cov-day" x="{0 if g.label_width else left:g}" '
                     f'y="{label_y:g}">{escape(day["label"])}</text>')
        for x1, x2 in ((x_of(a), x_of(b)) for a, b in day["gaps"]):
            parts.append(f'<rect class="cov-gap" x="{x1:g}" y="{top - 2}" width="{x2 - x1:g}" '
                         f'height="{lanes_height + 4}"><title>{escape("Nobody")}</title></rect>')
        for lane_index, (lane, spans, holidays) in enumerate(zip(chart_lanes, day["lanes"],
                                                                 day["holidays"])):
            y = top + lane_index * (g.lane_height + g.lane_gap)
            for a, b in spans:
                x1, x2 = x_of(a), x_of(b)
                parts.append(_lane_shape(prefix, lane.colour, x1, y, max(x2 - x1, 1),
                                         g.lane_height, f" cov-lane-{lane_index}", lane))
            for a, b, title in holidays:
                x1, x2 = x_of(a), x_of(b)
                parts.append(f'<rect class="cov-holiday" x="{x1:g}" y="{y}" '
                             f'width="{x2 - x1:g}" height="{g.lane_height}"><title>'
                             f'{escape(title)}</title></rect>')
        if day["now"] is not None:
            x = x_of(day["now"])
            parts.append(f'<line class="cov-now" x1="{x:g}" y1="{top - 3}" x2="{x:g}" '
                         f'y2="{top + lanes_height + 3}"><title>Now</title></line>')
    parts.append("</svg>")
    return "".join(parts)


def _nobody(view: str, title: str) -> str:
    """What a gap in the chart means, in words for the sentence over its list."""
    if view == "support":
        return "every support office is closed"
    return f"nobody in {title} is on duty"
