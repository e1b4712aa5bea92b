"""The pages' Content-Security-Policy: sitegen.csp on small documents, then on every built page.

Hashes are written out (from `printf ... | openssl dgst -sha256 -binary | base64`), not
recomputed the way sitegen.csp does, so a wrong way of hashing fails here.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

import pytest

from sitegen.csp import (bundle_style_hashes, content_security_policy, inline_script_hashes,
                         with_csp)
from sitegen.extension import CONTENT_END, CONTENT_START
from sitegen.finish import FinishError, split_content

ALERT = "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"  # alert(1)
X_IS_1 = "'sha256-HyBrEcI+KMwlDe1/wAmNOCOoRnpUNA8axOU1y4VEST8='"  # x=1
A_NEWLINE_B = "'sha256-fhj3NzEbLcOy8mndeDlrA1HxT7Zu+oefdoyyMYGIPHg='"  # a LF b
A_AMP_B = "'sha256-+1ybHSHBpXiIvGQfHqcLunD0cVfaUhdNPRv1ysBDBm4='"  # a&amp;b, as written
E_ACUTE = "'sha256-SplVfkAzw1Od4utlRyAXytX5VX96BiWgnxw/biumnEw='"  # é, as UTF-8
RED = "'sha256-AYkV/wUaXEz1i9pndN1veIXFHZVFTj4Ojce2rMK7bSc='"  # .a{color:red}
ESCAPED = "'sha256-RTTpFDz5ZRpr5jikVWhJPbpVqBljxzU+n2tI8NH+6d8='"  # a'b LF cA

FIXED = ("default-src 'self'", "worker-src 'self'", "connect-src 'self'", "style-src 'self'",
         "img-src 'self' data:", "object-src 'none'", "base-uri 'self'", "form-action 'self'")


def _page(head: str = "", body: str = "") -> str:
    return (f'<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8">\n{head}'
            f'  </head>\n  <body>\n{body}  </body>\n</html>\n')


def _directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        assert name not in directives, f"{name} given twice"
        directives[name] = sources
    return directives


@pytest.mark.parametrize("html, hashes", [
    (_page(body="<script>alert(1)</script>"), [ALERT]),
    (_page(head="<script>x=1</script>", body="<script>alert(1)</script><script>x=1</script>"),
     [X_IS_1, ALERT]),
    (_page(), []),
    (_page(head='<script src="bundle.js"></script><link rel="stylesheet" href="a.css">'), []),
    (_page(body='<script type="application/json" id="__config">{"a": 1}</script>'), []),
    (_page(body='<script type="module">alert(1)</script>'
                '<script type="text/JavaScript">x=1</script>'), [ALERT, X_IS_1]),
    (_page(body="<script>a\r\nb</script>"), [A_NEWLINE_B]),
    (_page(body="<script>a\rb</script>"), [A_NEWLINE_B]),
    (_page(body="<script>a&amp;b</script>"), [A_AMP_B]),
    (_page(body="<script>é</script>"), [E_ACUTE]),
    (_page(body="<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"), []),
], ids=["one inline script", "several, each once, in order", "no script", "external files only",
        "JSON data block", "module and a JavaScript MIME type", "CR LF read as LF",
        "lone CR read as LF", "entities hashed as written", "hashed as UTF-8",
        "escaped text is no script"])
def test_script_src_lists_the_inline_scripts_hashes(html, hashes):
    assert inline_script_hashes(html) == hashes
    policy = _directives(content_security_policy(html))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", *hashes]
    assert "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items()
                     if name != "script-src") == "; ".join(FIXED)


META = '<meta http-equiv="Content-Security-Policy" content="'


@pytest.mark.parametrize("html, before_meta", [
    (_page(head='    <script src="a.js"></script>\n'),
     '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8">'),
    ("<html><head><meta charset=utf-8 /><title>t</title></head></html>",
     "<html><head><meta charset=utf-8 />"),
    ('<html><head><title>t</title><meta charset="utf-8"></head></html>', "<html><head>"),
    ("<!doctype html><html><head><title>t</title></head></html>", "<!doctype html><html><head>"),
    ("<!doctype html><HTML><HEAD class=x><script>alert(1)</script></HEAD></HTML>",
     "<!doctype html><HTML><HEAD class=x>"),
], ids=["after the charset meta", "after a self-closed charset meta",
        "charset not first: first in head", "no charset: first in head", "upper-case tags"])
def test_the_meta_goes_first_in_head_after_charset(html, before_meta):
    placed = with_csp(html)
    assert placed.startswith(before_meta + META)
    meta_end = placed.index('">', len(before_meta)) + 2
    assert placed[meta_end:] == html[len(before_meta):]
    content = placed[len(before_meta) + len(META):meta_end - 2]
    assert content == content_security_policy(html)


CONTENT = "<article><p>text</p><script>alert(1)</script></article>"


@pytest.mark.parametrize("html, content, hashes", [
    (_page(head="<script>x=1</script>", body=CONTENT), CONTENT, [X_IS_1]),
    (_page(body=CONTENT), CONTENT, []),
    (_page(head="<script>x=1</script>", body=CONTENT), "", [X_IS_1, ALERT]),
    (_page(head="<script>alert(1)</script>", body=CONTENT), CONTENT, []),
], ids=["the theme's script only", "only the content's", "no content given",
        "the same script in the theme: refused, not allowed"])
def test_no_script_of_the_pages_own_content_gets_a_hash(html, content, hashes):
    assert inline_script_hashes(html, content=content) == hashes
    assert _directives(content_security_policy(html, content=content))["script-src"] == [
        "'self'", "'wasm-unsafe-eval'", *hashes]
    policy = content_security_policy(html, content=content)
    assert f'{META}{policy}">' in with_csp(html, content=content)


@pytest.mark.parametrize("html, message", [
    ("<p>no head</p>", "no <head>"),
    (_page(head='<meta http-equiv="content-security-policy" content="default-src *">'),
     "already has a Content-Security-Policy"),
], ids=["no head", "a policy already there"])
def test_pages_it_cannot_place_a_policy_in_are_refused(html, message):
    with pytest.raises(ValueError, match=message):
        with_csp(html)


# ------------------------------------------------ the content frame (sitegen.extension)

OPEN, CLOSE = CONTENT_START.format(token="abc123"), CONTENT_END.format(token="abc123")


@pytest.mark.parametrize("html, bare, content", [
    (f"<head></head><body>{OPEN}<p>x</p>{CLOSE}</body>", "<head></head><body><p>x</p></body>",
     "<p>x</p>"),
    ("<head></head><body><p>x</p></body>", "<head></head><body><p>x</p></body>", ""),
    (f"<body>{OPEN}a<!-- /policy-content forged --><script>x=1</script>b{CLOSE}<i></i></body>",
     "<body>a<!-- /policy-content forged --><script>x=1</script>b<i></i></body>",
     "a<!-- /policy-content forged --><script>x=1</script>b"),
    (f"<body>{OPEN}a{CLOSE}<hr>{OPEN}b{CLOSE}</body>", "<body>a<hr>b</body>", "a<hr>b"),
], ids=["framed", "no frame", "a forged end stays content", "one frame twice"])
def test_the_content_frame_is_read_and_removed(html, bare, content):
    split = split_content(html)
    assert (split.page, split.content) == (bare, content)
    assert split.page[:split.first] + split.page[split.first + len(content):] == split.theme


@pytest.mark.parametrize("html, message", [
    (f"<body>{OPEN}<script>x=1</script></body>", "not closed"),
    ("<body><!-- policy-content  --></body>", "no token"),
], ids=["no end", "no token"])
def test_a_broken_frame_is_refused(html, message):
    with pytest.raises(FinishError, match=message):
        split_content(html)


def test_a_script_in_the_frame_gets_no_hash():
    page = _page(head="<script>x=1</script>", body=f"{OPEN}<script>alert(1)</script>{CLOSE}")
    split = split_content(page)
    policy = _directives(content_security_policy(split.theme, content=split.content))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", X_IS_1]


# ------------------------------------- style sheets a theme's bundle writes (Zensical's search)

@pytest.mark.parametrize("javascript, hashes", [
    ("""var Tc='.a{color:red}';o.appendChild(C("style",{},Tc.toString()));""", [RED]),
    ("""let Xy = ".a{color:red}";f(C( 'style' , {} , Xy.toString()))""", [RED]),
    ("""var S='a\\'b\\nc\\x41';g(C("style",{},S.toString()))""", [ESCAPED]),
    ("var a=1;document.body.style.color='red'", []),
], ids=["Zensical's form", "other quotes and spaces", "escapes decoded", "no style element"])
def test_bundle_style_sheets_are_hashed_as_the_browser_gets_them(javascript, hashes):
    assert bundle_style_hashes(javascript) == hashes


