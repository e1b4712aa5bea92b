"""Every validation rule, one bad edit each: the exact `file:line:col: message` staff will see.

Each case edits a copy of the shipped data (first occurrence of `old` becomes `new`). The expected
position is where `at` stands inside `new` in the edited file, so the table stays true when the
shipped data gains or loses lines elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest
import yaml

from conftest import DATA, ROOT
from policydata import DataError, load_policy


@dataclass(frozen=True)
class Edit:
    file: str
    old: str
    new: str
    at: str  # the text in `new` the message points at
    message: str
    refers_to: str = ""  # text whose line fills {line} in the message

    def apply(self, data_dir) -> str:
        """Make the edit in data_dir; return the problem line it must cause."""
        path = data_dir / self.file
        text = path.read_text(encoding="utf-8")
        assert self.old in text, "the shipped data changed: update this case"
        edited = text.replace(self.old, self.new, 1)
        path.write_text(edited, encoding="utf-8")
        start = text.index(self.old)
        index = start + self.new.index(self.at) if self.new else edited.index(self.at)
        line, column = _line_column(edited, index)
        message = self.message
        if self.refers_to:
            message = message.format(line=_line_column(edited, edited.index(self.refers_to))[0])
        return f"data/{self.file}:{line}:{column}: {message}"


OUT_OF_HOURS = (
    "out_of_hours: >-\n  Support is provided via chat and the 8x8 Support Portal (My 8x8) as well "
    "as by telephone;\n  to escalate a case, use the Escalate Case button in the upper right of "
    "the case page in the\n  portal. The policy does not say when chat and the portal are "
    "staffed.\n")

# The S1 update target's quotation, the first confirmed: of readings.yaml and the end of its
# last reading.
S1_UPDATES = '"S1 | Every 4 hours until resolution"'
CONFIRMED_NO = "confirmed: no"
# Reading a file stops at a fault of its YAML, and the message says so.
STOPPED = "; nothing else in this file is checked until this is fixed"
LAST_READING_END = "USA and APAC, and shows the role as vacant in EMEA/UK.\n    confirmed: no\n"



def _confirmed(written: str, at: str, message: str) -> Edit:
    """The first reading's confirmed: written as ``written``."""
    return Edit("readings.yaml", CONFIRMED_NO, f"confirmed: {written}", at, message)


