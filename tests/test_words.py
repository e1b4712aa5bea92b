"""Words a reader understands: calendars named as readers know them, each title said once,
notes on the tiers and the APAC zones from the data. Sections rendered directly, no site build."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest

from calculators.model import Clock, Person
from calculators.text_answers import clock_sentence
from publishing.changes import changes
from sitegen import render_section, views


class _Elements(HTMLParser):
    """The text of every element of one tag (``td``, ``p``...), whitespace collapsed, without
    the reading marks beside it: those say what the text rests on (test_readings_site.py)."""

    def __init__(self, tag: str, css_class: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.css_class = tag, css_class
        self.found: list[str] = []
        self._open: list[str] | None = None
        self._depth = 0
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        if tag == "a" and "policy-reading" in (dict(attrs).get("class") or "").split():
            self._in_mark = True
        if tag != self.tag:
            return
        if self._open is not None:
            self._depth += 1
        elif self.css_class is None or self.css_class in (dict(attrs).get("class") or "").split():
            self._open, self._depth = [], 0

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_mark = False
        if tag != self.tag or self._open is None:
            return
        if self._depth:
            self._depth -= 1
            return
        self.found.append(" ".join("".join(self._open).split()))
        self._open = None

    def handle_data(self, data):
        if self._open is not None and not self._in_mark:
            self._open.append(data + " ")


def texts(html: str, tag: str, css_class: str | None = None) -> list[str]:
    parser = _Elements(tag, css_class)
    parser.feed(html)
    return parser.found


def _link(src_uri: str) -> str:
    return f"../{src_uri.removesuffix('.md')}/"


def section(name: str, policy) -> str:
    return render_section(name, policy, link=_link)


# --- calendars ----------------------------------------------------------------------------------

# The weekdays each office is closed in 2026, from the governments' own published lists:
# OPM's federal holidays (Independence Day, a Saturday, is observed on Friday 3 July), GOV.UK's
# bank holidays in England and Wales (Boxing Day, a Saturday, is substituted on Monday 28
# December), and the Ministry of Manpower's public holidays (Vesak Day, National Day and
# Deepavali fall on Sundays and are observed on the Mondays after).
OFFICIAL_2026 = {
    "usa": ("US federal holidays", [
        "01-01", "01-19", "02-16", "05-25", "06-19", "07-03", "09-07", "10-12", "11-11", "11-26",
        "12-25"]),
    "europe": ("England bank holidays", [
        "01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"]),
    "apac": ("Singapore public holidays", [
        "01-01", "02-17", "02-18", "04-03", "05-01", "05-27", "06-01", "08-10", "11-09",
        "12-25"]),
}


@pytest.mark.parametrize("region_id", OFFICIAL_2026)
def test_each_calendar_is_the_one_it_is_named(policy, region_id):
    name, days = OFFICIAL_2026[region_id]
    calendar = policy.support_region(region_id).holidays
    weekdays_off = [f"{h.date:%m-%d}" for h in calendar.holidays
                    if h.date.year == 2026 and h.date.weekday() < 5]
    assert (calendar.name, weekdays_off) == (name, days)


@pytest.mark.parametrize("row, expected", [
    (0, "US federal holidays"),
    (1, "England bank holidays"),
    (2, "Singapore public holidays"),
])
def test_contact_table_names_each_calendar_as_readers_know_it(policy, row, expected):
    # The holidays column is each row's last cell.
    cells = texts(section("support-regions", policy), "td")
    per_row = len(cells) // len(policy.support_regions)
    assert cells[row * per_row + per_row - 1] == expected


@pytest.mark.parametrize("region, calendar, origin", [
    ("USA", "Calendar: US federal holidays",
     "Dates for 2025-2030 from the python-holidays library, calendar US."),
    ("Europe", "Calendar: England bank holidays",
     "Dates for 2025-2030 from the python-holidays library, calendar GB (ENG)."),
    ("APAC", "Calendar: Singapore public holidays",
     "Dates for 2025-2030 from the python-holidays library, calendar SG."),
])
def test_holiday_lists_name_the_calendar_and_the_library_only_in_a_footnote(
        policy, region, calendar, origin):
    html = section("office-holidays", policy)
    regions = texts(html, "h3")
    index = regions.index(region)
    paragraphs = texts(html, "p")[1:]  # after the one sentence that says what the lists mean
    assert paragraphs[2 * index:2 * index + 2] == [calendar, origin]
    assert texts(html, "p", "policy-footnote")[index] == origin


def test_the_library_is_not_named_outside_the_footnotes(policy):
    table = section("support-regions", policy)
    assert "python-holidays" not in table
    holidays = section("office-holidays", policy)
    assert holidays.count("python-holidays") == len(policy.support_regions)


@pytest.mark.parametrize("region_id, clock, words", [
    ("usa", Clock.BUSINESS_DAYS, "that are not US federal holidays count"),
    ("europe", Clock.BUSINESS_DAYS, "that are not England bank holidays count"),
    ("apac", Clock.BUSINESS_DAYS, "that are not Singapore public holidays count"),
    ("usa", Clock.BUSINESS_HOURS, "America/Los_Angeles time, not on US federal holidays)"),
    ("europe", Clock.BUSINESS_HOURS, "Europe/London time, not on England bank holidays)"),
    ("apac", Clock.BUSINESS_HOURS, "Asia/Singapore time, not on Singapore public holidays)"),
])
def test_clock_sentence_names_the_calendar(policy, region_id, clock, words):
    targets = policy.service_levels.for_priority("S2")
    on_clock = dataclasses.replace(targets.updates, clock=clock)
    targets = dataclasses.replace(targets, initial_response=on_clock, updates=on_clock)
    sentence = clock_sentence(targets, policy.support_region(region_id))
    assert words in sentence
    assert "(ENG)" not in sentence and " SG " not in sentence and " US holidays" not in sentence


# --- titles -------------------------------------------------------------------------------------

def _tier_sections(policy) -> dict[str, str]:
    html = section("escalation-tiers", policy)
    parts = html.split("<section>")[1:]
    return {tier.id: part for tier, part in zip(policy.escalation.tiers, parts, strict=True)}


@pytest.mark.parametrize("tier_id, titles", [
    ("tier1", []),  # Dipen Shah has no title of his own
    ("tier2", []),  # nobody named
    # Lucian Pleianu's title says more than his role; Timothy Volking's is his role, said once.
    ("tier2-partner", ["Director, T2 ROM/APAC", "Director, T2 ROM/APAC"]),
])
def test_a_title_is_shown_only_when_it_adds_to_the_role(policy, tier_id, titles):
    assert texts(_tier_sections(policy)[tier_id], "span", "policy-title") == titles


@pytest.mark.parametrize("tier_id", ["tier1", "tier2", "tier2-partner"])
def test_each_role_is_named_once_in_its_table(policy, tier_id):
    """Roles head the columns; no cell under one says its role again."""
    html = _tier_sections(policy)[tier_id]
    head, body = html.split("<tbody>", 1)
    roles = [role.name for role in policy.tier(tier_id).roles]
    assert [head.count(role) for role in roles] == [1] * len(roles)
    assert not [cell for cell in texts(body, "td") for role in roles if role in cell]


@pytest.mark.parametrize("title, role, shown", [
    ("VP, Technical Services and Support", "VP, Technical Services and Support", None),
    ("VP,  Technical Services and support", "VP, Technical Services and Support", None),
    ("Director, T2 ROM/APAC", "Director, Customer Support", "Director, T2 ROM/APAC"),
    ("Director, T2 ROM/APAC", None, "Director, T2 ROM/APAC"),
    (None, "Tier 1 Director", None),
])
def test_contact_title_against_role(title, role, shown):
    person = Person(id="p", name="A Person", title=title, phones=(), email=None)
    assert views.contact(person, role).title == shown


# --- notes on the tiers and the zones -----------------------------------------------------------

SHIPPED_NOTES = {
    "tier1": "The first of the policy's three escalation tiers.",
    "tier2": "The second tier. Its EMEA/UK shift starts earlier than Tier 1's; its USA and APAC "
             "shifts keep Tier 1's hours.",
    "tier2-partner": "A second tier for partner support, listed separately in the policy with "
                     "contacts of its own; its shifts keep Tier 2 Support's hours.",
}
ZONES_NOTE = ("APAC's times are in two time zones, each as the policy gives it: the APAC "
              "support hours on the Contact page are in SGT, Singapore time, and the APAC "
              "escalation shifts on the Escalation page are in AEST, which the site reads as "
              "Sydney time. UTC is shown beside both.")


@pytest.mark.parametrize("tier_id, note", SHIPPED_NOTES.items())
def test_each_tier_shows_its_note_under_its_heading(policy, tier_id, note):
    html = _tier_sections(policy)[tier_id]
    assert texts(html, "p", "policy-tier-note") == [note]
    assert html.index("</h3>") < html.index("policy-tier-note") < html.index("<table>")


def test_a_tier_without_a_note_shows_none(policy):
    tiers = tuple(dataclasses.replace(tier, note=None) for tier in policy.escalation.tiers)
    bare = dataclasses.replace(policy, escalation=dataclasses.replace(policy.escalation,
                                                                      tiers=tiers))
    assert "policy-tier-note" not in section("escalation-tiers", bare)


@pytest.mark.parametrize("zones_note, shown", [
    (ZONES_NOTE, [ZONES_NOTE]),
    (None, []),
])
def test_zones_note_is_rendered_from_the_data(policy, zones_note, shown):
    edited = dataclasses.replace(policy, escalation=dataclasses.replace(
        policy.escalation, zones_note=zones_note))
    if zones_note == ZONES_NOTE:
        assert policy.escalation.zones_note == ZONES_NOTE
    assert texts(section("zones-note", edited), "p", "policy-zones-note") == shown


def _shift(policy, tier_id: str, region_id: str):
    return next(s for s in policy.tier(tier_id).shifts if s.region.id == region_id)


def _window(shift) -> tuple:
    return shift.region.zone, shift.hours


# What the shipped notes claim, checked against the data they sit beside: an edit that makes a
# note untrue fails here, so the note is changed with it.
@pytest.mark.parametrize("claim, holds", [
    ("three tiers", lambda p: len(p.escalation.tiers) == 3),
    ("tier 2's EMEA/UK shift starts earlier than tier 1's",
     lambda p: _shift(p, "tier2", "emea").hours.open < _shift(p, "tier1", "emea").hours.open),
    ("tier 2's USA and APAC shifts keep tier 1's hours",
     lambda p: all(_window(_shift(p, "tier2", r)) == _window(_shift(p, "tier1", r))
                   for r in ("usa", "apac"))),
    ("Tier 2 Partner Support's shifts keep Tier 2 Support's hours",
     lambda p: [_window(s) for s in p.tier("tier2-partner").shifts]
     == [_window(s) for s in p.tier("tier2").shifts]),
    ("APAC support hours are Singapore time",
     lambda p: p.support_region("apac").zone == "Asia/Singapore"),
    ("every APAC escalation shift is Sydney time",
     lambda p: {_shift(p, t.id, "apac").region.zone for t in p.escalation.tiers}
     == {"Australia/Sydney"}),
])
def test_what_the_notes_say_is_true_of_the_data(policy, claim, holds):
    assert holds(policy), claim


# --- the footer ---------------------------------------------------------------------------------

class _Footer(HTMLParser):
    """The page's <footer>: its text, and its links as (href, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._in = 0
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "footer":
            self._in += 1
        if tag == "a" and self._in:
            self._href = dict(attrs).get("href")
            self.links.append((self._href, ""))

    def handle_endtag(self, tag):
        if tag == "footer":
            self._in -= 1
        if tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._in:
            self.text.append(data)
            if self._href is not None:
                href, text = self.links[-1]
                self.links[-1] = (href, text + data)


