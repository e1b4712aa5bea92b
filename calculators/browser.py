"""The calculators as the browser widgets ask them: JSON text in, JSON text out.

The worker (webruntime/static/worker.mjs) builds one ``Answerer`` from the site's policy.json
and passes each widget request through ``answer``. Answers are the same dicts as the CLI's
``--json`` (``json_answers``) plus ``tz``, the reader's zone as understood (a city name such as
"London" is read as Europe/London). A request that cannot be answered gets
``{"errors": [{"field", "message"[, "choose_fold"]}, ...], "tz", "at"}``: one entry per form
field that is wrong, each message in the words of the form's readers (the CLI keeps its own
wording for staff), and whatever could still be read (``tz``, and ``at``, the asked-about
instant) so that the form keeps showing the fields that were right.

Requests: ``{"kind": "deadline", "priority", "region", "tz", <time>}`` (region "" picks the
support region nearest to ``tz``), ``{"kind": "escalation", "tier", "tz", <time>}``,
``{"kind": "open_now", "at"}``, ``{"kind": "deadline_calendar", ...}`` (the deadline request's
fields; the answer is ``{"ics", "filename"}``, a calendar of the case's due times),
``{"kind": "coverage", "view": "support" | tier id, "tz", "at",
"week"}`` (the week chart of ``coverage_chart``: ``week`` a date in it, by default the week of
``at``, which also places the "now" marker). The time is one of: ``at``, ISO-8601 as a link gives it (with an
offset or Z, or a local time read in ``tz``); ``date`` and ``time``, the form's two fields
("2026-11-27", "09:30" on the 24-hour clock) read in ``tz``; or ``local``, "2026-11-27T09:30" read
in ``tz``. ``fold`` 0 or 1 chooses the reading of a local time that a clock change skips or
repeats. ``{"kind": "call_report", "tz", "at", "answers", "samples"}`` is answered by
``call_report`` (the call-quality report builder).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import zoneinfo

from . import time_words
from .call_report import QUOTE_LIMIT, call_report, reader_quoted
from .coverage_chart import week_chart
from .deadlines import DEFAULT_UPDATES, deadlines
from .ics import deadline_calendar
from .errors import CalculatorError, HolidaysUnknown
from .instants import (OUT_OF_RANGE, UTC, UnclearLocalTime, known_zones, list_zones,
                       local_instant, near_zones, utc_iso, zone)
from .json_answers import deadline_json, escalation_json, open_now_json
from .model import Policy, SupportRegion
from .policy_json import from_json

# A link's "+05:30" whose "+" arrived as a space (an unencoded link: "+" means a space in a query).
_SPACED_OFFSET = re.compile(r"(.*T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d(?::?\d\d)?)")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_TIME = re.compile(r"(\d{1,2})[:.h]?(\d\d)")


OUT_OF_WEEKS = ("This week reaches outside the years 1 to 9999, which is as far as dates can be "
                "computed. Choose a week well inside them.")


class _FieldError(Exception):
    def __init__(self, field: str, message: str, choose_fold: bool = False) -> None:
        super().__init__(message)
        self.field, self.message, self.choose_fold = field, message, choose_fold


class Answerer:
    def __init__(self, policy_json: str) -> None:
        self.policy = from_json(json.loads(policy_json))

    def answer(self, request_json: str) -> str:
        """The answer to ``request_json`` as JSON text. It never raises: text that is not JSON,
        JSON nested too deep to read, or anything at all that goes wrong is answered with an
        error the page shows. The text is always valid UTF-8 (no lone surrogate)."""
        try:
            request = _request(request_json)
        except (ValueError, TypeError, RecursionError, MemoryError):
            return _json(_unreadable())
        try:
            return _json(self.answer_dict(request))
        except Exception:  # noqa: BLE001 - a fault of the calculators must not stop the page
            return _json(_unreadable(FAULT))

    def answer_dict(self, request: dict) -> dict:
        if not isinstance(request, dict):
            # A page's script only sends objects, but the worker must not fail on anything else.
            return _unreadable()
        try:
            return worded(self.policy, _Asking(self.policy, request).answer(), request)
        except OverflowError:  # an instant, deadline or shift beyond the years 1-9999
            return {"errors": [{"field": "date" if "date" in request else "at",
                                "message": OUT_OF_RANGE}], "tz": None, "at": None,
                    "at_input": None}


UNREADABLE = "This page sent the calculator a request it cannot read. Reload the page."
FAULT = ("The calculator could not answer this. Check what you typed, or reload the page and "
         "try again.")
# Digits of a whole number in a request read as a number; more are kept as their text (Python
# refuses to convert more than 4,300 digits, and no field wants more than a few).
MAX_DIGITS = 100
_SURROGATE = re.compile("[\ud800-\udfff]")
# A request nests three deep; JSON deeper than this is no request of the page's.
MAX_DEPTH = 64
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _unreadable(message: str = UNREADABLE) -> dict:
    return {"errors": [{"field": "general", "message": message}], "tz": None, "at": None}


def _request(text) -> object:
    """A request's JSON text read; a number of thousands of digits stays text. Text nested
    deeper than MAX_DEPTH is refused before json reads it: under Pyodide, 100,000 nested lists
    exhaust the browser's stack before Python's recursion limit, which kills the interpreter."""
    if not isinstance(text, str):
        raise TypeError("not JSON text")
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise ValueError("nested too deep")
    return json.loads(text, parse_int=lambda digits: int(digits) if len(digits) <= MAX_DIGITS
                      else digits)


def _depth(text: str) -> int:
    """How deep ``text``'s arrays and objects nest (brackets inside strings do not count)."""
    deepest = depth = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _json(answer: dict) -> str:
    """``answer`` as JSON text that any UTF-8 encoder takes: a lone surrogate that came with
    the request (JSON may carry "\\ud800") is written as its escape, which JSON.parse reads
    back as the same string."""
    text = json.dumps(answer, ensure_ascii=False)
    if _SURROGATE.search(text):
        # A surrogate is only ever inside a JSON string, where its escape means the same.
        text = _SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
    return text