CASES = {
    # --- YAML 1.1 traps
    "unquoted time read as a number": Edit(
        "contacts.yaml", 'close: "18:00"}', "close: 17:30}", "17:30",
        '17:30 is read by YAML as the number 1050; write it in quotes: "17:30"'),
    "unquoted NO read as a boolean": Edit(
        "contacts.yaml", "label: UK,", "label: NO,", "NO",
        'NO is read by YAML as the boolean false; write it in quotes: "NO"'),
    "empty value read as null": Edit(
        "contacts.yaml", "name: USA\n", "name:\n", "name:",
        "name has no value; write text"),
    "out-of-hours instruction as a list": Edit(
        "contacts.yaml", OUT_OF_HOURS, "out_of_hours:\n  - Use the portal\n", "- Use",
        "expected text, found a list"),
    "out-of-hours instruction empty": Edit(
        "contacts.yaml", OUT_OF_HOURS, "out_of_hours: ''\n", "''", "'' is not text"),
    # --- scalars
    "time out of range": Edit(
        "contacts.yaml", 'close: "18:00"}', 'close: "25:00"}', '"25:00"',
        "'25:00' is not a 24-hour time in quotes, \"HH:MM\" from \"00:00\" to \"23:59\""),
    "time without leading zero": Edit(
        "contacts.yaml", 'open: "05:00"', 'open: "5:00"', '"5:00"',
        "'5:00' is not a 24-hour time in quotes, \"HH:MM\" from \"00:00\" to \"23:59\": "
        "write '05:00'"),
    "a time with the letter O for a zero": Edit(
        "contacts.yaml", 'close: "18:00"}', 'close: "17:3O"}', '"17:3O"',
        "'17:3O' is not a 24-hour time in quotes, \"HH:MM\" from \"00:00\" to \"23:59\": it "
        "has the letter O where a digit belongs; write '17:30'"),
    "a time with the letters l and O for digits": Edit(
        "contacts.yaml", 'close: "18:00"}', 'close: "l8:O0"}', '"l8:O0"',
        "'l8:O0' is not a 24-hour time in quotes, \"HH:MM\" from \"00:00\" to \"23:59\": it "
        "has the letter O and the letter l where a digit belongs; write '18:00'"),
    "a date without its leading zeros": Edit(
        "contacts.yaml", "updated: 2026-", "updated: '2026-1-5' #", "'2026-1-5'",
        "'2026-1-5' is not a date \"YYYY-MM-DD\": write '2026-01-05'"),
    "unknown time zone": Edit(
        "contacts.yaml", "zone: Europe/London", "zone: Europe/Londn", "Europe/Londn",
        "'Europe/Londn' is not an IANA time zone such as \"Europe/London\": "
        "did you mean 'Europe/London'?"),
    "bad duration": Edit(
        "slt.yaml", "within: 30 minutes", "within: 30 mins", "30 mins",
        "'30 mins' is not a duration such as \"30 minutes\" or \"4 hours\", at most 720 hours "
        "(30 days)"),
    "unknown clock": Edit(
        "slt.yaml", "clock: business_days,", "clock: 24/5,", "24/5",
        "'24/5' is not a clock, one of: 24x7, business_hours, business_days"),
    "unknown weekday": Edit(
        "contacts.yaml", "days: [mon,", "days: [monday,", "monday",
        "'monday' is not a weekday, one of: mon, tue, wed, thu, fri, sat, sun"),
    "weekday twice": Edit(
        "contacts.yaml", "days: [mon, tue,", "days: [mon, mon,", "[mon, mon",
        "a weekday is listed twice; list each day once"),
    "holder in a region without a shift": Edit(
        "contacts.yaml",
        '        emea: {days: [mon, tue, wed, thu, fri], open: "09:00", close: "18:30", '
        'readings: [shift-days]}\n',
        "", "emea: vacant}",
        "tier tier1 has no shift in emea, yet its roles name holders there (Tier 1 Lead, "
        "Tier 1 Team Manager, Tier 1 Director); add a shift for emea or remove those holders"),
    "bad email": Edit(
        "contacts.yaml", "email: dipen.shah@8x8.com", "email: dipen.shah.8x8.com",
        "dipen.shah.8x8.com",
        "'dipen.shah.8x8.com' is not an email address such as name@8x8.com"),
    "phone without +": Edit(
        "contacts.yaml", 'number: "+1 888 898 8733"', 'number: "888 898 8733"', '"888',
        "'888 898 8733' is not in international form; write \"+\", the country code, then the "
        "number, such as \"+44 20 7946 0000\""),
    "unknown holiday calendar": Edit(
        "contacts.yaml", "calendar: SG,", "calendar: XX,", "XX",
        "'XX' is not a country code known to python-holidays, such as \"US\", \"GB\" or \"SG\""),
    "number out of range": Edit(
        "policy.yaml", "acceptance_requests: 3", "acceptance_requests: 0", "0",
        "0 is not a whole number from 1 to 10; write a whole number from 1 to 10"),
    "bad id": Edit(
        "contacts.yaml", "id: usa", "id: u s a", "u s a",
        "'u s a' is not a region id such as usa: letters and digits, words joined by '-'"),
    "bad date": Edit(
        "contacts.yaml", "holidays: {calendar: US,",
        "holidays: {calendar: US, remove: [2026-13-01],", "2026-13-01",
        "'2026-13-01' is not a date \"YYYY-MM-DD\": month must be in 1..12"),
    # --- structure
    "unknown key with a suggestion": Edit(
        "slt.yaml", "  name: Premium Support", "  nmae: Premium Support", "nmae",
        "unknown key 'nmae'; did you mean 'name'? expected one of: name, targets"),
    "missing key": Edit(
        "contacts.yaml", "    zone: Asia/Singapore\n", "", "id: apac",
        "missing key 'zone'; add zone: an IANA time zone such as \"Europe/London\""),
    "key given twice": Edit(
        "contacts.yaml", "    name: APAC\n", "    name: APAC\n    name: Asia\n", "name: Asia",
        "'name' is given twice; keep one"),
    "list where a mapping belongs": Edit(
        "contacts.yaml", 'hours: {days: [mon, tue, wed, thu, fri], open: "09:00", close: "18:00"}',
        'hours: [mon, "09:00", "18:00"]', "[mon",
        "expected a mapping with keys days, open, close, found a list"),
    "text where a list belongs": Edit(
        "policy.yaml", "applies_to: [8x8 Support]", "applies_to: 8x8 Support", "8x8 Support",
        "expected a list of text, found '8x8 Support'"),
    "empty list": Edit(
        "policy.yaml", "applies_to: [8x8 Support]", "applies_to: []", "[]",
        "the list is empty; give at least 1"),
    # --- ids and references
    "duplicate id": Edit(
        "contacts.yaml", "  - id: apac\n    name: APAC\n", "  - id: usa\n    name: APAC\n",
        "usa\n    name: APAC",
        "support region id 'usa' is already used on line {line}; give each one its own id",
        refers_to="id: usa"),
    # --- chart colours: a reader tells a chart's regions apart by them
    "two regions of a chart with one colour": Edit(
        "contacts.yaml", "zone: Australia/Sydney, colour: 3", "zone: Australia/Sydney, colour: 1",
        "1", "colour 1 is already usa's; give each region of the list its own, from 1 to 4"),
    "a colour beyond the palette": Edit(
        "contacts.yaml", "    colour: 3\n", "    colour: 7\n", "7",
        "7 is not a whole number from 1 to 4; write a whole number from 1 to 4"),
    "dangling priority": Edit(
        "slt.yaml", "- priority: S3", "- priority: S4", "S4",
        "unknown priority 'S4'; write one of: S1, S2, S3"),
    "dangling person": Edit(
        "contacts.yaml", "usa: dipen-shah,", "usa: dipen-sha,", "dipen-sha,",
        "unknown person 'dipen-sha'; write one of: dipen-shah, lucian-pleianu, timothy-volking, "
        "vacant"),
    "shift in an unknown region": Edit(
        "contacts.yaml", '        emea: {days: [mon, tue, wed, thu, fri], open: "09:00"',
        '        emia: {days: [mon, tue, wed, thu, fri], open: "09:00"', "emia",
        "unknown escalation region 'emia'; write one of: usa, apac, emea"),
    # --- rules across fields
    "open equals close": Edit(
        "contacts.yaml", 'open: "09:00", close: "18:00"}', 'open: "09:00", close: "09:00"}',
        '"09:00"}',
        "close is the same time as open; a window must last; "
        "for a window past midnight write a close before the open"),
    "role without a holder for a region": Edit(
        "contacts.yaml", "holders: {usa: dipen-shah, apac: dipen-shah, emea: vacant}",
        "holders: {usa: dipen-shah, apac: dipen-shah}", "{usa: dipen-shah, apac",
        "role 'Tier 1 Director' names no holder for emea; add emea: vacant, or emea: <person id>"),
    "targets twice for a priority": Edit(
        "slt.yaml", "- priority: S3", "- priority: S2", "S2",
        "priority S2 already has targets on line {line}; keep one entry per priority",
        refers_to="priority: S2"),
    "unknown subdivision": Edit(
        "contacts.yaml", "subdivision: ENG", "subdivision: XYZ", "XYZ",
        "'XYZ' is not a subdivision of GB; write one of: ENG, NIR, SCT, WLS"),
    "removing a day that is no holiday": Edit(
        "contacts.yaml", "holidays: {calendar: US,",
        "holidays: {calendar: US, remove: [2026-07-02],", "2026-07-02",
        "2026-07-02 is not a holiday of US; there is nothing to remove"),
    "holiday years reversed": Edit(
        "contacts.yaml", "holiday_years: {first: 2025, last: 2030}",
        "holiday_years: {first: 2025, last: 2024}", "2024",
        "last is before first; give the last year of the range"),
    "a fraction for a whole number": Edit(
        "policy.yaml", "acceptance_requests: 3", "acceptance_requests: 2.5", "2.5",
        "2.5 is not a whole number from 1 to 10; write a whole number from 1 to 10"),
    "a quoted whole number": Edit(
        "policy.yaml", "acceptance_requests: 3", 'acceptance_requests: "3"', '"3"',
        "3 is not a whole number from 1 to 10; write a whole number from 1 to 10"),
    "unknown key at the top": Edit(
        "policy.yaml", "overview:", "overvew:", "overvew",
        "unknown key 'overvew'; did you mean 'overview'? expected one of: updated, overview, "
        "customer_responsibilities, support_responsibilities, case_handling, "
        "quality_of_service, call_quality"),
    "a list as a key": Edit(
        "contacts.yaml", "      title: Director,", "      [title]: Director,", "[title]",
        "a key must be a name, found a list"),
    "duplicate person id": Edit(
        "contacts.yaml", "      email: dipen.shah@8x8.com\n",
        "      email: dipen.shah@8x8.com\n    - {id: dipen-shah, name: Someone Else}\n",
        "dipen-shah, name",
        "person id 'dipen-shah' is already used on line {line}; give each one its own id",
        refers_to="id: dipen-shah"),
    "added holiday without a name": Edit(
        "contacts.yaml", "holidays: {calendar: US,",
        "holidays: {calendar: US, add: [{date: 2026-12-24}],", "{date: 2026-12-24}",
        "missing key 'name'; add name: text"),
    "holiday calendar without a name readers know": Edit(
        "contacts.yaml", "holidays: {calendar: SG, name: Singapore public holidays,",
        "holidays: {calendar: SG,", "{calendar: SG,",
        "missing key 'name'; add name: text"),
    # --- YAML itself
    "explicit tag": Edit(
        "policy.yaml", "contact_hint: Read", "contact_hint: !!python/object:os.system Read",
        "!!python",
        "not valid YAML: tags (tag:yaml.org,2002:python/object:os.system) are not allowed; "
        "remove the tag" + STOPPED),
    "tab indentation": Edit(
        "slt.yaml", "  - id: S2\n", "  - id: S2\n\tname: x\n", "\tname",
        "not valid YAML: found character '\\t' that cannot start any token; check the "
        "indentation, colons, quotes and brackets here and on the line before" + STOPPED),
    "alias": Edit(
        "contacts.yaml", "    name: APAC\n", "    name: &n APAC\n    zone2: *n\n", "&n",
        "not valid YAML: anchors (&name) are not allowed; write each value out in full"
        + STOPPED),
    "syntax error": Edit(
        "slt.yaml", "  - id: S2\n", "  - id: S2\n   bad: [\n", "bad",
        "not valid YAML: expected <block end>, but found '<block mapping start>'; check the "
        "indentation, colons, quotes and brackets here and on the line before" + STOPPED),
    # --- readings: quotations of the policy text, ids, confirmations
    "a quoted word that is not the policy's": Edit(
        "readings.yaml", S1_UPDATES, '"S1 | Every 4 hours until resolved"', '"S1',
        "the quotation parts from the policy text after 'S1 | Every 4 hours until': the text "
        "goes on 'resolution | Production down: '..., the quotation 'resolved'; copy the words "
        "exactly from data/policy-text.txt"),
    "a quotation whose first word is not the policy's": Edit(
        "readings.yaml", S1_UPDATES, '"S9 | Every 4 hours until resolution"', '"S9',
        "'S9 | Every 4 hours until resol'... is not in the policy text, not even its first "
        "word; copy the words exactly from data/policy-text.txt"),
    "no words quoted": Edit(
        "readings.yaml", f"    policy_words:\n      - {S1_UPDATES}\n", "    policy_words: []\n",
        "[]", "the list is empty; give at least 1"),
    "an unknown reading id": Edit(
        "slt.yaml", "readings: [s1-update-clock]", "readings: [s1-updates-clock]",
        "s1-updates-clock",
        "unknown reading 's1-updates-clock'; write one of: initial-response-clock, "
        "s1-update-clock, business-days, office-holidays, gmt-as-uk-time, shift-days, "
        "apac-tier1-hours, aest-as-sydney-time, cet-as-central-european-time, "
        "tier1-director-columns, partner-director-columns, customer-case-tier"),
    "customer cases in a tier that is not there": Edit(
        "contacts.yaml", "case_tier: {tier: tier1,", "case_tier: {tier: tier-1,", "tier-1",
        "unknown tier 'tier-1'; write one of: tier1, tier2, tier2-partner"),
    "readings as a word, not a list": Edit(
        "contacts.yaml", "readings: [gmt-as-uk-time]", "readings: gmt-as-uk-time",
        "gmt-as-uk-time", "expected a list of the id of a reading, found 'gmt-as-uk-time'"),
    "a reading id twice": Edit(
        "readings.yaml", LAST_READING_END, LAST_READING_END + (
            "  - id: shift-days\n    title: Shifts\n    policy_words: [\"S1 | 30 Minutes\"]\n"
            "    site_reading: Again.\n    confirmed: no\n"), "shift-days\n    title: Shifts",
        "reading id 'shift-days' is already used on line {line}; give each one its own id",
        refers_to="id: shift-days"),
    "confirmed: yes": _confirmed(
        "yes", "yes", "yes does not say who confirmed the reading or when; write {by: <name>, "
                      "date: <YYYY-MM-DD>}, or no until it is confirmed"),
    "confirmed by a word": _confirmed(
        "Jane Doe", "Jane", "'Jane Doe' is not no (not confirmed) or who confirmed it and when: "
                            "{by: <name>, date: <YYYY-MM-DD>}"),
    "confirmed without a date": _confirmed(
        "{by: Jane Doe}", "{by", "missing key 'date'; add date: a date \"YYYY-MM-DD\""),
    "confirmed without who": _confirmed(
        "{date: 2026-12-01}", "{date", "missing key 'by'; add by: text"),
    "confirmed on a day in the future": _confirmed(
        "{by: Jane Doe, date: 2999-01-01}", "2999-01-01",
        "'2999-01-01' is in the future; write the day of the change, today or earlier"),
    "confirmed on no date": _confirmed(
        "{by: Jane Doe, date: 2026-02-30}", "2026-02-30",
        "'2026-02-30' is not a date \"YYYY-MM-DD\": day is out of range for month"),
    # --- the call-quality report builder's fields
    "age limit typed into its words": Edit(
        "policy.yaml", 'text: "Call sample needs to be within {within} of the call"',
        'text: "Call sample needs to be within 24 hours of the call"', '"Call sample',
        'write {within} once, where the duration goes: "Call sample needs to be within '
        '{within} of the call"'),
    "age limit in days": Edit(
        "policy.yaml", "within: 24 hours", "within: 1 day", "1 day",
        "'1 day' is not a duration such as \"30 minutes\" or \"4 hours\", at most 720 hours "
        "(30 days)"),
    "unknown pick": Edit(
        "policy.yaml", "{pick: one, choices: [all calls", "{pick: any, choices: [all calls",
        "any", "'any' is not how many choices a reader may pick, one of: one, several"),
    "choice offered twice": Edit(
        "policy.yaml", "choices: [all calls, intermittent]", "choices: [all calls, all calls]",
        "[all calls, all calls]", "'all calls' is offered twice; list each choice once"),
    "other repeats a choice": Edit(
        "policy.yaml", "other: something else", "other: echo", "echo",
        "'echo' is already one of the choices; give the choice with its own text box another "
        "name"),
    "a single choice": Edit(
        "policy.yaml", "choices: [all calls, intermittent]", "choices: [all calls]",
        "[all calls]", "a question with choices needs two or more; leave out answer for a "
                       "text box"),
    "misspelt sample requirement": Edit(
        "policy.yaml", "calling: Number calling", "caling: Number calling", "caling",
        "unknown key 'caling'; did you mean 'calling'? expected one of: calling, called, "
        "time, direction"),
}