# (page, its link to Contact): pages at each depth; 404.html's relative links are followed in a
# browser by test_not_found.py.
FOOTER_PAGES = [
    ("index.html", "contact/"),
    ("contact/index.html", "./"),
    ("escalation/index.html", "../contact/"),
    ("service-levels/index.html", "../contact/"),
    ("404.html", "contact/"),
]


@pytest.mark.parametrize("page, contact", FOOTER_PAGES)
def test_footer_gives_the_policy_date_and_every_support_number(site, policy, page, contact):
    footer = _Footer()
    footer.feed((site / page).read_text(encoding="utf-8"))
    text = " ".join("".join(footer.text).split())
    assert text.endswith(f"Policy last updated {views.last_updated(policy).text}.")
    expected = [(link.href, link.number) for region in policy.support_regions
                for link in views.phone_links(region.phones)]
    assert [link for link in footer.links if link[0].startswith("tel:")] == expected
    for region in policy.support_regions:
        assert region.name in text
    assert (contact, "Hours and holidays") in footer.links


# --- what `make diff` reports -------------------------------------------------------------------

def _with_tier(policy, tier_id: str, **changes):
    tiers = tuple(dataclasses.replace(t, **changes) if t.id == tier_id else t
                  for t in policy.escalation.tiers)
    return dataclasses.replace(policy, escalation=dataclasses.replace(policy.escalation,
                                                                      tiers=tiers))


