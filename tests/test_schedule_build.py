"""The build's schedules (sitegen.schedules): a schedule that differs from the engine stops the
build with one line; a page whose questions would cost too much ships none and the build says
so in one line; the start is the build's hour, or the one a test fixes."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from calculators import schedule
from sitegen import schedules
from sitegen.finish import FinishError, finish

START = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def no_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(schedules, "CACHE", tmp_path / "cache")


def open_now(policy):
    return next(q for q in schedule.questions(policy) if q.key == {"kind": "open_now"})


def tampered(made: dict, how: str) -> dict:
    """``made`` with one answer wrong: a fixed instant a minute late, or a sentence changed."""
    made = {**made, "segments": [list(segment) for segment in made["segments"]],
            "parts": list(made["parts"])}
    if how == "a fixed instant":
        segment = next(s for s in made["segments"] if len(s) > 2)
        segment[2] += 60
    else:
        index = next(i for i, part in enumerate(made["parts"]) if isinstance(part, str))
        made["parts"][index] = made["parts"][index] + " (changed)"
    return made


@pytest.mark.parametrize("how", ["a fixed instant", "a sentence"])
def test_a_schedule_that_differs_from_the_engine_stops_the_build(policy, how):
    question = open_now(policy)
    made = schedule.compile_schedule(question, START, days=3)
    schedules._verify(question, made)  # the schedule as compiled is the engine's
    with pytest.raises(schedules.ScheduleMismatch) as raised:
        schedules._verify(question, tampered(made, how))
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith('the schedule of {"kind": "open_now"} differs from the '
                              "calculators at 2026-")


def test_the_build_refuses_a_mismatch_in_one_line(policy, tmp_path, monkeypatch):
    def differs(*args, **kwargs):
        raise schedules.ScheduleMismatch("the schedule of {...} differs from the calculators")
    monkeypatch.setattr("sitegen.finish.page_files", differs)
    (tmp_path / "index.html").write_text("<html></html>")
    with pytest.raises(FinishError) as raised:
        finish(tmp_path, policy)
    assert str(raised.value) == ("the answers at first paint: the schedule of {...} differs "
                                 "from the calculators")


@pytest.mark.parametrize("limit, ships", [
    (10**6, {"deadline", "escalation", "open_now"}),
    # A weekend (Sat 5 and Sun 6 Dec 2026) of the shipped policy: the deadline questions read 40
    # openings and closings, escalation's three tiers 12, open now's 2 (Sydney opening Monday).
    (30, {"escalation", "open_now"}),
    (1, set()),
])
def test_a_page_whose_questions_cost_too_much_ships_none_and_says_so(policy, no_cache,
                                                                     monkeypatch, limit, ships):
    monkeypatch.setattr(schedules, "EVENT_LIMIT", limit)
    said = []
    files = schedules.page_files(policy, START, days=2, report=said.append)
    assert len(said) == 1 and "\n" not in said[0]
    shipped = {name.removeprefix("schedule-").removesuffix(".json")
               for name, data in files.items() if "none" not in json.loads(data)}
    assert shipped == ships
    for kind, page in schedules.KINDS.items():
        if kind not in ships:
            assert (f"{page} none (its questions read more than {limit:,} openings and "
                    "closings in 2 days, the most a page's schedule may; readers wait for "
                    "Python)") in said[0], said[0]


def test_the_cache_gives_the_same_files(policy, no_cache):
    first = schedules.page_files(policy, START, days=1, report=lambda line: None)
    assert list(schedules.CACHE.glob("*.json"))
    assert schedules.page_files(policy, START, days=1, report=lambda line: None) == first


@pytest.mark.parametrize("environ, expected", [
    ({"POLICY_SCHEDULE_START": "2026-12-05T10:07:31Z"}, "2026-12-05T10:07:00+00:00"),
    ({"POLICY_SCHEDULE_START": "2026-12-05T21:07+11:00"}, "2026-12-05T10:07:00+00:00"),
    ({"POLICY_SCHEDULE_START": "2026-12-05T10:07"}, "2026-12-05T10:07:00+00:00"),
])
def test_the_start_can_be_fixed(environ, expected):
    assert schedules.build_start(environ).isoformat() == expected


def test_the_start_is_the_builds_hour():
    before = dt.datetime.now(dt.timezone.utc)
    start = schedules.build_start({})
    assert start <= before and before - start < dt.timedelta(hours=1)
    assert (start.minute, start.second, start.microsecond) == (0, 0, 0)
