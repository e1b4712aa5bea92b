"""The calculator forms as a reader types into them, in Chromium: a layout that never moves,
answers that wait for a pause, messages in readers' words that quote what was given, a live
region that speaks once per answer, and a start-up that shows its progress, waits for a slow
link and can be tried again."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading

import pytest
from playwright.sync_api import expect

from browser import _QuietHandler, serve
from conftest import ROOT
from screens import open_fields, words

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT_MS = 60_000
MANIFEST = "assets/calculators/manifest.json"

# Each control's box and the form's, as the reader sees them.
BOXES = """form => {
  const box = (node) => { const r = node.getBoundingClientRect();
                          return [r.x, r.y, r.width, r.height].map(Math.round); };
  const controls = form.querySelectorAll(".calc-fields :is(input, select, button):not([hidden])");
  return { form: box(form),
           controls: Object.fromEntries(Array.from(controls,
                                                   (c) => [c.id || c.className, box(c)])) };
}"""


@pytest.fixture
def clock_page(browser):
    """A page in a context of its own: a fake clock is installed on a whole context, and must
    not stand still in the other tests' pages."""
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    page.clock.install()
    yield page
    context.close()


def _state(page, form: str, state: str):
    page.wait_for_selector(f"form[data-widget={form}][data-state={state}]",
                           timeout=ANSWER_TIMEOUT_MS)
    return page.locator(f"form[data-widget={form}]")


def _cli_due(*args: str) -> list[str]:
    answer = json.loads(subprocess.run(
        [sys.executable, "-m", "calculators", "deadline", *args, "--json"], cwd=ROOT,
        capture_output=True, text=True, check=True).stdout)
    return [answer["initial_response"]["due"], *(u["due"] for u in answer["updates"])]


def _shown_due(form) -> list[str]:
    seen = []
    for value in form.locator(".calc-result time").evaluate_all("els => els.map(e => e.dateTime)"):
        if value not in seen:
            seen.append(value)
    return seen


# ---------------------------------------------------------------------------- layout


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("field, typed", [
    ("tz", "Mars/" + "x" * 300),  # one long word: it must wrap, not widen the form
    ("time", "25:61"),
])
def test_an_error_moves_no_control(browser, site_url, width, field, typed):
    context = browser.new_context(timezone_id="UTC", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}service-levels/?priority=S2&region=usa&at=2026-11-27T09:30&tz=UTC")
    form = _state(page, "deadline", "answered")
    open_fields(form)
    before = form.evaluate(BOXES)
    page.fill(f"#deadline-{field}", typed)
    page.locator(f"#deadline-{field}").blur()
    _state(page, "deadline", "invalid")
    after = form.evaluate(BOXES)
    assert after["controls"] == before["controls"]
    # The form grows downwards only: its left edge and width stay.
    assert (after["form"][0], after["form"][2]) == (before["form"][0], before["form"][2])
    error = page.locator("#deadline-at-error" if field == "time" else "#deadline-tz-error")
    expect(error).to_be_visible()
    box = error.bounding_box()
    assert box["x"] >= before["form"][0]
    assert box["x"] + box["width"] <= before["form"][0] + before["form"][2]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


# ---------------------------------------------------------------------------- links

