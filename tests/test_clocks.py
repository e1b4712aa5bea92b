"""advance() on each clock, case by case, across DST switches, holidays and window edges.

Expected instants are worked out by hand in the comments and written in the region's local
time with its offset (comparison is by instant). Support hours: usa 05:00-18:00 Los Angeles,
europe 08:00-18:00 London, apac 09:00-18:00 Singapore, all Mon-Fri. 2026 switches: US
Sun 03-08 (PST->PDT) and Sun 11-01 (back); UK Sun 03-29 and Sun 10-25; Sydney Sun 04-05
(AEDT->AEST) and Sun 10-04 (AEST->AEDT); Cairo Fri 04-24 00:00->01:00 and Thu 10-29 24:00->23:00.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from calculators import HolidaysUnknown, advance, counted_time, open_status
from calculators.model import Clock, Holiday, HolidayCalendar, SupportRegion

ALWAYS, HOURS, DAYS = Clock.ALWAYS, Clock.BUSINESS_HOURS, Clock.BUSINESS_DAYS


@pytest.fixture(scope="module")
def regions(policy) -> dict[str, SupportRegion]:
    """The shipped regions, plus two made for zones whose switches the policy lacks."""
    shipped = {region.id: region for region in policy.support_regions}
    apac = shipped["apac"]
    sydney_2026 = HolidayCalendar(
        name="New South Wales public holidays (excerpt)", source="NSW excerpt",
        first_year=2026, last_year=2026, holidays=(
        Holiday(date=dt.date(2026, 4, 3), name="Good Friday"),
        Holiday(date=dt.date(2026, 4, 6), name="Easter Monday"),
        Holiday(date=dt.date(2026, 10, 5), name="Labour Day"),
    ))
    shipped["sydney"] = dataclasses.replace(
        apac, id="sydney", zone="Australia/Sydney", holidays=sydney_2026,
        hours=dataclasses.replace(apac.hours, open=dt.time(8), close=dt.time(17)))
    # Cairo's switches fall on weekdays, so a business day there can last 23 or 25 hours.
    shipped["cairo"] = dataclasses.replace(
        apac, id="cairo", zone="Africa/Cairo",
        holidays=HolidayCalendar(name="no holidays", source="none", first_year=2026,
                                 last_year=2026, holidays=()))
    return shipped


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


CASES = {
    # ---- 24x7: real elapsed time, whatever the wall clock does
    "24x7 US spring forward: 01:45 PST + 30 min is 03:15 PDT":
        (ALWAYS, "usa", "2026-03-08T01:45:00-08:00", hours(0.5), "2026-03-08T03:15:00-07:00"),
    "24x7 US fall back: 01:45 PDT + 30 min is the second 01:15, PST":
        (ALWAYS, "usa", "2026-11-01T01:45:00-07:00", hours(0.5), "2026-11-01T01:15:00-08:00"),
    "24x7 UK spring forward: 00:45 GMT + 30 min is 02:15 BST":
        (ALWAYS, "europe", "2026-03-29T00:45:00+00:00", hours(0.5), "2026-03-29T02:15:00+01:00"),
    "24x7 Sydney fall back: 02:45 AEDT + 30 min is 02:15 AEST":
        (ALWAYS, "sydney", "2026-04-05T02:45:00+11:00", hours(0.5), "2026-04-05T02:15:00+10:00"),
    "24x7 ignores Thanksgiving: 10:00 + 2 h is 12:00":
        (ALWAYS, "usa", "2026-11-26T10:00:00-08:00", hours(2), "2026-11-26T12:00:00-08:00"),
    # ---- business hours
    "hours: Wed 17:00 + 2 h skips Thanksgiving (Thu): 1 h Wed, 1 h from Fri 05:00":
        (HOURS, "usa", "2026-11-25T17:00:00-08:00", hours(2), "2026-11-27T06:00:00-08:00"),
    "hours: lands exactly on Fri 18:00 close and stays there":
        (HOURS, "usa", "2026-11-27T16:00:00-08:00", hours(2), "2026-11-27T18:00:00-08:00"),
    "hours: reported exactly at Fri close, 1 min is Mon 05:01":
        (HOURS, "usa", "2026-11-27T18:00:00-08:00", dt.timedelta(minutes=1),
         "2026-11-30T05:01:00-08:00"),
    "hours: reported exactly at Mon open, 13 h is Mon close":
        (HOURS, "usa", "2026-11-30T05:00:00-08:00", hours(13), "2026-11-30T18:00:00-08:00"),
    "hours: reported 04:59, counting starts at 05:00, 1 h is 06:00":
        (HOURS, "usa", "2026-11-30T04:59:00-08:00", hours(1), "2026-11-30T06:00:00-08:00"),
    "hours: Saturday report waits for Mon 05:00, + 30 min":
        (HOURS, "usa", "2026-11-28T10:00:00-08:00", hours(0.5), "2026-11-30T05:30:00-08:00"),
    "hours: Friday-evening report, US spring forward over the weekend: Mon 05:00 PDT + 2 h":
        (HOURS, "usa", "2026-03-06T20:00:00-08:00", hours(2), "2026-03-09T07:00:00-07:00"),
    "hours: Fri 17:00 PST + 2 h: 1 h Fri, then Mon 05:00 PDT + 1 h":
        (HOURS, "usa", "2026-03-06T17:00:00-08:00", hours(2), "2026-03-09T06:00:00-07:00"),
    "hours: Fri 17:00 PDT + 2 h: 1 h Fri, then after fall back Mon 05:00 PST + 1 h":
        (HOURS, "usa", "2026-10-30T17:00:00-07:00", hours(2), "2026-11-02T06:00:00-08:00"),
    "hours: a 13-h business day twice over spans the weekend: Fri 05:00 + 26 h is Mon 18:00":
        (HOURS, "usa", "2026-03-06T05:00:00-08:00", hours(26), "2026-03-09T18:00:00-07:00"),
    "hours GB: Thu 17:00 + 2 h skips Good Friday and Easter Monday: Tue 09:00":
        (HOURS, "europe", "2026-04-02T17:00:00+01:00", hours(2), "2026-04-07T09:00:00+01:00"),
    "hours GB: Fri 17:30 GMT + 1 h, UK spring forward: Mon 08:30 BST":
        (HOURS, "europe", "2026-03-27T17:30:00+00:00", hours(1), "2026-03-30T08:30:00+01:00"),
    "hours GB: Fri 17:30 BST + 1 h, UK fall back: Mon 08:30 GMT":
        (HOURS, "europe", "2026-10-23T17:30:00+01:00", hours(1), "2026-10-26T08:30:00+00:00"),
    "hours SG: Fri 17:00 + 2 h skips National Day observed (Mon 08-10): Tue 10:00":
        (HOURS, "apac", "2026-08-07T17:00:00+08:00", hours(2), "2026-08-11T10:00:00+08:00"),
    "hours Sydney: Thu 16:00 AEDT + 2 h skips Easter, DST ends: Tue 09:00 AEST":
        (HOURS, "sydney", "2026-04-02T16:00:00+11:00", hours(2), "2026-04-07T09:00:00+10:00"),
    "hours Sydney: Fri 16:00 AEST + 2 h, DST starts, Labour Day Mon: Tue 09:00 AEDT":
        (HOURS, "sydney", "2026-10-02T16:00:00+10:00", hours(2), "2026-10-06T09:00:00+11:00"),
    # ---- business days: whole local days Mon-Fri, counted as real time
    "days: Fri 11:30 + 24 h: 12.5 h of Fri, 11.5 h of Mon":
        (DAYS, "usa", "2026-11-27T11:30:00-08:00", hours(24), "2026-11-30T11:30:00-08:00"),
    "days: Wed 12:00 + 24 h skips Thanksgiving: Fri 12:00":
        (DAYS, "usa", "2026-11-25T12:00:00-08:00", hours(24), "2026-11-27T12:00:00-08:00"),
    "days: Fri 00:00 + 24 h ends exactly at Fri's end and stays there (Sat 00:00)":
        (DAYS, "usa", "2026-11-27T00:00:00-08:00", hours(24), "2026-11-28T00:00:00-08:00"),
    "days: Saturday report + 36 h: Mon whole, Tue 12:00":
        (DAYS, "usa", "2026-11-28T09:00:00-08:00", hours(36), "2026-12-01T12:00:00-08:00"),
    "days: Fri 12:00 PST + 24 h over US spring forward: Mon 12:00 PDT":
        (DAYS, "usa", "2026-03-06T12:00:00-08:00", hours(24), "2026-03-09T12:00:00-07:00"),
    "days GB: Thu 12:00 + 24 h skips Good Friday to Easter Monday: Tue 12:00":
        (DAYS, "europe", "2026-04-02T12:00:00+01:00", hours(24), "2026-04-07T12:00:00+01:00"),
    "days GB: Fri 12:00 BST + 24 h over UK fall back: Mon 12:00 GMT":
        (DAYS, "europe", "2026-10-23T12:00:00+01:00", hours(24), "2026-10-26T12:00:00+00:00"),
    "days SG: Fri 12:00 + 24 h skips National Day observed: Tue 12:00":
        (DAYS, "apac", "2026-08-07T12:00:00+08:00", hours(24), "2026-08-11T12:00:00+08:00"),
    "days Sydney: Fri 12:00 AEST + 24 h, DST starts, Labour Day: Tue 12:00 AEDT":
        (DAYS, "sydney", "2026-10-02T12:00:00+10:00", hours(24), "2026-10-06T12:00:00+11:00"),
    # Thu 12 h; Fri 04-24 has no 00:00 and lasts 23 h (22:00Z Thu to 21:00Z Fri); 1 h is left
    # for Mon 00:00 +03. With a 24-hour Friday it would have ended exactly at Sat 00:00.
    "days Cairo: a 23-hour Friday counts 23 h: Thu 12:00 + 36 h is Mon 01:00":
        (DAYS, "cairo", "2026-04-23T12:00:00+02:00", hours(36), "2026-04-27T01:00:00+03:00"),
    # Wed 12 h to Thu 00:00 +03 (21:00Z Wed); Thu lasts 25 h; 24 h of it end at 21:00Z Thu,
    # the second 23:00 that night.
    "days Cairo: a 25-hour Thursday counts 25 h: Wed 12:00 + 36 h is Thu 23:00 +02":
        (DAYS, "cairo", "2026-10-28T12:00:00+03:00", hours(36), "2026-10-29T23:00:00+02:00"),
}


@pytest.mark.parametrize(("clock", "region_id", "start", "duration", "due"), CASES.values(),
                         ids=CASES.keys())
def test_advance(regions, clock, region_id, start, duration, due):
    region = regions[region_id]
    start = dt.datetime.fromisoformat(start)
    got = advance(start, duration, clock, region)
    assert got == dt.datetime.fromisoformat(due)
    assert got.tzinfo == dt.timezone.utc
    assert counted_time(start, got, clock, region) == duration


BEYOND = {
    "the 2030 calendar ends: europe Tue 2030-12-31 17:00 + 2 h needs 2031-01-01": (
        HOURS, "europe", "2030-12-31T17:00:00+00:00", hours(2),
        "holidays of GB (ENG) are known only for 2025-2030, and this needs 2031-01-01"),
    "before the first year: usa 2024-12-31": (
        DAYS, "usa", "2024-12-31T10:00:00-08:00", hours(1),
        "holidays of US are known only for 2025-2030, and this needs 2024-12-31"),
}


@pytest.mark.parametrize(("clock", "region_id", "start", "duration", "message"),
                         BEYOND.values(), ids=BEYOND.keys())
def test_days_outside_the_holiday_calendar_are_refused(regions, clock, region_id, start,
                                                       duration, message):
    with pytest.raises(HolidaysUnknown, match=re.escape(message)):
        advance(dt.datetime.fromisoformat(start), duration, clock, regions[region_id])


def test_the_last_covered_day_still_answers(regions):
    # Tue 2030-12-31 08:00 GMT + 1 h stays inside that day: 2031 is never needed.
    start = dt.datetime.fromisoformat("2030-12-31T08:00:00+00:00")
    assert advance(start, hours(1), HOURS, regions["europe"]) == start + hours(1)


OPEN = {
    "usa exactly at Mon open: open until 18:00":
        ("usa", "2026-11-30T05:00:00-08:00", True, "2026-11-30T18:00:00-08:00"),
    "usa one second before open: closed until 05:00":
        ("usa", "2026-11-30T04:59:59-08:00", False, "2026-11-30T05:00:00-08:00"),
    "usa exactly at Fri close: closed until Mon 05:00":
        ("usa", "2026-11-27T18:00:00-08:00", False, "2026-11-30T05:00:00-08:00"),
    "usa on Thanksgiving: closed until Fri 05:00":
        ("usa", "2026-11-26T10:00:00-08:00", False, "2026-11-27T05:00:00-08:00"),
    "europe on Good Friday: closed until Tue 08:00 BST":
        ("europe", "2026-04-03T10:00:00+01:00", False, "2026-04-07T08:00:00+01:00"),
    "apac Tue 17:59: open until 18:00":
        ("apac", "2026-08-11T17:59:00+08:00", True, "2026-08-11T18:00:00+08:00"),
}


@pytest.mark.parametrize(("region_id", "at", "is_open", "changes_at"), OPEN.values(),
                         ids=OPEN.keys())
def test_open_status(policy, region_id, at, is_open, changes_at):
    status = open_status(policy, region_id, dt.datetime.fromisoformat(at))
    assert (status.open, status.changes_at) == (is_open, dt.datetime.fromisoformat(changes_at))
