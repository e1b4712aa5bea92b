"""The built site: every fact of the policy text on its page, working links, no other host.

The site is built once per session with the same strict command `make build` runs. Expected
text is transcribed from the policy text (shared/seed/000_95b0984cb01bd622.txt), not from data/,
so a wrong edit of the data shows here; times the site computes are in their own table.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from calculators import time_words

from conftest import ROOT

PAGES = {
    "overview": "index.html",
    "responsibilities": "responsibilities/index.html",
    "service-levels": "service-levels/index.html",
    "contact": "contact/index.html",
    "escalation": "escalation/index.html",
    "call-quality": "call-quality/index.html",
}

# (page, text as the policy text has it); compared ignoring case and runs of whitespace.
SEED_TEXT = [
    ("overview", "The 8x8 Technical Support team is the central point for incident management on "
                 "all 8x8 services."),
    ("overview", "8x8 Support"),
    ("overview", "Read how to Contact 8x8 Technical Support."),
    ("responsibilities", "As an 8x8 customer, the customer is responsible for the following "
                         "items:"),
    ("responsibilities", "Service identifier: Providing a valid service identifier such as site "
                         "name, address or telephone number when reporting an incident to 8x8 "
                         "Support"),
    ("responsibilities", "Authorized representatives: Provide and maintain a list of authorized "
                         "technical representatives who can act on behalf of the organization, "
                         "and be contacted by the 8x8 Premium Support team"),
    ("responsibilities", "Checking equipment: Checking that equipment is cabled and powered "
                         "correctly, including phones, routers, etc"),
    ("responsibilities", "Diagnostics: Completing first-level diagnostic checks before raising a "
                         "case with 8x8 Support"),
    ("responsibilities", "8x8 Premium Support is responsible for the following items:"),
    ("responsibilities", "Support: Support will be provided via chat, telephone, and the 8x8 "
                         "Support Portal (My 8x8)"),
    ("responsibilities", "Case Number: Issue a unique reference number for each new incident "
                         "raised"),
    ("responsibilities", "Monitoring: Monitor each incident through to completion"),
    ("responsibilities", "Status updates: Provide an update on the status/progress as agreed with "
                         "the customer"),
    ("responsibilities", "Confirmation: Confirming when an incident has been resolved"),
    ("responsibilities", "Diagnostics are undertaken by a Premium Support engineer and are "
                         "designed to determine the cause of the incident and ensure appropriate "
                         "action is taken (e.g., incident logged to third party provider)."),
    ("responsibilities", "The customer will then be updated and if needed, the issue will be "
                         "escalated to our Global Applications Support or Network Operations "
                         "Center team."),
    ("responsibilities", "The engineer will own the case through to resolution utilizing the "
                         "resources required to resolve the issue."),
    ("responsibilities", "When the issue is resolved, changes completed, and/or the questions are "
                         "answered, the customer will be further updated and 8x8 will request "
                         "acceptance to resolve the case."),
    ("responsibilities", "8x8 will make a maximum of three requests before the case will then be "
                         "set to be closed unless anything further is heard from the Customer."),
    ("responsibilities", "Fix times will vary depending on the incident type, type of customer "
                         "premises equipment (CPE), and network infrastructure components of the "
                         "solution."),
    ("responsibilities", "The Customer is responsible for procuring at its own cost, Internet "
                         "connectivity; and for ensuring that all aspects of the applicable "
                         "network environment(s) adhere to the standards and requirements "
                         "specified in 8x8’s Documentation (being those user manuals and X Series "
                         "Technical Requirements related to the 8x8 VoIP service offering posted "
                         "to www.8x8.com, but excluding marketing materials)."),
    ("responsibilities", "Additionally, the Customer must make sure that the 8x8 VoIP service "
                         "offering is configured appropriately to the proposed use."),
    ("responsibilities", "As 8x8’s VoIP service offerings rely on the transmission of electronic "
                         "data over the Internet and various other networks that are not owned or "
                         "operated by, or under the control of, 8x8, 8x8 is not responsible (or "
                         "liable) for any delay, loss, alteration or interception of data in the "
                         "course of its transmission through and between networks not owned "
                         "and/or operated by 8x8."),
    ("service-levels", "Premium Support"),
    ("service-levels", "S1"),
    ("service-levels", "S2"),
    ("service-levels", "S3"),
    ("service-levels", "30 minutes"),
    ("service-levels", "2 hours"),
    ("service-levels", "24 hours"),
    ("service-levels", "every 4 hours until resolution"),
    ("service-levels", "24 hours (business days)"),
    ("service-levels", "36 hours (business days)"),
    ("service-levels", "Production down: Production system, application, or business-critical "
                       "feature/function is down."),
    ("service-levels", "Production impaired: A major feature or function is not working correctly "
                       "and is blocking the full use of the 8x8 system, but basic functions and "
                       "features are working."),
    ("service-levels", "Minor issue: A minor issue is impacting the usability of the system, but a "
                       "workaround is available and major features and functions are working "
                       "correctly."),
    ("service-levels", "are not service level agreements - there will be no financial penalties "
                       "if targets are not achieved"),
    ("contact", "USA"),
    ("contact", "Toll Free: +1 888-898-8733"),
    ("contact", "Direct: +1 408-687-4120"),
    ("contact", "Europe"),
    ("contact", "UK: +44 20 7096 6060"),
    ("contact", "APAC"),
    ("contact", "ANZ: +61 1800 648 574"),
    ("contact", "Direct: +61 1300 088 917"),
    ("escalation", "The Escalate Case button is visible in the upper right of the case page "
                   "within the 8x8 Support Portal (My 8x8)."),
    ("escalation", "Our follow-the-sun support model ensures that you will be able to reach an "
                   "additional escalation contact around the clock."),
    ("escalation", "Tier 1 Support"),
    ("escalation", "Tier 1 Lead"),
    ("escalation", "Tier 1 Team Manager"),
    ("escalation", "Tier 1 Director"),
    ("escalation", "Dipen Shah"),
    ("escalation", "+1 209-362-3905"),
    ("escalation", "dipen.shah@8x8.com"),
    ("escalation", "Tier 2 Support"),
    ("escalation", "Tier 2 Lead / Team Manager"),
    ("escalation", "Director/Senior Director, Customer Support"),
    ("escalation", "Tier 2 Partner Support"),
    ("escalation", "Director, Customer Support"),
    ("escalation", "Lucian Pleianu"),
    ("escalation", "Director, T2 ROM/APAC"),
    ("escalation", "+1 669-245-4661"),
    ("escalation", "+44 20 3959 1666"),
    ("escalation", "lucian.pleianu@8x8.com"),
    ("escalation", "VP, Technical Services and Support"),
    ("escalation", "Timothy Volking"),
    ("escalation", "+1 209-410-9164"),
    ("escalation", "+44 20 7086 6086"),
    ("escalation", "timothy.volking@8x8.com"),
    ("escalation", "EMEA/UK"),
    ("call-quality", "When logging a fault, be prepared to supply information to help diagnose "
                     "issues, for example:"),
    ("call-quality", "What is happening? For example, no audio, one way audio, break up of audio, "
                     "delayed speech, echo, robotic, static noise?"),
    ("call-quality", "Is it on all calls or is it intermittent?"),
    ("call-quality", "Does it affect one single phone, a few, or all phones?"),
    ("call-quality", "Has the call been tried on another phone?"),
    ("call-quality", "Is the issue on incoming calls, outgoing calls, or both?"),
    ("call-quality", "Does the issue happen on internal calls?"),
    ("call-quality", "What was displayed on the phone at the time of the call and afterward?"),
    ("call-quality", "Are there any obvious patterns? For example, always at the same time of the "
                     "day? Always when lots of people are taking calls?"),
    ("call-quality", "Is the internet connection stable and checks have been run?"),
    ("call-quality", "When supplying call examples for an audio trace, the following is "
                     "required:"),
    ("call-quality", "Call sample needs to be within 24 hours of the call"),
    ("call-quality", "Number calling (Full number with Area code)"),
    ("call-quality", "Number called (Full number with Area code)"),
    ("call-quality", "Date and time of call"),
    ("call-quality", "Call direction"),
    ("call-quality", "Preferred call examples are from landline numbers. As mobile calls have too "
                     "many variables to take into account."),
    ("call-quality", "Call samples from withheld numbers are acceptable, where they are few in "
                     "number, as finding these calls can be time-consuming."),
]

# (page, text the site computes): local hours with their zone, UTC from the tz database.
COMPUTED_TEXT = [
    ("service-levels", "30 minutes (24x7)"),
    ("service-levels", "every 24 hours (business days)"),
    ("contact", "Mon-Fri 05:00-18:00 America/Los_Angeles 13:00-02:00 UTC (PST) "
                "12:00-01:00 UTC (PDT)"),
    ("contact", "Mon-Fri 08:00-18:00 Europe/London 08:00-18:00 UTC (GMT) 07:00-17:00 UTC (BST)"),
    ("contact", "Mon-Fri 09:00-18:00 Asia/Singapore 01:00-10:00 UTC"),
    ("contact", "Calendar: England bank holidays"),
    ("contact", "Dates for 2025-2030 from the python-holidays library, calendar GB (ENG)."),
    ("escalation", "USA Mon-Fri 05:00-18:00 America/Los_Angeles 13:00-02:00 UTC (PST) "
                   "12:00-01:00 UTC (PDT)"),
    ("escalation", "APAC Mon-Fri 08:00-17:00 Australia/Sydney Sun-Thu 22:00-07:00 UTC (AEST) "
                   "Sun-Thu 21:00-06:00 UTC (AEDT)"),
    ("escalation", "EMEA/UK Mon-Fri 09:00-18:30 Europe/Paris 08:00-17:30 UTC (CET) "
                   "07:00-16:30 UTC (CEST)"),
    ("escalation", "EMEA/UK Mon-Fri 07:00-18:30 Europe/Paris 06:00-17:30 UTC (CET) "
                   "05:00-16:30 UTC (CEST)"),
    ("escalation", "Vacant"),
]

# (page, note for readers from the data): the tiers' notes, and the APAC zones on both pages.
NOTE_TEXT = [
    ("escalation", "Tier 1 Support The first of the policy's three escalation tiers."),
    ("escalation", "Tier 2 Partner Support A second tier for partner support"),
    ("escalation", "the APAC escalation shifts on the Escalation page are in AEST, which the "
                   "site reads as Sydney time"),
    ("contact", "the APAC support hours on the Contact page are in SGT, Singapore time"),
]

# (page, href, the link's text): numbers shown in international format, dialled as E.164.
LINKS = [
    ("contact", "tel:+18888988733", "+1 888-898-8733"),
    ("contact", "tel:+14086874120", "+1 408-687-4120"),
    ("contact", "tel:+442070966060", "+44 20 7096 6060"),
    ("contact", "tel:+611800648574", "+61 1800 648 574"),
    ("contact", "tel:+611300088917", "+61 1300 088 917"),
    ("escalation", "tel:+12093623905", "+1 209-362-3905"),
    ("escalation", "mailto:dipen.shah@8x8.com", "dipen.shah@8x8.com"),
    ("escalation", "tel:+16692454661", "+1 669-245-4661"),
    ("escalation", "tel:+442039591666", "+44 20 3959 1666"),
    ("escalation", "mailto:lucian.pleianu@8x8.com", "lucian.pleianu@8x8.com"),
    ("escalation", "tel:+12094109164", "+1 209-410-9164"),
    ("escalation", "tel:+442070866086", "+44 20 7086 6086"),
    ("escalation", "mailto:timothy.volking@8x8.com", "timothy.volking@8x8.com"),
    ("overview", "contact/", "Read how to Contact 8x8 Technical Support."),
    ("contact", "#holidays-usa", "US federal holidays"),
    ("contact", "#holidays-europe", "England bank holidays"),
    ("contact", "#holidays-apac", "Singapore public holidays"),
]

# Elements that make the browser fetch what their attribute points at.
FETCHING = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"),
            ("source", "src"), ("source", "srcset"), ("iframe", "src"), ("video", "src"),
            ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href"),
            ("use", "href")}
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+["']([^"']+)""")