# Any file of the data folder, as messages name it.
DATA_FILE = r"(slt\.yaml|contacts\.yaml|policy\.yaml|readings\.yaml|policy-text\.txt)"


def _line_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def _problems(data_dir) -> list[str]:
    with pytest.raises(DataError) as raised:
        load_policy(data_dir)
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize("edit", CASES.values(), ids=CASES.keys())
def test_bad_edit_gives_its_message(data_copy, edit):
    expected = edit.apply(data_copy)
    assert _problems(data_copy) == [expected]


WHOLE_FILE_CASES = {
    "empty file": (b"", "data/slt.yaml:1:1: the file is empty; it must hold the policy data"),
    "not UTF-8": (b"disclaimer: caf\xe9\n",
                  "data/slt.yaml:1:16: byte 0xe9 is not UTF-8; save the file as UTF-8"),
    "too large": (b"# " + b"x" * 300_000 + b"\n",
                  "data/slt.yaml:1:1: the file is 300,003 bytes; a data file may have at most "
                  "262,144"),
    "a 5 MB file": (b"disclaimer: " + b"x" * (5 * 1024 * 1024) + b"\n",
                    "data/slt.yaml:1:1: the file is 5,242,893 bytes; a data file may have at most "
                    "262,144"),
    "billion laughs": (
        b'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: [*b,*b]\n',
        "data/slt.yaml:1:4: not valid YAML: anchors (&name) are not allowed; "
        "write each value out in full" + STOPPED),
    "a NUL byte": (b"disclaimer: a\x00b\n",
                   "data/slt.yaml:1:14: character U+0000 is not allowed in YAML; delete it"
                   + STOPPED),
    "two documents": (b"disclaimer: a\n---\ndisclaimer: b\n",
                      "data/slt.yaml:2:1: not valid YAML: but found another document; check "
                      "the indentation, colons, quotes and brackets here and on the line before"
                      + STOPPED),
    "a bare word": (b"hello\n", "data/slt.yaml:1:1: expected a mapping with keys updated, "
                                 "disclaimer, priorities, plan, found 'hello'"),
    "a list instead of a mapping": (
        b"- S1\n", "data/slt.yaml:1:1: expected a mapping with keys updated, disclaimer, "
                   "priorities, plan, found a list"),
}


