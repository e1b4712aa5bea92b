"""Every answer says what it rests on (issue 16), in Chromium: the calculators' answers carry the
marks of exactly the unconfirmed readings of Python's JSON answer to the same question, each in
its place and linking to the reading on the readings page; a due time or an escalation while
every support office is closed says which opens first and names the routes the policy gives
then; the marks fit a phone; and a reading the policy owner confirmed loses its mark."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from browser import serve
from calculators.browser import nearest_region
from calculators.coverage_chart import week_chart
from calculators.json_answers import deadline_json, escalation_json, open_now_json
from conftest import DATA, build_site
from screens import screen

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT_MS = 60_000
# Each mark as the reader's browser resolves it, and all it says, the hidden title included.
MARKS = "els => els.map(a => [a.href, a.textContent])"
ROUTES = ("While every office is closed: Support is provided via chat and the 8x8 Support "
          "Portal (My 8x8) as well as by telephone; to escalate a case, use the Escalate Case "
          "button in the upper right of the case page in the portal. The policy does not say "
          "when chat and the portal are staffed.")
SATURDAY_NIGHT = ("S1", "2026-12-05T22:30", "Australia/Sydney")  # the case


def _expected(site_url: str, readings: list[dict], ids=None) -> list[list[str]]:
    """The marks for the unconfirmed readings among ``ids`` (all without), in the answer's order."""
    return [[f"{site_url}readings/#reading-{reading['id']}",
             f"reading {reading['number']}, the site's reading: {reading['title']}"]
            for reading in readings
            if not reading["confirmed"] and (ids is None or reading["id"] in ids)]


def _marks(locator) -> list[list[str]]:
    return locator.locator("a.policy-reading").evaluate_all(MARKS)


def _answered(page, form: str):
    page.wait_for_selector(f"form[data-widget={form}][data-state=answered]",
                           timeout=ANSWER_TIMEOUT_MS)
    return page.locator(f"form[data-widget={form}] [role=status]")


def _deadline_answer(policy, priority: str, local: str, tz: str, region: str) -> dict:
    at = dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(tz))
    region = region or nearest_region(policy, tz, at).id
    return deadline_json(policy, priority, at, region)


def _open_deadline(page, site_url, priority, local, tz, region):
    page.goto(f"{site_url}service-levels/?priority={priority}&at={local}&tz={tz}&region={region}")
    return _answered(page, "deadline")


def _check_deadline(status, site_url: str, answer: dict) -> None:
    """Each due time's row ends with the marks of what it rests on; under the last of a run of
    due times while every office is closed, a row says which opens first, once, with its own
    marks; the routes then, once. The lines on reaching support now and on whom to escalate to
    carry the marks of what they rest on."""
    readings = answer["readings"]
    due_times = [(answer["initial_response"], answer["initial_response"]["readings"])] + [
        (update, answer["update_interval"]["readings"]) for update in answer["updates"]]
    rows = status.locator("tbody tr")
    index, run = 0, 0

    def opens(due):
        return due and due["offices_closed"] and due["offices_closed"]["next_open"]["at"]

    for (due, ids), after in zip(due_times, [d for d, _ in due_times[1:]] + [None]):
        row = rows.nth(index)
        assert row.locator("time").first.get_attribute("datetime") == due["due"]
        assert _marks(row) == _expected(site_url, readings, ids)
        index += 1
        closed = due["offices_closed"]
        run = run + 1 if closed else 0
        if closed is None or opens(after) == opens(due):
            continue
        note = rows.nth(index)
        when = "then" if run == 1 else f"at each of these {run} due times"
        assert note.get_attribute("class") == "calc-closed"
        assert note.inner_text().startswith(f"Every support office is closed {when}; the first "
                                            f"to open is {closed['next_open']['name']}, ")
        assert note.locator("time").get_attribute("datetime") == closed["next_open"]["at"]
        assert _marks(note) == _expected(site_url, readings, closed["readings"])
        index += 1
        run = 0
    expect(rows).to_have_count(index)
    routes = status.locator(".calc-closed-routes")
    if answer["routes_while_closed"]:
        assert routes.all_inner_texts() == [
            "While every office is closed: " + answer["routes_while_closed"]]
    else:
        expect(routes).to_have_count(0)
    reach = status.locator(".calc-reach")
    assert _marks(reach) == _expected(site_url, readings, answer["reach"]["readings"])
    missed = status.locator(".calc-if-missed")
    assert _marks(missed) == _expected(site_url, readings, answer["if_missed"]["readings"])
    # Nothing else carries a mark, and every unconfirmed reading has one.
    shown = _marks(status)
    assert len(shown) == len(_marks(status.locator("tbody"))) + len(_marks(reach)) + len(
        _marks(missed))
    assert {tuple(mark) for mark in shown} == {
        tuple(mark) for mark in _expected(site_url, readings)}


