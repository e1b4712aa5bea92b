"""Coverage gaps agree with the escalation calculator: a gap is exactly a time when it finds
nobody on duty, in weeks across both daylight-saving seasons and their changes."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators import coverage
from calculators.escalation import escalation

UTC = dt.timezone.utc
STEP = dt.timedelta(minutes=15)
# Mondays 00:00 UTC: northern winter, the weeks of the US, EU and Australian changes, summer.
WEEKS = ["2026-01-05", "2026-03-09", "2026-03-30", "2026-04-06", "2026-07-06", "2026-10-05",
         "2026-10-26", "2026-11-02"]


@pytest.mark.parametrize("monday", WEEKS)
@pytest.mark.parametrize("tier_id", ["tier1", "tier2", "tier2-partner"])
def test_gaps_are_when_nobody_is_on_duty(policy, tier_id, monday):
    tier = policy.tier(tier_id)
    start = dt.datetime.fromisoformat(monday).replace(tzinfo=UTC)
    schedules = [(shift.hours, shift.region.zone, shift.holidays) for shift in tier.shifts]
    spans = coverage.gaps(schedules, start, start + coverage.WEEK)
    at = start
    while at < start + coverage.WEEK:
        in_gap = any(gap_start <= at < gap_end for gap_start, gap_end in spans)
        assert in_gap == (not escalation(policy, tier_id, at).on_duty), at
        at += STEP


@pytest.mark.parametrize("hours, expected", [
    # (open, close) on Mon-Fri in UTC -> the week's gaps in minutes after Monday 00:00
    (("09:00", "17:00"), ((17 * 60, 33 * 60), (41 * 60, 57 * 60), (65 * 60, 81 * 60),
                          (89 * 60, 105 * 60), (113 * 60, 7 * 1440 + 9 * 60))),
    (("00:00", "23:00"), ((23 * 60, 24 * 60), (47 * 60, 48 * 60), (71 * 60, 72 * 60),
                          (95 * 60, 96 * 60), (119 * 60, 7 * 1440))),
    # overnight: no window opens on Sunday, so the gap runs from Saturday morning to Monday night
    (("22:00", "06:00"), ((30 * 60, 46 * 60), (54 * 60, 70 * 60), (78 * 60, 94 * 60),
                          (102 * 60, 118 * 60), (126 * 60, 7 * 1440 + 22 * 60))),
])
def test_weekly_gaps_keep_the_weekend_whole(hours, expected):
    from calculators.model import WeeklyHours

    weekly = WeeklyHours(days=frozenset(range(5)), open=dt.time.fromisoformat(hours[0]),
                         close=dt.time.fromisoformat(hours[1]))
    monday = dt.datetime(2026, 1, 5, tzinfo=UTC)
    assert coverage.weekly_gaps([(weekly, "UTC", None)], monday) == expected
