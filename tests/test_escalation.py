"""Who is on duty for a tier at an instant. Shifts Mon-Fri, no holidays: tier1 usa 05:00-18:00
Los Angeles, apac 08:00-17:00 Sydney, emea 09:00-18:30 Paris; tier2 and tier2-partner the same
but emea 07:00-18:30. Expected instants are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators import UnknownChoice, escalation


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