# An instant as the answers give it: ISO-8601 in UTC with Z.
_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def worded(policy: Policy, answer: dict, request: dict) -> dict:
    """``answer`` with its times in words for the page, which then never words a time itself
    (the browser's Intl words them by locale: "GMT+11", "2 Jan"): ``shown[instant][zone]``,
    each instant of the answer in the reader's zone and in every zone the answer names
    (:mod:`calculators.time_words`); ``shown_end[instant][zone]``, only where an instant falls
    at local midnight, its wording as the end of the day before, for due times and "until"s;
    ``at_input``, the asked-about instant as the form's date and time fields hold it; and
    ``tz``, the reader's zone. A refusal gets ``at_input`` only, so the form keeps its fields."""
    reader = answer.get("tz") or _lenient_zone(request.get("tz"))
    asked = answer.get("reported_at") or answer.get("at")
    at_input = _input_values(asked, reader) if isinstance(asked, str) and reader else None
    if "errors" in answer:
        return {**answer, "at_input": at_input}
    instants: set[str] = set()
    zones = {reader}
    _collect(answer, instants, zones)
    words = time_words.words(policy)
    shown: dict[str, dict[str, str]] = {}
    shown_end: dict[str, dict[str, str]] = {}
    for text in sorted(instants):
        instant = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        shown[text] = {name: words.at(instant, name) for name in sorted(zones)}
        ends = {name: words.end(instant, name) for name in sorted(zones)
                if words.is_midnight(words.local(instant, name))}
        if ends:
            shown_end[text] = ends
    return {**answer, "tz": reader, "shown": shown, "shown_end": shown_end,
            "at_input": at_input}


