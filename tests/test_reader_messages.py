"""What the browser's calculator says to a reader about a question it cannot answer: each wrong
field named, the reader's own input quoted (shortened), the choices by the names the form
shows, and what to do in the reader's words. The CLI keeps its own wording, for staff."""

from __future__ import annotations

import json

import pytest

from calculators.browser import Answerer, reader_zone
from calculators.policy_json import to_json

AT = "2026-11-27T17:30:00Z"
DEADLINE = {"kind": "deadline", "priority": "S2", "region": "usa", "tz": "UTC"}
ESCALATION = {"kind": "escalation", "tier": "tier1", "tz": "UTC"}

CASES = [
    # request, [(field, message)], what could still be read: (tz, at)
    (DEADLINE | {"priority": "S9", "at": AT},
     [("priority", "There is no priority “S9”. Choose S1, S2 or S3.")], ("UTC", AT)),
    (DEADLINE | {"priority": "", "at": AT},
     [("priority", "Choose a priority: S1, S2 or S3.")], ("UTC", AT)),
    (DEADLINE | {"region": "mars", "at": AT},
     [("region", "There is no support region “mars”. Choose USA, Europe or APAC. Or leave it "
                 "to the region nearest to your time zone.")], ("UTC", AT)),
    (ESCALATION | {"tier": "tier2-partnr", "at": AT},
     [("tier", "There is no tier “tier2-partnr”. Choose Tier 1 Support, Tier 2 Support or "
               "Tier 2 Partner Support.")], ("UTC", AT)),
    (DEADLINE | {"at": "garbage"},
     [("at", "The time “garbage” is not a date and time this calculator can read. Give the "
             "date and time in the form.")], ("UTC", None)),
    (DEADLINE | {"at": ""},
     [("at", "The time “” is not a date and time this calculator can read. Give the date and "
             "time in the form.")], ("UTC", None)),
    (DEADLINE | {"at": "2026-12-01"},
     [("at", "The time “2026-12-01” is not a date and time this calculator can read. Give the "
             "date and time in the form.")], ("UTC", None)),
    (DEADLINE | {"at": "2026-02-30T10:00"},
     [("at", "The time “2026-02-30T10:00” is not a date and time this calculator can read. "
             "Give the date and time in the form.")], ("UTC", None)),
    (DEADLINE | {"date": "", "time": ""},
     [("date", "Give the whole date: day, month and year."),
      ("time", "Give the time on the 24-hour clock, such as 09:30 or 17:45.")], ("UTC", None)),
    (DEADLINE | {"date": "2026-02-30", "time": "9.30"},
     [("date", "“2026-02-30” is not a day of the calendar. Check the day and the month.")],
     ("UTC", None)),
    (DEADLINE | {"date": "0202", "time": "24:00"},
     [("date", "“0202” is not a date. Give it as year-month-day, such as 2026-11-27."),
      ("time", "“24:00” is not a time on the 24-hour clock. Give hours and minutes, such as "
               "09:30 or 17:45.")], ("UTC", None)),
    (DEADLINE | {"tz": "Amer", "date": "2026-11-27", "time": "09:30"},
     [("tz", "“Amer” is not a time zone known here. Type a city or a zone name, such as London "
             "or Europe/London, and pick one of the suggestions.")], (None, None)),
    (DEADLINE | {"tz": "Europe/Londn", "at": AT},
     [("tz", "“Europe/Londn” is not a time zone known here. Type a city or a zone name, such "
             "as London or Europe/London, and pick one of the suggestions. Did you mean "
             "Europe/London, Europe/Lisbon or Europe/Vienna?")], (None, AT)),
    (DEADLINE | {"tz": "Z" * 5000, "at": AT},
     [("tz", "“" + "Z" * 39 + "…” is not a time zone known here. Type a city or a zone name, "
             "such as London or Europe/London, and pick one of the suggestions.")], (None, AT)),
    (DEADLINE | {"tz": "America/Los_Angeles", "date": "2026-11-01", "time": "01:30"},
     [("time", "01:30 on 2026-11-01 happens twice in America/Los_Angeles: the clocks go back. "
               "Choose under “Clock change” whether you mean the first, before the change "
               "(UTC-07:00, which is 08:30 UTC), or the second, after it (UTC-08:00, which is "
               "09:30 UTC).")], ("America/Los_Angeles", None)),
    (DEADLINE | {"tz": "America/Los_Angeles", "at": "2026-03-08T02:30"},
     [("at", "02:30 on 2026-03-08 does not exist in America/Los_Angeles: the clocks skip it "
             "when they go forward. Give another time, or choose under “Clock change” how to "
             "read it: with the offset before the change (UTC-08:00, which is 10:30 UTC) or "
             "after it (UTC-07:00, which is 09:30 UTC).")], ("America/Los_Angeles", None)),
    (DEADLINE | {"region": "europe", "date": "2031-01-02", "time": "10:00"},
     [("date", "Holidays are known here only for 2025 to 2030, and this answer needs a day "
               "outside those years. Choose a date within them.")],
     ("UTC", "2031-01-02T10:00:00Z")),
    (DEADLINE | {"priority": "S0", "region": "moon", "tz": "Nowhere", "at": "soon"},
     [("priority", "There is no priority “S0”. Choose S1, S2 or S3."),
      ("tz", "“Nowhere” is not a time zone known here. Type a city or a zone name, such as "
             "London or Europe/London, and pick one of the suggestions."),
      ("at", "The time “soon” is not a date and time this calculator can read. Give the date "
             "and time in the form."),
      ("region", "There is no support region “moon”. Choose USA, Europe or APAC. Or leave it "
                 "to the region nearest to your time zone.")], (None, None)),
    ({"kind": "weather"},
     [("general", "This page asked the calculator something it does not know (“weather”). "
                  "Reload the page.")], (None, None)),
]


