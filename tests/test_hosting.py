"""The host's configuration, ``site/_headers`` (sitegen/hosting.py), read the way Cloudflare Pages
and Netlify read it (tests/browser.py's parser): on a folder of made-up content-addressed names,
on the real build, and in Chromium; then the host-like server that every browser test and the
benchmark use."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browser import headers_for, only_own_host, read_headers, serve
from conftest import ROOT
from sitegen.csp import content_security_policy
from sitegen.hosting import (IMMUTABLE, SHORT, HostingError, content_addressed, headers_rules,
                             nginx_locations, write_headers)

FRAME = "frame-ancestors 'none'"


def _policy_of(page: Path) -> str:
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">',
                     page.read_text(encoding="utf-8"))
    return meta[1].replace("&#x27;", "'").replace("&quot;", '"')


def _urls(site: Path) -> list[str]:
    """Every address a reader's browser can ask for: each file, and each folder's index page;
    not the .gz and .br copies written beside a file, which a host sends at the file's own."""
    urls = []
    for path in sorted(site.rglob("*")):
        original = path.with_suffix("")
        if path.suffix in (".gz", ".br") and all(
                original.with_name(original.name + suffix).is_file() for suffix in (".gz", ".br")):
            continue
        if path.is_file() and path.name != "_headers":
            relative = path.relative_to(site).as_posix()
            urls.append(f"/{relative}")
            if path.name == "index.html":
                urls.append(f"/{relative.removesuffix('index.html')}")
    return urls


def _rules(site: Path):
    return read_headers((site / "_headers").read_text(encoding="utf-8"))


def _setting(rules, url: str, header: str) -> list[str]:
    """The value each rule matching ``url`` gives ``header``."""
    return [value for pattern, headers in rules if pattern.fullmatch(url)
            for name, value in headers if name.lower() == header.lower()]


# ------------------------------------------------------------------- made-up names, one folder

PAGE = ('<!doctype html><html><head><meta charset="utf-8"><meta http-equiv='
        '"Content-Security-Policy" content="default-src &#x27;self&#x27;; script-src '
        '&#x27;self&#x27; &#x27;sha256-{n}&#x27;"><title>t</title></head><body>{n}</body></html>')
FILES = [
    "index.html", "404.html", "service-levels/index.html", "sitemap.xml", "sitemap.xml.gz",
    "assets/calculators/worker.1a2b3c4d5e.mjs", "assets/calculators/worker.1a2b3c4d5e.mjs.br",
    "assets/calculators/widgets.0f1e2d3c.js", "assets/calculators/policy.json",
    "assets/calculators/manifest.json",
    "assets/calculators/pyodide.0123456789/pyodide.asm.wasm",
    "assets/calculators/pyodide.0123456789/pyodide.asm.wasm.gz",
    "assets/calculators/pyodide.0123456789/pyodide.mjs",
    "assets/calculators/pyodide.0123456789/python_stdlib.zip",
    "assets/javascripts/bundle.a5f9d56c.min.js", "assets/javascripts/lunr/min/lunr.de.min.js",
    "assets/stylesheets/main.57a0d79d.min.css", "calendars/usa-hours.ics",
    "schemas/policy.schema.json",
]


@pytest.fixture
def made_up(tmp_path):
    for number, name in enumerate(FILES):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(n=number) if name.endswith(".html") else name)
    write_headers(tmp_path)
    return tmp_path


