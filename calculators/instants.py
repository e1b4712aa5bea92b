"""Reading a reported-at time into one UTC instant, and writing instants back out.

A time is either an aware instant (ISO-8601 with an offset or ``Z``) or a local wall time
plus an IANA zone. A wall time that the zone skips (spring forward) or shows twice (fall back)
names no single instant, so it is refused unless the caller picks a reading with ``fold``.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import TimeInputError
from .quoting import quoted

UTC = dt.timezone.utc
EXAMPLE = "2026-11-27T17:30:00Z"
# Python's datetime holds the years 1 to 9999; an instant or answer outside them is refused.
OUT_OF_RANGE = ("the answer falls outside the years 1 to 9999, which is as far as dates can be "
                "computed; ask about a time well inside them")


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; an unknown name is refused with the nearest real ones."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        near = near_zones(name)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise TimeInputError(
            f"unknown time zone {quoted(name)}: give an IANA name such as Europe/London{hint}"
        ) from None


def near_zones(name: str) -> list[str]:
    """The few zone names closest to a mistyped ``name``: ~600 are too many to list in one line;
    the closest few are what a typo needs."""
    import difflib  # only when a name is wrong: it costs a few ms of every start-up

    return difflib.get_close_matches(name, sorted(known_zones()), n=3, cutoff=0.6)


# Every zone name, when the tz database's files are not all here (the browser fetches each
# zone's file only when a request needs it): see ``list_zones``.
_LISTED: frozenset[str] | None = None


def list_zones(names) -> None:
    """Take ``names`` as every zone there is, for a runtime that has not the database's files."""
    global _LISTED
    _LISTED = frozenset(names)


def known_zones() -> frozenset[str]:
    """Every zone name the tz database has."""
    return _LISTED if _LISTED is not None else _database_zones()


@functools.cache
def _database_zones() -> frozenset[str]:
    # Read once: it scans the database's files.
    return frozenset(available_timezones())


class UnclearLocalTime(TimeInputError):
    """A wall time that a clock change skips or shows twice; its two readings (fold 0 and 1)
    are kept so that each caller can word the choice for its own readers."""

    def __init__(self, message: str, *, wall: dt.datetime, zone_name: str, repeated: bool,
                 readings: tuple[dt.datetime, dt.datetime]) -> None:
        super().__init__(message)
        self.wall, self.zone_name, self.repeated, self.readings = (wall, zone_name, repeated,
                                                                   readings)


def local_instant(wall: dt.datetime, zone_name: str, fold: int | None = None) -> dt.datetime:
    """The UTC instant a wall-clock time in ``zone_name`` stands for.

    A time in a spring-forward gap or a fall-back overlap is refused, naming both readings,
    unless ``fold`` chooses one (0: the offset in force before the change, 1: after it;
    Python's own meaning of ``fold``).
    """
    tz = zone(zone_name)
    _check_fold(fold)
    wall = wall.replace(tzinfo=None)
    readings = (wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1))
    if readings[0].utcoffset() == readings[1].utcoffset():
        return readings[0].astimezone(UTC)
    if fold is None:
        shown_again = readings[0].astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall
        problem = ("is ambiguous in {}: the clocks go back and show it twice" if shown_again
                   else "does not exist in {}: the clocks skip it when they go forward")
        candidates = " or ".join(
            f"{reading.isoformat()} (= {utc_iso(reading)}, fold {index})"
            for index, reading in enumerate(readings)
        )
        raise UnclearLocalTime(
            f"{wall.isoformat()} {problem.format(zone_name)}; it could mean {candidates}; "
            "choose a fold",
            wall=wall, zone_name=zone_name, repeated=shown_again, readings=readings,
        )
    return readings[fold].astimezone(UTC)


def parse_instant(text: str, tz: str | None = None, fold: int | None = None) -> dt.datetime:
    """``text`` as a UTC instant: ISO-8601 with an offset or Z, or a local time plus ``tz``."""
    try:
        return _parse_instant(text, tz, fold)
    except OverflowError:
        # 0001-01-01T00:00+14:00 is a time of year 0 in UTC, which datetime cannot hold.
        raise TimeInputError(f"{quoted(text)} is outside the years 1 to 9999 in UTC, which is "
                             "as far as dates can be computed") from None


def _parse_instant(text: str, tz: str | None, fold: int | None) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise TimeInputError(
            f"{quoted(text)} is not an ISO-8601 date and time such as {EXAMPLE}, "
            "or 2026-11-27T09:30 together with a time zone"
        ) from None
    if parsed.tzinfo is None:
        if tz is None:
            raise TimeInputError(
                f"{quoted(text)} has no UTC offset: add one (e.g. Z or -08:00) "
                "or give the time zone it is local to"
            )
        return local_instant(parsed, tz, fold)
    if tz is not None or fold is not None:
        raise TimeInputError(
            f"{quoted(text)} already has a UTC offset: leave out the time zone and fold, "
            "which only apply to a local time"
        )
    return parsed.astimezone(UTC)


def aware(instant: dt.datetime) -> dt.datetime:
    """``instant`` in UTC; a naive datetime is refused, since it names no instant."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise TimeInputError(
            f"{instant.isoformat()} has no UTC offset; give an aware datetime or use parse_instant"
        )
    return instant.astimezone(UTC)


def utc_iso(instant: dt.datetime) -> str:
    """'2026-11-27T19:30:00Z'."""
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def local_iso(instant: dt.datetime, zone_name: str) -> str:
    """'2026-11-27T11:30:00-08:00'."""
    return instant.astimezone(zone(zone_name)).isoformat()


def _check_fold(fold: int | None) -> None:
    if fold not in (None, 0, 1):
        given = fold if isinstance(fold, int) else quoted(str(fold))
        raise TimeInputError(f"fold must be 0 or 1, not {given}")
