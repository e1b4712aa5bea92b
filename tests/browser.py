"""Driving Debian's Chromium with Playwright, for the browser tests and the benchmark.

Never a browser download: Playwright gets /usr/bin/chromium (see scripts/ensure-chromium).
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_PATH = "/usr/bin/chromium"
# Without the background-networking switches Chromium calls home, which this machine's closed
# network refuses many times over; the sandbox needs a non-root user, which CI is not.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def only_own_host(target, site_url: str) -> list[str]:
    """Let ``target`` (a browser context or a page) reach only the host of ``site_url``; every
    other request is aborted and its URL appended to the list returned, for the test to assert
    empty."""
    local = urlsplit(site_url).netloc
    elsewhere: list[str] = []

    def route(route):
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    target.route("**/*", route)
    return elsewhere


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path, handler=None):
    """Serve a folder on a free loopback port; yields the base URL (ending in /). ``handler``, a
    request handler class taking ``directory=``, replaces the plain one (a test's slow host)."""
    handler = functools.partial(handler or _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
