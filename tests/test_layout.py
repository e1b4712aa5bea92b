"""Every page on a phone (390 and 320 px wide): nothing scrolls sideways, and every phone and
e-mail link is whole on one line, inside the screen and under nothing else."""

from __future__ import annotations

import pytest

from screens import PAGES, open_answered, screen

pytestmark = pytest.mark.browser

WIDTHS = [390, 320]
# Pages that must show contact links (so an empty check cannot pass for them).
PAGES_WITH_CONTACTS = {"contact/", "escalation/"}

# For each visible tel:/mailto: link: how many line boxes it takes, whether it lies inside the
# screen and inside the cell or item that holds it, and what the reader sees at its ends and
# centre once it is scrolled into view: the link, or what holds it (hit-testing rounds at an
# inline box's last pixel), never a neighbour drawn over it.
_LINKS = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const link of document.querySelectorAll('a[href^="tel:"], a[href^="mailto:"]')) {
    if (!link.getClientRects().length) continue;  // not shown on this page (e.g. a closed panel)
    link.scrollIntoView({block: "center"});
    const box = link.getBoundingClientRect();
    const holder = link.parentElement.closest("td, th, li, dd, p, section") || document.body;
    const room = holder.getBoundingClientRect();
    const y = box.top + box.height / 2;
    const covered = [box.left + 2, box.left + box.width / 2, box.right - 2].filter(x => {
      const top = document.elementFromPoint(x, y);
      return !(top && (top === link || link.contains(top) || top.contains(link)));
    });
    found.push({text: link.textContent, lines: link.getClientRects().length,
                inside: box.left >= 0 && box.right <= width,
                held: box.left >= room.left - 0.5 && box.right <= room.right + 0.5,
                covered: covered.length > 0});
  }
  return found;
}"""


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def phone(request, browser, site_url):
    with screen(browser, site_url, request.param) as context:
        yield context


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways(phone, site_url, path):
    page = open_answered(phone, site_url + path)
    try:
        widths = page.evaluate("""() => ({screen: document.documentElement.clientWidth,
                                          page: document.documentElement.scrollWidth})""")
        wider = page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5
                         && getComputedStyle(e).position !== 'fixed')
            // Inside a box that scrolls and shows it does: the theme's table wrappers, the
            // coverage charts' drawings and their week tables (whose own boxes stay on screen:
            // checked as any other).
            .filter(e => !e.closest('.md-typeset__scrollwrap, .md-search, .cov-drawing > svg, '
                                    + '.cov-table-scroll > table'))
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    finally:
        page.close()
    assert widths["page"] <= widths["screen"], f"the page is {widths['page']} px wide"
    assert wider == [], f"content reaches past the screen's right edge: {wider}"


@pytest.mark.parametrize("path", PAGES)
def test_contact_links_are_whole_and_uncovered(phone, site_url, path):
    page = open_answered(phone, site_url + path)
    try:
        links = page.evaluate(_LINKS)
    finally:
        page.close()
    if path in PAGES_WITH_CONTACTS:
        assert links, "the page shows no phone or e-mail link"
    broken = [link["text"] for link in links if link["lines"] != 1]
    outside = [link["text"] for link in links if not link["inside"]]
    spilling = [link["text"] for link in links if not link["held"]]
    covered = [link["text"] for link in links if link["covered"]]
    assert broken == [], "links broken across lines"
    assert outside == [], "links past the screen's edge"
    assert spilling == [], "links reaching out of their cell into the next"
    assert covered == [], "links under something else"


TABLE_ROLES = ("table", "row", "columnheader", "rowheader", "cell")


def _table_roles(context, url: str) -> dict[str, int]:
    """How many nodes of each table role Chromium's accessibility tree holds: what a screen
    reader is given."""
    page = open_answered(context, url)
    try:
        nodes = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    finally:
        page.close()
    roles = [node.get("role", {}).get("value") for node in nodes]
    return {role: roles.count(role) for role in TABLE_ROLES}


@pytest.mark.parametrize("path", sorted(PAGES_WITH_CONTACTS | {"service-levels/"}))
def test_cards_keep_the_tables_for_screen_readers(browser, site_url, path):
    with screen(browser, site_url, 1280) as desktop, screen(browser, site_url, 390) as phone:
        on_desktop = _table_roles(desktop, site_url + path)
        on_phone = _table_roles(phone, site_url + path)
    assert on_desktop["table"] >= 1 and on_desktop["rowheader"] >= 3
    assert on_phone == on_desktop
