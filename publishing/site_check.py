"""Checks of a built site before it is published: every internal link and anchor resolves (lychee,
in link_check), and the checks only this project can make: every page has content and no
unreplaced marker, links use only the schemes the site publishes, and the widgets' policy JSON is
the policy's."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from calculators.model import Policy
from calculators.policy_json import to_json

from .link_check import LinkCheckUnavailable, link_problems

POLICY_JSON = Path("assets/calculators/policy.json")
# Links that leave the site on purpose (phones and emails from the data).
EXTERNAL_SCHEMES = {"tel", "mailto", "https", "http"}


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []
        self.article_text: list[str] = []
        self.markers: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.links.extend((self.getpos()[0], attrs[key]) for key in ("href", "src")
                          if attrs.get(key))
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
    problems = []
    for path in sorted(site.rglob("*.html")):
        scan = _scan(path)
        page = path.relative_to(site)
        if path.name == "index.html" and not "".join(
                scan.article_text).strip():
            problems.append(f"{page}: the page has no content")
        problems.extend(f"{page}: marker <!-- {marker} --> was not replaced"
                        for marker in scan.markers)
        for line, link in scan.links:
            if _unpublished_scheme(link):
                problems.append(f"{page}:{line}: link {link!r} uses a scheme the site does not "
                                "publish")
    try:
        problems.extend(link_problems(site))
    except LinkCheckUnavailable as why:
        problems.append(f"links and anchors were not checked: {why}")
    problems.extend(_policy_json_problems(site, policy))
    return problems


def _scan(path: Path) -> _PageScan:
    scan = _PageScan()
    scan.feed(path.read_text(encoding="utf-8"))
    return scan


# 404.html's icon: an empty data: URL, so a page served at any depth asks no host for
# /favicon.ico (see overrides/404.html). It carries nothing, so it publishes nothing.
EMPTY_ICON = "data:,"


def _unpublished_scheme(link: str) -> bool:
    parts = urlsplit(link)
    return bool(parts.scheme) and parts.scheme not in EXTERNAL_SCHEMES and link != EMPTY_ICON


def _policy_json_problems(site: Path, policy: Policy) -> list[str]:
    path = site / POLICY_JSON
    if not path.exists():
        return [f"{POLICY_JSON}: missing; the widgets would have no policy"]
    published = json.loads(path.read_text(encoding="utf-8"))
    if published != json.loads(json.dumps(to_json(policy))):
        return [f"{POLICY_JSON}: does not match data/; the widgets would answer from other data"]
    return []
