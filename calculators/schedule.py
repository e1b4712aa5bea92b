"""Answers ahead of time: a page's default questions compiled into schedules (issue 15/18).

Between the instants where an input changes (an office opens or closes, a shift starts or
ends, a business day begins, a holiday) every answer of ``json_answers`` is the same JSON,
except that each instant in it is either fixed or the asked-about instant plus a constant.
A schedule lists those stretches, *segments*, so that a page can answer "now" at first paint
by finding the segment that holds it and adding offsets; the policy's rules stay here.

A schedule is plain JSON::

    {"version": 1,
     "question": {"kind": "deadline", "priority": "S1", "region": "usa"},
     "start": 1796947200, "end": 1807315200,     # Unix seconds, [start, end)
     "parts": [...],                             # the answers' templates, shared subtrees
     "segments": [[step, root, fixed...], ...]}  # one per segment, in time order

A segment's start is the previous segment's start (the first: ``start``) plus ``step``; it
lasts until the next one starts (the last: until ``end``). Its answer is ``parts[root]``
with every marker replaced:

- ``{"$": i}``: ``parts[i]``, itself with its markers replaced (identical subtrees and
  sentences of the answers, such as the readings or a region's phones, are written once);
- ``{"+": n}``: the asked-about instant plus ``n`` seconds;
- ``{"=": j}``: the segment's start plus ``fixed[j]`` seconds, a fixed instant. Stored
  from the segment's start, the numbers repeat week after week, which gzip rewards.

Instants come out as ``utc_iso`` writes them: "2026-11-27T19:30:00Z". The asked-about instant
is taken to the whole second, as the page asks (``nowInstant`` in widgets.js) and as the
boundaries lie; the engine itself answers for any microsecond, and a due time that lands on a
close stays there for exactly that instant, so only whole seconds are promised.

Dropped from the schedule: every ``*_local`` field (the instant again, written in the region's
zone). The page's renderer does not read them (widgets.js words each instant from ``shown``,
per zone); a renderer that wanted them would format the instant in ``zone`` itself.

How the segments are found: at a segment's start ``s`` the engine answers for ``s`` and for
``s + 1``; an instant equal in both is fixed, one that moved by the second moves with the
asked instant (an offset). Every answer changes only when some instant it rests on crosses an
*event* (an opening or closing of the windows its question reads: the offices' hours, the
region's clocks, the tiers' shifts, with holidays and clock changes already in them). An
offset instant ``s + c`` crosses the next event ``e`` after it when the asked instant reaches
``e - c``; fixed instants move only when an offset one does (a due time waiting for an opening
moves again when the asked instant reaches that opening, itself an event). So the segment
ends at the earliest such ``e - c``, over the asked instant itself (``c = 0``) and every
offset instant of the answer: due times that cross an opening, a closing or a shift change
are found without sampling. Each segment is then checked against the engine at its last
second and its middle; a mismatch (none is known) splits it at the first second that differs,
found by bisection. Neighbours that came out the same are merged.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import json
import re
from collections.abc import Callable, Iterator

from .errors import HolidaysUnknown
from .instants import UTC, utc_iso, zone
from .json_answers import deadline_json, escalation_json, open_now_json
from .model import Clock, Policy
from .windows import clock_windows, weekly_windows

VERSION = 1
DEFAULT_DAYS = 120
SECOND = dt.timedelta(seconds=1)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")
_MARKERS = ("$", "+", "=")
# A subtree shorter than this as JSON is cheaper written out than referred to.
_SHARE_FROM = 24


class ScheduleError(RuntimeError):
    """The engine's answers cannot be written as a schedule (a bug here, or in the engine)."""


# ------------------------------------------------------------------ questions


class Question:
    """One question a page asks by default: the engine's answer for an asked instant, and the
    windows whose openings and closings are the only instants where that answer can change."""

    def __init__(self, key: dict, ask: Callable[[dt.datetime], dict],
                 sources: Callable[[dt.datetime], list[tuple[str, Iterator]]]) -> None:
        self.key, self.ask, self.sources = key, ask, sources


