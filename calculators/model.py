"""The policy as the calculators and the site see it: frozen, validated, holidays resolved.

Built by ``policydata`` from the YAML files, or by :mod:`calculators.policy_json` from the JSON
the site publishes for the browser. Standard library only, so it runs under Pyodide too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Clock(str, Enum):
    """Which time counts towards a target."""

    ALWAYS = "24x7"
    BUSINESS_HOURS = "business_hours"
    BUSINESS_DAYS = "business_days"


# The ids of the readings (see Reading) a piece of data rests on; defaulted so that the
# policy.json of a release made before readings still loads.
Readings = tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """A rule the site uses that the policy text does not state outright: the policy's own words,
    and what the site takes them to mean. Unconfirmed, every answer resting on it is marked."""

    id: str
    title: str
    policy_words: tuple[str, ...]  # quoted exactly from the policy text
    site_reading: str
    confirmed_by: str | None  # the policy owner who confirmed it; None: not confirmed
    confirmed_on: dt.date | None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_by is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoneLabels:
    """The abbreviations readers know for a zone's times ("PST", "PDT"), from the data: the
    tz database's own are not all letters ("+08" for Singapore) and are no part of the policy."""

    zone: str
    standard: str
    daylight: str | None = None  # None: the zone keeps no daylight saving time


@dataclass(frozen=True, slots=True, kw_only=True)
class Priority:
    id: str
    name: str
    definition: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A span of time counted on a clock: an initial response, or the interval between updates."""

    duration: dt.timedelta
    clock: Clock
    readings: Readings = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PriorityTargets:
    priority: Priority
    initial_response: Target
    updates: Target
    # What ends the updates, in the policy's words (e.g. "resolution"), or None.
    updates_until: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceLevels:
    plan: str
    disclaimer: str
    priorities: tuple[Priority, ...]
    targets: tuple[PriorityTargets, ...]

    def for_priority(self, priority_id: str) -> PriorityTargets:
        for targets in self.targets:
            if targets.priority.id == priority_id:
                return targets
        raise UnknownChoice("priority", priority_id, tuple(t.priority.id for t in self.targets))


@dataclass(frozen=True, slots=True, kw_only=True)
class WeeklyHours:
    """Local opening hours: [open, close) on each listed weekday (0 = Monday).

    A close at or before the open means the window runs past midnight into the next day.
    """

    days: frozenset[int]
    open: dt.time
    close: dt.time

    @property
    def overnight(self) -> bool:
        return self.close <= self.open


@dataclass(frozen=True, slots=True, kw_only=True)
class Holiday:
    date: dt.date
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HolidayCalendar:
    """Holidays resolved for ``first_year``..``last_year``; outside that range nothing is known."""

    name: str  # as readers know it, e.g. "England bank holidays"
    source: str  # the python-holidays code it was resolved from, e.g. "GB (ENG)"
    first_year: int
    last_year: int
    holidays: tuple[Holiday, ...]
    readings: Readings = ()

    def covers(self, day: dt.date) -> bool:
        return self.first_year <= day.year <= self.last_year


@dataclass(frozen=True, slots=True, kw_only=True)
class Phone:
    label: str
    number: str  # the international format readers see, "+44 20 7096 6060"
    tel: str  # E.164 for tel: links, "+442070966060"


@dataclass(frozen=True, slots=True, kw_only=True)
class SupportRegion:
    id: str
    name: str
    zone: str
    hours: WeeklyHours
    phones: tuple[Phone, ...]
    holidays: HolidayCalendar
    readings: Readings = ()  # of its zone and hours
    # Its colour and pattern in the week charts, the same on every page (1..N; 0 in a
    # policy.json published before the field: the chart then goes by the region's place).
    colour: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    id: str
    name: str
    title: str | None
    phones: tuple[Phone, ...]
    email: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationRegion:
    id: str
    name: str
    zone: str
    readings: Readings = ()  # of its zone
    colour: int = 0  # as SupportRegion's


@dataclass(frozen=True, slots=True, kw_only=True)
class Shift:
    region: EscalationRegion
    hours: WeeklyHours
    holidays: HolidayCalendar | None  # None: the shift runs on holidays too
    readings: Readings = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleHolder:
    region_id: str
    person: Person | None  # None: vacant


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    name: str
    holders: tuple[RoleHolder, ...]
    readings: Readings = ()  # of where its holders are placed

    def holder(self, region_id: str) -> Person | None:
        for holder in self.holders:
            if holder.region_id == region_id:
                return holder.person
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Tier:
    id: str
    name: str
    note: str | None  # what the policy says about the tier, for readers
    shifts: tuple[Shift, ...]
    roles: tuple[Role, ...]  # in escalation order


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseTier:
    """The tier a customer escalates a case in when a target is missed: a reading, since the
    policy names its tiers without saying which cases belong to which."""

    tier_id: str
    readings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Escalation:
    instructions: str
    follow_the_sun: str
    # Why a region's support hours and escalation shifts are in different zones, if one's are.
    zones_note: str | None
    regions: tuple[EscalationRegion, ...]
    people: tuple[Person, ...]
    tiers: tuple[Tier, ...]
    case_tier: CaseTier | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Responsibility:
    title: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Responsibilities:
    intro: str
    items: tuple[Responsibility, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Overview:
    summary: str
    applies_to: tuple[str, ...]
    contact_hint: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseHandling:
    paragraphs: tuple[str, ...]
    acceptance_requests: int


class Pick(str, Enum):
    """How many of a question's choices a reader may pick."""

    ONE = "one"
    SEVERAL = "several"


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerChoices:
    pick: Pick
    choices: tuple[str, ...]
    other: str | None  # a last choice with its own text, such as "something else"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChecklistQuestion:
    question: str  # the policy's words
    answer: AnswerChoices | None  # None: answered in free text


