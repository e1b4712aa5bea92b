"""Facts about valid data that are probably unintended: warnings for staff, each at the place in
the file that causes it. They never stop a build; ``--strict-warnings`` makes them errors."""

from __future__ import annotations

import datetime as dt

from calculators import coverage, readings
from calculators.model import Clock, Policy

from .schema import Fields, Problem

YEARS_AHEAD = 365  # days: holiday years must reach at least this far beyond today


def warnings(files: dict[str, Fields], policy: Policy, paths: dict[str, str],
             today: dt.date) -> list[Problem]:
    """Every warning for the data read into ``files`` (the validated records) and ``policy``."""
    contacts, slt = files["contacts.yaml"], files["slt.yaml"]
    found: list[Problem] = []

    def warn(file: str, fields: Fields, key: str, message: str) -> None:
        mark = fields.where(key).start_mark
        found.append(Problem(paths[file], mark.line + 1, mark.column + 1, f"warning: {message}"))

    escalation = contacts["escalation"]
    for tier, record in zip(policy.escalation.tiers, escalation["tiers"]):
        uncovered = coverage.seasonal_gaps(coverage.tier_week(tier), today)
        if uncovered:
            warn("contacts.yaml", record, "shifts",
                 f"{tier.name} has nobody on duty {uncovered}; a partner escalating then "
                 "reaches no one")
        unnamed = [shift.region for shift in tier.shifts
                   if all(role.holder(shift.region.id) is None for role in tier.roles)]
        if len(unnamed) == len(tier.shifts):
            # One fact, said once: every role and every region would otherwise repeat it.
            warn("contacts.yaml", record, "roles",
                 f"{tier.name} names nobody in any region: every role is vacant")
            continue
        for role, role_record in zip(tier.roles, record["roles"]):
            if all(holder.person is None for holder in role.holders):
                warn("contacts.yaml", role_record, "role",
                     f"{tier.name}: {role.name} is vacant in every region")
        for region in unnamed:
            warn("contacts.yaml", record["shifts"], region.id,
                 f"{tier.name} in {region.name}: every role is vacant, so its shift names "
                 "nobody to escalate to")

    named = {holder.person.id for tier in policy.escalation.tiers for role in tier.roles
             for holder in role.holders if holder.person is not None}
    for person in escalation["people"]:
        if person["id"] not in named:
            warn("contacts.yaml", person, "id",
                 f"{person['name']} ({person['id']}) is listed but no role names them")

    years = contacts["holiday_years"]
    if dt.date(years["last"], 12, 31) < today + dt.timedelta(days=YEARS_AHEAD):
        warn("contacts.yaml", years, "last",
             f"holidays are known only until the end of {years['last']}, within 12 months of "
             f"today ({today.isoformat()}); deadlines after it will be refused: raise last")

    closed = coverage.seasonal_gaps([(r.hours, r.zone, None) for r in policy.support_regions],
                                    today, weekend_only=True)
    if closed:
        for targets, record in zip(policy.service_levels.targets, slt["plan"]["targets"]):
            for name, target, key in (("initial response counts", targets.initial_response,
                                       "initial_response"),
                                      ("updates count", targets.updates, "updates")):
                if target.clock is Clock.ALWAYS:
                    warn("slt.yaml", record[key], "clock",
                         f"{targets.priority.id} {name} 24x7, but every support office "
                         f"is closed {closed}")
    used = readings.used_ids(policy)
    for reading, record in zip(policy.readings, files["readings.yaml"]["readings"]):
        if reading.id not in used:
            warn("readings.yaml", record, "id",
                 f"reading {reading.id} is named by no data, so no answer rests on it; name it "
                 f"with readings: [{reading.id}] where the data follows it, or remove it")
        if not reading.confirmed:
            warn("readings.yaml", record, "confirmed",
                 f"reading {reading.id} ({reading.title}) is not confirmed by the policy owner, "
                 "so the site marks every answer resting on it as its own reading; once the "
                 "owner confirms it, write confirmed: {by: <name>, date: <YYYY-MM-DD>}")
    return sorted(found, key=lambda p: (p.path, p.line, p.column))