# query, the controls marked invalid, words the message must have, the other fields' values
BAD_LINKS = [
    ("service-levels/?priority=S9&at=2026-11-27T17:30:00Z&region=usa",
     {"deadline-priority"}, ["Priority: There is no priority “S9”. Choose S1, S2 or S3."],
     {"deadline-date": "2026-11-27", "deadline-time": "17:30", "deadline-tz": "UTC",
      "deadline-region": "usa"}),
    ("service-levels/?priority=S2&at=garbage&region=usa",
     {"deadline-date", "deadline-time"}, ["“garbage”", "Give the date and time in the form."],
     {"deadline-priority": "S2", "deadline-tz": "UTC", "deadline-region": "usa"}),
    ("service-levels/?priority=S2&at=2026-12-01&region=europe",
     {"deadline-time"}, ["Give the time on the 24-hour clock"],
     {"deadline-date": "2026-12-01", "deadline-priority": "S2", "deadline-region": "europe"}),
    ("service-levels/?priority=S3&at=2026-02-30T10:00&region=apac",
     {"deadline-date"}, ["“2026-02-30” is not a day of the calendar"],
     {"deadline-time": "10:00", "deadline-priority": "S3", "deadline-region": "apac"}),
    ("service-levels/?priority=S2&at=2026-11-27T17:30:00Z&region=mars",
     {"deadline-region"}, ["There is no support region “mars”. Choose USA, Europe or APAC."],
     {"deadline-priority": "S2", "deadline-date": "2026-11-27", "deadline-time": "17:30"}),
    ("service-levels/?priority=S2&region=europe&at=2031-06-01T10:00&tz=Europe/London",
     {"deadline-date"}, ["Holidays are known here only for 2025 to 2030"],
     {"deadline-time": "10:00", "deadline-tz": "Europe/London"}),
    ("service-levels/?priority=S2&region=usa&at=2026-11-01T01:30&tz=America/Los_Angeles",
     {"deadline-time"}, ["01:30 on 2026-11-01 happens twice in America/Los_Angeles",
                         "“Clock change”"],
     {"deadline-date": "2026-11-01", "deadline-priority": "S2"}),
    ("escalation/?tier=tier9&at=2026-11-27T17:30:00Z",
     {"escalation-tier"},
     ["There is no tier “tier9”. Choose Tier 1 Support, Tier 2 Support or Tier 2 Partner "
      "Support."],
     {"escalation-date": "2026-11-27", "escalation-time": "17:30"}),
    ("escalation/?tier=tier1&at=2026-11-27T17:30:00Z&tz=" + "Q" * 5000,
     {"escalation-tz"}, ["“" + "Q" * 39 + "…”", "Type a city or a zone name"],
     {"escalation-tier": "tier1"}),
]
STAFF_WORDS = ["''", "fold", "extend the holiday", "tier2-partner", "ISO-8601"]


@pytest.mark.parametrize("query, marked, words, kept", BAD_LINKS)
def test_a_bad_link_marks_only_its_own_field(page, site_url, query, marked, words, kept):
    page.goto(site_url + query)
    form = _state(page, query.split("/")[0].replace("service-levels", "deadline"), "invalid")
    invalid = set(form.locator("[aria-invalid=true]").evaluate_all("els => els.map(e => e.id)"))
    assert invalid == marked
    message = form.locator(".calc-errors").inner_text()
    for word in words:
        assert word in message
    for word in STAFF_WORDS:
        assert word not in message
    assert len(message) < 300
    for control, value in kept.items():
        assert page.input_value(f"#{control}") == value
    # The message is tied to the control it is about.
    for control in marked:
        described = form.locator(f"#{control}").get_attribute("aria-describedby").split()
        assert any(form.locator(f"#{part}").inner_text() for part in described)


@pytest.mark.parametrize("sent, meant", [
    # an unencoded "+" arrives as a space
    ("2026-11-30T09:00:00+05:30", "2026-11-30T09:00:00+05:30"),
    ("2026-11-30T09:00+0530", "2026-11-30T09:00:00+05:30"),
    ("2026-11-30T09:00:00%2B05:30", "2026-11-30T09:00:00+05:30"),
    ("2026-11-30T09:00:00-05:00", "2026-11-30T09:00:00-05:00"),
])
def test_an_offset_whose_plus_became_a_space_is_understood(page, site_url, sent, meant):
    page.goto(f"{site_url}service-levels/?priority=S1&region=europe&at={sent}")
    form = _state(page, "deadline", "answered")
    assert _shown_due(form) == _cli_due("--priority", "S1", "--region", "europe", "--at", meant)


# ---------------------------------------------------------------------------- typing


def test_typing_waits_for_a_pause_and_keeps_a_good_answer(clock_page, site_url):
    page = clock_page
    page.goto(f"{site_url}service-levels/?priority=S2&region=usa&at=2026-11-27T09:30&tz=UTC")
    form = _state(page, "deadline", "answered")
    shown = _shown_due(form)
    # The page's clock stands still while the reader types, however slowly the keys arrive.
    open_fields(form)
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    form.evaluate("""form => { window.changes = 0;
      new MutationObserver((records) => { window.changes += records.length; })
        .observe(form.querySelector('.calc-errors'), {subtree: true, childList: true,
                                                       characterData: true}); }""")
    zone = page.locator("#deadline-tz")
    zone.fill("")
    zone.press_sequentially("Amer", delay=40)
    # Mid-word: no message yet, the answer stays.
    assert page.evaluate("window.changes") == 0
    assert form.get_attribute("data-state") == "answered"
    # After the pause, "Amer" is a mistake, said once; the answer stays, marked as earlier.
    page.clock.run_for(1000)
    _state(page, "deadline", "invalid")
    assert page.evaluate("window.changes") == 1
    assert "“Amer”" in form.locator("#deadline-tz-error").inner_text()
    assert _shown_due(form) == shown
    expect(form.locator(".calc-stale")).to_be_visible()
    zone.press_sequentially("ica/New_York", delay=40)
    zone.blur()
    expect(form.locator("[role=status] th").nth(1)).to_have_text(
        "Your time (America/New_York)", timeout=ANSWER_TIMEOUT_MS)
    assert _shown_due(form) == _cli_due("--priority", "S2", "--region", "usa", "--at",
                                        "2026-11-27T09:30", "--tz", "America/New_York")
    expect(form.locator(".calc-stale")).to_be_hidden()