@pytest.fixture(scope="module")
def answerer(policy):
    return Answerer(json.dumps(to_json(policy)))


@pytest.mark.parametrize("request_, errors, readable", CASES)
def test_each_wrong_field_is_said_in_readers_words(answerer, request_, errors, readable):
    answer = answerer.answer_dict(request_)
    assert [(error["field"], error["message"]) for error in answer["errors"]] == errors
    assert (answer["tz"], answer["at"]) == readable


@pytest.mark.parametrize("request_, choose_fold", [
    (DEADLINE | {"tz": "Europe/London", "date": "2026-10-25", "time": "01:30"}, True),
    (DEADLINE | {"tz": "Europe/London", "date": "2026-13-25", "time": "01:30"}, False),
])
def test_a_clock_change_offers_the_choice(answerer, request_, choose_fold):
    errors = answerer.answer_dict(request_)["errors"]
    assert [error.get("choose_fold", False) for error in errors] == [choose_fold]


@pytest.mark.parametrize("sent, meant", [
    ("2026-11-30T09:00:00 05:30", "2026-11-30T03:30:00Z"),  # "+05:30" unencoded in a link
    ("2026-11-30T09:00 0530", "2026-11-30T03:30:00Z"),
    ("2026-11-30T09:00:00+05:30", "2026-11-30T03:30:00Z"),
    ("2026-11-30T09:00:00-05:00", "2026-11-30T14:00:00Z"),
    ("2026-11-30T09:00:00Z", "2026-11-30T09:00:00Z"),
    ("2026-11-30T09:00", "2026-11-30T09:00:00Z"),  # local, in the request's zone (UTC)
])
def test_a_link_time_is_read_as_meant(answerer, sent, meant):
    assert answerer.answer_dict(DEADLINE | {"at": sent})["reported_at"] == meant


@pytest.mark.parametrize("typed, zone", [
    ("Europe/London", "Europe/London"),
    ("London", "Europe/London"),
    ("london", "Europe/London"),
    ("New York", "America/New_York"),
    ("europe/paris", "Europe/Paris"),
    ("utc", "UTC"),
    ("UTC", "UTC"),
    ("Amer", None),
    ("", None),
    ("Mars/Base", None),
])
def test_a_city_names_its_zone(typed, zone):
    assert reader_zone(typed) == zone


def test_a_city_is_answered_in_its_zone(answerer):
    answer = answerer.answer_dict(DEADLINE | {"tz": "London", "date": "2026-07-01",
                                              "time": "09:00"})
    assert (answer["tz"], answer["reported_at"]) == ("Europe/London", "2026-07-01T08:00:00Z")
