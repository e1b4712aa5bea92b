"""A policy whose warm interpreter would not fit the memory Pyodide can restore: the build says so
in plain words, ships no snapshot (nor a schedule of its deadlines), and the calculators still
answer, starting Python in the reader's browser. Tested with a policy 100 times the shipped one,
generated here."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from benchmarks.engines import scaled_data
from browser import serve
from calculators.browser import Answerer
from calculators.policy_json import to_json
from conftest import build_site
from policydata import load_policy
from webruntime import SNAPSHOT_MEMORY_LIMIT

AT = "2026-11-27T17:30:00Z"


def test_a_policy_too_big_for_a_snapshot_ships_none_and_still_answers(tmp_path, browser):
    data = scaled_data(tmp_path / "data")
    site = tmp_path / "site"
    built = build_site(site, data=data)
    assert built.returncode == 0, built.stderr
    said = re.search(r"the calculators' snapshot would hold ([\d,]+) bytes of memory, more than "
                     r"the ([\d,]+) Pyodide can restore; the site ships without one", built.stderr)
    assert said, built.stderr
    manifest = json.loads((site / "assets" / "calculators" / "manifest.json").read_text())
    assert int(said[1].replace(",", "")) == manifest["snapshot_memory"] > SNAPSHOT_MEMORY_LIMIT
    assert int(said[2].replace(",", "")) == SNAPSHOT_MEMORY_LIMIT
    # Its deadline questions would cost the build too long: no schedule, said in one line, and
    # the page waits for Python (below), as it did before schedules.
    assert re.search(r"^note: answers at first paint, compressed: service-levels none \(its "
                     r"questions read more than [\d,]+ openings and closings in \d+ days, the "
                     r"most a page's schedule may; readers wait for Python\);[^\n]*$",
                     built.stderr, re.M), built.stderr
    assert manifest["snapshot"] is None and manifest["download"]["restore"] is None
    assert not list((site / "assets" / "calculators").glob("snapshot*"))

    policy = load_policy(data)
    expected = Answerer(json.dumps(to_json(policy))).answer_dict(
        {"kind": "deadline", "priority": "S2", "region": "apac-42", "at": AT, "tz": "UTC"})
    with serve(site) as url:
        context = browser.new_context(timezone_id="UTC")
        page = context.new_page()
        for visit in ("first", "second"):
            page.goto(f"{url}service-levels/?priority=S2&region=apac-42&at={AT}&tz=UTC")
            form = page.locator("form[data-widget=deadline]")
            expect(form).to_have_attribute("data-state", "answered", timeout=180_000)
            way = page.evaluate("document.documentElement.dataset.calculators")
            # No snapshot to restore, and none kept: every visit starts Python.
            assert way.startswith("started Python"), visit
            due = form.locator("[role=status] time").first.get_attribute("datetime")
            assert due == expected["initial_response"]["due"], visit
        assert page.evaluate("async () => (await caches.keys()).length") == 0
        context.close()