@pytest.mark.parametrize("region", ["apac", ""], ids=["APAC", "nearest to Sydney"])
def test_saturday_night_s1_names_the_routes_while_offices_are_closed(page, site_url, policy,
                                                                       region):
    status = _open_deadline(page, site_url, *SATURDAY_NIGHT, region)
    notes = status.locator("tr.calc-closed")
    # The response and every update fall before Monday: one line under them says APAC opens
    # first, on Monday 09:00 in Singapore, shown in the reader's zone.
    expect(notes).to_have_count(1)
    assert notes.inner_text().startswith(
        "Every support office is closed at each of these 4 due times; the first to open is "
        "APAC, Mon 7 Dec 2026, 12:00 AEDT.")
    assert notes.locator("time").get_attribute("datetime") == "2026-12-07T01:00:00Z"
    assert status.locator(".calc-closed-routes").all_inner_texts() == [ROUTES]
    _check_deadline(status, site_url, _deadline_answer(policy, *SATURDAY_NIGHT, region))


DEADLINES = {
    "S1 Saturday night in Sydney": (*SATURDAY_NIGHT, "apac"),
    "S2 on Thanksgiving, business hours": ("S2", "2026-11-26T12:00", "UTC", "usa"),
    "S3 on Christmas Day in Europe": ("S3", "2026-12-25T09:00", "UTC", "europe"),
    "S2 on a Monday morning in Europe": ("S2", "2026-11-30T09:04", "Europe/London", "europe"),
    "S1 on a weekday in New York": ("S1", "2026-11-27T12:30", "America/New_York", "usa"),
}


@pytest.mark.parametrize(("priority", "local", "tz", "region"), DEADLINES.values(),
                         ids=DEADLINES.keys())
def test_deadline_marks_are_the_answers_unconfirmed_readings(page, site_url, policy, priority,
                                                             local, tz, region):
    status = _open_deadline(page, site_url, priority, local, tz, region)
    _check_deadline(status, site_url, _deadline_answer(policy, priority, local, tz, region))


ESCALATIONS = {
    "every office closed, Saturday night": ("tier2-partner", "2026-12-05T22:30:00Z"),
    "the weekend, nobody on duty": ("tier2", "2026-11-28T17:30:00Z"),
    "someone named on duty": ("tier1", "2026-07-15T00:59:00Z"),
    "open support lines among the routes": ("tier1", "2026-11-30T09:04:00Z"),
}


@pytest.mark.parametrize(("tier", "at"), ESCALATIONS.values(), ids=ESCALATIONS.keys())
def test_escalation_marks_are_the_answers_unconfirmed_readings(page, site_url, policy, tier, at):
    page.goto(f"{site_url}escalation/?tier={tier}&at={at}")
    status = _answered(page, "escalation")
    answer = escalation_json(policy, tier, dt.datetime.fromisoformat(at))
    readings, closed = answer["readings"], answer["offices_closed"]
    office_ids = closed["readings"] if closed else []
    # The question's line carries what the answer rests on, but the offices' hours and holidays
    # when those go with the sentence saying every office is closed: each mark is shown once.
    asked = page.locator("form[data-widget=escalation] .calc-question .calc-asked")
    assert _marks(asked) == _expected(
        site_url, readings, [r["id"] for r in readings if r["id"] not in office_ids])
    sentence = status.locator("p.calc-closed")
    routes = status.locator(".calc-closed-routes")
    if closed:
        assert sentence.inner_text().startswith(
            f"Every support office is closed now; the first to open is "
            f"{closed['next_open']['name']}, ")
        assert sentence.locator("time").get_attribute("datetime") == closed["next_open"]["at"]
        assert _marks(sentence) == _expected(site_url, readings, office_ids)
        assert routes.all_inner_texts() == ["While every office is closed: "
                                            + answer["routes_while_closed"]]
    else:
        expect(sentence).to_have_count(0)
        expect(routes).to_have_count(0)
    shown = _marks(page.locator("form[data-widget=escalation]"))
    assert len(shown) == len({tuple(mark) for mark in shown}), "a mark shown twice"
    assert sorted(map(tuple, shown)) == sorted(map(tuple, _expected(site_url, readings)))


