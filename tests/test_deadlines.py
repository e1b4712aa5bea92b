"""Deadlines of the shipped policy, and the rules for reading a reported-at time.

Targets: S1 30 min 24x7, updates every 4 h 24x7 until resolution; S2 2 h 24x7, updates every
24 h business days; S3 24 h 24x7, updates every 36 h business days. Update k is due k
intervals after the initial response, counted on the update clock.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from calculators import (TimeInputError, UnknownChoice, deadlines, local_instant,
                         parse_instant)

Z = dt.timezone.utc


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


CASES = {
    # Fri 09:30 PST: initial 11:30 PST. Update 1: 12.5 h of Fri + 11.5 h of Mon = Mon 11:30;
    # each further update one more whole business day.
    "S2 usa Friday morning (the README example)": (
        "S2", "usa", "2026-11-27T17:30:00Z", 3, "2026-11-27T19:30:00Z",
        ["2026-11-30T19:30:00Z", "2026-12-01T19:30:00Z", "2026-12-02T19:30:00Z"]),
    # 24x7 all the way: 17:30 + 30 min, then every 4 h, through the night and Saturday.
    "S1 usa every 4 h around the clock": (
        "S1", "usa", "2026-11-27T17:30:00Z", 3, "2026-11-27T18:00:00Z",
        ["2026-11-27T22:00:00Z", "2026-11-28T02:00:00Z", "2026-11-28T06:00:00Z"]),
    # Thu 11:00 BST + 24 h = Good Friday 11:00 BST; counting resumes Tue 04-07 00:00 BST
    # (Mon 23:00Z). 36 h: Wed 12:00 BST. 72 h: Tue-Thu whole, ends exactly at Fri 00:00 BST
    # and stays. 108 h: Tue-Fri (96 h) + 12 h of Mon 04-13.
    "S3 europe over Easter": (
        "S3", "europe", "2026-04-02T10:00:00Z", 3, "2026-04-03T10:00:00Z",
        ["2026-04-08T11:00:00Z", "2026-04-09T23:00:00Z", "2026-04-13T11:00:00Z"]),
    # Fri 17:00 SGT + 2 h = 19:00. Update 1: 5 h of Fri, National Day observed Mon 08-10
    # skipped, 19 h of Tue = Tue 19:00 SGT. Update 2: Wed 19:00 SGT.
    "S2 apac over National Day observed": (
        "S2", "apac", "2026-08-07T09:00:00Z", 2, "2026-08-07T11:00:00Z",
        ["2026-08-11T11:00:00Z", "2026-08-12T11:00:00Z"]),
    # Fri 12:00 PST + 2 h = 14:00 PST (22:00Z). Update 1: 10 h of Fri, 14 h of Mon after the
    # US spring forward = Mon 14:00 PDT = 21:00Z.
    "S2 usa over the US spring forward": (
        "S2", "usa", "2026-03-06T20:00:00Z", 1, "2026-03-06T22:00:00Z",
        ["2026-03-09T21:00:00Z"]),
    # Wed 10:00 PST + 24 h = Thanksgiving 10:00 PST (18:00Z); counting starts Fri 00:00 PST:
    # update 1 Fri + 12 h of Mon (36 h) = Mon 11-30 12:00 PST.
    "S3 usa initial due on Thanksgiving": (
        "S3", "usa", "2026-11-25T18:00:00Z", 1, "2026-11-26T18:00:00Z",
        ["2026-11-30T20:00:00Z"]),
    "no updates asked": ("S2", "usa", "2026-11-27T17:30:00Z", 0, "2026-11-27T19:30:00Z", []),
    # "until resolution": as many as asked; the 10th is 40 h after the initial response.
    "S1 ten updates": (
        "S1", "europe", "2026-11-27T17:30:00Z", 10, "2026-11-27T18:00:00Z",
        ["2026-11-27T22:00:00Z", "2026-11-28T02:00:00Z", "2026-11-28T06:00:00Z",
         "2026-11-28T10:00:00Z", "2026-11-28T14:00:00Z", "2026-11-28T18:00:00Z",
         "2026-11-28T22:00:00Z", "2026-11-29T02:00:00Z", "2026-11-29T06:00:00Z",
         "2026-11-29T10:00:00Z"]),
}


@pytest.mark.parametrize(("priority", "region", "reported", "count", "initial", "updates"),
                         CASES.values(), ids=CASES.keys())
def test_deadlines(policy, priority, region, reported, count, initial, updates):
    answer = deadlines(policy, priority, at(reported), region, updates=count)
    assert answer.initial_response == at(initial)
    assert list(answer.updates) == [at(u) for u in updates]


UNKNOWN = {
    "priority": (("S9", "usa"), "unknown priority 'S9'; choose one of: S1, S2, S3"),
    "region": (("S1", "mars"), "unknown support region 'mars'; choose one of: usa, europe, apac"),
}


@pytest.mark.parametrize(("ids", "message"), UNKNOWN.values(), ids=UNKNOWN.keys())
def test_unknown_ids_list_the_choices(policy, ids, message):
    priority, region = ids
    with pytest.raises(UnknownChoice) as raised:
        deadlines(policy, priority, at("2026-11-27T17:30:00Z"), region)
    assert raised.value.args[0] == message


def test_a_naive_reported_at_is_refused(policy):
    with pytest.raises(TimeInputError, match="has no UTC offset"):
        deadlines(policy, "S1", dt.datetime(2026, 11, 27, 17, 30), "usa")


PARSED = {
    "Z": ("2026-11-27T17:30:00Z", None, None, "2026-11-27T17:30:00+00:00"),
    "offset": ("2026-11-27T09:30:00-08:00", None, None, "2026-11-27T17:30:00+00:00"),
    "local winter time": ("2026-11-27T09:30", "America/Los_Angeles", None,
                          "2026-11-27T17:30:00+00:00"),
    "local summer time": ("2026-07-15T09:30", "Europe/London", None, "2026-07-15T08:30:00+00:00"),
    # 01:30 is shown twice on 2026-11-01 in Los Angeles: fold 0 is PDT, fold 1 PST.
    "fall-back fold 0": ("2026-11-01T01:30", "America/Los_Angeles", 0,
                         "2026-11-01T08:30:00+00:00"),
    "fall-back fold 1": ("2026-11-01T01:30", "America/Los_Angeles", 1,
                         "2026-11-01T09:30:00+00:00"),
    # 02:30 does not exist on 2026-03-08: fold 0 reads it with the old offset (-08:00).
    "spring-forward fold 0": ("2026-03-08T02:30", "America/Los_Angeles", 0,
                              "2026-03-08T10:30:00+00:00"),
    "spring-forward fold 1": ("2026-03-08T02:30", "America/Los_Angeles", 1,
                              "2026-03-08T09:30:00+00:00"),
    "Sydney fall-back fold 1": ("2026-04-05T02:30", "Australia/Sydney", 1,
                                "2026-04-04T16:30:00+00:00"),
}


@pytest.mark.parametrize(("text", "tz", "fold", "instant"), PARSED.values(), ids=PARSED.keys())
def test_parse_instant(text, tz, fold, instant):
    got = parse_instant(text, tz, fold)
    assert got == at(instant) and got.tzinfo == Z


REFUSED = {
    "US spring-forward gap": (
        "2026-03-08T02:30", "America/Los_Angeles",
        "2026-03-08T02:30:00 does not exist in America/Los_Angeles: the clocks skip it when they "
        "go forward; it could mean 2026-03-08T02:30:00-08:00 (= 2026-03-08T10:30:00Z, fold 0) or "
        "2026-03-08T02:30:00-07:00 (= 2026-03-08T09:30:00Z, fold 1); choose a fold"),
    "US fall-back fold": (
        "2026-11-01T01:30", "America/Los_Angeles",
        "2026-11-01T01:30:00 is ambiguous in America/Los_Angeles: the clocks go back and show it "
        "twice; it could mean 2026-11-01T01:30:00-07:00 (= 2026-11-01T08:30:00Z, fold 0) or "
        "2026-11-01T01:30:00-08:00 (= 2026-11-01T09:30:00Z, fold 1); choose a fold"),
    "UK spring-forward gap": (
        "2026-03-29T01:15", "Europe/London",
        "2026-03-29T01:15:00 does not exist in Europe/London: the clocks skip it when they go "
        "forward; it could mean 2026-03-29T01:15:00+00:00 (= 2026-03-29T01:15:00Z, fold 0) or "
        "2026-03-29T01:15:00+01:00 (= 2026-03-29T00:15:00Z, fold 1); choose a fold"),
    "Sydney fall-back fold": (
        "2026-04-05T02:30", "Australia/Sydney",
        "2026-04-05T02:30:00 is ambiguous in Australia/Sydney: the clocks go back and show it "
        "twice; it could mean 2026-04-05T02:30:00+11:00 (= 2026-04-04T15:30:00Z, fold 0) or "
        "2026-04-05T02:30:00+10:00 (= 2026-04-04T16:30:00Z, fold 1); choose a fold"),
    "no offset and no zone": (
        "2026-11-27T09:30", None,
        "'2026-11-27T09:30' has no UTC offset: add one (e.g. Z or -08:00) or give the time zone "
        "it is local to"),
    "offset and a zone": (
        "2026-11-27T09:30Z", "Europe/London",
        "'2026-11-27T09:30Z' already has a UTC offset: leave out the time zone and fold, which "
        "only apply to a local time"),
    "not a time": (
        "next friday", None,
        "'next friday' is not an ISO-8601 date and time such as 2026-11-27T17:30:00Z, or "
        "2026-11-27T09:30 together with a time zone"),
    "unknown zone": (
        "2026-11-27T09:30", "Europe/Londn",
        "unknown time zone 'Europe/Londn': give an IANA name such as Europe/London; did you mean "
        "Europe/London"),
}


@pytest.mark.parametrize(("text", "tz", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_inputs_say_why(text, tz, message):
    with pytest.raises(TimeInputError, match=re.escape(message)):
        parse_instant(text, tz)


def test_fold_is_0_or_1():
    with pytest.raises(TimeInputError, match="fold must be 0 or 1, not 2"):
        local_instant(dt.datetime(2026, 11, 1, 1, 30), "America/Los_Angeles", 2)
