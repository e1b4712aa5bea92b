"""What a reader gets from the calculators, on three links: the deadline widget against a plain
page that loads the same Pyodide on the main thread and computes the same answer, side by side
in one run. Prints JSON; asserts nothing (timings are noisy here).

    .venv/bin/python benchmarks/browser_startup.py [--site site] [--runs 3]
        [--profiles loopback,20mbps,5mbps_cpu4] [--baseline FILE] [--only first-answer]

The site is served by tests.browser.serve, the server every browser test uses, so it gets that
server's host behaviour (headers, compression, revalidation). Profiles: loopback; 20 Mbit/s each
way with 20 ms latency; 5 Mbit/s with 40 ms and the renderer slowed 4x (see CpuSlowdown for why
not CDP's CPU throttling). For each, in headless Debian Chromium, medians of --runs:
- the first answer after navigation, cold (a fresh browser profile) and warm (a reload);
- bytes on the wire, cold and warm: headers and encoded body of every request the page and its
  workers made (CDP encodedDataLength), cache hits counting nothing;
- the first visible progress on the widget page (its progress bar shown, then moving);
- main-thread long tasks (over 50 ms), and in one traced cold load which scripts ran in them;
- recalculation: an input change until the new answer is shown;
- a visit to another calculator page after the first: its bytes and its first answer;
- what a page without a calculator fetches from assets/calculators/ (the target is nothing);
- each figure the issue sets a target for, with the target beside it.

And, under "first_answer" (issue 18's answers at first paint; --only first-answer runs just this
and the plain page's first answers), cold and warm, with the target beside each figure:
- Service levels opened as a reader arrives (no query): the first answer, which source gave it
  (data-answer-source: the build's schedule or Python), the bytes moved before it, and the
  longest main-thread task until then;
- Responsibilities, a page without a calculator: its load event and the bytes until then, and
  the first answer over that load time, the bytes before it less those;
- the first answer over the plain page's (the figure above, or measured for --only);
- on the slow profile, the home page left untouched: whether open-now answers with no click,
  and the runtime files it asks for in its first 10 s (the schedules are not runtime).
"""

from __future__ import annotations

import argparse
import collections
import functools
import itertools
import json
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_ARGS, CHROMIUM_PATH, serve  # noqa: E402

QUERY = "?priority=S2&at=2026-11-27T17:30:00Z&region=usa&tz=UTC"
WIDGET_PAGE = "service-levels/" + QUERY
PLAIN_PAGE = "bench-plain/index.html" + QUERY
ANOTHER_CALCULATOR_PAGE = "escalation/?tier=tier1&at=2026-11-27T17:30:00Z&tz=UTC"
# No calculator, no on-demand panel, no call-report builder: it should fetch no runtime file.
PAGE_WITHOUT_CALCULATOR = "responsibilities/"
RUNTIME_PATH = "/assets/calculators/"
ANSWER_TIMEOUT_MS = 240_000

# The baseline: what a page does without the worker and the snapshot. Pyodide boots on the main
# thread, unpacks the same wheels, and computes the same answer with the same Python. The script
# is a file, not inline, so a site-wide CSP that allows the site's own scripts lets it run; it
# finds Pyodide through the manifest, so a hashed runtime folder is found too.
PLAIN_HTML = """<!doctype html>
<meta charset="utf-8"><title>plain Pyodide page</title>
<output id="answer"></output>
<script type="module" src="plain.mjs"></script>
"""
PLAIN_MJS = """
try {
  const base = new URL("../assets/calculators/", location.href);
  const manifest = await (await fetch(new URL("manifest.json", base))).json();
  const indexURL = new URL(manifest.pyodide, base).href;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  // Pyodide's whole standard library and the tzdata wheel, as a page without the runtime's
  // trimming would load them (the benchmark copies both beside this file).
  const pyodide = await loadPyodide({
    indexURL, stdLibURL: new URL("python_stdlib.zip", location.href).href });
  const wheels = [...manifest.wheels.map((wheel) => new URL(wheel, base)),
                  new URL("tzdata.whl", location.href)];
  for (const wheel of wheels) {
    const bytes = await (await fetch(wheel)).arrayBuffer();
    pyodide.unpackArchive(new Uint8Array(bytes), "wheel");
  }
  const policy = await (await fetch(new URL("policy.json", base))).text();
  const Answerer = pyodide.runPython("from calculators.browser import Answerer\\nAnswerer");
  const params = new URLSearchParams(location.search);
  const answer = JSON.parse(Answerer(policy).answer(JSON.stringify({
    kind: "deadline", priority: params.get("priority"), region: params.get("region"),
    at: params.get("at"), tz: params.get("tz") })));
  document.getElementById("answer").textContent = answer.initial_response.due;
  document.body.dataset.state = "answered";
} catch (error) {
  document.getElementById("answer").textContent = String(error);
  document.body.dataset.state = "failed";
}
"""

# Marks taken in the page as things happen (a poll from Python would add its own delay, more so
# under CPU throttling): the first answer, the progress bar first shown and first moving, and
# every main-thread long task.
MARKS_INIT = """
window.__bench = { longTasks: [] };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__bench.longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
new MutationObserver(() => {
  const marks = window.__bench;
  const box = document.querySelector(".calc-progress");
  if (box && !box.hidden) {
    marks.progress ??= performance.now();
    if (box.querySelector("progress").value > 0) marks.progressMoving ??= performance.now();
  }
  if (!marks.answered && document.querySelector("form.calc[data-state=answered], " +
                                                 "body[data-state=answered]")) {
    marks.answered = performance.now();
  }
  const failed = document.querySelector("form.calc[data-state=failed], body[data-state=failed]");
  if (failed && !marks.failed) marks.failed = failed.textContent.trim().slice(0, 300);
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
"""


