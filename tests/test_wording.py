"""The one wording of durations and days that the site, the CLI and the widgets share."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators import wording

DAYS = {
    "Mon-Fri": {0, 1, 2, 3, 4},
    "Sun-Thu": {6, 0, 1, 2, 3},  # Mon-Fri a day earlier in UTC: the run crosses the week's end
    "Mon, Wed": {0, 2},
    "Sat-Sun": {5, 6},
    "Sun-Mon": {6, 0},
    "Mon-Sun": set(range(7)),
    "Sun": {6},
    "Sat-Tue, Thu": {5, 6, 0, 1, 3},
}


@pytest.mark.parametrize("expected, weekdays", DAYS.items(), ids=DAYS.keys())
def test_days(expected, weekdays):
    assert wording.days(frozenset(weekdays)) == expected


DURATIONS = {
    "30 minutes": dt.timedelta(minutes=30),
    "1 minute": dt.timedelta(minutes=1),
    "1 hour": dt.timedelta(hours=1),
    "36 hours": dt.timedelta(hours=36),
    "1 hour 30 minutes": dt.timedelta(minutes=90),
    "0 minutes": dt.timedelta(0),
}


@pytest.mark.parametrize("expected, span", DURATIONS.items(), ids=DURATIONS.keys())
def test_duration(expected, span):
    assert wording.duration(span) == expected
