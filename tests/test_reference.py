"""advance() and the on-duty answer against a deliberately naive reference: step through time
one UTC minute at a time and ask of each minute, by converting it to local time, "is this
business time?". Nothing of the calculators' windows is reused here.

Starts are random (seeded) minutes of 2025-2030, half of them within days of a DST switch of
the region's zone; durations up to two days of counted time.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest

from calculators import advance, escalation
from calculators.model import Clock

UTC = dt.timezone.utc
MINUTE = dt.timedelta(minutes=1)
CASES_PER_TABLE_ROW = 250
# Sundays on or near which the zones switch, 2025-2030 (US: 2nd Sun Mar, 1st Sun Nov; EU: last
# Sun Mar and Oct; Sydney: 1st Sun Apr and Oct). Singapore has none; its dates still serve.
SWITCH_DAYS = {
    "America/Los_Angeles": [(3, 8), (11, 1)],
    "Europe/London": [(3, 29), (10, 25)],
    "Europe/Paris": [(3, 29), (10, 25)],
    "Australia/Sydney": [(4, 5), (10, 4)],
    "Asia/Singapore": [(5, 1), (8, 9)],
}


def is_business_minute(minute: dt.datetime, clock: Clock, region) -> bool:
    if clock is Clock.ALWAYS:
        return True
    local = minute.astimezone(ZoneInfo(region.zone))
    today = local.date()
    holidays = {h.date for h in region.holidays.holidays}
    if clock is Clock.BUSINESS_DAYS:
        return today.weekday() < 5 and today not in holidays
    return is_shift_minute(local, region.hours, holidays)


def is_shift_minute(local: dt.datetime, hours, holidays) -> bool:
    today, now = local.date(), local.time()
    yesterday = today - dt.timedelta(days=1)

    def works(day):
        return day.weekday() in hours.days and day not in holidays

    if hours.close > hours.open:
        return works(today) and hours.open <= now < hours.close
    return (works(today) and now >= hours.open) or (works(yesterday) and now < hours.close)


def naive_advance(start: dt.datetime, minutes: int, clock: Clock, region) -> dt.datetime:
    now, left = start, minutes
    while left:
        if is_business_minute(now, clock, region):
            left -= 1
        now += MINUTE
    return now


def random_start(rng: random.Random, zone: str) -> dt.datetime:
    year = rng.randint(2025, 2030)
    if rng.random() < 0.5:
        month, day = rng.choice(SWITCH_DAYS[zone])
        base = dt.datetime(year, month, day, tzinfo=UTC) + dt.timedelta(days=rng.randint(-4, 2))
    else:
        base = dt.datetime(year, 1, 2, tzinfo=UTC) + dt.timedelta(days=rng.randint(0, 340))
    return base + dt.timedelta(minutes=rng.randint(0, 24 * 60 - 1))


TABLE = {
    "24x7": (Clock.ALWAYS, dt.timedelta(hours=48)),
    "business hours": (Clock.BUSINESS_HOURS, dt.timedelta(hours=16)),
    "business days": (Clock.BUSINESS_DAYS, dt.timedelta(hours=40)),
}


@pytest.mark.parametrize("region_id", ["usa", "europe", "apac"])
@pytest.mark.parametrize(("clock", "longest"), TABLE.values(), ids=TABLE.keys())
def test_advance_matches_minute_stepping(policy, region_id, clock, longest):
    region = policy.support_region(region_id)
    rng = random.Random(f"{region_id} {clock.value}")
    longest_minutes = int(longest / MINUTE)
    for _ in range(CASES_PER_TABLE_ROW):
        start = random_start(rng, region.zone)
        minutes = rng.randint(1, longest_minutes)
        expected = naive_advance(start, minutes, clock, region)
        assert advance(start, minutes * MINUTE, clock, region) == expected, (start, minutes)


def naive_on_duty(tier, at: dt.datetime) -> dict[str, dt.datetime]:
    """Region id -> first minute it is off duty again, for every shift on duty at ``at``."""
    on_duty = {}
    for shift in tier.shifts:
        zone = ZoneInfo(shift.region.zone)
        holidays = {h.date for h in shift.holidays.holidays} if shift.holidays else set()
        now = at
        while is_shift_minute(now.astimezone(zone), shift.hours, holidays):
            now += MINUTE
        if now != at:
            on_duty[shift.region.id] = now
    return on_duty


@pytest.mark.parametrize("tier_id", ["tier1", "tier2"])
def test_on_duty_matches_minute_stepping(policy, tier_id):
    tier = policy.tier(tier_id)
    rng = random.Random(tier_id)
    for _ in range(CASES_PER_TABLE_ROW):
        at = random_start(rng, rng.choice(["Australia/Sydney", "Europe/Paris",
                                           "America/Los_Angeles"]))
        answer = escalation(policy, tier_id, at)
        assert {d.region.id: d.until for d in answer.on_duty} == naive_on_duty(tier, at), at
