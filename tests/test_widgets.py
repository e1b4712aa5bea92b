"""The calculator widgets in Chromium, against the CLI: the same answers, from the site's own
host only, reproducible from the URL, usable from the keyboard, and honest when they fail."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from screens import open_fields

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT_MS = 60_000

DEADLINE_CASES = [
    # priority, at, region: reports across DST switches, holidays, weekends and window edges
    ("S1", "2026-11-27T17:30:00Z", "usa"),
    ("S2", "2026-11-27T17:30:00Z", "usa"),
    ("S3", "2026-11-27T17:30:00Z", "usa"),
    ("S2", "2026-11-26T12:00:00Z", "usa"),  # Thanksgiving
    ("S3", "2026-11-25T23:00:00Z", "usa"),  # the evening before Thanksgiving
    ("S2", "2026-03-08T09:45:00Z", "usa"),  # US spring-forward
    ("S1", "2026-11-01T08:50:00Z", "usa"),  # US fall-back
    ("S2", "2026-04-02T16:00:00Z", "europe"),  # before Good Friday and Easter Monday
    ("S3", "2026-03-27T17:00:00Z", "europe"),  # Friday before UK spring-forward
    ("S2", "2026-10-24T10:00:00Z", "europe"),  # Saturday before UK fall-back
    ("S1", "2026-12-24T22:00:00Z", "europe"),
    ("S3", "2026-12-25T09:00:00Z", "europe"),  # Christmas, Boxing Day observed
    ("S2", "2026-08-07T09:00:00Z", "apac"),  # before SG National Day (observed Monday)
    ("S3", "2026-08-09T01:00:00Z", "apac"),
    ("S2", "2026-11-27T10:00:00Z", "apac"),  # Friday, exactly the Singapore close
    ("S1", "2026-11-28T03:00:00Z", "apac"),  # Saturday
    ("S3", "2026-02-16T20:00:00Z", "apac"),  # Chinese New Year
    ("S2", "2026-07-15T00:59:00Z", "usa"),
]

ESCALATION_CASES = [
    ("tier1", "2026-07-15T00:59:00Z"),  # usa and apac overlap
    ("tier1", "2026-07-15T07:30:00Z"),  # nobody: between apac and emea
    ("tier1", "2026-07-15T12:00:00Z"),
    ("tier1", "2026-11-27T17:30:00Z"),
    ("tier1", "2026-11-28T12:00:00Z"),  # Saturday
    ("tier2", "2026-01-15T06:30:00Z"),  # emea opens 07:00 Paris = 06:00Z in winter
    ("tier2", "2026-04-05T23:00:00Z"),  # Sydney's DST ends that day
    ("tier2", "2026-10-04T22:30:00Z"),  # Sydney's DST starts that day
    ("tier2-partner", "2026-11-27T17:30:00Z"),
    ("tier2-partner", "2026-03-30T05:00:00Z"),
    ("tier2-partner", "2026-11-29T21:59:00Z"),  # Sunday evening UTC, Monday in Sydney
    ("tier1", "2026-03-09T01:00:00Z"),
    ("tier2", "2026-12-25T10:00:00Z"),  # shifts observe no holidays
]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def _cli_deadline_times(priority, at, region) -> list[str]:
    """The instants of the CLI's answer in the order the widget's table shows them: each due
    time, and under the last of a run of due times while every support office is closed, when
    the first opens."""
    answer = json.loads(_cli("deadline", "--priority", priority, "--at", at, "--region", region,
                             "--json").stdout)
    times = []
    dues = [answer["initial_response"], *answer["updates"]]
    for due, after in zip(dues, dues[1:] + [None]):
        times.append(due["due"])
        opens = due["offices_closed"] and due["offices_closed"]["next_open"]["at"]
        if opens and not (after and after["offices_closed"]
                          and after["offices_closed"]["next_open"]["at"] == opens):
            times.append(opens)
    return list(dict.fromkeys(times))


def _cli_escalation_times(tier, at) -> list[str]:
    """The instants of the CLI's answer in the order the widget shows them: the shifts on duty,
    then (nobody named on duty) each route's, then the next shift's start, then (every support
    office closed) when the first opens."""
    answer = json.loads(_cli("escalation", "--tier", tier, "--at", at, "--json").stdout)
    times = [duty["until"] for duty in answer["on_duty"]]
    if answer["routes"]:
        times += [time for person in answer["routes"]["people"] for shift in person["shifts"]
                  for time in (shift["from"], shift["until"])]
        times += [line["until"] for line in answer["routes"]["support_lines"]]
    if answer["next"]:
        times.append(answer["next"]["from"])
    if answer["offices_closed"]:
        times.append(answer["offices_closed"]["next_open"]["at"])
    return list(dict.fromkeys(times))


def _answered(page, form: str):
    selector = f"form[data-widget={form}][data-state=answered]"
    page.wait_for_selector(selector, timeout=ANSWER_TIMEOUT_MS)
    return page.locator(f"form[data-widget={form}] [role=status]")


def _times(status) -> list[str]:
    """The distinct instants shown, in order (each shows in two zones)."""
    seen = []
    for value in status.locator("time").evaluate_all("els => els.map(e => e.dateTime)"):
        if value not in seen:
            seen.append(value)
    return seen


@pytest.mark.parametrize("priority, at, region", DEADLINE_CASES)
def test_deadline_widget_matches_cli(page, site_url, priority, at, region):
    page.goto(f"{site_url}service-levels/?priority={priority}&at={at}&region={region}")
    status = _answered(page, "deadline")
    assert _times(status.locator(".calc-result")) == _cli_deadline_times(priority, at, region)


@pytest.mark.parametrize("tier, at", ESCALATION_CASES)
def test_escalation_widget_matches_cli(page, site_url, tier, at):
    page.goto(f"{site_url}escalation/?tier={tier}&at={at}")
    status = _answered(page, "escalation")
    assert _times(status) == _cli_escalation_times(tier, at)


@pytest.mark.parametrize("path, form", [("service-levels/", "deadline"),
                                        ("escalation/", "escalation")])
def test_without_a_time_the_widget_answers_for_now(page, site_url, path, form):
    page.goto(site_url + path)
    status = _answered(page, form)
    assert _times(status), "an answer with its times"
    asked = page.evaluate("Date.now()")
    shown_at = page.input_value(f"#{form}-date") + "T" + page.input_value(f"#{form}-time")
    # The date and time fields show now, in the browser's zone (UTC here), to the minute.
    assert abs(page.evaluate(f"Date.parse('{shown_at}:00Z')") - asked) < 120_000
    assert "at=" not in page.evaluate("location.search")


def test_escalation_leads_with_the_button_then_the_person_on_duty(page, site_url):
    page.goto(f"{site_url}escalation/?tier=tier1&at=2026-07-15T00:59:00Z")
    status = _answered(page, "escalation")
    # The route the policy names first, then the first named person on duty.
    answer = status.locator(":scope > *")
    assert answer.nth(0).inner_text().startswith("Escalate Case: The Escalate Case button")
    assert answer.nth(1).inner_text().startswith("USA is on duty until")
    usa = status.locator("ol").first
    assert usa.locator("li").all_inner_texts() == [
        "Tier 1 Director: Dipen Shah · Phone +1 209-362-3905 · dipen.shah@8x8.com"]
    assert usa.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))") == [
        "tel:+12093623905", "mailto:dipen.shah@8x8.com"]


def test_fold_can_be_chosen_after_a_repeated_time(page, site_url):
    page.goto(f"{site_url}service-levels/?priority=S2&region=usa&at=2026-11-01T01:30"
              "&tz=America/Los_Angeles")
    page.wait_for_selector("form[data-widget=deadline][data-state=invalid]",
                           timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#deadline-fold")).to_be_visible()
    page.select_option("#deadline-fold", "1")
    status = _answered(page, "deadline")
    expected = json.loads(_cli("deadline", "--priority", "S2", "--region", "usa", "--at",
                               "2026-11-01T01:30", "--tz", "America/Los_Angeles", "--fold", "1",
                               "--json").stdout)
    assert _times(status)[0] == expected["initial_response"]["due"]
    assert "fold=1" in page.evaluate("location.search")


def test_url_round_trip(page, site_url):
    page.goto(f"{site_url}service-levels/?priority=S1&at=2026-11-27T17:30:00Z&region=usa")
    _answered(page, "deadline")
    open_fields(page.locator("form[data-widget=deadline]"))
    page.select_option("#deadline-priority", "S3")
    page.select_option("#deadline-region", "europe")
    page.fill("#deadline-date", "2026-12-24")
    page.fill("#deadline-time", "16:15")
    page.fill("#deadline-tz", "Europe/London")
    page.locator("#deadline-tz").blur()
    status = _answered(page, "deadline")
    expected = json.loads(_cli("deadline", "--priority", "S3", "--region", "europe", "--at",
                               "2026-12-24T16:15", "--tz", "Europe/London", "--json").stdout)
    expect(status.locator("time").first).to_have_attribute(
        "datetime", expected["initial_response"]["due"])
    shown = _times(status.locator(".calc-result"))
    query = page.evaluate("location.search")
    assert "priority=S3" in query and "region=europe" in query and "tz=Europe%2FLondon" in query
    page.goto(page.url)
    assert _times(_answered(page, "deadline").locator(".calc-result")) == shown
    assert page.input_value("#deadline-priority") == "S3"
    assert page.input_value("#deadline-date") == "2026-12-24"
    assert page.input_value("#deadline-time") == "16:15"


def test_keyboard_only(page, site_url):
    page.goto(f"{site_url}escalation/?tier=tier1&at=2026-07-15T00:59:00Z")
    _answered(page, "escalation")
    # Tab reaches the question line's button, which opens the fields with the first focused.
    for _ in range(60):
        if page.evaluate("document.activeElement?.classList.contains('calc-change')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the button that changes the question")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "escalation-tier"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#escalation-tier")).to_have_value("tier2")
    status = _answered(page, "escalation")
    assert _times(status) == _cli_escalation_times("tier2", "2026-07-15T00:59:00Z")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "escalation-date"
    # Every control shown has a visible label.
    for control in page.locator("form[data-widget] :is(input, select):not([hidden])").all():
        label = page.locator(f"label[for='{control.get_attribute('id')}']")
        expect(label).to_be_visible()


def test_open_now_on_contact_page(page, site_url):
    page.goto(f"{site_url}contact/")
    page.wait_for_selector("[data-widget=open_now][data-state=answered]",
                           timeout=ANSWER_TIMEOUT_MS)
    items = page.locator("[data-widget=open_now] li[data-region]")
    expect(items).to_have_count(3)
    now = page.evaluate("Date.now()")
    for item in items.all():
        text = item.inner_text()
        assert "open now, closes" in text or "closed now, opens" in text
        changes = item.locator("time").get_attribute("datetime")
        assert page.evaluate(f"Date.parse('{changes}')") > now


@pytest.mark.parametrize("blocked, reason", [
    ("**/worker.*.mjs", "the calculator's script could not be loaded"),
    ("**/pyodide.asm.wasm", "Python's WebAssembly file could not be loaded"),
    ("**/policy.*.json", "a file it needs could not be downloaded; check the connection"),
])
def test_runtime_failure_says_so(page, site_url, blocked, reason):
    page.route(blocked, lambda route: route.abort())
    page.goto(f"{site_url}service-levels/?priority=S2&at=2026-11-27T17:30:00Z&region=usa")
    page.wait_for_selector("form[data-widget=deadline][data-state=failed]",
                           timeout=ANSWER_TIMEOUT_MS)
    form = page.locator("form[data-widget=deadline]")
    message = form.locator("[role=status] .calc-failure").inner_text()
    assert message.startswith(f"The calculator could not start: {reason}")
    assert message.endswith("The tables on this page still give every target.")
    expect(page.locator("table").first).to_be_visible()
    # The form says it is not working, and offers to start again.
    assert form.locator(".calc-fields").get_attribute("aria-disabled") == "true"
    for control in form.locator(".calc-fields :is(input, select, button)").all():
        expect(control).to_be_disabled()
    page.unroute(blocked)
    form.get_by_role("button", name="Try again").click()
    status = _answered(page, "deadline")
    assert _times(status.locator(".calc-result")) == _cli_deadline_times(
        "S2", "2026-11-27T17:30:00Z", "usa")
    assert form.locator(".calc-fields").get_attribute("aria-disabled") is None
    expect(form.locator("#deadline-priority")).to_be_enabled()


def test_without_javascript_the_tables_stay(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}service-levels/")
    expect(page.locator("form[data-widget=deadline]")).to_be_hidden()
    expect(page.locator(".calc-noscript")).to_be_visible()
    expect(page.locator("table").first).to_be_visible()
    context.close()


def test_a_deadline_in_london_in_summer_says_bst(page, site_url):
    # The answer is worded by the calculators (time_words), not by the browser's Intl, which
    # says "GMT+1" for London in summer.
    page.goto(f"{site_url}service-levels/?priority=S2&region=europe&at=2026-07-03T17:00"
              "&tz=Europe/London")
    text = _answered(page, "deadline").inner_text()
    assert "Fri 3 Jul 2026, 17:00 BST" in text and "BST" in text
    assert "GMT+" not in text


def test_a_due_time_at_local_midnight_reads_as_the_end_of_the_day(page, site_url):
    page.goto(f"{site_url}service-levels/?priority=S3&region=apac&at=2026-07-03T17:00"
              "&tz=Asia/Singapore")
    status = _answered(page, "deadline")
    due = status.locator("time[datetime='2026-07-08T16:00:00Z']")
    assert due.first.inner_text() == "end of Wed 8 Jul 2026 (24:00 SGT)"