@pytest.mark.parametrize("url, header, expected", [
    ("/", "Cache-Control", SHORT),
    ("/index.html", "Cache-Control", SHORT),
    ("/service-levels/", "Cache-Control", SHORT),
    ("/service-levels/index.html", "Cache-Control", SHORT),
    ("/404.html", "Cache-Control", SHORT),
    ("/service-levels/", "Content-Security-Policy",
     "default-src 'self'; script-src 'self' 'sha256-2'; frame-ancestors 'none'"),
    ("/", "Content-Security-Policy",
     "default-src 'self'; script-src 'self' 'sha256-0'; frame-ancestors 'none'"),
    ("/service-levels/", "X-Content-Type-Options", "nosniff"),
    ("/assets/calculators/widgets.0f1e2d3c.js", "Referrer-Policy", "no-referrer"),
    ("/assets/calculators/worker.1a2b3c4d5e.mjs", "Cache-Control", IMMUTABLE),
    ("/assets/calculators/worker.1a2b3c4d5e.mjs", "Content-Type", "text/javascript"),
    ("/assets/calculators/worker.1a2b3c4d5e.mjs", "Content-Security-Policy",
     content_security_policy("")),
    ("/assets/calculators/worker.1a2b3c4d5e.mjs.br", "Cache-Control", IMMUTABLE),
    ("/assets/calculators/widgets.0f1e2d3c.js", "Cache-Control", IMMUTABLE),
    ("/assets/calculators/policy.json", "Cache-Control", SHORT),
    ("/assets/calculators/manifest.json", "Cache-Control", SHORT),
    ("/assets/calculators/pyodide.0123456789/pyodide.asm.wasm", "Cache-Control", IMMUTABLE),
    ("/assets/calculators/pyodide.0123456789/pyodide.asm.wasm", "Content-Type",
     "application/wasm"),
    ("/assets/calculators/pyodide.0123456789/python_stdlib.zip", "Cache-Control", IMMUTABLE),
    ("/assets/calculators/pyodide.0123456789/pyodide.mjs", "Content-Type", "text/javascript"),
    ("/assets/javascripts/bundle.a5f9d56c.min.js", "Cache-Control", IMMUTABLE),
    ("/assets/javascripts/lunr/min/lunr.de.min.js", "Cache-Control", SHORT),
    ("/assets/stylesheets/main.57a0d79d.min.css", "Cache-Control", IMMUTABLE),
    ("/calendars/usa-hours.ics", "Cache-Control", SHORT),
    ("/schemas/policy.schema.json", "Cache-Control", SHORT),
    ("/sitemap.xml.gz", "Cache-Control", SHORT),
])
def test_each_made_up_file_gets_its_headers(made_up, url, header, expected):
    assert _setting(_rules(made_up), url, header) == [expected]


@pytest.mark.parametrize("url, header", [
    ("/assets/calculators/policy.json", "Content-Type"),  # the host's own type is right
    ("/assets/calculators/widgets.0f1e2d3c.js", "Content-Security-Policy"),
    ("/assets/calculators/pyodide.0123456789/pyodide.asm.wasm", "Content-Security-Policy"),
])
def test_a_file_gets_no_header_it_does_not_need(made_up, url, header):
    assert _setting(_rules(made_up), url, header) == []


@pytest.mark.parametrize("name, content_addressed_", [
    ("assets/calculators/worker.1a2b3c4d5e.mjs", True),
    ("assets/calculators/pyodide.0123456789/pyodide.asm.wasm", True),
    ("assets/javascripts/bundle.a5f9d56c.min.js", True),
    ("assets/calculators/worker.1a2b3c4.mjs", False),  # 7 hex digits: too short for a hash
    ("assets/calculators/worker.1A2B3C4D5E.mjs", False),  # upper case: not our hashes
    ("assets/calculators/snapshot-04a4f1798788b9c7.bin.gz", False),  # not dot-separated
    ("assets/calculators/wheels/tzdata-2026.6-py2.py3-none-any.whl", False),
    ("assets/javascripts/lunr/min/lunr.multi.min.js", False),
    ("calendars/usa-hours.ics", False),
])
def test_content_addressed_names(name, content_addressed_):
    assert content_addressed(name) is content_addressed_


def _odd_name(site: Path) -> None:
    (site / "assets" / "a file:1.js").write_text("x")


def _too_many_rules(site: Path) -> None:
    # Mixed folders cannot become one splat: one rule per file, past Cloudflare's 100.
    for number in range(60):
        (site / f"page{number}.{number:08x}.js").write_text("x")
        (site / f"page{number}.js").write_text("x")