def questions(policy: Policy) -> list[Question]:
    """Every default question of the site: open now (Contact and home), escalation in each
    tier (Escalation), deadlines of each priority in each region, reported now (Service
    levels)."""
    found = [Question({"kind": "open_now"}, lambda at: open_now_json(policy, at),
                      lambda t: _offices(policy, t))]
    for tier in policy.escalation.tiers:
        found.append(Question(
            {"kind": "escalation", "tier": tier.id},
            lambda at, tier_id=tier.id: escalation_json(policy, tier_id, at),
            # The support lines among the routes and offices_closed read the offices' hours.
            lambda t, tier=tier: _shifts(tier, t) + _offices(policy, t)))
    case_tier = policy.escalation.case_tier
    for targets in policy.service_levels.targets:
        for region in policy.support_regions:
            def sources(t, targets=targets, region=region):
                clocks = {targets.initial_response.clock, targets.updates.clock} - {Clock.ALWAYS}
                found = _offices(policy, t) + [
                    (region.zone, clock_windows(clock, region, t)) for clock in clocks]
                if case_tier is not None:  # if_missed: who is on duty at the due time
                    found += _shifts(policy.tier(case_tier.tier_id), t)
                return found
            found.append(Question(
                {"kind": "deadline", "priority": targets.priority.id, "region": region.id},
                lambda at, p=targets.priority.id, r=region.id: deadline_json(
                    policy, p, at, r, now=at),
                sources))
    return found


def _offices(policy: Policy, t: dt.datetime) -> list[tuple[str, Iterator]]:
    return [(region.zone, clock_windows(Clock.BUSINESS_HOURS, region, t))
            for region in policy.support_regions]


def _shifts(tier, t: dt.datetime) -> list[tuple[str, Iterator]]:
    return [(shift.region.zone, weekly_windows(shift.hours, shift.region.zone, shift.holidays, t))
            for shift in tier.shifts]


def holidays_end(policy: Policy) -> dt.datetime:
    """The first instant the policy's holiday years no longer cover: the earliest local
    midnight starting the year after a calendar's last one."""
    calendars = [region.holidays for region in policy.support_regions] + [
        shift.holidays for tier in policy.escalation.tiers for shift in tier.shifts
        if shift.holidays is not None]
    zones = [region.zone for region in policy.support_regions] + [
        shift.region.zone for tier in policy.escalation.tiers for shift in tier.shifts
        if shift.holidays is not None]
    return min(_new_year(calendar.last_year + 1, zone_name)
               for calendar, zone_name in zip(calendars, zones))


def _new_year(year: int, zone_name: str) -> dt.datetime:
    if year > dt.MAXYEAR:
        return dt.datetime.max.replace(tzinfo=UTC)
    return dt.datetime(year, 1, 1, tzinfo=zone(zone_name)).astimezone(UTC)


# ------------------------------------------------------------------ events


class _Events:
    """The openings and closings of a question's windows, merged and read ahead lazily: a due
    time weeks ahead needs events weeks ahead, and a holiday calendar ends somewhere."""

    def __init__(self, sources: list[tuple[str, Iterator]]) -> None:
        self.known: list[dt.datetime] = []
        self._seen: set[dt.datetime] = set()
        # (the open of the window last read, index, zone, windows): nothing unread from a
        # source lies before its last open, since windows come in order of their opens.
        self._live = [(dt.datetime.min.replace(tzinfo=UTC), i, zone_name, windows)
                      for i, (zone_name, windows) in enumerate(sources)]
        heapq.heapify(self._live)

    def after(self, instant: dt.datetime) -> dt.datetime | None:
        """The first event strictly after ``instant``; None when none can be known."""
        while self._live and self._live[0][0] <= instant:
            self._read()
        index = bisect.bisect_right(self.known, instant)
        while index == len(self.known) and self._live:
            self._read()
            index = bisect.bisect_right(self.known, instant)
        return self.known[index] if index < len(self.known) else None

    def _read(self) -> None:
        _, i, zone_name, windows = heapq.heappop(self._live)
        try:
            opens, closes = next(windows)
        except StopIteration:
            return
        except HolidaysUnknown as error:
            # Past its calendar a window cannot be known: where that starts is an event too.
            self._add(_new_year(error.last_year + 1, zone_name))
            return
        except OverflowError:
            return
        self._add(opens)
        if closes is None:  # a window that never closes: nothing more comes from it
            return
        self._add(closes)
        heapq.heappush(self._live, (opens, i, zone_name, windows))

    def _add(self, instant: dt.datetime) -> None:
        if instant not in self._seen:
            self._seen.add(instant)
            bisect.insort(self.known, instant)


