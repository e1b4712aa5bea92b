"""The two look-ups a page needs beside its schedules to word and ask a question at first paint,
computed here so that the page holds no rule of its own (issue 18):

- ``labels``: for each zone the data labels (``zone_labels``), the label in force from each
  instant on ("AEDT" from 2026-10-04T16:00Z): what :class:`time_words.TimeWords` would write.
  A zone without labels is worded with its UTC offset, which the browser reads itself.
- ``nearest``: which support region is nearest (``browser.nearest_region``) to a reader whose
  UTC offset is each quarter hour from UTC-12 to UTC+14, from each instant on: the region a
  deadline question asks about when the reader names none.

Each is a list of ``[from, value]`` (Unix seconds) in time order, the last value holding until
``until``; before the first or from ``until`` on, the page cannot look up and waits for Python.
Both change only where a zone's offset or label does, found by reading every hour and halving
to the second: every zone changes its clock at most a few times a year, never twice in an hour.
Used at build time only (``webruntime.BUILD_ONLY``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .browser import nearest_to_offset
from .schedule import SECOND, seconds
from .model import Policy
from .time_words import words

HOUR = dt.timedelta(hours=1)
# The reader offsets the nearest table holds: every quarter hour from UTC-12 to UTC+14, which
# holds every offset the tz database gives a zone today.
LOWEST, HIGHEST, STEP = -12 * 60, 14 * 60, 15
OFFSETS = range(LOWEST, HIGHEST + 1, STEP)
# One character per offset: the region's index in the policy's order.
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def changes(value: Callable[[dt.datetime], object], start: dt.datetime, end: dt.datetime
            ) -> list[list]:
    """``[[from, value], ...]``: ``value(instant)`` over [start, end), from each instant where
    it changes (the first from ``start``)."""
    found = [[seconds(start), value(start)]]
    before, at = start, start + HOUR
    while before < end:
        at = min(at, end)
        now = value(at)
        if now != found[-1][1]:
            low, high = before, at  # value(low) is the old one, value(high) the new
            while high - low > SECOND:
                middle = low + (high - low) // 2 // SECOND * SECOND
                if value(middle) == now:
                    high = middle
                else:
                    low = middle
            found.append([seconds(high), now])
        before, at = at, at + HOUR
    return found


def labels(policy: Policy, start: dt.datetime, end: dt.datetime) -> dict[str, list[list]]:
    """Each labelled zone's label from each instant on, over [start, end)."""
    worded = words(policy)
    return {entry.zone: changes(lambda at, name=entry.zone: worded.label(at, name), start, end)
            for entry in policy.zone_labels}


def nearest(policy: Policy, start: dt.datetime, end: dt.datetime) -> list[list] | None:
    """The nearest region to each reader offset, from each instant on, over [start, end): a
    string with one character per offset of ``OFFSETS``. None for a policy with more regions
    than characters (the page then leaves the choice to Python)."""
    regions = policy.support_regions
    if not regions or len(regions) > len(DIGITS):
        return None

    index = {region.id: i for i, region in enumerate(regions)}

    def table(at: dt.datetime) -> str:
        return "".join(DIGITS[index[nearest_to_offset(policy, dt.timedelta(minutes=offset),
                                                      at).id]] for offset in OFFSETS)
    return changes(table, start, end)