@pytest.mark.parametrize("spoil, message", [
    (_odd_name, "a file:1.js: a name a _headers pattern cannot spell"),
    (_too_many_rules, "header rules; Cloudflare Pages reads at most 100"),
], ids=["a name with a colon", "too many rules"])
def test_headers_it_cannot_write_are_refused(made_up, spoil, message):
    spoil(made_up)
    with pytest.raises(HostingError, match=re.escape(message)):
        write_headers(made_up)


# ------------------------------------------------------------------------- the real build

@pytest.fixture(scope="module")
def built_rules(site):
    return _rules(site)


def test_every_built_path_has_one_cache_policy_that_fits_its_name(site, built_rules):
    wrong = {}
    for url in _urls(site):
        settings = _setting(built_rules, url, "Cache-Control")
        expected = IMMUTABLE if content_addressed(url) else SHORT
        if settings != [expected]:
            wrong[url] = settings
    assert wrong == {}


def test_no_two_built_rules_set_one_header_for_one_path(site, built_rules):
    names = {name.lower() for _, headers in built_rules for name, _ in headers}
    twice = {(url, name): values for url in _urls(site) for name in names
             if len(values := _setting(built_rules, url, name)) > 1}
    assert twice == {}


def test_every_built_page_sends_its_own_policy_and_refuses_frames(site, built_rules):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 7
    for page in pages:
        relative = page.relative_to(site).as_posix()
        urls = [f"/{relative}"] + ([f"/{relative.removesuffix('index.html')}"]
                                   if page.name == "index.html" else [])
        for url in urls:
            assert _setting(built_rules, url, "Content-Security-Policy") == [
                f"{_policy_of(page)}; {FRAME}"], url
            assert _setting(built_rules, url, "X-Content-Type-Options") == ["nosniff"], url


@pytest.mark.parametrize("suffix, content_type", [
    (".wasm", "application/wasm"), (".mjs", "text/javascript")])
def test_built_runtime_files_get_their_types(site, built_rules, suffix, content_type):
    files = sorted(site.rglob(f"*{suffix}"))
    assert files
    for path in files:
        url = f"/{path.relative_to(site).as_posix()}"
        assert _setting(built_rules, url, "Content-Type") == [content_type], url


def test_the_built_file_fits_cloudflares_limits(site, built_rules):
    assert len(built_rules) <= 100
    assert max(map(len, (site / "_headers").read_text().splitlines())) <= 2000


# ----------------------------------------------------------------------------------- nginx

def _nginx(text: str) -> dict[tuple[str, str], dict[str, str]]:
    """{(modifier, path): {header or "type" or "return": value}} of the printed locations."""
    locations, current = {}, None
    for line in text.splitlines():
        if opened := re.fullmatch(r"location (?:(=|\^~) )?(\S+) \{", line):
            current = locations.setdefault((opened[1] or "", opened[2]), {})
        elif header := re.fullmatch(r'    add_header (\S+) "(.*)" always;', line):
            current[header[1]] = header[2].replace('\\"', '"')
        elif kind := re.fullmatch(r"    default_type (\S+);", line):
            current["type"] = kind[1]
        elif returned := re.fullmatch(r"    return (\d+);", line):
            current["return"] = returned[1]
    return locations


def _nginx_picks(locations, url: str) -> dict[str, str]:
    """The location nginx uses for ``url``: the exact one, else the longest prefix (there are
    no regular expressions to try)."""
    if ("=", url) in locations:
        return locations["=", url]
    prefixes = [key for key in locations if key[0] != "=" and url.startswith(key[1])]
    return locations[max(prefixes, key=lambda key: len(key[1]))]


