"""The call-quality report builder in Chromium: filled from the keyboard, copied and downloaded,
its draft kept only after the reader asks, nothing sent anywhere or put in the URL, usable at
390 px, and the checklist still there without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from calculators.call_report import sample_requirements

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT_MS = 60_000
NOW = "2026-11-30T10:00:00Z"  # the page's clock: samples are judged against it
LANDLINE = "+44 20 7096 6060"
UK_MOBILE = "+44 7911 123456"


def _open(page, site_url, now=NOW):
    page.clock.set_fixed_time(now)
    page.goto(f"{site_url}call-quality/")
    return _settled(page)


def _settled(page):
    """The form once the worker has answered what it shows now."""
    page.wait_for_function(
        "() => { const f = document.getElementById('report');"
        " return f && ['answered', 'invalid'].includes(f.dataset.state); }",
        timeout=ANSWER_TIMEOUT_MS)
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")
    return page.locator("form#report")


def _wait_for_report(page, text: str):
    expect(page.locator("#report-text")).to_have_value(re.compile(re.escape(text)),
                                                       timeout=ANSWER_TIMEOUT_MS)


def _tab_to(page, target, limit: int = 150) -> None:
    """Press Tab until ``target`` (an id or a locator) has the focus: reachable by keyboard."""
    locator = page.locator(f"#{target}") if isinstance(target, str) else target
    for _ in range(limit):
        if locator.evaluate("node => node === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {target}")


def _fill_sample_by_keyboard(page, index: int, calling: str, called: str, date: str, time: str,
                             direction_steps: int) -> None:
    _tab_to(page, f"report-sample-{index}-calling")
    page.keyboard.type(calling)
    _tab_to(page, f"report-sample-{index}-called")
    page.keyboard.type(called)
    _tab_to(page, f"report-sample-{index}-time")
    # en-US segments: month, day, year; Tab to the hour, then minute and AM/PM.
    page.keyboard.type(date)
    page.keyboard.press("Tab")
    page.keyboard.type(time)
    _tab_to(page, f"report-sample-{index}-direction")
    for _ in range(direction_steps):
        page.keyboard.press("ArrowDown")


def test_filled_by_keyboard_alone(page, site_url, policy):
    _open(page, site_url)
    # The first question: tick "echo" with Space.
    first_box = page.locator("input[name=question-0][value=echo]")
    _tab_to(page, first_box)
    page.keyboard.press("Space")
    expect(first_box).to_be_checked()
    # A pick-one question: arrow keys move through its radio buttons.
    radio = page.locator("input[name=question-1][value='']")
    radio.focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=question-1][value='all calls']")).to_be_checked()
    _fill_sample_by_keyboard(page, 0, LANDLINE, UK_MOBILE, "11302026", "0915A", 1)
    _wait_for_report(page, "  Call direction: incoming\n")
    report = page.input_value("#report-text")
    assert "  echo\n" in report and "  all calls\n" in report
    assert "  Date and time of call: Mon 30 Nov 2026, 09:15 UTC = 2026-11-30T09:15:00Z\n" in report
    # The mobile number gets the policy's note, next to the sample.
    note = policy.texts.call_quality.call_samples.notes.landline_preferred
    expect(page.locator("#report-sample-0-note")).to_have_text(note)
    # A second sample, added and removed from the keyboard.
    _tab_to(page, "report-sample-0-direction")
    page.keyboard.press("Tab")  # the only sample has no remove button
    assert page.evaluate("document.activeElement.classList.contains('report-add')")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "report-sample-1-calling"
    expect(page.locator(".report-remove:visible")).to_have_count(2)
    page.locator(".report-sample").nth(1).locator(".report-remove").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".report-sample")).to_have_count(1)
    assert page.evaluate("document.activeElement.classList.contains('report-add')")
    # Every control has a label the reader can see.
    unlabelled = page.evaluate("""[...document.querySelectorAll(
        "form#report :is(input, select, textarea)")].filter((n) => n.checkVisibility()
        && ![...n.labels].some((label) => label.checkVisibility() && label.innerText.trim()))
        .map((n) => n.outerHTML)""")
    assert unlabelled == []


AGE_CASES = [
    # the call's local time (UTC reader), whether it is flagged, what the flag or line says
    ("2026-11-29T10:01", False, "Qualifies as a sample until Mon 30 Nov 2026, 10:01 UTC."),
    ("2026-11-29T10:00", True, "Older than 24 hours: this call stopped qualifying at "
                               "Mon 30 Nov 2026, 10:00 UTC (2026-11-30T10:00:00Z)."),
    ("2026-11-28T18:30", True, "this call stopped qualifying at Sun 29 Nov 2026, 18:30 UTC"),
]


@pytest.mark.parametrize("local, flagged, words", AGE_CASES)
def test_an_old_sample_is_flagged_as_soon_as_its_time_is_entered(page, site_url, local,
                                                                 flagged, words):
    _open(page, site_url)
    page.fill("#report-sample-0-time", local)
    age = page.locator("#report-sample-0-age")
    expect(age).to_contain_text(words, timeout=ANSWER_TIMEOUT_MS)
    assert ("report-too-old" in (age.get_attribute("class") or "")) == flagged
    assert "report-sample-0-age" in page.get_attribute("#report-sample-0-time",
                                                       "aria-describedby")


def test_times_are_read_in_the_readers_zone(browser, site_url):
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    _open(page, site_url)
    expect(page.locator(".report-zone")).to_have_text("America/New_York")
    page.fill("#report-sample-0-calling", LANDLINE)
    page.fill("#report-sample-0-called", "+1 408 687 4120")
    page.fill("#report-sample-0-time", "2026-11-29T20:00")
    page.select_option("#report-sample-0-direction", "outgoing")
    _wait_for_report(page, "  Date and time of call: Sun 29 Nov 2026, 20:00 UTC-5 (America/New_York) = "
                           "2026-11-30T01:00:00Z\n")
    context.close()
    assert {urlsplit(url).netloc for url in sent} == {urlsplit(site_url).netloc}


FIELD_ERROR_CASES = [
    # field, typed, the message next to it
    ("calling", "020 7096 6060", "Number calling (Full number with Area code): '020 7096 6060' "
                                 "has no country code"),
    ("called", "+44 20", "Number called (Full number with Area code): '+44 20' is too short"),
    ("time", "2026-11-30T10:30", "Date and time of call: Mon 30 Nov 2026, 10:30 UTC is later "
                                 "than now"),
]


@pytest.mark.parametrize("field, typed, message", FIELD_ERROR_CASES)
def test_errors_stand_next_to_their_field_and_are_announced(page, site_url, field, typed,
                                                            message):
    _open(page, site_url)
    page.select_option("#report-country", "")  # no country: a national number is refused
    page.fill(f"#report-sample-0-{field}", typed)
    error = page.locator(f"#report-sample-0-{field}-error")
    expect(error).to_contain_text(message, timeout=ANSWER_TIMEOUT_MS)
    assert error.get_attribute("aria-live") == "polite"
    control = page.locator(f"#report-sample-0-{field}")
    expect(control).to_have_attribute("aria-invalid", "true")
    assert f"report-sample-0-{field}-error" in control.get_attribute("aria-describedby")
    expect(page.locator("#report-text")).to_have_value("")
    expect(page.locator(".report-copy")).to_be_disabled()


# A national number is read in the country the reader picks; the default is the support region a
# link names, else the country of the reader's locale, else none.
NATIONAL_CASES = [
    # locale, query, default country, typed, as the report writes it
    ("en-AU", "", "AU", "0412 345 678", "+61 412 345 678"),
    ("en-US", "?region=europe", "GB", "020 7096 6060", "+44 20 7096 6060"),
    ("de-DE", "?region=apac", "AU", "(02) 9876 5432", "+61 2 9876 5432"),
    ("en-SG", "?region=nowhere", "SG", "6123 4567", "+65 6123 4567"),
]


@pytest.mark.parametrize("locale, query, country, typed, shown", NATIONAL_CASES)
def test_a_national_number_is_accepted_with_its_country(browser, site_url, locale, query,
                                                        country, typed, shown):
    context = browser.new_context(locale=locale, timezone_id="UTC")
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    page.goto(f"{site_url}call-quality/{query}")
    _settled(page)
    expect(page.locator("#report-country")).to_have_value(country)
    # The reader's browser names the countries; the code stays beside the name.
    selected = page.locator("#report-country option:checked").inner_text()
    assert selected.endswith(f"({country})") and len(selected) > len(country) + 3
    page.fill("#report-sample-0-calling", typed)
    page.fill("#report-sample-0-called", LANDLINE)
    page.fill("#report-sample-0-time", "2026-11-30T08:00")
    page.select_option("#report-sample-0-direction", "incoming")
    _wait_for_report(page, f"  Number calling (Full number with Area code): {shown}\n")
    context.close()


def test_a_national_number_without_a_country_asks_for_one(browser, site_url):
    # "en" names no country: nothing is chosen, and the message says how to go on.
    context = browser.new_context(locale="en", timezone_id="UTC")
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    page.goto(f"{site_url}call-quality/")
    _settled(page)
    expect(page.locator("#report-country")).to_have_value("")
    page.fill("#report-sample-0-calling", "0412 345 678")
    expect(page.locator("#report-sample-0-calling-error")).to_contain_text(
        "has no country code: choose the country it was dialled in", timeout=ANSWER_TIMEOUT_MS)
    page.select_option("#report-country", "AU")
    expect(page.locator("#report-sample-0-calling-error")).to_have_text("",
                                                                       timeout=ANSWER_TIMEOUT_MS)
    context.close()


def test_withheld_number_is_allowed_with_the_policys_caveat(page, site_url, policy):
    _open(page, site_url)
    page.check("#report-sample-0-withheld")
    expect(page.locator("#report-sample-0-calling")).to_be_disabled()
    page.fill("#report-sample-0-called", LANDLINE)
    page.fill("#report-sample-0-time", "2026-11-30T08:00")
    page.select_option("#report-sample-0-direction", "incoming")
    caveat = policy.texts.call_quality.call_samples.notes.withheld
    _wait_for_report(page, f"  Note: {caveat}\n")
    assert "  Number calling (Full number with Area code): withheld\n" in \
        page.input_value("#report-text")
    expect(page.locator("#report-sample-0-note")).to_have_text(caveat)


def _fill_one_sample(page):
    page.fill("#report-sample-0-calling", LANDLINE)
    page.fill("#report-sample-0-called", "+1 408 687 4120")
    page.fill("#report-sample-0-time", "2026-11-30T09:15")
    page.select_option("#report-sample-0-direction", "incoming")
    _wait_for_report(page, "Call direction: incoming")


def test_copy_puts_the_report_on_the_clipboard(page, context, site_url):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        _open(page, site_url)
        _fill_one_sample(page)
        page.locator(".report-copy").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".report-copied")).to_have_text(
            "The report is copied: paste it into your case.")
        assert page.evaluate("navigator.clipboard.readText()") == page.input_value("#report-text")
    finally:
        context.clear_permissions()


def test_download_is_made_in_the_page(page, site_url):
    requests = []
    _open(page, site_url)
    _fill_one_sample(page)
    page.on("request", lambda request: requests.append(request.url))
    with page.expect_download() as download:
        page.locator(".report-download").focus()
        page.keyboard.press("Enter")
    path = download.value.path()
    assert download.value.suggested_filename == "call-quality-report.txt"
    with open(path, encoding="utf-8") as saved:
        assert saved.read() == page.input_value("#report-text")
    assert [url for url in requests if not url.startswith("blob:")] == []


def _stored(page):
    return page.evaluate("localStorage.getItem('call-quality-report-draft')")


def test_the_draft_is_kept_only_after_the_reader_asks(page, site_url):
    _open(page, site_url)
    page.evaluate("localStorage.clear()")
    page.fill("#report-sample-0-calling", LANDLINE)
    page.fill("#report-question-6", "Nothing unusual")
    _settled(page)
    assert _stored(page) is None
    page.reload()
    _settled(page)
    expect(page.locator("#report-sample-0-calling")).to_have_value("")
    # Asked: kept on this device, and back after a reload.
    page.fill("#report-sample-0-calling", LANDLINE)
    page.fill("#report-question-6", "Nothing unusual")
    page.check("#report-keep")
    assert LANDLINE in _stored(page)
    page.reload()
    _settled(page)
    expect(page.locator("#report-sample-0-calling")).to_have_value(LANDLINE)
    expect(page.locator("#report-question-6")).to_have_value("Nothing unusual")
    expect(page.locator("#report-keep")).to_be_checked()
    # Forgotten: gone from the device, still in the open page until it closes.
    page.locator(".report-forget").click()
    assert _stored(page) is None
    expect(page.locator("#report-keep")).not_to_be_checked()
    expect(page.locator("#report-sample-0-calling")).to_have_value(LANDLINE)
    page.fill("#report-sample-0-called", UK_MOBILE)
    assert _stored(page) is None
    page.reload()
    _settled(page)
    expect(page.locator("#report-sample-0-calling")).to_have_value("")


def test_nothing_leaves_the_page(page, site_url):
    sent = []
    page.on("request", lambda request: sent.append((request.method, request.url,
                                                    request.post_data)))
    _open(page, site_url)
    address = page.url
    _fill_one_sample(page)
    page.fill("#report-question-6", "Nothing unusual")
    _settled(page)
    assert page.url == address == f"{site_url}call-quality/"
    assert [method for method, _, _ in sent if method != "GET"] == []
    assert [url for _, url, _ in sent if "7096" in url or "Nothing" in url] == []
    assert all(urlsplit(url).netloc == urlsplit(site_url).netloc for _, url, _ in sent)
    # The phone number library is fetched here, for this page only.
    assert any("/wheels/phonenumberslite-" in url for _, url, _ in sent)


@pytest.mark.parametrize("path", ["", "service-levels/", "escalation/", "contact/"])
def test_other_pages_load_neither_the_builder_nor_the_phone_library(page, site_url, path):
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    page.goto(f"{site_url}{path}")
    page.wait_for_load_state("networkidle")
    assert [url for url in sent if "/report." in url or "phonenumbers" in url] == []


def test_fits_390_px_with_no_sideways_scroll(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="UTC")
    page = context.new_page()
    _open(page, site_url)
    page.fill("#report-sample-0-calling", "+44 20 7096 6060 1234 5678 9012 3456")
    page.fill("#report-sample-0-time", "2026-11-28T18:30")
    page.locator(".report-add").click()
    page.fill("#report-question-0-other", "x" * 200)
    expect(page.locator("#report-sample-0-calling-error")).not_to_be_empty(
        timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#report-sample-0-age")).not_to_be_empty()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for control in page.locator("form#report :is(input, select, textarea, button):visible").all():
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, control.evaluate("n => n.outerHTML")
    context.close()


def test_without_javascript_the_checklist_is_there(browser, site_url, policy):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}call-quality/")
    expect(page.locator("form#report")).to_be_hidden()
    checklist = page.locator(".policy-call-quality li")
    expect(checklist).to_have_text([q.question for q in policy.texts.call_quality.questions])
    samples = page.locator(".policy-call-samples li")
    expect(samples).to_have_text(list(sample_requirements(
        policy.texts.call_quality.call_samples)))
    context.close()


@pytest.mark.parametrize("blocked", ["**/worker.*.mjs", "**/wheels/phonenumberslite-*.whl"])
def test_a_runtime_that_cannot_start_says_so(page, site_url, blocked):
    page.route(blocked, lambda route: route.abort())
    page.goto(f"{site_url}call-quality/")
    page.wait_for_selector("form#report[data-state=failed]", timeout=ANSWER_TIMEOUT_MS)
    message = page.locator("form#report [role=status]").inner_text()
    assert message.startswith("The report builder could not start: ")
    assert message.endswith("The checklist above still lists everything to give.")
    expect(page.locator(".policy-call-quality li").first).to_be_visible()
