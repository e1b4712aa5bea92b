"""The answers as JSON-able dicts: the CLI's ``--json`` and the browser widgets (under Pyodide)
call these same functions, so both get identical output. Instants are ISO-8601 UTC with Z;
``*_local`` fields repeat them in the region's zone with its offset."""

from __future__ import annotations

import datetime as dt

from . import wording
from .deadlines import DEFAULT_UPDATES, deadlines
from .escalation import EscalationAnswer, OnDuty, escalation, open_status
from .instants import aware, local_iso, utc_iso
from .model import Person, Policy, Target
from .text_answers import clock_sentence


def deadline_json(policy: Policy, priority_id: str, reported_at: dt.datetime, region_id: str,
                  updates: int = DEFAULT_UPDATES) -> dict:
    answer = deadlines(policy, priority_id, reported_at, region_id, updates)
    targets, region = answer.targets, answer.region
    return {
        "priority": {"id": targets.priority.id, "name": targets.priority.name},
        "region": {"id": region.id, "name": region.name, "zone": region.zone},
        "reported_at": utc_iso(answer.reported_at),
        "initial_response": {
            **_target(targets.initial_response),
            **_instant("due", answer.initial_response, region.zone),
        },
        "update_interval": {**_target(targets.updates), "until": targets.updates_until},
        "updates": [{"number": number, **_instant("due", due, region.zone)}
                    for number, due in enumerate(answer.updates, start=1)],
        "clock_sentence": clock_sentence(targets, region),
    }


def escalation_json(policy: Policy, tier_id: str, at: dt.datetime) -> dict:
    answer = escalation(policy, tier_id, at)
    return {
        "tier": {"id": answer.tier.id, "name": answer.tier.name},
        "at": utc_iso(answer.at),
        "instructions": policy.escalation.instructions,
        "on_duty": [_on_duty(duty) for duty in answer.on_duty],
        "next": _next(answer),
    }


def open_now_json(policy: Policy, at: dt.datetime) -> dict:
    """Each support region: open or closed at ``at``, and when that changes."""
    regions = []
    for region in policy.support_regions:
        status = open_status(policy, region.id, at)
        regions.append({"id": region.id, "name": region.name, "zone": region.zone,
                        "open": status.open,
                        **_instant("changes_at", status.changes_at, region.zone)})
    return {"at": utc_iso(aware(at)), "regions": regions}


def _target(target: Target) -> dict:
    return {
        "minutes": int(target.duration.total_seconds() // 60),
        "duration": wording.duration(target.duration),
        "clock": target.clock.value,
    }


def _instant(key: str, instant: dt.datetime, zone_name: str) -> dict:
    return {key: utc_iso(instant), f"{key}_local": local_iso(instant, zone_name)}


def _on_duty(duty: OnDuty) -> dict:
    return {
        "region": duty.region.id,
        "region_name": duty.region.name,
        "zone": duty.region.zone,
        **_instant("until", duty.until, duty.region.zone),
        "contacts": [{"role": contact.role, **_person(contact.person)}
                     for contact in duty.contacts],
        "vacant": list(duty.vacant),
        # Every role in escalation order, a vacant one with "name": null, for a display that
        # shows the gaps where they are.
        "chain": [{"role": contact.role, **_person(contact.person)} for contact in duty.chain],
    }


def _person(person: Person | None) -> dict:
    if person is None:
        return {"name": None, "title": None, "phones": [], "email": None}
    return {
        "name": person.name,
        "title": person.title,
        "phones": [{"label": p.label, "number": p.number, "tel": p.tel} for p in person.phones],
        "email": person.email,
    }


def _next(answer: EscalationAnswer) -> dict | None:
    if answer.next is None:
        return None
    region = answer.next.region
    return {"region": region.id, "region_name": region.name, "zone": region.zone,
            **_instant("from", answer.next.starts, region.zone)}
