"""The site's readings on the built pages: the page that lists them, and the mark ("reading N")
on each table cell and sentence that rests on one the policy owner has not confirmed, without
JavaScript, on a phone and on paper; a confirmed reading loses its marks everywhere."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from html.parser import HTMLParser

import pytest
import yaml

from browser import serve
from calculators import coverage, readings
from conftest import DATA, build_site
from screens import screen
from sitegen import render_section, views

READINGS_PAGE = "readings/index.html"
PAGES = {"service-levels": "service-levels/index.html", "contact": "contact/index.html",
         "escalation": "escalation/index.html"}
MARK_HREF = re.compile(r"^\.\./readings/#reading-(?P<id>[a-z0-9-]+)$")

# --- reading the built HTML --------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_HOLDERS = ("td", "th", "p", "li", "dd")


class _Marks(HTMLParser):
    """Every table cell, and every paragraph or list item with a mark: the heading it is under
    (the last h1-h3 id), its row (the row header's first words), its column (data-label; "row"
    for the row header) and the readings its marks link to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.holders: list[dict] = []
        self.marks: list[str] = []  # every mark's href, held or not
        self._stack: list[tuple[str, dict | None]] = []
        self._heading = ""
        self._row = ""
        self._mark: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3") and attrs.get("id"):
            self._heading = attrs["id"]
        if tag == "tr":
            self._row = ""
        holder = None
        if tag in _HOLDERS:
            column = "row" if attrs.get("scope") == "row" else attrs.get("data-label", tag)
            holder = {"heading": self._heading, "row": self._row, "column": column, "tag": tag,
                      "text": "", "marks": [], "hrefs": []}
            self.holders.append(holder)
        # The empty mark inside a <template> is what the widgets copy for their answers'
        # marks (templates/policy/_reading_mark.html): no page shows it, and it names no reading.
        inert = any(open_tag == "template" for open_tag, _ in self._stack)
        if tag == "a" and "policy-reading" in (attrs.get("class") or "").split() and not inert:
            self._mark = attrs.get("href", "")
            self.marks.append(self._mark)
            for _, open_holder in reversed(self._stack):
                if open_holder is not None:
                    open_holder["hrefs"].append(self._mark)
                    match = MARK_HREF.match(self._mark)
                    open_holder["marks"].append(match["id"] if match else self._mark)
                    break
        if tag not in _VOID:
            self._stack.append((tag, holder))

    def handle_endtag(self, tag):
        if tag == "a":
            self._mark = None
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._mark is not None:
            return
        for _, holder in reversed(self._stack):
            if holder is not None:
                holder["text"] += data
                if holder["column"] == "row" and not self._row and data.strip():
                    self._row = holder["row"] = data.strip()
                break


