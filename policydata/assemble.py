"""Turning the validated records of the three files into the policy model, ids resolved."""

from __future__ import annotations

from calculators import model

from . import holiday_calendars
from .schema import Context, Fields


def policy(files: dict[str, Fields], ctx: Context) -> model.Policy:
    slt, contacts, texts = files["slt.yaml"], files["contacts.yaml"], files["policy.yaml"]
    readings = files["readings.yaml"]
    years = contacts["holiday_years"]

    def calendar(spec: Fields | None) -> model.HolidayCalendar | None:
        if spec is None:
            return None
        return holiday_calendars.resolve(spec, years["first"], years["last"], ctx)

    escalation = contacts["escalation"]
    people = {p["id"]: _person(p) for p in escalation["people"]}
    colours = _colours(escalation["regions"])
    regions = {r["id"]: model.EscalationRegion(id=r["id"], name=r["name"], zone=r["zone"],
                                               readings=r["readings"], colour=colours[r["id"]])
               for r in escalation["regions"]}
    support_colours = _colours(contacts["support_regions"])
    return model.Policy(
        updated=max(f["updated"] for f in files.values()),
        service_levels=_service_levels(slt),
        support_regions=tuple(
            model.SupportRegion(
                id=r["id"], name=r["name"], zone=r["zone"], hours=_hours(r["hours"]),
                phones=_phones(r["phones"]), holidays=calendar(r["holidays"]),
                readings=r["readings"], colour=support_colours[r["id"]],
            )
            for r in contacts["support_regions"]
        ),
        escalation=model.Escalation(
            instructions=escalation["instructions"],
            follow_the_sun=escalation["follow_the_sun"],
            zones_note=escalation["zones_note"],
            regions=tuple(regions.values()),
            people=tuple(people.values()),
            tiers=tuple(
                model.Tier(
                    id=t["id"], name=t["name"], note=t["note"],
                    shifts=tuple(
                        model.Shift(region=regions[region_id], hours=_hours(shift),
                                    holidays=calendar(shift["holidays"]),
                                    readings=shift["readings"])
                        for region_id, shift in t["shifts"].values.items()
                    ),
                    roles=tuple(
                        model.Role(name=role["role"], holders=tuple(
                            model.RoleHolder(region_id=region_id,
                                             person=None if who == "vacant" else people[who])
                            for region_id, who in role["holders"].values.items()
                        ), readings=role["readings"])
                        for role in t["roles"]
                    ),
                )
                for t in escalation["tiers"]
            ),
            case_tier=model.CaseTier(tier_id=escalation["case_tier"]["tier"],
                                     readings=escalation["case_tier"]["readings"])
            if escalation["case_tier"] else None,
        ),
        texts=_texts(texts),
        out_of_hours=contacts["out_of_hours"],
        readings=tuple(_reading(r) for r in readings["readings"]),
        zone_labels=tuple(model.ZoneLabels(zone=name, standard=labels["standard"],
                                           daylight=labels["daylight"])
                          for name, labels in contacts["zone_labels"].values.items()),
    )


def _reading(reading: Fields) -> model.Reading:
    confirmed = reading["confirmed"]
    return model.Reading(
        id=reading["id"], title=reading["title"], policy_words=reading["policy_words"],
        site_reading=reading["site_reading"],
        confirmed_by=confirmed["by"] if confirmed else None,
        confirmed_on=confirmed["date"] if confirmed else None,
    )


def _service_levels(slt: Fields) -> model.ServiceLevels:
    priorities = {p["id"]: model.Priority(id=p["id"], name=p["name"], definition=p["definition"])
                  for p in slt["priorities"]}
    plan = slt["plan"]
    return model.ServiceLevels(
        plan=plan["name"],
        disclaimer=slt["disclaimer"],
        priorities=tuple(priorities.values()),
        targets=tuple(
            model.PriorityTargets(
                priority=priorities[t["priority"]],
                initial_response=model.Target(duration=t["initial_response"]["within"],
                                              clock=model.Clock(t["initial_response"]["clock"]),
                                              readings=t["initial_response"]["readings"]),
                updates=model.Target(duration=t["updates"]["every"],
                                     clock=model.Clock(t["updates"]["clock"]),
                                     readings=t["updates"]["readings"]),
                updates_until=t["updates"]["until"],
            )
            for t in plan["targets"]
        ),
    )


def _hours(hours: Fields) -> model.WeeklyHours:
    return model.WeeklyHours(days=hours["days"], open=hours["open"], close=hours["close"])


def _phones(phones) -> tuple[model.Phone, ...]:
    return tuple(model.Phone(label=p["label"], number=p["number"][0], tel=p["number"][1])
                 for p in phones)


def _person(person: Fields) -> model.Person:
    return model.Person(id=person["id"], name=person["name"], title=person["title"],
                        phones=_phones(person["phones"]), email=person["email"])


def _responsibilities(section: Fields) -> model.Responsibilities:
    return model.Responsibilities(
        intro=section["intro"],
        items=tuple(model.Responsibility(title=i["title"], text=i["text"]) for i in section["items"]),
    )


def _texts(texts: Fields) -> model.Texts:
    overview, cases, calls = texts["overview"], texts["case_handling"], texts["call_quality"]
    return model.Texts(
        overview=model.Overview(summary=overview["summary"], applies_to=overview["applies_to"],
                                contact_hint=overview["contact_hint"]),
        customer_responsibilities=_responsibilities(texts["customer_responsibilities"]),
        support_responsibilities=_responsibilities(texts["support_responsibilities"]),
        case_handling=model.CaseHandling(paragraphs=cases["paragraphs"],
                                         acceptance_requests=cases["acceptance_requests"]),
        quality_of_service=texts["quality_of_service"]["paragraphs"],
        call_quality=model.CallQuality(
            intro=calls["intro"],
            questions=tuple(model.ChecklistQuestion(question=q["question"],
                                                    answer=_answer(q["answer"]))
                            for q in calls["questions"]),
            call_samples=_call_samples(calls["call_samples"]),
        ),
    )


def _answer(answer: Fields | None) -> model.AnswerChoices | None:
    if answer is None:
        return None
    return model.AnswerChoices(pick=model.Pick(answer["pick"]), choices=answer["choices"],
                               other=answer["other"])


def _call_samples(samples: Fields) -> model.CallSamples:
    limit, needs, notes = samples["age_limit"], samples["requirements"], samples["notes"]
    return model.CallSamples(
        intro=samples["intro"],
        age_limit=model.AgeLimit(within=limit["within"], text=limit["text"]),
        requirements=model.SampleRequirements(calling=needs["calling"], called=needs["called"],
                                              time=needs["time"], direction=needs["direction"]),
        directions=samples["directions"],
        notes=model.SampleNotes(landline_preferred=notes["landline_preferred"],
                                withheld=notes["withheld"]),
    )


def _colours(regions) -> dict[str, int]:
    """Each region's chart colour: its own, or else the first that no region of the list
    names (the shapes' rule keeps the named ones distinct and the list within the palette)."""
    named = {r["colour"] for r in regions if r["colour"] is not None}
    free = (n for n in range(1, len(regions) + len(named) + 1) if n not in named)
    return {r["id"]: r["colour"] if r["colour"] is not None else next(free) for r in regions}