@pytest.mark.parametrize("content, message", WHOLE_FILE_CASES.values(), ids=WHOLE_FILE_CASES.keys())
def test_unreadable_file_gives_its_message(data_copy, content, message):
    (data_copy / "slt.yaml").write_bytes(content)
    assert _problems(data_copy) == [message]


def test_a_quotation_past_the_end_of_the_text(data_copy):
    # The shipped text ends with a row it has twice before: a signature makes its end unique.
    with (data_copy / "policy-text.txt").open("a", encoding="utf-8") as text:
        text.write("\nSigned, the policy owner.\n")
    expected = Edit(
        "readings.yaml", S1_UPDATES, '"Signed, the policy owner. Thank you"', '"',
        "the quotation parts from the policy text after 'Signed, the policy owner.': the text "
        "ends there, the quotation 'Thank you'; copy the words exactly from "
        "data/policy-text.txt").apply(data_copy)
    assert _problems(data_copy) == [expected]


# Quotations match the policy's words whatever white space stands between them, in the
# quotation or in the text: (the quotation as written, in readings.yaml).
MATCHING_QUOTES = {
    "extra spaces": '"S1  |   Every 4 hours until    resolution"',
    "a line break in a quoted value": '"S1 | Every 4\n        hours until resolution"',
    "a block of lines": "|-\n        S1 | Every 4\n        hours until resolution",
    # policy-text.txt has "Region and Hours |" and "USA 5 A.M. ..." on lines of their own.
    "across the text's line breaks": '"Region and Hours | USA 5 A.M. - 6 P.M. PT"',
    "spaces around it": '"  S1 | Every 4 hours until resolution "',
}


