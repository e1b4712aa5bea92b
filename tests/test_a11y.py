"""axe-core (pinned in package-lock.json) on every page, in the light and dark palettes, on a
desktop and a phone, after the calculators answered: no violation of impact serious or
critical. Every rule axe runs by default counts; none is switched off."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from screens import PAGES, ROOT, SCHEMES, open_answered, screen

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = [(scheme, width) for scheme in SCHEMES for width in (1280, 390)]
BLOCKING = {"serious", "critical"}

# Injected through the DevTools protocol, which the page's CSP does not govern, so the page is
# checked with its real policy in force.
_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .map(v => ({id: v.id, impact: v.impact,
                where: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""


@pytest.fixture(scope="module", params=SCREENS, ids=lambda s: f"{s[0]}-{s[1]}px")
def shown(request, browser, site_url):
    scheme, width = request.param
    with screen(browser, site_url, width, scheme) as context:
        yield scheme, context


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(shown, site_url, path):
    scheme, context = shown
    page = open_answered(context, site_url + path)
    try:
        # The theme marks the body with its default palette first, then with the reader's
        # preference: on a busy machine the second may come a moment after the page is styled.
        try:
            page.wait_for_function("scheme => document.body.dataset.mdColorScheme === scheme",
                                   arg=SCHEMES[scheme], timeout=5000)
        except PlaywrightTimeoutError:
            pass  # the assertion below says which palette it is in
        palette = page.evaluate("document.body.dataset.mdColorScheme")
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(_RUN)
    finally:
        page.close()
    assert palette == SCHEMES[scheme], "the page is not in the palette under test"
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], "\n".join(f"{v['id']} ({v['impact']}): {v['where']}" for v in blocking)
