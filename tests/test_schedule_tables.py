"""The look-ups a page reads beside its schedules give what the calculators would: each
labelled zone's label, and the region nearest a reader's offset, at every instant where either
changes (the second before, on it, an hour after) and at every hour of the range, for reader
zones on every kind of offset."""

from __future__ import annotations

import bisect
import datetime as dt

import pytest

from calculators.browser import nearest_region
from calculators.instants import zone
from calculators.schedule_tables import DIGITS, OFFSETS, labels, nearest
from calculators.time_words import words

START = dt.datetime(2026, 12, 5, 10, tzinfo=dt.timezone.utc)
END = START + dt.timedelta(days=120)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
READERS = ["UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Australia/Lord_Howe",
           "Asia/Kathmandu", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Sao_Paulo",
           "Europe/London", "America/Los_Angeles", "Australia/Sydney", "Asia/Singapore"]


def looked_up(entries: list[list], instant: dt.datetime):
    """What the page does (widgets.js, lookedUp): the last entry from at or before."""
    seconds = int((instant - EPOCH).total_seconds())
    index = bisect.bisect_right([entry[0] for entry in entries], seconds) - 1
    return entries[index][1]


def probes(entries: list[list]) -> list[dt.datetime]:
    found = [START + dt.timedelta(hours=hours) for hours in range(0, 120 * 24, 7)]
    for entry in entries[1:]:
        at = EPOCH + dt.timedelta(seconds=entry[0])
        found += [at - dt.timedelta(seconds=1), at, at + dt.timedelta(hours=1)]
    return [at for at in found if START <= at < END]


def test_labels_are_the_words_labels(policy):
    worded = words(policy)
    tables = labels(policy, START, END)
    assert set(tables) == {entry.zone for entry in policy.zone_labels}
    for name, entries in tables.items():
        assert len(entries) >= 1
        for at in probes(entries):
            assert looked_up(entries, at) == worded.label(at, name), (name, at)


@pytest.mark.parametrize("reader", READERS)
def test_the_nearest_region_is_the_calculators(policy, reader):
    table = nearest(policy, START, END)
    assert table is not None
    ids = [region.id for region in policy.support_regions]
    for at in probes(table):
        offset = at.astimezone(zone(reader)).utcoffset() // dt.timedelta(minutes=1)
        index = OFFSETS.index(offset)
        expected = nearest_region(policy, reader, at).id
        assert ids[DIGITS.index(looked_up(table, at)[index])] == expected, (reader, at)