def _open_now(page, url: str, at: str):
    page.clock.set_fixed_time(at)
    page.goto(url)
    check = page.locator("button.calc-open-check")  # the home page asks the reader first
    if check.count():
        check.click()
    page.wait_for_selector("[data-widget=open_now][data-state=answered]",
                           timeout=ANSWER_TIMEOUT_MS)
    return page.locator("[data-widget=open_now] [role=status]")


@pytest.mark.parametrize(("path", "at"), [
    ("contact/", "2026-11-28T12:00:00Z"),  # Saturday: every office closed
    ("", "2026-11-30T09:04:00Z"),  # Monday morning: Europe and APAC open
], ids=["contact, all closed", "home, open"])
def test_open_now_marks_are_the_answers_unconfirmed_readings(page, site_url, policy, path, at):
    live = _open_now(page, site_url + path, at)
    expected = _expected(site_url,
                         open_now_json(policy, dt.datetime.fromisoformat(at))["readings"])
    # The answer's first sentence ends with them; nothing else in the panel has one.
    assert _marks(live.locator("p").first) == expected
    assert _marks(page.locator("[data-widget=open_now]")) == expected


COVERAGE = [("escalation/", "tiers", ["tier1", "tier2", "tier2-partner"]),
            ("contact/", "support", ["support"])]


def _check_charts(group, site_url: str, policy, views: list[str]) -> None:
    for view, section in zip(views, group.locator("section.cov").all(), strict=True):
        readings = week_chart(policy, view, "UTC", dt.date(2026, 11, 30))["readings"]
        assert _marks(section.locator(".cov-gaps-intro")) == _expected(site_url, readings)
        assert _marks(section) == _expected(site_url, readings), "marks beside the gaps only"


@pytest.mark.parametrize(("path", "group", "views"), COVERAGE, ids=["tiers", "support"])
def test_week_charts_carry_their_marks_built_and_redrawn(browser, page, site_url, policy, path,
                                                         group, views):
    without_js = browser.new_context(java_script_enabled=False)
    try:
        built = without_js.new_page()
        built.goto(site_url + path)
        _check_charts(built.locator(f"#coverage-{group}"), site_url, policy, views)
    finally:
        without_js.close()
    page.goto(f"{site_url}{path}?tz=Asia/Tokyo&week=2027-01-04")
    page.wait_for_selector(f"#coverage-{group}[data-state=answered]", timeout=ANSWER_TIMEOUT_MS)
    charts = page.locator(f"#coverage-{group}")
    expect(charts.locator(".cov-caption").first).to_contain_text("in Asia/Tokyo")
    _check_charts(charts, site_url, policy, views)


# Whether a mark is whole on the screen: inside the viewport, and not cut by any box around it
# that clips what overflows it (the root's and the body's overflow is the viewport's).
WHOLE = """els => els.map(mark => {
    mark.scrollIntoView({block: "center"});
    const box = mark.getBoundingClientRect();
    const inside = (outer) => box.left >= outer.left - 0.5 && box.right <= outer.right + 0.5
        && box.top >= outer.top - 0.5 && box.bottom <= outer.bottom + 0.5;
    let clipped = null;
    for (let node = mark.parentElement; node && node !== document.body;
         node = node.parentElement) {
        const style = getComputedStyle(node);
        if ((style.overflowX !== "visible" || style.overflowY !== "visible")
            && !inside(node.getBoundingClientRect())) clipped = node.className || node.tagName;
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {mark: mark.textContent, width: box.width,
            inViewport: inside({left: 0, top: 0, right: innerWidth, bottom: innerHeight}),
            clippedBy: clipped, uncovered: mark.contains(hit)};
})"""

PHONE = {
    "deadline, Saturday night": (
        "service-levels/?priority=S1&at=2026-12-05T22:30&tz=Australia/Sydney&region=apac",
        "form[data-widget=deadline] [role=status]"),
    "escalation, every office closed": (
        "escalation/?tier=tier2-partner&at=2026-12-05T22:30:00Z",
        "form[data-widget=escalation] [role=status]"),
    "open now and the week chart": ("contact/", "[data-widget]"),
}