def _parsed(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    for holder in parser.holders:
        holder["text"] = " ".join(holder["text"].split())
    return parser


def _holders(html: str) -> list[dict]:
    return _parsed(html).holders


def _cells(html: str) -> dict[tuple[str, str, str], set[str]]:
    """(heading, row, column) -> the readings marked, for every cell of the page's tables."""
    return {(h["heading"], h["row"], h["column"]): set(h["marks"])
            for h in _holders(html) if h["tag"] in ("td", "th")}


# --- what the pages should mark ----------------------------------------------------------------

INITIAL, UPDATES = "Premium Support: initial response", "Premium Support: updates"
TARGETS_INITIAL = "service-level-targets-slt-initial-response"
TARGETS_UPDATES = "service-level-targets-slt-updates"
REGIONS = "regional-hours-of-operation-and-contact-information"
TIER_REGIONS = ("USA", "APAC", "EMEA/UK")
SHIFTS = {  # a tier's shift -> what its days, hours and zone rest on
    "USA": {"shift-days"},
    "APAC": {"shift-days", "aest-as-sydney-time"},
    "EMEA/UK": {"shift-days", "cet-as-central-european-time"},
}

# (page, heading, row, column) -> the readings marked there. Every other cell of every table on
# these pages carries no mark.
MARKED_CELLS = {
    **{("service-levels", TARGETS_INITIAL, p, INITIAL): {"initial-response-clock"}
       for p in ("S1", "S2", "S3")},
    ("service-levels", TARGETS_UPDATES, "S1", UPDATES): {"s1-update-clock"},
    ("service-levels", TARGETS_UPDATES, "S2", UPDATES): {"business-days"},
    ("service-levels", TARGETS_UPDATES, "S3", UPDATES): {"business-days"},
    ("contact", REGIONS, "Europe", "Hours of operation"): {"gmt-as-uk-time"},
    **{("contact", REGIONS, region, "Observed office holidays"): {"office-holidays"}
       for region in ("USA", "Europe", "APAC")},
    **{("escalation", f"tier-{tier}", region, "row"): SHIFTS[region]
       for tier in ("tier2", "tier2-partner") for region in TIER_REGIONS},
    ("escalation", "tier-tier1", "USA", "row"): SHIFTS["USA"],
    ("escalation", "tier-tier1", "APAC", "row"): SHIFTS["APAC"] | {"apac-tier1-hours"},
    ("escalation", "tier-tier1", "EMEA/UK", "row"): SHIFTS["EMEA/UK"],
    # The placement is a reading for every cell of the role, the vacant one included.
    **{("escalation", "tier-tier1", region, "3. Tier 1 Director"): {"tier1-director-columns"}
       for region in TIER_REGIONS},
    **{("escalation", "tier-tier2-partner", region, "2. Director, Customer Support"):
       {"partner-director-columns"} for region in TIER_REGIONS},
}

# (page, heading, the sentence's first words) -> the readings marked on it.
MARKED_SENTENCES = {
    ("service-levels", "how-the-clocks-count", "The policy gives each initial response"):
        {"initial-response-clock"},
    ("service-levels", "how-the-clocks-count", "Unlike S2 and S3, the S1 update target"):
        {"s1-update-clock"},
    ("service-levels", "how-the-clocks-count", "The site counts only whole days"):
        {"business-days"},
    ("contact", "observed-office-holidays", "As the site reads the policy, each region's office"):
        {"office-holidays"},
    **{("contact", f"holidays-{region}", "Calendar:"): {"office-holidays"}
       for region in ("usa", "europe", "apac")},
    ("escalation", "escalation", "Tier 1 Support:"):
        SHIFTS["APAC"] | SHIFTS["EMEA/UK"] | {"apac-tier1-hours"},
    ("escalation", "escalation", "Tier 2 Support:"): SHIFTS["APAC"] | SHIFTS["EMEA/UK"],
    ("escalation", "escalation", "Tier 2 Partner Support:"): SHIFTS["APAC"] | SHIFTS["EMEA/UK"],
}


def _page(site, name: str) -> str:
    return (site / PAGES[name]).read_text(encoding="utf-8")


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_table_cell_that_rests_on_a_reading_carries_its_marks(site, page):
    cells = _cells(_page(site, page))
    expected = {key[1:]: ids for key, ids in MARKED_CELLS.items() if key[0] == page}
    missing = set(expected) - set(cells)
    assert not missing, f"no such cells: {missing}"
    assert {key: ids for key, ids in cells.items() if ids} == expected


@pytest.mark.parametrize("page, heading, start", sorted(MARKED_SENTENCES))
def test_each_sentence_that_states_a_reading_carries_its_marks(site, page, heading, start):
    found = [h for h in _holders(_page(site, page))
             if h["heading"] == heading and h["tag"] in ("p", "li") and h["text"].startswith(start)]
    assert len(found) == 1, f"{len(found)} sentences start {start!r}"
    assert set(found[0]["marks"]) == MARKED_SENTENCES[page, heading, start]


def test_every_mark_links_to_its_reading_on_the_readings_page(site, policy):
    anchors = set(_entries(site))
    unconfirmed = {reading.id for reading in policy.readings if not reading.confirmed}
    for page in PAGES:
        marks = _parsed(_page(site, page)).marks
        assert marks
        for href in marks:
            match = MARK_HREF.match(href)
            assert match, f"{page}: a mark links to {href!r}"
            assert views.reading_anchor(match["id"]) in anchors
            assert match["id"] in unconfirmed


def test_a_marks_words_name_the_reading_by_number_and_title(site, policy):
    html = _page(site, "service-levels")
    number = readings.number(policy, "business-days")
    title = policy.reading("business-days").title.replace('"', "&#34;")
    assert (f'<a class="policy-reading" href="../readings/#reading-business-days">reading '
            f'{number}<span class="policy-hidden">, the site\'s reading: {title}</span></a>'
            ) in html


# --- the readings page -------------------------------------------------------------------------

class _Entries(HTMLParser):
    """Each reading of the readings page, by its anchor: its heading, status, quotes, the texts
    under each of its parts ("The site's reading", "What it affects") and its links."""

    _CAPTURED = ("h2", "dt", "p", "li", "a")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: dict[str, dict] = {}
        self._entry: dict | None = None
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, kind, text) being read
        self._quoting = False
        self._part = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2" and (attrs.get("id") or "").startswith("reading-"):
            self._entry = {"heading": "", "status": "", "quotes": [], "parts": {}, "links": []}
            self.entries[attrs["id"]] = self._entry
        if self._entry is None:
            return
        if tag == "blockquote":
            self._quoting = True
        if tag in self._CAPTURED:
            kind = tag
            if tag == "p" and "policy-reading-status" in (attrs.get("class") or "").split():
                kind = "status"
            elif tag == "p" and self._quoting:
                kind = "quote"
            self._open.append((tag, kind, [attrs.get("href") or ""] if tag == "a" else []))

    def handle_endtag(self, tag):
        if self._entry is None:
            return
        if tag == "section":
            self._entry = None
            return
        if tag == "blockquote":
            self._quoting = False
        if not self._open or self._open[-1][0] != tag:
            return
        _, kind, parts = self._open.pop()
        if kind == "a":
            self._entry["links"].append((parts[0], " ".join("".join(parts[1:]).split())))
            return
        text = " ".join("".join(parts).split())
        if kind == "h2":
            self._entry["heading"] = text
        elif kind == "status":
            self._entry["status"] = text
        elif kind == "quote":
            self._entry["quotes"].append(text)
        elif kind == "dt":
            self._part = text
        else:
            self._entry["parts"].setdefault(self._part, []).append(text)

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)


