"""The call-quality report's computations on CPython, with the full ``phonenumbers`` the build
pins (the browser loads ``phonenumberslite``, the same API): numbers, withheld and mobile notes,
the age limit at its edges and across clock changes, and the report as the reader pastes it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest

from calculators.browser import Answerer, worded
from calculators.call_report import call_report, check_number, sample_requirements
from calculators.time_words import words
from calculators.policy_json import to_json
from conftest import DATA
from policydata import load_policy

NOW = "2026-11-30T10:00:00Z"
LANDLINE = "+44 20 7096 6060"  # the policy's own Europe support line
US_LINE = "+1 408 687 4120"  # the policy's own USA direct line
UK_MOBILE = "+44 7911 123456"


def _now(text: str = NOW) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _sample(**fields) -> dict:
    return {"calling": LANDLINE, "called": US_LINE, "local": "2026-11-30T09:15",
            "direction": "incoming"} | fields


def _answer(policy, *, samples=(), answers=(), tz="Europe/London", now=NOW,
            country="") -> dict:
    return call_report(policy.texts.call_quality, {"answers": list(answers),
                                                   "samples": list(samples),
                                                   "country": country},
                       tz=tz, now=_now(now), words=words(policy))


# ------------------------------------------------------------------------------ numbers

NUMBER_CASES = [
    # typed, shown, mobile
    (LANDLINE, "+44 20 7096 6060", False),
    ("+442070966060", "+44 20 7096 6060", False),
    ("0044 20 7096 6060", "+44 20 7096 6060", False),
    ("+44 (0)20 7096 6060", "+44 20 7096 6060", False),
    (US_LINE, "+1 408-687-4120", False),
    ("+1 888 898 8733", "+1 888-898-8733", False),
    ("+61 1300088917", "+61 1300 088 917", False),
    (UK_MOBILE, "+44 7911 123456", True),
    ("+61 4 1234 5678", "+61 412 345 678", True),
]


@pytest.mark.parametrize("typed, shown, mobile", NUMBER_CASES)
def test_full_numbers_are_accepted(typed, shown, mobile):
    number = check_number(typed)
    assert (number.shown, number.mobile) == (shown, mobile)


BAD_NUMBER_CASES = [
    ("", "give the full number with its area code"),
    ("020 7096 6060", "'020 7096 6060' has no country code: choose the country it was dialled "
                      "in above the call samples, or write + and the country code first"),
    ("7096 6060", "'7096 6060' has no country code"),
    ("+", "'+' is not a phone number"),
    ("+999 1234567", "'+999 1234567' is not a phone number"),
    ("+44 20", "'+44 20' is too short for a full number in +44: include the area code"),
    ("+44 2070966060123456", "'+44 2070966060123456' is too long for a number in +44"),
    ("+44 20 7096 606", "'+44 20 7096 606' is not a number in use in +44: check the area code"),
    ("+44 1632 960000", "'+44 1632 960000' is not a number in use in +44"),
]


@pytest.mark.parametrize("typed, message", BAD_NUMBER_CASES)
def test_bad_numbers_are_refused_next_to_their_field(policy, typed, message):
    answer = _answer(policy, samples=[_sample(called=typed)])
    assert answer["report"] is None
    [problem] = answer["problems"]
    assert problem["field"] == "sample-0-called"
    assert problem["message"].startswith(f"Number called (Full number with Area code): {message}")


# The policy asks for the "Full number with Area code", not the country code: a number as it is
# dialled at home is read in the country the reader chose, and written in international form.
NATIONAL_CASES = [
    # typed, country, shown, mobile
    ("0412 345 678", "AU", "+61 412 345 678", True),
    ("(02) 9876 5432", "AU", "+61 2 9876 5432", False),
    ("020 7096 6060", "GB", "+44 20 7096 6060", False),
    ("020 7096 6060", "gb", "+44 20 7096 6060", False),
    ("(408) 687-4120", "US", "+1 408-687-4120", False),
    ("6123 4567", "SG", "+65 6123 4567", False),
    # A number with its country code keeps it, whatever country was chosen.
    ("+44 20 7096 6060", "AU", "+44 20 7096 6060", False),
    ("0044 20 7096 6060", "US", "+44 20 7096 6060", False),
]


@pytest.mark.parametrize("typed, country, shown, mobile", NATIONAL_CASES)
def test_a_national_number_is_read_in_the_chosen_country(policy, typed, country, shown, mobile):
    answer = _answer(policy, samples=[_sample(calling=typed)], country=country)
    assert answer["problems"] == []
    calling = answer["samples"][0]["calling"]
    assert (calling["shown"], calling["mobile"]) == (shown, mobile)
    assert f"  Number calling (Full number with Area code): {shown}\n" in answer["report"]


NATIONAL_PROBLEM_CASES = [
    # typed, country, field, message
    ("041", "AU", "sample-0-calling", "Number calling (Full number with Area code): "
                                      "'041' is too short for a full number in AU (+61): "
                                      "include the area code"),
    ("020 7096 606", "GB", "sample-0-calling", "Number calling (Full number with Area code): "
                                               "'020 7096 606' is not a number in use in GB "
                                               "(+44): check the area code and the digits"),
    ("0412 345 678", "ZZ", "country", "'ZZ' is not a country this builder knows: choose one "
                                      "from the list"),
    # A long value is quoted in part, with its length.
    ("0412 345 678", "A" * 500, "country", f"{'A' * 40!r}...{'A' * 15!r} (500 characters) is "
                                           "not a country this builder knows"),
]


@pytest.mark.parametrize("typed, country, field, message", NATIONAL_PROBLEM_CASES)
def test_a_national_number_or_country_that_cannot_be_read(policy, typed, country, field,
                                                         message):
    answer = _answer(policy, samples=[_sample(calling=typed)], country=country)
    assert answer["report"] is None
    assert any(p["field"] == field and message in p["message"] and len(p["message"]) < 200
               for p in answer["problems"]), answer["problems"]


# ------------------------------------------------------------------------------ notes

NOTE_CASES = [
    # sample fields, the notes shown with it (by the data's names), how the calling number reads
    ({}, [], "+44 20 7096 6060"),
    ({"calling": UK_MOBILE}, ["landline_preferred"], "+44 7911 123456"),
    ({"called": UK_MOBILE}, ["landline_preferred"], "+44 20 7096 6060"),
    ({"withheld": True, "calling": ""}, ["withheld"], "withheld"),
    ({"withheld": True, "calling": "not looked at"}, ["withheld"], "withheld"),
    ({"withheld": True, "called": UK_MOBILE}, ["landline_preferred", "withheld"], "withheld"),
]


@pytest.mark.parametrize("fields, notes, calling", NOTE_CASES)
def test_withheld_and_mobile_numbers_get_the_policy_notes(policy, fields, notes, calling):
    answer = _answer(policy, samples=[_sample(**fields)])
    assert answer["problems"] == []
    [sample] = answer["samples"]
    expected = [getattr(policy.texts.call_quality.call_samples.notes, name) for name in notes]
    assert sample["notes"] == expected
    assert sample["calling"]["shown"] == calling
    for note in expected:
        assert f"  Note: {note}\n" in answer["report"]
    assert f"  Number calling (Full number with Area code): {calling}\n" in answer["report"]


# ------------------------------------------------------------------------------ the age limit

AGE_CASES = [
    # zone, the call's local time, fold, now, its instant, when it stops qualifying, too old
    ("Europe/London", "2026-11-29T10:00", None, "2026-11-30T09:59:59Z",
     "2026-11-29T10:00:00Z", "2026-11-30T10:00:00Z", False),
    # The limit is half-open: at exactly 24 hours the call no longer qualifies.
    ("Europe/London", "2026-11-29T10:00", None, "2026-11-30T10:00:00Z",
     "2026-11-29T10:00:00Z", "2026-11-30T10:00:00Z", True),
    ("America/Los_Angeles", "2026-11-29T10:00", None, "2026-11-30T17:59:00Z",
     "2026-11-29T18:00:00Z", "2026-11-30T18:00:00Z", False),
    ("Asia/Singapore", "2026-11-30T00:30", None, "2026-11-30T10:00:00Z",
     "2026-11-29T16:30:00Z", "2026-11-30T16:30:00Z", False),
    # 24 real hours across the spring-forward: 00:30 GMT stops qualifying at 01:30 BST.
    ("Europe/London", "2026-03-29T00:30", None, "2026-03-30T00:29:00Z",
     "2026-03-29T00:30:00Z", "2026-03-30T00:30:00Z", False),
    # ... and across the fall-back: 00:30 BST stops qualifying at 23:30 GMT the same evening.
    ("Europe/London", "2026-10-25T00:30", None, "2026-10-25T23:30:00Z",
     "2026-10-24T23:30:00Z", "2026-10-25T23:30:00Z", True),
    # The repeated hour of the fall-back, read either way once the reader chooses.
    ("Europe/London", "2026-10-25T01:30", 0, "2026-10-26T00:29:59Z",
     "2026-10-25T00:30:00Z", "2026-10-26T00:30:00Z", False),
    ("Europe/London", "2026-10-25T01:30", 1, "2026-10-26T01:29:59Z",
     "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z", False),
    ("Europe/London", "2026-10-25T01:30", 1, "2026-10-26T01:30:00Z",
     "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z", True),
    # The skipped hour of the spring-forward, fold 0: the offset before the change (GMT).
    ("Europe/London", "2026-03-29T01:30", 0, "2026-03-30T00:00:00Z",
     "2026-03-29T01:30:00Z", "2026-03-30T01:30:00Z", False),
    ("America/New_York", "2026-03-08T02:30", 1, "2026-03-09T06:30:00Z",
     "2026-03-08T06:30:00Z", "2026-03-09T06:30:00Z", True),
]


@pytest.mark.parametrize("tz, local, fold, now, at, stops, too_old", AGE_CASES)
def test_a_sample_older_than_the_limit_is_flagged_with_the_instant_it_stopped(
        policy, tz, local, fold, now, at, stops, too_old):
    answer = _answer(policy, samples=[_sample(local=local, fold=fold)], tz=tz, now=now)
    assert answer["problems"] == []
    [sample] = answer["samples"]
    assert (sample["at"], sample["stops_qualifying"], sample["too_old"]) == (at, stops, too_old)
    assert ("age_problem" in sample) == too_old
    if too_old:
        assert f"this call stopped qualifying at " in sample["age_problem"]
        assert f"({stops})" in sample["age_problem"]
        assert f"  Note: {sample['age_problem']}\n" in answer["report"]


STOPPED_WORDS_CASES = [
    # zone, the call's local time, now, how the instant it stopped qualifying is said
    ("Europe/London", "2026-03-29T00:30", "2026-03-30T12:00:00Z",
     "Mon 30 Mar 2026, 01:30 BST (Europe/London) (2026-03-30T00:30:00Z)"),
    ("Asia/Singapore", "2026-11-29T08:00", NOW, "Mon 30 Nov 2026, 08:00 SGT (Asia/Singapore) "
                                                 "(2026-11-30T00:00:00Z)"),
    ("UTC", "2026-11-29T08:00", NOW, "Mon 30 Nov 2026, 08:00 UTC (2026-11-30T08:00:00Z)"),
    # A zone the data does not label is named by its offset, never the tz database's "+09".
    ("Asia/Tokyo", "2026-11-29T08:00", NOW, "Mon 30 Nov 2026, 08:00 UTC+9 (Asia/Tokyo) "
                                             "(2026-11-29T23:00:00Z)"),
]


@pytest.mark.parametrize("tz, local, now, words", STOPPED_WORDS_CASES)
def test_the_stopping_time_is_said_in_the_readers_zone(policy, tz, local, now, words):
    answer = _answer(policy, samples=[_sample(local=local)], tz=tz, now=now)
    assert answer["samples"][0]["age_problem"] == (
        f"Older than 24 hours: this call stopped qualifying at {words}. Call sample needs to be "
        "within 24 hours of the call.")


TIME_PROBLEM_CASES = [
    # zone, local time, fold, the message after the requirement's name
    ("Europe/London", "2026-10-25T01:30", None,
     "2026-10-25T01:30:00 is ambiguous in Europe/London: the clocks go back and show it twice; "
     "it could mean 2026-10-25T01:30:00+01:00 (= 2026-10-25T00:30:00Z, fold 0) or "
     "2026-10-25T01:30:00+00:00 (= 2026-10-25T01:30:00Z, fold 1); choose a fold"),
    ("Europe/London", "2026-03-29T01:30", None,
     "2026-03-29T01:30:00 does not exist in Europe/London"),
    ("Europe/London", "2026-11-30T10:01", None,
     "Mon 30 Nov 2026, 10:01 GMT (Europe/London) is later than now"),
    ("Europe/London", "yesterday", None, "'yesterday' is not an ISO-8601 date and time"),
    ("Europe/London", "", None, "give the date and time of the call"),
    ("Europe/London", "2026-11-30T09:00", 2, "fold must be 0 or 1, not 2"),
]


@pytest.mark.parametrize("tz, local, fold, message", TIME_PROBLEM_CASES)
def test_a_time_that_names_no_single_past_instant_is_refused(policy, tz, local, fold, message):
    answer = _answer(policy, samples=[_sample(local=local, fold=fold)], tz=tz)
    assert answer["problems"] == [{"field": "sample-0-time",
                                   "message": answer["problems"][0]["message"]}]
    assert answer["problems"][0]["message"].startswith(f"Date and time of call: {message}")
    assert answer["report"] is None


# ------------------------------------------------------------------------------ the answers

ANSWER_CASES = [
    # the answers to the first two questions, the report's lines for them, or the problem
    ([{"picked": ["echo", "no audio"]}, {"picked": ["intermittent"]}],
     ["  no audio; echo", "  intermittent"], None),
    ([{"picked": ["something else"], "other": "  a  click\nevery minute "}, {}],
     ["  something else: a click every minute", "  (not answered)"], None),
    ([{}, {"picked": []}], ["  (not answered)", "  (not answered)"], None),
    ([{"picked": ["something else"], "other": ""}],
     None, ("question-0", "say what 'something else' is, or untick it")),
    ([{"picked": ["buzzing"]}],
     None, ("question-0", "'buzzing' is not one of the choices: no audio, one way audio, "
                          "break up of audio, delayed speech, echo, robotic, static noise, "
                          "something else")),
    ([{}, {"picked": ["all calls", "intermittent"]}], None, ("question-1", "pick one choice")),
]


@pytest.mark.parametrize("answers, lines, problem", ANSWER_CASES)
def test_answers_are_written_in_the_questions_order(policy, answers, lines, problem):
    answer = _answer(policy, answers=answers)
    if problem:
        assert [(p["field"], p["message"]) for p in answer["problems"]] == [problem]
        assert answer["report"] is None
        return
    report = answer["report"].splitlines()
    questions = policy.texts.call_quality.questions
    for question, line in zip(questions, lines):
        assert report[report.index(question.question) + 1] == line


def test_free_text_answers_are_one_line(policy):
    displayed = [index for index, q in enumerate(policy.texts.call_quality.questions)
                 if q.answer is None][0]
    answers = [{}] * displayed + [{"text": "Line one\nline two\t "}]
    report = _answer(policy, answers=answers)["report"].splitlines()
    question = policy.texts.call_quality.questions[displayed].question
    assert report[report.index(question) + 1] == "  Line one line two"


def test_blank_sample_rows_are_left_out_and_the_others_keep_their_place(policy):
    answer = _answer(policy, samples=[{}, _sample(), {"direction": ""}, _sample(called="")])
    assert [s["index"] for s in answer["samples"]] == [1, 3]
    assert [p["field"] for p in answer["problems"]] == ["sample-3-called"]


SAMPLE_FIELD_CASES = [
    ({"direction": ""}, "sample-0-direction",
     "Call direction: choose one of incoming, outgoing, internal"),
    ({"direction": "sideways"}, "sample-0-direction",
     "Call direction: choose one of incoming, outgoing, internal"),
    ({"calling": ""}, "sample-0-calling",
     "Number calling (Full number with Area code): give the full number with its area code"),
]


@pytest.mark.parametrize("fields, field, message", SAMPLE_FIELD_CASES)
def test_each_required_sample_field_is_asked_for(policy, fields, field, message):
    answer = _answer(policy, samples=[_sample(**fields)])
    assert answer["problems"] == [{"field": field, "message": message}]


# ------------------------------------------------------------------------------ the report

REPORT = """\
Call quality report
Written Mon 30 Nov 2026, 10:00 GMT (Europe/London) = 2026-11-30T10:00:00Z