@pytest.mark.parametrize("written", MATCHING_QUOTES.values(), ids=MATCHING_QUOTES.keys())
def test_white_space_does_not_part_a_quotation_from_the_text(data_copy, written):
    path = data_copy / "readings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(S1_UPDATES, written, 1),
                    encoding="utf-8")
    policy = load_policy(data_copy)
    # The page shows the words as written; only the check ignores the white space.
    assert policy.reading("s1-update-clock").policy_words == (yaml.safe_load(written),)


# How staff may write a reading's confirmation, and what the model then holds: (who, when).
CONFIRMATIONS = {
    "no": (None, None),
    "NO": (None, None),
    "false": (None, None),
    # An editor reading YAML 1.2 takes no as the word; quoted, it is the word for YAML 1.1 too.
    '"no"': (None, None),
    "{by: Jane Doe, date: 2026-12-01}": ("Jane Doe", dt.date(2026, 12, 1)),
}


@pytest.mark.parametrize("written, confirmed", CONFIRMATIONS.items(), ids=CONFIRMATIONS.keys())
def test_a_confirmation_as_staff_may_write_it(data_copy, written, confirmed):
    path = data_copy / "readings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(CONFIRMED_NO,
                                                             f"confirmed: {written}", 1),
                    encoding="utf-8")
    reading = load_policy(data_copy).readings[0]
    assert (reading.confirmed_by, reading.confirmed_on) == confirmed


