"""One site, two engines (issue 12): MkDocs + Material and Zensical build the same pages from the
same sources, and readers get the same policy from either.

Theme markup may differ; what a reader is told may not. Both sites are built the way
`make build` builds them (generate, then finish), then compared: the pages and their anchors,
the text of every page's content and of each generated block, and in Chromium the calculators'
answers, the requests made and the Content-Security-Policy.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from browser import CHROMIUM_ARGS, CHROMIUM_PATH, only_own_host, serve
from conftest import ROOT
from sitegen import render_section

ENGINES = ("mkdocs", "zensical")
ANSWER_TIMEOUT_MS = 60_000

# Each page's markers, read from the sources the way a reader of docs/ sees them.
MARKERS = [
    (page.stem, name)
    for page in sorted((ROOT / "docs").glob("*.md"))
    for name in re.findall(r"^<!-- policy: (\S+) -->$", page.read_text(encoding="utf-8"),
                           re.MULTILINE)
]


def _built(stem: str) -> str:
    return "index.html" if stem == "index" else f"{stem}/index.html"


class _Content(HTMLParser):
    """What a reader gets from a built page: the text and anchors of its <article> (the page's
    content, in both themes), its tables' rows and lists' items, and the page's CSP metas."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.ids: list[str] = []
        self.rows: list[list[str]] = []
        self.items: list[str] = []
        self.policies = 0
        self._article = 0
        self._skip = 0
        self._cell: list[str] | None = None
        self._item: list[list[str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("http-equiv", "").lower() == "content-security-policy":
            self.policies += 1
        if tag == "article":
            self._article += 1
        if not self._article:
            return
        if tag in ("script", "style"):
            self._skip += 1
        # Both themes name their own anchors with two underscores (Zensical's skip-link target
        # is inside the article); the others are the content's.
        if "id" in attrs and not attrs["id"].startswith("__"):
            self.ids.append(attrs["id"])
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "li":
            self._item.append([])

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1
        if not self._article:
            return
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(_words("".join(self._cell)))
            self._cell = None
        elif tag == "li" and self._item:
            self.items.append(_words("".join(self._item.pop())))

    def handle_data(self, data):
        if not self._article or self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        for item in self._item:
            item.append(data)

    @property
    def words(self) -> str:
        return _words(" ".join(self.text))


def _words(text: str) -> str:
    return " ".join(text.split())


def _pages(site) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def _read(sites, page: str) -> dict[str, _Content]:
    return {engine: _Content((folder / page).read_text(encoding="utf-8"))
            for engine, folder in sites.items()}


def test_the_same_pages(sites):
    pages = {engine: _pages(folder) for engine, folder in sites.items()}
    assert pages["zensical"] == pages["mkdocs"]
    assert {"index.html", "404.html", "contact/index.html"} <= set(pages["mkdocs"])


@pytest.mark.parametrize("page", sorted(
    {_built(page.stem) for page in (ROOT / "docs").glob("*.md")} | {"404.html"}))
def test_the_same_content_and_anchors(sites, page):
    read = _read(sites, page)
    mkdocs, zensical = read["mkdocs"], read["zensical"]
    assert mkdocs.words, f"{page} shows nothing"
    assert zensical.words == mkdocs.words
    assert zensical.rows == mkdocs.rows
    assert zensical.items == mkdocs.items
    assert zensical.ids == mkdocs.ids


@pytest.mark.parametrize("stem, marker", MARKERS, ids=[f"{stem}:{name}" for stem, name in MARKERS])
def test_every_generated_block_is_on_its_page(sites, policy, stem, marker):
    block = _Content(f"<article>{render_section(marker, policy, link=str)}</article>")
    assert block.words, f"{marker} renders no text"
    for engine, content in _read(sites, _built(stem)).items():
        assert block.words in content.words, f"{engine}: {marker} is not whole on {stem}"
        for row in block.rows:
            assert row in content.rows, f"{engine}: a row of {marker} is missing"


@pytest.mark.parametrize("engine", ENGINES)
def test_links_from_generated_blocks_reach_their_page(sites, engine):
    # target-clocks links to the contact page; each engine resolves it for the page's URL.
    html = (sites[engine] / "service-levels/index.html").read_text(encoding="utf-8")
    assert '<a href="../contact/">regional hours and office holidays</a>' in html
    assert "contact.md" not in html and "policy-link-" not in html and "policy-content" not in html


# ---------------------------------------------------------------- in Chromium

# Records CSP violations from the first script on, before the policy can block anything.
INIT_SCRIPT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""

# page, query, form: answers that cross holidays, DST and shift edges.
ANSWERS = [
    ("service-levels/", "?priority=S2&at=2026-11-26T12:00:00Z&region=usa", "deadline"),
    ("service-levels/", "?priority=S1&at=2026-11-01T08:50:00Z&region=usa", "deadline"),
    ("service-levels/", "?priority=S3&at=2026-12-25T09:00:00Z&region=europe", "deadline"),
    ("service-levels/", "?priority=S2&at=2026-11-27T10:00:00Z&region=apac", "deadline"),
    ("escalation/", "?tier=tier1&at=2026-07-15T00:59:00Z", "escalation"),
    ("escalation/", "?tier=tier1&at=2026-07-15T07:30:00Z", "escalation"),
    ("escalation/", "?tier=tier2&at=2026-04-05T23:00:00Z", "escalation"),
    ("escalation/", "?tier=tier2-partner&at=2026-11-29T21:59:00Z", "escalation"),
]


@pytest.fixture(scope="module")
def visit(sites):
    """visit(engine, path) -> the page opened in Chromium, on that engine's site served locally;
    requests to any other host are refused and recorded in page.elsewhere."""
    from playwright.sync_api import sync_playwright

    with (serve(sites["mkdocs"]) as mkdocs_url, serve(sites["zensical"]) as zensical_url,
          sync_playwright() as playwright):
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        contexts, opened = {}, []
        for engine, url in (("mkdocs", mkdocs_url), ("zensical", zensical_url)):
            context = browser.new_context(timezone_id="UTC")
            context.add_init_script(INIT_SCRIPT)
            contexts[engine] = (context, url)

        def open_page(engine: str, path: str):
            context, url = contexts[engine]
            page = context.new_page()
            page.elsewhere = only_own_host(page, url)
            opened.append(page)
            page.goto(url + path)
            return page

        yield open_page
        for page in opened:
            page.close()
        browser.close()


def _answer(page, form: str) -> str:
    page.wait_for_selector(f"form[data-widget={form}][data-state=answered]",
                           timeout=ANSWER_TIMEOUT_MS)
    status = page.locator(f"form[data-widget={form}] [role=status]")
    return _words(status.inner_text())


@pytest.mark.browser
@pytest.mark.parametrize("path, query, form", ANSWERS)
def test_the_same_calculator_answers(visit, path, query, form):
    answers = {}
    for engine in ENGINES:
        page = visit(engine, path + query)
        answers[engine] = _answer(page, form)
        assert page.elsewhere == [], f"{engine}: asked other hosts"
        assert page.evaluate("window.__violations") == [], engine
        page.close()
    assert answers["mkdocs"], "an answer"
    assert answers["zensical"] == answers["mkdocs"]


# What shows on each calculator page once its widget has run (Pyodide, its worker and the policy
# loaded under the page's policy).
WIDGETS_READY = {
    "service-levels/index.html": "form[data-widget=deadline][data-state=answered]",
    "escalation/index.html": "form[data-widget=escalation][data-state=answered]",
    "contact/index.html": "[data-widget=open_now] li[data-region]",
}


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
def test_every_page_keeps_to_its_host_and_its_policy(sites, visit, engine):
    for name in _pages(sites[engine]):
        assert _Content((sites[engine] / name).read_text(encoding="utf-8")).policies == 1, name
        page = visit(engine, name.removesuffix("index.html"))
        if name in WIDGETS_READY:
            page.wait_for_selector(WIDGETS_READY[name], timeout=ANSWER_TIMEOUT_MS)
        else:
            page.wait_for_load_state("load")
        assert page.evaluate("window.__violations") == [], f"{engine} {name}"
        assert page.elsewhere == [], f"{engine} {name} asked other hosts"
        page.close()
