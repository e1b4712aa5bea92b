"""The answers in words, for people at a terminal: each time in the region's zone and in UTC,
and one sentence on the clock that counted."""

from __future__ import annotations

import datetime as dt

from . import wording
from .deadlines import Deadlines
from .escalation import EscalationAnswer, OnDuty
from .instants import UTC, zone
from .model import Clock, PriorityTargets, SupportRegion


def deadline_text(answer: Deadlines) -> str:
    targets, region = answer.targets, answer.region
    lines = [
        f"{targets.priority.id} ({targets.priority.name}) in the {region.name} support region, "
        f"reported {when(answer.reported_at, region.zone)}",
        f"Initial response due {when(answer.initial_response, region.zone)}",
        *(f"Update {number} due {when(due, region.zone)}"
          for number, due in enumerate(answer.updates, start=1)),
        clock_sentence(targets, region),
    ]
    if answer.updates and targets.updates_until:
        lines.append(f"Updates continue until {targets.updates_until}.")
    return "\n".join(lines)


def escalation_text(answer: EscalationAnswer) -> str:
    lines = [f"{answer.tier.name} at {when(answer.at, 'UTC')}"]
    for duty in answer.on_duty:
        lines += _on_duty(duty)
    if answer.next is not None:
        lines.append(f"Nobody is on duty. Next on duty: {answer.next.region.name} from "
                     f"{when(answer.next.starts, answer.next.region.zone)}")
    return "\n".join(lines)


def clock_sentence(targets: PriorityTargets, region: SupportRegion) -> str:
    """Which time counts towards the initial response and the updates, in one sentence."""
    initial, updates = targets.initial_response, targets.updates
    first = f"The initial response is due {wording.duration(initial.duration)} after the report"
    then = f"each update {wording.duration(updates.duration)} after the one before"
    if initial.clock is updates.clock:
        return f"{first} and {then}, both {_on_clock(initial.clock, region)}."
    return f"{first} {_on_clock(initial.clock, region)}; {then} {_on_clock(updates.clock, region)}."


def _on_clock(clock: Clock, region: SupportRegion) -> str:
    holidays = region.holidays.name
    if clock is Clock.ALWAYS:
        counts = "every real minute counts, day and night"
    elif clock is Clock.BUSINESS_HOURS:
        hours = region.hours
        counts = (f"only {region.name} support hours count ({wording.days(hours.days)} "
                  f"{wording.window(hours)} {region.zone} time, not on {holidays})")
    else:
        counts = (f"only whole days Mon-Fri in {region.zone} that are not {holidays} count, "
                  "each as the real time it lasts")
    return f"on the {wording.CLOCK_WORDS[clock]} clock, where {counts}"


def when(instant: dt.datetime, zone_name: str) -> str:
    """'Fri 2026-11-27 11:30 PST (2026-11-27 19:30 UTC)'."""
    utc = f"{instant.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    if zone_name == "UTC":
        return utc
    return f"{instant.astimezone(zone(zone_name)):%a %Y-%m-%d %H:%M %Z} ({utc})"


def _on_duty(duty: OnDuty) -> list[str]:
    lines = [f"On duty: {duty.region.name} until {when(duty.until, duty.region.zone)}"]
    for number, contact in enumerate(duty.contacts, start=1):
        person = contact.person
        reach = [f"{p.label} {p.number}" for p in person.phones] + [person.email or ""]
        lines.append(f"  {number}. {contact.role}: {person.name}, "
                     + ", ".join(part for part in reach if part))
    if duty.vacant:
        lines.append(f"  Vacant in {duty.region.name}: {', '.join(duty.vacant)}")
    return lines
