"""Without JavaScript, every panel that needs it (the calculators, "Open now?", the week
charts' controls, the call report builder) says so in one sentence: what it would show, and,
through an in-page link, where on the page the same facts are. No heading stands empty."""

from __future__ import annotations

import re

import pytest

from screens import PAGES, screen

pytestmark = pytest.mark.browser

# The panels each page carries, by data-widget, in the page's order.
PANELS = {
    "": ["open_now"],
    "404.html": [],
    "call-quality/": ["report"],
    "contact/": ["open_now", "coverage"],
    "escalation/": ["escalation", "coverage"],
    "readings/": [],
    "responsibilities/": [],
    "service-levels/": ["deadline"],
}

# Each panel with the sentences shown for it without JavaScript (its own <noscript>, inside it or
# just before it), whether its own heading is shown, and the first text shown after that
# heading. Hidden on purpose means not laid out, invisible, or clipped to nothing.
_PANELS = r"""() => {
  const shown = el => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.visibility !== 'visible' || s.opacity === '0' || (s.clipPath && s.clipPath !== 'none')
          || (s.clip && s.clip !== 'auto')) return false;
    }
    return el.getClientRects().length > 0;
  };
  const words = el => el.textContent.replace(/\s+/g, ' ').trim();
  const level = heading => Number(heading.tagName[1]);
  // The first text shown after a heading in the page's content, and the heading it sits in
  // if any (a subsection's heading is content of a section; a sibling's is not).
  const textAfter = heading => {
    const content = heading.closest('.md-content') || document.body;
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    walker.currentNode = heading;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (heading.contains(node) || !node.data.trim()) continue;
      const parent = node.parentElement;
      if (parent.closest('script, style, template') || !shown(parent)) continue;
      const within = parent.closest('h1, h2, h3, h4, h5, h6');
      return {text: node.data.trim(), line: parent.closest('.calc-noscript') !== null,
              heading: within ? level(within) : null};
    }
    return null;
  };
  const empty = heading => {
    const after = textAfter(heading);
    return after === null || (after.heading !== null && after.heading <= level(heading));
  };
  const panels = [...document.querySelectorAll('[data-widget]')].map(widget => {
    const holder = widget.closest('.calc-widget') || widget;
    const before = widget.previousElementSibling;
    const lines = [...holder.querySelectorAll('.calc-noscript'),
                   ...(before && before.matches('noscript')
                       ? before.querySelectorAll('.calc-noscript') : [])].filter(shown);
    const heading = widget.querySelector('h2, h3');
    // Its own heading, shown, above the line: the line is what comes first under it.
    const above = heading && shown(heading) && lines.length
        && (heading.compareDocumentPosition(lines[0]) & Node.DOCUMENT_POSITION_FOLLOWING);
    return {
      widget: widget.dataset.widget,
      lines: lines.map(line => ({
        text: words(line),
        places: [...line.querySelectorAll('a[href^="#"]')].map(link => {
          const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
          return target && shown(target) && words(target) ? words(target) : null;
        }),
      })),
      heading: above ? words(heading) : null,
      after: above ? textAfter(heading) : null,
    };
  });
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter(heading => shown(heading) && empty(heading)).map(words);
  return {panels, empty: headings};
}"""

# One sentence: no full stop, question or exclamation mark before its end.
ONE_SENTENCE = re.compile(r"[^.?!]+[.?!]")


def test_every_page_is_in_the_table():
    assert sorted(PANELS) == sorted(PAGES)


@pytest.fixture(scope="module")
def without_js(browser, site_url):
    with screen(browser, site_url, 390, java_script_enabled=False) as context:
        yield context


@pytest.mark.parametrize("path", PAGES)
def test_each_panel_says_in_one_sentence_where_its_facts_are(without_js, site_url, path):
    page = without_js.new_page()
    try:
        page.goto(site_url + path)
        found = page.evaluate(_PANELS)
    finally:
        page.close()
    assert [panel["widget"] for panel in found["panels"]] == PANELS[path]
    for panel in found["panels"]:
        name = panel["widget"]
        assert len(panel["lines"]) == 1, f"{name}: {len(panel['lines'])} lines without JavaScript"
        line = panel["lines"][0]
        assert ONE_SENTENCE.fullmatch(line["text"]), f"{name}: not one sentence: {line['text']}"
        assert "needs JavaScript" in line["text"], f"{name}: does not say what it needs"
        assert line["places"] and all(line["places"]), \
            f"{name}: no in-page link to facts shown on the page: {line['text']}"
        if panel["heading"] is not None:
            assert panel["after"] and panel["after"]["line"], \
                f"{name}: under its heading {panel['heading']!r} comes {panel['after']}"
    assert found["empty"] == [], "headings with no text under them"
