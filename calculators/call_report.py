"""The call-quality report: a reader's answers to the policy's checklist and their call samples,
checked, and written as plain text to paste into a case.

Phone numbers are checked with ``phonenumbers`` (``phonenumberslite`` in the browser, which the
worker loads only for this page), imported where a number is checked: every other answer, and
the memory snapshot the browser starts from, go without it.

A request (the browser's form, as JSON)::

    {"kind": "call_report", "tz": "Europe/London", "at": "2026-11-30T10:00:00Z",
     "country": "GB",
     "answers": [{"picked": ["echo"], "other": ""}, {"text": "..."}, ...],
     "samples": [{"calling": "+44 20 ...", "withheld": false, "called": "+1 ...",
                  "local": "2026-11-30T09:15", "fold": null, "direction": "incoming"}]}

``answers`` follow the checklist's questions in order; ``at`` is now; ``local`` a wall time in
``tz``; ``country`` the region code (ISO 3166, as phonenumbers knows it) in which numbers written
without "+" and a country code were dialled, or "" when the reader has chosen none. The answer lists every problem, each with the form field it belongs to, and the report
once there are none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import wording
from .time_words import TimeWords
from .errors import CalculatorError
from .instants import OUT_OF_RANGE, parse_instant, utc_iso
from .model import AGE_LIMIT_SLOT, CallQuality, CallSamples, ChecklistQuestion, Pick

NOT_ANSWERED = "(not answered)"
WITHHELD = "withheld"


def age_limit_requirement(samples: CallSamples) -> str:
    """The age limit in the policy's words, the duration said as the site says durations."""
    limit = samples.age_limit
    return limit.text.replace(AGE_LIMIT_SLOT, wording.duration(limit.within))


def sample_requirements(samples: CallSamples) -> tuple[str, ...]:
    """Every requirement of a call sample, in the policy's order."""
    needs = samples.requirements
    return (age_limit_requirement(samples), needs.calling, needs.called, needs.time,
            needs.direction)


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # the form field it belongs to: "question-2", "sample-0-calling", ...
    message: str


class _Invalid(CalculatorError):
    pass


# ------------------------------------------------------------------------------ quoting

# What a message quotes of a reader's input: enough to recognise it, never a whole page of it.
QUOTE_LIMIT = 40


def reader_quoted(value, *, marks: str = "\u201c\u201d", limit: int = QUOTE_LIMIT,
                  middle: bool = False) -> str:
    """What a reader typed, in quotes inside a message for them (the calculators' forms and
    this report): every character that is not printable (a control, a lone surrogate, a bidi
    control) shown by its code point, as \u2039U+0007\u203a, never as a Python repr; and
    shortened to about ``limit`` characters: cut at the end with "\u2026" (the forms), or,
    ``middle``, cut in the middle with the whole length said (this report). Only as much of
    ``value`` as is shown is read, however long it is."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    start, end = marks
    if middle and len(text) > limit:
        head = _readable(text[:limit * 2 // 3], limit)
        tail = _readable(text[-(limit // 4):], limit)
        return f"{start}{head}{end}...{start}{tail}{end} ({len(text):,} characters)"
    return f"{start}{_readable(text, limit)}{end}"


def _quoted(value) -> str:
    """This report's way of quoting: 'as typed', a long one cut in the middle."""
    return reader_quoted(value, marks="''", limit=60, middle=True)


def _readable(text: str, limit: int) -> str:
    """``text`` with its unprintable characters shown by code point, cut to ``limit``."""
    pieces: list[str] = []
    length = 0
    for char in text:
        piece = char if char.isprintable() else f"\u2039U+{ord(char):04X}\u203a"
        pieces.append(piece)
        length += len(piece)
        if length > limit:
            break
    else:
        return "".join(pieces)
    # Too long: whole pieces (never half a code point) up to the limit, and an ellipsis.
    while length > limit - 1:
        length -= len(pieces.pop())
    return "".join(pieces) + "\u2026"


# ------------------------------------------------------------------------------ numbers


@dataclass(frozen=True, slots=True, kw_only=True)
class Number:
    shown: str  # international format, or "withheld"
    e164: str | None
    mobile: bool


def _phonenumbers():
    import phonenumbers  # noqa: PLC0415 - only the report needs it, and it is big

    return phonenumbers


def check_country(text: str) -> str | None:
    """The region code a reader chose for national numbers, None for none; _Invalid if it is
    not one phonenumbers knows."""
    code = text.strip().upper()
    if not code:
        return None
    if code not in _phonenumbers().SUPPORTED_REGIONS:
        raise _Invalid(f"{_quoted(text)} is not a country this builder knows: choose one from "
                       "the list")
    return code


