"""The answers pages show at first paint: each page's default questions compiled into one
schedule file (:mod:`calculators.schedule`), checked against the engine, and written with the
look-ups the page needs to word them (:mod:`calculators.schedule_tables`).

One file per kind of widget, ``schedule-<kind>.json``: ``deadline`` (Service levels),
``escalation`` (Escalation) and ``open_now`` (Contact and the home page), which a page names
in its front matter (``schedule: deadline``)::

    {"version": 1, "kind": "deadline", "start": ..., "end": ...,   # Unix seconds, [start, end)
     "labels": {zone: [[from, label], ...]}, "labels_until": ...,
     "nearest": [[from, "0120..."], ...] | null, "offsets": [-720, 15],   # deadline only
     "regions": ["usa", ...], "schedules": [<calculators.schedule's JSON>, ...]}

or, where the page ships none, ``{"version": 1, "kind": ..., "none": "<why>"}``: the page then
waits for Python, as it did before schedules.

Any mismatch between a schedule and the engine fails the build: at every boundary of every
schedule the file's answer is compared with the engine's a minute before, on it and a minute
after. Compiling takes about 45 s of processor time, shared among the processors; a build with
the same policy, calculators and start hour reuses the last one's files (``.cache/schedules``).

A policy far larger than the shipped one would make files too large to be worth fetching
before the page's answer, and take long to compile: a page whose questions would read more
than ``EVENT_LIMIT`` openings and closings, or whose file would be over ``SIZE_LIMIT``
compressed, ships none, and the build says so in one line.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import multiprocessing
import os
import sys
import threading
from pathlib import Path

from calculators import schedule, schedule_tables
from calculators.instants import UTC
from calculators.model import Policy
from calculators.policy_json import to_json

__all__ = ["DEFAULT_DAYS", "KINDS", "PREVIEW_DAYS", "ScheduleMismatch", "build_start",
           "page_files"]

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("SCHEDULE_CACHE") or ROOT / ".cache" / "schedules")
CACHE_KEEP = 6
# The page each kind's widget is on, for the build's report.
KINDS = {"deadline": "service-levels", "escalation": "escalation", "open_now": "contact, home"}
# The shipped policy's files are 46 KB (deadline), 5 KB and 2 KB compressed: three times the
# issue's 60 KB per page is the most any policy ships.
SIZE_LIMIT = 180_000
# The shipped policy's deadline questions read 7,100 openings and closings over 120 days (each
# about 800), which take 40 s to compile; a page's compile time grows with them, so a page
# reading more than three and a half times as many ships none rather than hold up the build.
EVENT_LIMIT = 25_000
# The look-ups hold each zone's label this long past the schedules' end: a due time may fall
# weeks after the instant it was asked about.
LABELS_AFTER = dt.timedelta(days=400)
START_VARIABLE = "POLICY_SCHEDULE_START"
DEFAULT_DAYS = schedule.DEFAULT_DAYS
PREVIEW_DAYS = 7  # `make serve`, rebuilt at every edit of the data


class ScheduleMismatch(Exception):
    """A schedule's answer differs from the engine's: the build stops (a bug to report)."""


def build_start(environ=os.environ) -> dt.datetime:
    """Where the schedules start: ``POLICY_SCHEDULE_START`` (an ISO instant, for tests and
    benchmarks that fix the reader's clock), else the start of the present hour in UTC."""
    given = environ.get(START_VARIABLE)
    if given:
        instant = dt.datetime.fromisoformat(given.replace("Z", "+00:00"))
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        return instant.astimezone(UTC).replace(second=0, microsecond=0)
    return dt.datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def page_files(policy: Policy, start: dt.datetime, days: int = DEFAULT_DAYS, *,
               report=lambda message: print(f"note: {message}", file=sys.stderr)
               ) -> dict[str, bytes]:
    """``{"schedule-<kind>.json": bytes}`` for every kind, from the cache when the same inputs
    made them before; ``report`` hears one line on what ships."""
    key = _key(policy, start, days)
    cached = CACHE / f"{key}.json"
    try:
        files = json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        files = _compiled(policy, start, days)
        _keep(cached, files)
    found = {f"schedule-{kind}.json": _text(file) for kind, file in files.items()}
    report(_summary(files, found))
    return found


def _compiled(policy: Policy, start: dt.datetime, days: int) -> dict[str, dict]:
    end = min(start + dt.timedelta(days=days), schedule.holidays_end(policy))
    by_kind: dict[str, list] = {kind: [] for kind in KINDS}
    for question in schedule.questions(policy):
        by_kind[question.key["kind"]].append(question)
    files = {}
    for kind, questions in by_kind.items():
        events = 0
        for question in questions:  # counted until the page is past its limit, no further
            events += schedule.count_events(question, start, end, EVENT_LIMIT - events)
            if events > EVENT_LIMIT:
                break
        if events > EVENT_LIMIT:
            files[kind] = _none(kind, f"its questions read more than {EVENT_LIMIT:,} openings "
                                      f"and closings in {days} days, the most a page's "
                                      "schedule may")
    wanted = [question for kind, questions in by_kind.items() if kind not in files
              for question in questions]
    made = iter(_each_compiled(wanted, start, days, end))
    for kind, questions in by_kind.items():
        if kind in files:
            continue
        file = _file(policy, kind, start, [next(made) for _ in questions])
        size = len(gzip.compress(_text(file), 9))
        files[kind] = file if size <= SIZE_LIMIT else _none(
            kind, f"its file would be {size:,} bytes compressed, more than {SIZE_LIMIT:,}")
    return files


# The questions _each_compiled hands its worker processes, which inherit them by forking (a
# question holds functions of the policy, which cannot be sent to a process).
_WORK: tuple = ()


def _each_compiled(questions: list, start: dt.datetime, days: int, end: dt.datetime
                   ) -> list[dict]:
    """Each question's schedule, compiled and checked against the engine: in as many
    processes as there are processors (a build has nothing else to do meanwhile)."""
    global _WORK
    _WORK = (questions, start, days, end)
    workers = min(len(questions), os.cpu_count() or 1, 4)
    # Forking a process that runs other threads may copy a lock some thread holds: then, or
    # where there is no fork, one process compiles them all.
    if (workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [_compiled_one(index) for index in range(len(questions))]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_compiled_one, range(len(questions)), chunksize=1)


def _compiled_one(index: int) -> dict:
    questions, start, days, end = _WORK
    made = schedule.compile_schedule(questions[index], start, days, end)
    _verify(questions[index], made)
    return made


def _verify(question, made: dict) -> None:
    """The schedule's answer equals the engine's a minute before each boundary, on it and a
    minute after (within its range): else ScheduleMismatch."""
    start, end = made["start"], made["end"]
    boundary = start
    for segment in made["segments"] + [[end - boundary]]:
        boundary += segment[0]
        for second in (boundary - 60, boundary, boundary + 60):
            if not start <= second < end:
                continue
            instant = schedule.EPOCH + dt.timedelta(seconds=second)
            try:
                expected = schedule.dropped(question.ask(instant))
            except Exception as error:  # the engine refusing is a mismatch too
                expected = f"no answer ({type(error).__name__}: {error})"
            if schedule.answer_at(made, instant) != expected:
                raise ScheduleMismatch(
                    f"the schedule of {json.dumps(question.key)} differs from the calculators "
                    f"at {schedule.utc_iso(instant)}; report this as a bug")


def _file(policy: Policy, kind: str, start: dt.datetime, made: list[dict]) -> dict:
    last = max(one["end"] for one in made)
    end = schedule.EPOCH + dt.timedelta(seconds=last)
    labels_end = end + LABELS_AFTER
    file = {"version": schedule.VERSION, "kind": kind,
            "start": made[0]["start"], "end": last,
            "labels": schedule_tables.labels(policy, start - dt.timedelta(days=1), labels_end),
            "labels_until": schedule.seconds(labels_end)}
    if kind == "deadline":
        file["nearest"] = schedule_tables.nearest(policy, start, end)
        file["offsets"] = [schedule_tables.LOWEST, schedule_tables.STEP]
        file["regions"] = [region.id for region in policy.support_regions]
    return file | {"schedules": made}


def _none(kind: str, why: str) -> dict:
    return {"version": schedule.VERSION, "kind": kind, "none": why}


def _text(file: dict) -> bytes:
    return json.dumps(file, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _summary(files: dict[str, dict], found: dict[str, bytes]) -> str:
    """One line: each page's schedule and its compressed size, or why it ships none."""
    parts = []
    for kind, file in files.items():
        if "none" in file:
            parts.append(f"{KINDS[kind]} none ({file['none']}; readers wait for Python)")
        else:
            size = len(gzip.compress(found[f"schedule-{kind}.json"], 9))
            parts.append(f"{KINDS[kind]} {size / 1000:.1f} KB")
    return "answers at first paint, compressed: " + "; ".join(parts)


def _key(policy: Policy, start: dt.datetime, days: int) -> str:
    digest = hashlib.sha256(json.dumps(to_json(policy), sort_keys=True).encode())
    for path in sorted((ROOT / "calculators").glob("*.py")) + [Path(__file__)]:
        digest.update(path.read_bytes())
    digest.update(f"{start.isoformat()} {days}".encode())
    return digest.hexdigest()[:24]


def _keep(path: Path, files: dict) -> None:
    """Cache ``files``; a cache that cannot be written only costs the next build the time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".partial")
        temporary.write_text(json.dumps(files), encoding="utf-8")
        temporary.replace(path)
        for old in sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime)[
                :-CACHE_KEEP]:
            old.unlink()
    except OSError:
        pass
