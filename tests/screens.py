"""Pages of the built site as readers open them: at a given width, in the light or dark palette,
after every calculator on the page has answered. Shared by the layout, accessibility and print
tests."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from browser import only_own_host

ROOT = Path(__file__).resolve().parent.parent

# Every page the site has: one per Markdown source, and the theme's 404 page.
PAGES = sorted("" if doc.stem == "index" else f"{doc.stem}/"
               for doc in (ROOT / "docs").glob("*.md")) + ["404.html"]

SCHEMES = {"light": "default", "dark": "slate"}  # what the reader prefers: the theme's palette
WIDGETS_TIMEOUT_MS = 60_000


# A widget has answered once its data-state has left "starting"; a panel that does not carry a
# data-state yet counts as answered once its live region has content.
_ANSWERED = """() => [...document.querySelectorAll('[data-widget]')].every(widget =>
    widget.dataset.state ? widget.dataset.state !== 'starting'
                         : widget.querySelector('[role=status]')?.children.length > 0)"""


# The page as the theme styles it: 404.html puts its stylesheets and the theme's scripts in place
# only once it has found the site's base (overrides/404.html), and the palette script marks the
# body with the colour scheme.
_STYLED = """() => !document.querySelector('template.policy-held')
    && [...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet)
    && document.body.hasAttribute('data-md-color-scheme')"""


@contextmanager
def screen(browser, site_url: str, width: int, scheme: str = "light", height: int = 800,
           **options):
    """A browser context of one screen size and colour preference that may reach only the
    site's own host; yields the context (pages share its cache). ``options`` go to Playwright's
    new_context (a reader's time zone, downloads)."""
    context = browser.new_context(**{"viewport": {"width": width, "height": height},
                                     "color_scheme": scheme, "timezone_id": "UTC", **options})
    elsewhere = only_own_host(context, site_url)
    try:
        yield context
    finally:
        context.close()
    assert elsewhere == [], f"pages asked other hosts: {elsewhere}"


def open_answered(context, url: str, now: str | None = None):
    """Open a page and wait until every widget on it has left its starting state, so what they
    show is part of what is checked. ``now`` (ISO) fixes the page's clock: its answers about
    "now" are then the same on every run."""
    page = context.new_page()
    if now:
        page.clock.set_fixed_time(now)
    page.goto(url)
    page.wait_for_function(_STYLED, timeout=WIDGETS_TIMEOUT_MS)
    page.wait_for_function(_ANSWERED, timeout=WIDGETS_TIMEOUT_MS)
    return page


# The words of each element matched, without the marks of the site's readings in it (their
# hidden titles included) and the spaces before them, for tests of the words alone;
# test_readings_widgets tests the marks.
_WORDS = r"""els => els.map(element => {
    const words = element.cloneNode(true);
    words.querySelectorAll('.policy-reading').forEach(mark => mark.remove());
    return words.textContent.replace(/\s+/g, " ").trim();
})"""


def words(locator) -> list[str]:
    return locator.evaluate_all(_WORDS)


def open_fields(form) -> None:
    """Open a calculator's fields as a reader does: its question line's button, "Change the
    question", shows them under it. Nothing is done when they are open already."""
    change = form.locator(".calc-change")
    if change.get_attribute("aria-expanded") != "true":
        change.click()