def test_nginx_gives_each_built_path_the_headers_a_host_gives_it(site, built_rules):
    locations = _nginx(nginx_locations(headers_rules(site)))
    wrong = {}
    for url in _urls(site):
        expected = headers_for(built_rules, url)
        if "Content-Type" in expected:
            expected["type"] = expected.pop("Content-Type")
        if (got := _nginx_picks(locations, url)) != expected:
            wrong[url] = got
    assert wrong == {}
    assert _nginx_picks(locations, "/_headers") == {"return": "404"}


@pytest.mark.parametrize("args, message", [
    (["nginx", "/nonexistent-site"], "/nonexistent-site holds no built site (no index.html)"),
    (["apache", "."], "invalid choice: 'apache'"),
])
def test_the_nginx_command_refuses_bad_input_plainly(args, message):
    result = subprocess.run([sys.executable, "-m", "sitegen.hosting", *args], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode != 0 and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------- the host-like server

SERVED = {
    "_headers": "/*\n  X-Test: everywhere\n\n/app.js\n  Cache-Control: max-age=1\n\n"
                "/runtime/*\n  Cache-Control: immutable\n\n/runtime/big.wasm\n"
                "  Content-Type: application/wasm\n  X-Test: big\n",
    "app.js": "const answer = 42;\n" * 200,
    "runtime/big.wasm": "\0asm" + "wasm body " * 500,
    "runtime/big.wasm.br": b"not really brotli: the server never reads a sibling",
    "runtime/big.wasm.gz": None,  # the gzip of big.wasm, made below
    "data.bin": bytes(range(256)) * 20,
    "page/index.html": "<!doctype html><title>t</title>" + "<p>text</p>" * 300,
}


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    folder = tmp_path_factory.mktemp("host")
    for name, content in SERVED.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            content = gzip.compress(SERVED[name.removesuffix(".gz")].encode())
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with serve(folder) as url:
        yield folder, url


def _get(url: str, **headers) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _original(folder: Path, path: str) -> bytes:
    return (folder / (path + "index.html" if path.endswith("/") else path)).read_bytes()


@pytest.mark.parametrize("path, accept, encoding, sent", [
    ("app.js", "gzip, deflate, br", "gzip", "gzip of the file"),
    ("app.js", "identity", None, "the file"),
    ("app.js", "br;q=1, gzip;q=0", None, "the file"),  # q=0 refuses gzip
    ("page/", "gzip", "gzip", "gzip of the file"),
    ("runtime/big.wasm", "gzip, br", "br", "the .br sibling"),
    ("runtime/big.wasm", "gzip", "gzip", "the .gz sibling"),
    ("runtime/big.wasm", "identity", None, "the file"),
    ("data.bin", "gzip, br", None, "the file"),  # not a type hosts compress
])
def test_the_server_sends_a_sibling_or_compresses_as_a_host_does(host, path, accept, encoding,
                                                                 sent):
    folder, url = host
    status, headers, body = _get(url + path, **{"Accept-Encoding": accept})
    assert status == 200
    assert headers.get("Content-Encoding") == encoding
    assert int(headers["Content-Length"]) == len(body)
    expected = {"the file": lambda: _original(folder, path),
                "gzip of the file": lambda: _original(folder, path),
                "the .br sibling": lambda: (folder / (path + ".br")).read_bytes(),
                "the .gz sibling": lambda: (folder / (path + ".gz")).read_bytes()}[sent]()
    assert (gzip.decompress(body) if sent == "gzip of the file" else body) == expected
    if path != "data.bin":
        assert headers["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize("path, header, value", [
    ("app.js", "X-Test", "everywhere"),
    ("app.js", "Cache-Control", "max-age=1"),
    ("app.js", "Content-Type", "text/javascript"),
    ("runtime/big.wasm", "Cache-Control", "immutable"),
    ("runtime/big.wasm", "Content-Type", "application/wasm"),
    ("runtime/big.wasm", "X-Test", "everywhere, big"),  # two rules: joined, as the hosts do
    ("page/", "Content-Type", "text/html"),
    ("data.bin", "Cache-Control", None),
])
def test_the_server_sends_the_folders_headers(host, path, header, value):
    _, url = host
    for accept in ("gzip, br", "identity"):
        _, headers, _ = _get(url + path, **{"Accept-Encoding": accept})
        assert headers.get(header) == value, accept


