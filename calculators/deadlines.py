"""When the initial response and the updates of a case are due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .clocks import advance, advance_each
from .errors import CalculatorError
from .instants import aware
from .model import Policy, PriorityTargets, SupportRegion

DEFAULT_UPDATES = 3
# Enough for weeks of 4-hourly updates; more would only make the answer long and slow.
MAX_UPDATES = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Deadlines:
    targets: PriorityTargets
    region: SupportRegion
    reported_at: dt.datetime  # UTC
    initial_response: dt.datetime  # UTC
    updates: tuple[dt.datetime, ...]  # UTC, update 1 first


def deadlines(policy: Policy, priority_id: str, reported_at: dt.datetime, region_id: str,
              updates: int = DEFAULT_UPDATES) -> Deadlines:
    """The due instants of a case of ``priority_id`` reported at ``reported_at`` in a region.

    Update k is due at advance(initial_due, k * interval, update clock), k = 1..``updates``;
    updates that run "until resolution" have no last one, so as many are given as asked.
    """
    targets = policy.service_levels.for_priority(priority_id)
    region = policy.support_region(region_id)
    if not 0 <= updates <= MAX_UPDATES:
        raise CalculatorError(f"the number of updates must be from 0 to {MAX_UPDATES}, "
                              f"not {updates}")
    reported_at = aware(reported_at)
    initial = targets.initial_response
    due = advance(reported_at, initial.duration, initial.clock, region)
    interval = targets.updates
    spans = (k * interval.duration for k in range(1, updates + 1))
    return Deadlines(
        targets=targets, region=region, reported_at=reported_at, initial_response=due,
        updates=tuple(advance_each(due, spans, interval.clock, region)) if updates else (),
    )
