"""What an edit changes for readers, in words: every fact a reader sees, flattened to
``"where: value"`` pairs, then compared between the published policy and the edited one."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from calculators import readings, wording
from calculators.call_report import sample_requirements
from calculators.model import AnswerChoices, HolidayCalendar, Policy, Reading, Target, WeeklyHours

if TYPE_CHECKING:
    from policydata.schema import Problem

VACANT = "vacant"
DATE = "policy last updated"

# The pages facts show on, by their docs file (as calculators.readings names its three); the
# titles readers know them by are the navigation's (page_titles). The policy's date shows at
# the foot of every page.
OVERVIEW, RESPONSIBILITIES, CALL_QUALITY, READINGS = (
    "index.md", "responsibilities.md", "call-quality.md", "readings.md")
SERVICE_LEVELS, CONTACT, ESCALATION = readings.SERVICE_LEVELS, readings.CONTACT, readings.ESCALATION
EVERY_PAGE = "*"
PAGES = (EVERY_PAGE, OVERVIEW, RESPONSIBILITIES, SERVICE_LEVELS, CONTACT, ESCALATION,
         CALL_QUALITY, READINGS)


MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"


def page_titles(config: Path = MKDOCS_YML) -> dict[str, str]:
    """Each page's title as the navigation shows it (``nav:`` in mkdocs.yml), by docs file,
    e.g. 'contact.md': 'Contact'; the footer, on every page, as EVERY_PAGE. A page the
    navigation leaves out is named by its file."""
    titles = {page: page for page in PAGES}
    titles[EVERY_PAGE] = "Every page (the footer)"

    def visit(items) -> None:
        for item in items if isinstance(items, list) else ():
            for title, target in item.items() if isinstance(item, dict) else ():
                if isinstance(target, str):
                    titles[target] = str(title)
                else:
                    visit(target)  # a section of the navigation

    visit((yaml.load(config.read_text(encoding="utf-8"), _Config) or {}).get("nav"))
    return titles


class _Config(yaml.SafeLoader):
    """mkdocs.yml as plain YAML: a tag MkDocs reads (``!ENV``, ``!!python/name:``) is None."""


_Config.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True, slots=True)
class Fact:
    """What a reader sees (``value``), on which page, and the readings it rests on (ids)."""

    value: str
    page: str
    readings: tuple[str, ...] = ()
    words: str = ""  # what it is, by the names readers know (its key may hold data's ids)


@dataclass(frozen=True, slots=True)
class Change:
    """A fact that differs: ``old`` None when it is new, ``new`` None when it went. Its page
    and readings are the edited policy's, or the published one's for a fact that went; the
    readings of both, when a fact now rests on other ones."""

    key: str
    old: str | None
    new: str | None
    page: str
    readings: tuple[str, ...]
    words: str

    @property
    def line(self) -> str:
        if self.old is None:
            return f"{self.key}: (new) {self.new}"
        if self.new is None:
            return f"{self.key}: {self.old} -> (removed)"
        return f"{self.key}: {self.old} -> {self.new}"


def reader_facts(policy: Policy) -> dict[str, str]:
    """Each fact a reader can see, keyed by where it shows, e.g. 'S2 initial response'."""
    return {key: fact.value for key, fact in facts(policy).items()}


def facts(policy: Policy) -> dict[str, Fact]:
    """Each fact a reader can see, in the order readers meet them on the site, with its page."""
    found: dict[str, Fact] = {}

    def on(page: str):
        def add(key: str, value: str, rests_on: tuple[str, ...] = (), words: str = "") -> None:
            found[key] = Fact(value, page, tuple(rests_on), words or key)
        return add

    on(EVERY_PAGE)(DATE, policy.updated.isoformat())
    add = on(SERVICE_LEVELS)
    levels = policy.service_levels
    add("plan name", levels.plan)
    add("SLT disclaimer", levels.disclaimer)
    for priority in levels.priorities:
        add(f"{priority.id} name", priority.name)
        add(f"{priority.id} definition", priority.definition)
    for targets in levels.targets:
        pid = targets.priority.id
        add(f"{pid} initial response", _target(targets.initial_response),
            targets.initial_response.readings)
        until = f" until {targets.updates_until}" if targets.updates_until else ""
        add(f"{pid} updates", f"every {_target(targets.updates)}{until}", targets.updates.readings)
    add = on(CONTACT)
    for region in policy.support_regions:
        add(f"{region.id} name", region.name, words=f"{region.name}: name")
        add(f"{region.id} hours", _hours(region.hours, region.zone), region.readings,
            f"{region.name}: hours")
        for phone in region.phones:
            add(f"{region.id} phone {phone.label}", phone.number,
                words=f"{region.name}: phone {phone.label}")
        _holidays(add, region.id, region.name, region.holidays)
    add("out-of-hours instruction", policy.out_of_hours or "(none)")
    escalation = policy.escalation
    add = on(ESCALATION)
    add("escalation instructions", escalation.instructions)
    add("follow-the-sun", escalation.follow_the_sun)
    add("time zones note", escalation.zones_note or "(none)")
    for person in escalation.people:
        add(f"{person.name} title", person.title or "(none)")
        for phone in person.phones:
            add(f"{person.name} phone {phone.label}", phone.number)
        add(f"{person.name} email", person.email or "(none)")
    region_names = {region.id: region.name for region in escalation.regions}
    for tier in escalation.tiers:
        add(f"{tier.id} name", tier.name, words=f"{tier.name}: name")
        add(f"{tier.id} note", tier.note or "(none)", words=f"{tier.name}: note")
        for shift in tier.shifts:
            in_region = f"{tier.name}, {shift.region.name}"
            add(f"{tier.id} / {shift.region.id} shift", _hours(shift.hours, shift.region.zone),
                shift.readings + shift.region.readings, f"{in_region}: shift")
            if shift.holidays:
                _holidays(add, f"{tier.id} / {shift.region.id}", in_region, shift.holidays)
        for position, role in enumerate(tier.roles, start=1):
            add(f"{tier.id} / role {position}", role.name, words=f"{tier.name}: role {position}")
            for holder in role.holders:
                person = holder.person
                region = region_names.get(holder.region_id, holder.region_id)
                add(f"{tier.id} / {holder.region_id} / {role.name}",
                    person.name if person else VACANT, role.readings,
                    f"{tier.name}, {region}: {role.name}")
    texts = policy.texts
    add = on(OVERVIEW)
    add("overview", texts.overview.summary)
    add("applies to", ", ".join(texts.overview.applies_to))
    add = on(RESPONSIBILITIES)
    for label, section in (("customer", texts.customer_responsibilities),
                           ("Premium Support", texts.support_responsibilities)):
        add(f"{label} responsibilities intro", section.intro)
        for item in section.items:
            add(f"{label} responsibility '{item.title}'", item.text)
    for number, paragraph in enumerate(texts.case_handling.paragraphs, start=1):
        add(f"case handling paragraph {number}", paragraph)
    add("acceptance requests before closure", str(texts.case_handling.acceptance_requests))
    for number, paragraph in enumerate(texts.quality_of_service, start=1):
        add(f"quality of service paragraph {number}", paragraph)
    add = on(CALL_QUALITY)
    calls = texts.call_quality
    add("call-quality intro", calls.intro)
    for number, item in enumerate(calls.questions, start=1):
        add(f"call-quality question {number}", item.question)
        if item.answer:
            add(f"call-quality question {number} choices", _choices(item.answer))
    samples = calls.call_samples
    add("call samples intro", samples.intro)
    for number, requirement in enumerate(sample_requirements(samples), start=1):
        add(f"call-sample requirement {number}", requirement)
    add("call-sample directions", ", ".join(samples.directions))
    for number, note in enumerate((samples.notes.landline_preferred, samples.notes.withheld),
                                  start=1):
        add(f"call-sample note {number}", note)
    _readings(on(READINGS), policy)
    return found


def _readings(add, policy: Policy) -> None:
    """The page "How the answers are worked out": each reading under its heading, which the
    marks' numbers follow, then its status, the policy's words, the site's reading, and what
    rests on it. A policy published before readings has none, so a diff lists them as new."""
    effects = readings.effects(policy)
    for number, reading in enumerate(policy.readings, start=1):
        where, itself, named = f"reading {reading.id}", (reading.id,), f"Reading {number}"
        add(where, f"Reading {number}: {reading.title}", itself, f"{named}: heading")
        add(f"{where} confirmed", confirmation(reading), itself, f"{named}: confirmed?")
        for position, words in enumerate(reading.policy_words, start=1):
            add(f"{where} policy's words {position}", words, itself,
                f"{named}: the policy's words, quotation {position}")
        add(f"{where} site's reading", reading.site_reading, itself,
            f"{named}: the site's reading")
        add(f"{where} affects", "; ".join(
            effect.what for effect in effects.get(reading.id, ())) or "nothing", itself,
            f"{named}: what rests on it")


def confirmation(reading: Reading) -> str:
    if not reading.confirmed:
        return "not confirmed by the policy owner"
    return f"confirmed by {reading.confirmed_by} on {reading.confirmed_on.isoformat()}"


def _choices(answer: AnswerChoices) -> str:
    """'pick one of: yes, no', 'pick several of: echo, robotic, or something else (in words)'."""
    other = f", or {answer.other} (in words)" if answer.other else ""
    return f"pick {answer.pick.value} of: {', '.join(answer.choices)}{other}"


def changes(before: Policy | None, after: Policy) -> list[str]:
    """One line per fact that differs, in the order readers meet them on the site."""
    return [change.line for change in fact_changes(before, after)]


def fact_changes(before: Policy | None, after: Policy) -> list[Change]:
    """Each fact that differs, in the order readers meet them on the site; those that went
    last."""
    old = facts(before) if before else {}
    new = facts(after)
    found = []
    for key, fact in new.items():
        was = old.get(key)
        if was is None:
            found.append(Change(key, None, fact.value, fact.page, fact.readings, fact.words))
        elif was.value != fact.value:
            found.append(Change(key, was.value, fact.value, fact.page,
                                tuple(dict.fromkeys(fact.readings + was.readings)), fact.words))
    found.extend(Change(key, fact.value, None, fact.page, fact.readings, fact.words)
                 for key, fact in old.items() if key not in new)
    return found


def still_holds(withdrawn: Policy, live: Policy, edited: Policy) -> list[str]:
    """The changes a rollback took away (from ``withdrawn`` back to ``live``) that ``edited``
    still holds, as ``changes`` words them: what the next publish of ``edited`` brings back.
    The date is not an edit of its own: it only follows one."""
    # What publishing ``edited`` over ``live`` changes, where the change puts back the value
    # (or the absence) that ``withdrawn`` had.
    gone = reader_facts(withdrawn)
    return [change.line for change in fact_changes(live, edited)
            if change.key != DATE and gone.get(change.key) == change.new]


# The data names no zone for `updated:`: staff write their own day, wherever they are (the schema
# takes any day up to today at UTC+14, where it is latest). By the same reading a date is older
# than the day of publication only once that day is over everywhere: before today at UTC-12.
# So staff in Los Angeles publishing at 17:00 on their 4 December (01:00 UTC on the 5th) are
# not told that 2026-12-04 is not today's date.
EARLIEST_ZONE = dt.timezone(dt.timedelta(hours=-12))


def publication_day(now: dt.datetime | None = None) -> dt.date:
    """The day a publish at ``now`` (default: now) happens, in the policy dates' reading."""
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(EARLIEST_ZONE).date()


