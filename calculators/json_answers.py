"""The answers as JSON-able dicts: the CLI's ``--json`` and the browser widgets (under Pyodide)
call these same functions, so both get identical output. Instants are ISO-8601 UTC with Z;
``*_local`` fields repeat them in the region's zone with its offset.

Every answer names the site's readings it rests on (``calculators.readings``): ``readings``
lists them, each ``{"id", "number", "title", "confirmed"}``, and each part of the answer that
rests on some gives their ids in its own ``readings``. A due time or an escalation that falls
while every support office is closed has ``offices_closed`` (the office that opens first), and
the answer then gives ``routes_while_closed``, the routes the policy names besides the phones."""

from __future__ import annotations

import datetime as dt

from . import readings, wording
from .deadlines import DEFAULT_UPDATES, deadlines
from .escalation import (
    Contact, EscalationAnswer, Listing, NamedContact, NextShift, Routes, ShiftWindow, all_closed,
    case_tier_escalation, escalation, listings, next_first_listed_above, next_named,
    open_status)
from .errors import HolidaysUnknown
from .instants import aware, local_iso, utc_iso
from .model import Person, Phone, Policy, SupportRegion, Target
from .text_answers import (
    clock_sentence, escalation_summary, if_missed_sentence, title_beside,
    vacant_sentence)


def deadline_json(policy: Policy, priority_id: str, reported_at: dt.datetime, region_id: str,
                  updates: int = DEFAULT_UPDATES, now: dt.datetime | None = None) -> dict:
    """The due times, and with them the rest of what the reader asks at once: ``reach``, how
    to reach support at ``now`` (the time reported unless given), and ``if_missed``, whom to
    escalate to when the initial response is not in by its due time."""
    answer = deadlines(policy, priority_id, reported_at, region_id, updates)
    targets, region = answer.targets, answer.region
    closed = _Closed(policy)
    result = {
        "priority": {"id": targets.priority.id, "name": targets.priority.name},
        "region": {"id": region.id, "name": region.name, "zone": region.zone},
        "reported_at": utc_iso(answer.reported_at),
        "initial_response": {
            **_target(targets.initial_response, region),
            **_instant("due", answer.initial_response, region.zone),
            "offices_closed": closed.at(answer.initial_response),
        },
        "update_interval": {**_target(targets.updates, region), "until": targets.updates_until},
        "updates": [{"number": number, **_instant("due", due, region.zone),
                     "offices_closed": closed.at(due)}
                    for number, due in enumerate(answer.updates, start=1)],
        "clock_sentence": clock_sentence(targets, region),
        "reach": _reach(policy, aware(now) if now else answer.reported_at, closed),
        "if_missed": _if_missed(policy, answer.initial_response),
    }
    ids = (readings.deadline_ids(targets, region, bool(answer.updates)) + closed.ids
           + tuple(i for part in (result["reach"], result["if_missed"]) if part
                   for i in part["readings"]))
    return {**result, "routes_while_closed": closed.routes, "readings": readings.as_json(policy, ids)}


def _reach(policy: Policy, at: dt.datetime, closed: _Closed) -> dict | None:
    """The support lines open at ``at``, each with its phones and when it closes; none open,
    ``offices_closed`` says which opens first (and the answer gives the routes the policy
    names then). Null where the offices' holidays are not known."""
    try:
        statuses = [(region, open_status(policy, region.id, at))
                    for region in policy.support_regions]
    except (HolidaysUnknown, OverflowError):
        return None
    lines = [{**_region(region), **_instant("until", status.changes_at, region.zone),
              "phones": _phones(region.phones)}
             for region, status in statuses if status.open]
    return {"at": utc_iso(at), "open": lines,
            "offices_closed": None if lines else closed.at(at),
            "readings": list(readings.offices_ids(policy))}


def _if_missed(policy: Policy, due: dt.datetime) -> dict | None:
    """Whom a customer escalates to if the initial response is missed: the first named person
    on duty then in the tier the data gives (a reading), or the next shift's first. Null when
    the data names no such tier."""
    answer = case_tier_escalation(policy, due)
    if answer is None:
        return None
    first = answer.first
    on_duty = None
    if first is not None:
        duty, contact = first
        on_duty = {**_contact(contact), "region_name": duty.region.name,
                   "zone": duty.region.zone, **_instant("until", duty.until, duty.region.zone)}
    return {"tier": {"id": answer.tier.id, "name": answer.tier.name},
            "at": utc_iso(due),
            "sentence": if_missed_sentence(answer),
            "on_duty": on_duty,
            "next": _next(next_named(answer), False),
            "readings": list(readings.case_tier_ids(policy))}



def escalation_json(policy: Policy, tier_id: str, at: dt.datetime) -> dict:
    """``instructions`` is the route the policy names first (the Escalate Case button), for
    every answer to lead with. ``summary`` and ``routes`` are null when someone named is on
    duty: ``on_duty`` then follows, each region's ``contacts`` (named people, in escalation
    order) first. No person is named twice: a region's ``contacts`` leave out anyone named
    under an earlier region, whose roles ``listed_above`` gives, and ``next.first`` has
    ``listed_above`` true when its person is among the routes. Otherwise ``summary`` says so in
    one sentence and ``routes`` gives the ways that exist."""
    answer = escalation(policy, tier_id, at)
    closed = _Closed(policy)
    offices_closed = closed.at(answer.at)
    # Open support lines among the routes rest on the offices' hours and holidays too.
    ids = readings.tier_ids(answer.tier) + (
        readings.offices_ids(policy) if answer.routes and answer.routes.support_lines else ())
    return {
        "tier": {"id": answer.tier.id, "name": answer.tier.name},
        "at": utc_iso(answer.at),
        "instructions": policy.escalation.instructions,
        "summary": escalation_summary(answer),
        "on_duty": [_on_duty(listing) for listing in listings(answer)],
        "routes": _routes(answer.routes),
        "next": _next(answer.next, next_first_listed_above(answer)),
        "offices_closed": offices_closed,
        "routes_while_closed": closed.routes,
        "readings": readings.as_json(policy, ids + closed.ids),
    }


