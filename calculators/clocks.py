"""Counting time along a clock: when a span of counted time has passed, and how much has.

One loop for all three clocks; they differ only in their windows (``windows.clock_windows``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from .instants import aware
from .model import Clock, SupportRegion
from .windows import clock_windows

ZERO = dt.timedelta(0)


def advance(start: dt.datetime, duration: dt.timedelta, clock: Clock,
            region: SupportRegion) -> dt.datetime:
    """The instant (UTC) by which ``duration`` of ``clock`` time has passed since ``start``.

    Outside business time, counting starts at the next opening (so a zero duration gives the
    next opening, or ``start`` itself inside a window). A result that falls exactly on a close
    stays at that close (it does not move to the next opening, as pandas' BusinessHour does).
    """
    return next(advance_each(start, (duration,), clock, region))


def advance_each(start: dt.datetime, durations: Iterable[dt.timedelta], clock: Clock,
                 region: SupportRegion) -> Iterator[dt.datetime]:
    """``advance(start, d, clock, region)`` for each of the non-decreasing ``durations``.

    The windows are walked once, so N update deadlines cost one pass rather than N.
    """
    start = aware(start)
    windows = clock_windows(clock, region, start)
    opens, closes = next(windows)
    opens = max(opens, start)
    counted = ZERO  # clock time that passed between start and ``opens``
    previous = ZERO
    for target in durations:
        if target < previous:
            raise ValueError(f"durations must not be negative or decrease: {target} after "
                             f"{previous}")
        previous = target
        while closes is not None and opens + (target - counted) > closes:
            counted += closes - opens
            opens, closes = next(windows)
        yield opens + (target - counted)


def counted_time(start: dt.datetime, end: dt.datetime, clock: Clock,
                 region: SupportRegion) -> dt.timedelta:
    """How much ``clock`` time passes from ``start`` to ``end`` (zero if end is not later)."""
    start, end = aware(start), aware(end)
    total = ZERO
    for opens, closes in clock_windows(clock, region, start):
        opens = max(opens, start)
        if opens >= end:
            break
        total += (end if closes is None else min(closes, end)) - opens
        if closes is None or closes >= end:
            break
    return total
