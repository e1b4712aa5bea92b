"""Pages of the built site as readers open them: at a given width, in the light or dark palette,
after every calculator on the page has answered. Shared by the layout, accessibility and print
tests."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

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


@contextmanager
def screen(browser, site_url: str, width: int, scheme: str = "light", height: int = 800):
    """A browser context of one screen size and colour preference that may reach only the
    site's own host; yields the context (pages share its cache)."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme, timezone_id="UTC")
    local = urlsplit(site_url).netloc
    elsewhere = []

    def route(route):
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    try:
        yield context
    finally:
        context.close()
    assert elsewhere == [], f"pages asked other hosts: {elsewhere}"


def open_answered(context, url: str):
    """Open a page and wait until every widget on it has left its starting state, so what they
    show is part of what is checked."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(_ANSWERED, timeout=WIDGETS_TIMEOUT_MS)
    return page