# "Answers at first paint" (issue 18): widgets.js shows the answer for now from a schedule the
# build compiled, before the runtime starts. The pages are opened with no query, as a reader
# arrives: a question in the URL (the widget page above) is not the pages' default question,
# which is all a schedule answers.
FIRST_ANSWER_PAGE = "service-levels/"
HOME_PAGE = ""
FIRST_ANSWER_TIMEOUT_S = 120  # then the run's figure is null, not a crash
LOAD_TIMEOUT_S = 60
HOME_ANSWER_WITHIN_S = 20  # the open-now panel answers with no click within this, or it does not
HOME_WINDOW_S = 10  # runtime requests the home page starts in its first seconds, untouched
HOME_PROFILES = ("5mbps_cpu4",)  # the home page is measured on these profiles only
# The runtime's files (the worker, Python, its library, wheels, zones, snapshot, the data it
# reads), as opposed to the widgets' own script and style and the schedules (schedule-*.json),
# which a page may fetch before its first answer.
RUNTIME_FILE = re.compile(r"/assets/calculators/(pyodide\.[^/]+/|snapshot[^/]*\.bin\.gz|wheels/"
                          r"|stdlib[^/]*\.zip|worker[^/]*\.mjs|zones\.[^/]+/|manifest[^/]*\.json"
                          r"|policy[^/]*\.json)")

# Marks for the first-answer section: when each widget root ([data-widget]) first says
# data-state="answered", with its data-answer-source at that moment, and every main-thread long
# task with its start, so that the tasks before the answer can be told from those after. Its
# own script (not MARKS_INIT) so that these pages run no other observer. The observer watches
# added nodes too: a root already answered in the markup counts when it is parsed.
FIRST_ANSWER_INIT = """
window.__first = { answered: {}, failed: {}, longTasks: [] };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__first.longTasks.push([entry.startTime, entry.duration]);
  }
}).observe({ type: "longtask", buffered: true });
new MutationObserver(() => {
  const marks = window.__first;
  for (const root of document.querySelectorAll("[data-widget][data-state]")) {
    const name = root.dataset.widget;
    if (root.dataset.state === "answered" && !marks.answered[name]) {
      marks.answered[name] = { ms: performance.now(),
                               source: root.dataset.answerSource ?? null };
    } else if (root.dataset.state === "failed" && !marks.failed[name]) {
      marks.failed[name] = root.textContent.trim().slice(0, 300);
    }
  }
}).observe(document, { subtree: true, childList: true, attributes: true,
                       attributeFilter: ["data-state", "data-answer-source"] });
"""


@dataclass(frozen=True)
class Link:
    mbps: float | None  # each way; None: loopback, unthrottled
    latency_ms: int
    cpu_slowdown: int  # 1: the machine's own speed

    def describe(self) -> dict:
        return {"mbps": self.mbps, "latency_ms": self.latency_ms,
                "cpu_slowdown": self.cpu_slowdown}


PROFILES = {
    "loopback": Link(None, 0, 1),
    "20mbps": Link(20, 20, 1),
    "5mbps_cpu4": Link(5, 40, 4),  # a mid-range phone on a middling mobile link
}

# The targets, as ratios of the widget page to the plain page in the same run, and in
# bytes; None: the figure is reported, with no target. Every profile also has the issue's
# targets of at most 150 KB for a visit to another calculator page, no runtime byte for a page
# without a calculator, no main-thread task over 50 ms caused by the widget, and recalculation
# in at most 20 ms.
KB = 1000
TARGETS = {
    "loopback": {"cold_ratio_max": 0.30, "warm_ratio_max": 0.25, "cold_bytes_max": None,
                 "warm_bytes_max": 150 * KB},
    "20mbps": {"cold_ratio_max": 0.70, "warm_ratio_max": 0.25, "cold_bytes_max": 9_000 * KB,
               "warm_bytes_max": 150 * KB},
    "5mbps_cpu4": {"cold_ratio_max": 0.85, "warm_ratio_max": 0.30, "cold_bytes_max": 9_000 * KB,
                   "warm_bytes_max": 150 * KB, "progress_s_max": 1.0},
}
# The widget's scripts on the main thread, hashed names too (widgets.1a2b3c4d.js).
WIDGET_SCRIPT = re.compile(r"^(widgets|report)(\.[0-9a-f]{8,64})?\.js$")


