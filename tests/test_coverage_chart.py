"""The coverage chart says what the calculators say: every band is a time someone is on duty (or
an office open), every gap a time nobody is, in the reader's zone, across DST and holidays."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from calculators.coverage_chart import week_chart
from calculators.escalation import escalation, open_status
from calculators.instants import UTC, zone

CASES = [
    # view, zone, a day in the week
    ("tier1", "UTC", "2026-11-30"),
    ("tier1", "Asia/Kolkata", "2026-07-15"),
    ("tier2", "America/New_York", "2026-03-09"),  # US clocks changed on the Sunday before
    ("tier2-partner", "Australia/Sydney", "2026-04-01"),  # Sydney's clocks go back on Sunday
    ("support", "UTC", "2026-11-23"),  # Thanksgiving
    ("support", "Europe/London", "2026-12-21"),  # Christmas
    ("support", "Pacific/Auckland", "2026-09-28"),
]


def _instant(day: str, clock: str, tz) -> dt.datetime:
    hours, minutes = map(int, clock.split(":"))
    base = dt.datetime.fromisoformat(day).replace(tzinfo=tz)
    return (base + dt.timedelta(hours=hours, minutes=minutes)).astimezone(UTC) \
        if clock != "24:00" else (dt.datetime.fromisoformat(day) + dt.timedelta(days=1)) \
        .replace(tzinfo=tz).astimezone(UTC)


def _on(policy, view: str, label: str, at: dt.datetime) -> bool:
    if view == "support":
        region = next(r for r in policy.support_regions if r.name == label)
        return open_status(policy, region.id, at).open
    return label in {duty.region.name for duty in escalation(policy, view, at).on_duty}


@pytest.mark.parametrize("view, zone_name, day", CASES)
def test_bands_and_gaps_are_the_calculators_answers(policy, view, zone_name, day):
    tz = zone(zone_name)
    chart = week_chart(policy, view, zone_name, dt.date.fromisoformat(day))
    for row in chart["rows"]:
        for lane in row["lanes"]:
            for span in lane["open"]:
                start, end = (_instant(row["day"], clock, tz) for clock in span.split("-"))
                for at in (start, end - dt.timedelta(minutes=1)):
                    assert _on(policy, view, lane["label"], at), (row["day"], lane, at)
        for span in row["gaps"]:
            start, end = (_instant(row["day"], clock, tz) for clock in span.split("-"))
            for at in (start, start + (end - start) / 2, end - dt.timedelta(minutes=1)):
                assert not any(_on(policy, view, label, at) for label in chart["lanes"]), at


def test_a_clock_change_moves_the_band(policy):
    """USA's shift starts at 13:00 UTC in winter; after the US clocks change on Sunday 8 March
    2026 it starts at 12:00, and the chart's Monday shows it."""
    before = week_chart(policy, "tier1", "UTC", dt.date(2026, 3, 2))
    after = week_chart(policy, "tier1", "UTC", dt.date(2026, 3, 9))
    assert before["rows"][0]["lanes"][0]["open"] == ["13:00-24:00"]
    assert after["rows"][0]["lanes"][0]["open"] == ["12:00-24:00"]


def test_holidays_are_marked(policy):
    chart = week_chart(policy, "support", "UTC", dt.date(2026, 11, 26))
    thursday = chart["rows"][3]
    # Only Wednesday's hours, which run past midnight in UTC: Thursday's never open.
    assert (thursday["label"], thursday["lanes"][0]) == (
        "Thu 26 Nov", {"label": "USA", "open": ["00:00-02:00"], "holidays": ["Thanksgiving Day"]})
    titles = [t.text for t in ET.fromstring(chart["svg"]).iter("{http://www.w3.org/2000/svg}title")]
    assert "USA closed: Thanksgiving Day" in titles
    assert "Thu 26 Nov: USA closed, Thanksgiving Day" in chart["holidays"]


def test_gaps_in_words_and_the_now_marker(policy):
    now = dt.datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    chart = week_chart(policy, "tier1", "UTC", dt.date(2026, 11, 30), now=now)
    assert chart["gaps"] == [f"{day} 06:00-08:00" for day in
                             ("Mon 30 Nov", "Tue 1 Dec", "Wed 2 Dec", "Thu 3 Dec", "Fri 4 Dec")] \
        + ["Sat 5 Dec 02:00 - Sun 6 Dec 21:00"]
    svg = ET.fromstring(chart["svg"])
    (marker,) = [e for e in svg.iter() if e.get("class") == "cov-now"]
    assert float(marker.get("x1")) == 92 + 7.5 * 30
    assert (chart["previous"], chart["week"], chart["next"]) == (
        "2026-11-23", "2026-11-30", "2026-12-07")


