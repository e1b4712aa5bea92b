"""The answers in words, for people at a terminal: each time in the region's zone and in UTC,
and one sentence on the clock that counted. A line that rests on a reading the policy owner
has not confirmed ends with its mark, "[reading 3]", and the answer ends with those readings."""

from __future__ import annotations

import datetime as dt

from collections.abc import Iterable

from . import readings, time_words, wording
from .deadlines import Deadlines
from .escalation import (
    Contact, EscalationAnswer, Listing, NamedContact, NextShift, OnDuty, Routes, all_closed,
    case_tier_escalation, listings, next_first_listed_above, next_named)
from .instants import UTC
from .model import Clock, Person, Policy, PriorityTargets, SupportRegion


def deadline_text(policy: Policy, answer: Deadlines) -> str:
    targets, region = answer.targets, answer.region
    closed = _Closed(policy)
    words = time_words.words(policy)
    lines = [
        f"{targets.priority.id} ({targets.priority.name}) in the {region.name} support region, "
        f"reported {when(answer.reported_at, region.zone, words)}",
        f"Initial response due {when(answer.initial_response, region.zone, words, end=True)}"
        + _mark(policy, readings.target_ids(targets.initial_response, region)),
        *closed.lines(answer.initial_response, "then"),
    ]
    update_ids = readings.target_ids(targets.updates, region)
    for number, due in enumerate(answer.updates, start=1):
        lines.append(f"Update {number} due {when(due, region.zone, words, end=True)}"
                     + _mark(policy, update_ids))
        lines += closed.lines(due, "then")
    lines.append(clock_sentence(targets, region))
    if answer.updates and targets.updates_until:
        lines.append(f"Updates continue until {targets.updates_until}.")
    lines += closed.routes()
    ids = readings.deadline_ids(targets, region, bool(answer.updates)) + closed.ids
    missed = case_tier_escalation(policy, answer.initial_response)
    if missed is not None:
        missed_ids = readings.case_tier_ids(policy)
        lines.append(if_missed_sentence(missed) + "." + _mark(policy, missed_ids))
        following = next_named(missed)
        if following is not None:
            lines.append(_next_line(following, words))
        ids += missed_ids
    return "\n".join(lines + readings_lines(policy, ids))


def escalation_text(policy: Policy, answer: EscalationAnswer) -> str:
    """First the route the policy names first, the Escalate Case button. Someone named on
    duty: each region on duty, its named people (each person named once in the answer).
    Otherwise one sentence saying so, then the other routes that exist, then who is first when
    the next shift starts. Every support office closed: a line says so, with the routes the
    policy names then."""
    closed = _Closed(policy)
    words = time_words.words(policy)
    tier_ids = readings.tier_ids(answer.tier)
    lines = [f"{answer.tier.name} at {when(answer.at, 'UTC', words)}" + _mark(policy, tier_ids),
             f"Escalate Case: {policy.escalation.instructions}",
             *closed.lines(answer.at, "now")]
    summary = escalation_summary(answer)
    if summary:
        lines.append(summary)
    for listing in listings(answer):
        lines += _on_duty(listing, words)
    if answer.routes is not None:
        lines += _routes(answer.routes, words)
    if answer.next is not None:
        lines.append(_next_line(answer.next, words, next_first_listed_above(answer)))
    lines += closed.routes()
    lines_ids = readings.offices_ids(policy) if answer.routes and answer.routes.support_lines \
        else ()
    return "\n".join(lines + readings_lines(policy, tier_ids + lines_ids + closed.ids))


def readings_lines(policy: Policy, ids: Iterable[str]) -> list[str]:
    """The readings an answer rests on: those not confirmed (each marked above), then those
    the policy owner confirmed."""
    rested = readings.ordered(policy, ids)
    lines = []
    open_ones = [reading for reading in rested if not reading.confirmed]
    if open_ones:
        lines.append("Rests on the site's readings of the policy, not confirmed by the policy "
                     "owner (see \"How the answers are worked out\"):")
        lines += [f"  reading {readings.number(policy, r.id)}: {r.title}" for r in open_ones]
    confirmed = [reading for reading in rested if reading.confirmed]
    if confirmed:
        lines.append("Rests on readings the policy owner confirmed:")
        lines += [f"  {r.title} (confirmed by {r.confirmed_by} on {r.confirmed_on})"
                  for r in confirmed]
    return lines


def _mark(policy: Policy, ids: Iterable[str]) -> str:
    """' [readings 1, 4]' for the unconfirmed readings of ``ids``; '' when there are none."""
    numbers = [str(readings.number(policy, r.id)) for r in readings.unconfirmed(policy, ids)]
    if not numbers:
        return ""
    return f" [reading{'s' * (len(numbers) > 1)} {', '.join(numbers)}]"


