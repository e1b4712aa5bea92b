"""Hostile requests, round three (issue 19, part 3): the browser's Answerer never raises, whatever
text or JSON-like value arrives, and answers in readers' words naming the field at fault.

The cases run in one child process (tests/hostile.py), each under a 10 s alarm, the process under
a memory limit. Each checks the answer's first error (field and message), and for every answer
that it is JSON text any UTF-8 encoder takes, with messages short and free of controls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import pytest

from hostile import MAX_MESSAGE, ROOT, run_cases

BEYOND = ("the answer falls outside the years 1 to 9999, which is as far as dates can be "
          "computed; ask about a time well inside them")
OUT_OF_WEEKS = ("This week reaches outside the years 1 to 9999, which is as far as dates can be "
                "computed. Choose a week well inside them.")
UNREADABLE = "This page sent the calculator a request it cannot read. Reload the page."
FOLD_QUESTION = (
    "01:30 on 2026-10-25 happens twice in Europe/London: the clocks go back. Choose under "
    "“Clock change” whether you mean the first, before the change (UTC+01:00, which is 00:30 "
    "UTC), or the second, after it (UTC+00:00, which is 01:30 UTC).")
CHOICES = ("is not one of the choices: no audio, one way audio, break up of audio, delayed "
           "speech, echo, robotic, static noise, something else")
SAMPLE_TIME = "Date and time of call: "
NOT_A_PHONE = "is not a phone number: write the area code and number"
MILLION = 10 ** 6


@cache
def _answerer():
    from calculators.browser import Answerer
    from calculators.policy_json import to_json
    from policydata import load_policy

    return Answerer(json.dumps(to_json(load_policy(ROOT / "data"))))


def _problems(answer: dict) -> list[dict]:
    return answer.get("errors") or (answer.get("problems") or [])


@dataclass(frozen=True)
class Ask:
    """The Answerer, asked ``request`` (JSON text as it is if ``raw``), answers with ``field``
    and ``message`` as its first error, or (``field`` None) with no error at all."""

    request: object
    field: str | None
    message: str | None = None
    raw: bool = False

    def __call__(self, folder):
        text = self.request if self.raw else json.dumps(self.request)
        answered = _answerer().answer(text)
        answered.encode("utf-8")  # strict: a lone surrogate would fail here, as in the worker
        answer = json.loads(answered)
        problems = _problems(answer)
        for problem in problems:
            message = problem["message"]
            assert len(message) <= MAX_MESSAGE, f"{len(message):,} characters"
            assert message.isprintable(), message
        first = problems[0] if problems else {}
        return ([self.field, self.message], [first.get("field"), first.get("message")])


def _deadline(**fields) -> dict:
    return {"kind": "deadline", "priority": "S1", "region": "usa", "tz": "UTC",
            "at": "2026-11-27T17:30:00Z", **fields}


def _ambiguous(**fields) -> dict:
    return _deadline(tz="Europe/London", at=None, local="2026-10-25T01:30") | fields


def _coverage(**fields) -> dict:
    return {"kind": "coverage", "view": "support", "tz": "UTC", "at": "2026-11-30T10:00:00Z",
            **fields}


SAMPLE = {"calling": "+44 20 7946 0000", "called": "+1 212 555 0100",
          "local": "2026-11-30T09:15", "direction": "incoming"}


def _report(*, samples=(), answers=(), **fields) -> dict:
    return {"kind": "call_report", "tz": "Europe/London", "at": "2026-11-30T10:00:00Z",
            "country": "GB", "answers": list(answers), "samples": list(samples), **fields}


def _sample(**fields) -> dict:
    return SAMPLE | fields


CASES = {
    # --- a fold that is a number but not an int
    "fold 1.0 is the later reading": Ask(_ambiguous(fold=1.0), None),
    "fold 0.0 is the earlier reading": Ask(_ambiguous(fold=0.0), None),
    "fold true is no choice": Ask(_ambiguous(fold=True), "at", FOLD_QUESTION),
    "fold [1] is no choice": Ask(_ambiguous(fold=[1]), "at", FOLD_QUESTION),
    "fold NaN is no choice": Ask(_ambiguous(fold=float("nan")), "at", FOLD_QUESTION),
    "fold 1.5 is no choice": Ask(_ambiguous(fold=1.5), "at", FOLD_QUESTION),
    "a sample's fold [1]": Ask(_report(samples=[_sample(fold=[1])]), "sample-0-time",
                               SAMPLE_TIME + "fold must be 0 or 1, not '[1]'"),
    "a sample's fold true": Ask(_report(samples=[_sample(fold=True)]), "sample-0-time",
                                SAMPLE_TIME + "fold must be 0 or 1, not 'True'"),
    "a sample's fold 1.0": Ask(_report(samples=[_sample(fold=1.0)]), None),
    "a sample's fold with a bell": Ask(
        _report(samples=[_sample(fold="\x07")]), "sample-0-time",
        SAMPLE_TIME + "fold must be 0 or 1, not '‹U+0007›'"),
    # --- `at` without an offset, where the page sends now
    "open now at a local time": Ask({"kind": "open_now", "at": "2026-11-30T10:00:00"}, None),
    "open now at a local time in a zone": Ask(
        {"kind": "open_now", "at": "2026-11-30T10:00:00", "tz": "Asia/Tokyo"}, None),
    "open now at a date only": Ask(
        {"kind": "open_now", "at": "2026-11-30"}, "at",
        "The time “2026-11-30” is not a date and time this calculator can read. Give the date "
        "and time in the form."),
    "a coverage week at a local time": Ask(_coverage(at="2026-11-30T10:00:00"), None),
    "a coverage week at a local time in a wrong zone": Ask(
        _coverage(at="2026-11-30T10:00:00", tz="Nowhere/Atall"), "tz",
        "“Nowhere/Atall” is not a time zone known here. Type a city or a zone name, such as "
        "London or Europe/London, and pick one of the suggestions."),
    "a call report at a local time": Ask(_report(at="2026-11-30T10:00:00",
                                                 samples=[SAMPLE]), None),
    "a call report at a repeated local time": Ask(
        _report(at="2026-10-25T01:30:00"), "at", FOLD_QUESTION),
    # --- text that is not a request
    "text that is not JSON": Ask("hello", "general", UNREADABLE, raw=True),
    "empty text": Ask("", "general", UNREADABLE, raw=True),
    "half an object": Ask('{"kind": "deadline"', "general", UNREADABLE, raw=True),
    "5,000 nested lists": Ask("[" * 5000 + "]" * 5000, "general", UNREADABLE, raw=True),
    # Under Pyodide, 100,000 kill the interpreter (the browser's stack runs out first).
    "100,000 nested lists": Ask("[" * 100_000 + "]" * 100_000, "general", UNREADABLE, raw=True),
    "a request holding 65 nested lists": Ask(
        json.dumps(_deadline(priority=None)).replace("null", "[" * 65 + "]" * 65), "general",
        UNREADABLE, raw=True),
    "a request holding 60 nested lists": Ask(
        json.dumps(_deadline(priority=None)).replace("null", "[" * 60 + "]" * 60), "priority",
        f"There is no priority “{'[' * 39}…”. Choose S1, S2 or S3.", raw=True),
    "brackets inside a string are text": Ask(
        _deadline(priority="[" * 100_000), "priority",
        f"There is no priority “{'[' * 39}…”. Choose S1, S2 or S3."),
    "5,000 nested objects": Ask('{"a":' * 5000 + "1" + "}" * 5000, "general", UNREADABLE,
                                raw=True),
    "a number of 5,000 digits": Ask("9" * 5000, "general", UNREADABLE, raw=True),
    "a fold of 5,000 digits": Ask(
        json.dumps(_ambiguous()).replace('"fold"', '"x"')[:-1] + ', "fold": ' + "1" * 5000 + "}",
        "at", FOLD_QUESTION, raw=True),
    "a priority of 5,000 digits": Ask(
        json.dumps(_deadline(priority=None)).replace("null", "9" * 5000), "priority",
        f"There is no priority “{'9' * 39}…”. Choose S1, S2 or S3.", raw=True),
    "an exponent of 5,000 digits": Ask(
        json.dumps(_ambiguous()).replace('"local"', '"fold": 1e' + "9" * 5000 + ', "local"'),
        "at", FOLD_QUESTION, raw=True),
    "NaN as the request": Ask("NaN", "general", UNREADABLE, raw=True),
    "null as the request": Ask("null", "general", UNREADABLE, raw=True),
    "a lone surrogate as the request": Ask('"\\ud800"', "general", UNREADABLE, raw=True),
    # --- the ends of datetime name the field at fault
    "a week at 9999-12-31": Ask(_coverage(week="9999-12-31"), "week", OUT_OF_WEEKS),
    "a week at 0001-01-01": Ask(_coverage(week="0001-01-01"), "week", OUT_OF_WEEKS),
    "a tier's week at 9999-12-31": Ask(_coverage(view="tier1", week="9999-12-31"), "week",
                                       OUT_OF_WEEKS),
    "now at the end of 9999, no week": Ask(_coverage(at="9999-12-31T23:00:00Z"), "at",
                                           OUT_OF_WEEKS),
    "a sample an hour before the end of 9999": Ask(
        _report(at="9999-12-31T23:59:00Z", tz="UTC",
                samples=[_sample(local="9999-12-31T23:00")]), "sample-0-time",
        SAMPLE_TIME + BEYOND),
    "a sample at the end of 9999 in Kiritimati": Ask(
        _report(at="9999-12-31T09:00:00Z", tz="Pacific/Kiritimati",
                samples=[_sample(local="9999-12-31T22:59")]), "sample-0-time",
        SAMPLE_TIME + BEYOND),
    # --- long input is quoted in part
    "a choice of a million characters": Ask(
        _report(answers=[{"picked": ["x" * MILLION]}]), "question-0",
        f"'{'x' * 40}'...'{'x' * 15}' (1,000,000 characters) {CHOICES}"),
    "a calling number of a million digits": Ask(
        _report(samples=[_sample(calling="+" + "4" * MILLION)]), "sample-0-calling",
        f"Number calling (Full number with Area code): '+{'4' * 39}'...'{'4' * 15}' "
        f"(1,000,001 characters) {NOT_A_PHONE}"),
    "a national number of a million digits": Ask(
        _report(samples=[_sample(called="0" + "2" * MILLION)]), "sample-0-called",
        f"Number called (Full number with Area code): '0{'2' * 39}'...'{'2' * 15}' "
        f"(1,000,001 characters) {NOT_A_PHONE}, or + and the country code first"),
    "a number of a million spaced digits": Ask(
        _report(samples=[_sample(calling="+44 " + "2 " * MILLION)]), "sample-0-calling",
        f"Number calling (Full number with Area code): '+44 {'2 ' * 18}'...'{'2 ' * 7}2' "
        f"(2,000,003 characters) {NOT_A_PHONE}"),
    "a country of a million characters": Ask(
        _report(country="Z" * MILLION), "country",
        f"'{'Z' * 40}'...'{'Z' * 15}' (1,000,000 characters) is not a country this builder "
        "knows: choose one from the list"),
    "a sample time of a million characters": Ask(
        _report(samples=[_sample(local="2" * MILLION)]), "sample-0-time",
        f"{SAMPLE_TIME}'{'2' * 40}'...'{'2' * 15}' (1,000,000 characters) is not an ISO-8601 "
        "date and time such as 2026-11-27T17:30:00Z, or 2026-11-27T09:30 together with a time "
        "zone"),
    "a zone of a million characters": Ask(
        _deadline(tz="x" * MILLION), "tz",
        f"“{'x' * 39}…” is not a time zone known here. Type a city or a zone name, such as "
        "London or Europe/London, and pick one of the suggestions."),
    "a zone of 40 bells": Ask(
        _deadline(tz="\x07" * 40), "tz",
        f"“{'‹U+0007›' * 4}…” is not a time zone known here. Type a city or a zone name, such "
        "as London or Europe/London, and pick one of the suggestions."),
    # --- controls and lone surrogates by their code point, never a Python repr
    "a choice of a lone surrogate and a bell": Ask(
        _report(answers=[{"picked": ["\ud800\x07"]}]), "question-0",
        f"'‹U+D800›‹U+0007›' {CHOICES}"),
    "a choice with a right-to-left override": Ask(
        _report(answers=[{"picked": ["echo\u202e"]}]), "question-0",
        f"'echo‹U+202E›' {CHOICES}"),
    "a calling number with an escape": Ask(
        _report(samples=[_sample(calling="+44\x1b[2J")]), "sample-0-calling",
        f"Number calling (Full number with Area code): '+44‹U+001B›[2J' {NOT_A_PHONE}"),
    "a sample time with a newline": Ask(
        _report(samples=[_sample(local="2026-11-30T09:15\n\x07")]), "sample-0-time",
        f"{SAMPLE_TIME}'2026-11-30T09:15‹U+000A›‹U+0007›' is not a date and time this builder "
        "can read"),
    "a country with a null": Ask(
        _report(country="G\x00B"), "country",
        "'G‹U+0000›B' is not a country this builder knows: choose one from the list"),
    "a kind of a lone surrogate": Ask(
        {"kind": "\udfff"}, "general",
        "This page asked the calculator something it does not know (“‹U+DFFF›”). Reload the "
        "page."),
    "a date with a bell": Ask(
        _deadline(at=None, date="2026-11-27\x07", time="09:30"), "date",
        "“2026-11-27‹U+0007›” is not a date. Give it as year-month-day, such as 2026-11-27."),
    "a time with a lone surrogate": Ask(
        _deadline(at=None, date="2026-11-27", time="09:30\udc80"), "time",
        "“09:30‹U+DC80›” is not a time on the 24-hour clock. Give hours and minutes, such as "
        "09:30 or 17:45."),
    # --- lone surrogates the answer carries back (free text in the report) stay valid JSON
    "a free-text answer of a lone surrogate": Ask(
        _report(answers=[{}] * 6 + [{"text": "\ud800 \udfff"}], samples=[SAMPLE]), None),
}


@pytest.fixture(scope="module")
def outcomes():
    return run_cases(__name__, CASES)


@pytest.mark.parametrize("name", CASES)
def test_hostile_requests_get_their_exact_answer(outcomes, name):
    outcome = outcomes[name]
    assert outcome["error"] is None, outcome["error"]
    assert outcome["actual"] == outcome["expected"]


def test_an_answer_with_a_lone_surrogate_reads_back_the_same():
    from calculators.browser import _json

    text = _json({"report": "a\ud800b\udfff😀"})
    assert text.isascii() is False and text.encode("utf-8")
    assert json.loads(text) == {"report": "a\ud800b\udfff😀"}


def test_a_fault_of_the_calculators_is_an_answer_too(monkeypatch):
    from calculators import browser

    def fail(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(browser, "worded", fail)
    answer = json.loads(_answerer().answer(json.dumps(_deadline())))
    assert [e["field"] for e in answer["errors"]] == ["general"]


@pytest.mark.parametrize("text", [
    "hello", "[" * 100_000 + "]" * 100_000, "9" * 5000, '{"tz": ' + "1" * 5000 + "}",
    '{"tz": "\\ud800"}', '{"tz": ["Europe/London"]}',
])
def test_the_zone_a_hostile_request_needs_is_none(text):
    # The worker asks zone_wanted before answer(): it must not fail first.
    from calculators.browser import zone_wanted

    assert zone_wanted(text) is None
