"""The command line as a contract: exit codes, the two output forms, one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from calculators.cli import main
from conftest import DATA, ROOT

DEADLINE = ["deadline", "--priority", "S2", "--at", "2026-11-27T17:30:00Z", "--region", "usa"]
ESCALATION = ["escalation", "--tier", "tier1", "--at", "2026-11-27T17:30:00Z"]


@pytest.fixture(autouse=True)
def in_the_checkout(monkeypatch):
    # --data defaults to ./data, as for staff running the commands from the checkout.
    monkeypatch.chdir(ROOT)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse leaves through SystemExit
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


# The shipped readings by number, as an answer's closing list names them; none is confirmed.
READING_TITLES = {
    1: "Which time counts towards an initial response",
    2: "Which time counts between S1 updates",
    3: 'What "(business days)" counts',
    4: "Which holidays each office observes",
    5: '"GMT" in Europe\'s support hours',
    6: "Which days the escalation shifts run",
    7: "APAC's Tier 1 hours",
    8: '"AEST" in APAC\'s escalation hours',
    9: '"CET" in EMEA/UK\'s escalation hours',
    10: "Where the Tier 1 Director is named",
    11: "Where the Tier 2 Partner Director is named",
    12: "Which tier a customer escalates a missed target in",
}

# A deadline answer ends with whom to escalate to if the initial response is missed: in Tier 1
# Support, the tier the data names for customer cases (reading 12), whose on-duty answer rests
# on readings 6 to 10.
IF_MISSED = ("If the initial response is missed, escalate with the Escalate Case button in the "
             "Support Portal; ")
IF_MISSED_MARK = "[readings 6, 7, 8, 9, 10, 12]"
DIPEN_USA = (f"{IF_MISSED}the first named person on duty then in Tier 1 Support is Dipen Shah "
             f"(Tier 1 Director, USA shift). {IF_MISSED_MARK}")


def rests_on(*numbers: int) -> list[str]:
    """The lines that end a text answer resting on these unconfirmed readings."""
    return ["Rests on the site's readings of the policy, not confirmed by the policy owner "
            '(see "How the answers are worked out"):',
            *(f"  reading {number}: {READING_TITLES[number]}" for number in numbers)]


def test_deadline_text(capsys):
    # Fri 09:30 PST; initial 2 h 24x7; updates: 12.5 h of Fri + 11.5 h of Mon, then whole days.
    # The 24x7 initial response rests on reading 1; business days on 3 and the holidays (4).
    code, out, err = run(DEADLINE, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "S2 (Production impaired) in the USA support region, reported Fri 27 Nov 2026, 09:30 PST (Fri 27 Nov 2026, 17:30 UTC)",
        "Initial response due Fri 27 Nov 2026, 11:30 PST (Fri 27 Nov 2026, 19:30 UTC) [reading 1]",
        "Update 1 due Mon 30 Nov 2026, 11:30 PST (Mon 30 Nov 2026, 19:30 UTC) [readings 3, 4]",
        "Update 2 due Tue 1 Dec 2026, 11:30 PST (Tue 1 Dec 2026, 19:30 UTC) [readings 3, 4]",
        "Update 3 due Wed 2 Dec 2026, 11:30 PST (Wed 2 Dec 2026, 19:30 UTC) [readings 3, 4]",
        "The initial response is due 2 hours after the report and each update 24 hours after "
        "the one before; the site counts the initial response on the 24x7 clock, where every "
        "real minute counts, day and night, and the updates on the business days clock, where "
        "only whole days Mon-Fri in America/Los_Angeles that are not US federal holidays count, "
        "each as the real time it lasts.",
        DIPEN_USA,
        *rests_on(1, 3, 4, 6, 7, 8, 9, 10, 12),
    ]


def test_deadline_json(capsys):
    code, out, err = run(DEADLINE + ["--json", "--updates", "2"], capsys)
    assert (code, err) == (0, "")
    answer = json.loads(out)
    assert answer["reported_at"] == "2026-11-27T17:30:00Z"
    assert answer["initial_response"] == {
        "minutes": 120, "duration": "2 hours", "clock": "24x7",
        "readings": ["initial-response-clock"],
        "due": "2026-11-27T19:30:00Z", "due_local": "2026-11-27T11:30:00-08:00",
        "offices_closed": None}
    # Business days rest on their reading and on what the region's holidays are.
    assert answer["update_interval"] == {
        "minutes": 1440, "duration": "24 hours", "clock": "business_days",
        "readings": ["business-days", "office-holidays"], "until": None}
    assert answer["updates"] == [
        {"number": 1, "due": "2026-11-30T19:30:00Z", "due_local": "2026-11-30T11:30:00-08:00",
         "offices_closed": None},
        {"number": 2, "due": "2026-12-01T19:30:00Z", "due_local": "2026-12-01T11:30:00-08:00",
         "offices_closed": None},
    ]
    # Every due time falls in USA office hours: no office-closed routes. The readings are the
    # due times', the offices' (for reaching support then) and who is on duty in Tier 1's.
    assert answer["routes_while_closed"] is None
    assert answer["readings"] == [
        _reading_json(reading_id, number) for reading_id, number in [
            ("initial-response-clock", 1), ("business-days", 3), ("office-holidays", 4),
            ("gmt-as-uk-time", 5), ("shift-days", 6), ("apac-tier1-hours", 7),
            ("aest-as-sydney-time", 8), ("cet-as-central-european-time", 9),
            ("tier1-director-columns", 10), ("customer-case-tier", 12)]]


# Who is on duty in a tier rests on its shifts' days and zones (6, 8, 9); Tier 1 also on its
# APAC hours (7) and where its Director is placed (10), Tier 2 Partner on its Director's (11).
TIER1_MARK, TIER2_MARK, PARTNER_MARK = (
    "[readings 6, 7, 8, 9, 10]", "[readings 6, 8, 9]", "[readings 6, 8, 9, 11]")


def test_escalation_text(capsys):
    code, out, err = run(ESCALATION, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Tier 1 Support at Fri 27 Nov 2026, 17:30 UTC {TIER1_MARK}",
        BUTTON,
        "On duty: USA until Fri 27 Nov 2026, 18:00 PST (Sat 28 Nov 2026, 02:00 UTC)",
        "  1. Tier 1 Director: Dipen Shah, Phone +1 209-362-3905, dipen.shah@8x8.com",
        "  Vacant in USA: Tier 1 Lead, Tier 1 Team Manager.",
        *rests_on(6, 7, 8, 9, 10),
    ]


# The seed's real gaps, as a reader at a terminal meets them: one sentence saying nobody named
# is on duty, then the routes that exist, then who is first when the next shift starts.
# Every answer leads with the route the policy names first.
BUTTON = ("Escalate Case: The Escalate Case button is visible in the upper right of the case "
          "page within the 8x8 Support Portal (My 8x8).")
DIPEN = "Tier 1 Director: Dipen Shah, Phone +1 209-362-3905, dipen.shah@8x8.com"
APAC_LINE = ("  Support line, APAC, open until Mon 30 Nov 2026, 18:00 SGT (Mon 30 Nov 2026, 10:00 UTC): "
             "ANZ +61 1800 648 574, Direct +61 1300 088 917")
# Every support office closed at the escalation: the first to open, then, after the answer,
# the policy's routes for such times (out_of_hours in contacts.yaml).
ALL_CLOSED_NOW = "  Every support office is closed now; the first to open is APAC, "
WHILE_CLOSED = (
    "While every office is closed: Support is provided via chat and the 8x8 Support Portal "
    "(My 8x8) as well as by telephone; to escalate a case, use the Escalate Case button in the "
    "upper right of the case page in the portal. The policy does not say when chat and the "
    "portal are staffed.")
EUROPE_LINE = ("  Support line, Europe, open until Mon 30 Nov 2026, 18:00 GMT (Mon 30 Nov 2026, 18:00 UTC): UK +44 20 7096 6060")
ESCALATION_GAPS = {
    # Mon 10:04 CET: EMEA/UK is on duty and every Tier 1 role there is vacant.
    "tier1 EMEA names nobody": ("tier1", "2026-11-30T09:04:00Z", [
        f"Tier 1 Support at Mon 30 Nov 2026, 09:04 UTC {TIER1_MARK}",
        BUTTON,
        "Nobody named is on duty in Tier 1 Support: every role in EMEA/UK is vacant.",
        "On duty: EMEA/UK until Mon 30 Nov 2026, 18:30 CET (Mon 30 Nov 2026, 17:30 UTC)",
        "Other routes:",
        f"  {DIPEN}",
        "    USA: next shift from Mon 30 Nov 2026, 05:00 PST (Mon 30 Nov 2026, 13:00 UTC) to "
        "Mon 30 Nov 2026, 18:00 PST (Tue 1 Dec 2026, 02:00 UTC)",
        "    APAC: next shift from Tue 1 Dec 2026, 08:00 AEDT (Mon 30 Nov 2026, 21:00 UTC) to "
        "Tue 1 Dec 2026, 17:00 AEDT (Tue 1 Dec 2026, 06:00 UTC)",
        EUROPE_LINE,
        APAC_LINE,
        # The open support lines rest on the offices' holidays (4) and Europe's hours (5).
        *rests_on(4, 5, 6, 7, 8, 9, 10),
    ]),
    # Tier 2 names nobody anywhere: the button and the open support lines are all there is.
    "tier2 vacant everywhere": ("tier2", "2026-11-30T09:04:00Z", [
        f"Tier 2 Support at Mon 30 Nov 2026, 09:04 UTC {TIER2_MARK}",
        BUTTON,
        "Nobody named is on duty in Tier 2 Support: every role in EMEA/UK is vacant.",
        "On duty: EMEA/UK until Mon 30 Nov 2026, 18:30 CET (Mon 30 Nov 2026, 17:30 UTC)",
        "Other routes:",
        EUROPE_LINE,
        APAC_LINE,
        *rests_on(4, 5, 6, 8, 9),
    ]),
    # Saturday: no shift and no support office; Sydney's Monday 08:00 AEDT is Sun 21:00Z.
    # Singapore's office opens first, at 09:00 (+08) on Monday; the routes for such times end
    # the answer.
    "tier1 weekend": ("tier1", "2026-11-28T17:30:00Z", [
        f"Tier 1 Support at Sat 28 Nov 2026, 17:30 UTC {TIER1_MARK}",
        BUTTON,
        f"{ALL_CLOSED_NOW}Mon 30 Nov 2026, 09:00 SGT (Mon 30 Nov 2026, 01:00 UTC) [readings 4, 5]",
        "Nobody in Tier 1 Support is on duty at this time.",
        "Other routes:",
        f"  {DIPEN}",
        "    USA: next shift from Mon 30 Nov 2026, 05:00 PST (Mon 30 Nov 2026, 13:00 UTC) to "
        "Mon 30 Nov 2026, 18:00 PST (Tue 1 Dec 2026, 02:00 UTC)",
        "    APAC: next shift from Mon 30 Nov 2026, 08:00 AEDT (Sun 29 Nov 2026, 21:00 UTC) to "
        "Mon 30 Nov 2026, 17:00 AEDT (Mon 30 Nov 2026, 06:00 UTC)",
        # Dipen Shah is named among the routes above: not again.
        "Next on duty: APAC from Mon 30 Nov 2026, 08:00 AEDT (Sun 29 Nov 2026, 21:00 UTC); first: "
        "Tier 1 Director, named above.",
        WHILE_CLOSED,
        *rests_on(4, 5, 6, 7, 8, 9, 10),
    ]),
    "tier2 weekend": ("tier2", "2026-11-28T17:30:00Z", [
        f"Tier 2 Support at Sat 28 Nov 2026, 17:30 UTC {TIER2_MARK}",
        BUTTON,
        f"{ALL_CLOSED_NOW}Mon 30 Nov 2026, 09:00 SGT (Mon 30 Nov 2026, 01:00 UTC) [readings 4, 5]",
        "Nobody in Tier 2 Support is on duty at this time.",
        "Next on duty: APAC from Mon 30 Nov 2026, 08:00 AEDT (Sun 29 Nov 2026, 21:00 UTC); every role "
        "there is vacant.",
        WHILE_CLOSED,
        *rests_on(4, 5, 6, 8, 9),
    ]),
    # Monday 07:30Z: APAC's shift closed at 06:00Z, EMEA/UK's opens at 08:00Z; Singapore's
    # support office is open.
    "tier1 Monday-morning gap": ("tier1", "2026-11-30T07:30:00Z", [
        f"Tier 1 Support at Mon 30 Nov 2026, 07:30 UTC {TIER1_MARK}",
        BUTTON,
        "Nobody in Tier 1 Support is on duty at this time.",
        "Other routes:",
        f"  {DIPEN}",
        "    USA: next shift from Mon 30 Nov 2026, 05:00 PST (Mon 30 Nov 2026, 13:00 UTC) to "
        "Mon 30 Nov 2026, 18:00 PST (Tue 1 Dec 2026, 02:00 UTC)",
        "    APAC: next shift from Tue 1 Dec 2026, 08:00 AEDT (Mon 30 Nov 2026, 21:00 UTC) to "
        "Tue 1 Dec 2026, 17:00 AEDT (Tue 1 Dec 2026, 06:00 UTC)",
        APAC_LINE,
        "Next on duty: EMEA/UK from Mon 30 Nov 2026, 09:00 CET (Mon 30 Nov 2026, 08:00 UTC); every role "
        "there is vacant.",
        *rests_on(4, 5, 6, 7, 8, 9, 10),
    ]),
    # Someone named on duty: the chain leads, a title equal to the role is not repeated, and
    # no routes are listed.
    "tier2-partner USA: Lucian Pleianu first": ("tier2-partner", "2026-11-27T17:30:00Z", [
        f"Tier 2 Partner Support at Fri 27 Nov 2026, 17:30 UTC {PARTNER_MARK}",
        BUTTON,
        "On duty: USA until Fri 27 Nov 2026, 18:00 PST (Sat 28 Nov 2026, 02:00 UTC)",
        "  1. Director, Customer Support: Lucian Pleianu (Director, T2 ROM/APAC), "
        "US +1 669-245-4661, UK +44 20 3959 1666, lucian.pleianu@8x8.com",
        "  2. VP, Technical Services and Support: Timothy Volking, US +1 209-410-9164, "
        "UK +44 20 7086 6086, timothy.volking@8x8.com",
        "  Vacant in USA: Tier 2 Lead / Team Manager.",
        *rests_on(6, 8, 9, 11),
    ]),
}


@pytest.mark.parametrize(("tier", "at", "lines"), ESCALATION_GAPS.values(),
                         ids=ESCALATION_GAPS.keys())
def test_escalation_text_names_a_route(capsys, tier, at, lines):
    code, out, err = run(["escalation", "--tier", tier, "--at", at], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == lines


# Saturday 5 December 2026, 22:30 in Sydney (11:30 UTC), and the same day's 22:30 UTC: every
# support office is closed until APAC's opens on Monday 7 December, 09:00 Singapore time
# (+08). Each due time or escalation says so, with that reading's marks (offices' holidays and
# Europe's hours decide whether any office is open), and the answer gives the routes.
APAC_OPENS = "Mon 7 Dec 2026, 09:00 SGT (Mon 7 Dec 2026, 01:00 UTC) [readings 4, 5]"
LUCIAN = ("Director, Customer Support: Lucian Pleianu (Director, T2 ROM/APAC), "
          "US +1 669-245-4661, UK +44 20 3959 1666, lucian.pleianu@8x8.com")
MONDAY_SHIFTS = {
    "usa": "    USA: next shift from Mon 7 Dec 2026, 05:00 PST (Mon 7 Dec 2026, 13:00 UTC) to "
           "Mon 7 Dec 2026, 18:00 PST (Tue 8 Dec 2026, 02:00 UTC)",
    "apac": "    APAC: next shift from Mon 7 Dec 2026, 08:00 AEDT (Sun 6 Dec 2026, 21:00 UTC) to "
            "Mon 7 Dec 2026, 17:00 AEDT (Mon 7 Dec 2026, 06:00 UTC)",
    "emea": "    EMEA/UK: next shift from Mon 7 Dec 2026, 07:00 CET (Mon 7 Dec 2026, 06:00 UTC) "
            "to Mon 7 Dec 2026, 18:30 CET (Mon 7 Dec 2026, 17:30 UTC)",
}
SATURDAY_NIGHT = {
    "S1 in APAC": (
        ["deadline", "--priority", "S1", "--at", "2026-12-05T22:30", "--tz", "Australia/Sydney",
         "--region", "apac"], [
            "S1 (Production down) in the APAC support region, reported Sat 5 Dec 2026, 19:30 SGT (Sat 5 Dec 2026, 11:30 UTC)",
            "Initial response due Sat 5 Dec 2026, 20:00 SGT (Sat 5 Dec 2026, 12:00 UTC) [reading 1]",
            f"  Every support office is closed then; the first to open is APAC, {APAC_OPENS}",
            "Update 1 due end of Sat 5 Dec 2026 (24:00 SGT; Sat 5 Dec 2026, 16:00 UTC) [reading 2]",
            f"  Every support office is closed then; the first to open is APAC, {APAC_OPENS}",
            "Update 2 due Sun 6 Dec 2026, 04:00 SGT (Sat 5 Dec 2026, 20:00 UTC) [reading 2]",
            f"  Every support office is closed then; the first to open is APAC, {APAC_OPENS}",
            "Update 3 due Sun 6 Dec 2026, 08:00 SGT (Sun 6 Dec 2026, 00:00 UTC) [reading 2]",
            f"  Every support office is closed then; the first to open is APAC, {APAC_OPENS}",
            "The initial response is due 30 minutes after the report and each update 4 hours "
            "after the one before; the site counts both on the 24x7 clock, where every real "
            "minute counts, day and night.",
            "Updates continue until resolution.",
            WHILE_CLOSED,
            f"{IF_MISSED}nobody named in Tier 1 Support is on duty then. {IF_MISSED_MARK}",
            "Next on duty: APAC from Mon 2026-12-07 08:00 AEDT (2026-12-06 21:00 UTC); first: "
            "Tier 1 Director: Dipen Shah, Phone +1 209-362-3905, dipen.shah@8x8.com",
            *rests_on(1, 2, 4, 5, 6, 7, 8, 9, 10, 12),
        ]),
    "Tier 2 Partner": (
        ["escalation", "--tier", "tier2-partner", "--at", "2026-12-05T22:30Z"], [
            f"Tier 2 Partner Support at Sat 5 Dec 2026, 22:30 UTC {PARTNER_MARK}",
            BUTTON,
            f"  Every support office is closed now; the first to open is APAC, {APAC_OPENS}",
            "Nobody in Tier 2 Partner Support is on duty at this time.",
            "Other routes:",
            f"  {LUCIAN}",
            MONDAY_SHIFTS["usa"],
            MONDAY_SHIFTS["apac"],
            "  VP, Technical Services and Support: Timothy Volking, US +1 209-410-9164, "
            "UK +44 20 7086 6086, timothy.volking@8x8.com",
            *MONDAY_SHIFTS.values(),
            "Next on duty: APAC from Mon 7 Dec 2026, 08:00 AEDT (Sun 6 Dec 2026, 21:00 UTC); "
            "first: Director, Customer Support, named above.",
            WHILE_CLOSED,
            *rests_on(4, 5, 6, 8, 9, 11),
        ]),
}


@pytest.mark.parametrize(("argv", "lines"), SATURDAY_NIGHT.values(), ids=SATURDAY_NIGHT.keys())
def test_saturday_night_text_says_every_office_is_closed(capsys, argv, lines):
    code, out, err = run(argv, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == lines


def _reading_json(reading_id: str, number: int) -> dict:
    return {"id": reading_id, "number": number, "title": READING_TITLES[number],
            "confirmed": False}


# What every office being closed rests on, and what the JSON says of it at each due time.
CLOSED_IDS = ["office-holidays", "gmt-as-uk-time"]
APAC_FIRST = {"next_open": {"id": "apac", "name": "APAC", "zone": "Asia/Singapore",
                            "at": "2026-12-07T01:00:00Z",
                            "at_local": "2026-12-07T09:00:00+08:00"},
              "readings": CLOSED_IDS}
SATURDAY_NIGHT_JSON = {
    "S1 in APAC": (SATURDAY_NIGHT["S1 in APAC"][0], {
        "initial_response": {
            "minutes": 30, "duration": "30 minutes", "clock": "24x7",
            "readings": ["initial-response-clock"], "due": "2026-12-05T12:00:00Z",
            "due_local": "2026-12-05T20:00:00+08:00", "offices_closed": APAC_FIRST},
        "update_interval": {
            "minutes": 240, "duration": "4 hours", "clock": "24x7",
            "readings": ["s1-update-clock"], "until": "resolution"},
        "updates": [
            {"number": number, "due": due, "due_local": local, "offices_closed": APAC_FIRST}
            for number, due, local in [
                (1, "2026-12-05T16:00:00Z", "2026-12-06T00:00:00+08:00"),
                (2, "2026-12-05T20:00:00Z", "2026-12-06T04:00:00+08:00"),
                (3, "2026-12-06T00:00:00Z", "2026-12-06T08:00:00+08:00")]],
        "routes_while_closed": WHILE_CLOSED.removeprefix("While every office is closed: "),
        "readings": [_reading_json("initial-response-clock", 1),
                     _reading_json("s1-update-clock", 2),
                     _reading_json("office-holidays", 4), _reading_json("gmt-as-uk-time", 5),
                     _reading_json("shift-days", 6), _reading_json("apac-tier1-hours", 7),
                     _reading_json("aest-as-sydney-time", 8),
                     _reading_json("cet-as-central-european-time", 9),
                     _reading_json("tier1-director-columns", 10),
                     _reading_json("customer-case-tier", 12)],
    }),
    "Tier 2 Partner": (SATURDAY_NIGHT["Tier 2 Partner"][0], {
        "summary": "Nobody in Tier 2 Partner Support is on duty at this time.",
        "on_duty": [],
        "offices_closed": APAC_FIRST,
        "routes_while_closed": WHILE_CLOSED.removeprefix("While every office is closed: "),
        "readings": [_reading_json("office-holidays", 4), _reading_json("gmt-as-uk-time", 5),
                     _reading_json("shift-days", 6), _reading_json("aest-as-sydney-time", 8),
                     _reading_json("cet-as-central-european-time", 9),
                     _reading_json("partner-director-columns", 11)],
    }),
}


@pytest.mark.parametrize(("argv", "expected"), SATURDAY_NIGHT_JSON.values(),
                         ids=SATURDAY_NIGHT_JSON.keys())
def test_saturday_night_json_names_the_closed_offices_and_readings(capsys, argv, expected):
    code, out, err = run(argv + ["--json"], capsys)
    assert (code, err) == (0, "")
    answer = json.loads(out)
    assert {key: answer[key] for key in expected} == expected


def test_routes_while_closed_need_no_reading_on_the_offices(capsys, tmp_path):
    # Data that names no reading on the support regions (legal: the readings then warn that
    # nothing names them) still says what to do while every office is closed.
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    contacts = data / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    for named in (", readings: [office-holidays]", ",\n               readings: [office-holidays]",
                  "    readings: [gmt-as-uk-time]\n"):
        assert named in text, "the shipped data changed: update this case"
        text = text.replace(named, "")
    contacts.write_text(text, encoding="utf-8")
    argv = [*SATURDAY_NIGHT["S1 in APAC"][0], "--updates", "0", "--data", str(data)]
    code, out, err = run(argv, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[-13:] == [
        "  Every support office is closed then; the first to open is APAC, "
        "Mon 7 Dec 2026, 09:00 SGT (Mon 7 Dec 2026, 01:00 UTC)",
        "The initial response is due 30 minutes after the report and each update 4 hours "
        "after the one before; the site counts both on the 24x7 clock, where every real "
        "minute counts, day and night.",
        WHILE_CLOSED,
        f"{IF_MISSED}nobody named in Tier 1 Support is on duty then. {IF_MISSED_MARK}",
        "Next on duty: APAC from Mon 2026-12-07 08:00 AEDT (2026-12-06 21:00 UTC); first: "
        "Tier 1 Director: Dipen Shah, Phone +1 209-362-3905, dipen.shah@8x8.com",
        *rests_on(1, 6, 7, 8, 9, 10, 12),
    ]


def test_escalation_json(capsys):
    code, out, err = run(ESCALATION + ["--json"], capsys)
    assert (code, err) == (0, "")
    answer = json.loads(out)
    assert answer["at"] == "2026-11-27T17:30:00Z"
    assert answer["next"] is None
    (usa,) = answer["on_duty"]
    assert (usa["region"], usa["until"]) == ("usa", "2026-11-28T02:00:00Z")
    assert [c["name"] for c in usa["contacts"]] == ["Dipen Shah"]
    assert usa["contacts"][0]["phones"] == [
        {"label": "Phone", "number": "+1 209-362-3905", "tel": "+12093623905"}]
    assert usa["vacant"] == ["Tier 1 Lead", "Tier 1 Team Manager"]
    assert [(c["role"], c["name"]) for c in usa["chain"]] == [
        ("Tier 1 Lead", None), ("Tier 1 Team Manager", None), ("Tier 1 Director", "Dipen Shah")]
    # The USA office is open: nothing about closed offices, only the tier's own readings.
    assert (answer["offices_closed"], answer["routes_while_closed"]) == (None, None)
    assert answer["readings"] == [
        _reading_json(reading_id, number) for reading_id, number in [
            ("shift-days", 6), ("apac-tier1-hours", 7), ("aest-as-sydney-time", 8),
            ("cet-as-central-european-time", 9), ("tier1-director-columns", 10)]]


def test_s1_text_says_until_resolution(capsys):
    code, out, _ = run(["deadline", "--priority", "S1", "--region", "europe", "--updates", "1",
                        "--at", "2026-11-27T17:30:00Z"], capsys)
    assert code == 0
    assert out.splitlines()[-12:] == [
        "The initial response is due 30 minutes after the report and each update 4 hours after "
        "the one before; the site counts both on the 24x7 clock, where every real minute "
        "counts, day and night.",
        "Updates continue until resolution.",
        DIPEN_USA,
        *rests_on(1, 2, 6, 7, 8, 9, 10, 12),
    ]


def test_escalation_json_when_nobody_is_on_duty(capsys):
    # Sat 2026-11-28; Mon 08:00 AEDT in Sydney is Sun 21:00Z.
    code, out, _ = run(["escalation", "--tier", "tier1", "--at", "2026-11-28T17:30:00Z",
                        "--json"], capsys)
    answer = json.loads(out)
    assert (code, answer["on_duty"]) == (0, [])
    assert (answer["next"]["region"], answer["next"]["from"]) == ("apac", "2026-11-29T21:00:00Z")


def test_local_time_with_zone_and_fold(capsys):
    # 01:30 on 2026-11-01 in Los Angeles, second reading (PST) = 09:30Z; S1: 30 min later.
    code, out, _ = run(["deadline", "--priority", "S1", "--region", "usa", "--json",
                        "--at", "2026-11-01T01:30", "--tz", "America/Los_Angeles", "--fold", "1"],
                       capsys)
    assert code == 0
    assert json.loads(out)["initial_response"]["due"] == "2026-11-01T10:00:00Z"


def test_at_defaults_to_now(capsys):
    code, out, _ = run(["escalation", "--tier", "tier2", "--json"], capsys)
    assert code == 0 and json.loads(out)["at"].endswith("Z")


ERRORS = {
    "unknown priority": (
        ["deadline", "--priority", "S9", "--region", "usa", "--at", "2026-11-27T17:30:00Z"],
        "python -m calculators deadline: error: unknown priority 'S9'; choose one of: S1, S2, S3"),
    "unknown region": (
        ["deadline", "--priority", "S1", "--region", "emea", "--at", "2026-11-27T17:30:00Z"],
        "python -m calculators deadline: error: unknown support region 'emea'; choose one of: "
        "usa, europe, apac"),
    "unknown tier": (
        ["escalation", "--tier", "tier3", "--at", "2026-11-27T17:30:00Z"],
        "python -m calculators escalation: error: unknown tier 'tier3'; choose one of: tier1, "
        "tier2, tier2-partner"),
    "DST gap": (
        ["escalation", "--tier", "tier1", "--at", "2026-03-29T01:30", "--tz", "Europe/London"],
        "python -m calculators escalation: error: 2026-03-29T01:30:00 does not exist in "
        "Europe/London: the clocks skip it when they go forward; it could mean "
        "2026-03-29T01:30:00+00:00 (= 2026-03-29T01:30:00Z, fold 0) or 2026-03-29T01:30:00+01:00 "
        "(= 2026-03-29T00:30:00Z, fold 1); choose a fold"),
    "unknown zone": (
        ["escalation", "--tier", "tier1", "--at", "2026-11-27T09:30", "--tz", "Mars/Olympus"],
        "python -m calculators escalation: error: unknown time zone 'Mars/Olympus': give an IANA "
        "name such as Europe/London"),
    "no offset, no zone": (
        ["escalation", "--tier", "tier1", "--at", "2026-11-27T09:30"],
        "python -m calculators escalation: error: '2026-11-27T09:30' has no UTC offset: add one "
        "(e.g. Z or -08:00) or give the time zone it is local to"),
    "zone without a time": (
        ["escalation", "--tier", "tier1", "--tz", "Europe/London"],
        "python -m calculators escalation: error: --tz and --fold describe an --at time; give "
        "--at too"),
    "beyond the holiday years": (
        ["deadline", "--priority", "S3", "--region", "europe", "--at", "2030-12-31T12:00:00Z"],
        "python -m calculators deadline: error: holidays of GB (ENG) are known only for "
        "2025-2030, and this needs 2031-01-01; extend the holiday years of the data to answer"),
    "missing argument": (
        ["deadline", "--region", "usa"],
        "python -m calculators deadline: error: the following arguments are required: "
        "--priority (see --help)"),
    "bad --updates": (
        ["deadline", "--priority", "S1", "--region", "usa", "--updates", "-2"],
        "python -m calculators deadline: error: argument --updates: '-2' is not a whole number "
        "from 0 to 100 (see --help)"),
    "bad --fold": (
        ["escalation", "--tier", "tier1", "--fold", "2"],
        "python -m calculators escalation: error: argument --fold: invalid choice: 2 (choose "
        "from 0, 1) (see --help)"),
    "no command": (
        [], "python -m calculators: error: the following arguments are required: COMMAND "
            "(see --help)"),
}


@pytest.mark.parametrize(("argv", "line"), ERRORS.values(), ids=ERRORS.keys())
def test_errors_are_one_line_with_status_2(capsys, argv, line):
    code, out, err = run(argv, capsys)
    assert (code, out, err) == (2, "", line + "\n")


@pytest.fixture
def broken_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    slt = data / "slt.yaml"
    slt.write_text(slt.read_text().replace("clock: business_days,", "clock: weekdays,", 1))
    return data


def test_validate_ok(capsys):
    code, out, err = run(["validate", "--data", str(DATA)], capsys)
    assert (code, err) == (0, "")
    *warnings, last = out.splitlines()
    assert all(": warning: " in line for line in warnings)  # test_warnings.py has their text
    assert last == f"{DATA}/ is valid: 3 priorities, 3 support regions, 3 tiers; " \
                   f"{len(warnings)} warnings above"


def test_validate_prints_every_problem_and_exits_1(capsys, broken_data):
    code, out, _ = run(["validate", "--data", str(broken_data)], capsys)
    (line,) = out.splitlines()
    assert code == 1
    assert line.startswith(f"{broken_data}/slt.yaml:") and "weekdays" in line


def test_bad_data_is_one_line_with_status_2(capsys, broken_data):
    code, out, err = run(["deadline", "--data", str(broken_data), "--priority", "S1",
                          "--region", "usa"], capsys)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.startswith(f"python -m calculators deadline: error: {broken_data}/ has 1 problem, "
                          f"the first: {broken_data}/slt.yaml:")


PROCESSES = {
    "deadline --json": (DEADLINE + ["--json"], 0, '"due": "2026-11-30T19:30:00Z"'),
    "escalation": (ESCALATION, 0, "On duty: USA until Fri 27 Nov 2026, 18:00 PST"),
    "DST fold": (["deadline", "--priority", "S1", "--region", "usa", "--at", "2026-11-01T01:30",
                  "--tz", "America/Los_Angeles"], 2, "is ambiguous in America/Los_Angeles"),
}


@pytest.mark.parametrize(("argv", "code", "shown"), PROCESSES.values(), ids=PROCESSES.keys())
def test_python_dash_m(argv, code, shown):
    done = subprocess.run([sys.executable, "-m", "calculators", *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == code
    assert shown in (done.stdout if code == 0 else done.stderr)
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == (0 if code == 0 else 1)


def test_the_package_imports_only_the_standard_library():
    # policydata (PyYAML, python-holidays) is imported inside the commands that read YAML.
    check = ("import sys, calculators, calculators.cli, calculators.browser; "
             "print(sorted({'yaml', 'holidays', 'policydata'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr
