"""Which of the site's readings (``model.Reading``) each answer, table and chart rests on.

The data names a reading where it rests on it: on a target, a support region, its holidays, an
escalation region, a shift or a role. An answer rests on the readings of every piece of data
its calculation consults, so the rules here follow the calculators: a due time counted on a
regional clock consults the region's hours and holidays; who is on duty consults every shift
of the tier, its regions' zones and where its roles' holders are placed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Clock, Policy, PriorityTargets, Reading, SupportRegion, Target, Tier

# The pages an effect is shown on, by their docs file.
SERVICE_LEVELS, CONTACT, ESCALATION = "service-levels.md", "contact.md", "escalation.md"


def ordered(policy: Policy, ids: Iterable[str]) -> tuple[Reading, ...]:
    """The readings of ``ids``, each once, in the order readings.yaml lists them. An id the
    policy does not define (a policy.json published before readings) is left out."""
    wanted = set(ids)
    return tuple(reading for reading in policy.readings if reading.id in wanted)


def number(policy: Policy, reading_id: str) -> int:
    """The reading's number, as its marks and the readings page show it: 1 for the first."""
    return next(index for index, reading in enumerate(policy.readings, start=1)
                if reading.id == reading_id)


def as_json(policy: Policy, ids: Iterable[str]) -> list[dict]:
    """The readings of ``ids`` as answers list them: ``{"id", "number", "title", "confirmed"}``."""
    return [{"id": reading.id, "number": number(policy, reading.id), "title": reading.title,
             "confirmed": reading.confirmed}
            for reading in ordered(policy, ids)]


def unconfirmed(policy: Policy, ids: Iterable[str]) -> tuple[Reading, ...]:
    """The readings of ``ids`` that carry a mark: those the policy owner has not confirmed."""
    return tuple(reading for reading in ordered(policy, ids) if not reading.confirmed)


def region_ids(region: SupportRegion) -> tuple[str, ...]:
    """What whether a support region is open rests on: its zone and hours, and its holidays."""
    return region.readings + region.holidays.readings


def offices_ids(policy: Policy) -> tuple[str, ...]:
    """What "is any support office open?" rests on: every region's hours and holidays."""
    return tuple(dict.fromkeys(i for region in policy.support_regions for i in region_ids(region)))


def target_ids(target: Target, region: SupportRegion) -> tuple[str, ...]:
    """What a due time counted on ``target`` in ``region`` rests on."""
    regional = region_ids(region) if target.clock is not Clock.ALWAYS else ()
    return target.readings + regional


def deadline_ids(targets: PriorityTargets, region: SupportRegion, updates: bool) -> tuple[str, ...]:
    return target_ids(targets.initial_response, region) + (
        target_ids(targets.updates, region) if updates else ())


def shifts_ids(tier: Tier) -> tuple[str, ...]:
    """What when a tier is on duty rests on: its shifts' days and hours, its regions' zones."""
    return tuple(dict.fromkeys(i for shift in tier.shifts
                               for i in shift.readings + shift.region.readings))


def tier_ids(tier: Tier) -> tuple[str, ...]:
    """What who is on duty in a tier, and whom to call, rests on: when it is on duty, and where
    each role's holders are placed."""
    return shifts_ids(tier) + tuple(i for role in tier.roles for i in role.readings)


def case_tier_ids(policy: Policy) -> tuple[str, ...]:
    """What the Service levels answer's "if it is missed" line rests on: which tier a customer
    escalates in, and who is on duty in it."""
    case_tier = policy.escalation.case_tier
    if case_tier is None:
        return ()
    return tuple(dict.fromkeys(case_tier.readings + tier_ids(policy.tier(case_tier.tier_id))))


def used_ids(policy: Policy) -> frozenset[str]:
    """Every reading some piece of data names."""
    levels = policy.service_levels
    ids = {i for targets in levels.targets
           for i in targets.initial_response.readings + targets.updates.readings}
    ids.update(offices_ids(policy))
    for tier in policy.escalation.tiers:
        ids.update(tier_ids(tier))
    ids.update(case_tier_ids(policy))
    return frozenset(ids)


@dataclass(frozen=True, slots=True, kw_only=True)
class Effect:
    """Something a reader sees that rests on a reading: on ``page``, in words."""

    page: str  # the docs file it is on
    what: str


def effects(policy: Policy) -> dict[str, tuple[Effect, ...]]:
    """Reading id -> what it affects, in the order the pages show it; each effect once."""
    found: dict[str, dict[Effect, None]] = {reading.id: {} for reading in policy.readings}

    def add(ids: Iterable[str], page: str, what: str) -> None:
        for reading_id in ids:
            found.setdefault(reading_id, {})[Effect(page=page, what=what)] = None

    regional_targets = []
    for targets in policy.service_levels.targets:
        pid = targets.priority.id
        add(targets.initial_response.readings, SERVICE_LEVELS,
            f"{pid}: the initial response target, its due time and its calendar")
        add(targets.updates.readings, SERVICE_LEVELS,
            f"{pid}: the update target, the update due times and their calendar")
        for target in (targets.initial_response, targets.updates):
            if target.clock is not Clock.ALWAYS:
                regional_targets.append(pid)
    for region in policy.support_regions:
        add(region_ids(region), CONTACT,
            f"{region.name}: support hours, office holidays, \"Open now?\", the week chart "
            "and the calendars")
        if regional_targets:
            add(region_ids(region), SERVICE_LEVELS,
                f"{region.name}: due times of {', '.join(dict.fromkeys(regional_targets))} "
                "counted on its hours or business days")
    all_closed = offices_ids(policy)
    add(all_closed, SERVICE_LEVELS, "how to reach support now, and whether every support "
        "office is closed at a due time")
    add(case_tier_ids(policy), SERVICE_LEVELS,
        "whom to escalate to if the initial response is missed")
    add(all_closed, ESCALATION, "whether every support office is closed at an escalation")
    for tier in policy.escalation.tiers:
        add(tier_ids(tier), ESCALATION,
            f"{tier.name}: who is on duty, whom to call, the tier's table, week chart and "
            "calendar")
        add(shifts_ids(tier), ESCALATION,
            f"{tier.name}: the hours with nobody on duty, beside the policy's \"around the "
            "clock\"")
    return {reading_id: tuple(effects) for reading_id, effects in found.items()}
