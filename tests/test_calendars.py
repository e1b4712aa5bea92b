"""The published calendars, read back with the icalendar package: well formed (CRLF, folding,
UIDs, DTSTAMP), the same bytes on every build, time zones as the tz database has them, and every
window in the weeks checked exactly the calculators' windows."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from dateutil.rrule import rrulestr

from calculators import ics
from calculators.instants import UTC
from calculators.windows import weekly_windows
from sitegen.calendars import published

# Eight weeks from each of these: the calendar's first days, and the spring and autumn weeks in
# which the US, the EU and Australia change their clocks.
STARTS = ["2025-01-02", "2026-03-02", "2026-09-28"]
WEEKS = dt.timedelta(weeks=8)


@pytest.fixture(scope="module")
def calendars(policy):
    return published(policy)


def _parsed(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def test_files(policy, calendars):
    regions = [r.id for r in policy.support_regions]
    tiers = [t.id for t in policy.escalation.tiers]
    assert sorted(calendars) == sorted(
        [f"calendars/{r}-holidays.ics" for r in regions]
        + [f"calendars/{r}-hours.ics" for r in regions]
        + [f"calendars/{t}-shifts.ics" for t in tiers])


def test_well_formed(policy, calendars):
    stamp = dt.datetime.combine(policy.updated, dt.time(0), tzinfo=UTC)
    for path, text in calendars.items():
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), path
        lines = text.split("\r\n")[:-1]
        assert max(len(line.encode()) for line in lines) <= 75, path
        calendar = _parsed(text)
        assert (calendar["VERSION"], calendar["PRODID"]) == ("2.0", ics.PRODID)
        events = calendar.walk("VEVENT")
        assert events, path
        assert {event.decoded("DTSTAMP") for event in events} == {stamp}, path
        # One UID per event; an instance that overrides one repeats its UID with a RECURRENCE-ID.
        uids = [event["UID"] for event in events if "RECURRENCE-ID" not in event]
        assert len(uids) == len(set(uids)), path


def test_same_bytes_and_uids_on_every_build(policy, calendars, tmp_path):
    import shutil

    from conftest import DATA
    from policydata import load_policy

    assert published(load_policy(DATA)) == calendars
    # UIDs name what an event is, not what it says: a changed phone number keeps them.
    shutil.copytree(DATA, tmp_path / "data")
    contacts = tmp_path / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    contacts.write_text(text.replace("408 687 4120", "408 687 4121"), encoding="utf-8")
    edited = published(load_policy(tmp_path / "data"))
    assert edited["calendars/usa-hours.ics"] != calendars["calendars/usa-hours.ics"]
    for path, text in calendars.items():
        assert re.findall(r"UID:\S+", edited[path]) == re.findall(r"UID:\S+", text), path


@pytest.mark.parametrize("path", ["calendars/usa-hours.ics", "calendars/europe-hours.ics",
                                  "calendars/apac-hours.ics", "calendars/tier1-shifts.ics"])
def test_time_zones_as_the_tz_database_has_them(policy, calendars, path):
    from zoneinfo import ZoneInfo

    years = range(2025, 2031)
    for vtimezone in _parsed(calendars[path]).walk("VTIMEZONE"):
        ours, database = vtimezone.to_tz(lookup_tzid=False), ZoneInfo(vtimezone["TZID"])
        at = dt.datetime(years.start, 1, 1, tzinfo=UTC)
        while at.year in years:
            assert at.astimezone(ours).utcoffset() == at.astimezone(database).utcoffset(), at
            at += dt.timedelta(hours=11)  # coprime with 24: every hour of the day comes round


def _windows(text: str, start: dt.datetime, end: dt.datetime) -> dict[str, list]:
    """Each recurring event's windows opening in [start, end), by SUMMARY, as a client reads
    them: the RRULE in the VTIMEZONE's own zone, less EXDATEs, with overriding instances."""
    calendar = _parsed(text)
    zones = {vtz["TZID"]: vtz.to_tz(lookup_tzid=False) for vtz in calendar.walk("VTIMEZONE")}
    events = calendar.walk("VEVENT")

    def local(prop):
        return prop.dt.replace(tzinfo=zones[prop.params["TZID"]])

    overrides = {(e["UID"], local(e["RECURRENCE-ID"]).astimezone(UTC)): e
                 for e in events if "RECURRENCE-ID" in e}
    result = {}
    for event in events:
        if "RRULE" not in event:
            continue
        first, first_end = local(event["DTSTART"]), local(event["DTEND"])
        length = first_end.astimezone(UTC) - first.astimezone(UTC)
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=first)
        excluded = set()
        for exdate in event.get("EXDATE", []) if isinstance(event.get("EXDATE"), list) else (
                [event["EXDATE"]] if "EXDATE" in event else []):
            excluded |= {d.dt.replace(tzinfo=zones[exdate.params["TZID"]]).astimezone(UTC)
                         for d in exdate.dts}
        windows = []
        for opens in rule.between(start - dt.timedelta(days=2), end, inc=True):
            opens_utc = opens.astimezone(UTC)
            if opens_utc in excluded or not start <= opens_utc < end:
                continue
            override = overrides.get((event["UID"], opens_utc))
            closes = (local(override["DTEND"]).astimezone(UTC) if override
                      else opens_utc + length)
            windows.append((opens_utc, closes))
        result[str(event["SUMMARY"])] = windows
    return result


