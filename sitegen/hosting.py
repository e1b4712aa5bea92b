"""The host's half of the built site: ``site/_headers``, the response headers of every file.

Cloudflare Pages and Netlify both read a ``_headers`` file at the top of the published folder: a
URL pattern on a line of its own, then indented ``Name: value`` lines. Neither serves the file.
On both, a request that matches several rules gets the headers of all of them, and a header that
two rules set is joined into one comma-separated value: ``max-age=300, max-age=31536000`` would
be a cache policy nobody chose. So no two rules written here that can match one path set the
same header; tests/test_hosting.py checks that against every file of a build.

- Content-addressed files (a path segment with a dot-separated hex hash of 8 to 64 characters,
  ``worker.1a2b3c4d.mjs``, ``pyodide.0123456789/``, Material's ``bundle.a5f9d56c.min.js``) never
  change: cached for a year and never revalidated.
- Everything else, pages first, may change with the next publication and is cached for
  :data:`SHORT`. A corrected deadline or contact reaches a reader who keeps a tab open within
  five minutes, while going from page to page in one visit asks the host nothing.
- Each page gets its Content-Security-Policy (the one finish put into its meta) as a header too,
  with what a meta cannot carry: ``frame-ancestors 'none'``, so no other site can frame the
  calculators and trick a reader into reading a framed answer as the provider's.
- The calculators' module worker takes its policy from its own response, never from the page:
  each ``.mjs`` gets the site's policy, without the page's script hashes. A module that is only
  imported ignores it.

A folder whose files all get the same Cache-Control becomes one splat rule (``/schemas/*``), so
the file stays within Cloudflare's 100 rules. Splats end a pattern and there is one at most, the
form both hosts document alike.

nginx reads no ``_headers``, and takes the headers of one location only:
``python -m sitegen.hosting nginx SITE`` prints the same rules as locations to include in a
``server`` block, each with every header that applies to it (README, "Hosting").
"""

from __future__ import annotations

import argparse
import re
import sys
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from .csp import content_security_policy

__all__ = ["HEADERS_FILE", "IMMUTABLE", "SHORT", "HostingError", "content_addressed",
           "headers_rules", "main", "nginx_locations", "write_headers"]

HEADERS_FILE = "_headers"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
# On every response: the browser keeps to the declared types, and no address of the site (a
# calculator link carries the case's priority, region and time) is sent to another host.
EVERYWHERE = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript"}
# Cloudflare Pages' documented limits.
MAX_RULES = 100
MAX_LINE = 2000

_HASHED = re.compile(r"\.[0-9a-f]{8,64}(?=\.|$)")
# A pattern is the file's path as written: ':' would start a placeholder and '*' a splat, and
# the hosts match paths before any percent-decoding we could rely on.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]+")


class HostingError(Exception):
    """The headers cannot be written; the message says which file and why."""


def content_addressed(path: str | PurePosixPath) -> bool:
    """Whether any segment of ``path`` (relative to the site) holds a content hash."""
    return any(_HASHED.search(part) for part in PurePosixPath(path).parts)