def _collect(value, instants: set[str], zones: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "zone" and isinstance(item, str) and item:
                zones.add(item)
            else:
                _collect(item, instants, zones)
    elif isinstance(value, list):
        for item in value:
            _collect(item, instants, zones)
    elif isinstance(value, str) and _INSTANT.fullmatch(value):
        instants.add(value)


def _lenient_zone(given) -> str:
    """The reader's zone of a request that does not read one (open_now): the page sends the
    browser's own, which is a real zone; anything else is worded in UTC."""
    try:
        return reader_zone(_text(given)) or "UTC"
    except Exception:  # any input at all must still get its answer, in UTC
        return "UTC"


def _input_values(instant_text: str, zone_name: str) -> dict | None:
    """'2026-11-27', '09:30': the instant's wall time in the reader's zone, as the form's date
    and 24-hour time fields take it."""
    try:
        instant = dt.datetime.fromisoformat(instant_text.replace("Z", "+00:00"))
        local = instant.astimezone(zone(zone_name))
    except (ValueError, CalculatorError, OverflowError):
        return None
    return {"date": f"{local.year:04d}-{local.month:02d}-{local.day:02d}",
            "time": f"{local:%H:%M}"}


class _Asking:
    """One request, read field by field: every wrong field is reported, not just the first."""

    def __init__(self, policy: Policy, request: dict) -> None:
        self.policy, self.request = policy, request
        self.errors: list[_FieldError] = []
        self.tz: str | None = None  # the reader's zone, once read
        self.at: dt.datetime | None = None  # the asked-about instant, once read

    def answer(self) -> dict:
        kind = self.request.get("kind")
        if kind in ("deadline", "deadline_calendar"):
            targets = self._field(self._priority)
            tz = self.tz = self._field(self._zone)
            at = self.at = self._field(lambda: self._instant(tz))
            region = self._field(lambda: self._region(tz, at))
            if kind == "deadline_calendar":
                return self._done() or self._computed(_deadline_calendar, self.policy,
                                                      targets.priority.id, at, region.id,
                                                      DEFAULT_UPDATES)
            return self._done() or self._computed(deadline_json, self.policy,
                                                  targets.priority.id, at, region.id,
                                                  DEFAULT_UPDATES, self._now())
        if kind == "escalation":
            tier = self._field(self._tier)
            tz = self.tz = self._field(self._zone)
            at = self.at = self._field(lambda: self._instant(tz))
            return self._done() or self._computed(escalation_json, self.policy, tier.id, at)
        if kind == "open_now":
            reader = _lenient_zone(self.request.get("tz"))
            at = self.at = self._field(lambda: self._now_at(reader))
            return self._done() or self._computed(open_now_json, self.policy, at)
        if kind == "coverage":
            view = self._field(self._view)
            tz = self.tz = self._field(self._zone)
            at = self.at = self._field(lambda: self._now_at(tz))
            week = self._field(lambda: self._week(tz, at))
            if self._done():
                return self._done()
            try:
                return week_chart(self.policy, view, tz, week, at) | {"tz": tz}
            except HolidaysUnknown as error:
                self.errors.append(_FieldError("week", str(error)))
                return self._done()
            except OverflowError:  # a week at the very start of year 1 or end of 9999
                self.errors.append(_FieldError("week" if _text(self.request.get("week"))
                                               else "at", OUT_OF_WEEKS))
                return self._done()
        if kind == "call_report":
            tz = self.tz = self._field(self._zone)
            at = self.at = self._field(lambda: self._now_at(tz))
            return self._done() or call_report(self.policy.texts.call_quality, self.request,
                                               tz=tz, now=at,
                                               words=time_words.words(self.policy))
        self.errors.append(_FieldError("general", f"This page asked the calculator something it "
                                                  f"does not know ({_quoted(kind)}). Reload the "
                                                  "page."))
        return self._done()

    def _field(self, read):
        try:
            return read()
        except _FieldError as error:
            self.errors.append(error)
            return None

    def _done(self) -> dict | None:
        if not self.errors:
            return None
        return {"errors": [{"field": e.field, "message": e.message}
                           | ({"choose_fold": True} if e.choose_fold else {})
                           for e in self.errors],
                "tz": self.tz, "at": utc_iso(self.at) if self.at else None}

    def _computed(self, build, *args) -> dict:
        try:
            answer = build(*args)
        except HolidaysUnknown as error:
            field = "date" if "date" in self.request else "at"
            self.errors.append(_FieldError(field, (
                f"Holidays are known here only for {error.first_year} to {error.last_year}, and "
                "this answer needs a day outside those years. Choose a date within them.")))
            return self._done()
        return answer | {"tz": self.tz} if self.tz else answer

    # -------------------------------------------------------------- the fields

    def _priority(self):
        given = _text(self.request.get("priority"))
        levels = self.policy.service_levels
        for targets in levels.targets:
            if targets.priority.id == given:
                return targets
        raise _FieldError("priority", _unknown("priority", given,
                                               [p.id for p in levels.priorities]))

    def _tier(self):
        given = _text(self.request.get("tier"))
        for tier in self.policy.escalation.tiers:
            if tier.id == given:
                return tier
        raise _FieldError("tier", _unknown("tier", given,
                                           [t.name for t in self.policy.escalation.tiers]))

    def _view(self) -> str:
        """A week chart's subject: the support regions' hours, or a tier's shifts."""
        given = _text(self.request.get("view"))
        if given == "support" or any(t.id == given for t in self.policy.escalation.tiers):
            return given
        raise _FieldError("view", _unknown("chart", given, [
            "support", *(t.id for t in self.policy.escalation.tiers)]))

    def _week(self, tz: str | None, at: dt.datetime | None) -> dt.date | None:
        given = _text(self.request.get("week"))
        if not given:
            return at.astimezone(zone(tz)).date() if tz and at else None
        try:
            return _date(given)
        except _FieldError as error:
            raise _FieldError("week", error.message) from None

    def _region(self, tz: str | None, at: dt.datetime | None) -> SupportRegion | None:
        given = _text(self.request.get("region"))
        if not given:
            return nearest_region(self.policy, tz, at) if tz and at else None
        for region in self.policy.support_regions:
            if region.id == given:
                return region
        names = [region.name for region in self.policy.support_regions]
        raise _FieldError("region", _unknown("support region", given, names)
                          + " Or leave it to the region nearest to your time zone.")

    def _zone(self) -> str:
        given = _text(self.request.get("tz")) or "UTC"
        found = reader_zone(given)
        if found:
            return found
        near = near_zones(given)
        hint = f" Did you mean {_one_of(near)}?" if near else ""
        raise _FieldError("tz", f"{_quoted(given)} is not a time zone known here. Type a city or "
                                f"a zone name, such as London or Europe/London, and pick one of "
                                f"the suggestions.{hint}")

    def _now_at(self, tz: str | None) -> dt.datetime | None:
        """``at`` as the page's present (open_now, coverage, the call report): an instant, or a
        local time read in ``tz``; None, with no error of its own, when ``tz`` is wrong."""
        return _link_instant(_text(self.request.get("at")), tz, None)

    def _now(self) -> dt.datetime | None:
        """The page's present, for "how to reach support now"; without one, or with one that
        cannot be read (the page sends it, not the reader), the asked-about instant."""
        try:
            return _link_instant(_text(self.request.get("now")), None, None)
        except (_FieldError, ValueError, TypeError):
            return None

    def _instant(self, tz: str | None) -> dt.datetime | None:
        """The asked-about instant; None, with no error of its own, when it is a local time
        and the zone it is local to is wrong (that error is the zone's)."""
        request = self.request
        fold = _fold(request.get("fold"))
        if "date" in request or "time" in request:
            day = self._field(lambda: _date(request.get("date")))
            clock = self._field(lambda: _time(request.get("time")))
            if day is None or clock is None or tz is None:
                return None
            return _local(dt.datetime.combine(day, clock), tz, fold, "time")
        if request.get("local"):
            try:
                wall = dt.datetime.fromisoformat(_text(request["local"]))
            except ValueError:
                raise _FieldError("at", _not_a_time(request["local"])) from None
            return _local(wall, tz, fold, "at") if tz else None
        return _link_instant(_text(request.get("at")), tz, fold)


def _deadline_calendar(policy: Policy, priority_id: str, at: dt.datetime, region_id: str,
                       updates: int) -> dict:
    """The deadlines of the case as an iCalendar file the page offers for download."""
    answer = deadlines(policy, priority_id, at, region_id, updates)
    stamp = dt.datetime.now(UTC).replace(microsecond=0)
    return {"ics": deadline_calendar(policy, answer, stamp),
            "filename": f"{priority_id}-case-{answer.reported_at:%Y%m%dT%H%MZ}.ics"}


def _fold(given) -> int | None:
    """The "Clock change" choice, 0 or 1; None for anything else (true, "1", 2, [1]), which is
    no choice: a time that needs one then asks for it. 1.0 is 1, as JavaScript has it."""
    if isinstance(given, bool) or not isinstance(given, (int, float)):
        return None
    return int(given) if given in (0, 1) else None


def reader_zone(given: str) -> str | None:
    """The IANA zone a reader meant: the name itself, or a city ("london", "New York") that
    names exactly one zone. None if neither."""
    if given in known_zones() or given == "UTC":
        return given
    wanted = given.strip().replace(" ", "_").casefold()
    if not wanted:
        return None
    for name in known_zones():
        if name.casefold() == wanted:
            return name
    found = [name for name in known_zones() if name.rsplit("/", 1)[-1].casefold() == wanted]
    return found[0] if len(found) == 1 else None


def _link_instant(text: str, tz: str | None, fold: int | None) -> dt.datetime:
    spaced = _SPACED_OFFSET.fullmatch(text.strip())
    if spaced:
        text = f"{spaced[1]}+{spaced[2]}"
    if "T" not in text.upper():
        raise _FieldError("at", _not_a_time(text))
    try:
        parsed = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise _FieldError("at", _not_a_time(text)) from None
    if parsed.tzinfo is None:
        return _local(parsed, tz, fold, "at") if tz else None
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise _FieldError("at", _not_a_time(text)) from None


def _local(wall: dt.datetime, tz: str, fold: int | None, field: str) -> dt.datetime:
    try:
        return local_instant(wall, tz, fold)
    except UnclearLocalTime as unclear:
        raise _FieldError(field, _unclear(unclear), choose_fold=True) from None
    except CalculatorError:
        raise _FieldError(field, _not_a_time(wall.isoformat())) from None


def _date(value) -> dt.date:
    text = _text(value).strip()
    if not text:
        raise _FieldError("date", "Give the whole date: day, month and year.")
    try:
        if _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        raise _FieldError("date", f"{_quoted(text)} is not a day of the calendar. Check the "
                                  "day and the month.") from None
    raise _FieldError("date", f"{_quoted(text)} is not a date. Give it as year-month-day, "
                              "such as 2026-11-27.")


def _time(value) -> dt.time:
    text = _text(value).strip()
    if not text:
        raise _FieldError("time", "Give the time on the 24-hour clock, such as 09:30 or 17:45.")
    parts = _TIME.fullmatch(text)
    if parts and int(parts[1]) < 24 and int(parts[2]) < 60:
        return dt.time(int(parts[1]), int(parts[2]))
    raise _FieldError("time", f"{_quoted(text)} is not a time on the 24-hour clock. Give hours "
                              "and minutes, such as 09:30 or 17:45.")


def _unclear(unclear: UnclearLocalTime) -> str:
    when = f"{unclear.wall:%H:%M} on {unclear.wall:%Y-%m-%d}"
    before, after = (_offset(reading) for reading in unclear.readings)
    if unclear.repeated:
        return (f"{when} happens twice in {unclear.zone_name}: the clocks go back. Choose under "
                f"\u201cClock change\u201d whether you mean the first, before the change "
                f"({before}), or the second, after it ({after}).")
    return (f"{when} does not exist in {unclear.zone_name}: the clocks skip it when they go "
            f"forward. Give another time, or choose under \u201cClock change\u201d how to read "
            f"it: with the offset before the change ({before}) or after it ({after}).")


def _offset(reading: dt.datetime) -> str:
    offset = reading.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}, which is {reading.astimezone(UTC):%H:%M} UTC"