class CpuSlowdown:
    """Slow this benchmark's Chromium renderers ``rate`` times by letting each run for 1/rate of
    every 20 ms and stopping it (SIGSTOP/SIGCONT) for the rest.

    Why not CDP: measured in Chromium 156, ``Emulation.setCPUThrottlingRate`` slows only a
    page's main thread (Blink's ThreadCPUThrottler suspends that one thread): a busy loop in a
    dedicated worker ran as fast as without it. Sent to the worker's own target (reached with
    Target.setAutoAttach) it is refused: "Operation is only supported for pages, not workers".
    The calculators' Python runs in that worker, so a CDP-only slowdown would flatter the
    widget against the plain page, whose Python runs on the main thread. Stopping the whole
    renderer slows every thread of it alike, as a slower phone would (measured with a busy loop
    at rate 4: the main thread 3-3.3x slower, the worker about 5x; a new renderer runs at full
    speed for its first 100 ms, until it is found). Only renderers started
    by this process (children of its Playwright driver) are touched; the network service is
    another process and keeps the emulated link's pace."""

    PERIOD_S = 0.02

    def __init__(self, rate: int):
        self.rate = rate
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._stopped: set[int] = set()

    def __enter__(self):
        if self.rate > 1:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self._signal(self._stopped, signal.SIGCONT)

    @staticmethod
    def _renderers() -> set[int]:
        children: dict[int, list[int]] = collections.defaultdict(list)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry.name))
        found, todo = set(), [os.getpid()]
        while todo:
            for child in children.get(todo.pop(), []):
                todo.append(child)
                try:
                    if b"--type=renderer" in Path(f"/proc/{child}/cmdline").read_bytes():
                        found.add(child)
                except OSError:
                    pass
        return found

    @staticmethod
    def _signal(pids, sig) -> None:
        for pid in list(pids):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def _run(self) -> None:
        running = self.PERIOD_S / self.rate
        for tick in itertools.count():
            if self._stop.is_set():
                return
            if tick % 5 == 0:  # renderers come and go with each browser context
                pids = self._renderers()
            time.sleep(running)
            self._stopped = set(pids)
            self._signal(pids, signal.SIGSTOP)
            time.sleep(self.PERIOD_S - running)
            self._signal(pids, signal.SIGCONT)
            self._stopped = set()


class Transfer(NamedTuple):
    url: str
    size: int  # encoded bytes and headers; 0 from the cache
    requested_s: float | None  # CDP timestamps, seconds
    finished_s: float | None


class Wire:
    """One page's link and the bytes it and its workers moved.

    Network.emulateNetworkConditions on the page's target also paces its dedicated worker's
    fetches (measured: 2.5 MB fetched in a worker took 4.1 s at 5 Mbit/s; the worker's own
    target refuses the command, "Not supported"). But the page's Network domain does not see
    the worker's requests, so each worker is attached (Target.setAutoAttach, held at its start
    until its Network domain is on) and its requests are counted from its own session.

    A worker's own script is fetched before the worker can be attached. Chromium 156 reports
    that request (its id is the worker target's id) with only the headers' bytes in
    encodedDataLength (0 from the cache), and on a fast link it often reports nothing: it
    finished before the worker's Network domain was on. So a worker's script counts what the
    server sends for Chromium's Accept-Encoding (asked here again, headers and encoded body)
    when it moved bytes, or, unreported, when this browser had not fetched it before (a fresh
    profile has it from nowhere else); otherwise it came from the cache. A 304 would be
    overcounted by its body: no reload here revalidates a worker script (the server's
    Last-Modified heuristic, or _headers' max-age, keeps it fresh for minutes)."""

    def __init__(self, context, page, link: Link):
        self._session = context.new_cdp_session(page)
        self._ids = itertools.count(1)
        self._urls: dict[tuple, str] = {}
        self._cached: set[tuple] = set()
        self._workers: list[tuple[tuple, str]] = []  # ((session, script request), URL)
        self._worker_scripts: dict[tuple, int] = {}  # what CDP reported for a worker's script
        self._fetched_before: set[str] = set()
        self.pending: set[tuple] = set()  # requested, not yet finished or failed
        self._worker_urls: set[str] = set()
        self.finished: list[tuple[str, int]] = []  # (url, encoded bytes), in order
        # The same requests with when they happened (CDP timestamps, one monotonic clock for the
        # page and its workers), for figures cut at a moment of the page ("before the answer").
        self.log: list[Transfer] = []
        self.documents: list[float] = []  # when each page's own request was sent
        self._requested_at: dict[tuple, float] = {}
        self._last_asked: dict[str, float] = {}  # by URL: a worker's script is known by it
        self._worker_requested_at: dict[tuple, float | None] = {}
        session = self._session
        session.on("Network.requestWillBeSent", lambda event: self._network("page", {
            "method": "Network.requestWillBeSent", "params": event}))
        session.on("Network.requestServedFromCache", lambda event: self._network("page", {
            "method": "Network.requestServedFromCache", "params": event}))
        session.on("Network.loadingFinished", lambda event: self._network("page", {
            "method": "Network.loadingFinished", "params": event}))
        session.on("Network.loadingFailed", lambda event: self._network("page", {
            "method": "Network.loadingFailed", "params": event}))
        session.on("Target.attachedToTarget", self._attached)
        session.on("Target.receivedMessageFromTarget", lambda event: self._network(
            event["sessionId"], json.loads(event["message"])))
        session.send("Network.enable")
        if link.mbps:
            rate = link.mbps * 1_000_000 / 8
            session.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": link.latency_ms,
                "downloadThroughput": rate, "uploadThroughput": rate})
        session.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                              "flatten": False})

    def _to_worker(self, session_id: str, method: str) -> None:
        self._session.send("Target.sendMessageToTarget", {"sessionId": session_id, "message":
                           json.dumps({"id": next(self._ids), "method": method})})

    def _attached(self, event) -> None:
        session_id = event["sessionId"]
        target = event["targetInfo"]
        self._workers.append(((session_id, target["targetId"]), target["url"]))
        # The page's session saw this script requested and never sees it finish.
        self._worker_urls.add(target["url"])
        self._worker_requested_at[(session_id, target["targetId"])] = self._last_asked.get(
            target["url"])
        self.pending -= {key for key in self.pending if self._urls[key] == target["url"]}
        self._to_worker(session_id, "Network.enable")
        self._to_worker(session_id, "Runtime.runIfWaitingForDebugger")

    def _network(self, source: str, message: dict) -> None:
        params = message.get("params", {})
        key = (source, params.get("requestId"))
        method = message.get("method")
        if method == "Network.requestWillBeSent":
            url, sent = params["request"]["url"], params["timestamp"]
            self._urls[key] = url
            self._requested_at[key] = self._last_asked[url] = sent
            if source == "page" and params.get("type") == "Document":
                self.documents.append(sent)
            if url not in self._worker_urls:
                self.pending.add(key)
        elif method == "Network.loadingFailed":
            self.pending.discard(key)
        elif method == "Network.requestServedFromCache":
            self._cached.add(key)
        elif method == "Network.loadingFinished":
            self.pending.discard(key)
            size = 0 if key in self._cached else int(params["encodedDataLength"])
            if any(key == script for script, _ in self._workers):
                self._worker_scripts[key] = size
            else:
                self.finished.append((self._urls.get(key, "?"), size))
                self.log.append(Transfer(self._urls.get(key, "?"), size,
                                         self._requested_at.get(key), params["timestamp"]))

    def take(self) -> list[tuple[str, int]]:
        """The requests finished since the last take, the scripts of workers started since
        then included."""
        taken, self.finished = self.finished, []
        for script, url in self._workers:
            reported = self._worker_scripts.get(script)
            fetched = reported if reported is not None else url not in self._fetched_before
            taken.append((url, _wire_size(url) if fetched else 0))
            self._fetched_before.add(url)
            # When it finished is unknown (see above): it counts as done when it was asked for.
            asked = self._worker_requested_at.get(script)
            self.log.append(Transfer(url, taken[-1][1], asked, asked))
        self._workers, self._worker_scripts = [], {}
        return taken


