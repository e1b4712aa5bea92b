"""Pages on paper (A4, Chromium's print to PDF): how many pages each takes, and that a calculator
prints its answer without its controls, anything counted from now, or the theme's chrome."""

from __future__ import annotations

import re

import pytest

from screens import PAGES, open_answered, screen

pytestmark = pytest.mark.browser

# Calculators are asked a fixed question, so what prints does not depend on today.
ASKED = {
    "service-levels/": "?priority=S2&at=2026-11-27T17:30:00Z&region=usa",
    "escalation/": "?tier=tier1&at=2026-07-15T00:59:00Z",
}
MOST_PAGES = {
    "": 2,
    "responsibilities/": 2,
    # The reading marks beside each due time widen the answer's last column on paper, and its
    # rows take two lines: one line of the page's end goes onto a third page.
    "service-levels/": 3,
    "contact/": 4,  # the holiday years print as compact tables, not a page a year
    # The gaps the shifts leave despite "around the clock", and the reading marks in the tier
    # tables' narrow print columns, push the last week chart onto a fifth page.
    "escalation/": 5,
    "call-quality/": 1,
    "readings/": 7,  # twelve readings, each with its quotes and what it affects
    "404.html": 1,
}
# Nothing a reader can use on paper, nor anything whose truth depends on when it is read.
NOT_PRINTED = {
    "form controls": ".calc input, .calc select, .calc button",
    "counted from now": ".calc-countdown, .calc-now-relative",
    "the theme's chrome": ".md-header, .md-tabs, .md-sidebar, .md-search, .md-footer",
}


def _pages(pdf: bytes) -> int:
    """Chromium writes each page as an uncompressed /Type /Page object."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.fixture(scope="module")
def desk(browser, site_url):
    with screen(browser, site_url, 1280) as context:
        yield context


def test_every_page_has_a_limit():
    assert sorted(MOST_PAGES) == sorted(PAGES)


@pytest.mark.parametrize("path, most", sorted(MOST_PAGES.items()))
def test_pages_fit_on_a4(desk, site_url, path, most):
    page = open_answered(desk, site_url + path + ASKED.get(path, ""))
    try:
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    assert pdf.startswith(b"%PDF")
    assert 1 <= _pages(pdf) <= most


@pytest.mark.parametrize("path", sorted(ASKED))
@pytest.mark.parametrize("what", sorted(NOT_PRINTED))
def test_calculator_prints_its_answer_alone(desk, site_url, path, what):
    page = open_answered(desk, site_url + path + ASKED[path])
    try:
        page.emulate_media(media="print")
        answer = page.locator(".calc [role=status]").first
        answer_text = answer.inner_text() if answer.is_visible() else ""
        printed = [element.evaluate("e => e.outerHTML.slice(0, 80)")
                   for element in page.locator(NOT_PRINTED[what]).all() if element.is_visible()]
    finally:
        page.close()
    assert "2026" in answer_text, "the answer does not print"
    assert printed == [], f"{what} print: {printed}"