def count_events(question: Question, start: dt.datetime, end: dt.datetime, limit: int) -> int:
    """How many openings and closings ``question`` reads over [start, end), counted up to
    ``limit`` and one more: what compiling it costs, told before compiling."""
    events = _Events(question.sources(start - dt.timedelta(days=1)))
    count, at = 0, start
    while count <= limit and (at := events.after(at)) is not None and at < end:
        count += 1
    return count


# ------------------------------------------------------------------ templates


class _Mismatch(Exception):
    pass


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _kept(answer):
    """``answer`` without what a schedule drops (the ``*_local`` fields)."""
    if isinstance(answer, dict):
        return {key: _kept(value) for key, value in answer.items() if not key.endswith("_local")}
    if isinstance(answer, list):
        return [_kept(value) for value in answer]
    return answer


def _template(first, second, at: dt.datetime):
    """``first`` (the answer at ``at``) as a template: each instant ``("+", seconds)`` when it
    moved by the second in ``second`` (the answer a second later, or None where its shape
    differs), else ``("=", instant)``."""
    if isinstance(first, dict):
        if set(first) & set(_MARKERS) and len(first) == 1:
            raise ScheduleError(f"an answer has a key the schedule uses as a marker: {first}")
        same = isinstance(second, dict) and list(second) == list(first)
        return {key: _template(value, second[key] if same else None, at)
                for key, value in first.items()}
    if isinstance(first, list):
        same = isinstance(second, list) and len(second) == len(first)
        return [_template(value, second[index] if same else None, at)
                for index, value in enumerate(first)]
    if isinstance(first, str) and _ISO.fullmatch(first):
        instant = _parse(first)
        if (isinstance(second, str) and _ISO.fullmatch(second)
                and _parse(second) - instant == SECOND):
            return ("+", instant - at)
        return ("=", instant)
    return first


def _render(template, at: dt.datetime):
    if isinstance(template, tuple):
        kind, value = template
        return utc_iso(at + value if kind == "+" else value)
    if isinstance(template, dict):
        return {key: _render(value, at) for key, value in template.items()}
    if isinstance(template, list):
        return [_render(value, at) for value in template]
    return template


def _offsets(template) -> Iterator[dt.timedelta]:
    if isinstance(template, tuple):
        if template[0] == "+":
            yield template[1]
    elif isinstance(template, dict):
        for value in template.values():
            yield from _offsets(value)
    elif isinstance(template, list):
        for value in template:
            yield from _offsets(value)


# ------------------------------------------------------------------ compiling


class _Walk:
    """The engine's answers along one question, each asked at most once."""

    def __init__(self, question: Question) -> None:
        self.question = question
        self.asked: dict[dt.datetime, dict | None] = {}
        self.splits = 0  # segments the check had to split: each one a missed event

    def answer(self, at: dt.datetime) -> dict | None:
        """The answer at ``at``, or None where the engine cannot answer (holidays unknown)."""
        if at not in self.asked:
            try:
                self.asked[at] = _kept(self.question.ask(at))
            except (HolidaysUnknown, OverflowError):
                self.asked[at] = None
            if len(self.asked) > 64:  # only the last few are asked again
                self.asked.pop(next(iter(self.asked)))
        return self.asked[at]

    def matches(self, template, at: dt.datetime) -> bool:
        answer = self.answer(at)
        return answer is not None and _render(template, at) == answer