@pytest.mark.parametrize("typed, zone", [
    ("London", "Europe/London"),
    ("new york", "America/New_York"),
    ("europe/paris", "Europe/Paris"),
])
def test_the_zone_field_takes_a_city(page, site_url, typed, zone):
    page.goto(f"{site_url}service-levels/?priority=S2&region=usa&at=2026-11-27T09:30&tz=UTC")
    form = _state(page, "deadline", "answered")
    open_fields(form)
    page.fill("#deadline-tz", typed)
    page.locator("#deadline-tz").blur()
    expect(form.locator("[role=status] th").nth(1)).to_have_text(f"Your time ({zone})",
                                                                 timeout=ANSWER_TIMEOUT_MS)
    # The suggestions name the city too, so typing it finds the zone.
    assert page.locator(f"#calc-zones option[value='{zone}']").get_attribute("label") == \
        zone.split("/")[-1].replace("_", " ")


@pytest.mark.parametrize("query, hint, zone", [
    ("service-levels/?priority=S2", "Your browser's time zone.", "UTC"),
    ("service-levels/?priority=S2&tz=Asia/Tokyo", "From the link.", "Asia/Tokyo"),
])
def test_the_form_says_where_its_zone_came_from(page, site_url, query, hint, zone):
    page.goto(site_url + query)
    form = _state(page, "deadline", "answered")
    assert page.input_value("#deadline-tz") == zone
    assert form.locator("#deadline-tz-hint").inner_text() == hint
    assert "deadline-tz-hint" in form.locator("#deadline-tz").get_attribute("aria-describedby")


# ---------------------------------------------------------------------------- clock and answers


@pytest.mark.parametrize("query, time, asked", [
    ("service-levels/?priority=S2&region=usa&at=2026-11-27T17:30:00Z", "17:30",
     "S2 (Production impaired), reported Fri 27 Nov 2026, 17:30 UTC, "
     "USA support region."),
    ("service-levels/?priority=S1&region=europe&at=2026-11-27T23:05&tz=Europe/London", "23:05",
     "S1 (Production down), reported Fri 27 Nov 2026, 23:05 GMT, "
     "Europe support region."),
    ("escalation/?tier=tier1&at=2026-07-15T00:59:00Z", "00:59",
     "Tier 1 Support at Wed 15 Jul 2026, 00:59 UTC."),
])
def test_the_form_and_the_answer_use_one_24_hour_clock(page, site_url, query, time, asked):
    page.goto(site_url + query)
    name = "escalation" if query.startswith("escalation") else "deadline"
    form = _state(page, name, "answered")
    assert page.input_value(f"#{name}-time") == time
    assert form.locator(".calc-fields input[type=datetime-local], "
                        ".calc-fields input[type=time]").count() == 0
    # The escalation's question ends with the answer's reading marks (test_readings_widgets).
    assert words(form.locator(".calc-question .calc-asked")) == [asked]
    assert not re.search(r"\b[AP]M\b", form.inner_text())


@pytest.mark.parametrize("query, counting", [
    ("service-levels/?priority=S2&region=usa", True),  # now
    ("service-levels/?priority=S2&region=usa&at=2026-11-27T17:30:00Z", False),
    ("service-levels/?priority=S2&region=usa&at=2026-11-27T09:30&tz=UTC", False),
])
def test_a_countdown_only_for_now_and_outside_the_live_region(page, site_url, query, counting):
    page.goto(site_url + query)
    form = _state(page, "deadline", "answered")
    countdown = form.locator(".calc-countdown")
    assert countdown.is_visible() == counting
    assert form.locator("[role=status] .calc-countdown").count() == 0
    assert "calc-now-relative" in countdown.get_attribute("class")
    assert "calc-now-relative" in form.locator(".calc-now").get_attribute("class")
    assert form.locator(".calc-asked .calc-now-relative").count() == (1 if counting else 0)
    if not counting:
        open_fields(form)
        form.locator(".calc-now").click()
        expect(countdown).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
        # S2 in the USA: the first response is due 2 hours after a report made now.
        expect(countdown).to_have_text(
            re.compile(r"^Next: initial response in (2 h 0|1 h 59) min\.$"))


