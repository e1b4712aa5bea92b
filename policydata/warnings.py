"""Facts about valid data that are probably unintended: warnings for staff, each at the place in
the file that causes it. They never stop a build; ``--strict-warnings`` makes them errors."""

from __future__ import annotations

import datetime as dt

from calculators import coverage, readings, wording
from calculators.model import WEEKDAYS, Clock, Policy

from .schema import Fields, Problem

UTC = dt.timezone.utc
# Gaps move with daylight saving time: one week in each half of the year shows both patterns.
SEASONS = (("January", 1), ("July", 7))
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
        schedules = [(shift.hours, shift.region.zone, None) for shift in tier.shifts]
        uncovered = _seasonal_gaps(schedules, today)
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

    closed = _seasonal_gaps([(r.hours, r.zone, None) for r in policy.support_regions], today,
                            weekend_only=True)
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


def _seasonal_gaps(schedules, today: dt.date, *, weekend_only: bool = False) -> str:
    """The schedules' weekly gaps in UTC, in words, for a week of each season; '' if none."""
    said: dict[str, list[str]] = {}
    for season, month in SEASONS:
        year = today.year + (month <= today.month)  # the next such month
        monday = dt.date(year, month, 8)
        monday -= dt.timedelta(days=monday.weekday())
        start = dt.datetime.combine(monday, dt.time(0), tzinfo=UTC)
        spans = coverage.weekly_gaps(schedules, start)
        if weekend_only:
            spans = tuple(span for span in spans if _touches_weekend(span))
        if spans:
            said.setdefault(_spans_words(spans), []).append(season)
    if len(said) == 1 and len(next(iter(said.values()))) == len(SEASONS):
        return f"every week {next(iter(said))}"
    return "; ".join(f"in {' and '.join(seasons)} {words}" for words, seasons in said.items())


def _touches_weekend(span: tuple[int, int]) -> bool:
    saturday, monday = 5 * 1440, 7 * 1440
    return span[0] < monday and span[1] > saturday


def _spans_words(spans: tuple[tuple[int, int], ...]) -> str:
    """'Mon-Fri 06:00-08:00 and Sat 02:00 - Sun 21:00 UTC': spans inside one day grouped by
    their hours, longer ones from day and time to day and time."""
    by_hours: dict[tuple[int, int], set[int]] = {}
    longer = []
    for start, end in spans:
        day, start_minute = divmod(start, 1440)
        if end - day * 1440 <= 1440:
            by_hours.setdefault((start_minute, end - day * 1440), set()).add(day % 7)
        else:
            longer.append(f"{_day_time(start)} - {_day_time(end)}")
    parts = [f"{wording.days(frozenset(days))} {_time(start)}-{_time(end)}"
             for (start, end), days in by_hours.items()]
    return f"{' and '.join(parts + longer)} UTC"


def _day_time(minutes: int) -> str:
    day, minute = divmod(minutes, 1440)
    return f"{WEEKDAYS[day % 7].capitalize()} {_time(minute)}"


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
