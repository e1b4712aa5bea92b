"""One time-label convention everywhere (issue 17, item 6): the formatter per zone and season,
the end of a day at local midnight, the data's zone labels and their validation, and the
built site's and the CLI's words checked against the convention."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys

import pytest

from calculators.browser import Answerer
from calculators.policy_json import to_json
from calculators.time_words import TimeWords, date, words
from conftest import DATA, ROOT
from policydata import DataError, load_policy

UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def shipped():
    return words(load_policy(DATA))


# instant (UTC), zone, how the moment is said
AT_CASES = {
    "London in summer: BST": ("2026-07-03T01:15Z", "Europe/London", "Fri 3 Jul 2026, 02:15 BST"),
    "London in winter: GMT": ("2026-12-03T09:00Z", "Europe/London", "Thu 3 Dec 2026, 09:00 GMT"),
    "Singapore: SGT, never +08": ("2026-07-03T01:00Z", "Asia/Singapore",
                                  "Fri 3 Jul 2026, 09:00 SGT"),
    "Sydney in January: AEDT": ("2026-01-05T03:00Z", "Australia/Sydney",
                                "Mon 5 Jan 2026, 14:00 AEDT"),
    "Sydney in July: AEST": ("2026-07-06T03:00Z", "Australia/Sydney",
                             "Mon 6 Jul 2026, 13:00 AEST"),
    "Los Angeles in winter: PST": ("2026-11-27T17:30Z", "America/Los_Angeles",
                                   "Fri 27 Nov 2026, 09:30 PST"),
    "Los Angeles in summer: PDT": ("2026-07-03T17:30Z", "America/Los_Angeles",
                                   "Fri 3 Jul 2026, 10:30 PDT"),
    "Paris in summer: CEST": ("2026-07-03T07:00Z", "Europe/Paris", "Fri 3 Jul 2026, 09:00 CEST"),
    "Tokyo, not labelled: its offset": ("2026-12-29T03:00Z", "Asia/Tokyo",
                                        "Tue 29 Dec 2026, 12:00 UTC+9"),
    "India, a half hour": ("2026-12-29T03:00Z", "Asia/Kolkata", "Tue 29 Dec 2026, 08:30 UTC+5:30"),
    "New York, west of UTC": ("2026-12-29T03:00Z", "America/New_York",
                              "Mon 28 Dec 2026, 22:00 UTC-5"),
    "UTC": ("2026-12-29T03:00Z", "UTC", "Tue 29 Dec 2026, 03:00 UTC"),
}


@pytest.mark.parametrize("at, zone, expected", AT_CASES.values(), ids=AT_CASES)
def test_a_moment_is_said_with_the_datas_label_or_its_offset(shipped, at, zone, expected):
    instant = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    assert shipped.at(instant, zone) == expected


# instant, zone, as an end (a due time, an "until"), as a start
END_CASES = {
    "midnight in Sydney ends the day before": (
        "2026-12-29T13:00Z", "Australia/Sydney", "end of Tue 29 Dec 2026 (24:00 AEDT)",
        "Wed 30 Dec 2026, 00:00 AEDT"),
    "midnight in UTC": ("2026-12-30T00:00Z", "UTC", "end of Tue 29 Dec 2026 (24:00 UTC)",
                        "Wed 30 Dec 2026, 00:00 UTC"),
    "midnight on the 1st ends the month before": (
        "2027-01-01T08:00Z", "America/Los_Angeles", "end of Thu 31 Dec 2026 (24:00 PST)",
        "Fri 1 Jan 2027, 00:00 PST"),
    "a minute past midnight is no end of a day": (
        "2026-12-29T13:01Z", "Australia/Sydney", "Wed 30 Dec 2026, 00:01 AEDT",
        "Wed 30 Dec 2026, 00:01 AEDT"),
    "midnight in Sydney is 13:00 in UTC, no end there": (
        "2026-12-29T13:00Z", "UTC", "Tue 29 Dec 2026, 13:00 UTC", "Tue 29 Dec 2026, 13:00 UTC"),
}


@pytest.mark.parametrize("at, zone, as_end, as_start", END_CASES.values(), ids=END_CASES)
def test_an_end_at_local_midnight_is_the_end_of_the_day_before(shipped, at, zone, as_end,
                                                                 as_start):
    instant = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    assert (shipped.end(instant, zone), shipped.at(instant, zone)) == (as_end, as_start)


def test_dates_use_short_english_names():
    assert [date(dt.date(2026, 12, 28) + dt.timedelta(days=n)) for n in range(7)] == [
        "Mon 28 Dec 2026", "Tue 29 Dec 2026", "Wed 30 Dec 2026", "Thu 31 Dec 2026",
        "Fri 1 Jan 2027", "Sat 2 Jan 2027", "Sun 3 Jan 2027"]


def test_without_labels_every_zone_is_said_by_its_offset():
    instant = dt.datetime(2026, 7, 3, 1, 15, tzinfo=UTC)
    assert TimeWords().at(instant, "Europe/London") == "Fri 3 Jul 2026, 02:15 UTC+1"


# --- the widgets' answers ------------------------------------------------------------------

def test_the_widget_answer_words_every_instant_in_python(policy):
    answer = Answerer(_json(policy)).answer_dict(
        {"kind": "deadline", "priority": "S3", "region": "apac", "tz": "Asia/Tokyo",
         "date": "2026-07-03", "time": "17:00"})
    instants = {answer["reported_at"], answer["initial_response"]["due"],
                *(update["due"] for update in answer["updates"])}
    assert instants <= answer["shown"].keys()
    assert all(set(zones) == {"Asia/Tokyo", "Asia/Singapore"}
               for zones in answer["shown"].values())
    assert answer["shown"][answer["reported_at"]] == {
        "Asia/Tokyo": "Fri 3 Jul 2026, 17:00 UTC+9", "Asia/Singapore": "Fri 3 Jul 2026, 16:00 SGT"}
    # Update 2 falls at midnight in Singapore: its end wording is there, for that zone only.
    assert answer["shown_end"] == {"2026-07-08T16:00:00Z": {
        "Asia/Singapore": "end of Wed 8 Jul 2026 (24:00 SGT)"}}
    assert answer["at_input"] == {"date": "2026-07-03", "time": "17:00"}
    assert answer["tz"] == "Asia/Tokyo"


def _json(policy) -> str:
    import json

    return json.dumps(to_json(policy))


# --- the data's labels ---------------------------------------------------------------------

# (old text, new text) in contacts.yaml; the message at its place
LABEL_EDITS = {
    "a typo of tzdata's letters": (
        "America/Los_Angeles: {standard: PST", "America/Los_Angeles: {standard: PTS",
        "America/Los_Angeles: {standard: PTS", "PTS",
        "'PTS' is not what the tz database calls standard time in America/Los_Angeles (PST); "
        "write standard: PST"),
    "a zone with DST and no daylight label": (
        "Europe/London: {standard: GMT, daylight: BST}", "Europe/London: {standard: GMT}",
        "Europe/London: {standard: GMT}", "Europe/London",
        "Europe/London keeps daylight saving time in 2025-2030, yet has no daylight label; "
        "add daylight: BST"),
    "a zone without DST given a daylight label": (
        "Asia/Singapore: {standard: SGT}", "Asia/Singapore: {standard: SGT, daylight: SGST}",
        "Asia/Singapore: {standard: SGT, daylight: SGST}", "SGST",
        "Asia/Singapore keeps no daylight saving time in 2025-2030; remove daylight and keep "
        "only standard"),
    "a zone a region uses without labels": (
        "  Australia/Sydney: {standard: AEST, daylight: AEDT}\n", "",
        "zone: Australia/Sydney", "Australia/Sydney",
        "Australia/Sydney has no labels under zone_labels; add Australia/Sydney: "
        "{standard: <its abbreviation, such as PST>, daylight: <such as PDT>}, leaving daylight "
        "out for a zone without daylight saving time"),
    "an unknown zone": (
        "Europe/Paris: {standard: CET", "Europe/Pariss: {standard: CET",
        "Europe/Pariss: {standard: CET", "Europe/Pariss",
        "'Europe/Pariss' is not an IANA time zone such as \"Europe/London\": did you mean "
        "'Europe/Paris'?"),
    "an offset is no label": (
        "Asia/Singapore: {standard: SGT}", 'Asia/Singapore: {standard: "+08"}',
        'Asia/Singapore: {standard: "+08"}', '"+08"',
        "'+08' is not a time zone abbreviation in capital letters, such as \"PST\""),
}


@pytest.mark.parametrize("old, new, line_with, column_at, message", LABEL_EDITS.values(),
                         ids=LABEL_EDITS)
def test_zone_labels_are_checked_at_their_place(tmp_path, old, new, line_with, column_at,
                                                message):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    contacts = data / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    contacts.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    line = next(n for n, line in enumerate(lines, start=1) if line_with in line)
    column = lines[line - 1].index(column_at, lines[line - 1].index(line_with)) + 1
    with pytest.raises(DataError) as raised:
        load_policy(data)
    found = [(p.line, p.column, p.message) for p in raised.value.problems]
    assert found == [(line, column, message)]
    assert str(raised.value).startswith(f"{contacts}:{line}:{column}: ")


# --- the built site and the CLI ------------------------------------------------------------

FULL_NAMES = ("January|February|March|April|May|June|July|August|September|October|November|"
              "December")
FULL_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
FORBIDDEN = {
    "Intl's offsets": re.compile(r"GMT[+-]\d"),
    "tzdata's numeric abbreviations after a time": re.compile(r"\d\d:\d\d [+-]\d\d\b"),
    "a full month name in a date": re.compile(rf"\b\d{{1,2}} ({FULL_NAMES}) \d{{4}}\b|"
                                             rf"\b({FULL_NAMES}) \d{{1,2}}, \d{{4}}\b"),
    "a full day name in a date": re.compile(rf"\b({FULL_DAYS}),? \d{{1,2}} [A-Z][a-z]+\b|"
                                           rf"<td>({FULL_DAYS})</td>"),
    "a midnight end read as a start": re.compile(r"(due|until) [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} "
                                                 r"\d{4}, 00:00"),
}


def test_the_built_site_keeps_the_convention(site):
    found = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for rule, pattern in FORBIDDEN.items():
            found += [f"{path.relative_to(site)}: {rule}: {match.group(0)!r}"
                      for match in pattern.finditer(text)]
    assert not found


def test_the_built_site_labels_its_utc_hours(site):
    contact = (site / "contact" / "index.html").read_text(encoding="utf-8")
    assert "UTC (PST)" in contact and "UTC (PDT)" in contact
    assert "UTC (GMT)" in contact and "UTC (BST)" in contact


CLI_CASES = {
    "deadline in London in summer": (
        ["deadline", "--priority", "S2", "--region", "europe", "--at", "2026-07-03T17:00",
         "--tz", "Europe/London"],
        "reported Fri 3 Jul 2026, 17:00 BST (Fri 3 Jul 2026, 16:00 UTC)"),
    "deadline in Singapore, with a midnight end": (
        ["deadline", "--priority", "S3", "--region", "apac", "--at", "2026-07-03T17:00",
         "--tz", "Asia/Singapore"],
        "Update 2 due end of Wed 8 Jul 2026 (24:00 SGT; Wed 8 Jul 2026, 16:00 UTC)"),
    "escalation in Sydney's summer": (
        ["escalation", "--tier", "tier1", "--at", "2026-12-29T03:00Z"],
        "On duty: APAC until Tue 29 Dec 2026, 17:00 AEDT (Tue 29 Dec 2026, 06:00 UTC)"),
}


@pytest.mark.parametrize("args, line", CLI_CASES.values(), ids=CLI_CASES)
def test_the_cli_uses_the_labels(args, line):
    done = subprocess.run([sys.executable, "-m", "calculators", *args], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert line in done.stdout
    for rule, pattern in FORBIDDEN.items():
        assert not pattern.search(done.stdout), rule