@functools.cache
def _wire_size(url: str) -> int:
    """The bytes of a response to Chromium's request for ``url``: status line, headers, and the
    body as sent (urllib never decodes it)."""
    # What Chromium 156 sends, on http://127.0.0.1 too (measured).
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    with urllib.request.urlopen(request, timeout=30) as response:
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n\r\n")
        head += sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
        return head + len(response.read())


def _host(base: str) -> dict:
    """How the server answers Chromium for a page and for the largest runtime file: a result
    measured on a plain server is not comparable with one measured on a host-like one."""
    manifest = json.loads(urllib.request.urlopen(base + "assets/calculators/manifest.json",
                                                 timeout=30).read())
    sizes = manifest.get("sizes") or manifest.get("download") or {}
    largest = max(sizes, key=sizes.get)
    seen = {}
    for name, path in (("page", WIDGET_PAGE.split("?")[0]),
                       (largest, "assets/calculators/" + largest)):
        request = urllib.request.Request(base + path, headers={
            "Accept-Encoding": "gzip, deflate, br, zstd"})
        with urllib.request.urlopen(request, timeout=30) as response:
            seen[name] = {header: response.headers.get(header) for header in (
                "Content-Type", "Content-Encoding", "Cache-Control", "ETag", "Last-Modified")}
            seen[name]["bytes"] = len(response.read())  # read all: a reply cut short logs an error
    return seen


def _wait_for_answer(page, url: str) -> dict:
    """Open ``url`` (or reload when it is open) and wait for its first answer; the page's marks,
    in seconds since navigation started."""
    if page.url == url:
        page.reload(wait_until="commit")  # a reload: the page revalidated, the rest as cached
    else:
        page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__bench && (window.__bench.answered || "
                           "window.__bench.failed)", timeout=ANSWER_TIMEOUT_MS, polling=250)
    marks = page.evaluate("window.__bench")
    if marks.get("failed"):
        raise SystemExit(f"{url} failed instead of answering: {marks['failed']}")

    def seconds(name):
        return round(marks[name] / 1000, 3) if marks.get(name) is not None else None

    return {"seconds": seconds("answered"), "progress_s": seconds("progress"),
            "progress_moving_s": seconds("progressMoving"),
            "long_tasks_ms": [round(task) for task in marks["longTasks"]]}


def _until_quiet(page, wire: Wire, quiet_s: float = 0.5, at_most_s: float = 20) -> None:
    """Wait until no request has been pending for ``quiet_s``: what a page still fetches after
    its answer (the search index, a late icon) belongs to that visit, not to the next."""
    give_up = time.monotonic() + at_most_s
    quiet_since = None
    while time.monotonic() < give_up:
        page.wait_for_timeout(100)
        if wire.pending:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_s:
            return


def _visit(page, wire: Wire, url: str) -> dict:
    wire.take()
    result = _wait_for_answer(page, url)
    _until_quiet(page, wire)
    requests = wire.take()
    result["bytes"] = sum(size for _, size in requests)
    largest = collections.Counter()
    for address, size in requests:
        largest[_short_name(address)] += size
    result["largest"] = dict(largest.most_common(6))
    return result


def _recalculation(page) -> float:
    """Milliseconds from changing the priority until the new answer is in the status region."""
    return page.evaluate("""() => new Promise((resolve) => {
      const form = document.querySelector("form[data-widget=deadline]");
      const status = form.querySelector("[role=status]");
      const select = form.elements.priority;
      const observer = new MutationObserver(() => {
        if (form.dataset.state === "answered" && status.querySelector("time")) {
          observer.disconnect();
          resolve(performance.now() - start);
        }
      });
      observer.observe(status, { childList: true, subtree: true });
      select.value = select.value === "S1" ? "S3" : "S1";
      form.dataset.state = "pending";
      const start = performance.now();
      select.dispatchEvent(new Event("input", { bubbles: true }));
    })""")