def check_number(text: str, country: str | None = None) -> Number:
    """``text`` as a full number with its area code: international ("+44 …", "0044 …"), or
    national ("020 …") when ``country``, the region code it was dialled in, is given.
    _Invalid says what is wrong."""
    phonenumbers = _phonenumbers()
    text = text.strip()
    if not text:
        raise _Invalid("give the full number with its area code")
    international = text.startswith(("+", "00"))
    if not international and country is None:
        raise _Invalid(f"{_quoted(text)} has no country code: choose the country it was dialled "
                       "in above the call samples, or write + and the country code first")
    try:
        number = phonenumbers.parse("+" + text[2:] if text.startswith("00") else text,
                                    None if international else country)
    except phonenumbers.NumberParseException:
        raise _Invalid(f"{_quoted(text)} is not a phone number: write the area code and number"
                       + ("" if international else ", or + and the country code first")) from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    country = f"+{number.country_code}" if international else \
        f"{country} (+{number.country_code})"
    if reason == phonenumbers.ValidationResult.INVALID_COUNTRY_CODE:
        raise _Invalid(f"{country} is not a country code: check the digits after +")
    if reason in (phonenumbers.ValidationResult.TOO_SHORT,
                  phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        raise _Invalid(f"{_quoted(text)} is too short for a full number in {country}: "
                       "include the area code")
    if reason == phonenumbers.ValidationResult.TOO_LONG:
        raise _Invalid(f"{_quoted(text)} is too long for a number in {country}: check the digits")
    if not phonenumbers.is_valid_number(number):
        raise _Invalid(f"{_quoted(text)} is not a number in use in {country}: check the area code "
                       "and the digits")
    return Number(
        shown=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        mobile=phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE,
    )


# ------------------------------------------------------------------------------ the report


def call_report(call_quality: CallQuality, request: dict, *, tz: str,
                now: dt.datetime, words: TimeWords | None = None) -> dict:
    """The answer to a ``call_report`` request, its zone and now already read: the checked
    samples, the problems, and the report; times worded by ``words`` (the policy's zone
    labels, :func:`calculators.time_words.words`)."""
    words = words or TimeWords()
    # Imported with the first request (the page's first, as it opens) rather than the first
    # number typed: under Pyodide the import takes about a second, which would delay the
    # answer to the reader's first keystrokes.
    _phonenumbers()
    problems: list[Problem] = []
    try:
        country = check_country(str(request.get("country") or ""))
    except _Invalid as error:
        problems.append(Problem("country", str(error)))
        country = None
    answers = _records(request.get("answers"))
    answered = [
        _answer(question, answers[index] if index < len(answers) else {},
                f"question-{index}", problems)
        for index, question in enumerate(call_quality.questions)
    ]
    samples = []
    for index, sample in enumerate(_records(request.get("samples"))):
        if not _blank(sample):
            samples.append(_sample(call_quality.call_samples, sample, tz, now, country,
                                   f"sample-{index}", problems, words) | {"index": index})
    report = None if problems else _report_text(call_quality, answered, samples, tz, now, words)
    return {
        "samples": samples,
        "problems": [{"field": p.field, "message": p.message} for p in problems],
        "report": report,
    }


def _records(value) -> list[dict]:
    """A list of the form's entries; anything else in their place reads as left empty."""
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]


def _blank(sample: dict) -> bool:
    typed = [str(sample.get(key) or "").strip()
             for key in ("calling", "called", "local", "direction")]
    return not any(typed) and not sample.get("withheld")


def _answer(question: ChecklistQuestion, given: dict, field: str,
            problems: list[Problem]) -> str:
    """The reader's answer to ``question`` in words, or NOT_ANSWERED."""
    if question.answer is None:
        return _one_line(given.get("text")) or NOT_ANSWERED
    choices = question.answer
    given_picks = given.get("picked")
    picked = [str(choice) for choice in given_picks] if isinstance(given_picks, list) else []
    allowed = [*choices.choices, *([choices.other] if choices.other else [])]
    unknown = [choice for choice in picked if choice not in allowed]
    if unknown:
        problems.append(Problem(field, f"{_quoted(unknown[0])} is not one of the choices: "
                                       f"{', '.join(allowed)}"))
        return NOT_ANSWERED
    if choices.pick is Pick.ONE and len(picked) > 1:
        problems.append(Problem(field, "pick one choice"))
        return NOT_ANSWERED
    words = []
    for choice in allowed:  # the question's order, whatever order they were ticked in
        if choice not in picked:
            continue
        if choice == choices.other:
            detail = _one_line(given.get("other"))
            if not detail:
                problems.append(Problem(field, f"say what {_quoted(choice)} is, or untick it"))
            words.append(f"{choice}: {detail}")
        else:
            words.append(choice)
    return "; ".join(words) or NOT_ANSWERED


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


