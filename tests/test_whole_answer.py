"""The deadline answer carries the rest of what a reader asks with it (issue 17): how to reach
support now, and whom to escalate to if the initial response is missed, in the tier the data
names for customer cases (a reading). The widget, the CLI's --json and its text share these."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys

import pytest

from calculators.json_answers import deadline_json
from conftest import ROOT

UTC = dt.timezone.utc


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


# the reader's present; the regions open then, each with when it closes; or the first to open
REACH = [
    ("2026-12-07T16:00:00Z", [("usa", "2026-12-08T02:00:00Z"), ("europe", "2026-12-07T18:00:00Z")],
     None),
    ("2026-12-08T03:00:00Z", [("apac", "2026-12-08T10:00:00Z")], None),
    ("2026-12-05T12:00:00Z", [], ("apac", "2026-12-07T01:00:00Z")),  # Saturday
    # Christmas Day: a holiday in every office's calendar; Singapore reopens on the 28th.
    ("2026-12-25T10:00:00Z", [], ("apac", "2026-12-28T01:00:00Z")),
]


@pytest.mark.parametrize("now, open_regions, first", REACH)
def test_reach_now_names_the_open_lines_or_the_first_to_open(policy, now, open_regions, first):
    answer = deadline_json(policy, "S2", _at("2026-11-27T17:30:00Z"), "usa", now=_at(now))
    reach = answer["reach"]
    assert reach["at"] == now
    assert [(line["region"], line["until"]) for line in reach["open"]] == open_regions
    for line in reach["open"]:
        assert line["phones"] and all(phone["tel"].startswith("+") for phone in line["phones"])
    if first is None:
        assert reach["offices_closed"] is None
    else:
        opens = reach["offices_closed"]["next_open"]
        assert (opens["id"], opens["at"]) == first
        # The routes the policy names while every office is closed come with it.
        assert "Escalate Case button" in answer["routes_while_closed"]
    assert reach["readings"] == ["office-holidays", "gmt-as-uk-time"]


def test_without_a_present_reach_is_at_the_time_reported(policy):
    answer = deadline_json(policy, "S2", _at("2026-12-05T12:00:00Z"), "usa")
    assert answer["reach"]["at"] == "2026-12-05T12:00:00Z"
    assert answer["reach"]["open"] == []


# priority, reported, region; the initial response's due time; the person first on duty then
# (role, region) or None and the next shift's region, start and first person
IF_MISSED = [
    ("S2", "2026-12-07T17:30:00Z", "usa", "2026-12-07T19:30:00Z",
     ("Dipen Shah", "Tier 1 Director", "USA"), None),
    ("S1", "2026-12-08T02:30:00Z", "apac", "2026-12-08T03:00:00Z",
     ("Dipen Shah", "Tier 1 Director", "APAC"), None),
    # On EMEA/UK's shift alone, which names nobody in Tier 1 (reading tier1-director-columns):
    # the first named person is named from their next shift, USA's at 05:00 PST.
    ("S1", "2026-12-07T10:00:00Z", "europe", "2026-12-07T10:30:00Z", None,
     ("USA", "2026-12-07T13:00:00Z", "Dipen Shah")),
    ("S1", "2026-12-05T12:00:00Z", "apac", "2026-12-05T12:30:00Z", None,
     ("APAC", "2026-12-06T21:00:00Z", "Dipen Shah")),
]


@pytest.mark.parametrize("priority, reported, region, due, on_duty, following", IF_MISSED)
def test_if_missed_names_the_first_person_on_duty_at_the_due_time(
        policy, priority, reported, region, due, on_duty, following):
    answer = deadline_json(policy, priority, _at(reported), region)
    missed = answer["if_missed"]
    assert answer["initial_response"]["due"] == due == missed["at"]
    assert missed["tier"] == {"id": "tier1", "name": "Tier 1 Support"}
    assert missed["sentence"].startswith("If the initial response is missed, escalate with the "
                                         "Escalate Case button in the Support Portal; ")
    if on_duty:
        name, role, shift = on_duty
        person = missed["on_duty"]
        assert (person["name"], person["role"], person["region_name"]) == on_duty
        assert missed["sentence"].endswith(f"in Tier 1 Support is {name} ({role}, {shift} shift)")
        assert missed["next"] is None
    else:
        assert missed["on_duty"] is None
        assert missed["sentence"].endswith("nobody named in Tier 1 Support is on duty then")
        nxt = missed["next"]
        assert (nxt["region_name"], nxt["from"], nxt["first"]["name"]) == following
    # It rests on the reading that picks the tier, and on what who is on duty rests on; the
    # answer lists them among its readings.
    assert missed["readings"][0] == "customer-case-tier"
    listed = [reading["id"] for reading in answer["readings"]]
    assert set(missed["readings"]) <= set(listed)


def test_without_a_tier_for_customer_cases_no_one_is_named(policy):
    escalation = dataclasses.replace(policy.escalation, case_tier=None)
    answer = deadline_json(dataclasses.replace(policy, escalation=escalation), "S2",
                           _at("2026-12-07T17:30:00Z"), "usa")
    assert answer["if_missed"] is None
    assert "customer-case-tier" not in [reading["id"] for reading in answer["readings"]]


@pytest.mark.parametrize("reported, said", [
    ("2026-12-07T17:30:00Z", "If the initial response is missed, escalate with the Escalate Case "
     "button in the Support Portal; the first named person on duty then in Tier 1 Support is "
     "Dipen Shah (Tier 1 Director, USA shift). [readings "),
    ("2026-12-05T12:00:00Z", "If the initial response is missed, escalate with the Escalate Case "
     "button in the Support Portal; nobody named in Tier 1 Support is on duty then. [readings "),
])
def test_the_cli_says_whom_to_escalate_to(reported, said):
    text = subprocess.run([sys.executable, "-m", "calculators", "deadline", "--priority", "S2",
                           "--region", "usa", "--at", reported], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout
    line = next(line for line in text.splitlines() if line.startswith("If the initial"))
    assert line.startswith(said)
    assert "reading 12: Which tier a customer escalates a missed target in" in text
