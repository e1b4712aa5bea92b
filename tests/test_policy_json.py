"""The policy as JSON for the browser: an exact round trip, and clear refusals of bad JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from calculators.policy_json import PolicyJSONError, from_json, to_json
from old_releases import before_readings


def test_round_trip_through_json_text_is_exact(policy):
    text = json.dumps(to_json(policy))
    assert from_json(json.loads(text)) == policy


def test_holidays_are_iso_dates(policy):
    usa = next(r for r in to_json(policy)["support_regions"] if r["id"] == "usa")
    assert {"date": "2026-11-26", "name": "Thanksgiving Day"} in usa["holidays"]["holidays"]
    assert usa["hours"] == {"days": [0, 1, 2, 3, 4], "open": "05:00:00", "close": "18:00:00"}


def test_durations_are_seconds_and_clocks_their_names(policy):
    s2 = to_json(policy)["service_levels"]["targets"][1]
    assert s2["initial_response"] == {"duration": 7200, "clock": "24x7",
                                      "readings": ["initial-response-clock"]}
    assert s2["updates"] == {"duration": 86400, "clock": "business_days",
                             "readings": ["business-days"]}


def test_policy_json_published_before_a_defaulted_field_still_loads(policy):
    # `make diff` reads the published policy.json back; one from before out_of_hours existed
    # must load, with nothing said out of hours.
    data = to_json(policy)
    del data["out_of_hours"]
    assert from_json(data).out_of_hours is None
    assert from_json(to_json(policy)).out_of_hours == policy.out_of_hours


def test_policy_json_published_before_readings_still_loads(policy):
    # `make diff` against such a release says the readings were added (tests/test_publishing).
    old = from_json(before_readings(to_json(policy)))
    assert (old.readings, old.support_regions[1].readings,
            old.escalation.tiers[0].shifts[0].readings) == ((), (), ())
    assert before_readings(to_json(old)) == before_readings(to_json(policy))


def test_a_confirmed_reading_round_trips(policy):
    reading = dataclasses.replace(policy.readings[0], confirmed_by="Jane Doe",
                                  confirmed_on=dt.date(2026, 12, 1))
    confirmed = dataclasses.replace(policy, readings=(reading, *policy.readings[1:]))
    data = json.loads(json.dumps(to_json(confirmed)))
    assert (data["readings"][0]["confirmed_by"], data["readings"][0]["confirmed_on"]) == (
        "Jane Doe", "2026-12-01")
    assert from_json(data) == confirmed


def edited(policy, edit):
    data = json.loads(json.dumps(to_json(policy)))
    edit(data)
    return data


BAD = {
    "unknown key": (
        lambda d: d["service_levels"]["priorities"][0].update(colour="red"),
        "policy.service_levels.priorities[0]: expected the Priority keys id, name, definition; "
        "unexpected: ['colour'], missing: none"),
    "missing key": (
        lambda d: d["escalation"].pop("tiers"),
        "policy.escalation: expected the Escalation keys instructions, follow_the_sun, "
        "zones_note, regions, people, tiers, case_tier; unexpected: none, missing: ['tiers']"),
    "wrong type": (
        lambda d: d["support_regions"][0]["hours"].update(days="mon"),
        "policy.support_regions[0].hours.days: expected list, got str"),
    "bad date": (
        lambda d: d["support_regions"][0]["holidays"]["holidays"][0].update(date="1 Jan"),
        "policy.support_regions[0].holidays.holidays[0].date: '1 Jan' is not an ISO date"),
    "unknown clock": (
        lambda d: d["service_levels"]["targets"][0]["updates"].update(clock="weekly"),
        "policy.service_levels.targets[0].updates.clock: 'weekly' is not one of 24x7, "
        "business_hours, business_days"),
    "a boolean is no number": (
        lambda d: d["texts"]["case_handling"].update(acceptance_requests=True),
        "policy.texts.case_handling.acceptance_requests: expected int, got bool"),
}


@pytest.mark.parametrize(("edit", "message"), BAD.values(), ids=BAD.keys())
def test_bad_json_names_the_path(policy, edit, message):
    with pytest.raises(PolicyJSONError) as raised:
        from_json(edited(policy, edit))
    assert str(raised.value) == message
