"""The answers in words, for people at a terminal: each time in the region's zone and in UTC,
and one sentence on the clock that counted."""

from __future__ import annotations

import datetime as dt

from . import wording
from .deadlines import Deadlines
from .escalation import EscalationAnswer, OnDuty
from .instants import UTC, zone
from .model import Clock, SupportRegion, Target


def deadline_text(answer: Deadlines) -> str:
    targets, region = answer.targets, answer.region
    lines = [
        f"{targets.priority.id} ({targets.priority.name}) in the {region.name} support region, "
        f"reported {when(answer.reported_at, region.zone)}",
        f"Initial response due {when(answer.initial_response, region.zone)}",
        "  " + _counted("Within", targets.initial_response, region),
    ]
    if answer.updates:
        lines.append("  " + _counted("Updates every", targets.updates, region))
        lines += [f"Update {number} due {when(due, region.zone)}"
                  for number, due in enumerate(answer.updates, start=1)]
        if targets.updates_until:
            lines.append(f"  Updates continue until {targets.updates_until}.")
    return "\n".join(lines)


def escalation_text(answer: EscalationAnswer) -> str:
    lines = [f"{answer.tier.name} at {when(answer.at, 'UTC')}"]
    for duty in answer.on_duty:
        lines += _on_duty(duty)
    if answer.next is not None:
        lines.append(f"Nobody is on duty. Next on duty: {answer.next.region.name} from "
                     f"{when(answer.next.starts, answer.next.region.zone)}")
    return "\n".join(lines)


def clock_sentence(clock: Clock, region: SupportRegion) -> str:
    """What counts on ``clock`` for a case of ``region``, in one sentence."""
    holidays = f"{region.holidays.source} holidays"
    if clock is Clock.ALWAYS:
        return "every real minute counts, day and night, weekends and holidays included."
    if clock is Clock.BUSINESS_HOURS:
        hours = region.hours
        return (f"only {region.name} support hours count, {wording.days(hours.days)} "
                f"{wording.window(hours)} {region.zone} time, not on {holidays}.")
    return (f"only whole days Mon-Fri in {region.zone} count, not {holidays}; "
            "each such day counts as the real time it lasts.")


def when(instant: dt.datetime, zone_name: str) -> str:
    """'Fri 2026-11-27 11:30 PST (2026-11-27 19:30 UTC)'."""
    utc = f"{instant.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    if zone_name == "UTC":
        return utc
    return f"{instant.astimezone(zone(zone_name)):%a %Y-%m-%d %H:%M %Z} ({utc})"


def _counted(lead: str, target: Target, region: SupportRegion) -> str:
    return (f"{lead} {wording.duration(target.duration)} on the "
            f"{wording.CLOCK_WORDS[target.clock]} clock: {clock_sentence(target.clock, region)}")


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