@pytest.mark.parametrize("start", STARTS)
def test_hours_and_shifts_are_the_calculators_windows(policy, calendars, start):
    begin = dt.datetime.fromisoformat(start).replace(tzinfo=UTC)
    end = begin + WEEKS

    def expected(hours, zone_name, holidays):
        found = []
        for opens, closes in weekly_windows(hours, zone_name, holidays, begin):
            if opens >= end:
                return found
            if opens >= begin:
                found.append((opens, closes))

    for region in policy.support_regions:
        got = _windows(calendars[f"calendars/{region.id}-hours.ics"], begin, end)
        assert got == {f"{region.name} support open":
                       expected(region.hours, region.zone, region.holidays)}
    for tier in policy.escalation.tiers:
        got = _windows(calendars[f"calendars/{tier.id}-shifts.ics"], begin, end)
        assert got == {f"{tier.name}: {shift.region.name} on duty":
                       expected(shift.hours, shift.region.zone, shift.holidays)
                       for shift in tier.shifts}


def test_holidays_are_the_calendars_days(policy, calendars):
    for region in policy.support_regions:
        events = _parsed(calendars[f"calendars/{region.id}-holidays.ics"]).walk("VEVENT")
        assert [(e.decoded("DTSTART"), e.decoded("DTEND") - e.decoded("DTSTART"))
                for e in events] == [(h.date, dt.timedelta(days=1))
                                     for h in region.holidays.holidays]


@pytest.mark.parametrize("line", [
    "SUMMARY:" + "a" * 200,
    "DESCRIPTION:" + "é" * 100,  # two octets each: never cut inside one
    "DESCRIPTION:" + "🙂" * 40,  # four octets each
    "X:" + "a" * 73,  # exactly 75 octets: not folded
])
def test_folding(line):
    folded = ics.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == line
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert (len(pieces) == 1) == (len(line.encode()) <= 75)


@pytest.mark.parametrize("value, escaped", [
    ("a;b,c", "a\\;b\\,c"), ("back\\slash", "back\\\\slash"), ("two\nlines", "two\\nlines")])
def test_text_escaping(value, escaped):
    assert ics.text(value) == escaped


@pytest.mark.parametrize("priority, at, region", [
    ("S1", "2026-11-27T17:30:00Z", "usa"), ("S2", "2026-03-27T17:00:00Z", "europe"),
    ("S3", "2026-08-07T09:00:00Z", "apac")])
def test_a_case_calendar_holds_its_deadlines(policy, priority, at, region):
    from calculators.deadlines import deadlines

    reported = dt.datetime.fromisoformat(at)
    answer = deadlines(policy, priority, reported, region)
    stamp = dt.datetime(2026, 11, 30, 9, 4, tzinfo=UTC)
    text = ics.deadline_calendar(policy, answer, stamp)
    assert text == ics.deadline_calendar(policy, deadlines(policy, priority, reported, region),
                                         stamp)
    events = _parsed(text).walk("VEVENT")
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        (f"{priority} initial response due", answer.initial_response),
        *((f"{priority} update {n} due", due) for n, due in enumerate(answer.updates, start=1))]
    assert all(e.walk("VALARM")[0].decoded("TRIGGER") == -dt.timedelta(minutes=15)
               for e in events)
    assert len({e["UID"] for e in events}) == len(events)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("page, count", [("contact/index.html", 6), ("escalation/index.html", 3)])
def test_published_with_the_site_and_linked(sites, calendars, engine, page, count):
    from urllib.parse import urljoin

    site = sites[engine]
    html = (site / page).read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+\.ics)"', html)
    assert len(links) == count
    for href in links:
        path = urljoin(page, href)
        assert (site / path).read_bytes() == calendars[path].encode("utf-8"), path


# Each calendar's events say which of the site's unconfirmed readings their times rest on.
RESTS_ON = {
    "calendars/usa-holidays.ics": [4],
    "calendars/europe-holidays.ics": [4],
    "calendars/apac-holidays.ics": [4],
    "calendars/usa-hours.ics": [4],
    "calendars/europe-hours.ics": [4, 5],
    "calendars/apac-hours.ics": [4],
    "calendars/tier1-shifts.ics": [6, 7, 8, 9, 10],
    "calendars/tier2-shifts.ics": [6, 8, 9],
    "calendars/tier2-partner-shifts.ics": [6, 8, 9, 11],
}


def _readings_named(event) -> list[int]:
    return [int(n) for n in re.findall(r"^  reading (\d+):", str(event.get("DESCRIPTION", "")),
                                       re.M)]


@pytest.mark.parametrize("path, numbers", RESTS_ON.items())
def test_each_event_names_the_readings_it_rests_on(calendars, path, numbers):
    for event in _parsed(calendars[path]).walk("VEVENT"):
        assert _readings_named(event) == numbers, (path, str(event["SUMMARY"]))


def test_a_shift_calendar_says_nothing_of_holidays_it_does_not_leave_out(calendars):
    # The shifts observe no holiday: no EXDATE, and the Escalation page's note says so.
    for tier in ("tier1", "tier2", "tier2-partner"):
        assert "EXDATE" not in calendars[f"calendars/{tier}-shifts.ics"]


def test_a_confirmed_reading_leaves_the_calendars(policy, tmp_path):
    import shutil

    from conftest import DATA
    from policydata import load_policy

    shutil.copytree(DATA, tmp_path / "data")
    readings = tmp_path / "data" / "readings.yaml"
    text = readings.read_text(encoding="utf-8")
    at = text.index("  - id: shift-days")
    confirmed = text[:at] + text[at:].replace(
        "confirmed: no", "confirmed: {by: Jane Doe, date: 2026-12-01}", 1)
    readings.write_text(confirmed, encoding="utf-8")
    edited = published(load_policy(tmp_path / "data"))
    for event in _parsed(edited["calendars/tier2-shifts.ics"]).walk("VEVENT"):
        assert _readings_named(event) == [8, 9]
        assert "Which days the escalation shifts run (confirmed by Jane Doe on 2026-12-01)" in \
            str(event["DESCRIPTION"])
