"""What a reader sees in Chromium when asking whom to escalate to, and whether an office is open:
always a way to act, as a named person with links, or the routes that exist when nobody named is
on duty; and the support numbers on the home page, with or without the calculator."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from screens import words

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT_MS = 60_000
BUTTON = ("Escalate Case: The Escalate Case button is visible in the upper right of the case "
          "page within the 8x8 Support Portal (My 8x8).")
DIPEN = "Tier 1 Director: Dipen Shah · Phone +1 209-362-3905 · dipen.shah@8x8.com"
EUROPE = "Support line, Europe: open until"
APAC = "Support line, APAC: open until"


def _escalation(page, site_url, tier, at):
    page.goto(f"{site_url}escalation/?tier={tier}&at={at}")
    page.wait_for_selector("form[data-widget=escalation][data-state=answered]",
                           timeout=ANSWER_TIMEOUT_MS)
    return page.locator("form[data-widget=escalation] [role=status]")


# The reader's zone is UTC (see conftest). Every answer opens with the route the policy names
# first, the Escalate Case button. Each case: what the answer says next, the other routes
# offered (each item's text up to its first time), the named person's shifts (each labelled
# with what it is), and the line on the next shift.
NEXT_SHIFT = "next shift from"
GAPS = {
    "tier1 EMEA names nobody": (
        "tier1", "2026-11-30T09:04:00Z",
        "Nobody named is on duty in Tier 1 Support: every role in EMEA/UK is vacant.",
        [DIPEN, EUROPE, APAC], [f"USA: {NEXT_SHIFT}", f"APAC: {NEXT_SHIFT}"],
        None),
    "tier2 vacant everywhere": (
        "tier2", "2026-11-30T09:04:00Z",
        "Nobody named is on duty in Tier 2 Support: every role in EMEA/UK is vacant.",
        [EUROPE, APAC], [], None),
    # Dipen Shah is among the routes: the next shift's first is not named again.
    "tier1 weekend": (
        "tier1", "2026-11-28T17:30:00Z", "Nobody in Tier 1 Support is on duty at this time.",
        [DIPEN], [f"USA: {NEXT_SHIFT}", f"APAC: {NEXT_SHIFT}"],
        "Next on duty: APAC from Sun 29 Nov 2026, 21:00 UTC; first: Tier 1 Director, named "
        "above."),
    "tier2 weekend": (
        "tier2", "2026-11-28T17:30:00Z", "Nobody in Tier 2 Support is on duty at this time.",
        [], [],
        "Next on duty: APAC from Sun 29 Nov 2026, 21:00 UTC; every role there is vacant."),
    "tier1 Monday-morning gap": (
        "tier1", "2026-11-30T07:30:00Z", "Nobody in Tier 1 Support is on duty at this time.",
        [DIPEN, APAC], [f"USA: {NEXT_SHIFT}", f"APAC: {NEXT_SHIFT}"],
        "Next on duty: EMEA/UK from Mon 30 Nov 2026, 08:00 UTC; every role there is vacant."),
}


@pytest.mark.parametrize(("tier", "at", "lead", "routes", "shifts", "following"),
                         GAPS.values(), ids=GAPS.keys())
def test_nobody_named_on_duty_gives_the_routes(page, site_url, tier, at, lead, routes, shifts,
                                               following):
    status = _escalation(page, site_url, tier, at)
    children = status.locator(":scope > *")
    assert [children.nth(0).inner_text(), children.nth(1).inner_text()] == [BUTTON, lead]
    items = status.locator(".calc-routes > li")
    texts = [text.split("\n")[0] for text in items.all_inner_texts()]
    assert [text[:len(start)] for text, start in zip(texts, routes)] == routes
    assert len(texts) == len(routes)
    expect(status.locator(".calc-routes")).to_have_count(1 if routes else 0)
    shown_shifts = status.locator(".calc-routes li ul li").all_inner_texts()
    assert [text[:len(start)] for text, start in zip(shown_shifts, shifts)] == shifts
    assert len(shown_shifts) == len(shifts)
    # Each route to call is a link: a tel: for every number shown, a mailto: for the email.
    links = status.locator(".calc-routes a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert all(href.startswith(("tel:+", "mailto:")) for href in links)
    assert ("mailto:dipen.shah@8x8.com" in links) == (DIPEN in routes)
    assert ("tel:+442070966060" in links) == (EUROPE in routes)
    nxt = status.locator(":scope > p", has_text="Next on duty")
    if following is None:
        expect(nxt).to_have_count(0)
    else:
        assert nxt.inner_text() == following


NAMED = {
    # The first named person leads; a title equal to the role is said once; the instruction
    # (the page's first sentence) is not repeated; vacant roles in one line.
    "tier2-partner USA": (
        "tier2-partner", "2026-11-27T17:30:00Z", "USA is on duty until",
        ["Director, Customer Support: Lucian Pleianu (Director, T2 ROM/APAC) · US +1 669-"
         "245-4661 · UK +44 20 3959 1666 · lucian.pleianu@8x8.com",
         "VP, Technical Services and Support: Timothy Volking · US +1 209-410-9164 · "
         "UK +44 20 7086 6086 · timothy.volking@8x8.com"],
        "Vacant in USA: Tier 2 Lead / Team Manager."),
    "tier2-partner EMEA: the VP, the only one named there": (
        "tier2-partner", "2026-11-27T12:00:00Z", "EMEA/UK is on duty until",
        ["VP, Technical Services and Support: Timothy Volking · US +1 209-410-9164 · "
         "UK +44 20 7086 6086 · timothy.volking@8x8.com"],
        "Vacant in EMEA/UK: Tier 2 Lead / Team Manager, Director, Customer Support."),
    "tier1 USA": (
        "tier1", "2026-11-27T17:30:00Z", "USA is on duty until", [DIPEN],
        "Vacant in USA: Tier 1 Lead, Tier 1 Team Manager."),
}


@pytest.mark.parametrize(("tier", "at", "heading", "contacts", "vacant"), NAMED.values(),
                         ids=NAMED.keys())
def test_someone_named_on_duty_leads(page, site_url, tier, at, heading, contacts, vacant):
    status = _escalation(page, site_url, tier, at)
    children = status.locator(":scope > *")
    assert children.nth(0).inner_text() == BUTTON
    assert children.nth(1).inner_text().startswith(heading)
    assert children.nth(2).locator("li").all_inner_texts() == contacts
    assert children.nth(3).inner_text() == vacant
    text = status.inner_text()
    assert text.count("Escalate Case") == 2 and "Vacant\n" not in text  # the button's line
    expect(status.locator(".calc-routes")).to_have_count(0)


# Someone on duty in two regions at once (USA's shift runs to 02:00 UTC, APAC's began at
# 21:00): named once, under the first region; the second says which roles are named above.
def test_a_person_on_duty_in_two_regions_is_named_once(page, site_url, policy):
    status = _escalation(page, site_url, "tier2-partner", "2026-11-30T23:00:00Z")
    text = status.inner_text()
    assert [text.count(person.name) for person in policy.escalation.people
            if person.name in text] == [1, 1]
    assert "Director, Customer Support and VP, Technical Services and Support: named above." \
        in text
    headings = status.locator("h3").all_inner_texts()
    assert [heading.split(" is on duty")[0] for heading in headings] == ["USA", "APAC"]


def _ask_open_now(page):
    """The home page starts the calculators only when the reader asks; other pages at once."""
    check = page.locator("button.calc-open-check")
    if check.count():
        check.click()


def _open_now(page, url, at):
    page.clock.set_fixed_time(at)
    page.goto(url)
    _ask_open_now(page)
    page.wait_for_selector("[data-widget=open_now][data-state=answered]",
                           timeout=ANSWER_TIMEOUT_MS)
    return page.locator("[data-widget=open_now]")


OUT_OF_HOURS = ("Support is provided via chat and the 8x8 Support Portal (My 8x8) as well as by "
                "telephone; to escalate a case, use the Escalate Case button in the upper right "
                "of the case page in the portal. The policy does not say when chat and the "
                "portal are staffed.")
OPEN_NOW = {
    # (page, now, what the live region says, the tel: links in it, each region's state)
    "home, Monday 09:04Z: Europe and Singapore open": (
        "", "2026-11-30T09:04:00Z",
        ["Open now: Europe · UK +44 20 7096 6060; APAC · ANZ +61 1800 648 574 · "
         "Direct +61 1300 088 917."],
        ["tel:+442070966060", "tel:+611800648574", "tel:+611300088917"],
        ["closed now, opens", "open now, closes", "open now, closes"]),
    "contact, Saturday: all closed": (
        "contact/", "2026-11-28T12:00:00Z",
        ["Every support office is closed now. The first to open is APAC, at Mon 30 Nov 2026, 01:00 UTC.", OUT_OF_HOURS],
        [], ["closed now, opens"] * 3),
    "home, Christmas Day: every office on holiday": (
        "", "2026-12-25T12:00:00Z",
        ["Every support office is closed now. The first to open is APAC, at Mon 28 Dec 2026, 01:00 UTC.", OUT_OF_HOURS],
        [], ["closed now, opens"] * 3),
}


@pytest.mark.parametrize(("path", "now", "said", "links", "states"), OPEN_NOW.values(),
                         ids=OPEN_NOW.keys())
def test_open_now_names_a_route(page, site_url, path, now, said, links, states):
    panel = _open_now(page, site_url + path, now)
    live = panel.locator("[role=status]")
    assert words(live.locator("p")) == said  # the first ends with the answer's reading marks
    assert live.locator("a:not(.policy-reading)").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))") == links
    shown = panel.locator(".calc-open-state").evaluate_all(
        "els => els.map(e => e.firstChild.textContent.trim())")
    assert shown == states


def test_open_now_past_the_holiday_calendars_says_it_cannot_tell(page, site_url):
    page.clock.set_fixed_time("2031-06-02T10:00:00Z")
    page.goto(site_url)
    _ask_open_now(page)
    page.wait_for_selector("[data-widget=open_now][data-state=failed]",
                           timeout=ANSWER_TIMEOUT_MS)
    said = page.locator("[data-widget=open_now] [role=status]").inner_text()
    assert said.startswith("Whether each region is open now cannot be shown: Holidays are known "
                           "here only for 2025 to 2030")
    assert ".." not in said
    assert said.endswith("The hours and numbers below still apply.")


@pytest.mark.parametrize("path", ["", "contact/"])
def test_open_now_live_region_is_a_wrapper(page, site_url, path):
    panel = _open_now(page, site_url + path, "2026-11-30T09:04:00Z")
    # axe's listitem and aria-allowed-role: the live region wraps the answer; it is no list.
    roles = panel.locator("[role]").evaluate_all(
        "els => els.map(e => [e.tagName, e.getAttribute('role')])")
    assert roles == [["DIV", "status"]]


# Counts the page's requests to the worker, to know the panel asked again.
COUNT_ASKS = """(() => {
    const post = Worker.prototype.postMessage;
    window.__asked = 0;
    Worker.prototype.postMessage = function (...args) {
        window.__asked += 1;
        return post.apply(this, args);
    };
})()"""


def test_open_now_is_rewritten_only_when_the_answer_changes(browser, site_url):
    context = browser.new_context(timezone_id="UTC")
    context.add_init_script(COUNT_ASKS)
    page = context.new_page()
    # Saturday noon: every office closed until Monday, so the hourly re-asks answer the same.
    page.clock.install(time="2026-11-28T12:00:00Z")
    page.goto(site_url)
    _ask_open_now(page)
    page.wait_for_selector("[data-widget=open_now][data-state=answered]",
                           timeout=ANSWER_TIMEOUT_MS)
    page.evaluate("""() => {
        window.__mutations = 0;
        new MutationObserver((records) => { window.__mutations += records.length; })
            .observe(document.querySelector('[data-widget=open_now]'),
                     {subtree: true, childList: true, characterData: true, attributes: true});
    }""")
    for _ in range(3):
        asked = page.evaluate("window.__asked")
        page.clock.run_for("01:00:01")
        page.wait_for_function(f"window.__asked > {asked}", timeout=ANSWER_TIMEOUT_MS)
        page.wait_for_timeout(300)  # the worker's reply, a few milliseconds away
    assert page.evaluate("window.__mutations") == 0
    context.close()


@pytest.mark.parametrize("java_script, schedule", [(True, True), (True, False), (False, True)],
                         ids=["from the schedule", "no schedule's answer", "without JS"])
def test_home_page_shows_the_numbers_at_once(browser, site_url, java_script, schedule):
    context = browser.new_context(java_script_enabled=java_script)
    # The worker's files never arrive: what the reader sees must not depend on them.
    context.route("**/assets/calculators/worker.*.mjs", lambda route: route.abort())
    if not schedule:  # as outside the schedule's range
        context.route("**/assets/calculators/schedule-*.json", lambda route: route.abort())
    page = context.new_page()
    runtime = []
    page.on("request", lambda request: runtime.append(request.url)
            if "/assets/calculators/" in request.url and "widgets." not in request.url
            and "/schedule-" not in request.url else None)
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert runtime == [], "the home page fetched the calculators before the reader asked"
    panel = page.locator("[data-widget=open_now]")
    expect(panel).to_be_visible()
    assert panel.locator("li[data-region] a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))") == [
        "tel:+18888988733", "tel:+14086874120", "tel:+442070966060", "tel:+611800648574",
        "tel:+611300088917"]
    if java_script and schedule:
        # Answered at once, with no click and no byte of the calculators.
        assert panel.get_attribute("data-state") == "answered"
        assert panel.get_attribute("data-answer-source") == "schedule"
        assert panel.locator(".calc-open-check").count() == 0
        expect(panel.locator("[role=status]")).to_contain_text(re.compile(
            r"^(Open now: |Every support office is closed now\.)"))
    elif java_script:
        assert panel.get_attribute("data-state") == "idle"
        _ask_open_now(page)
        page.wait_for_selector("[data-widget=open_now][data-state=failed]",
                               timeout=ANSWER_TIMEOUT_MS)
        assert panel.locator("[role=status]").inner_text().endswith(
            "The hours and numbers below still apply.")
    context.close()
