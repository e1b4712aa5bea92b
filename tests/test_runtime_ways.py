"""The site's own worker, in Chromium, answers every kind of request as CPython does, whichever
way it started: restoring the build's snapshot, starting Python itself (the trimmed standard
library, the calculators wheel and the policy's zone files), or restoring the snapshot it made
then. Every other zone arrives as one file when a request names it.

This is what proves the trimmed library: a module the calculators reach on some path but the
zip lacks fails one of these requests.
"""

from __future__ import annotations

import json

import pytest

from calculators.browser import Answerer
from calculators.policy_json import to_json
from test_call_report import PYODIDE_REQUESTS as CALL_REPORTS
from test_pyodide_parity import FIELDS, INSTANTS, REQUESTS

AT = INSTANTS[0]
ZONES = [
    # the policy's zones (in the snapshot), others by name, by city, with a "+" in the file's
    # name, three levels deep, and names that are no zone
    "UTC", "Europe/London", "Asia/Tokyo", "Paris", "new york", "Etc/GMT+5",
    "America/Argentina/Buenos_Aires", "Eurpe/Londn", "Mars/Base", "",
]
OTHER_KINDS = [
    {"kind": "coverage", "view": "support", "at": AT, "tz": "Asia/Kolkata"},
    {"kind": "coverage", "view": "tier1", "at": AT, "tz": "UTC", "week": "2026-03-09"},
    {"kind": "coverage", "view": "nothing", "at": AT, "tz": "UTC"},
    {"kind": "deadline_calendar", "priority": "S1", "region": "", "at": AT,
     "tz": "Pacific/Auckland"},
    {"kind": "deadline", "priority": "S1", "region": "usa", "at": "9999-12-31T23:00:00Z",
     "tz": "UTC"},
    {"kind": "escalation", "tier": "tier1", "date": "2026-13-01", "time": "25:00", "tz": "UTC"},
]
CORPUS = [
    {"tz": "UTC"} | request
    for request in [
        *REQUESTS, *(request for request, _ in FIELDS.values()), *CALL_REPORTS, *OTHER_KINDS,
        *({"kind": "deadline", "priority": "S2", "region": "", "at": AT, "tz": zone}
          for zone in ZONES),
        *({"kind": "escalation", "tier": "tier1", "date": "2026-03-29", "time": "01:30",
           "tz": zone} for zone in ZONES),
    ]
]
SNAPSHOTS = "calculators-snapshots"  # the worker's Cache Storage (webruntime/static/worker.mjs)

ASK_ALL = """async ({ worker, requests }) => {
  const running = new Worker(worker, { type: "module" });
  const answers = new Array(requests.length);
  let left = requests.length;
  let way = null;
  const done = await new Promise((resolve) => {
    const check = () => { if (way && !left) resolve({ way, answers }); };
    running.onmessage = ({ data }) => {
      if (data.ready) { way = data.way; return check(); }
      if (data.failed && !data.id) return resolve({ way: "failed: " + data.failed, answers });
      if (!data.id) return;
      answers[data.id - 1] = data.failed ? { failed: data.failed } : data.response;
      left -= 1;
      check();
    };
    requests.forEach((request, i) => running.postMessage({ id: i + 1, request }));
  });
  running.terminate();
  return done;
}"""

# The build's snapshot, put where the worker keeps the one it made: the next start restores it.
KEEP_BUILDS_SNAPSHOT = """async ({ name, url }) => {
  const gz = await fetch(url);
  const raw = await new Response(gz.body.pipeThrough(new DecompressionStream("gzip")))
    .arrayBuffer();
  await (await caches.open(name)).put(url, new Response(raw));
}"""


def _without_stamp(answer):
    """An answer with the calendar's DTSTAMP (the moment the file was made) left out."""
    if isinstance(answer, dict) and "ics" in answer:
        answer = answer | {"ics": "\r\n".join(line for line in answer["ics"].split("\r\n")
                                              if not line.startswith("DTSTAMP:"))}
    return answer


def _expected(policy) -> list[dict]:
    answerer = Answerer(json.dumps(to_json(policy)))
    return [_without_stamp(json.loads(answerer.answer(json.dumps(request))))
            for request in CORPUS]


def _assert_same(got: list[dict], expected: list[dict]) -> None:
    assert len(got) == len(expected)
    for request, theirs, mine in zip(CORPUS, got, expected):
        # The worker adds the times worded in the reader's zone, and the asked-about time as
        # the form's fields show it; everything else is the Python's answer.
        assert set(theirs) - set(mine) <= {"shown", "at_input", "tz"}, request
        assert _without_stamp({key: theirs.get(key) for key in mine}) == mine, request


@pytest.fixture()
def fresh(browser, site_url):
    """A page on the site, in a context with nothing cached; it loads no calculator itself."""
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    page.goto(f"{site_url}responsibilities/")
    yield context, page
    context.close()


def _worker(site) -> str:
    (worker,) = (site / "assets" / "calculators").glob("worker.*.mjs")
    return f"assets/calculators/{worker.name}"


def _manifest(site) -> dict:
    return json.loads((site / "assets" / "calculators" / "manifest.json").read_text())


def test_restoring_the_builds_snapshot(fresh, site, site_url, policy):
    _, page = fresh
    url = f"{site_url}assets/calculators/{_manifest(site)['snapshot']}"
    page.evaluate(KEEP_BUILDS_SNAPSHOT, {"name": SNAPSHOTS, "url": url})
    done = page.evaluate(ASK_ALL, {"worker": site_url + _worker(site), "requests": CORPUS})
    assert done["way"] == "kept snapshot"
    _assert_same(done["answers"], _expected(policy))


def test_starting_python_then_restoring_what_it_kept(fresh, site, site_url, policy):
    context, page = fresh
    # The snapshot never arrives: the worker starts Python from the trimmed library.
    context.route("**/snapshot.*.bin.gz", lambda route: route.abort())
    expected = _expected(policy)
    worker = site_url + _worker(site)
    done = page.evaluate(ASK_ALL, {"worker": worker, "requests": CORPUS})
    assert done["way"] == "started Python"
    _assert_same(done["answers"], expected)
    # It kept the snapshot it made, once the first answer could be given; the next start
    # restores that one.
    page.wait_for_function(f"async () => (await (await caches.open('{SNAPSHOTS}')).keys())"
                           ".length === 1")
    done = page.evaluate(ASK_ALL, {"worker": worker, "requests": CORPUS})
    assert done["way"] == "kept snapshot"
    _assert_same(done["answers"], expected)


def test_zone_files_are_fetched_only_when_named(fresh, site, site_url):
    context, page = fresh
    fetched = []
    page.on("request", lambda request: fetched.append(request.url.split("/zones.")[-1])
            if "/zones." in request.url else None)
    requests = [{"kind": "deadline", "priority": "S2", "region": "", "at": AT, "tz": zone}
                for zone in ["Europe/London", "Asia/Tokyo", "tokyo", "Etc/GMT+5", "Mars/Base"]]
    done = page.evaluate(ASK_ALL, {"worker": site_url + _worker(site), "requests": requests})
    assert [answer.get("tz") for answer in done["answers"]] == [
        "Europe/London", "Asia/Tokyo", "Asia/Tokyo", "Etc/GMT+5", None]
    named = sorted({name.partition("/")[2] for name in fetched})
    if done["way"] == "started Python":
        # The policy's own zones come with the start; the others only as asked for.
        assert set(named) - {"Asia/Tokyo", "Etc/GMT~5"} == set(_manifest(site)["policy_zones"])
    else:
        assert named == ["Asia/Tokyo", "Etc/GMT~5"]