def kept_date(before: Policy | None, after: Policy, today: dt.date) -> str | None:
    """When readers would see changes under the published policy's own date: "forgotten" if
    that date is older than ``today`` (the day of publication, ``publication_day``), "same day"
    if it is today's (a second change on one day keeps its date); otherwise None."""
    if not (before and before.updated == after.updated and changes(before, after)):
        return None
    return "forgotten" if after.updated < today else "same day"


def warning_changes(known: list[str], found: list[Problem]) -> tuple[list[Problem], list[str], int]:
    """(new, gone, how many are known) between the warnings' messages a release was published
    with and the warnings found now. A warning is told by its message, not its place (an edit
    above it moves its line), and a day in it is not part of it: the holiday years' warning
    names today's date, and it is the same warning tomorrow."""
    left = Counter(map(_words, known))
    new = []
    for warning in found:
        if left[_words(warning.message)]:
            left[_words(warning.message)] -= 1
        else:
            new.append(warning)
    gone = []
    for message in known:  # what found did not match is left over: gone
        if left[_words(message)]:
            left[_words(message)] -= 1
            gone.append(message)
    return new, gone, len(found) - len(new)


def _words(message: str) -> str:
    return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", "YYYY-MM-DD", message)


def _target(target: Target) -> str:
    clock = "" if target.clock.value == "24x7" else f" ({wording.CLOCK_WORDS[target.clock]})"
    return wording.duration(target.duration) + clock


def _hours(hours: WeeklyHours, zone: str) -> str:
    return f"{wording.days(hours.days)} {wording.window(hours)} {zone}"


def _holidays(add, where: str, named: str, calendar: HolidayCalendar) -> None:
    add(f"{where} holiday calendar", f"{calendar.name} ({calendar.source}), "
                                     f"{calendar.first_year}-{calendar.last_year}",
        calendar.readings, f"{named}: office holiday calendar")
    for holiday in calendar.holidays:
        day = holiday.date.isoformat()
        add(f"{where} holiday {day}", holiday.name, calendar.readings,
            f"{named}: office holiday on {day}")
