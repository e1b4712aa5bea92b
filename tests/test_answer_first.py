"""Each calculator page answers the reader's whole question first (issue 17): on a phone the
first line of the answer is on the first screen, under the question in one line and the button
that opens the fields; the deadline answer says how to reach support now and whom to escalate
to if the target is missed; while the calculators start, the loading state stands where the
answer will be and no empty form shows; paper keeps the question before the answer."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from screens import WIDGETS_TIMEOUT_MS, open_answered, screen, words

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# page, the first line of its answer (the calculator's answer or the open-now panel's)
FIRST_LINES = [
    ("service-levels/", "form[data-widget=deadline] .calc-result tbody tr >> nth=0"),
    ("escalation/", "form[data-widget=escalation] .calc-escalate-case"),
    ("contact/", "[data-widget=open_now] [role=status] p >> nth=0"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path, first_line", FIRST_LINES)
def test_the_first_answer_line_is_on_a_phones_first_screen(browser, site_url, path, first_line,
                                                           scheme):
    with screen(browser, site_url, PHONE["width"], scheme, height=PHONE["height"]) as context:
        page = open_answered(context, site_url + path)
        assert page.evaluate("scrollY") == 0
        box = page.locator(first_line).bounding_box()
        assert box is not None, f"{path}: no answer line {first_line!r}"
        assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], (path, box)


@pytest.mark.parametrize("path, widget, question", [
    ("service-levels/?priority=S2&region=usa&at=2026-12-07T17:30:00Z", "deadline",
     re.compile(r"^S2 \(Production impaired\), reported .+, USA support region\.$")),
    ("escalation/?tier=tier2&at=2026-12-07T17:30:00Z", "escalation",
     re.compile(r"^Tier 2 Support at .+\.$")),
])
def test_the_question_in_one_line_then_the_answer_and_the_fields_open_on_asking(
        page, site_url, path, widget, question):
    page.goto(site_url + path)
    form = page.locator(f"form[data-widget={widget}][data-state=answered]")
    form.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    asked = form.locator(".calc-question .calc-asked")
    assert question.match(words(asked)[0])
    fields = form.locator(".calc-fields")
    change = form.locator(".calc-change")
    expect(fields).to_be_hidden()
    assert change.get_attribute("aria-expanded") == "false"
    # Question, then answer: the answer's box starts below the question's.
    assert (form.locator(".calc-status").bounding_box()["y"]
            >= asked.bounding_box()["y"] + asked.bounding_box()["height"])
    # The keyboard alone: the button is reached and opens the fields, focus on the first.
    change.focus()
    page.keyboard.press("Enter")
    expect(fields).to_be_visible()
    assert change.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == f"{widget}-{fields.locator('select, input').first.get_attribute('name')}"
    # The fields open under the question line and above the answer.
    assert asked.bounding_box()["y"] < fields.bounding_box()["y"] < form.locator(
        ".calc-status").bounding_box()["y"]


def test_a_link_with_a_wrong_field_opens_the_fields(page, site_url):
    page.goto(f"{site_url}service-levels/?priority=S9&region=usa&at=2026-12-07T17:30:00Z")
    form = page.locator("form[data-widget=deadline][data-state=invalid]")
    form.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    expect(form.locator(".calc-fields")).to_be_visible()
    expect(page.locator("#deadline-priority")).to_have_attribute("aria-invalid", "true")


def test_paper_keeps_the_question_before_the_answer(page, site_url):
    page.goto(f"{site_url}service-levels/?priority=S1&region=europe&at=2026-12-07T10:00:00Z")
    form = page.locator("form[data-widget=deadline][data-state=answered]")
    form.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    page.emulate_media(media="print")
    asked = form.locator(".calc-question .calc-asked")
    expect(asked).to_be_visible()
    expect(form.locator(".calc-change")).to_be_hidden()
    expect(form.locator(".calc-reach")).to_be_hidden()  # "now" is wrong by the time it is read
    assert asked.bounding_box()["y"] < form.locator(".calc-result").bounding_box()["y"]


# --------------------------------------------------------------------- the whole answer

# the reader's present (UTC), the open lines' regions named in "Reach support now", or None
# when every office is closed then
REACH_CASES = [
    ("2026-12-07T16:00:00Z", ["USA", "Europe"]),  # Monday: London's afternoon, LA's morning
    ("2026-12-08T03:00:00Z", ["APAC"]),           # Tuesday 11:00 in Singapore
    ("2026-12-05T12:00:00Z", None),               # Saturday: every office is closed
]


@pytest.mark.parametrize("now, regions", REACH_CASES)
def test_the_deadline_answer_says_how_to_reach_support_now(browser, site_url, now, regions):
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    page.clock.set_fixed_time(now)
    page.goto(f"{site_url}service-levels/?priority=S2&region=usa")
    form = page.locator("form[data-widget=deadline][data-state=answered]")
    form.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    reach = form.locator(".calc-reach")
    said = words(reach)[0]
    assert said.startswith("Reach support now: ")
    if regions is None:
        assert "Every support office is closed now; the first to open is" in said
        assert reach.locator("a[href^='tel:']").count() == 0
        # The routes the policy names while every office is closed are said with it.
        expect(form.locator(".calc-closed-routes")).to_contain_text("Escalate Case button")
    else:
        named = reach.locator("strong").all_text_contents()[1:]
        assert named == regions
        assert reach.locator("a[href^='tel:']").count() >= len(regions)
    context.close()


# the reported time, the person the line names (None: nobody on duty then), the region on duty
IF_MISSED_CASES = [
    ("2026-12-07T17:30:00Z", "Dipen Shah", "USA"),  # due 19:30 UTC: the USA shift
    ("2026-12-05T12:00:00Z", None, None),          # due Saturday: nobody on a shift
]


@pytest.mark.parametrize("at, person, region", IF_MISSED_CASES)
def test_the_deadline_answer_names_whom_to_escalate_to_and_links_the_whole_chain(
        page, site_url, at, person, region):
    page.goto(f"{site_url}service-levels/?priority=S2&region=usa&at={at}")
    form = page.locator("form[data-widget=deadline][data-state=answered]")
    form.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    missed = form.locator(".calc-if-missed")
    said = " ".join(words(missed.locator("p")))
    assert said.startswith("If the initial response is missed, escalate with the Escalate Case "
                           "button")
    due = form.locator(".calc-result tbody tr >> nth=0").locator("time").first.get_attribute(
        "datetime")
    if person:
        assert f"is {person} (Tier 1 Director, {region} shift)" in said
        assert missed.locator("a[href^='tel:']").count() >= 1
    else:
        assert "nobody named in Tier 1 Support is on duty then" in said
        assert "Next on duty: APAC from" in said
    # The mark of the reading that picks the tier is on the line.
    assert missed.locator(".policy-reading[href$='#reading-customer-case-tier']").count() == 1
    link = missed.locator("a", has_text="The whole Tier 1 Support chain at that time")
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    assert query == {"tier": ["tier1"], "at": [due]}
    # Followed, the link answers for that tier at that time, with the same first person.
    link.click()
    escalation = page.locator("form[data-widget=escalation][data-state=answered]")
    escalation.wait_for(timeout=WIDGETS_TIMEOUT_MS)
    answer = " ".join(words(escalation.locator(".calc-status")))
    if person:
        assert person in answer
    else:
        assert "Next on duty: APAC" in answer


# --------------------------------------------------------------------- while starting

MANIFEST = "**/assets/calculators/manifest.*.json"
SCHEDULES = "**/assets/calculators/schedule-*.json"


# page, its panel, what the panel says while starting, the static facts that stay in view then
# (None: the policy's own words come first, and the tables below them)
LOADING = [
    ("service-levels/", "form[data-widget=deadline]", "Starting the calculator…",
     "article h2:has-text('initial response')"),
    ("escalation/", "form[data-widget=escalation]", "Starting the calculator…", None),
    ("contact/", "[data-widget=open_now]", "Checking which offices are open now…",
     ".calc-open-now-regions li >> nth=0"),
]


@pytest.mark.parametrize("path, widget, loading, static", LOADING)
def test_while_starting_the_loading_state_stands_where_the_answer_will_be(
        browser, site_url, path, widget, loading, static):
    with screen(browser, site_url, PHONE["width"], height=PHONE["height"]) as context:
        held = []
        # The runtime's list of files is held back: the calculators cannot start. Nor has the
        # page a schedule's answer (as outside the schedule's range): it waits for Python.
        context.route(MANIFEST, lambda route: held.append(route))
        context.route(SCHEDULES, lambda route: route.abort())
        page = context.new_page()
        page.goto(site_url + path)
        panel = page.locator(widget)
        status = panel.locator("[role=status]")
        expect(status).to_contain_text(loading, timeout=1000)
        # No empty form: the fields stay closed under the question line.
        for fields in panel.locator(".calc-fields").all():
            expect(fields).to_be_hidden()
        # The loading state is on the first screen, and so are the page's static facts.
        box = status.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"]
        if static:
            assert page.locator(static).bounding_box()["y"] < PHONE["height"]
        for route in held:
            route.continue_()
        context.unroute(MANIFEST)