def _unknown(kind: str, given: str, choices: list[str]) -> str:
    if not given:
        return f"Choose a {kind}: {_one_of(choices)}."
    return f"There is no {kind} {_quoted(given)}. Choose {_one_of(choices)}."


def _not_a_time(text) -> str:
    return (f"The time {_quoted(text)} is not a date and time this calculator can read. "
            "Give the date and time in the form.")


def _one_of(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _text(value) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _quoted(value) -> str:
    """The reader's input in quotes, shortened, with anything unprintable shown by its code
    point (``reader_quoted``, which the call-quality report's messages use too)."""
    return reader_quoted(value, limit=QUOTE_LIMIT)


# Where the browser's runtime keeps the zone files it fetched: it ships no tz database, only each
# zone's TZif file, fetched the first time a request needs that zone (``zone_wanted``).
ZONE_DIR = "/tzdata"
# Strong references keep zoneinfo's cache holding the preloaded zones (it only keeps a few
# otherwise): a restored interpreter answers for them without their files, which a memory
# snapshot does not carry.
_PRELOADED: dict[str, object] = {}


def policy_zones(policy: Policy) -> list[str]:
    """The zones every answer about ``policy`` may need: its regions', its shifts' and UTC."""
    names = {"UTC", *(region.zone for region in policy.support_regions)}
    for tier in policy.escalation.tiers:
        names.update(shift.region.zone for shift in tier.shifts)
    return sorted(names)


def prepare(policy_json: str, zone_names_json: str) -> None:
    """Make a new interpreter ready to answer, before a memory snapshot of it is taken (at build
    time, or in the browser after a start without one). The policy's zone files must be in
    ``ZONE_DIR`` already; ``zone_names_json`` lists every zone a reader may ask for."""
    zoneinfo.reset_tzpath([ZONE_DIR])
    list_zones(json.loads(zone_names_json))
    answerer = Answerer(policy_json)
    preloaded = policy_zones(answerer.policy)
    for name in preloaded:
        _PRELOADED[name] = zone(name)
    warm_up(answerer)
    # The look for a zone whose file is not here yet, which goes through importlib.resources.
    zone_wanted(json.dumps({"tz": min(known_zones() - set(preloaded), default="UTC")}))


def restored() -> None:
    """Run first in an interpreter restored from a snapshot: its ``random`` would otherwise
    start from the state the snapshot froze, the same in every browser."""
    random.seed()


def zone_wanted(request_json: str) -> str | None:
    """The zone whose file ``request_json`` needs and ``ZONE_DIR`` lacks, if any: the worker
    fetches it before asking for the answer. A name that is no zone needs no file (the answer
    says it is wrong)."""
    try:
        request = _request(request_json)
    except (ValueError, TypeError, RecursionError, MemoryError):
        return None  # answer() says what is wrong with it
    given = request.get("tz") if isinstance(request, dict) else None
    found = reader_zone(_text(given) or "UTC")
    if not found:
        return None
    try:
        zone(found)
    except CalculatorError:
        return found
    return None


WARM_UP_EACH = 3  # regions and tiers warm_up asks about (the shipped policy has three of each)


def warm_up(answerer: Answerer) -> None:
    """Answer every kind of request once, for a memory snapshot: the first answer a reader
    asks for then runs code the interpreter has already specialised."""
    at = "2026-01-05T12:00:00Z"
    # Every region and tier runs the same code: a few of each warm it, and a policy a hundred
    # times larger takes no longer to prepare.
    for priority in answerer.policy.service_levels.priorities:
        for region in answerer.policy.support_regions[:WARM_UP_EACH]:
            answerer.answer(json.dumps({"kind": "deadline", "priority": priority.id,
                                        "region": region.id, "at": at, "tz": region.zone}))
    for tier in answerer.policy.escalation.tiers[:WARM_UP_EACH]:
        answerer.answer(json.dumps({"kind": "escalation", "tier": tier.id, "at": at}))
    answerer.answer(json.dumps({"kind": "open_now", "at": at}))
    zones = policy_zones(answerer.policy)
    first = answerer.policy.service_levels.priorities[0].id
    answerer.answer(json.dumps({"kind": "deadline", "priority": first, "region": "",
                                "local": "2026-01-05T12:00", "tz": zones[0]}))
    # A city for a zone, and a misspelt zone (its suggestions need difflib).
    answerer.answer(json.dumps({"kind": "escalation", "tier": "", "date": "2026-01-05",
                                "time": "12:00", "tz": zones[0].rpartition("/")[2]}))
    answerer.answer(json.dumps({"kind": "deadline", "priority": first, "region": "", "at": at,
                                "tz": "Eurpe/Londn"}))
    answerer.answer(json.dumps({"kind": "coverage", "view": "support", "at": at,
                                "tz": zones[0]}))


def nearest_region(policy: Policy, zone_name: str, at: dt.datetime) -> SupportRegion:
    """The support region whose UTC offset at ``at`` is closest to ``zone_name``'s (the first
    such in the policy's order on a tie)."""
    return nearest_to_offset(policy, at.astimezone(zone(zone_name)).utcoffset(), at)


def nearest_to_offset(policy: Policy, offset: dt.timedelta, at: dt.datetime) -> SupportRegion:
    """The support region whose UTC offset at ``at`` is closest to ``offset``."""
    return min(policy.support_regions,
               key=lambda region: abs(at.astimezone(zone(region.zone)).utcoffset() - offset))
