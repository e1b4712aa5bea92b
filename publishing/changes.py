"""What an edit changes for readers, in words: every fact a reader sees, flattened to
``"where: value"`` pairs, then compared between the published policy and the edited one."""

from __future__ import annotations

from calculators import readings, wording
from calculators.call_report import sample_requirements
from calculators.model import AnswerChoices, HolidayCalendar, Policy, Reading, Target, WeeklyHours

VACANT = "vacant"


def reader_facts(policy: Policy) -> dict[str, str]:
    """Each fact a reader can see, keyed by where it shows, e.g. 'S2 initial response'."""
    facts: dict[str, str] = {"policy last updated": policy.updated.isoformat()}
    levels = policy.service_levels
    facts["plan name"] = levels.plan
    facts["SLT disclaimer"] = levels.disclaimer
    for priority in levels.priorities:
        facts[f"{priority.id} name"] = priority.name
        facts[f"{priority.id} definition"] = priority.definition
    for targets in levels.targets:
        pid = targets.priority.id
        facts[f"{pid} initial response"] = _target(targets.initial_response)
        until = f" until {targets.updates_until}" if targets.updates_until else ""
        facts[f"{pid} updates"] = f"every {_target(targets.updates)}{until}"
    for region in policy.support_regions:
        facts[f"{region.id} name"] = region.name
        facts[f"{region.id} hours"] = _hours(region.hours, region.zone)
        for phone in region.phones:
            facts[f"{region.id} phone {phone.label}"] = phone.number
        facts.update(_holidays(region.id, region.holidays))
    facts["out-of-hours instruction"] = policy.out_of_hours or "(none)"
    escalation = policy.escalation
    facts["escalation instructions"] = escalation.instructions
    facts["follow-the-sun"] = escalation.follow_the_sun
    facts["time zones note"] = escalation.zones_note or "(none)"
    for person in escalation.people:
        facts[f"{person.name} title"] = person.title or "(none)"
        for phone in person.phones:
            facts[f"{person.name} phone {phone.label}"] = phone.number
        facts[f"{person.name} email"] = person.email or "(none)"
    for tier in escalation.tiers:
        facts[f"{tier.id} name"] = tier.name
        facts[f"{tier.id} note"] = tier.note or "(none)"
        for shift in tier.shifts:
            facts[f"{tier.id} / {shift.region.id} shift"] = _hours(shift.hours, shift.region.zone)
            if shift.holidays:
                facts.update(_holidays(f"{tier.id} / {shift.region.id}", shift.holidays))
        for position, role in enumerate(tier.roles, start=1):
            facts[f"{tier.id} / role {position}"] = role.name
            for holder in role.holders:
                person = holder.person
                facts[f"{tier.id} / {holder.region_id} / {role.name}"] = (
                    person.name if person else VACANT)
    texts = policy.texts
    facts["overview"] = texts.overview.summary
    facts["applies to"] = ", ".join(texts.overview.applies_to)
    for label, section in (("customer", texts.customer_responsibilities),
                           ("Premium Support", texts.support_responsibilities)):
        facts[f"{label} responsibilities intro"] = section.intro
        for item in section.items:
            facts[f"{label} responsibility '{item.title}'"] = item.text
    for number, paragraph in enumerate(texts.case_handling.paragraphs, start=1):
        facts[f"case handling paragraph {number}"] = paragraph
    facts["acceptance requests before closure"] = str(texts.case_handling.acceptance_requests)
    for number, paragraph in enumerate(texts.quality_of_service, start=1):
        facts[f"quality of service paragraph {number}"] = paragraph
    calls = texts.call_quality
    facts["call-quality intro"] = calls.intro
    for number, item in enumerate(calls.questions, start=1):
        facts[f"call-quality question {number}"] = item.question
        if item.answer:
            facts[f"call-quality question {number} choices"] = _choices(item.answer)
    samples = calls.call_samples
    facts["call samples intro"] = samples.intro
    for number, requirement in enumerate(sample_requirements(samples), start=1):
        facts[f"call-sample requirement {number}"] = requirement
    facts["call-sample directions"] = ", ".join(samples.directions)
    for number, note in enumerate((samples.notes.landline_preferred, samples.notes.withheld),
                                  start=1):
        facts[f"call-sample note {number}"] = note
    facts.update(_readings(policy))
    return facts


def _readings(policy: Policy) -> dict[str, str]:
    """The page "How the answers are worked out": each reading under its heading, which the
    marks' numbers follow, then its status, the policy's words, the site's reading, and what
    rests on it. A policy published before readings has none, so a diff lists them as new."""
    facts: dict[str, str] = {}
    effects = readings.effects(policy)
    for number, reading in enumerate(policy.readings, start=1):
        where = f"reading {reading.id}"
        facts[where] = f"Reading {number}: {reading.title}"
        facts[f"{where} confirmed"] = _confirmation(reading)
        for position, words in enumerate(reading.policy_words, start=1):
            facts[f"{where} policy's words {position}"] = words
        facts[f"{where} site's reading"] = reading.site_reading
        facts[f"{where} affects"] = "; ".join(
            effect.what for effect in effects.get(reading.id, ())) or "nothing"
    return facts


def _confirmation(reading: Reading) -> str:
    if not reading.confirmed:
        return "not confirmed by the policy owner"
    return f"confirmed by {reading.confirmed_by} on {reading.confirmed_on.isoformat()}"


def _choices(answer: AnswerChoices) -> str:
    """'pick one of: yes, no', 'pick several of: echo, robotic, or something else (in words)'."""
    other = f", or {answer.other} (in words)" if answer.other else ""
    return f"pick {answer.pick.value} of: {', '.join(answer.choices)}{other}"


def changes(before: Policy | None, after: Policy) -> list[str]:
    """One line per fact that differs, in the order readers meet them on the site."""
    old = reader_facts(before) if before else {}
    new = reader_facts(after)
    lines = []
    for key, value in new.items():
        if key not in old:
            lines.append(f"{key}: (new) {value}")
        elif old[key] != value:
            lines.append(f"{key}: {old[key]} -> {value}")
    lines.extend(f"{key}: {value} -> (removed)" for key, value in old.items() if key not in new)
    return lines


def undated(before: Policy | None, after: Policy) -> bool:
    """True when readers would see changes but the policy's date stayed the same."""
    return bool(before and before.updated == after.updated and changes(before, after))


def _target(target: Target) -> str:
    clock = "" if target.clock.value == "24x7" else f" ({wording.CLOCK_WORDS[target.clock]})"
    return wording.duration(target.duration) + clock


def _hours(hours: WeeklyHours, zone: str) -> str:
    return f"{wording.days(hours.days)} {wording.window(hours)} {zone}"


def _holidays(where: str, calendar: HolidayCalendar) -> dict[str, str]:
    facts = {f"{where} holiday calendar": f"{calendar.name} ({calendar.source}), "
                                          f"{calendar.first_year}-{calendar.last_year}"}
    for holiday in calendar.holidays:
        facts[f"{where} holiday {holiday.date.isoformat()}"] = holiday.name
    return facts
