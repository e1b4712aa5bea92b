"""How fast the deadline widget answers, against a plain page that loads the same Pyodide on the
main thread and computes the same answer. Prints JSON; asserts nothing (timings are noisy here).

    .venv/bin/python benchmarks/browser_startup.py [--site site] [--runs 3] [--baseline FILE]

Measured in one run, side by side, in headless Debian Chromium on localhost:
- first answer after navigation, with a cold cache (a new browser context) and warm (a reload);
- recalculation: an input change until the answer is shown;
- bytes transferred on the cold load; main-thread long tasks (over 50 ms) during load.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_ARGS, CHROMIUM_PATH, serve  # noqa: E402

QUERY = "?priority=S2&at=2026-11-27T17:30:00Z&region=usa&tz=UTC"
WIDGET_PAGE = "service-levels/" + QUERY
PLAIN_PAGE = "bench-plain/index.html" + QUERY

# The baseline: what a page does without the worker and the snapshot. Pyodide boots on the main
# thread, unpacks the same two wheels, and computes the same answer with the same Python.
PLAIN_HTML = """<!doctype html>
<meta charset="utf-8"><title>plain Pyodide page</title>
<output id="answer"></output>
<script type="module">
const base = new URL("../assets/calculators/", location.href);
const manifest = await (await fetch(new URL("manifest.json", base))).json();
const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", base));
const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", base).href });
for (const wheel of manifest.wheels) {
  const bytes = await (await fetch(new URL(wheel, base))).arrayBuffer();
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
</script>
"""

LONG_TASKS_INIT = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
"""


def _first_answer(page, url: str, ready_selector: str) -> dict:
    transferred = []
    page.on("response", lambda response: transferred.append(response))
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready_selector, state="attached", timeout=120_000)
    seconds = page.evaluate("performance.now()") / 1000
    size = 0
    for response in transferred:
        try:
            size += response.request.sizes()["responseBodySize"]
        except Exception:  # a response still streaming has no size yet
            pass
    long_tasks = page.evaluate("window.__longTasks || []")
    return {"seconds": round(seconds, 3), "bytes": size,
            "long_tasks_ms": [round(task) for task in long_tasks]}


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


def _long_task_sources(browser, url: str, ready: str) -> list[dict]:
    """Each main-thread task over 50 ms during a cold load, with the scripts that ran in it:
    which long tasks the widget causes, and which the theme would cause anyway."""
    page = browser.new_page()
    browser.start_tracing(page=page, categories=["devtools.timeline",
                                                 "disabled-by-default-devtools.timeline"])
    page.goto(url)
    page.wait_for_selector(ready, state="attached", timeout=120_000)
    page.wait_for_timeout(500)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    page.close()
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


def _throttle(context, page, mbps: float | None) -> None:
    """Emulate a link of ``mbps`` megabits per second each way (and 20 ms latency)."""
    if not mbps:
        return
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    rate = mbps * 1_000_000 / 8
    session.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 20, "downloadThroughput": rate, "uploadThroughput": rate})


def measure(site: Path, runs: int, mbps: float | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        served = Path(tmp) / "site"
        shutil.copytree(site, served)
        (served / "bench-plain").mkdir()
        (served / "bench-plain" / "index.html").write_text(PLAIN_HTML, encoding="utf-8")
        results: dict[str, dict[str, list]] = {"widget": {}, "plain": {}}
        with serve(served) as base:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH,
                                                     args=CHROMIUM_ARGS)
                for _ in range(runs):
                    for name, url, ready in (
                        ("widget", base + WIDGET_PAGE, "form[data-state=answered]"),
                        ("plain", base + PLAIN_PAGE, "body[data-state=answered]"),
                    ):
                        context = browser.new_context()
                        context.add_init_script(LONG_TASKS_INIT)
                        page = context.new_page()
                        _throttle(context, page, mbps)
                        cold = _first_answer(page, url, ready)
                        warm = _first_answer(page, url, ready)
                        row = results[name]
                        row.setdefault("cold_s", []).append(cold["seconds"])
                        row.setdefault("warm_s", []).append(warm["seconds"])
                        row.setdefault("cold_bytes", []).append(cold["bytes"])
                        row.setdefault("cold_long_tasks_ms", []).append(cold["long_tasks_ms"])
                        if name == "widget":
                            row.setdefault("recalculation_ms", []).append(
                                round(_recalculation(page), 1))
                        context.close()
                results["widget"]["long_task_sources"] = [
                    _long_task_sources(browser, base + WIDGET_PAGE, "form[data-state=answered]")]
                browser.close()
    summary = {}
    for name, row in results.items():
        summary[name] = {key: (values if key in ("cold_long_tasks_ms", "long_task_sources")
                               else statistics.median(values))
                         for key, values in row.items()}
    widget, plain = summary["widget"], summary["plain"]
    summary["ratios"] = {
        "cold_widget_over_plain": round(widget["cold_s"] / plain["cold_s"], 2),
        "warm_widget_over_plain": round(widget["warm_s"] / plain["warm_s"], 2),
    }
    summary["targets"] = {"cold_ratio_max": 0.8, "warm_ratio_max": 0.6,
                          "recalculation_ms_max": 20, "widget_long_task_ms_max": 50}
    summary["runs"] = runs
    summary["link_mbps"] = mbps or "loopback, unthrottled"
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="a saved result to print beside this one")
    parser.add_argument("--mbps", type=float, help="emulate a link this fast (CDP throttling)")
    args = parser.parse_args()
    if not (args.site / "assets" / "calculators" / "manifest.json").exists():
        print(f"{args.site} has no calculators runtime; run: make build", file=sys.stderr)
        return 2
    current = measure(args.site, args.runs, args.mbps)
    if args.baseline:
        output = {"baseline": json.loads(args.baseline.read_text()), "current": current}
    else:
        output = current
    print(json.dumps(output, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
