"""What the pages show, computed from the validated model: plain values the templates only lay out.

Every time the site shows in UTC is computed here from the local time and its IANA zone; the
data never holds one. Wording of durations, clocks, days and windows comes from
:mod:`calculators.wording`, so the site says them exactly as the CLI and the widgets do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote
from zoneinfo import ZoneInfo

from calculators import coverage, readings, time_words, wording
from calculators.model import (
    CallSamples, Clock, HolidayCalendar, Person, Phone, Pick, Policy, Priority, Reading, Target,
    WeeklyHours)

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten")


@dataclass(frozen=True, slots=True, kw_only=True)
class Hours:
    """Weekly hours as local time in their zone, and what they are in UTC through the year."""

    days: str
    window: str
    zone: str
    utc: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PhoneLink:
    label: str
    number: str  # as written in the data
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseHandling:
    paragraphs: tuple[str, ...]
    acceptance_rule: str  # the policy's sentence about closing, from the number of requests


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetRow:
    priority: str
    name: str
    definition: str
    target: str
    clock: str
    marks: tuple[ReadingMark, ...]  # of the readings the target and its clock rest on


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockReading:
    """The site's reading of which time counts, for targets that rest on it."""

    text: str
    marks: tuple[ReadingMark, ...]
    confirmed: Confirmation | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockMeaning:
    words: str  # the clock as the tables name it: "24x7"
    used_by: str  # "the initial responses of S1, S2 and S3 and the updates of S1"
    readings: tuple[ClockReading, ...]
    counts: str | None  # what the clock counts, said only when no reading of its targets does
    regional: bool  # counts on a region's hours and holidays


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionRow:
    id: str
    name: str
    hours: Hours
    phones: tuple[PhoneLink, ...]
    holidays_anchor: str
    holidays_source: str  # the calendar's name as readers know it
    hours_marks: tuple[ReadingMark, ...]  # of the zone its hours are read in, and the hours
    holidays_marks: tuple[ReadingMark, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HolidayDay:
    date: str
    weekday: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HolidayYear:
    year: int
    days: tuple[HolidayDay, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionHolidays:
    anchor: str
    region: str
    calendar: str  # as readers know it: "England bank holidays"
    origin: str  # where the dates come from, for a footnote
    years: tuple[HolidayYear, ...]
    marks: tuple[ReadingMark, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeHolidays:
    intro: str  # what the lists mean; a reading's words when one is unconfirmed
    marks: tuple[ReadingMark, ...]
    regions: tuple[RegionHolidays, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    name: str
    title: str | None
    phones: tuple[PhoneLink, ...]
    email: Link | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShiftColumn:
    region: str
    hours: Hours
    shift_marks: tuple[ReadingMark, ...]  # of the shift's days and hours
    zone_marks: tuple[ReadingMark, ...]  # of the zone the region's hours are read in


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleRow:
    role: str
    holders: tuple[Contact | None, ...]  # one per column; None: vacant
    # Of where the holders are placed: on every cell, a vacancy included, since it is placed too.
    marks: tuple[ReadingMark, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TierGaps:
    tier: str
    words: str  # "in the week of Mon 11 Jan 2027 Mon-Fri 06:00-08:00 ...; in the week of ..."
    marks: tuple[ReadingMark, ...]  # of the tier's shifts


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationInstructions:
    instructions: str  # the policy's route: the portal's Escalate Case button
    follow_the_sun: str  # the policy's promise, quoted as its words
    gaps_lead: str  # whose reading of the shifts the gaps come from
    gaps: tuple[TierGaps, ...]  # empty when every tier is covered around the clock


@dataclass(frozen=True, slots=True, kw_only=True)
class TierTable:
    id: str
    name: str
    note: str | None
    columns: tuple[ShiftColumn, ...]
    roles: tuple[RoleRow, ...]


# --- the site's readings -------------------------------------------------------------------------

# The page that lists every reading, and the anchor of each reading on it.
READINGS_PAGE = "readings.md"


def reading_anchor(reading_id: str) -> str:
    return f"reading-{reading_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadingMark:
    """The mark beside something that rests on a reading the policy owner has not confirmed:
    "reading 3", linking to the reading (templates/policy/_macros.html, ``reading_marks``;
    webruntime/static/widgets.js draws the same markup for the answers)."""

    number: int
    anchor: str
    title: str


def reading_marks(policy: Policy, ids) -> tuple[ReadingMark, ...]:
    """The marks for ``ids``: one per unconfirmed reading, in the order readings.yaml lists them."""
    return tuple(ReadingMark(number=readings.number(policy, reading.id),
                             anchor=reading_anchor(reading.id), title=reading.title)
                 for reading in readings.unconfirmed(policy, ids))


# The pages a reading's effects are on (calculators.readings names them by docs file), by the
# titles the navigation gives them (mkdocs.yml).
PAGE_TITLES = {readings.SERVICE_LEVELS: "Service levels", readings.CONTACT: "Contact",
               readings.ESCALATION: "Escalation"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Confirmation:
    by: str
    on: Link  # the date: ISO in href, in words in text


@dataclass(frozen=True, slots=True, kw_only=True)
class PageEffects:
    page: str  # the docs file, for link()
    title: str
    whats: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadingEntry:
    anchor: str
    number: int
    title: str
    policy_words: tuple[str, ...]
    site_reading: str
    effects: tuple[PageEffects, ...]  # by page, in the order the pages show them
    confirmed: Confirmation | None


def confirmation(reading: Reading) -> Confirmation | None:
    if not reading.confirmed:
        return None
    return Confirmation(by=reading.confirmed_by, on=day_words(reading.confirmed_on))


def readings_page(policy: Policy) -> tuple[ReadingEntry, ...]:
    """Every reading, in order, with what rests on it."""
    effects = readings.effects(policy)
    return tuple(ReadingEntry(anchor=reading_anchor(reading.id), number=number,
                              title=reading.title, policy_words=reading.policy_words,
                              site_reading=reading.site_reading,
                              effects=_by_page(effects.get(reading.id, ())),
                              confirmed=confirmation(reading))
                 for number, reading in enumerate(policy.readings, start=1))


def _by_page(effects) -> tuple[PageEffects, ...]:
    pages: dict[str, list[str]] = {}
    for effect in effects:
        pages.setdefault(effect.page, []).append(effect.what)
    return tuple(PageEffects(page=page, title=PAGE_TITLES[page], whats=tuple(whats))
                 for page, whats in pages.items())


# --- time ---------------------------------------------------------------------------------------

def utc_equivalents(weekly: WeeklyHours, zone: str, years: range,
                    words: time_words.TimeWords | None = None) -> tuple[str, ...]:
    """The hours in UTC for each offset the zone keeps during ``years``, standard time first.

    '13:00-02:00 UTC (PST)', '12:00-01:00 UTC (PDT)'; a zone with one offset gives one entry
    without a name. When the UTC window starts on another day than the local one, its days are
    named ('Sun-Thu 22:00-07:00 UTC (AEST)'), since 'Mon-Fri' would then be wrong in UTC.
    The names are the data's labels (``words``, :mod:`calculators.time_words`), or UTC offsets
    for a zone the data does not label.
    """
    tz = ZoneInfo(zone)
    words = words or time_words.TimeWords()
    seen: dict[tuple[dt.timedelta, str], bool] = {}
    day = dt.date(years.start, 1, 1)
    end = dt.date(years.stop, 1, 1)
    # Every day rather than two sample dates: a zone may change its rules within the range.
    while day < end:
        local = dt.datetime.combine(day, weekly.open, tzinfo=tz)
        key = (local.utcoffset(), words.label(local, zone))
        seen.setdefault(key, bool(local.dst()))
        day += dt.timedelta(days=1)
    ordered = sorted(seen, key=lambda key: seen[key])  # stable: first seen first within each
    named = len(ordered) > 1
    return tuple(_utc_window(weekly, offset, name if named else None) for offset, name in ordered)


def _utc_window(weekly: WeeklyHours, offset: dt.timedelta, name: str | None) -> str:
    minutes_per_day = 24 * 60
    offset_minutes = int(offset.total_seconds() // 60)
    open_local = weekly.open.hour * 60 + weekly.open.minute
    close_local = weekly.close.hour * 60 + weekly.close.minute
    open_utc = open_local - offset_minutes
    day_shift = open_utc // minutes_per_day
    text = f"{_clock(open_utc)}-{_clock(close_local - offset_minutes)} UTC"
    if day_shift:
        utc_days = frozenset((day + day_shift) % 7 for day in weekly.days)
        text = f"{wording.days(utc_days)} {text}"
    return f"{text} ({name})" if name else text


def _clock(minutes: int) -> str:
    hour, minute = divmod(minutes % (24 * 60), 60)
    return f"{hour:02d}:{minute:02d}"


def hours(weekly: WeeklyHours, zone: str, years: range,
          words: time_words.TimeWords | None = None) -> Hours:
    return Hours(days=wording.days(weekly.days), window=wording.window(weekly), zone=zone,
                 utc=utc_equivalents(weekly, zone, years, words))


def policy_years(policy: Policy) -> range:
    """The years the policy's holiday calendars cover: the horizon of everything dated."""
    calendars = [region.holidays for region in policy.support_regions]
    return range(min(c.first_year for c in calendars), max(c.last_year for c in calendars) + 1)


# --- words --------------------------------------------------------------------------------------

def and_list(items) -> str:
    """'S1', 'S1 and S2', 'S1, S2 and S3'."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def day_words(day: dt.date) -> Link:
    """A date for <time datetime>: ISO in ``href``, 'Fri 4 Dec 2026' in ``text``."""
    return Link(text=time_words.date(day), href=day.isoformat())


def count_words(count: int, noun: str) -> str:
    """'three requests', 'one request', '12 requests'."""
    number = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)
    return f"{number} {noun}{'' if count == 1 else 's'}"


def acceptance_rule(requests: int) -> str:
    return (f"8x8 will make a maximum of {count_words(requests, 'request')} before the case will "
            f"then be set to be closed unless anything further is heard from the Customer.")


def phone_links(phones: tuple[Phone, ...]) -> tuple[PhoneLink, ...]:
    """Each number in its international format, linked by its E.164 form."""
    return tuple(PhoneLink(label=phone.label, number=phone.number, href=f"tel:{phone.tel}")
                 for phone in phones)


def email_link(email: str | None) -> Link | None:
    # Quoted so that an address can never add mailto: headers (?subject=, &cc=) to the link.
    return Link(text=email, href=f"mailto:{quote(email, safe='@')}") if email else None


def contact(person: Person, role: str | None = None) -> Contact:
    """``person`` as a contact line; a title that only repeats ``role`` is left out."""
    title = None if person.title and _same_words(person.title, role) else person.title
    return Contact(name=person.name, title=title, phones=phone_links(person.phones),
                   email=email_link(person.email))


def _same_words(text: str, other: str | None) -> bool:
    return other is not None and " ".join(text.split()).casefold() == " ".join(
        other.split()).casefold()


# --- page sections ------------------------------------------------------------------------------

def case_handling(policy: Policy) -> CaseHandling:
    handling = policy.texts.case_handling
    return CaseHandling(paragraphs=handling.paragraphs,
                        acceptance_rule=acceptance_rule(handling.acceptance_requests))


def initial_response_targets(policy: Policy) -> tuple[TargetRow, ...]:
    return tuple(_target_row(policy, targets.priority,
                             wording.duration(targets.initial_response.duration),
                             targets.initial_response)
                 for targets in policy.service_levels.targets)


def update_targets(policy: Policy) -> tuple[TargetRow, ...]:
    rows = []
    for targets in policy.service_levels.targets:
        text = f"Every {wording.duration(targets.updates.duration)}"
        if targets.updates_until:
            text += f" until {targets.updates_until}"
        rows.append(_target_row(policy, targets.priority, text, targets.updates))
    return tuple(rows)


def _target_row(policy: Policy, priority: Priority, text: str, target: Target) -> TargetRow:
    # The table is for every region, so only the target's own readings are marked; a region's
    # hours and holidays carry their marks on Contact, and a due time names them all.
    return TargetRow(priority=priority.id, name=priority.name, definition=priority.definition,
                     target=text, clock=wording.CLOCK_WORDS[target.clock],
                     marks=reading_marks(policy, target.readings))


# What a clock counts, said where no reading of its targets says it: then the data's clock is
# the policy's own, so these are definitions of the clock, not anyone's reading.
CLOCK_COUNTS = {
    Clock.ALWAYS: "Every minute counts, day and night, weekends and holidays included.",
    Clock.BUSINESS_HOURS: "Only the support hours of the case's region count: its opening hours "
                          "on its working days, not on its office holidays.",
    Clock.BUSINESS_DAYS: "Only whole local days of the case's region count: its working days, "
                         "not its office holidays.",
}


def target_clocks(policy: Policy) -> tuple[ClockMeaning, ...]:
    """The clocks the targets count on, in the order the tables first use them: which targets
    use each, and the site's readings those targets rest on."""
    uses: dict[Clock, dict[str, list[str]]] = {}
    ids: dict[Clock, dict[str, None]] = {}
    for targets in policy.service_levels.targets:
        for kind, target in (("initial", targets.initial_response),
                             ("updates", targets.updates)):
            uses.setdefault(target.clock, {"initial": [], "updates": []})[kind].append(
                targets.priority.id)
            ids.setdefault(target.clock, {}).update(dict.fromkeys(target.readings))
    return tuple(_clock_meaning(policy, clock, uses[clock], ids[clock]) for clock in uses)


def _clock_meaning(policy: Policy, clock: Clock, uses: dict[str, list[str]],
                   ids) -> ClockMeaning:
    clock_readings = tuple(
        ClockReading(text=reading.site_reading, marks=reading_marks(policy, (reading.id,)),
                     confirmed=confirmation(reading))
        for reading in readings.ordered(policy, ids))
    return ClockMeaning(words=wording.CLOCK_WORDS[clock], used_by=_used_by(uses),
                        readings=clock_readings,
                        counts=None if clock_readings else CLOCK_COUNTS[clock],
                        regional=clock is not Clock.ALWAYS)


def _used_by(uses: dict[str, list[str]]) -> str:
    """'the initial responses of S1, S2 and S3 and the updates of S1'."""
    parts = []
    for kind, singular, plural in (("initial", "the initial response", "the initial responses"),
                                   ("updates", "the updates", "the updates")):
        if uses[kind]:
            noun = singular if len(uses[kind]) == 1 else plural
            parts.append(f"{noun} of {and_list(uses[kind])}")
    return " and ".join(parts)


def _holidays_anchor(region_id: str) -> str:
    return f"holidays-{region_id}"


def support_regions(policy: Policy) -> tuple[RegionRow, ...]:
    years = policy_years(policy)
    return tuple(
        RegionRow(id=region.id, name=region.name, hours=hours(region.hours, region.zone, years,
                                                               time_words.words(policy)),
                  phones=phone_links(region.phones), holidays_anchor=_holidays_anchor(region.id),
                  holidays_source=calendar_source(region.holidays),
                  hours_marks=reading_marks(policy, region.readings),
                  holidays_marks=reading_marks(policy, region.holidays.readings))
        for region in policy.support_regions)


def calendar_source(calendar: HolidayCalendar) -> str:
    """The calendar as readers know it; the library behind it is for :func:`calendar_origin`."""
    return calendar.name


def calendar_origin(calendar: HolidayCalendar) -> str:
    return (f"Dates for {calendar.first_year}-{calendar.last_year} from the python-holidays "
            f"library, calendar {calendar.source}.")


def office_holidays(policy: Policy) -> OfficeHolidays:
    ids = [i for region in policy.support_regions for i in region.holidays.readings]
    marks = reading_marks(policy, ids)
    closed = "each region's office is closed on the holidays of its calendar"
    intro = f"As the site reads the policy, {closed}." if marks else f"{closed.capitalize()}."
    return OfficeHolidays(intro=f"{intro} Open a year to see its dates.", marks=marks,
                          regions=_region_holidays(policy))


def _region_holidays(policy: Policy) -> tuple[RegionHolidays, ...]:
    result = []
    for region in policy.support_regions:
        calendar = region.holidays
        by_year = {year: [] for year in range(calendar.first_year, calendar.last_year + 1)}
        for holiday in calendar.holidays:
            by_year[holiday.date.year].append(HolidayDay(
                date=holiday.date.isoformat(),
                weekday=time_words.DAYS[holiday.date.weekday()],
                name=holiday.name))
        result.append(RegionHolidays(
            anchor=_holidays_anchor(region.id), region=region.name,
            calendar=calendar_source(calendar), origin=calendar_origin(calendar),
            years=tuple(HolidayYear(year=year, days=tuple(days))
                        for year, days in by_year.items()),
            marks=reading_marks(policy, calendar.readings)))
    return tuple(result)


def escalation_instructions(policy: Policy) -> EscalationInstructions:
    """The policy's route and its follow-the-sun promise, and the hours the shifts leave
    uncovered all the same, in the January and July after the policy's date (so a rebuild of
    the same policy says the same)."""
    gaps = []
    for tier in policy.escalation.tiers:
        words = coverage.seasonal_gaps(coverage.tier_week(tier), coverage_week(policy),
                                       weeks_as_dates=True)
        if words:
            gaps.append(TierGaps(tier=tier.name, words=words,
                                 marks=reading_marks(policy, readings.shifts_ids(tier))))
    marked = any(tier.marks for tier in gaps)
    return EscalationInstructions(
        instructions=policy.escalation.instructions,
        follow_the_sun=policy.escalation.follow_the_sun,
        gaps_lead="As the site reads the shifts" if marked else "With the shifts in the tables",
        gaps=tuple(gaps))


def escalation_tiers(policy: Policy) -> tuple[TierTable, ...]:
    years = policy_years(policy)
    tables = []
    for tier in policy.escalation.tiers:
        regions = [shift.region.id for shift in tier.shifts]
        tables.append(TierTable(
            id=f"tier-{tier.id}", name=tier.name, note=tier.note,
            columns=tuple(ShiftColumn(region=shift.region.name,
                                      hours=hours(shift.hours, shift.region.zone, years,
                                                  time_words.words(policy)),
                                      shift_marks=reading_marks(policy, shift.readings),
                                      zone_marks=reading_marks(policy, shift.region.readings))
                          for shift in tier.shifts),
            roles=tuple(RoleRow(role=role.name,
                                holders=tuple(_holder(role.holder(region), role.name)
                                              for region in regions),
                                marks=reading_marks(policy, role.readings))
                        for role in tier.roles)))
    return tuple(tables)


def _holder(person: Person | None, role: str) -> Contact | None:
    return contact(person, role) if person else None


@dataclass(frozen=True, slots=True, kw_only=True)
class CalculatorChoices:
    """What the calculators' forms offer to choose from, as (value, text) options."""

    priorities: tuple[tuple[str, str], ...]
    regions: tuple[tuple[str, str], ...]  # the first, "", lets the worker pick the nearest
    tiers: tuple[tuple[str, str], ...]


def calculator_choices(policy: Policy) -> CalculatorChoices:
    return CalculatorChoices(
        priorities=tuple((p.id, f"{p.id}: {p.name}") for p in policy.service_levels.priorities),
        regions=(("", "Nearest to the time zone"),
                 *((r.id, f"{r.name} ({r.zone})") for r in policy.support_regions)),
        tiers=tuple((t.id, t.name) for t in policy.escalation.tiers),
    )


def last_updated(policy: Policy) -> Link:
    """The policy's date for the foot of every page: ISO for <time datetime>, and in words."""
    return day_words(policy.updated)


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionPhones:
    region: str
    phones: tuple[PhoneLink, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Footer:
    """The foot of every page: the policy's date and the support numbers, one step from a call."""

    updated: Link
    regions: tuple[RegionPhones, ...]


def footer(policy: Policy) -> Footer:
    return Footer(updated=last_updated(policy),
                  regions=tuple(RegionPhones(region=region.name, phones=phone_links(region.phones))
                                for region in policy.support_regions))


# --- coverage at a glance -------------------------------------------------------------------------

def coverage_week(policy: Policy) -> dt.date:
    """The day the built pages count seasons from: the policy's own date, so a rebuild of the
    same policy gives the same pages."""
    return policy.updated


def coverage_support(policy: Policy) -> dict:
    from calculators.coverage_chart import typical_week

    return typical_week(policy, "support", coverage_week(policy))


def coverage_tiers(policy: Policy) -> tuple[dict, ...]:
    from calculators.coverage_chart import typical_week

    return tuple(typical_week(policy, tier.id, coverage_week(policy))
                 for tier in policy.escalation.tiers)


# --- calendars to subscribe to --------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Calendars:
    """Links to published calendars (each href a path from the site's root; the template makes
    it relative), what their times leave out, and the marks of the readings they rest on."""

    links: tuple[Link, ...]
    note: str
    marks: tuple[ReadingMark, ...]


def support_calendars(policy: Policy) -> Calendars:
    from .calendars import holidays_path, hours_path

    links = []
    for region in policy.support_regions:
        links.append(Link(text=f"{region.name} support hours", href=hours_path(region.id)))
        links.append(Link(text=f"{region.name} office holidays", href=holidays_path(region.id)))
    return Calendars(links=tuple(links),
                     note="Times follow daylight saving time; each office's hours leave out "
                          "its office holidays.",
                     marks=reading_marks(policy, readings.offices_ids(policy)))


def tier_calendars(policy: Policy) -> Calendars:
    from .calendars import shifts_path

    shifts = [shift for tier in policy.escalation.tiers for shift in tier.shifts]
    holidays = ("No shift leaves out any holiday." if all(s.holidays is None for s in shifts)
                else "A shift with holidays in its table leaves them out.")
    return Calendars(
        links=tuple(Link(text=f"{tier.name}: who is on duty", href=shifts_path(tier.id))
                    for tier in policy.escalation.tiers),
        note=f"Times follow daylight saving time. {holidays}",
        marks=reading_marks(policy, (i for tier in policy.escalation.tiers
                                     for i in readings.tier_ids(tier))))


# --- call quality ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class CallSamplesText:
    intro: str
    requirements: tuple[str, ...]  # the age limit's words first, from its duration
    notes: tuple[str, ...]


def call_samples(policy: Policy) -> CallSamplesText:
    from calculators.call_report import sample_requirements

    samples = policy.texts.call_quality.call_samples
    return CallSamplesText(intro=samples.intro, requirements=sample_requirements(samples),
                           notes=(samples.notes.landline_preferred, samples.notes.withheld))


@dataclass(frozen=True, slots=True, kw_only=True)
class BuilderQuestion:
    question: str
    control: str  # "radio" (pick one), "checkbox" (pick several) or "text"
    choices: tuple[str, ...]  # the last is `other` when there is one
    other: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportBuilder:
    questions: tuple[BuilderQuestion, ...]
    samples: CallSamples
    age_limit: str  # "24 hours"
    # The region codes a national number may be dialled in (report.js names them in the
    # reader's language), and the one each support region's own numbers belong to, for the
    # default when a link names a support region.
    countries: tuple[str, ...]
    region_countries: dict[str, str]


def call_report_builder(policy: Policy) -> ReportBuilder:
    call_quality = policy.texts.call_quality
    questions = []
    for item in call_quality.questions:
        answer = item.answer
        if answer is None:
            questions.append(BuilderQuestion(question=item.question, control="text", choices=(),
                                             other=None))
            continue
        questions.append(BuilderQuestion(
            question=item.question,
            control="radio" if answer.pick is Pick.ONE else "checkbox",
            choices=(*answer.choices, *((answer.other,) if answer.other else ())),
            other=answer.other,
        ))
    samples = call_quality.call_samples
    return ReportBuilder(questions=tuple(questions), samples=samples,
                         age_limit=wording.duration(samples.age_limit.within),
                         countries=_dialling_countries(),
                         region_countries=_region_countries(policy))


def _dialling_countries() -> tuple[str, ...]:
    import phonenumbers  # build time only: the page gets the plain list

    # "001" and the like are non-geographic entities, not countries a call is dialled in.
    return tuple(sorted(code for code in phonenumbers.SUPPORTED_REGIONS if code.isalpha()))


def _region_countries(policy: Policy) -> dict[str, str]:
    import phonenumbers

    return {region.id: phonenumbers.region_code_for_number(
                phonenumbers.parse(region.phones[0].tel, None))
            for region in policy.support_regions if region.phones}
