"""Driving Debian's Chromium with Playwright, for the browser tests and the benchmark.

Never a browser download: Playwright gets /usr/bin/chromium (see scripts/ensure-chromium).
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import http
import http.server
import io
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM_PATH = "/usr/bin/chromium"
HEADERS_FILE = "_headers"  # the host's rules, sitegen/hosting.py
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


# What a host compresses on the fly (Cloudflare's list has all of these); an .ics is text/calendar.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/wasm")
SIBLINGS = (("br", ".br"), ("gzip", ".gz"))  # preferred first, as nginx's brotli_static/gzip_static


def read_headers(text: str) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    """The rules of a ``_headers`` file (Cloudflare Pages' and Netlify's format): a path pattern
    on its own line, then indented ``Name: value`` lines. ``*`` matches anything, ``/`` too;
    ``:name`` one path segment."""
    rules: list[tuple[re.Pattern, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if not line.startswith("/"):
                raise ValueError(f"_headers:{number}: a rule starts with a path: {line!r}")
            pattern = re.sub(r":\w+", "[^/]+", re.escape(line.strip()).replace(r"\*", ".*"))
            rules.append((re.compile(pattern), []))
        elif not rules or ":" not in line:
            raise ValueError(f"_headers:{number}: not a header of a rule: {line!r}")
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


@functools.lru_cache(maxsize=8)
def _rules(path: str, mtime_ns: int) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    return read_headers(Path(path).read_text(encoding="utf-8"))


def headers_for(rules, url_path: str) -> dict[str, str]:
    """{name: value} of every rule matching ``url_path``; a header that several rules set is
    joined with commas, as both hosts do."""
    found: dict[str, tuple[str, list[str]]] = {}
    for pattern, headers in rules:
        if pattern.fullmatch(url_path):
            for name, value in headers:
                found.setdefault(name.lower(), (name, []))[1].append(value)
    return {name: ", ".join(values) for name, values in found.values()}


@functools.lru_cache(maxsize=32)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def _codings(accept_encoding: str) -> set[str]:
    codings = set()
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        if coding and not re.fullmatch(r"\s*q\s*=\s*0(\.0*)?\s*", params):
            codings.add(coding.strip().lower())
    return codings


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """A folder served the way a static host serves a site: the folder's ``_headers`` (never the
    file itself), a precompressed ``X.br``/``X.gz`` beside ``X`` when the request accepts it,
    else gzip on the fly for text, JavaScript, JSON, SVG and WebAssembly; ETag and Last-Modified,
    304 when the browser's copy is current. Subclasses may override ``copyfile`` to pace a body:
    it gets what is sent, compressed or not."""

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser gave up on a response (a refused frame, a cancelled fetch)

    def send_head(self):
        url_path = unquote(urlsplit(self.path).path)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the redirect to the folder's address with a slash
            path = path / "index.html"
        root = Path(self.directory)
        if not path.is_file() or path == root / HEADERS_FILE:
            self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
            return None
        rules_file = root / HEADERS_FILE
        rules = (_rules(str(rules_file), rules_file.stat().st_mtime_ns)
                 if rules_file.is_file() else [])
        content_type = self.guess_type(str(path))
        compressible = content_type.startswith(COMPRESSIBLE)
        accepted = _codings(self.headers.get("Accept-Encoding", ""))
        coding, body, source = None, None, path
        for name, suffix in SIBLINGS:
            sibling = path.with_name(path.name + suffix)
            if name in accepted and sibling.is_file():
                coding, source = name, sibling
                break
        else:
            if "gzip" in accepted and compressible:
                coding = "gzip"
                body = _gzipped(str(path), path.stat().st_mtime_ns)
        negotiated = compressible or any(path.with_name(path.name + suffix).is_file()
                                         for _, suffix in SIBLINGS)
        stat = source.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-" + coding if coding else ""}"'
        modified = path.stat().st_mtime
        headers = {"Content-Type": content_type, "ETag": etag,
                   "Last-Modified": self.date_time_string(int(modified))}
        if negotiated:
            headers["Vary"] = "Accept-Encoding"
        for name, value in headers_for(rules, url_path).items():
            for known in [key for key in headers if key.lower() == name.lower()]:
                del headers[known]
            headers[name] = value
        if self._current(etag, modified):
            self.send_response(http.HTTPStatus.NOT_MODIFIED)
            for name, value in headers.items():
                if name != "Content-Type":
                    self.send_header(name, value)
            self.end_headers()
            return None
        self.send_response(http.HTTPStatus.OK)
        for name, value in headers.items():
            self.send_header(name, value)
        if coding:
            self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(len(body) if body is not None else stat.st_size))
        self.end_headers()
        return io.BytesIO(body) if body is not None else open(source, "rb")

    def _current(self, etag: str, modified: float) -> bool:
        """Whether the browser's copy is this one: If-None-Match first, as RFC 9110 says."""
        if (tags := self.headers.get("If-None-Match")) is not None:
            return any(tag.strip().removeprefix("W/") in (etag, "*") for tag in tags.split(","))
        if since := self.headers.get("If-Modified-Since"):
            try:
                return int(modified) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError, OverflowError):
                return False
        return False


_QuietHandler = HostHandler  # the name the form tests' trickling host subclasses


@contextmanager
def serve(directory: Path, handler=None):
    """Serve a folder on a free loopback port as a static host does (:class:`HostHandler`);
    yields the base URL (ending in /). ``handler``, a request handler class taking
    ``directory=``, replaces it (a test's slow host subclasses it)."""
    handler = functools.partial(handler or HostHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