def _with_calendar_name(policy, region_id: str, name: str):
    regions = tuple(
        dataclasses.replace(r, holidays=dataclasses.replace(r.holidays, name=name))
        if r.id == region_id else r for r in policy.support_regions)
    return dataclasses.replace(policy, support_regions=regions)


@pytest.mark.parametrize("edit, line", [
    (lambda p: _with_calendar_name(p, "usa", "US holidays"),
     "usa holiday calendar: US federal holidays (US), 2025-2030 -> US holidays (US), 2025-2030"),
    (lambda p: _with_tier(p, "tier1", note=None),
     f"tier1 note: {SHIPPED_NOTES['tier1']} -> (none)"),
    (lambda p: dataclasses.replace(p, escalation=dataclasses.replace(
        p.escalation, zones_note="Sydney.")),
     f"time zones note: {ZONES_NOTE} -> Sydney."),
])
def test_make_diff_reports_the_new_words(policy, edit, line):
    assert changes(policy, edit(policy)) == [line]


# --- sentences said once ------------------------------------------------------------------------

@pytest.mark.parametrize("priority_id", ["S1", "S2", "S3"])
def test_service_levels_page_defines_each_severity_once(policy, priority_id):
    priority = next(p for p in policy.service_levels.priorities if p.id == priority_id)
    initial = section("initial-response-targets", policy)
    updates = section("update-targets", policy)
    cells = texts(updates, "td")
    assert (initial.count(priority.definition), updates.count(priority.definition)) == (1, 0)
    assert priority.name in cells