def _long_task_sources(browser, url: str, link: Link) -> list[dict]:
    """Each main-thread task over 50 ms during a cold load, with the scripts that ran in it:
    which long tasks the widget causes, and which the theme would cause anyway."""
    context = browser.new_context()
    context.add_init_script(MARKS_INIT)
    page = context.new_page()
    Wire(context, page, link)
    browser.start_tracing(page=page, categories=["devtools.timeline",
                                                 "disabled-by-default-devtools.timeline"])
    _wait_for_answer(page, url)
    page.wait_for_timeout(500)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    context.close()
    threads = {(e["pid"], e["tid"]) for e in events
               if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    on_main = [e for e in events if (e["pid"], e["tid"]) in threads and e.get("ph") == "X"]
    tasks = []
    for task in (e for e in on_main if e["name"] == "RunTask" and e.get("dur", 0) > 50_000):
        scripts: collections.Counter = collections.Counter()
        for event in on_main:
            inside = task["ts"] <= event["ts"] < task["ts"] + task["dur"]
            source = event.get("args", {}).get("data", {}).get("url")
            if inside and source and event["name"] in ("EvaluateScript", "FunctionCall"):
                scripts[source.rsplit("/", 1)[-1].split("?")[0]] += event["dur"] // 1000
        tasks.append({"ms": task["dur"] // 1000, "script_ms": dict(scripts)})
    return tasks


def _runtime_bytes_without_calculator(browser, url: str, link: Link) -> dict:
    context = browser.new_context()
    page = context.new_page()
    wire = Wire(context, page, link)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1500)  # anything started late, by a script after load
    _until_quiet(page, wire)
    runtime = [(name, size) for name, size in wire.take() if RUNTIME_PATH in name]
    context.close()
    return {"runtime_requests": len(runtime), "runtime_bytes": sum(size for _, size in runtime)}


def _short_name(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit("/", 1)[-1] or path.rstrip("/").rsplit("/", 1)[-1] + "/"


@contextmanager
def _reader(playwright, init_script: str = MARKS_INIT):
    """A browser with a fresh profile of its own on disk, as a first-time reader's, running
    ``init_script`` in every page before the page's own scripts.

    Not an incognito context: its HTTP cache lives in memory and keeps no file of more than a
    few megabytes (measured: a reload fetched pyodide.asm.wasm and the snapshot again, 16.5 MB,
    while the 2.5 MB stdlib came from the cache), which a reader's disk cache does keep."""
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            context.add_init_script(init_script)
            yield context, context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def _measure_profile(playwright, browser, base: str, link: Link, runs: int) -> dict:
    rows: dict[str, dict[str, list]] = {"widget": collections.defaultdict(list),
                                        "plain": collections.defaultdict(list),
                                        "another_calculator_page": collections.defaultdict(list)}
    largest = {}
    for _ in range(runs):
        for name, url in (("widget", base + WIDGET_PAGE), ("plain", base + PLAIN_PAGE)):
            with _reader(playwright) as (context, page):
                wire = Wire(context, page, link)
                row = rows[name]
                for state in ("cold", "warm"):
                    visit = _visit(page, wire, url)
                    row[f"{state}_s"].append(visit["seconds"])
                    row[f"{state}_bytes"].append(visit["bytes"])
                    row[f"{state}_long_tasks_ms"].append(visit["long_tasks_ms"])
                    if name == "widget":
                        row[f"{state}_progress_s"].append(visit["progress_s"])
                        row[f"{state}_progress_moving_s"].append(visit["progress_moving_s"])
                    largest.setdefault(name, {})[state] = visit["largest"]
                if name == "widget":
                    row["recalculation_ms"].append(round(_recalculation(page), 1))
                    other = _visit(page, wire, base + ANOTHER_CALCULATOR_PAGE)
                    rows["another_calculator_page"]["s"].append(other["seconds"])
                    rows["another_calculator_page"]["bytes"].append(other["bytes"])
    summary = {name: {key: (values if key.endswith("long_tasks_ms") else _median(values))
                      for key, values in row.items()} for name, row in rows.items()}
    for name in ("widget", "plain"):
        for state in ("cold", "warm"):  # how far apart the runs were
            summary[name][f"{state}_s_each_run"] = rows[name][f"{state}_s"]
        summary[name]["cold_longest_task_ms"] = _median(
            [max(tasks, default=0) for tasks in rows[name]["cold_long_tasks_ms"]])
        summary[name]["largest_transfers_last_run"] = largest[name]
    sources = _long_task_sources(browser, base + WIDGET_PAGE, link)
    summary["widget"]["long_task_sources"] = sources
    summary["widget"]["widget_long_tasks"] = _widget_long_tasks(sources)
    summary["page_without_calculator"] = {"page": PAGE_WITHOUT_CALCULATOR,
                                          **_runtime_bytes_without_calculator(
                                              browser, base + PAGE_WITHOUT_CALCULATOR, link)}
    widget, plain = summary["widget"], summary["plain"]
    summary["ratios"] = {
        "cold_widget_over_plain": round(widget["cold_s"] / plain["cold_s"], 2),
        "warm_widget_over_plain": round(widget["warm_s"] / plain["warm_s"], 2),
        "cold_bytes_widget_over_plain": round(widget["cold_bytes"] / plain["cold_bytes"], 2),
    }
    return summary


def _widget_long_tasks(sources: list[dict]) -> list[dict]:
    """The traced long tasks in which the widget's own script ran longest of all scripts."""
    caused = []
    for task in sources:
        scripts = task["script_ms"]
        mine = sum(ms for name, ms in scripts.items() if WIDGET_SCRIPT.match(name))
        if mine and mine >= max(scripts.values()):
            caused.append(task)
    return caused


def _against_targets(name: str, summary: dict) -> dict:
    """Each figure the issue sets a target for, with the target beside it; None where the issue
    asks only for the figure."""
    targets = TARGETS[name]
    widget = summary["widget"]
    measured = {
        "cold_ratio": (summary["ratios"]["cold_widget_over_plain"], targets["cold_ratio_max"]),
        "warm_ratio": (summary["ratios"]["warm_widget_over_plain"], targets["warm_ratio_max"]),
        "cold_bytes": (widget["cold_bytes"], targets["cold_bytes_max"]),
        "warm_bytes": (widget["warm_bytes"], targets["warm_bytes_max"]),
        "cold_progress_s": (widget["cold_progress_s"], targets.get("progress_s_max")),
        "another_calculator_page_bytes": (summary["another_calculator_page"]["bytes"],
                                          150 * KB),
        "page_without_calculator_runtime_bytes": (
            summary["page_without_calculator"]["runtime_bytes"], 0),
        "widget_long_task_ms": (max((task["ms"] for task in widget["widget_long_tasks"]),
                                    default=0), 50),
        "recalculation_ms": (widget["recalculation_ms"], 20),
    }
    return {key: {"measured": value, "target_max": target,
                  "met": None if target is None or value is None else value <= target}
            for key, (value, target) in measured.items()}


# ------------------------------------------------------------------ the first answer (issue 18)
# Each page in a fresh profile (cold), then reloaded (warm), with FIRST_ANSWER_INIT's marks. A
# figure the page never reached (a timeout, a failure) is null for that run; medians skip it.

def _navigate(page, url: str) -> bool:
    """Open ``url``, or reload it when it is open (the page revalidated, the rest as cached);
    False when the browser gave up."""
    try:
        if page.url == url:
            page.reload(wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
        else:
            page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
        return True
    except PlaywrightError:
        return False


def _came_true(page, expression: str, timeout_s: float) -> bool:
    """Whether ``expression`` came true in the page within ``timeout_s``: a timeout is a
    result here, not an error."""
    try:
        page.wait_for_function(expression, timeout=timeout_s * 1000, polling=100)
        return True
    except PlaywrightError:
        return False


def _evaluate(page, expression: str):
    """``expression`` in the page, or None when the page is gone (crashed, navigating)."""
    try:
        return page.evaluate(expression)
    except PlaywrightError:
        return None


def _settle(page, wire: Wire, documents_before: int) -> float | None:
    """Let the visit finish what it started (so that a reload finds it cached, and its bytes
    are all reported), and return when its page was asked for, in CDP seconds.

    That request is sent a few milliseconds after navigation starts, the page's time 0: a
    moment of the page placed on CDP's clock from it is that much late, which counts a request
    finishing just after the moment as before it; the byte figures err high, not low."""
    _until_quiet(page, wire, quiet_s=1.0, at_most_s=60)
    wire.take()  # the scripts of the workers it started, into wire.log
    return wire.documents[documents_before] if len(wire.documents) > documents_before else None


def _bytes_by(wire: Wire, since: float | None, page_ms: float | None) -> list[Transfer] | None:
    """The transfers of the page asked for at ``since`` that were done ``page_ms`` into it."""
    if since is None or page_ms is None:
        return None
    until = since + page_ms / 1000
    return [transfer for transfer in wire.log if transfer.requested_s is not None
            and since <= transfer.requested_s and transfer.finished_s <= until]


def _first_answer_visit(page, wire: Wire, url: str) -> dict:
    """Service levels: when the deadline widget first answered, from what, the bytes moved
    before, and the longest main-thread task until then."""
    documents = len(wire.documents)
    opened = _navigate(page, url)
    if opened:
        _came_true(page, "() => window.__first && (window.__first.answered.deadline || "
                         "window.__first.failed.deadline)", FIRST_ANSWER_TIMEOUT_S)
    marks = (_evaluate(page, "window.__first") if opened else None) or {}
    since = _settle(page, wire, documents)
    answer = marks.get("answered", {}).get("deadline") or {}
    ms = answer.get("ms")
    moved = _bytes_by(wire, since, ms)
    # The long-task API reports only tasks over 50 ms: 0 here means there was none.
    before = [duration for start, duration in marks.get("longTasks", []) if ms and start < ms]
    failed = marks.get("failed", {}).get("deadline")
    if not opened or ms is None and not failed:
        failed = (f"no answer within {FIRST_ANSWER_TIMEOUT_S} s" if opened
                  else "the page did not open")
    return {"s": None if ms is None else round(ms / 1000, 3), "source": answer.get("source"),
            "bytes": None if moved is None else sum(transfer.size for transfer in moved),
            "longest_task_ms": None if ms is None else round(max(before, default=0)),
            "failed": failed}


def _load_visit(page, wire: Wire, url: str) -> dict:
    """A page without a calculator: its load event, and the bytes moved until then."""
    documents = len(wire.documents)
    load = "performance.getEntriesByType('navigation')[0]?.loadEventStart"
    loaded = _navigate(page, url) and _came_true(page, f"() => {load} > 0", LOAD_TIMEOUT_S)
    ms = _evaluate(page, load) if loaded else None
    moved = _bytes_by(wire, _settle(page, wire, documents), ms)
    return {"s": None if ms is None else round(ms / 1000, 3),
            "bytes": None if moved is None else sum(transfer.size for transfer in moved)}


def _home_visit(page, wire: Wire, url: str) -> dict:
    """The home page, never touched: whether open-now answered within HOME_ANSWER_WITHIN_S,
    and the runtime files it asked for in its first HOME_WINDOW_S: their count takes in cache
    hits (a runtime started from the cache is still started), their bytes once done do not."""
    documents = len(wire.documents)
    opened = _navigate(page, url)
    if opened:
        _came_true(page, "() => window.__first && window.__first.answered.open_now",
                   HOME_ANSWER_WITHIN_S)
        waited = (_evaluate(page, "performance.now()") or 0) / 1000
        if waited < HOME_WINDOW_S:  # the window runs from navigation, however the wait ended
            page.wait_for_timeout((HOME_WINDOW_S - waited) * 1000)
    marks = (_evaluate(page, "window.__first") if opened else None) or {}
    since = _settle(page, wire, documents)
    answer = marks.get("answered", {}).get("open_now") or {}
    ms = answer.get("ms")
    runtime = None
    if since is not None:
        runtime = [transfer for transfer in wire.log if transfer.requested_s is not None
                   and since <= transfer.requested_s <= since + HOME_WINDOW_S
                   and RUNTIME_FILE.search(urlsplit(transfer.url).path)]
    return {"answered": ms is not None and ms <= HOME_ANSWER_WITHIN_S * 1000,
            "s": None if ms is None else round(ms / 1000, 3), "source": answer.get("source"),
            "runtime_requests": None if runtime is None else len(runtime),
            "runtime_bytes": None if runtime is None else sum(t.size for t in runtime),
            "runtime_files": None if runtime is None else sorted(
                {_short_name(transfer.url) for transfer in runtime})}


def _cold_and_warm(playwright, link: Link, url: str, visit, row: dict) -> None:
    """``visit`` in a fresh profile, then on a reload: each of its figures appended to
    ``row`` as cold_<figure> and warm_<figure>."""
    with _reader(playwright, FIRST_ANSWER_INIT) as (context, page):
        wire = Wire(context, page, link)
        for state in ("cold", "warm"):
            for key, value in visit(page, wire, url).items():
                row[f"{state}_{key}"].append(value)


# Figures kept run by run: what the page said, not a quantity to take the median of.
PER_RUN = ("source", "failed", "answered", "runtime_files")


def _summarize(row: dict) -> dict:
    summary = {}
    for key, values in row.items():
        if key.endswith(PER_RUN):
            summary[key + "_each_run"] = values
            continue
        summary[key] = _median(values)
        if key.endswith("_s"):  # how far apart the runs were
            summary[key + "_each_run"] = values
    return summary


def _plain_first_answers(playwright, base: str, link: Link, runs: int) -> dict:
    """The plain Pyodide page's first answers, cold and warm, as _measure_profile measures
    them: for the ratio when that section is not run. Null where the browser gave up."""
    row = collections.defaultdict(list)
    for _ in range(runs):
        with _reader(playwright) as (context, page):
            wire = Wire(context, page, link)
            for state in ("cold", "warm"):
                try:
                    row[f"{state}_s"].append(_visit(page, wire, base + PLAIN_PAGE)["seconds"])
                except PlaywrightError:
                    row[f"{state}_s"].append(None)
    return _summarize(row)


def _measure_first_answer(playwright, base: str, name: str, runs: int, plain: dict) -> dict:
    """The first answer on Service levels against the load of a page without a calculator
    and against the plain Pyodide page, and, on HOME_PROFILES, the untouched home page."""
    link = PROFILES[name]
    rows = {"service_levels": collections.defaultdict(list),
            "responsibilities": collections.defaultdict(list)}
    pages = [("service_levels", FIRST_ANSWER_PAGE, _first_answer_visit),
             ("responsibilities", PAGE_WITHOUT_CALCULATOR, _load_visit)]
    if name in HOME_PROFILES:
        rows["home"] = collections.defaultdict(list)
        pages.append(("home", HOME_PAGE, _home_visit))
    for _ in range(runs):  # the pages take turns, so a slow spell of the machine hits all
        for key, path, visit in pages:
            _cold_and_warm(playwright, link, base + path, visit, rows[key])
    summary = {key: {"page": path or "/", **_summarize(rows[key])} for key, path, _ in pages}
    summary["plain"] = {"page": PLAIN_PAGE, "cold_s": plain.get("cold_s"),
                        "warm_s": plain.get("warm_s")}
    summary["against_targets"] = _first_answer_targets(name, summary)
    return summary


def _ratio(numerator, denominator):
    return None if numerator is None or not denominator else round(numerator / denominator, 2)


def _first_answer_targets(name: str, summary: dict) -> dict:
    """Issue 18's figures with their targets; the bytes are the page's before its answer less
    a page's without a calculator up to its load event, what the answer costs in bytes."""
    answer, load, plain = (summary[key] for key in ("service_levels", "responsibilities",
                                                    "plain"))
    measured = {}
    for state in ("cold", "warm"):
        answer_bytes, load_bytes = answer[f"{state}_bytes"], load[f"{state}_bytes"]
        measured.update({
            f"{state}_first_answer_over_load": (
                _ratio(answer[f"{state}_s"], load[f"{state}_s"]), 1.25),
            f"{state}_first_answer_over_plain": (
                _ratio(answer[f"{state}_s"], plain[f"{state}_s"]),
                0.15 if name == "loopback" else None),
            f"{state}_bytes_before_answer_over_page_load": (
                None if answer_bytes is None or load_bytes is None
                else answer_bytes - load_bytes, 150 * KB),
            f"{state}_longest_task_before_answer_ms": (answer[f"{state}_longest_task_ms"], 50),
        })
        if "home" in summary:
            measured[f"{state}_home_runtime_requests"] = (
                summary["home"][f"{state}_runtime_requests"], 0)
            measured[f"{state}_home_runtime_bytes"] = (
                summary["home"][f"{state}_runtime_bytes"], 0)
    targets = {key: {"measured": value, "target_max": target,
                     "met": None if target is None or value is None else value <= target}
               for key, (value, target) in measured.items()}
    if "home" in summary:
        for state in ("cold", "warm"):
            every = summary["home"][f"{state}_answered_each_run"]
            targets[f"{state}_home_open_now_answered_without_click"] = {
                "measured": all(every), "target": True, "met": all(every)}
    return targets


def _median(values: list):
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def measure(site: Path, runs: int, profiles: list[str], only: str | None = None) -> dict:
    """Every section on each profile, or with ``only="first-answer"`` that one alone."""
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        served = Path(tmp) / "site"
        shutil.copytree(site, served)
        (served / "bench-plain").mkdir()
        (served / "bench-plain" / "index.html").write_text(PLAIN_HTML, encoding="utf-8")
        (served / "bench-plain" / "plain.mjs").write_text(PLAIN_MJS, encoding="utf-8")
        shutil.copy(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip",
                    served / "bench-plain" / "python_stdlib.zip")
        shutil.copy(sorted((ROOT / "dist").glob("tzdata-*.whl"))[-1],
                    served / "bench-plain" / "tzdata.whl")
        results = {}
        with serve(served) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH,
                                                 args=CHROMIUM_ARGS)
            load_before = os.getloadavg()[0]
            host = _host(base)
            for name in profiles:
                link = PROFILES[name]
                started = time.monotonic()
                with CpuSlowdown(link.cpu_slowdown):
                    if only is None:
                        result = _measure_profile(playwright, browser, base, link, runs)
                        plain = result["plain"]  # its figure, not a second measurement
                    else:
                        result = {}
                        plain = _plain_first_answers(playwright, base, link, runs)
                    result["first_answer"] = _measure_first_answer(playwright, base, name,
                                                                   runs, plain)
                result["link"] = link.describe()
                if only is None:
                    result["against_targets"] = _against_targets(name, result)
                result["measured_in_s"] = round(time.monotonic() - started)
                results[name] = result
            version = browser.version
            browser.close()
    # The machine is shared: a busy one slows both pages, though not always alike.
    load = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count()}
    return {"profiles": results, "runs": runs, "only": only, "chromium": version,
            "served": host,
            "load_average_1min": load,
            "measured_at": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime())}


def _side_by_side(baseline: dict, current: dict) -> dict:
    """Each figure with a target, [baseline, current], for the profiles both results have (a
    baseline saved before the profiles existed has none, one saved before the first-answer
    section has none of its figures, and a run of one section has only that section's)."""
    before = baseline.get("profiles", {})
    return {name: {figure: [_with_targets(before[name]).get(figure, {}).get("measured"),
                            row["measured"]]
                   for figure, row in _with_targets(result).items()}
            for name, result in current["profiles"].items() if name in before}


def _with_targets(result: dict) -> dict:
    """A profile's figures with targets, the first-answer section's prefixed first_answer."""
    section = result.get("first_answer", {}).get("against_targets", {})
    return {**result.get("against_targets", {}),
            **{"first_answer." + figure: row for figure, row in section.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profiles", default=",".join(PROFILES),
                        help="a comma-separated choice of: " + ", ".join(PROFILES))
    parser.add_argument("--baseline", type=Path, help="a saved result to print beside this one")
    parser.add_argument("--only", choices=["first-answer"],
                        help="measure only this section (first-answer: the pages' first answers "
                             "against a page's load, and the plain page's for the ratio)")
    args = parser.parse_args()
    profiles = [name.strip() for name in args.profiles.split(",") if name.strip()]
    unknown = [name for name in profiles if name not in PROFILES]
    if unknown or not profiles:
        parser.error(f"unknown profile {', '.join(unknown) or '(none given)'}; "
                     f"choose from {', '.join(PROFILES)}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not (args.site / "assets" / "calculators" / "manifest.json").exists():
        print(f"{args.site} has no calculators runtime; run: make build", file=sys.stderr)
        return 2
    baseline = None
    if args.baseline:
        try:
            baseline = json.loads(args.baseline.read_text())
        except (OSError, ValueError) as error:
            print(f"cannot read the baseline {args.baseline}: {error}", file=sys.stderr)
            return 2
    try:
        current = measure(args.site, args.runs, profiles, args.only)
    except PlaywrightError as error:
        print(f"the browser failed: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1
    output = current
    if baseline is not None:
        output = {"side_by_side": _side_by_side(baseline, current), "baseline": baseline,
                  "current": current}
    print(json.dumps(output, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