What is happening? For example, no audio, one way audio, break up of audio, delayed speech, echo, robotic, static noise?
  one way audio; something else: crackle
Is it on all calls or is it intermittent?
  intermittent
Does it affect one single phone, a few, or all phones?
  a few
Has the call been tried on another phone?
  yes
Is the issue on incoming calls, outgoing calls, or both?
  both
Does the issue happen on internal calls?
  no
What was displayed on the phone at the time of the call and afterward?
  Nothing unusual
Are there any obvious patterns? For example, always at the same time of the day? Always when lots of people are taking calls?
  always when lots of people are taking calls
Is the internet connection stable and checks have been run?
  (not answered)

Call samples for an audio trace
Sample 1
  Number calling (Full number with Area code): +44 20 7096 6060
  Number called (Full number with Area code): +1 408-687-4120
  Date and time of call: Mon 30 Nov 2026, 09:15 GMT (Europe/London) = 2026-11-30T09:15:00Z
  Call direction: incoming
Sample 2
  Number calling (Full number with Area code): withheld
  Number called (Full number with Area code): +44 7911 123456
  Date and time of call: Sun 29 Nov 2026, 08:00 GMT (Europe/London) = 2026-11-29T08:00:00Z
  Call direction: outgoing
  Note: Older than 24 hours: this call stopped qualifying at Mon 30 Nov 2026, 08:00 GMT (Europe/London) (2026-11-30T08:00:00Z). Call sample needs to be within 24 hours of the call.
  Note: Preferred call examples are from landline numbers. As mobile calls have too many variables to take into account.
  Note: Call samples from withheld numbers are acceptable, where they are few in number, as finding these calls can be time-consuming.