# The policy text, as a file: one line each, and nothing about the quotations it cannot check.
POLICY_TEXT_CASES = {
    "empty": (b"", "data/policy-text.txt:1:1: the file is empty; it must hold the policy's own "
                   "text, which readings.yaml quotes"),
    "only white space": (b" \n\n\t\n", "data/policy-text.txt:1:1: the file is empty; it must "
                                         "hold the policy's own text, which readings.yaml "
                                         "quotes"),
    "not UTF-8": (b"Overview\ncaf\xe9\n",
                  "data/policy-text.txt:2:4: byte 0xe9 is not UTF-8; save the file as UTF-8"),
    "too large": (b"x" * 300_000, "data/policy-text.txt:1:1: the file is 300,000 bytes; a data "
                                 "file may have at most 262,144"),
}


@pytest.mark.parametrize("content, message", POLICY_TEXT_CASES.values(),
                         ids=POLICY_TEXT_CASES.keys())
def test_unreadable_policy_text_gives_its_message(data_copy, content, message):
    (data_copy / "policy-text.txt").write_bytes(content)
    assert _problems(data_copy) == [message]


@pytest.mark.parametrize("make, message", [
    (lambda text: text.unlink(),
     "data/policy-text.txt:1:1: file not found; it is part of the policy data and must exist"),
    (lambda text: (text.unlink(), text.mkdir()),
     "data/policy-text.txt:1:1: is a folder, not a file; a data file must be a regular file"),
], ids=["missing", "a folder"])
def test_policy_text_that_is_no_file(data_copy, make, message):
    make(data_copy / "policy-text.txt")
    assert _problems(data_copy) == [message]


