"""Warnings for staff: legal data that is probably unintended, each at its place in the file.

A warning's place is found by searching the file for a chain of texts, each after the one before;
the place is where the last one starts. So the tables stay true when the data gains lines.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from calculators.deadlines import deadlines
from calculators.json_answers import deadline_json, escalation_json
from calculators.text_answers import deadline_text
from conftest import DATA
from policydata import load_with_warnings

TODAY = dt.date(2026, 11, 30)
WINTER_SUMMER = "in January Sat 02:00 - Sun 21:00 UTC; in July Sat 01:00 - Sun 22:00 UTC"
CLOSED = ("every support office is closed in January Sat 02:00 - Mon 01:00 UTC; "
          "in July Sat 01:00 - Mon 01:00 UTC")
# Europe's office open 08:00-18:00 London time on Saturdays and Sundays too.
WEEKEND_OFFICE = ("every support office is closed in January Sat 02:00-08:00 and Sat 18:00 - "
                  "Sun 08:00 and Sun 18:00 - Mon 01:00 UTC; in July Sat 01:00-07:00 and Sat "
                  "17:00 - Sun 07:00 and Sun 17:00 - Mon 01:00 UTC")

# The shipped readings, none yet confirmed by the policy owner: (id, title), in file order.
READINGS = [
    ("initial-response-clock", "Which time counts towards an initial response"),
    ("s1-update-clock", "Which time counts between S1 updates"),
    ("business-days", 'What "(business days)" counts'),
    ("office-holidays", "Which holidays each office observes"),
    ("gmt-as-uk-time", '"GMT" in Europe\'s support hours'),
    ("shift-days", "Which days the escalation shifts run"),
    ("apac-tier1-hours", "APAC's Tier 1 hours"),
    ("aest-as-sydney-time", '"AEST" in APAC\'s escalation hours'),
    ("cet-as-central-european-time", '"CET" in EMEA/UK\'s escalation hours'),
    ("tier1-director-columns", "Where the Tier 1 Director is named"),
    ("partner-director-columns", "Where the Tier 2 Partner Director is named"),
]


def _unconfirmed(reading_id: str, title: str) -> tuple:
    """The warning of an unconfirmed reading, at its confirmed: value."""
    return ("readings.yaml", (f"id: {reading_id}\n", "confirmed:", "no"),
            f"reading {reading_id} ({title}) is not confirmed by the policy owner, so the site "
            "marks every answer resting on it as its own reading; once the owner confirms it, "
            "write confirmed: {by: <name>, date: <YYYY-MM-DD>}")


# (file, texts leading to the place, message): the shipped data's warnings, in file order.
SHIPPED = [
    ("contacts.yaml", ("id: tier1", "shifts:", "usa:"),
     "Tier 1 Support has nobody on duty in January Mon-Fri 06:00-08:00 and Sat 02:00 - Sun "
     "21:00 UTC; in July Sat 01:00 - Sun 22:00 UTC; a partner escalating then reaches no one"),
    ("contacts.yaml", ("id: tier1", "shifts:", "emea:"),
     "Tier 1 Support in EMEA/UK: every role is vacant, so its shift names nobody to escalate to"),
    ("contacts.yaml", ("id: tier1", "Tier 1 Lead"),
     "Tier 1 Support: Tier 1 Lead is vacant in every region"),
    ("contacts.yaml", ("id: tier1", "Tier 1 Team Manager"),
     "Tier 1 Support: Tier 1 Team Manager is vacant in every region"),
    ("contacts.yaml", ("id: tier2\n", "shifts:", "usa:"),
     f"Tier 2 Support has nobody on duty {WINTER_SUMMER}; a partner escalating then reaches "
     "no one"),
    ("contacts.yaml", ("id: tier2\n", "roles:", "- role"),
     "Tier 2 Support names nobody in any region: every role is vacant"),
    ("contacts.yaml", ("id: tier2-partner", "shifts:", "usa:"),
     f"Tier 2 Partner Support has nobody on duty {WINTER_SUMMER}; a partner escalating then "
     "reaches no one"),
    ("contacts.yaml", ("id: tier2-partner", "Tier 2 Lead"),
     "Tier 2 Partner Support: Tier 2 Lead / Team Manager is vacant in every region"),
    *(_unconfirmed(reading_id, title) for reading_id, title in READINGS),
    ("slt.yaml", ("priority: S1", "initial_response", "24x7"),
     f"S1 initial response counts 24x7, but {CLOSED}"),
    ("slt.yaml", ("priority: S1", "updates", "24x7"), f"S1 updates count 24x7, but {CLOSED}"),
    ("slt.yaml", ("priority: S2", "initial_response", "24x7"),
     f"S2 initial response counts 24x7, but {CLOSED}"),
    ("slt.yaml", ("priority: S3", "initial_response", "24x7"),
     f"S3 initial response counts 24x7, but {CLOSED}"),
]


def _place(data_dir, file: str, texts: tuple[str, ...]) -> str:
    text = (data_dir / file).read_text(encoding="utf-8")
    index = 0
    for needle in texts:
        index = text.index(needle, index)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"data/{file}:{line}:{column}"


def _expected(data_dir, table) -> list[str]:
    return [f"{_place(data_dir, file, texts)}: warning: {message}" for file, texts, message in table]


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def _warnings(data_dir, today=TODAY) -> list[str]:
    return [str(w) for w in load_with_warnings(data_dir, today)[1]]


def test_shipped_data_warnings(data_copy):
    assert _warnings(data_copy) == _expected(data_copy, SHIPPED)


def test_validate_prints_the_shipped_warnings(data_copy, capsys):
    """`make validate` (python -m calculators validate) on the shipped data: every warning
    above, each at its file:line:col, then the closing line that counts them."""
    from calculators.cli import main

    assert main(["validate"]) == 0
    assert capsys.readouterr().out.splitlines() == _expected(data_copy, SHIPPED) + [
        f"data/ is valid: 3 priorities, 3 support regions, 3 tiers; {len(SHIPPED)} warnings "
        "above"]


def _edit(data_dir, file: str, old: str, new: str) -> None:
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text, "the shipped data changed: update this case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# The edit that records the policy owner's confirmation of a reading: who and when, where
# `confirmed: no` stood (the text before it is the end of that reading's site_reading).
CONFIRMATION = "confirmed: {by: Jane Doe, date: 2026-12-01}"
CONFIRM = {
    reading_id: ("readings.yaml", f"{end}\n    confirmed: no", f"{end}\n    {CONFIRMATION}")
    for reading_id, end in [("shift-days", 'although the policy says "around the clock".'),
                            ("business-days", "due at local midnight, the end of a business day.")]
}

# (edit: file, old, new; today; warnings that appear; warnings that go), each against SHIPPED.
EDITS = {
    "holiday years end within 12 months": (
        ("contacts.yaml", "last: 2030}", "last: 2027}"), dt.date(2027, 3, 1),
        [("contacts.yaml", ("holiday_years", "2027"),
          "holidays are known only until the end of 2027, within 12 months of today "
          "(2027-03-01); deadlines after it will be refused: raise last")], []),
    "holiday years end just over 12 months away": (
        ("contacts.yaml", "last: 2030}", "last: 2027}"), dt.date(2026, 12, 30), [], []),
    "a person no role names": (
        ("contacts.yaml", "  people:\n", "  people:\n    - id: ann-lee\n      name: Ann Lee\n"),
        TODAY, [("contacts.yaml", ("people:", "ann-lee"),
                 "Ann Lee (ann-lee) is listed but no role names them")], []),
    "a tier 2 role filled in one region": (
        ("contacts.yaml", "        - role: Tier 2 Lead / Team Manager\n"
                          "          holders: {usa: vacant,",
         "        - role: Tier 2 Lead / Team Manager\n"
         "          holders: {usa: dipen-shah,"),
        TODAY,
        [("contacts.yaml", ("id: tier2\n", "shifts:", "apac:"),
          "Tier 2 Support in APAC: every role is vacant, so its shift names nobody to escalate "
          "to"),
         ("contacts.yaml", ("id: tier2\n", "shifts:", "emea:"),
          "Tier 2 Support in EMEA/UK: every role is vacant, so its shift names nobody to "
          "escalate to"),
         ("contacts.yaml", ("id: tier2\n", "Director/Senior"),
          "Tier 2 Support: Director/Senior Director, Customer Support is vacant in every region")],
        ["Tier 2 Support names nobody in any region: every role is vacant"]),
    "an office open at weekends": (
        ("contacts.yaml", 'hours: {days: [mon, tue, wed, thu, fri], open: "08:00", '
                          'close: "18:00"}',
         'hours: {days: [mon, tue, wed, thu, fri, sat, sun], open: "08:00", close: "18:00"}'),
        TODAY, [(file, place, message.replace(CLOSED, WEEKEND_OFFICE))
                for file, place, message in SHIPPED if message.endswith(CLOSED)],
        [f"but {CLOSED}"]),
    # The policy owner confirms one reading: its warning goes, and only its.
    "a reading confirmed": (
        CONFIRM["shift-days"], TODAY, [],
        [_unconfirmed("shift-days", "Which days the escalation shifts run")[2]]),
    # Data that stops naming a reading leaves it resting under no answer.
    "a reading named by no data": (
        ("contacts.yaml", "          readings: [tier1-director-columns]\n", ""), TODAY,
        [("readings.yaml", ("id: ", "tier1-director-columns"),
          "reading tier1-director-columns is named by no data, so no answer rests on it; name "
          "it with readings: [tier1-director-columns] where the data follows it, or remove it")],
        []),
}


@pytest.mark.parametrize("edit, today, appear, go", EDITS.values(), ids=EDITS.keys())
def test_an_edit_changes_the_warnings(data_copy, edit, today, appear, go):
    _edit(data_copy, *edit)
    expected = _expected(data_copy, SHIPPED) + _expected(data_copy, appear)
    expected = [line for line in expected if not any(line.endswith(gone) for gone in go)]
    warnings = _warnings(data_copy, today)
    assert sorted(warnings) == sorted(expected)


def test_readme_lists_the_shipped_warnings(data_copy):
    """Staff reading README know each warning the shipped data gives is a known one."""
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- warnings: start -->\n", 1)[1].split("<!-- warnings: end -->", 1)[0]
    listed = [f"- `{file}`: {message}" for file, _, message in SHIPPED]
    assert block.splitlines() == listed


# Once confirmed, a reading is still listed in the answers resting on it, as confirmed: the
# CLI's and the widgets' JSON say so, and the text answer drops its mark and names who
# confirmed it. (answer, reading confirmed, [(id, confirmed)] the answer lists.)
AT = dt.datetime(2026, 11, 27, 17, 30, tzinfo=dt.timezone.utc)
CONFIRMED_IN_ANSWERS = {
    "S2 in the USA, business days confirmed": (
        lambda policy: deadline_json(policy, "S2", AT, "usa"), "business-days", [
            ("initial-response-clock", False), ("business-days", True),
            ("office-holidays", False)]),
    "Tier 1, shift days confirmed": (
        lambda policy: escalation_json(policy, "tier1", AT), "shift-days", [
            ("shift-days", True), ("apac-tier1-hours", False), ("aest-as-sydney-time", False),
            ("cet-as-central-european-time", False), ("tier1-director-columns", False)]),
}


@pytest.mark.parametrize("answer, reading_id, listed", CONFIRMED_IN_ANSWERS.values(),
                         ids=CONFIRMED_IN_ANSWERS.keys())
def test_a_confirmed_reading_is_confirmed_in_the_answers(data_copy, answer, reading_id, listed):
    shipped = load_with_warnings(data_copy, TODAY)[0]
    assert [(r["id"], r["confirmed"]) for r in answer(shipped)["readings"]] == [
        (listed_id, False) for listed_id, _ in listed]
    _edit(data_copy, *CONFIRM[reading_id])
    policy = load_with_warnings(data_copy, TODAY)[0]
    assert [(r["id"], r["confirmed"]) for r in answer(policy)["readings"]] == listed


def test_a_confirmed_reading_loses_its_mark_in_the_text_answer(data_copy):
    _edit(data_copy, *CONFIRM["business-days"])
    policy = load_with_warnings(data_copy, TODAY)[0]
    lines = deadline_text(policy, deadlines(policy, "S2", AT, "usa")).splitlines()
    # Business days were reading 3: the updates keep only the holidays' mark.
    assert lines[2] == "Update 1 due Mon 30 Nov 2026, 11:30 PST (Mon 30 Nov 2026, 19:30 UTC) [reading 4]"
    assert lines[-5:] == [
        "Rests on the site's readings of the policy, not confirmed by the policy owner "
        '(see "How the answers are worked out"):',
        "  reading 1: Which time counts towards an initial response",
        "  reading 4: Which holidays each office observes",
        "Rests on readings the policy owner confirmed:",
        '  What "(business days)" counts (confirmed by Jane Doe on 2026-12-01)',
    ]
