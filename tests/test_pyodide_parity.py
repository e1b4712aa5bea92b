"""The browser's answers are the CLI's: the same requests through ``calculators.browser`` on
CPython and under Pyodide (Python 3.14) in Node, compared as JSON.

Runs the wheels of ``make wheels`` (what the site ships), offline from node_modules/pyodide. A
missing Node, Pyodide or wheel fails the test: CI installs them, and a skip would hide that
the browser path went untested.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pytest

from calculators.browser import Answerer
from calculators.policy_json import to_json
from conftest import ROOT
from webruntime import BUILD_ONLY

PYODIDE = ROOT / "node_modules" / "pyodide"
DIST = ROOT / "dist"
SCRIPT = ROOT / "tests" / "pyodide" / "answer_requests.mjs"

INSTANTS = ["2026-11-27T17:30:00Z", "2026-03-06T20:00:00Z", "2026-04-02T10:00:00Z",
            "2026-08-07T09:00:00Z", "2026-10-30T12:00:00Z", "2026-07-15T00:59:00Z"]
DEADLINES = [
    {"kind": "deadline", "priority": priority, "region": region, "tz": "UTC", "at": at}
    for priority, region in [("S1", "usa"), ("S2", "europe"), ("S3", "apac"), ("S2", "usa")]
    for at in INSTANTS
]
ESCALATIONS = [
    {"kind": "escalation", "tier": tier, "tz": "UTC", "at": at}
    for tier in ["tier1", "tier2", "tier2-partner"]
    for at in INSTANTS + ["2026-11-28T17:30:00Z", "2026-04-05T21:00:00Z"]
]
OTHERS = [
    # local wall times, DST readings and the nearest region
    {"kind": "deadline", "priority": "S2", "region": "", "tz": "Australia/Sydney",
     "local": "2026-04-05T02:30", "fold": 1},
    {"kind": "deadline", "priority": "S3", "region": "", "tz": "America/New_York",
     "local": "2026-11-25T16:00"},
    {"kind": "escalation", "tier": "tier1", "tz": "Europe/London", "local": "2026-10-25T01:30",
     "fold": 0},
    {"kind": "open_now", "tz": "UTC", "at": "2026-07-15T00:59:00Z"},
    {"kind": "open_now", "tz": "UTC", "at": "2026-04-03T09:00:00Z"},
    # refusals: each names the form field to mark
    {"kind": "deadline", "priority": "S9", "region": "usa", "tz": "UTC", "at": INSTANTS[0]},
    {"kind": "deadline", "priority": "S1", "region": "usa", "tz": "America/Los_Angeles",
     "local": "2026-03-08T02:30"},
    {"kind": "escalation", "tier": "tier1", "tz": "Mars/Base", "local": "2026-03-08T02:30"},
    {"kind": "escalation", "tier": "tier9", "tz": "UTC", "at": INSTANTS[0]},
    {"kind": "deadline", "priority": "S3", "region": "europe", "tz": "UTC",
     "at": "2030-12-31T12:00:00Z"},
]
REQUESTS = DEADLINES + ESCALATIONS + OTHERS


def fresh_wheels() -> list[str]:
    """dist/'s two wheels, after checking the calculators wheel holds today's source."""
    calculators = sorted(DIST.glob("premium_support_calculators-*.whl"))
    tzdata = sorted(DIST.glob("tzdata-*.whl"))
    assert calculators and tzdata, "dist/ lacks the wheels; run: make wheels"
    with zipfile.ZipFile(calculators[-1]) as wheel:
        shipped = {name: wheel.read(name) for name in wheel.namelist()
                   if name.startswith("calculators/")}
    source = {f"calculators/{path.name}": path.read_bytes()
              for path in (ROOT / "calculators").glob("*.py") if path.name not in BUILD_ONLY}
    assert shipped == source, f"{calculators[-1].name} is stale; run: make wheels"
    return [str(calculators[-1]), str(tzdata[-1])]


def test_the_widget_requests_cover_both_answers_and_the_refusals():
    kinds = [request["kind"] for request in REQUESTS]
    assert kinds.count("deadline") >= 20 and kinds.count("escalation") >= 20


@pytest.mark.pyodide
def test_pyodide_answers_equal_cpython_answers(policy, tmp_path):
    node = shutil.which("node")
    assert node, "node is not on PATH; CI installs Node.js 20"
    assert (PYODIDE / "pyodide.mjs").exists(), "node_modules/pyodide is missing; run: npm ci"
    wheels = fresh_wheels()
    policy_json = to_json(policy)
    answerer = Answerer(json.dumps(policy_json))
    expected = [answerer.answer_dict(request) for request in REQUESTS]

    given = tmp_path / "input.json"
    given.write_text(json.dumps({"policy": policy_json, "requests": REQUESTS}), encoding="utf-8")
    done = subprocess.run([node, str(SCRIPT), str(PYODIDE), str(given), *wheels],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout)

    assert got["python"].startswith("3.14")
    assert len(got["answers"]) == len(expected)
    for request, mine, theirs in zip(REQUESTS, expected, got["answers"]):
        assert theirs == mine, request


FIELDS = {
    # Offsets on 2026-11-27: New York -5, Los Angeles -8, London 0, Singapore +8.
    "New York is nearest to usa": (
        {"kind": "deadline", "priority": "S1", "region": "", "tz": "America/New_York",
         "at": INSTANTS[0]}, ("region", "usa")),
    "Auckland (+13) is nearest to apac": (
        {"kind": "deadline", "priority": "S1", "region": "", "tz": "Pacific/Auckland",
         "at": INSTANTS[0]}, ("region", "apac")),
    "UTC is nearest to europe": (
        {"kind": "deadline", "priority": "S1", "region": "", "tz": "UTC", "at": INSTANTS[0]},
        ("region", "europe")),
    "unknown priority marks the priority field": (OTHERS[5], ("error", "priority")),
    "a skipped local time marks the time field": (OTHERS[6], ("error", "at")),
    "an unknown zone marks the zone field": (OTHERS[7], ("error", "tz")),
    "an unknown tier marks the tier field": (OTHERS[8], ("error", "tier")),
    "a date beyond the holiday years marks the time field": (OTHERS[9], ("error", "at")),
    "an unknown kind is a general error": ({"kind": "weather"}, ("error", "general")),
}


@pytest.mark.parametrize(("request_", "expected"), FIELDS.values(), ids=FIELDS.keys())
def test_answerer_picks_the_region_or_names_the_field(policy, request_, expected):
    answer = json.loads(Answerer(json.dumps(to_json(policy))).answer(json.dumps(request_)))
    key, value = expected
    assert (answer["region"]["id"] if key == "region"
            else [error["field"] for error in answer["errors"]]) == (
        value if key == "region" else [value])