def test_the_live_region_changes_once_per_answer_and_never_ticks(clock_page, site_url):
    page = clock_page
    page.goto(f"{site_url}service-levels/?priority=S1&region=usa")
    form = _state(page, "deadline", "answered")
    form.evaluate("""form => { window.spoken = 0;
      new MutationObserver((records) => { window.spoken += records.length; })
        .observe(form.querySelector('[role=status]'),
                 {subtree: true, childList: true, characterData: true, attributes: true}); }""")
    countdown = form.locator(".calc-countdown").inner_text()
    page.clock.run_for("10:00")
    assert form.locator(".calc-countdown").inner_text() != countdown  # it counts...
    assert page.evaluate("window.spoken") == 0  # ...where no screen reader is told
    open_fields(form)
    page.select_option("#deadline-priority", "S3")
    expect(form.locator(".calc-asked")).to_contain_text("S3 (", timeout=ANSWER_TIMEOUT_MS)
    assert page.evaluate("window.spoken") == 1


def test_errors_are_announced(page, site_url):
    page.goto(f"{site_url}service-levels/?priority=S2&region=usa&at=2026-11-27T09:30&tz=UTC")
    form = _state(page, "deadline", "answered")
    open_fields(form)
    page.fill("#deadline-time", "9h75")
    page.locator("#deadline-time").blur()
    _state(page, "deadline", "invalid")
    alert = form.get_by_role("alert")
    expect(alert).to_contain_text("“9h75” is not a time on the 24-hour clock")


# ---------------------------------------------------------------------------- start-up


class _Trickle:
    """Holds one file back, letting it through a chunk at a time as the test says."""

    CHUNK = 256 * 1024

    def __init__(self, name: str) -> None:
        self.name = name
        self.allowed = 0  # chunks the test let through so far
        self.sent = 0  # bytes of the file written so far
        self.changed = threading.Condition()

    def allow(self, chunks: float) -> None:
        with self.changed:
            self.allowed += chunks
            self.changed.notify_all()

    def handler(self):
        trickle = self

        class Handler(_QuietHandler):
            def send_head(self):
                # The held file goes as it is, so that its bytes on the wire are the bytes the
                # page counts (a compressed chunk would count as several).
                if self.path.endswith(trickle.name):
                    del self.headers["Accept-Encoding"]
                return super().send_head()

            def copyfile(self, source, outputfile):
                if not self.path.endswith(trickle.name):
                    return super().copyfile(source, outputfile)
                sent = 0
                try:
                    while chunk := source.read(trickle.CHUNK):
                        with trickle.changed:
                            if not trickle.changed.wait_for(
                                    lambda: trickle.allowed * trickle.CHUNK > sent, timeout=120):
                                return
                        outputfile.write(chunk)
                        outputfile.flush()
                        sent += len(chunk)
                        trickle.sent = max(trickle.sent, sent)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the page gave up on this copy

        return Handler


def _progress(page) -> tuple[int, int]:
    return tuple(page.evaluate(
        "() => { const p = document.querySelector('form[data-widget] progress');"
        " return [p.value, p.max]; }"))


def _totals(manifest: dict) -> dict[str, int]:
    """What each way of starting downloads, by the way's name on the page (<html
    data-calculators>)."""
    return {"downloaded snapshot": sum(manifest["download"]["restore"].values()),
            "started Python": sum(manifest["download"]["start"].values())}


