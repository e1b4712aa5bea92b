"""Who is on duty for a tier at an instant, their contact chain, and whether a support region
is open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationAnswer:
    tier: Tier
    at: dt.datetime  # UTC
    on_duty: tuple[OnDuty, ...]  # in the tier's shift order; several when shifts overlap
    next: NextShift | None  # the next shift to start, given only when nobody is on duty


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
            upcoming.append(NextShift(region=shift.region, starts=opens))
    # min() keeps the first of equal starts, so ties go to the tier's shift order.
    following = None if on_duty else min(upcoming, key=lambda s: s.starts, default=None)
    return EscalationAnswer(tier=tier, at=at, on_duty=tuple(on_duty), next=following)


def open_status(policy: Policy, region_id: str, at: dt.datetime) -> OpenStatus:
    """Whether the support region is open at ``at`` and when that changes."""
    region = policy.support_region(region_id)
    at = aware(at)
    opens, closes = next(clock_windows(Clock.BUSINESS_HOURS, region, at))
    is_open = opens <= at
    return OpenStatus(region=region, at=at, open=is_open, changes_at=closes if is_open else opens)


def _window(shift: Shift, at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    # The end of the window in force, not of a run of back-to-back windows: looking further
    # ahead could need holidays beyond the calendar, and no shift in the policy runs round
    # the clock.
    return next(weekly_windows(shift.hours, shift.region.zone, shift.holidays, at))


def _on_duty(tier: Tier, region: EscalationRegion, until: dt.datetime) -> OnDuty:
    chain = tuple(Contact(role=role.name, person=role.holder(region.id)) for role in tier.roles)
    return OnDuty(region=region, until=until, chain=chain)