"""


def test_the_report_as_pasted_into_a_case(policy):
    answers = [{"picked": ["something else", "one way audio"], "other": "crackle"},
               {"picked": ["intermittent"]}, {"picked": ["a few"]}, {"picked": ["yes"]},
               {"picked": ["both"]}, {"picked": ["no"]}, {"text": "Nothing unusual"},
               {"picked": ["always when lots of people are taking calls"], "other": ""}, {}]
    samples = [_sample(), _sample(withheld=True, calling="", called=UK_MOBILE,
                                  local="2026-11-29T08:00", direction="outgoing")]
    assert _answer(policy, answers=answers, samples=samples)["report"] == REPORT


# ------------------------------------------------------------------------------ from the data


@pytest.fixture
def edited_policy(tmp_path):
    """The shipped data with the age limit and the first question's choices edited."""
    shutil.copytree(DATA, tmp_path / "data")
    path = tmp_path / "data" / "policy.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("within: 24 hours", "within: 90 minutes", 1)
    text = text.replace("choices: [all calls, intermittent]",
                        "choices: [all calls, intermittent, only some days]", 1)
    path.write_text(text, encoding="utf-8")
    return load_policy(tmp_path / "data")


def test_the_age_limit_words_and_check_come_from_one_value(policy, edited_policy):
    assert sample_requirements(policy.texts.call_quality.call_samples)[0] == \
        "Call sample needs to be within 24 hours of the call"
    assert sample_requirements(edited_policy.texts.call_quality.call_samples)[0] == \
        "Call sample needs to be within 1 hour 30 minutes of the call"
    answer = _answer(edited_policy, samples=[_sample(local="2026-11-30T08:30")])
    assert answer["samples"][0]["too_old"] is True
    assert answer["samples"][0]["age_problem"].startswith("Older than 1 hour 30 minutes: this "
                                                          "call stopped qualifying at Mon 30 Nov "
                                                          "2026, 10:00 GMT")