def test_unreadable_readings_leave_the_ids_that_name_them_alone(data_copy):
    # readings.yaml that cannot be read defines no reading: its own problem is the one line,
    # not one "unknown reading" for every readings: [...] in the other files.
    (data_copy / "readings.yaml").write_bytes(b"readings: [\n")
    (problem,) = _problems(data_copy)
    assert problem.startswith("data/readings.yaml:2:1: not valid YAML: ")


# The mistakes README's "Updating the policy" shows, with the very lines staff would get.
README_EXAMPLES = {
    "a time without its leading zero": Edit(
        "contacts.yaml", 'open: "08:00", close: "18:00"}', 'open: "8:30", close: "18:00"}',
        '"8:30"', "'8:30' is not a 24-hour time in quotes, \"HH:MM\" from \"00:00\" to "
                  "\"23:59\": write '08:30'"),
    "a quotation the policy text does not have": CASES["a quoted word that is not the policy's"],
}


@pytest.mark.parametrize("edit", README_EXAMPLES.values(), ids=README_EXAMPLES.keys())
def test_readme_shows_the_lines_validate_gives(data_copy, edit):
    line = edit.apply(data_copy)
    assert _problems(data_copy) == [line]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^ *{re.escape(line)}$", readme, flags=re.M), line


def test_missing_file(data_copy):
    (data_copy / "policy.yaml").unlink()
    assert _problems(data_copy) == [
        "data/policy.yaml:1:1: file not found; it is part of the policy data and must exist"]


