"""The calendars the site publishes for readers to subscribe to: per support region its observed
holidays and its open hours, per escalation tier the on-duty shifts of each region.

Paths are relative to the site's root; each file is made from the model by ``calculators.ics``,
the same windows the calculators count on, so a calendar and an answer never disagree.
"""

from __future__ import annotations

import datetime as dt

from calculators import ics
from calculators.instants import UTC
from calculators.model import Person, Policy, Tier
from calculators.readings import region_ids, tier_ids
from calculators.text_answers import readings_lines

from .views import policy_years

FOLDER = "calendars"


def holidays_path(region_id: str) -> str:
    return f"{FOLDER}/{region_id}-holidays.ics"


def hours_path(region_id: str) -> str:
    return f"{FOLDER}/{region_id}-hours.ics"


def shifts_path(tier_id: str) -> str:
    return f"{FOLDER}/{tier_id}-shifts.ics"


def published(policy: Policy) -> dict[str, str]:
    """Every published calendar: path -> iCalendar text."""
    # DTSTAMP is the policy's date: a rebuild of the same policy gives the same bytes.
    stamp = dt.datetime.combine(policy.updated, dt.time(0), tzinfo=UTC)
    years = policy_years(policy)
    first, last = dt.date(years.start, 1, 1), dt.date(years.stop - 1, 12, 31)
    files = {}
    for region in policy.support_regions:
        calendar = region.holidays
        rests_on = _lines(readings_lines(policy, calendar.readings))
        files[holidays_path(region.id)] = ics.calendar(
            f"{region.name} office holidays",
            (ics.AllDay(uid=ics.uid("holiday", region.id, holiday.date),
                        summary=f"{region.name} support office closed: {holiday.name}",
                        day=holiday.date, description=rests_on or None)
             for holiday in calendar.holidays),
            stamp)
        phones = ", ".join(f"{phone.label} {phone.number}" for phone in region.phones)
        files[hours_path(region.id)] = ics.calendar(
            f"{region.name} support hours",
            [ics.Weekly(uid=ics.uid("hours", region.id), summary=f"{region.name} support open",
                        description=_lines([f"{region.name} support: {phones}",
                                            *readings_lines(policy, region_ids(region))]),
                        hours=region.hours, zone=region.zone,
                        first=dt.date(calendar.first_year, 1, 1),
                        last=dt.date(calendar.last_year, 12, 31), holidays=calendar)],
            stamp)
    for tier in policy.escalation.tiers:
        files[shifts_path(tier.id)] = ics.calendar(
            f"{tier.name} on duty",
            [ics.Weekly(uid=ics.uid("shift", tier.id, shift.region.id),
                        summary=f"{tier.name}: {shift.region.name} on duty",
                        description=_lines([_chain(tier, shift.region.id),
                                            *readings_lines(policy, tier_ids(tier))]),
                        hours=shift.hours, zone=shift.region.zone, first=first, last=last,
                        holidays=shift.holidays)
             for shift in tier.shifts],
            stamp)
    return files


def _lines(lines: list[str]) -> str:
    return "\n".join(lines)


def _chain(tier: Tier, region_id: str) -> str:
    """The roles in escalation order with who holds each in the region, one per line."""
    lines = [f"{tier.name}, escalation order:"]
    for number, role in enumerate(tier.roles, start=1):
        lines.append(f"{number}. {role.name}: {_reach(role.holder(region_id))}")
    return "\n".join(lines)


def _reach(person: Person | None) -> str:
    if person is None:
        return "vacant"
    parts = [person.name, *(f"{phone.label} {phone.number}" for phone in person.phones)]
    if person.email:
        parts.append(person.email)
    return ", ".join(parts)

