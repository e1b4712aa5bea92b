"""Checks of a built site before it is published: every internal link and anchor resolves, every
page has content and no unreplaced marker, and the widgets' policy JSON is the policy's."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from calculators.model import Policy
from calculators.policy_json import to_json

POLICY_JSON = Path("assets/calculators/policy.json")
# Links that leave the site on purpose (phones and emails from the data).
EXTERNAL_SCHEMES = {"tel", "mailto", "https", "http"}


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []
        self.article_text: list[str] = []
        self.markers: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") == "canonical"):
                self.links.append((self.getpos()[0], attrs[key]))
        if tag == "article":
            self._in_article += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1

    def handle_data(self, data):
        if self._in_article:
            self.article_text.append(data)

    def handle_comment(self, data):
        if data.strip().startswith("policy:"):
            self.markers.append(data.strip())


def check_site(site: Path, policy: Policy) -> list[str]:
    """Every problem found, as 'page: what is wrong'; empty when the site may be published."""
    # Keyed by resolved path, as links resolve to, so each page is parsed once.
    pages = {path.resolve(): _scan(path) for path in sorted(site.rglob("*.html"))}
    problems = []
    for path, scan in pages.items():
        page = path.relative_to(site.resolve())
        if path.name == "index.html" and not "".join(
                scan.article_text).strip():
            problems.append(f"{page}: the page has no content")
        problems.extend(f"{page}: marker <!-- {marker} --> was not replaced"
                        for marker in scan.markers)
        for line, link in scan.links:
            problem = _link_problem(site, path, link, pages)
            if problem:
                problems.append(f"{page}:{line}: {problem}")
    problems.extend(_policy_json_problems(site, policy))
    return problems


def _scan(path: Path) -> _PageScan:
    scan = _PageScan()
    scan.feed(path.read_text(encoding="utf-8"))
    return scan


# 404.html's icon: an empty data: URL, so a page served at any depth asks no host for
# /favicon.ico (see overrides/404.html). It carries nothing, so it publishes nothing.
EMPTY_ICON = "data:,"


def _link_problem(site: Path, page: Path, link: str, pages: dict[Path, _PageScan]) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
        return None
    if link == EMPTY_ICON:
        return None
    if parts.scheme:
        return f"link {link!r} uses a scheme the site does not publish"
    path = unquote(parts.path)
    if path.startswith("/"):
        # Root-relative (MkDocs writes these on 404.html when there is no site_url).
        target = (site / path.lstrip("/")).resolve()
    else:
        target = (page.parent / path).resolve() if path else page
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    if not target.is_relative_to(site.resolve()) or not target.exists():
        return f"link {link!r} leads to nothing"
    if parts.fragment and target.suffix == ".html":
        ids = pages[target].ids if target in pages else _scan(target).ids
        if unquote(parts.fragment) not in ids:
            return f"link {link!r}: no anchor #{parts.fragment} on that page"
    return None


def _policy_json_problems(site: Path, policy: Policy) -> list[str]:
    path = site / POLICY_JSON
    if not path.exists():
        return [f"{POLICY_JSON}: missing; the widgets would have no policy"]
    published = json.loads(path.read_text(encoding="utf-8"))
    if published != json.loads(json.dumps(to_json(policy))):
        return [f"{POLICY_JSON}: does not match data/; the widgets would answer from other data"]
    return []
