"""404.html served the way static hosts serve it, for any missing address below the site's base,
with the site at the host's root and under a sub-path: styled, and its links leading into the
site. In Chromium, under the page's own Content-Security-Policy."""

from __future__ import annotations

import functools
import re
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: a missing file below the site's base gets the site's 404.html, status 404."""

    base = "/"  # where the site lives on the host
    asked: list[str]  # every path requested, with the answer's status

    def log_request(self, code="-", size="-"):
        self.asked.append((urlsplit(self.path).path, int(code)))

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        path = urlsplit(self.path).path
        if code != 404 or not path.startswith(self.base):
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / self.base.strip("/") / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def _host(root: Path, base: str, asked: list):
    handler = functools.partial(
        type("Handler", (_NotFoundHandler,), {"base": base, "asked": asked}),
        directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", params=["/", "/policy/", "/support/policy/"],
                ids=["at the root", "under /policy/", "under /support/policy/"])
def hosted(request, site, tmp_path_factory):
    """(origin, base, the paths asked of the host): the built site on a host, at the base the
    parameter names."""
    base = request.param
    root = tmp_path_factory.mktemp("host")
    if base == "/":
        root = site
    else:
        (root / base.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        (root / base.strip("/")).symlink_to(site, target_is_directory=True)
    asked = []
    with _host(root, base, asked) as origin:
        yield origin, base, asked


MISSING = ["nope", "a/b/c/", "contact/nope.html", "escalation/x/y/z/"]


@pytest.mark.parametrize("missing", MISSING)
def test_not_found_page_is_styled_and_links_into_the_site(browser, hosted, missing):
    origin, base, asked = hosted
    asked.clear()
    context = browser.new_context()
    failed = []
    context.on("requestfailed",
               lambda request: failed.append((request.method, request.url, request.failure)))
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append((response.status, response.url)))
    try:
        response = page.goto(origin + base + missing)
        assert response.status == 404
        # The theme's stylesheet makes the header sticky; unstyled, it is static.
        expect(page.locator(".md-header")).to_have_css("position", "sticky")
        # The held sheets go in together but load one by one: wait for the last one, the
        # site's own, before reading them (a busy machine loads it after the theme's).
        page.wait_for_function("() => [...document.styleSheets].some((sheet) =>"
                               " sheet.href && sheet.href.endsWith('/assets/policy.css')"
                               " && sheet.cssRules.length)")
        seen = page.evaluate("""() => ({
            sheets: [...document.styleSheets].map(s => [new URL(s.href).pathname,
                                                         s.cssRules.length]),
            contact: document.querySelector('article a[href="contact/"]').href,
            nav: [...document.querySelectorAll('.md-nav--primary a.md-nav__link[href]')]
                   .map(a => a.href),
            footer: document.querySelector('.policy-footer').innerText,
        })""")
        sheets = dict(seen["sheets"])
        main = [path for path in sheets if re.fullmatch(
            re.escape(base) + r"assets/stylesheets/main\.[0-9a-f]+\.min\.css", path)]
        assert len(main) == 1 and base + "assets/policy.css" in sheets
        assert all(path.startswith(base + "assets/") and rules for path, rules in sheets.items())
        assert seen["contact"] == origin + base + "contact/"
        assert seen["nav"] and all(href.startswith(origin + base) for href in seen["nav"])
        for href in set(seen["nav"]):
            assert context.request.get(href).status == 200, href
        assert "Support by phone" in seen["footer"]
        # Besides the page itself, and the probes for the main stylesheet in folders that are
        # not the base, every request found what it asked for.
        sheet = main[0].removeprefix(base)
        probes = {origin + folder + sheet for folder in _folders(urlsplit(page.url).path)
                  if folder != base}
        wrong = [(status, url) for status, url in responses
                 if status >= 400 and url != response.url and url not in probes]
        assert wrong == [] and failed == []
        # The browser's own requests too (the favicon): nothing outside the site but probes.
        outside = [path for path, _ in asked
                   if not path.startswith(base) and origin + path not in probes]
        assert outside == []
    finally:
        context.close()


def _folders(path: str) -> list[str]:
    return [path[:index + 1] for index, char in enumerate(path) if char == "/"]