# Where a call sample's age limit goes in its requirement's words.
AGE_LIMIT_SLOT = "{within}"


@dataclass(frozen=True, slots=True, kw_only=True)
class AgeLimit:
    within: dt.timedelta  # a call older than this no longer makes a sample
    text: str  # the requirement's words, with AGE_LIMIT_SLOT where the duration goes


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleRequirements:
    calling: str
    called: str
    time: str
    direction: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleNotes:
    landline_preferred: str
    withheld: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CallSamples:
    intro: str
    age_limit: AgeLimit
    requirements: SampleRequirements
    directions: tuple[str, ...]
    notes: SampleNotes


@dataclass(frozen=True, slots=True, kw_only=True)
class CallQuality:
    intro: str
    questions: tuple[ChecklistQuestion, ...]
    call_samples: CallSamples


@dataclass(frozen=True, slots=True, kw_only=True)
class Texts:
    overview: Overview
    customer_responsibilities: Responsibilities
    support_responsibilities: Responsibilities
    case_handling: CaseHandling
    quality_of_service: tuple[str, ...]
    call_quality: CallQuality


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    updated: dt.date  # when the policy last changed: the newest of the data files' dates
    service_levels: ServiceLevels
    support_regions: tuple[SupportRegion, ...]
    escalation: Escalation
    texts: Texts
    # What to do while every support region is closed, in the policy's words; None: unsaid.
    # Defaulted so that the policy.json of a release made before the field still loads.
    out_of_hours: str | None = None
    readings: tuple[Reading, ...] = ()
    zone_labels: tuple[ZoneLabels, ...] = ()

    def reading(self, reading_id: str) -> Reading:
        return _by_id(self.readings, reading_id, "reading")

    def support_region(self, region_id: str) -> SupportRegion:
        return _by_id(self.support_regions, region_id, "support region")

    def tier(self, tier_id: str) -> Tier:
        return _by_id(self.escalation.tiers, tier_id, "tier")


class UnknownChoice(LookupError):
    """An id that the policy does not define; the message lists the valid ones."""

    def __init__(self, kind: str, given: str, choices: tuple[str, ...]) -> None:
        super().__init__(f"unknown {kind} {given!r}; choose one of: {', '.join(choices)}")


def _by_id(items, item_id: str, kind: str):
    for item in items:
        if item.id == item_id:
            return item
    raise UnknownChoice(kind, item_id, tuple(item.id for item in items))
