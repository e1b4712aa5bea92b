"""Schedules give the engine's answers exactly: at every boundary of every schedule of the
shipped policy (a minute before, the second before, on it, a minute after), at 2,000 seeded
random seconds of each, and at a table of instants chosen by hand; nothing outside the range;
and the boundaries follow the data, not the shipped week.

The start is fixed, so the range (120 days) holds Christmas and New Year, the US, European and
Sydney clock changes, and the weekends around them. Compiling all 13 schedules takes about 45 s
of the module's time, the proof about as long again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random

import pytest

from calculators import schedule
from calculators.errors import HolidaysUnknown
from calculators.schedule import answer_at, compile_schedule, dropped, holidays_end, questions

START = dt.datetime(2026, 12, 5, 10, 7, tzinfo=dt.timezone.utc)
MINUTE = dt.timedelta(minutes=1)
SECOND = dt.timedelta(seconds=1)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def seconds(instant: dt.datetime) -> int:
    return (instant - schedule.EPOCH) // SECOND


def instant(seconds_: int) -> dt.datetime:
    return schedule.EPOCH + dt.timedelta(seconds=seconds_)


def name(question) -> str:
    return "-".join(question.key.values())


_COMPILED: dict[str, tuple[object, dict]] = {}


def compiled(policy, question_name: str):
    """(question, schedule), compiled once per test session; through JSON text, as the browser
    receives it."""
    if question_name not in _COMPILED:
        question = next(q for q in questions(policy) if name(q) == question_name)
        stats: dict = {}
        made = compile_schedule(question, START, end=holidays_end(policy), stats=stats)
        assert stats["splits"] == 0, "the engine check split a segment: an event was missed"
        _COMPILED[question_name] = question, json.loads(json.dumps(made))
    return _COMPILED[question_name]


NAMES = ["open_now", "escalation-tier1", "escalation-tier2", "escalation-tier2-partner",
         *(f"deadline-{p}-{r}" for p in ("S1", "S2", "S3") for r in ("usa", "europe", "apac"))]


def test_the_names_are_every_default_question(policy):
    assert sorted(name(q) for q in questions(policy)) == sorted(NAMES)


def engine(question, when: dt.datetime) -> dict | None:
    try:
        return dropped(question.ask(when))
    except HolidaysUnknown:
        return None


def assert_same(question, made, when: dt.datetime) -> None:
    expected, got = engine(question, when), answer_at(made, when)
    assert json.dumps(got) == json.dumps(expected), (
        f"{name(question)} at {when.isoformat()}:\nschedule {got}\nengine   {expected}")


@pytest.mark.parametrize("question_name", NAMES)
def test_every_boundary(policy, question_name):
    question, made = compiled(policy, question_name)
    start, end = made["start"], made["end"]
    assert end - start == 120 * 86400
    boundary = start
    for segment in made["segments"]:
        boundary += segment[0]
        for when in (boundary - 60, boundary - 1, boundary, boundary + 60):
            if start <= when < end:
                assert_same(question, made, instant(when))
    assert_same(question, made, instant(end - 1))


@pytest.mark.parametrize("question_name", NAMES)
def test_random_seconds(policy, question_name):
    question, made = compiled(policy, question_name)
    draw = random.Random(f"schedule {question_name}")
    for _ in range(2000):
        assert_same(question, made, instant(draw.randrange(made["start"], made["end"])))


# Instants where an answer turns, worked out from the data: the seconds either side are asked.
TURNS = {
    "start of the range": "2026-12-05T10:07:00Z",
    # Fri 18:00 PST: USA closes, every office closed until APAC's Mon 09:00 SGT (Sun 01:00Z).
    "the last office closes on a Friday": "2026-12-05T02:00:00Z",
    "APAC opens on Monday 09:00 SGT": "2026-12-07T01:00:00Z",
    # An S1 reported at 01:30Z Saturday is due at 02:00Z, as USA closes: due on the close.
    "an S1 due exactly at USA's Friday close": "2026-12-12T01:30:00Z",
    "Christmas Day, England bank holiday, 08:00 London": "2026-12-25T08:00:00Z",
    "Boxing Day substitute, Monday 28 December, London": "2026-12-28T08:00:00Z",
    "New Year's Day, 09:00 SGT": "2027-01-01T01:00:00Z",
    "US clocks go forward, 2 a.m. PST": "2027-03-14T10:00:00Z",
    "USA opens on the first PDT Monday": "2027-03-15T12:00:00Z",
    "European clocks go forward": "2027-03-28T01:00:00Z",
    "EMEA opens on the first CEST Monday (09:00 Paris)": "2027-03-29T07:00:00Z",
}


@pytest.mark.parametrize("turn", TURNS.values(), ids=TURNS)
def test_turns_chosen_by_hand(policy, turn):
    for question_name in NAMES:
        question, made = compiled(policy, question_name)
        for step in (-3600, -60, -1, 0, 1, 60, 3600):
            when = at(turn) + dt.timedelta(seconds=step)
            if made["start"] <= seconds(when) < made["end"]:
                assert_same(question, made, when)


OUTSIDE = {
    "a second before the start": -1,
    "a year before": -366 * 86400,
}


@pytest.mark.parametrize("question_name", ["open_now", "deadline-S2-europe"])
def test_outside_the_range_there_is_no_answer(policy, question_name):
    _, made = compiled(policy, question_name)
    for step in OUTSIDE.values():
        assert answer_at(made, instant(made["start"] + step)) is None
    for step in (0, 1, 86400 * 400):
        assert answer_at(made, instant(made["end"] + step)) is None
    assert answer_at(made, instant(made["start"])) is not None
    assert answer_at(made, instant(made["end"] - 1)) is not None


def test_the_asked_instant_counts_to_the_whole_second(policy):
    question, made = compiled(policy, "deadline-S1-usa")
    when = at("2026-12-08T17:45:12Z")
    assert answer_at(made, when + dt.timedelta(microseconds=999_999)) == engine(question, when)


def test_instants_are_fixed_or_offsets_and_locals_dropped(policy):
    _, made = compiled(policy, "deadline-S1-usa")
    text = json.dumps(made)
    assert "_local" not in text
    # S1 counts 24x7: the initial response is always 30 minutes after the report.
    assert '{"+": 1800}' in text
    assert '{"+": 0}' in text  # reported_at and reach.at: the asked instant itself


def boundaries(made) -> list[dt.datetime]:
    found, at_ = [], made["start"]
    for segment in made["segments"]:
        at_ += segment[0]
        found.append(instant(at_))
    return found


def test_boundaries_follow_the_data(policy):
    """Europe opening at 09:30 instead of 08:00 London moves its open-now boundaries."""
    europe = policy.support_region("europe")
    later = dataclasses.replace(europe, hours=dataclasses.replace(
        europe.hours, open=dt.time(9, 30)))
    changed = dataclasses.replace(policy, support_regions=tuple(
        later if region.id == "europe" else region for region in policy.support_regions))
    made = {}
    for label, data in (("shipped", policy), ("changed", changed)):
        question = next(q for q in questions(data) if q.key == {"kind": "open_now"})
        made[label] = compile_schedule(question, START, days=14)
    shipped, moved = set(boundaries(made["shipped"])), set(boundaries(made["changed"]))
    # Tue 8 December, London on GMT.
    assert at("2026-12-08T08:00:00Z") in shipped and at("2026-12-08T08:00:00Z") not in moved
    assert at("2026-12-08T09:30:00Z") in moved and at("2026-12-08T09:30:00Z") not in shipped
    question = next(q for q in questions(changed) if q.key == {"kind": "open_now"})
    for when in boundaries(made["changed"])[1:]:
        assert_same(question, made["changed"], when)
        assert_same(question, made["changed"], when - SECOND)


def test_the_schedule_ends_where_the_holiday_years_do(policy):
    """Started a month before the last holiday year runs out, a schedule stops where the
    engine stops answering: deadlines a little sooner, since they need the days after."""
    start = at("2030-12-10T00:00:00Z")
    for question in questions(policy):
        if question.key not in ({"kind": "open_now"},
                                {"kind": "deadline", "priority": "S3", "region": "usa"}):
            continue
        made = compile_schedule(question, start, end=holidays_end(policy))
        end = instant(made["end"])
        assert end <= holidays_end(policy) == at("2030-12-31T16:00:00Z")  # Singapore's midnight
        assert engine(question, end - SECOND) is not None
        assert engine(question, end) is None or end == holidays_end(policy)
        assert answer_at(made, end) is None
        for when in boundaries(made)[-20:]:
            assert_same(question, made, when)
            assert_same(question, made, when - SECOND)