def _entries(site) -> dict[str, dict]:
    parser = _Entries()
    parser.feed((site / READINGS_PAGE).read_text(encoding="utf-8"))
    return parser.entries


SHIPPED = yaml.safe_load((DATA / "readings.yaml").read_text(encoding="utf-8"))["readings"]


def test_the_readings_page_lists_every_reading_in_order(site):
    assert list(_entries(site)) == [f"reading-{reading['id']}" for reading in SHIPPED]


@pytest.mark.parametrize("number, shipped", list(enumerate(SHIPPED, start=1)),
                         ids=[reading["id"] for reading in SHIPPED])
def test_the_readings_page_says_each_readings_words_meaning_effects_and_status(
        site, policy, number, shipped):
    entry = _entries(site)[f"reading-{shipped['id']}"]
    assert entry["heading"] == f"Reading {number}: {shipped['title']}"
    assert entry["quotes"] == shipped["policy_words"]
    assert entry["parts"]["The site's reading"] == [" ".join(shipped["site_reading"].split())]
    assert entry["status"] == "Not confirmed by the policy owner."
    effects = readings.effects(policy)[shipped["id"]]
    assert effects, "the data names this reading nowhere"
    affects = entry["parts"]["What it affects"]
    for effect in effects:
        assert effect.what in affects
    pages = list(dict.fromkeys(effect.page for effect in effects))
    page_links = [(f"../{page.removesuffix('.md')}/", views.PAGE_TITLES[page]) for page in pages]
    assert [link for link in entry["links"] if not link[0].startswith("#")] == page_links