def test_an_edited_choice_is_accepted_and_a_removed_one_refused(policy, edited_policy):
    answers = [{}, {"picked": ["only some days"]}]
    assert _answer(edited_policy, answers=answers)["problems"] == []
    assert _answer(policy, answers=answers)["problems"][0]["field"] == "question-1"


# ------------------------------------------------------------------------------ the worker's door

@pytest.fixture(scope="module")
def answerer(policy):
    return Answerer(json.dumps(to_json(policy)))


WORKER_CASES = [
    ({"tz": "Europe/Londn"}, "tz"),
    ({"at": "soon"}, "at"),
]


@pytest.mark.parametrize("fields, field", WORKER_CASES)
def test_the_worker_refuses_a_bad_zone_or_now_as_the_other_calculators_do(answerer, fields,
                                                                          field):
    request = {"kind": "call_report", "tz": "Europe/London", "at": NOW, "answers": [],
               "samples": []} | fields
    assert [error["field"] for error in answerer.answer_dict(request)["errors"]] == [field]


MALFORMED_CASES = [
    # what arrives in place of the form's entries: read as left empty, never a traceback
    {"answers": "echo", "samples": "+44"},
    {"answers": [None, 3, "x"], "samples": [None, "x", 5]},
    {"answers": [{"picked": "echo"}], "samples": [{}]},
    {},
]


