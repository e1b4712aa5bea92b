"""Who is on duty for a tier at an instant, their contact chain, and whether a support region
is open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import HolidaysUnknown
from .instants import aware
from .model import Clock, EscalationRegion, Person, Policy, Shift, SupportRegion, Tier
from .windows import clock_windows, weekly_windows


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    role: str
    person: Person | None  # None: nobody holds the role in this region


@dataclass(frozen=True, slots=True, kw_only=True)
class OnDuty:
    region: EscalationRegion
    until: dt.datetime  # UTC: the end of the shift window in force
    chain: tuple[Contact, ...]  # every role of the tier, in escalation order

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """The roles someone holds, in escalation order."""
        return tuple(contact for contact in self.chain if contact.person is not None)

    @property
    def vacant(self) -> tuple[str, ...]:
        """The names of the roles nobody holds here."""
        return tuple(contact.role for contact in self.chain if contact.person is None)


@dataclass(frozen=True, slots=True, kw_only=True)
class NextShift:
    region: EscalationRegion
    starts: dt.datetime  # UTC
    first: Contact | None  # who is first in escalation order then; None: the region names nobody


@dataclass(frozen=True, slots=True, kw_only=True)
class ShiftWindow:
    """One shift of a region: the one in force at the asked-about instant, else the next."""

    region: EscalationRegion
    opens: dt.datetime  # UTC
    closes: dt.datetime  # UTC
    on_shift: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedContact:
    """A person the tier names in some region, with every role and shift they hold in it."""

    person: Person
    roles: tuple[str, ...]  # in escalation order, each named once
    shifts: tuple[ShiftWindow, ...]  # in the tier's shift order


@dataclass(frozen=True, slots=True, kw_only=True)
class SupportLine:
    """A support region open at the asked-about instant: its phones are a route too."""

    region: SupportRegion
    until: dt.datetime  # UTC


@dataclass(frozen=True, slots=True, kw_only=True)
class Routes:
    """The ways to escalate when no named person is on duty: the portal's Escalate Case
    button, the tier's named people (all off shift then), and the support lines open now."""

    escalate_case: str  # the policy's instruction for the button
    people: tuple[NamedContact, ...]
    support_lines: tuple[SupportLine, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationAnswer:
    tier: Tier
    at: dt.datetime  # UTC
    on_duty: tuple[OnDuty, ...]  # in the tier's shift order; several when shifts overlap
    next: NextShift | None  # the next shift to start, given only when nobody is on duty
    routes: Routes | None  # given only when nobody named is on duty

    @property
    def first(self) -> tuple[OnDuty, Contact] | None:
        """The first named person on duty in escalation order (first shift first), if any."""
        for duty in self.on_duty:
            if duty.contacts:
                return duty, duty.contacts[0]
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing:
    """A region on duty as an answer lists it: each person once in the whole answer, so a
    person on duty in two regions at once is named under the first and referred to after."""

    duty: OnDuty
    contacts: tuple[Contact, ...]  # named here for the first time, in escalation order
    listed_above: tuple[str, ...]  # roles whose holder is already named above


def case_tier_escalation(policy: Policy, due: dt.datetime) -> EscalationAnswer | None:
    """Who is on duty at a missed target's ``due`` time in the tier the data names for customer
    cases; None without one, or where no shift can be found (the end of the calendar)."""
    case_tier = policy.escalation.case_tier
    if case_tier is None:
        return None
    try:
        return escalation(policy, case_tier.tier_id, due)
    except (HolidaysUnknown, OverflowError):
        return None


def next_named(answer: EscalationAnswer) -> NextShift | None:
    """Whom to name when nobody named is on duty: the next shift's start and who is first then;
    or, while only shifts that name nobody are on, the tier's first named person from their
    next shift. None when someone named is on duty, or the tier names nobody."""
    if answer.first is not None:
        return None
    if answer.next is not None:
        return answer.next
    if answer.routes is None or not answer.routes.people:
        return None
    named = answer.routes.people[0]
    shift = min(named.shifts, key=lambda window: window.opens)
    return NextShift(region=shift.region, starts=shift.opens,
                     first=Contact(role=named.roles[0], person=named.person))


def listings(answer: EscalationAnswer) -> tuple[Listing, ...]:
    named: set[str] = set()
    result = []
    for duty in answer.on_duty:
        new, above = [], []
        for contact in duty.contacts:
            (above if contact.person.id in named else new).append(contact)
            named.add(contact.person.id)
        result.append(Listing(duty=duty, contacts=tuple(new),
                              listed_above=tuple(c.role for c in above)))
    return tuple(result)


def next_first_listed_above(answer: EscalationAnswer) -> bool:
    """Whether the person first on the next shift is already named among the routes."""
    following, routes = answer.next, answer.routes
    if following is None or following.first is None or routes is None:
        return False
    return any(named.person.id == following.first.person.id for named in routes.people)


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenStatus:
    region: SupportRegion
    at: dt.datetime  # UTC
    open: bool
    changes_at: dt.datetime  # UTC: the close if open, else the next opening


def escalation(policy: Policy, tier_id: str, at: dt.datetime) -> EscalationAnswer:
    """The regions of ``tier_id`` on duty at ``at``, or the next one to come on duty."""
    tier = policy.tier(tier_id)
    at = aware(at)
    on_duty, upcoming = [], []
    for shift in tier.shifts:
        opens, closes = _window(shift, at)
        if opens <= at:
            on_duty.append(_on_duty(tier, shift.region, closes))
        else:
            upcoming.append(NextShift(region=shift.region, starts=opens,
                                      first=_first_named(tier, shift.region)))
    # min() keeps the first of equal starts, so ties go to the tier's shift order.
    following = None if on_duty else min(upcoming, key=lambda s: s.starts, default=None)
    named_on_duty = any(duty.contacts for duty in on_duty)
    return EscalationAnswer(tier=tier, at=at, on_duty=tuple(on_duty), next=following,
                            routes=None if named_on_duty else _routes(policy, tier, at))


def open_status(policy: Policy, region_id: str, at: dt.datetime) -> OpenStatus:
    """Whether the support region is open at ``at`` and when that changes."""
    region = policy.support_region(region_id)
    at = aware(at)
    opens, closes = next(clock_windows(Clock.BUSINESS_HOURS, region, at))
    is_open = opens <= at
    return OpenStatus(region=region, at=at, open=is_open, changes_at=closes if is_open else opens)


@dataclass(frozen=True, slots=True, kw_only=True)
class AllClosed:
    """Every support office is closed at ``at``; ``next_open`` is the first to open after it."""

    at: dt.datetime  # UTC
    next_open: OpenStatus


def all_closed(policy: Policy, at: dt.datetime) -> AllClosed | None:
    """Whether every support office is closed at ``at``: None when one is open, or when that
    cannot be known: a region's holidays are not known that far, or its next opening lies past
    the years 1-9999 (nobody can say, so nothing is said, and the rest of the answer stands)."""
    try:
        statuses = [open_status(policy, region.id, at) for region in policy.support_regions]
    except (HolidaysUnknown, OverflowError):
        return None
    if any(status.open for status in statuses):
        return None
    # min() keeps the first of equal openings: ties go to the policy's order.
    return AllClosed(at=aware(at), next_open=min(statuses, key=lambda s: s.changes_at))


def _window(shift: Shift, at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    # The end of the window in force, not of a run of back-to-back windows: looking further
    # ahead could need holidays beyond the calendar, and no shift in the policy runs round
    # the clock.
    return next(weekly_windows(shift.hours, shift.region.zone, shift.holidays, at))


def _on_duty(tier: Tier, region: EscalationRegion, until: dt.datetime) -> OnDuty:
    chain = tuple(Contact(role=role.name, person=role.holder(region.id)) for role in tier.roles)
    return OnDuty(region=region, until=until, chain=chain)


def _first_named(tier: Tier, region: EscalationRegion) -> Contact | None:
    for role in tier.roles:
        person = role.holder(region.id)
        if person is not None:
            return Contact(role=role.name, person=person)
    return None


def _routes(policy: Policy, tier: Tier, at: dt.datetime) -> Routes:
    windows = {}
    for shift in tier.shifts:
        opens, closes = _window(shift, at)
        windows[shift.region.id] = ShiftWindow(region=shift.region, opens=opens, closes=closes,
                                               on_shift=opens <= at)
    # Each person once, first met in escalation order; dicts keep that order for their roles.
    people: dict[str, Person] = {}
    roles: dict[str, dict[str, None]] = {}
    regions: dict[str, set[str]] = {}
    for role in tier.roles:
        for holder in role.holders:
            if holder.person is None:
                continue
            person_id = holder.person.id
            people[person_id] = holder.person
            roles.setdefault(person_id, {})[role.name] = None
            regions.setdefault(person_id, set()).add(holder.region_id)
    named = tuple(
        NamedContact(person=person, roles=tuple(roles[person_id]),
                     shifts=tuple(w for region_id, w in windows.items()
                                  if region_id in regions[person_id]))
        for person_id, person in people.items())
    lines = []
    for region in policy.support_regions:
        try:
            status = open_status(policy, region.id, at)
        except HolidaysUnknown:
            # Beyond the holiday calendars nobody can say whether the office is open; the
            # shifts observe no holidays, so the rest of the answer still stands.
            continue
        if status.open:
            lines.append(SupportLine(region=region, until=status.changes_at))
    return Routes(escalate_case=policy.escalation.instructions, people=named,
                  support_lines=tuple(lines))
