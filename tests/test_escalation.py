"""Who is on duty for a tier at an instant. Shifts Mon-Fri, no holidays: tier1 usa 05:00-18:00
Los Angeles, apac 08:00-17:00 Sydney, emea 09:00-18:30 Paris; tier2 and tier2-partner the same
but emea 07:00-18:30. Expected instants are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators import UnknownChoice, escalation, escalation_json, open_now_json


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


CASES = {
    # Fri 09:30 PST: usa until 18:00 PST = 02:00Z. Paris 18:30 CET = 17:30Z exactly: the emea
    # shift has just closed. Sydney is at Sat 04:30.
    "tier1 Friday 17:30Z (the README example): usa only, emea closed on the dot": (
        "tier1", "2026-11-27T17:30:00Z", [("usa", "2026-11-28T02:00:00Z")], None),
    # Tue 17:59 PDT (closes 18:00 PDT = 01:00Z) and Wed 10:59 AEST (closes 17:00 AEST = 07:00Z).
    "tier1 overlap at 00:59Z on a July Wednesday: usa and apac": (
        "tier1", "2026-07-15T00:59:00Z",
        [("usa", "2026-07-15T01:00:00Z"), ("apac", "2026-07-15T07:00:00Z")], None),
    "tier1 one minute later usa has closed": (
        "tier1", "2026-07-15T01:00:00Z", [("apac", "2026-07-15T07:00:00Z")], None),
    # Sat 09:30 PST, Sun 04:30 AEDT, Sat 18:30 CET: nobody. Next: Mon 08:00 AEDT = Sun 21:00Z.
    "tier1 Saturday: nobody, apac next on Monday morning": (
        "tier1", "2026-11-28T17:30:00Z", [], ("apac", "2026-11-29T21:00:00Z")),
    # Fri 18:00 PST exactly: usa closed; Sydney Sat 13:00; Paris Sat 03:00.
    "tier1 Friday evening at the usa close": (
        "tier1", "2026-11-28T02:00:00Z", [], ("apac", "2026-11-29T21:00:00Z")),
    # Sydney left DST on Sun 04-05: Mon 08:00 AEST is 22:00Z, an hour later than a week before.
    "tier1 Sydney after DST ends, 21:00Z Sunday: not yet (07:00 AEST)": (
        "tier1", "2026-04-05T21:00:00Z", [], ("apac", "2026-04-05T22:00:00Z")),
    "tier1 Sydney after DST ends, Mon 08:00 AEST, shifts ignore Easter Monday": (
        "tier1", "2026-04-05T22:00:00Z", [("apac", "2026-04-06T07:00:00Z")], None),
    "tier1 Sydney before DST ends, Mon 08:00 AEDT": (
        "tier1", "2026-03-29T21:00:00Z", [("apac", "2026-03-30T06:00:00Z")], None),
    # Sydney entered DST on Sun 10-04: Mon 08:00 AEDT = Sun 21:00Z, closes 17:00 AEDT = 06:00Z.
    "tier1 Sydney after DST starts": (
        "tier1", "2026-10-04T21:00:00Z", [("apac", "2026-10-05T06:00:00Z")], None),
    # Fri 05:00 PDT opens exactly; 18:00 PDT = Sat 01:00Z. Paris 14:00 CET, emea open until
    # 18:30 CET = 17:30Z (France left summer time on 10-25).
    "tier1 US Friday before fall back, usa opens exactly": (
        "tier1", "2026-10-30T12:00:00Z",
        [("usa", "2026-10-31T01:00:00Z"), ("emea", "2026-10-30T17:30:00Z")], None),
    "tier1 US Monday after fall back: 05:00 PST is 13:00Z": (
        "tier1", "2026-11-02T13:00:00Z",
        [("usa", "2026-11-03T02:00:00Z"), ("emea", "2026-11-02T17:30:00Z")], None),
    "tier1 US Monday after fall back, 12:59Z is 04:59 PST": (
        "tier1", "2026-11-02T12:59:00Z", [("emea", "2026-11-02T17:30:00Z")], None),
    # Fri 07:00 CET opens exactly (06:00Z); Sydney 17:00 AEDT closes exactly; LA Thu 23:00 PDT.
    "tier2 emea opens at 07:00 Paris as apac closes": (
        "tier2", "2026-03-27T06:00:00Z", [("emea", "2026-03-27T17:30:00Z")], None),
}


@pytest.mark.parametrize(("tier", "instant", "on_duty", "following"), CASES.values(),
                         ids=CASES.keys())
def test_on_duty(policy, tier, instant, on_duty, following):
    answer = escalation(policy, tier, at(instant))
    assert [(d.region.id, d.until) for d in answer.on_duty] == [
        (region, at(until)) for region, until in on_duty]
    if following is None:
        assert answer.next is None
    else:
        assert (answer.next.region.id, answer.next.starts) == (following[0], at(following[1]))


CHAINS = {
    "tier1 usa": ("tier1", "2026-11-27T17:30:00Z", "usa",
                  [("Tier 1 Director", "Dipen Shah")], ["Tier 1 Lead", "Tier 1 Team Manager"]),
    "tier1 emea: everyone vacant": (
        "tier1", "2026-11-27T12:00:00Z", "emea",
        [], ["Tier 1 Lead", "Tier 1 Team Manager", "Tier 1 Director"]),
    "tier2-partner usa: two people in escalation order": (
        "tier2-partner", "2026-11-27T17:30:00Z", "usa",
        [("Director, Customer Support", "Lucian Pleianu"),
         ("VP, Technical Services and Support", "Timothy Volking")],
        ["Tier 2 Lead / Team Manager"]),
    "tier2-partner emea": (
        "tier2-partner", "2026-11-27T12:00:00Z", "emea",
        [("VP, Technical Services and Support", "Timothy Volking")],
        ["Tier 2 Lead / Team Manager", "Director, Customer Support"]),
}


@pytest.mark.parametrize(("tier", "instant", "region", "contacts", "vacant"), CHAINS.values(),
                         ids=CHAINS.keys())
def test_contact_chain(policy, tier, instant, region, contacts, vacant):
    (duty,) = [d for d in escalation(policy, tier, at(instant)).on_duty if d.region.id == region]
    assert [(c.role, c.person.name) for c in duty.contacts] == contacts
    assert list(duty.vacant) == vacant


def test_unknown_tier_lists_the_choices(policy):
    with pytest.raises(UnknownChoice) as raised:
        escalation(policy, "tier3", at("2026-11-27T17:30:00Z"))
    assert raised.value.args[0] == (
        "unknown tier 'tier3'; choose one of: tier1, tier2, tier2-partner")


# What the widget and --json lead with, for the seed's real gaps and one case with someone
# named on duty: (tier, at, summary, first named person on duty, named people offered as a
# route with each shift (region, on shift now?), support lines open, next region and who is
# first there).
ROUTES = {
    "tier1 EMEA names nobody": (
        "tier1", "2026-11-30T09:04:00Z",
        "Nobody named is on duty in Tier 1 Support: every role in EMEA/UK is vacant.", None,
        [("Dipen Shah", [("usa", False), ("apac", False)])], ["europe", "apac"], None),
    "tier2 EMEA, vacant everywhere: no person, only the button and the lines": (
        "tier2", "2026-11-30T09:04:00Z",
        "Nobody named is on duty in Tier 2 Support: every role in EMEA/UK is vacant.", None,
        [], ["europe", "apac"], None),
    "tier2 USA and APAC overlap, both vacant": (
        "tier2", "2026-07-15T00:59:00Z",
        "Nobody named is on duty in Tier 2 Support: every role in USA and APAC is vacant.",
        None, [], ["usa"], None),
    "tier1 weekend: nobody, no office open, Dipen Shah first on Monday in APAC": (
        "tier1", "2026-11-28T17:30:00Z", "Nobody in Tier 1 Support is on duty at this time.",
        None, [("Dipen Shah", [("usa", False), ("apac", False)])], [],
        ("apac", "Dipen Shah")),
    "tier2 weekend: the next shift names nobody either": (
        "tier2", "2026-11-28T17:30:00Z", "Nobody in Tier 2 Support is on duty at this time.",
        None, [], [], ("apac", None)),
    "tier1 Monday-morning gap 07:30Z: Singapore's line is open": (
        "tier1", "2026-11-30T07:30:00Z", "Nobody in Tier 1 Support is on duty at this time.",
        None, [("Dipen Shah", [("usa", False), ("apac", False)])], ["apac"], ("emea", None)),
    "tier2 in 2031, past the holiday calendars: no line is offered, the rest stands": (
        "tier2", "2031-06-02T10:00:00Z",
        "Nobody named is on duty in Tier 2 Support: every role in EMEA/UK is vacant.", None,
        [], [], None),
    "tier1 USA: Dipen Shah on duty, no routes needed": (
        "tier1", "2026-11-27T17:30:00Z", None, "Dipen Shah", None, None, None),
    "tier2-partner EMEA: the Lead and Director are vacant, the VP is first": (
        "tier2-partner", "2026-11-27T12:00:00Z", None, "Timothy Volking", None, None, None),
}


@pytest.mark.parametrize(("tier", "instant", "summary", "first", "people", "lines", "following"),
                         ROUTES.values(), ids=ROUTES.keys())
def test_every_answer_names_a_way_to_escalate(policy, tier, instant, summary, first, people,
                                              lines, following):
    answer = escalation_json(policy, tier, at(instant))
    assert answer["summary"] == summary
    named = [c["name"] for duty in answer["on_duty"] for c in duty["contacts"]]
    assert (named[0] if named else None) == first
    routes = answer["routes"]
    if people is None:
        assert routes is None
    else:
        assert routes["escalate_case"] == policy.escalation.instructions
        assert [(p["name"], [(s["region"], s["on_shift"]) for s in p["shifts"]])
                for p in routes["people"]] == people
        assert [line["region"] for line in routes["support_lines"]] == lines
        # A route is something to act on: every line and person comes with a number to call.
        assert all(line["phones"] for line in routes["support_lines"])
        assert all(p["phones"] and p["email"] for p in routes["people"])
    nxt = answer["next"]
    if following is None:
        assert nxt is None
    else:
        assert (nxt["region"], nxt["first"] and nxt["first"]["name"]) == following


TITLES = {
    # Lucian Pleianu's title says more than his role: kept.
    "a title that adds to the role": ("tier2-partner", "usa", "Lucian Pleianu",
                                      "Director, T2 ROM/APAC"),
    # Timothy Volking's title is his role's name: said once.
    "a title equal to the role": ("tier2-partner", "usa", "Timothy Volking", None),
    "no title in the data": ("tier1", "usa", "Dipen Shah", None),
}


@pytest.mark.parametrize(("tier", "region", "name", "title"), TITLES.values(), ids=TITLES.keys())
def test_a_title_is_not_a_repeat_of_the_role(policy, tier, region, name, title):
    answer = escalation_json(policy, tier, at("2026-11-27T17:30:00Z"))
    (duty,) = [d for d in answer["on_duty"] if d["region"] == region]
    (contact,) = [c for c in duty["contacts"] if c["name"] == name]
    assert contact["title"] == title


# Open now: (at, regions open, the region that opens first when none is, whether the data's
# out-of-hours instruction is shown).
OPEN_NOW = {
    "Monday 09:04Z: Europe and Singapore open": (
        "2026-11-30T09:04:00Z", ["europe", "apac"], None, False),
    "Saturday: all closed, Singapore opens first on Monday 09:00 SGT": (
        "2026-11-28T12:00:00Z", [], ("apac", "2026-11-30T01:00:00Z"), True),
    "Christmas Day, a Friday: every office on holiday": (
        "2026-12-25T12:00:00Z", [], ("apac", "2026-12-28T01:00:00Z"), True),
    "Christmas Eve 23:00Z: only the USA is open": (
        "2026-12-24T23:00:00Z", ["usa"], None, False),
}


@pytest.mark.parametrize(("instant", "open_regions", "next_open", "instruction"),
                         OPEN_NOW.values(), ids=OPEN_NOW.keys())
def test_open_now_gives_a_route(policy, instant, open_regions, next_open, instruction):
    answer = open_now_json(policy, at(instant))
    assert [r["id"] for r in answer["regions"] if r["open"]] == open_regions
    assert all(r["phones"] for r in answer["regions"])
    first = answer["next_open"]
    assert (first and (first["id"], first["changes_at"])) == next_open
    assert answer["out_of_hours"] == (policy.out_of_hours if instruction else None)
    assert not instruction or answer["out_of_hours"].startswith(
        "Support is provided via chat and the 8x8 Support Portal")
    # Whether an office is open rests on the offices' holidays and on Europe's "GMT", always.
    assert [r["id"] for r in answer["readings"]] == ["office-holidays", "gmt-as-uk-time"]


# A week of 15-minute steps from a Monday (the Friday-Saturday overlap of the USA and APAC
# shifts, the weekend, the weekday gaps) and from the week the US clocks go back.
WEEKS = ["2026-11-30T00:00:00Z", "2026-10-26T00:00:00Z"]
STEPS = [dt.timedelta(minutes=15 * step) for step in range(7 * 24 * 4)]


def _names_in_json(answer: dict) -> list[str]:
    names = [c["name"] for duty in answer["on_duty"] for c in duty["contacts"]]
    if answer["routes"]:
        names += [person["name"] for person in answer["routes"]["people"]]
    first = (answer["next"] or {}).get("first")
    if first and not first["listed_above"]:
        names.append(first["name"])
    return names


@pytest.mark.parametrize("week", WEEKS)
@pytest.mark.parametrize("tier", ["tier1", "tier2", "tier2-partner"])
def test_no_person_is_named_twice_and_the_button_leads(policy, tier, week):
    from calculators.text_answers import escalation_text

    start = dt.datetime.fromisoformat(week)
    people = [person.name for person in policy.escalation.people]
    for step in STEPS:
        instant = start + step
        text = escalation_text(policy, escalation(policy, tier, instant))
        assert text.splitlines()[1].startswith("Escalate Case: "), instant
        assert all(text.count(name) <= 1 for name in people), (instant, text)
        names = _names_in_json(escalation_json(policy, tier, instant))
        assert len(names) == len(set(names)), (instant, names)


def test_a_person_on_duty_in_two_regions_is_named_under_the_first(policy):
    # 23:00 UTC on a Monday: USA's shift runs to 02:00 and APAC's began at 21:00.
    answer = escalation_json(policy, "tier2-partner", at("2026-11-30T23:00:00Z"))
    (usa, apac) = answer["on_duty"]
    assert [c["name"] for c in usa["contacts"]] == ["Lucian Pleianu", "Timothy Volking"]
    assert apac["contacts"] == []
    assert apac["listed_above"] == ["Director, Customer Support",
                                    "VP, Technical Services and Support"]
