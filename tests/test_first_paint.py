"""Answers at first paint (issue 18): each calculator page answers "now" from the schedule the
build compiled, before and without the calculators' runtime, with exactly the words Python's
answer has; Python takes over for any other question without the loading state replacing the
answer; outside the schedule's range the page shows nothing from it; a schedule that differs
from the engine fails the build; and the shipped schedules stay small.

The instants are read from the built schedule files, whose range starts at the build's hour:
each test asks about instants inside (or just outside) that range, on the page's fixed clock."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re

import pytest
from playwright.sync_api import expect

from browser import only_own_host
from screens import WIDGETS_TIMEOUT_MS, open_fields

pytestmark = pytest.mark.browser

# What the calculators' runtime is made of, under assets/calculators/: a page answered from
# its schedule fetches none of it.
RUNTIME = re.compile(r"/assets/calculators/(pyodide\.|snapshot\.|wheels/|stdlib\.|worker\.|"
                     r"zones\.|manifest\.|policy\.)")
# Ten and more reader zones: half-hour and 45-minute offsets, both hemispheres' clock changes,
# Lord Howe's half-hour one, the first and last offsets of the day.
ZONES = ["UTC", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham",
         "Australia/Lord_Howe", "America/Los_Angeles", "Europe/London", "Asia/Tokyo",
         "America/Sao_Paulo", "Asia/Kathmandu", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
# page, its widget, the parts whose words are compared
PAGES = {
    "service-levels/": ("form[data-widget=deadline]", ".calc-asked, .calc-status"),
    "escalation/": ("form[data-widget=escalation]", ".calc-asked, .calc-status"),
    "contact/": ("[data-widget=open_now]", "[role=status], .calc-open-state"),
    "": ("[data-widget=open_now]", "[role=status], .calc-open-state"),
}


def schedule_file(site, kind: str) -> dict:
    found = list((site / "assets" / "calculators").glob(f"schedule-{kind}.*.json"))
    assert len(found) == 1, found
    return json.loads(found[0].read_text(encoding="utf-8"))


def iso(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def boundaries(site, kind: str, question: dict) -> list[int]:
    """The instants where the schedule of ``question`` changes its answer."""
    one = next(s for s in schedule_file(site, kind)["schedules"] if s["question"] == question)
    starts, at = [], one["start"]
    for segment in one["segments"]:
        at += segment[0]
        starts.append(at)
    return starts[1:]


def instants(site) -> list[str]:
    """Instants to ask about: a deadline boundary a day in, the second before it, one in the
    middle of the range, and an open-now boundary (an office opening or closing)."""
    deadline = boundaries(site, "deadline", {"kind": "deadline", "priority": "S1",
                                             "region": "europe"})
    first = next(b for b in deadline if b > deadline[0] + 86400)
    middle = deadline[len(deadline) // 2]
    office = boundaries(site, "open_now", {"kind": "open_now"})
    return [iso(first - 1), iso(first), iso(middle), iso(office[3])]


SCHEDULES = re.compile(r"/assets/calculators/schedule-\w+\.\w+\.json")


def answered(context, site_url: str, path: str, now: str, block: re.Pattern | None):
    """The page at ``path`` on a clock fixed at ``now`` once its widget is answered, with the
    files ``block`` matches refused; and the widget's answer's source."""
    widget = PAGES[path][0]
    page = context.new_page()
    if block is not None:
        page.route(block, lambda route: route.abort())
    page.clock.set_fixed_time(now)
    page.goto(site_url + path)
    if path == "" and block is SCHEDULES:
        page.locator(".calc-open-check").click()  # the home page asks Python only on a click
    page.wait_for_function(f"() => document.querySelector({widget!r})?.dataset.state === "
                           "'answered'", timeout=WIDGETS_TIMEOUT_MS)
    return page, page.locator(widget).get_attribute("data-answer-source")


def shown(page, widget: str, parts: str) -> list[str]:
    """The words of the widget's question and answer, and the values its fields hold."""
    return page.locator(widget).evaluate(f"""widget => [
        ...[...widget.querySelectorAll({parts!r})].map(part =>
            part.textContent.replace(/\\s+/g, ' ').trim()),
        ...[...widget.querySelectorAll('input, select')].map(field => field.name + '=' +
            field.value)]""")


@pytest.mark.parametrize("zone", ZONES)
def test_the_schedules_answer_reads_as_pythons_in_every_zone(browser, site, site_url, zone):
    """Rendered text against rendered text: the first answer with the runtime refused, and
    Python's with the schedule refused, at the same instant, in the reader's zone."""
    cases = [("service-levels/", now) for now in instants(site)]
    if zone in ("Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Australia/Lord_Howe"):
        cases += [(path, instants(site)[3]) for path in ("escalation/", "contact/", "")]
    contexts = {block: browser.new_context(timezone_id=zone) for block in (RUNTIME, SCHEDULES)}
    try:
        for path, now in cases:
            widget, parts = PAGES[path]
            words = {}
            for block, context in contexts.items():
                page, source = answered(context, site_url, path, now, block)
                assert source == ("python" if block is SCHEDULES else "schedule"), (path, now)
                words[source] = shown(page, widget, parts)
                page.close()
            assert words["schedule"] == words["python"], (path, now)
    finally:
        for context in contexts.values():
            context.close()


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_answers_now_without_a_byte_of_the_runtime(browser, site, site_url, path):
    """No click, no runtime: the answer for now is there with every runtime file refused, and
    none was even asked for (on the home page, nor after the page is idle on a frugal link)."""
    widget = PAGES[path][0]
    context = browser.new_context(timezone_id="Europe/London")
    asked = []
    context.on("request", lambda request: asked.append(request.url))
    # Save-Data: the runtime waits for the reader's first change, even once the page is idle.
    context.add_init_script("Object.defineProperty(navigator, 'connection', "
                            "{ value: { saveData: true, effectiveType: '4g' } });")
    try:
        page, source = answered(context, site_url, path, instants(site)[2], RUNTIME)
        assert source == "schedule"
        page.wait_for_timeout(1500)  # idle, after the load event
        assert [url for url in asked if RUNTIME.search(url)] == []
        assert page.locator(widget).get_attribute("data-state") == "answered"
    finally:
        context.close()