class _Page(HTMLParser):
    """The article's text, its links, and every address the page makes the browser fetch. The
    text leaves out the reading marks ("reading 6"), which sit inside the lines they qualify
    (test_readings_site.py checks them): the facts around them read on without them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.fetched: list[str] = []
        self.css: list[str] = []
        self._article = 0
        self._link: list[str] | None = None
        self._href = ""
        self._style = False
        self._mark = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for element, attribute in FETCHING:
            value = attrs.get(attribute) if tag == element else None
            if value and attribute == "srcset":
                self.fetched.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif value:
                self.fetched.append(value)
        if attrs.get("style"):
            self.css.append(attrs["style"])
        self._style = tag == "style"
        if tag == "article":
            self._article += 1
        if tag == "a" and self._article:
            self._link, self._href = [], attrs.get("href", "")
            self._mark = "policy-reading" in (attrs.get("class") or "").split()

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1
        if tag == "a" and self._link is not None:
            self.links.append((self._href, _collapse("".join(self._link))))
            self._link, self._mark = None, False
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.css.append(data)
        if self._article and not self._mark:
            # Block boundaries are whitespace to a reader; a space keeps cells apart.
            self.text.append(data + " ")
            if self._link is not None:
                self._link.append(data)


def _collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="session")
def pages(site):
    parsed = {}
    for name, path in PAGES.items():
        page = _Page()
        page.feed((site / path).read_text(encoding="utf-8"))
        parsed[name] = page
    return parsed


def _page_text(pages, name: str) -> str:
    return _collapse("".join(pages[name].text)).casefold()


def test_strict_build_passes_without_warnings(build):
    _, result = build
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not re.search(r"^WARNING\b", output, re.MULTILINE), output


@pytest.mark.parametrize("page, text", SEED_TEXT + COMPUTED_TEXT + NOTE_TEXT)
def test_text_is_on_its_page(pages, page, text):
    assert _collapse(text).casefold() in _page_text(pages, page)


@pytest.mark.parametrize("page, href, text", LINKS)
def test_link(pages, page, href, text):
    assert (href, text) in pages[page].links


def test_every_office_holiday_is_listed(pages, policy):
    text = _page_text(pages, "contact")
    missing = [f"{region.id} {day.date} {day.name}"
               for region in policy.support_regions for day in region.holidays.holidays
               if f"{day.date.isoformat()} {time_words.DAYS[day.date.weekday()]} {day.name}".casefold() not in text]
    assert not missing
    assert sum(len(region.holidays.holidays) for region in policy.support_regions) > 100


def test_links_within_the_site_lead_somewhere(site, pages):
    for name, page in pages.items():
        base = (site / PAGES[name]).parent
        for href, _ in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (base / parts.path).resolve()
            assert (target / "index.html" if target.is_dir() else target).exists(), (name, href)


def _external(address: str) -> bool:
    parts = urlsplit(address.strip())
    return bool(parts.netloc) or parts.scheme in {"http", "https", "ftp", "ws", "wss"}


def _built_files(site: Path, suffix: str) -> list[Path]:
    return sorted(site.rglob(f"*{suffix}"))


def test_pages_fetch_nothing_from_other_hosts(site):
    problems = []
    for path in _built_files(site, ".html"):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        addresses = page.fetched + [_css_address(match) for css in page.css
                                    for match in CSS_URL.finditer(css)]
        problems += [f"{path.relative_to(site)}: {address}" for address in addresses
                     if _external(address)]
    assert not problems
    assert len(_built_files(site, ".html")) >= len(PAGES)


def test_stylesheets_fetch_nothing_from_other_hosts(site):
    problems = [f"{path.relative_to(site)}: {_css_address(match)}"
                for path in _built_files(site, ".css")
                for match in CSS_URL.finditer(path.read_text(encoding="utf-8"))
                if _external(_css_address(match))]
    assert not problems
    assert _built_files(site, ".css")


def _css_address(match: re.Match) -> str:
    return next(group for group in match.groups() if group is not None)
