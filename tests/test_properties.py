"""Properties of counting time that must hold for any region, clock, instant and duration."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import advance, counted_time, deadlines
from calculators.model import Clock

UTC = dt.timezone.utc
# Inside the holiday years (2025-2030) with room for a week of counting after the last start.
instants = st.datetimes(min_value=dt.datetime(2025, 1, 2), max_value=dt.datetime(2030, 12, 1),
                        timezones=st.just(UTC))
durations = st.timedeltas(min_value=dt.timedelta(minutes=1), max_value=dt.timedelta(hours=80))
clocks = st.sampled_from(list(Clock))
region_ids = st.sampled_from(["usa", "europe", "apac"])
priorities = st.sampled_from(["S1", "S2", "S3"])


@settings(max_examples=300, deadline=None)
@given(start=instants, duration=durations, clock=clocks, region_id=region_ids)
def test_due_is_not_before_reported_and_counts_exactly_the_target(policy, start, duration,
                                                                   clock, region_id):
    region = policy.support_region(region_id)
    due = advance(start, duration, clock, region)
    assert due >= start + (duration if clock is Clock.ALWAYS else dt.timedelta(0))
    assert counted_time(start, due, clock, region) == duration


@settings(max_examples=300, deadline=None)
@given(start=instants, later=st.timedeltas(min_value=dt.timedelta(0),
                                           max_value=dt.timedelta(days=4)),
       duration=durations, clock=clocks, region_id=region_ids)
def test_due_is_monotone_in_reported_at(policy, start, later, duration, clock, region_id):
    region = policy.support_region(region_id)
    assert advance(start, duration, clock, region) <= advance(start + later, duration, clock,
                                                              region)


@settings(max_examples=200, deadline=None)
@given(reported=instants, priority=priorities, region_id=region_ids)
def test_each_update_is_due_after_the_one_before(policy, reported, priority, region_id):
    answer = deadlines(policy, priority, reported, region_id, updates=4)
    dues = [answer.reported_at, answer.initial_response, *answer.updates]
    assert all(earlier < later for earlier, later in zip(dues, dues[1:]))