class _Policy(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policy: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if (self.policy is None and tag == "meta"
                and attrs.get("http-equiv", "").lower() == "content-security-policy"):
            self.policy = attrs.get("content", "")


def _page_policy(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    end = text.lower().find("</head>")  # the meta is the first child of <head>
    scan = _Policy()
    scan.feed(text if end < 0 else text[:end])
    if not scan.policy:
        raise HostingError(f"{page}: no Content-Security-Policy meta to send as a header")
    return scan.policy.rstrip("; ") + "; frame-ancestors 'none'"


def _page_urls(path: PurePosixPath) -> list[str]:
    if path.name == "index.html":
        folder = "" if path.parent == PurePosixPath(".") else f"{path.parent}/"
        return [f"/{folder}", f"/{path}"]
    return [f"/{path}"]


def _cache_rules(files: list[PurePosixPath], pages: set[PurePosixPath]) -> dict[str, str]:
    """{pattern: Cache-Control} for every file but the pages, one splat per uniform folder."""
    rules: dict[str, str] = {}

    def visit(folder: PurePosixPath, inside: list[PurePosixPath]) -> None:
        kinds = {"page" if path in pages else content_addressed(path) for path in inside}
        if folder.parts and len(kinds) == 1 and "page" not in kinds:
            rules[f"/{folder}/*"] = IMMUTABLE if kinds.pop() else SHORT
            return
        depth = len(folder.parts)
        below: dict[str, list[PurePosixPath]] = {}
        for path in inside:
            if len(path.parts) == depth + 1:
                if path not in pages:
                    rules[f"/{path}"] = IMMUTABLE if content_addressed(path) else SHORT
            else:
                below.setdefault(path.parts[depth], []).append(path)
        for name, paths in sorted(below.items()):
            visit(folder / name, paths)

    visit(PurePosixPath(), files)
    return rules


def _precompressed(path: Path) -> bool:
    """A .gz or .br copy the runtime wrote beside a file (both are there): a host serves it in
    place of the file, never at its own URL, so it needs no rule of its own."""
    if path.suffix not in (".gz", ".br"):
        return False
    original = path.with_suffix("")
    return all(original.with_name(f"{original.name}{suffix}").is_file()
               for suffix in (".gz", ".br")) and original.is_file()


def headers_rules(site: Path) -> dict[str, dict[str, str]]:
    """{URL pattern: {header: value}} for the finished site in ``site``, in the file's order."""
    files = sorted(PurePosixPath(path.relative_to(site).as_posix())
                   for path in site.rglob("*") if path.is_file() and path.name != HEADERS_FILE
                   and not _precompressed(path))
    for path in files:
        if not _PLAIN_PATH.fullmatch(str(path)):
            raise HostingError(f"{site / path}: a name a _headers pattern cannot spell; use "
                               f"letters, digits and . _ ~ - only")
    pages = {path for path in files if path.suffix == ".html"}
    rules: dict[str, dict[str, str]] = {"/*": dict(EVERYWHERE)}
    for page in sorted(pages):
        policy = _page_policy(site / page)
        for url in _page_urls(page):
            rules[url] = {"Cache-Control": SHORT, "Content-Security-Policy": policy}
    for pattern, cache in _cache_rules(files, pages).items():
        rules[pattern] = {"Cache-Control": cache}
    worker_policy = content_security_policy("")
    for path in files:
        if path.suffix in TYPES:
            headers = rules.setdefault(f"/{path}", {})
            headers["Content-Type"] = TYPES[path.suffix]
            if path.suffix == ".mjs":
                headers["Content-Security-Policy"] = worker_policy
    return rules


def _text(rules: dict[str, dict[str, str]]) -> str:
    lines = ["# Response headers for Cloudflare Pages and Netlify, written by sitegen.finish "
             "(sitegen/hosting.py); README, \"Hosting\"."]
    for pattern, headers in rules.items():
        lines += ["", pattern, *(f"  {name}: {value}" for name, value in headers.items())]
    return "\n".join(lines) + "\n"


def write_headers(site: Path) -> Path:
    """Write ``site/_headers`` for the finished site; raise HostingError if it cannot be."""
    rules = headers_rules(site)
    if len(rules) > MAX_RULES:
        raise HostingError(f"{len(rules)} header rules; Cloudflare Pages reads at most "
                           f"{MAX_RULES}")
    text = _text(rules)
    longest = max(text.splitlines(), key=len)
    if len(longest) > MAX_LINE:
        raise HostingError(f"a _headers line of {len(longest)} characters; Cloudflare Pages "
                           f"reads at most {MAX_LINE}: {longest[:60]}...")
    (site / HEADERS_FILE).write_text(text, encoding="utf-8")
    return site / HEADERS_FILE


def _covers(pattern: str, path: str) -> bool:
    """Whether the rule ``pattern`` (a path, or a folder with a final splat) matches ``path``."""
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


def _nginx_value(value: str) -> str:
    if "$" in value:
        raise HostingError(f"a header value nginx would read as a variable: {value[:60]}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_locations(rules: dict[str, dict[str, str]]) -> str:
    """``rules`` as nginx locations for a ``server`` block.

    nginx uses the headers of the one location it picks (an exact ``=`` one, else the longest
    prefix), and a location with any ``add_header`` inherits none from the server. So each
    location lists the headers of every rule that covers it; Content-Type is set by emptying
    the location's types and naming the default, since an ``add_header Content-Type`` would be
    a second one. ``always`` keeps the headers on 404.html, which is sent with status 404.
    """
    lines = ["# Written by `python -m sitegen.hosting nginx SITE` from SITE/_headers; include it",
             "# in the site's server block (README, \"Hosting\"). Rebuild it with every build.",
             "location = /" + HEADERS_FILE + " {", "    return 404;", "}"]
    for pattern in rules:
        if pattern.endswith("*"):
            prefix = pattern[:-1]
            location = "location /" if prefix == "/" else f"location ^~ {prefix}"
            covering = [other for other in rules
                        if other.endswith("*") and prefix.startswith(other[:-1])]
        else:
            location = f"location = {pattern}"
            covering = [other for other in rules if _covers(other, pattern)]
        headers: dict[str, list[str]] = {}
        for other in covering:
            for name, value in rules[other].items():
                headers.setdefault(name, []).append(value)
        lines.append(location + " {")
        for name, values in headers.items():
            value = ", ".join(values)
            if name.lower() == "content-type":
                lines += ["    types { }", f"    default_type {value};"]
            else:
                lines.append(f"    add_header {name} {_nginx_value(value)} always;")
        lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitegen.hosting",
        description="Print the built site's headers as nginx locations.")
    parser.add_argument("format", choices=["nginx"])
    parser.add_argument("site", type=Path, help="the built site (make build: site)")
    args = parser.parse_args(argv)
    try:
        if not (args.site / "index.html").is_file():
            raise HostingError(f"{args.site} holds no built site (no index.html)")
        sys.stdout.write(nginx_locations(headers_rules(args.site)))
    except (HostingError, OSError, ValueError) as error:
        print(f"python -m sitegen.hosting: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