def _sample(samples: CallSamples, given: dict, tz: str, now: dt.datetime, country: str | None,
            field: str, problems: list[Problem], words: TimeWords) -> dict:
    """One call sample checked: its numbers, its instant, and whether it is too old."""
    needs = samples.requirements
    out: dict = {"notes": []}

    def number(key: str, label: str) -> None:
        if key == "calling" and given.get("withheld"):
            out[key] = {"shown": WITHHELD, "e164": None, "mobile": False, "withheld": True}
            return
        try:
            checked = check_number(str(given.get(key) or ""), country)
        except _Invalid as error:
            problems.append(Problem(f"{field}-{key}", f"{label}: {error}"))
            return
        out[key] = {"shown": checked.shown, "e164": checked.e164, "mobile": checked.mobile,
                    "withheld": False}

    number("calling", needs.calling)
    number("called", needs.called)
    local = str(given.get("local") or "").strip()
    if not local:
        problems.append(Problem(f"{field}-time", f"{needs.time}: give the date and time of "
                                                 "the call"))
    else:
        try:
            at = parse_instant(local, tz, _fold(given.get("fold")))
            limit = samples.age_limit.within
            stops = at + limit
        except CalculatorError as error:
            message = str(error) if local.isprintable() else (
                f"{_quoted(local)} is not a date and time this builder can read")
            problems.append(Problem(f"{field}-time", f"{needs.time}: {message}"))
        except OverflowError:  # the sample, or when it stops qualifying, is past 9999
            problems.append(Problem(f"{field}-time", f"{needs.time}: {OUT_OF_RANGE}"))
        else:
            out.update(at=utc_iso(at), local=_local_words(at, tz, words),
                       stops_qualifying=utc_iso(stops), too_old=now >= stops)
            if at > now:
                problems.append(Problem(f"{field}-time",
                                        f"{needs.time}: {_local_words(at, tz, words)} "
                                        "is later than now"))
            elif now >= stops:
                out["age_problem"] = (
                    f"Older than {wording.duration(limit)}: this call stopped qualifying at "
                    f"{_local_words(stops, tz, words)} ({utc_iso(stops)}). "
                    f"{age_limit_requirement(samples)}.")
    direction = str(given.get("direction") or "")
    if direction not in samples.directions:
        problems.append(Problem(f"{field}-direction", f"{needs.direction}: choose one of "
                                                      f"{', '.join(samples.directions)}"))
    else:
        out["direction"] = direction
    if any(out.get(key, {}).get("mobile") for key in ("calling", "called")):
        out["notes"].append(samples.notes.landline_preferred)
    if out.get("calling", {}).get("withheld"):
        out["notes"].append(samples.notes.withheld)
    return out


def _fold(given) -> int | None:
    """The sample's "Clock change" choice: 0 or 1 (1.0 too, as JavaScript has it), or None for
    none; anything else is refused in words, whatever the page sent (2, "1", [1], true)."""
    if given is None or (isinstance(given, str) and not given):
        return None
    if not isinstance(given, bool) and isinstance(given, (int, float)) and given in (0, 1):
        return int(given)
    shown = given if type(given) is int and abs(given) < 1000 else _quoted(given)
    raise _Invalid(f"fold must be 0 or 1, not {shown}")


def _local_words(instant: dt.datetime, tz: str, words: TimeWords) -> str:
    """'Mon 30 Nov 2026, 09:15 GMT (Europe/London)'; 'Mon 30 Nov 2026, 09:15 UTC'."""
    return words.at(instant, tz) + ("" if tz == "UTC" else f" ({tz})")


def _report_text(call_quality: CallQuality, answered: list[str], samples: list[dict], tz: str,
                 now: dt.datetime, words: TimeWords) -> str:
    lines = ["Call quality report", f"Written {_local_words(now, tz, words)} = {utc_iso(now)}",
             ""]
    for question, answer in zip(call_quality.questions, answered):
        lines += [question.question, f"  {answer}"]
    needs = call_quality.call_samples.requirements
    lines += ["", "Call samples for an audio trace"]
    if not samples:
        lines.append(f"  {NOT_ANSWERED}")
    for number, sample in enumerate(samples, start=1):
        lines += [
            f"Sample {number}",
            f"  {needs.calling}: {sample['calling']['shown']}",
            f"  {needs.called}: {sample['called']['shown']}",
            f"  {needs.time}: {sample['local']} = {sample['at']}",
            f"  {needs.direction}: {sample['direction']}",
        ]
        if sample.get("age_problem"):
            lines.append(f"  Note: {sample['age_problem']}")
        lines += [f"  Note: {note}" for note in sample["notes"]]
    return "\n".join(lines) + "\n"