def _segments(question: Question, start: dt.datetime, end: dt.datetime,
              check: str = "end+middle") -> tuple[list[tuple[dt.datetime, object]], dt.datetime,
                                                 int]:
    """[(segment start, template)], the end of the last one (sooner than ``end`` where the
    engine stops answering), and how many segments the check split."""
    walk = _Walk(question)
    events = _Events(question.sources(start - dt.timedelta(days=1)))
    found: list[tuple[dt.datetime, object]] = []
    at = start
    while at < end:
        answer = walk.answer(at)
        if answer is None:
            end = at
            break
        template = _template(answer, walk.answer(at + SECOND), at)
        if not walk.matches(template, at + SECOND):
            found.append((at, template))
            at += SECOND
            continue
        # The earliest second at which an offset instant (or the asked one) reaches an event.
        stop = end
        for offset in {dt.timedelta(0), *_offsets(template)}:
            event = events.after(at + offset)
            if event is not None:
                stop = min(stop, max(event - offset, at + 2 * SECOND))
        stop = _checked(walk, template, at, stop, check)
        found.append((at, template))
        at = stop
    return _merged(found), min(at, end), walk.splits


def _checked(walk: _Walk, template, start: dt.datetime, stop: dt.datetime, check: str
             ) -> dt.datetime:
    """``stop``, or the first second before it where ``template`` no longer gives the
    engine's answer (found by bisection, taking the answers before it to match)."""
    probes = [stop - SECOND]
    if check == "end+middle":
        probes.insert(0, start + (stop - start) // 2 // SECOND * SECOND)
    if all(walk.matches(template, probe) for probe in probes):
        return stop
    walk.splits += 1
    good, bad = start + SECOND, stop - SECOND  # good matches (the probe), bad may not
    if walk.matches(template, bad):
        bad = probes[0]
    while bad - good > SECOND:
        middle = good + (bad - good) // 2 // SECOND * SECOND
        if walk.matches(template, middle):
            good = middle
        else:
            bad = middle
    return bad


def _merged(found):
    """Neighbouring segments whose answers are the same, one segment."""
    merged = []
    for at, template in found:
        if merged and _same(merged[-1], (at, template)):
            continue
        merged.append((at, template))
    return merged


def _same(earlier, later) -> bool:
    (first_at, first), (second_at, second) = earlier, later
    return _render(first, second_at) == _render(second, second_at) and _shape(first) == _shape(
        second)


def _shape(template):
    """A template with its offsets kept and its fixed instants blanked: two templates of the
    same shape give the same answer wherever their fixed instants agree."""
    if isinstance(template, tuple):
        return template if template[0] == "+" else ("=",)
    if isinstance(template, dict):
        return {key: _shape(value) for key, value in template.items()}
    if isinstance(template, list):
        return [_shape(value) for value in template]
    return template


def compile_schedule(question: Question, start: dt.datetime, days: int = DEFAULT_DAYS,
                     end: dt.datetime | None = None, check: str = "end+middle",
                     stats: dict | None = None) -> dict:
    """The schedule of ``question`` from ``start`` (taken to the whole minute) for ``days``
    days, or to ``end`` (the end of the holiday years), or to where the engine stops
    answering, whichever comes first. ``check`` "end" checks each segment at its last second
    only (faster); ``stats`` (a dict) receives ``splits``, the segments the check split."""
    start = start.astimezone(UTC).replace(second=0, microsecond=0)
    stop = start + dt.timedelta(days=days)
    if end is not None:
        stop = min(stop, end)
    found, stop, splits = _segments(question, start, stop, check)
    if stats is not None:
        stats["splits"] = stats.get("splits", 0) + splits
    return _encoded(question.key, start, stop, found)


def compile_all(policy: Policy, start: dt.datetime, days: int = DEFAULT_DAYS,
                check: str = "end+middle", stats: dict | None = None) -> list[dict]:
    """The schedules of every default question (``questions``), in that order."""
    end = holidays_end(policy)
    return [compile_schedule(question, start, days, end, check, stats)
            for question in questions(policy)]


# The page each question's answers are shown on first.
PAGES = {"deadline": "service-levels", "escalation": "escalation", "open_now": "contact, home"}


# ------------------------------------------------------------------ encoding


def seconds(instant: dt.datetime) -> int:
    """Unix seconds, as schedules and their look-ups write instants."""
    return (instant - EPOCH) // SECOND


def _encoded(key: dict, start: dt.datetime, end: dt.datetime, found) -> dict:
    parts: list = []
    index: dict[str, int] = {}

    def share(node):
        text = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
        if len(text) < _SHARE_FROM:
            return node
        if text not in index:
            index[text] = len(parts)
            parts.append(node)
        return {"$": index[text]}

    segments = []
    previous = start
    for at, template in found:
        fixed: list[int] = []

        def encode(node):
            if isinstance(node, tuple):
                kind, value = node
                if kind == "+":
                    return {"+": value // SECOND}
                relative = seconds(value) - seconds(at)
                if relative not in fixed:
                    fixed.append(relative)
                return {"=": fixed.index(relative)}
            if isinstance(node, dict):
                return share({key: encode(value) for key, value in node.items()})
            if isinstance(node, list):
                return share([encode(value) for value in node])
            # Sentences repeat in every template of a question: written once.
            return share(node) if isinstance(node, str) else node

        root = encode(template)
        if not (isinstance(root, dict) and "$" in root):
            root = {"$": len(parts)}
            parts.append(encode(template))
        segments.append([seconds(at) - seconds(previous), root["$"], *fixed])
        previous = at
    return {"version": VERSION, "question": key, "start": seconds(start), "end": seconds(end),
            "parts": parts, "segments": segments}


# ------------------------------------------------------------------ reading


def answer_at(schedule: dict, instant: dt.datetime) -> dict | None:
    """The answer the schedule gives at ``instant`` (to the whole second), exactly what the
    browser does with it; None outside the schedule's range."""
    asked = seconds(instant.astimezone(UTC))
    if not schedule["start"] <= asked < schedule["end"] or not schedule["segments"]:
        return None
    starts = _starts(schedule)
    index = bisect.bisect_right(starts, asked) - 1
    if index < 0:
        return None
    segment, segment_start = schedule["segments"][index], starts[index]
    parts = schedule["parts"]

    def resolve(node):
        if isinstance(node, dict):
            if len(node) == 1:
                (marker, value), = node.items()
                if marker == "$":
                    return resolve(parts[value])
                if marker == "+":
                    return _iso(asked + value)
                if marker == "=":
                    return _iso(segment_start + segment[2 + value])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(value) for value in node]
        return node

    return resolve(parts[segment[1]])


_DECODED: dict[int, tuple[list, list[int]]] = {}


def _starts(schedule: dict) -> list[int]:
    """The segments' starts as instants; decoded once per schedule, as the browser will."""
    segments = schedule["segments"]
    cached = _DECODED.get(id(segments))
    if cached is None or cached[0] is not segments:
        starts, at = [], schedule["start"]
        for segment in segments:
            at += segment[0]
            starts.append(at)
        if len(_DECODED) > 64:
            _DECODED.clear()
        cached = _DECODED[id(segments)] = (segments, starts)
    return cached[1]


def _iso(seconds: int) -> str:
    return utc_iso(EPOCH + dt.timedelta(seconds=seconds))


def dropped(answer):
    """``answer`` as a schedule gives it: without the ``*_local`` fields."""
    return _kept(answer)