def test_python_takes_over_a_changed_question_without_the_loading_state(browser, site,
                                                                        site_url):
    context = browser.new_context(timezone_id="Australia/Sydney")
    elsewhere = only_own_host(context, site_url)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(instants(site)[2])
        # Every text the answer's live region holds, from the first answer on.
        page.add_init_script("""
            window.said = [];
            window.progressShown = false;
            new MutationObserver(() => {
                const status = document.querySelector('form[data-widget] .calc-status');
                if (status) window.said.push(status.textContent);
                const progress = document.querySelector('form[data-widget] .calc-progress');
                if (progress && !progress.hidden) window.progressShown = true;
            }).observe(document, { subtree: true, childList: true, characterData: true,
                                   attributes: true });""")
        page.goto(site_url + "service-levels/?priority=S1")
        form = page.locator("form[data-widget=deadline]")
        expect(form).to_have_attribute("data-answer-source", "schedule")
        first = form.locator(".calc-asked").text_content()
        assert first.startswith("S1 (Production down), reported ")
        where = form.locator(".calc-status").bounding_box()
        # Python starts once the page is idle, behind the answer: no loading bar, no shift.
        page.wait_for_function("() => document.documentElement.dataset.calculators",
                               timeout=WIDGETS_TIMEOUT_MS)
        assert page.evaluate("window.progressShown") is False
        assert form.locator(".calc-status").bounding_box() == where
        open_fields(form)
        form.locator("select[name=priority]").select_option("S3")
        expect(form).to_have_attribute("data-answer-source", "python",
                                       timeout=WIDGETS_TIMEOUT_MS)
        expect(form).to_have_attribute("data-state", "answered")
        assert form.locator(".calc-asked").text_content().startswith("S3 (")
        said = page.evaluate("window.said")
        said = said[next(i for i, text in enumerate(said) if text.strip()):]
        # The schedule's answer stood until Python's replaced it: never the loading state.
        assert not [text for text in said if "Starting the calculator" in text]
        assert not [text for text in said if not text.strip()]
        assert elsewhere == []
    finally:
        context.close()


def test_outside_the_schedule_the_page_shows_nothing_from_it(browser, site, site_url):
    """After the range (or before it), the schedule has no answer: with the runtime refused the
    widget keeps waiting rather than show a stale one; with it, Python answers."""
    end = schedule_file(site, "deadline")["end"]
    start = schedule_file(site, "deadline")["start"]
    context = browser.new_context(timezone_id="UTC")
    try:
        for now in (iso(end), iso(end + 86400 * 30), iso(start - 1)):
            page = context.new_page()
            page.route(RUNTIME, lambda route: route.abort())
            page.clock.set_fixed_time(now)
            page.goto(site_url + "service-levels/")
            form = page.locator("form[data-widget=deadline]")
            expect(form).to_have_attribute("data-state", re.compile("starting|failed"))
            page.wait_for_timeout(1000)
            assert form.get_attribute("data-answer-source") is None, now
            assert form.locator(".calc-result").count() == 0, now
            page.close()
        page, source = answered(context, site_url, "service-levels/", iso(end + 3600), None)
        assert source == "python"
    finally:
        context.close()


def test_the_answer_changes_when_its_segment_ends(browser, site, site_url):
    """An office opening or closing while the page is open: the panel says so, from the
    schedule, as a page opened after it does."""
    office = boundaries(site, "open_now", {"kind": "open_now"})[3]
    context = browser.new_context(timezone_id="Europe/London")
    try:
        later, source = answered(context, site_url, "contact/", iso(office + 5), RUNTIME)
        after = shown(later, "[data-widget=open_now]", "[role=status], .calc-open-state")
        page = context.new_page()
        page.route(RUNTIME, lambda route: route.abort())
        page.clock.install(time=iso(office - 5))
        page.goto(site_url + "contact/")
        box = page.locator("[data-widget=open_now]")
        expect(box).to_have_attribute("data-answer-source", "schedule")
        before = shown(page, "[data-widget=open_now]", "[role=status], .calc-open-state")
        assert before != after
        page.clock.run_for(12_000)
        assert shown(page, "[data-widget=open_now]", "[role=status], .calc-open-state") == after
    finally:
        context.close()


def test_the_shipped_schedules_are_small_and_the_build_says_so(build):
    _, result = build
    said = re.search(r"note: answers at first paint, compressed: service-levels ([\d.]+) KB; "
                     r"escalation ([\d.]+) KB; contact, home ([\d.]+) KB\n", result.stderr)
    assert said, result.stderr
    assert all(float(size) <= 60 for size in said.groups())
    for kind in ("deadline", "escalation", "open_now"):
        found = list((build[0] / "assets" / "calculators").glob(f"schedule-{kind}.*.json"))
        assert len(gzip.compress(found[0].read_bytes(), 9)) <= 60_000
        gz = found[0].with_name(found[0].name + ".gz")
        assert gz.is_file(), "hosts that serve precompressed files get it compressed"