@pytest.mark.parametrize("javascript, message", [
    ("""document.createElement("style").textContent=css""", "1 <style> elements and 0"),
    ("""g(C("style",{},css.toString()))""", "not a string literal"),
], ids=["made another way", "not a literal"])
def test_bundle_style_sheets_it_cannot_read_are_refused(javascript, message):
    with pytest.raises(ValueError, match=message):
        bundle_style_hashes(javascript)


def test_the_policy_names_the_style_hashes():
    policy = _directives(content_security_policy(_page(), styles=(RED,)))
    assert policy["style-src"] == ["'self'", RED]


# ---------------------------------------------------------------- the built site

class _Page(HTMLParser):
    """A built page as the checks below see it, read independently of sitegen.csp."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.head_children: list[tuple[str, dict]] = []
        self.policies: list[str] = []
        self.inline_scripts: list[str] = []
        self.inline_handlers: list[str] = []
        self._depth_in_head = None
        self._script = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._depth_in_head = 0
        elif self._depth_in_head is not None:
            if self._depth_in_head == 0:
                self.head_children.append((tag, attrs))
            if tag not in ("meta", "link"):  # void elements have no end tag
                self._depth_in_head += 1
        if attrs.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(attrs["content"])
        self.inline_handlers += [f"<{tag} {name}>" for name in attrs
                                 if name.startswith("on") or name == "style"]
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "head":
            self._depth_in_head = None
        elif self._depth_in_head:
            self._depth_in_head -= 1
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


ENGINES = ("mkdocs", "zensical")


@pytest.mark.parametrize("engine", ENGINES)
def test_every_page_has_one_policy_right_after_charset(sites, engine):
    site = sites[engine]
    pages = sorted(site.rglob("*.html"))
    assert {path.relative_to(site).as_posix() for path in pages} >= {
        "index.html", "404.html", "service-levels/index.html", "escalation/index.html"}
    for path in pages:
        page = _Page(path.read_text(encoding="utf-8"))
        where = path.relative_to(site)
        assert len(page.policies) == 1, where
        (first, first_attrs), (second, second_attrs) = page.head_children[:2]
        assert (first, list(first_attrs)) == ("meta", ["charset"]), where
        assert second == "meta" and second_attrs["content"] == page.policies[0], where


@pytest.mark.parametrize("engine", ENGINES)
def test_every_inline_script_is_allowed_by_its_hash_alone(sites, engine):
    site = sites[engine]
    for path in sorted(site.rglob("*.html")):
        page = _Page(path.read_text(encoding="utf-8"))
        where = path.relative_to(site)
        script_src = _directives(page.policies[0])["script-src"]
        # Both themes' three inline scripts are on every page; a hash must follow them.
        assert len(page.inline_scripts) >= 3, where
        assert {_sha256(script) for script in page.inline_scripts} <= set(script_src), where
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, where
        # Handlers and style attributes would need 'unsafe-hashes' or 'unsafe-inline'.
        assert page.inline_handlers == [], where