def open_now_json(policy: Policy, at: dt.datetime) -> dict:
    """Each support region: open or closed at ``at``, when that changes, and its phones.
    When none is open, ``next_open`` is the region that opens first and ``out_of_hours`` the
    data's instruction for that time (null when the data has none)."""
    regions = []
    for region in policy.support_regions:
        status = open_status(policy, region.id, at)
        regions.append({"id": region.id, "name": region.name, "zone": region.zone,
                        "open": status.open,
                        **_instant("changes_at", status.changes_at, region.zone),
                        "phones": _phones(region.phones)})
    closed = not any(region["open"] for region in regions)
    # min() keeps the first of equal openings: ties go to the policy's order.
    first = min(regions, key=lambda region: region["changes_at"]) if closed else None
    return {
        "at": utc_iso(aware(at)),
        "regions": regions,
        "next_open": {key: first[key] for key in ("id", "name", "zone", "changes_at",
                                                  "changes_at_local")} if first else None,
        "out_of_hours": policy.out_of_hours if closed else None,
        "readings": readings.as_json(policy, readings.offices_ids(policy)),
    }


class _Closed:
    """Whether every support office is closed at the instants an answer names; what that
    statement rests on, and the routes the answer then gives, once it has been made."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.ids: tuple[str, ...] = ()
        self.routes: str | None = None

    def at(self, instant) -> dict | None:
        closed = all_closed(self.policy, instant)
        if closed is None:
            return None
        self.ids = readings.offices_ids(self.policy)
        self.routes = self.policy.out_of_hours
        first = closed.next_open.region
        return {"next_open": {"id": first.id, "name": first.name, "zone": first.zone,
                              **_instant("at", closed.next_open.changes_at, first.zone)},
                "readings": list(self.ids)}


def _target(target: Target, region: SupportRegion) -> dict:
    return {
        "minutes": int(target.duration.total_seconds() // 60),
        "duration": wording.duration(target.duration),
        "clock": target.clock.value,
        "readings": list(dict.fromkeys(readings.target_ids(target, region))),
    }


def _instant(key: str, instant: dt.datetime, zone_name: str) -> dict:
    return {key: utc_iso(instant), f"{key}_local": local_iso(instant, zone_name)}


def _on_duty(listing: Listing) -> dict:
    duty = listing.duty
    return {
        "region": duty.region.id,
        "region_name": duty.region.name,
        "zone": duty.region.zone,
        **_instant("until", duty.until, duty.region.zone),
        "contacts": [_contact(contact) for contact in listing.contacts],
        "listed_above": list(listing.listed_above),
        "vacant": list(duty.vacant),
        "vacant_sentence": vacant_sentence(duty),
        # Every role in escalation order, a vacant one with "name": null, for a display that
        # shows the gaps where they are.
        "chain": [_contact(contact) for contact in duty.chain],
    }


def _contact(contact: Contact) -> dict:
    return {"role": contact.role, **_person(contact.person, (contact.role,))}


def _person(person: Person | None, roles: tuple[str, ...]) -> dict:
    """``title`` is null when it would only repeat the role the person is listed under."""
    if person is None:
        return {"name": None, "title": None, "phones": [], "email": None}
    return {
        "name": person.name,
        "title": title_beside(person, roles),
        "phones": _phones(person.phones),
        "email": person.email,
    }


def _phones(phones: tuple[Phone, ...]) -> list[dict]:
    return [{"label": p.label, "number": p.number, "tel": p.tel} for p in phones]


def _routes(routes: Routes | None) -> dict | None:
    if routes is None:
        return None
    return {
        "escalate_case": routes.escalate_case,
        "people": [_named(named) for named in routes.people],
        "support_lines": [{**_region(line.region), **_instant("until", line.until,
                                                              line.region.zone),
                           "phones": _phones(line.region.phones)}
                          for line in routes.support_lines],
    }


def _named(named: NamedContact) -> dict:
    return {"roles": list(named.roles), **_person(named.person, named.roles),
            "shifts": [_shift(shift) for shift in named.shifts]}


def _shift(shift: ShiftWindow) -> dict:
    region = shift.region
    return {"region": region.id, "region_name": region.name, "zone": region.zone,
            "on_shift": shift.on_shift, **_instant("from", shift.opens, region.zone),
            **_instant("until", shift.closes, region.zone)}


def _region(region: SupportRegion) -> dict:
    return {"region": region.id, "region_name": region.name, "zone": region.zone}


def _next(following: NextShift | None, listed_above: bool) -> dict | None:
    if following is None:
        return None
    region = following.region
    first = following.first
    return {"region": region.id, "region_name": region.name, "zone": region.zone,
            **_instant("from", following.starts, region.zone),
            "first": {**_contact(first), "listed_above": listed_above} if first else None}