@pytest.mark.parametrize(("path", "where"), PHONE.values(), ids=PHONE.keys())
def test_marks_are_whole_on_a_phone(browser, site_url, path, where):
    with screen(browser, site_url, 390, height=700) as context:
        page = context.new_page()
        page.clock.set_fixed_time("2026-11-28T12:00:00Z")
        page.goto(site_url + path)
        page.wait_for_function("""() => [...document.querySelectorAll('[data-widget]')]
            .every(widget => !['starting', undefined].includes(widget.dataset.state))""",
                               timeout=ANSWER_TIMEOUT_MS)
        marks = page.locator(where).locator("a.policy-reading")
        assert marks.count() > 0
        problems = [mark for mark in marks.evaluate_all(WHOLE)
                    if not (mark["inViewport"] and mark["clippedBy"] is None
                            and mark["uncovered"] and mark["width"] > 0)]
        assert problems == []


# ---------------------------------------------------------------- either engine

class _EmptyMarks(HTMLParser):
    """The links of the empty marks (templates/policy/_reading_mark.html) a page holds."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self._template = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._template = attrs.get("class") == "calc-reading-mark"
        elif tag == "a" and self._template:
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "template":
            self._template = False


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_widgets_marks_link_to_the_readings_page_under_either_engine(sites, engine):
    # Zensical makes links relative to the page only in href attributes: the empty mark's is one.
    pages = {"index.html": 1, "service-levels/index.html": 1, "escalation/index.html": 2,
             "contact/index.html": 2}  # the widgets on each page
    for page, widgets in pages.items():
        links = _EmptyMarks((sites[engine] / page).read_text(encoding="utf-8")).links
        root = "" if page == "index.html" else "../"
        assert links == [f"{root}readings/"] * widgets, page


# ---------------------------------------------------------------- a confirmed reading

CONFIRMED = "office-holidays"


@pytest.fixture(scope="module")
def confirmed(tmp_path_factory):
    """A site built from a copy of the data in which the policy owner confirmed one reading,
    served; yields (its URL, its policy)."""
    from policydata import load_policy

    folder = tmp_path_factory.mktemp("confirmed")
    data = folder / "data"
    shutil.copytree(DATA, data)
    readings = data / "readings.yaml"
    text = readings.read_text(encoding="utf-8")
    entry = text.index(f"- id: {CONFIRMED}\n")
    at = text.index("confirmed: no", entry)
    readings.write_text(text[:at] + "confirmed: {by: Jane Doe, date: 2026-12-04}"
                        + text[at + len("confirmed: no"):], encoding="utf-8")
    policy = load_policy(data)
    assert [r.confirmed for r in policy.readings if r.id == CONFIRMED] == [True]
    site = folder / "site"
    result = build_site(site, data=data)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(site) as url:
        yield url, policy


def test_a_confirmed_reading_loses_its_mark_in_every_widget(browser, confirmed):
    url, policy = confirmed
    gone = f"#reading-{CONFIRMED}"
    with screen(browser, url, 1280) as context:
        page = context.new_page()
        status = _open_deadline(page, url, *SATURDAY_NIGHT, "apac")
        answer = _deadline_answer(policy, *SATURDAY_NIGHT, "apac")
        assert [r["id"] for r in answer["readings"] if r["confirmed"]] == [CONFIRMED]
        _check_deadline(status, url, answer)
        # Beside a due time while every office is closed, only the other office reading is
        # left, under its own number: marks are numbered as the readings page lists them.
        closed = _marks(status.locator("tr.calc-closed").first)
        assert [text.split(",")[0] for _, text in closed] == ["reading 5"]

        page.goto(f"{url}escalation/?tier=tier2-partner&at=2026-12-05T22:30:00Z")
        status = _answered(page, "escalation")
        escalation = escalation_json(policy, "tier2-partner",
                                     dt.datetime.fromisoformat("2026-12-05T22:30:00Z"))
        assert sorted(map(tuple, _marks(page.locator("form[data-widget=escalation]")))) == sorted(
            map(tuple, _expected(url, escalation["readings"])))

        live = _open_now(page, url + "contact/", "2026-11-28T12:00:00Z")
        assert _marks(live) == _expected(url, open_now_json(
            policy, dt.datetime.fromisoformat("2026-11-28T12:00:00Z"))["readings"])
        page.wait_for_selector("#coverage-support[data-state=answered]",
                               timeout=ANSWER_TIMEOUT_MS)
        _check_charts(page.locator("#coverage-support"), url, policy, ["support"])

        shown = page.evaluate("() => [...document.querySelectorAll('a.policy-reading')]"
                              ".map(a => a.getAttribute('href'))")
        assert shown and not [href for href in shown if re.search(f"{gone}$", href)]