def test_a_slow_start_is_waited_for_a_stalled_one_can_be_tried_again(browser, site):
    manifest = json.loads((site / MANIFEST).read_text())
    # Held back: the WebAssembly file, which every way of starting needs.
    wasm = f"{manifest['pyodide']}pyodide.asm.wasm"
    trickle = _Trickle(wasm)
    with serve(site, trickle.handler()) as url:
        context = browser.new_context(timezone_id="UTC")
        page = context.new_page()
        page.clock.install()
        page.goto(f"{url}service-levels/?priority=S2&region=usa&at=2026-11-27T17:30:00Z")
        form = page.locator("form[data-widget=deadline]")
        held = manifest["sizes"][wasm]
        # Everything but the held file arrives (the bar has numbers once the worker knows the
        # total)...
        page.wait_for_function(
            f"() => {{ const p = document.querySelector('form progress');"
            f" return p.hasAttribute('value') && p.max > 1 && p.value >= p.max - {held}; }}",
            timeout=ANSWER_TIMEOUT_MS)
        total = _progress(page)[1]
        assert total in _totals(manifest).values()
        # ...then the held one a little at a time, 25 s apart: far past the old 60 s limit.
        for step in range(1, 6):
            trickle.allow(1)
            page.wait_for_function(
                f"() => document.querySelector('form progress').value >= "
                f"{total - held + step * trickle.CHUNK}", timeout=ANSWER_TIMEOUT_MS)
            page.clock.run_for(25_000)
            assert form.get_attribute("data-state") == "starting"
        received, shown_total = _progress(page)
        assert shown_total == total
        expect(form.locator(".calc-progress-text")).to_have_text(
            f"Loading the calculator: {received / 1e6:.1f} of {total / 1e6:.1f} MB")
        # Nothing more for 30 s: the calculator gives up and says so.
        page.clock.run_for(31_000)
        _state(page, "deadline", "failed")
        expect(form.locator(".calc-failure")).to_contain_text("nothing more arrived for 30 seconds")
        assert form.locator(".calc-fields").get_attribute("aria-disabled") == "true"
        expect(form.locator("#deadline-priority")).to_be_disabled()
        trickle.allow(10_000)
        form.get_by_role("button", name="Try again").click()
        _state(page, "deadline", "answered")
        # The retry judges the link anew from what it fetches now, unhindered: it may take the
        # other way of starting (download the snapshot instead of starting Python), whose total
        # differs. Either way the bar ends full, at that way's total.
        received, shown_total = _progress(page)
        assert received == shown_total and shown_total in _totals(manifest).values()
        assert _shown_due(form) == _cli_due("--priority", "S2", "--region", "usa", "--at",
                                            "2026-11-27T17:30:00Z")
        context.close()


def test_the_manifest_knows_every_size(site):
    manifest = json.loads((site / MANIFEST).read_text())
    folder = site / "assets" / "calculators"
    for name, size in manifest["sizes"].items():
        assert (folder / name).stat().st_size == size, name
    for way, files in manifest["download"].items():
        for name, size in files.items():
            assert (folder / name).stat().st_size == size, (way, name)
    assert manifest["snapshot"] in manifest["download"]["restore"]
    assert manifest["download"]["start"].keys() - manifest["download"]["restore"].keys() == {
        *manifest["wheels"], *(manifest["zones"] + zone for zone in manifest["policy_zones"])}


def _way(page) -> str:
    return page.evaluate("document.documentElement.dataset.calculators").split(" in ")[0]


def test_the_progress_ends_at_the_total_cold_and_warm(browser, site, site_url):
    totals = _totals(json.loads((site / MANIFEST).read_text()))
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    for visit in ("cold", "warm"):
        page.goto(f"{site_url}service-levels/?priority=S1&region=usa&at=2026-11-27T17:30:00Z")
        _state(page, "deadline", "answered")
        received, total = _progress(page)
        assert received == total, visit
        if visit == "cold":
            assert total == totals[_way(page)]
        else:
            # From the snapshot this browser kept: the wasm, the library and the policy from
            # the HTTP cache, the snapshot's memory from Cache Storage.
            assert _way(page) == "kept snapshot"
    context.close()


def test_the_bar_shows_at_once_before_the_worker_knows_the_total(browser, site_url):
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    held = []
    # The list of the runtime's files is held back: nothing can say how much is to come.
    context.route("**/assets/calculators/manifest.*.json", lambda route: held.append(route))
    page.goto(f"{site_url}service-levels/?priority=S2&region=usa&at=2026-11-27T17:30:00Z")
    form = page.locator("form[data-widget=deadline]")
    expect(form.locator(".calc-progress")).to_be_visible()
    expect(form.locator(".calc-progress-text")).to_have_text("Loading the calculator…")
    assert form.locator("progress").evaluate("p => p.position") == -1  # moving, no numbers
    for route in held:
        route.continue_()
    context.unroute("**/assets/calculators/manifest.*.json")
    _state(page, "deadline", "answered")
    expect(form.locator(".calc-progress")).to_be_hidden()
    context.close()