def test_every_problem_in_one_run(data_copy):
    edits = [CASES["time out of range"], CASES["unknown clock"], CASES["dangling person"],
             CASES["number out of range"]]
    for edit in edits:
        edit.apply(data_copy)
    problems = _problems(data_copy)
    assert sorted(p.split(": ", 1)[1] for p in problems) == sorted(e.message for e in edits)
    files = [p.split(":", 1)[0] for p in problems]
    assert files == sorted(files), "problems are listed file by file"


def test_a_yaml_fault_hides_its_own_file_only(data_copy):
    """README promises every problem in one run: a file that is not valid YAML hides its own
    values, those above the fault too (so its message says nothing else in it is checked), and
    no other file's."""
    above_the_fault = Edit("slt.yaml", "updated: 2026-", "updated: '2026-1-5' #", "'2026-1-5'",
                           "'2026-1-5' is not a date \"YYYY-MM-DD\": write '2026-01-05'")
    assert above_the_fault.apply(data_copy) in _problems(data_copy)
    fault = CASES["syntax error"].apply(data_copy)
    other_file = CASES["time without leading zero"].apply(data_copy)
    assert _problems(data_copy) == [other_file, fault]


def test_shipped_data_is_valid(policy):
    assert [p.id for p in policy.service_levels.priorities] == ["S1", "S2", "S3"]
    assert [r.id for r in policy.support_regions] == ["usa", "europe", "apac"]
    assert [t.id for t in policy.escalation.tiers] == ["tier1", "tier2", "tier2-partner"]


@pytest.mark.parametrize("edit_name, flags, status, last", [
    ("time out of range", [], 1, None),
    (None, [], 0, "data/ is valid: 3 priorities, 3 support regions, 3 tiers; 24 warnings above"),
    (None, ["--strict-warnings"], 1, "data/ is refused: 24 warnings and --strict-warnings"),
])
def test_validate_command(data_copy, edit_name, flags, status, last):
    """Problems alone when there are any; else the warnings (tests/test_warnings.py has their
    text), then one line that says whether the data passes."""
    expected = [CASES[edit_name].apply(data_copy)] if edit_name else [last]
    result = subprocess.run([sys.executable, "-m", "calculators", "validate", *flags],
                            cwd=data_copy.parent, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT)})
    lines = result.stdout.splitlines()
    warnings = [line for line in lines[:-1] if ": warning: " in line]
    assert (result.returncode, warnings + lines[-1:], result.stderr) == (
        status, lines[:-1] + expected, "")


def _corpus_writers():
    """Every malformed input above, as a function that writes it into a data folder."""
    writers = {name: edit.apply for name, edit in CASES.items()}
    for name, (content, _) in WHOLE_FILE_CASES.items():
        writers[name] = lambda data, content=content: (data / "slt.yaml").write_bytes(content)
    writers["missing file"] = lambda data: (data / "policy.yaml").unlink()
    return writers


CORPUS = _corpus_writers()


@pytest.mark.parametrize("write", CORPUS.values(), ids=CORPUS.keys())
def test_corpus_through_the_command(data_copy, capsys, write):
    """The command staff run: exit status 1 and only file:line:col lines, for every input."""
    from calculators.cli import main

    write(data_copy)
    assert main(["validate"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines and all(
        re.fullmatch(rf"data/{DATA_FILE}:[1-9]\d*:[1-9]\d*: \S.*", line) for line in lines), out