def test_the_pages_a_reading_affects_are_named_as_the_navigation_names_them():
    nav = yaml.safe_load((DATA.parent / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    titles = {page: title for item in nav for title, page in item.items()}
    assert views.PAGE_TITLES == {page: titles[page] for page in views.PAGE_TITLES}
    assert titles[views.READINGS_PAGE] == "How the answers are worked out"


def test_the_readings_page_is_last_in_the_navigation():
    nav = yaml.safe_load((DATA.parent / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert list(nav[-1].values()) == [views.READINGS_PAGE]


HOSTILE = """<script>alert(1)</script> "&' *em* [x](y) {{ 7*7 }}"""
HOSTILE_SHOWN = ("&lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39; *em* [x](y) "
                 "{{ 7*7 }}")


def test_every_part_of_a_reading_is_shown_as_text(policy):
    """Quotes cannot carry markup through `make validate` (each must be in the policy text word
    for word), so the model is edited directly: every field a reading shows, hostile."""
    first = dataclasses.replace(
        policy.readings[0], title=HOSTILE, policy_words=(HOSTILE, HOSTILE),
        site_reading=HOSTILE, confirmed_by=HOSTILE, confirmed_on=dt.date(2026, 12, 1))
    second = dataclasses.replace(policy.readings[1], title=HOSTILE)
    edited = dataclasses.replace(policy, readings=(first, second, *policy.readings[2:]))
    for marker in ("readings", "target-clocks", "update-targets"):
        html = render_section(marker, edited, link=lambda page: f"../{page}")
        assert "<script" not in html and "{{" not in html.replace(HOSTILE_SHOWN, ""), marker
        assert HOSTILE_SHOWN in html, marker
    html = render_section("readings", edited, link=lambda page: f"../{page}")
    # The first: in the index, its heading, who confirmed it, two quotes and its reading; the
    # second's title in the index and its heading.
    assert html.count(HOSTILE_SHOWN) == 8
    assert f"Confirmed by {HOSTILE_SHOWN} on" in html


# --- the escalation page: "around the clock" and the gaps --------------------------------------

def test_the_gaps_follow_the_policys_around_the_clock_in_its_own_words(site, policy):
    html = _page(site, "escalation")
    holders = [h for h in _holders(html) if h["heading"] == "escalation"]
    texts = [h["text"] for h in holders]
    quote = " ".join(policy.escalation.follow_the_sun.split())
    lead = next(i for i, text in enumerate(texts) if text.startswith("As the site reads the "
                                                                       "shifts"))
    assert texts[lead - 1] == quote
    assert f'<blockquote class="policy-quote"><p>{quote}</p></blockquote>' in " ".join(
        html.split())
    assert "route that remains is the Escalate Case button" in texts[lead]
    gaps = [h for h in holders[lead + 1:] if h["tag"] == "li"]
    expected = [f"{tier.name}: "
                f"{coverage.seasonal_gaps(coverage.tier_week(tier), policy.updated, weeks_as_dates=True)}"
                for tier in policy.escalation.tiers]
    assert [h["text"] for h in gaps] == expected
    # The weeks are named as dates are written everywhere (calculators.time_words).
    assert all(re.search(r"in the week of Mon \d+ Jan \d{4} .*; in the week of Mon \d+ Jul", text)
               for text in expected)


# --- a reading confirmed -----------------------------------------------------------------------

CONFIRMED = "initial-response-clock"


@pytest.fixture(scope="module")
def confirmed_site(tmp_path_factory):
    """The site built from a copy of data/ in which the policy owner confirmed CONFIRMED."""
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DATA, data)
    path = data / "readings.yaml"
    text = path.read_text(encoding="utf-8")
    entry = text.index(f"- id: {CONFIRMED}")
    old = "    confirmed: no\n"
    at = text.index(old, entry)
    path.write_text(text[:at] + "    confirmed: {by: Jane Doe, date: 2026-12-01}\n"
                    + text[at + len(old):], encoding="utf-8")
    site = tmp_path_factory.mktemp("confirmed-site")
    result = build_site(site, data=data)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_a_confirmed_reading_has_no_mark_anywhere(confirmed_site, policy):
    number = readings.number(policy, CONFIRMED)
    pages = sorted(confirmed_site.rglob("*.html"))
    assert len(pages) > len(PAGES)
    for page in pages:
        marks = _parsed(page.read_text(encoding="utf-8")).marks
        assert not [href for href in marks if href.endswith(f"#reading-{CONFIRMED}")], page
    for calendar in confirmed_site.glob("calendars/*.ics"):
        unfolded = calendar.read_text(encoding="utf-8").replace("\r\n ", "")
        assert f"reading {number}:" not in unfolded, calendar


def test_a_confirmed_reading_says_who_confirmed_it_and_when(confirmed_site):
    entry = _entries(confirmed_site)[f"reading-{CONFIRMED}"]
    assert entry["status"] == "Confirmed by Jane Doe on Tue 1 Dec 2026."
    others = [e["status"] for key, e in _entries(confirmed_site).items()
              if key != f"reading-{CONFIRMED}"]
    assert set(others) == {"Not confirmed by the policy owner."}


def test_the_other_marks_stay_as_they_were(confirmed_site, site):
    for page in PAGES:
        before = {key: ids - {CONFIRMED} for key, ids in _cells(_page(site, page)).items()}
        assert _cells(_page(confirmed_site, page)) == before


# --- in Chromium: without JavaScript, on a phone, on paper -------------------------------------

# For each mark: the reading it links to, the cell or sentence holding it, and whether it is
# whole on screen: inside the screen and its holder, and what the reader sees at its centre once
# scrolled to is the mark itself.
_SHOWN = """() => [...document.querySelectorAll('.md-content a.policy-reading')].map(mark => {
  mark.scrollIntoView({block: "center"});
  const box = mark.getBoundingClientRect();
  const holder = mark.closest("td, th, p, li, dd");
  const room = holder.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const style = getComputedStyle(mark);
  return {href: mark.getAttribute("href"), text: mark.firstChild.textContent,
          holder: holder.dataset.label || holder.tagName,
          shown: box.width > 0 && box.height > 0 && style.visibility === "visible"
                 && style.display !== "none",
          inside: box.left >= 0 && box.right <= document.documentElement.clientWidth,
          held: box.left >= room.left - 0.5 && box.right <= room.right + 0.5,
          uncovered: !!top && (top === mark || mark.contains(top))};
})"""


def _expected_marks(site, page: str, *, tables_and_sentences_only: bool = False
                    ) -> list[tuple[str, str]]:
    """(href, what holds it) for each mark of the built page; only those of MARKED_CELLS and
    MARKED_SENTENCES with ``tables_and_sentences_only`` (what else carries marks, such as the
    calendar links, may rightly stay off paper)."""
    starts = [start for where, _, start in MARKED_SENTENCES if where == page]
    return sorted((href, h["column"] if h["tag"] == "td" else h["tag"].upper())
                  for h in _holders(_page(site, page)) for href in h["hrefs"]
                  if not tables_and_sentences_only or h["tag"] in ("td", "th")
                  or any(h["text"].startswith(start) for start in starts))


@pytest.fixture(scope="module")
def static_site_url(site):
    with serve(site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_marks_show_whole_without_javascript_on_a_phone(browser, static_site_url, site, page,
                                                        width):
    with screen(browser, static_site_url, width, java_script_enabled=False) as context:
        tab = context.new_page()
        tab.goto(static_site_url + PAGES[page].removesuffix("index.html"))
        marks = tab.evaluate(_SHOWN)
        tab.close()
    assert sorted((m["href"], m["holder"]) for m in marks) == _expected_marks(site, page)
    assert all(re.fullmatch(r"reading \d+", m["text"]) for m in marks), marks
    for problem in ("shown", "inside", "held", "uncovered"):
        assert [m["href"] for m in marks if not m[problem]] == [], f"marks not {problem}"


@pytest.mark.browser
@pytest.mark.parametrize("page", sorted(PAGES))
def test_marks_print(browser, static_site_url, site, page):
    with screen(browser, static_site_url, 1280, java_script_enabled=False) as context:
        tab = context.new_page()
        tab.goto(static_site_url + PAGES[page].removesuffix("index.html"))
        tab.emulate_media(media="print")
        marks = tab.evaluate(_SHOWN)
        tab.close()
    printed = [(m["href"], m["holder"]) for m in marks if m["shown"] and m["held"]]
    expected = _expected_marks(site, page, tables_and_sentences_only=True)
    assert expected
    assert [mark for mark in expected if mark not in printed] == []


@pytest.mark.browser
def test_the_readings_page_prints_every_reading(browser, static_site_url, policy):
    with screen(browser, static_site_url, 1280, java_script_enabled=False) as context:
        tab = context.new_page()
        tab.goto(static_site_url + "readings/")
        tab.emulate_media(media="print")
        shown = tab.evaluate("""() => [...document.querySelectorAll('.policy-reading-entry h2')]
            .filter(h => h.getBoundingClientRect().height > 0).map(h => h.id)""")
        tab.close()
    assert shown == [views.reading_anchor(reading.id) for reading in policy.readings]