@pytest.mark.parametrize("path, accept", [
    ("app.js", "gzip"), ("app.js", "identity"), ("runtime/big.wasm", "br"), ("page/", "gzip")])
def test_a_reload_revalidates_to_304_with_the_same_headers(host, path, accept):
    _, url = host
    _, first, _ = _get(url + path, **{"Accept-Encoding": accept})
    status, again, body = _get(url + path, **{"Accept-Encoding": accept,
                                             "If-None-Match": first["ETag"]})
    assert (status, body) == (304, b"")
    assert again["ETag"] == first["ETag"] and again.get("Cache-Control") == first.get(
        "Cache-Control")
    other = "identity" if accept != "identity" else "gzip"
    status, _, _ = _get(url + path, **{"Accept-Encoding": other, "If-None-Match": first["ETag"]})
    assert status == 200  # another representation, another tag


def test_the_server_never_serves_the_headers_file(host):
    _, url = host
    assert _get(url + "_headers")[0] == 404


def test_a_folder_without_headers_is_served_plainly(host, tmp_path):
    folder, _ = host
    shutil.copytree(folder, tmp_path / "plain", ignore=shutil.ignore_patterns("_headers"))
    with serve(tmp_path / "plain") as url:
        status, headers, _ = _get(url + "runtime/big.wasm", **{"Accept-Encoding": "identity"})
    assert status == 200
    assert "X-Test" not in headers and "Cache-Control" not in headers


# -------------------------------------------------------------------------------- Chromium

ANSWER_TIMEOUT_MS = 60_000
REPORT = "service-levels/?priority=S2&region=usa&at=2026-11-27T17:30:00Z"


@pytest.mark.browser
def test_a_page_under_its_header_policy_answers_with_no_violation(browser, site_url):
    context = browser.new_context(timezone_id="UTC")
    elsewhere = only_own_host(context, site_url)
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script("addEventListener('securitypolicyviolation', (event) =>"
                         " (window.violations ||= []).push(event.violatedDirective));")
    policies = {}  # the policy each script arrived with
    page.on("response", lambda response: policies.__setitem__(
        response.url, response.headers.get("content-security-policy"))
        if response.url.endswith(".mjs") else None)
    for visit in ("cold", "reload"):
        response = page.goto(site_url + REPORT)
        assert response.headers["content-security-policy"].endswith(f"; {FRAME}"), visit
        form = page.locator("form[data-widget=deadline][data-state=answered]")
        form.wait_for(timeout=ANSWER_TIMEOUT_MS)
        assert "S2" in form.inner_text(), visit
        assert page.evaluate("window.violations || []") == [], visit
    # The calculators' worker ran under a policy of its own, and answered under it.
    workers = [worker.url for worker in page.workers if "/assets/calculators/" in worker.url]
    assert workers and all(policies[url] == content_security_policy("") for url in workers)
    assert refused == [] and elsewhere == []
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("with_headers, framed", [
    (True, False),  # Cloudflare Pages, Netlify, nginx with the headers
    (False, True),  # GitHub Pages: the meta policy cannot refuse frames
], ids=["with _headers", "without _headers"])
def test_another_site_can_frame_a_page_only_without_the_headers(browser, site, tmp_path,
                                                                with_headers, framed):
    served = site
    if not with_headers:
        served = tmp_path / "site"
        shutil.copytree(site, served, ignore=shutil.ignore_patterns("_headers"))
    with serve(served) as url:
        page = browser.new_page()
        # set_content returns after the load event, which waits for the frame to load or fail.
        page.set_content(f'<iframe src="{url}service-levels/" width="800" height="600"></iframe>')
        assert (page.frame_locator("iframe").locator("form[data-widget]").count() > 0) is framed
        page.close()