def test_text_from_the_data_is_escaped(policy):
    import dataclasses

    tier = policy.escalation.tiers[0]
    region = dataclasses.replace(tier.shifts[0].region, name='<script>alert("x")</script>')
    hostile = dataclasses.replace(policy, escalation=dataclasses.replace(
        policy.escalation, tiers=(dataclasses.replace(tier, shifts=(
            dataclasses.replace(tier.shifts[0], region=region), *tier.shifts[1:])),)))
    svg = week_chart(hostile, "tier1", "UTC", dt.date(2026, 11, 30))["svg"]
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # still well-formed XML


@pytest.mark.parametrize("request_fields, expected", [
    ({"view": "tier1", "tz": "Europe/Paris", "at": "2026-11-30T09:04:00Z"},
     {"week": "2026-11-30", "zone": "Europe/Paris"}),
    ({"view": "support", "tz": "UTC", "at": "2026-11-30T09:04:00Z", "week": "2027-03-10"},
     {"week": "2027-03-08", "zone": "UTC"}),
    ({"view": "tier9", "tz": "UTC", "at": "2026-11-30T09:04:00Z"},
     {"errors": [{"field": "view", "message":
                  "There is no chart “tier9”. Choose support, tier1, tier2 or tier2-partner."}]}),
    ({"view": "support", "tz": "UTC", "at": "2026-11-30T09:04:00Z", "week": "2031-06-01"},
     {"errors": [{"field": "week", "message":
                  "The week of Mon 26 May 2031 cannot be shown: holidays are known only for 2025 to "
                  "2030. Choose a week within those years."}]}),
])
def test_the_worker_draws_the_chart(policy, request_fields, expected):
    import json

    from calculators.browser import Answerer
    from calculators.policy_json import to_json

    answer = Answerer(json.dumps(to_json(policy))).answer_dict({"kind": "coverage",
                                                               **request_fields})
    assert {key: answer.get(key) for key in expected} == expected


# A gap that runs over the chart's first or last instant is worded to its real ends: the reader
# asks "until when?", and the escalation calculator's "next on duty" answers the same.
EDGE_CASES = [
    # view, zone, a day in the week, the first gap in words, the last
    ("support", "Australia/Sydney", "2026-12-02",
     "Sat 28 Nov 13:00 - Mon 30 Nov 12:00", "Sat 5 Dec 13:00 - Mon 7 Dec 12:00"),
    ("support", "Europe/London", "2026-12-02",
     "Sat 28 Nov 02:00 - Mon 30 Nov 01:00", "Sat 5 Dec 02:00 - Mon 7 Dec 01:00"),
    ("tier1", "Asia/Tokyo", "2026-12-02",
     "Sat 28 Nov 11:00 - Mon 30 Nov 06:00", "Sat 5 Dec 11:00 - Mon 7 Dec 06:00"),
    # The second week of the holiday years: the weekend before is still within them.
    ("support", "UTC", "2025-01-08", "Sat 4 Jan 02:00 - Mon 6 Jan 01:00",
     "Sat 11 Jan 02:00 - Mon 13 Jan 01:00"),
]


@pytest.mark.parametrize("view, zone_name, day, first, last", EDGE_CASES)
def test_a_gap_over_the_weeks_edge_is_worded_to_its_real_end(policy, view, zone_name, day,
                                                             first, last):
    chart = week_chart(policy, view, zone_name, dt.date.fromisoformat(day))
    assert (chart["gaps"][0], chart["gaps"][-1]) == (first, last)


@pytest.mark.parametrize("view, tz", [("tier1", "Asia/Tokyo"), ("tier2", "Australia/Sydney"),
                                      ("support", "Pacific/Auckland")])
def test_the_weekend_gap_ends_when_the_calculators_say_it_does(policy, view, tz):
    saturday_noon = dt.datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    chart = week_chart(policy, view, tz, dt.date(2026, 12, 2))
    if view == "support":
        ends = min(open_status(policy, r.id, saturday_noon).changes_at
                   for r in policy.support_regions)
    else:
        ends = escalation(policy, view, saturday_noon).next.starts
    assert chart["gaps"][-1].endswith(f"{ends.astimezone(zone(tz)):%a %-d %b %H:%M}")


def test_an_end_that_is_not_known_is_said_so():
    from calculators.coverage_chart import _span_words

    span = (dt.datetime(2030, 12, 28, 2, tzinfo=UTC), dt.datetime(2030, 12, 30, tzinfo=UTC))
    assert _span_words(span, UTC, after=" or later") == \
        "Sat 28 Dec 02:00 - Mon 30 Dec 00:00 or later"