class _Closed:
    """Lines saying that every support office is closed at an instant of the answer, and the
    routes the policy names for such times, given once after the answer."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.seen = False  # some instant of the answer falls while every office is closed
        self.ids: tuple[str, ...] = ()

    def lines(self, instant, when_word: str) -> list[str]:
        closed = all_closed(self.policy, instant)
        if closed is None:
            return []
        self.seen = True
        self.ids = readings.offices_ids(self.policy)
        first = closed.next_open
        return [f"  Every support office is closed {when_word}; the first to open is "
                f"{first.region.name}, "
                f"{when(first.changes_at, first.region.zone, time_words.words(self.policy))}"
                + _mark(self.policy, self.ids)]

    def routes(self) -> list[str]:
        if not self.seen or not self.policy.out_of_hours:
            return []
        return [f"While every office is closed: {self.policy.out_of_hours}"]


def escalation_summary(answer: EscalationAnswer) -> str | None:
    """One plain sentence when no named person is on duty; None when someone is."""
    if answer.first is not None:
        return None
    if not answer.on_duty:
        return f"Nobody in {answer.tier.name} is on duty at this time."
    regions = _and([duty.region.name for duty in answer.on_duty])
    return f"Nobody named is on duty in {answer.tier.name}: every role in {regions} is vacant."


def if_missed_sentence(answer: EscalationAnswer) -> str:
    """Whom to escalate to if the initial response is missed, for an escalation ``answer`` at
    its due time: the route the policy names first, then the first named person on duty. No
    full stop: the person's phones may follow."""
    lead = ("If the initial response is missed, escalate with the Escalate Case button in the "
            "Support Portal")
    first = answer.first
    if first is None:
        return f"{lead}; nobody named in {answer.tier.name} is on duty then"
    duty, contact = first
    return (f"{lead}; the first named person on duty then in {answer.tier.name} is "
            f"{contact.person.name} ({contact.role}, {duty.region.name} shift)")


def vacant_sentence(duty: OnDuty) -> str | None:
    """The vacant roles of a region that names someone, in one short line."""
    if not duty.contacts or not duty.vacant:
        return None
    return f"Vacant in {duty.region.name}: {', '.join(duty.vacant)}."


def title_beside(person: Person, roles: tuple[str, ...]) -> str | None:
    """The person's job title, unless it only repeats a role they are listed under."""
    return None if person.title in roles else person.title


def clock_sentence(targets: PriorityTargets, region: SupportRegion) -> str:
    """Which time counts towards the initial response and the updates, in one sentence. The
    clocks are the site's counting of the policy's targets (readings.yaml), and it says so."""
    initial, updates = targets.initial_response, targets.updates
    first = f"The initial response is due {wording.duration(initial.duration)} after the report"
    then = f"each update {wording.duration(updates.duration)} after the one before"
    if initial.clock is updates.clock:
        return f"{first} and {then}; the site counts both {_on_clock(initial.clock, region)}."
    return (f"{first} and {then}; the site counts the initial response "
            f"{_on_clock(initial.clock, region)}, and the updates "
            f"{_on_clock(updates.clock, region)}.")


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


def when(instant: dt.datetime, zone_name: str, words: time_words.TimeWords | None = None, *,
         end: bool = False) -> str:
    """'Fri 27 Nov 2026, 11:30 PST (Fri 27 Nov 2026, 19:30 UTC)'; ``end`` (a due time, an
    "until") at local midnight: 'end of Thu 31 Dec 2026 (24:00 PST; Fri 1 Jan 2027, 08:00 UTC)'.
    The words follow :mod:`calculators.time_words`."""
    words = words or time_words.TimeWords()
    main = words.end(instant, zone_name) if end else words.at(instant, zone_name)
    if zone_name == "UTC":
        return main
    utc = words.at(instant.astimezone(UTC), "UTC")
    if main.endswith(")"):  # the end of a day names its label in parentheses already
        return f"{main[:-1]}; {utc})"
    return f"{main} ({utc})"


def _next_line(following: NextShift, words: time_words.TimeWords,
               listed_above: bool = False) -> str:
    if following.first is None:
        first = "every role there is vacant."
    elif listed_above:
        first = f"first: {following.first.role}, named above."
    else:
        first = f"first: {_contact(following.first)}"
    return (f"Next on duty: {following.region.name} from "
            f"{when(following.starts, following.region.zone, words)}; {first}")


def _on_duty(listing: Listing, words: time_words.TimeWords) -> list[str]:
    duty = listing.duty
    until = when(duty.until, duty.region.zone, words, end=True)
    lines = [f"On duty: {duty.region.name} until {until}"]
    lines += [f"  {number}. {_contact(contact)}"
              for number, contact in enumerate(listing.contacts, start=1)]
    if listing.listed_above:
        lines.append(f"  {_and(list(listing.listed_above))}: named above.")
    vacant = vacant_sentence(duty)
    if vacant:
        lines.append(f"  {vacant}")
    return lines


def _routes(routes: Routes, words: time_words.TimeWords) -> list[str]:
    if not routes.people and not routes.support_lines:
        return []
    lines = ["Other routes:"]
    for named in routes.people:
        lines.append(f"  {_named(named)}")
        for shift in named.shifts:
            zone_name = shift.region.zone
            span = (f"on shift now, until {when(shift.closes, zone_name, words, end=True)}"
                    if shift.on_shift
                    else f"next shift from {when(shift.opens, zone_name, words)} to "
                         f"{when(shift.closes, zone_name, words, end=True)}")
            lines.append(f"    {shift.region.name}: {span}")
    for line in routes.support_lines:
        phones = ", ".join(f"{p.label} {p.number}" for p in line.region.phones)
        lines.append(f"  Support line, {line.region.name}, open until "
                     f"{when(line.until, line.region.zone, words, end=True)}: {phones}")
    return lines


def _contact(contact: Contact) -> str:
    return f"{contact.role}: {_reach(contact.person, (contact.role,))}"


def _named(named: NamedContact) -> str:
    return f"{', '.join(named.roles)}: {_reach(named.person, named.roles)}"


def _reach(person: Person, roles: tuple[str, ...]) -> str:
    title = title_beside(person, roles)
    name = f"{person.name} ({title})" if title else person.name
    reach = [f"{p.label} {p.number}" for p in person.phones] + [person.email or ""]
    return ", ".join([name, *(part for part in reach if part)])


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