@pytest.mark.parametrize("fields", MALFORMED_CASES)
def test_a_malformed_request_reads_as_an_empty_form(answerer, fields):
    request = {"kind": "call_report", "tz": "UTC", "at": NOW} | fields
    answer = answerer.answer_dict(request)
    assert (answer["problems"], answer["samples"]) == ([], [])
    assert answer["report"].count("  (not answered)\n") == 10


def test_the_worker_answers_as_call_report_does(answerer, policy):
    request = {"kind": "call_report", "tz": "Europe/London", "at": NOW,
               "answers": [{"picked": ["echo"]}], "samples": [_sample()]}
    # The worker's answer is call_report's, with its times worded for the page.
    assert json.loads(answerer.answer(json.dumps(request))) == worded(
        policy, _answer(policy, answers=[{"picked": ["echo"]}], samples=[_sample()]), request)



# ------------------------------------------------------------------------------ under Pyodide

PYODIDE_REQUESTS = [
    {"kind": "call_report", "tz": tz, "at": now, "answers": answers, "samples": samples}
    for tz, now, answers, samples in [
        ("Europe/London", NOW, [{"picked": ["echo"]}],
         [_sample(), _sample(calling=UK_MOBILE, local="2026-11-29T09:00")]),
        ("America/New_York", "2026-03-09T12:00:00Z", [],
         [_sample(local="2026-03-08T02:30", fold=1), _sample(local="2026-03-08T02:30")]),
        ("Australia/Sydney", NOW, [{}, {"picked": ["intermittent"]}],
         [_sample(withheld=True, called="+61 4 1234 5678", local="2026-11-30T20:00")]),
        ("UTC", NOW, [], [_sample(calling=typed) for typed, _ in BAD_NUMBER_CASES]),
        ("UTC", NOW, [], [_sample(called=typed) for typed, _, _ in NUMBER_CASES]),
    ]
]


@pytest.mark.pyodide
def test_pyodide_with_phonenumberslite_answers_as_cpython(policy, answerer, tmp_path):
    """What the browser runs (Python 3.14, the lite package the site ships) against CPython
    with the full package."""
    from test_pyodide_parity import DIST, PYODIDE, SCRIPT, fresh_wheels

    node = shutil.which("node")
    assert node, "node is not on PATH; CI installs Node.js 20"
    lite = sorted(DIST.glob("phonenumberslite-*.whl"))
    assert lite, "dist/ has no phonenumberslite wheel; run: make wheels"
    given = tmp_path / "input.json"
    given.write_text(json.dumps({"policy": to_json(policy), "requests": PYODIDE_REQUESTS}),
                     encoding="utf-8")
    done = subprocess.run([node, str(SCRIPT), str(PYODIDE), str(given), *fresh_wheels(),
                           str(lite[-1])], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout)["answers"]
    assert got == [answerer.answer_dict(request) for request in PYODIDE_REQUESTS]
