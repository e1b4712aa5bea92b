"""The pages' Content-Security-Policy, computed from each page's final HTML; plain Python.

A static site has no response headers of its own, so the policy travels in a
``<meta http-equiv="Content-Security-Policy">``. A meta policy governs only what the document
loads after it, so it goes right after ``<meta charset>`` (which must stay in the first 1024
bytes), ahead of every script and stylesheet. ``frame-ancestors``, ``report-uri`` and
``sandbox`` are ignored in a meta policy and are left out.

The policy governs the page, not the calculators' module worker: a worker loaded from a
same-origin URL takes its policy from its own response headers, never from the page that
starts it. The worker runs Pyodide, which needs ``'wasm-unsafe-eval'`` to compile its
WebAssembly: without it Chromium refuses pyodide.asm.wasm. With this policy sent as a header
on ``worker.mjs`` the widgets answered in Chromium, restoring the snapshot, with no
``'unsafe-eval'``.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from html.parser import HTMLParser

__all__ = ["bundle_style_hashes", "content_security_policy", "csp_meta", "inline_script_hashes",
           "with_csp"]

# Each directive with why it is there; the inline scripts' hashes are added to script-src.
DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Anything not named below comes from the site's own origin only (fonts: the theme is
    # built with `font: false`, so there are none from elsewhere).
    ("default-src", ("'self'",)),
    # The theme's bundle and widgets.js are files on the site; mkdocs-material also inlines
    # three small scripts per page (the localStorage helpers __md_get/__md_set, the palette
    # restore, the tab-from-URL-hash one), allowed by their hashes only, never 'unsafe-inline'.
    # 'wasm-unsafe-eval' is what Pyodide needs to compile WebAssembly; the page itself runs
    # none, but a host that copies this policy into a header sends it to the worker too.
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    # The search worker (mkdocs-material) and the calculators' module worker are both files
    # under assets/; no blob: or data: workers.
    ("worker-src", ("'self'",)),
    # The page fetches only its own search index; the worker's fetches of the manifest,
    # wheels, snapshot and policy.json are same-origin and governed by the worker's own policy.
    ("connect-src", ("'self'",)),
    # Stylesheets are files; the theme and the widgets set styles only through the CSSOM
    # (element.style), which style-src does not restrict, and no page has a style attribute.
    # Zensical's bundle writes one <style> into its search box's shadow root: allowed by the
    # hash of that text, read from the bundle (bundle_style_hashes), never 'unsafe-inline'.
    ("style-src", ("'self'",)),
    # mkdocs-material draws its icons (admonitions, copy buttons, search, toggles) as CSS
    # masks of data:image/svg+xml URLs in its stylesheet; images count as img-src.
    ("img-src", ("'self'", "data:")),
    # No plugins, and nothing may change the base URL every relative link resolves against.
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    # The search form and the calculators' forms never leave the site; form-action does not
    # fall back to default-src, so it is named.
    ("form-action", ("'self'",)),
)

# Types the browser runs as script (the HTML standard's JavaScript MIME types, and module);
# anything else, like mkdocs-material's <script id="__config" type="application/json">, is a
# data block that never runs, so it needs no hash.
_JS_TYPES = frozenset({
    "", "module", "text/javascript", "application/javascript", "application/ecmascript",
    "application/x-ecmascript", "application/x-javascript", "text/ecmascript",
    "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
    "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
})


class _Scan(HTMLParser):
    """What the policy and its placement need: inline scripts and where <head> starts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.scripts: list[str] = []
        self.insert_at: int | None = None  # after <head>, or after its first child <meta charset>
        self.policies = 0  # CSP metas already there
        self._script: list[str] | None = None
        self._in_head = False
        self._head_children = 0
        self.feed(text)
        self.close()

    def _end_of_tag(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column + len(self.get_starttag_text())

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "head" and self.insert_at is None:
            self._in_head = True
            self.insert_at = self._end_of_tag()
        elif self._in_head:
            self._head_children += 1
            if self._head_children == 1 and tag == "meta" and "charset" in attrs:
                self.insert_at = self._end_of_tag()
        if (tag == "meta"
                and attrs.get("http-equiv", "").lower() == "content-security-policy"):
            self.policies += 1
        if (tag == "script" and "src" not in attrs
                and attrs.get("type", "").strip().lower() in _JS_TYPES):
            self._script = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


# C("style", {}, NAME.toString()): the element helper of Zensical's bundle, with the sheet's name.
_STYLE_SHEET = re.compile(
    r"""\(\s*["']style["']\s*,\s*\{\}\s*,\s*([A-Za-z_$][\w$]*)\.toString\(\)\)""")


def bundle_style_hashes(javascript: str) -> list[str]:
    """The CSP source of each style sheet a theme's minified bundle writes into a <style>
    element, as ``C("style",{},NAME.toString())`` with ``var NAME='...'`` (Zensical 0.0.73).

    A bundle that makes a <style> element any other way is refused, so that a new theme
    release fails the build here rather than lose its styles in the reader's browser.
    """
    made = len(re.findall(r"""\(\s*["']style["']""", javascript))
    hashes = []
    for match in _STYLE_SHEET.finditer(javascript):
        name = re.escape(match[1])
        definition = re.search(rf"""(?<![\w$.]){name}\s*=\s*(['"])((?:\\.|(?!\1).)*)\1""",
                               javascript, re.DOTALL)
        if definition is None:
            raise ValueError(f"the bundle's style sheet {match[1]} is not a string literal")
        # Text set from script is not read by the HTML parser: hashed as it is.
        hashes.append(_source(_js_string(definition[2])))
    if made != len(hashes):
        raise ValueError(f"the bundle makes {made} <style> elements and {len(hashes)} of them "
                         f"could be read; allow the others in sitegen/csp.py")
    return list(dict.fromkeys(hashes))


_JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _js_string(body: str) -> str:
    """The value of a JavaScript string literal's body (between its quotes)."""
    def unescape(match: re.Match) -> str:
        escaped = match[1]
        if escaped[0] in "xu":
            return chr(int(escaped[1:].strip("{}"), 16))
        if escaped[0] in "\r\n\u2028\u2029":
            return ""  # a line continuation
        return _JS_ESCAPES.get(escaped, escaped)

    return re.sub(r"\\(x[0-9A-Fa-f]{2}|u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|\r\n|.)", unescape,
                  body, flags=re.DOTALL)


def _hash(script: str) -> str:
    # The browser hashes the script's text as parsed, and its parser has already turned every
    # CR LF and lone CR into LF.
    return _source(script.replace("\r\n", "\n").replace("\r", "\n"))


def _source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(html: str, *, content: str = "") -> list[str]:
    """The CSP source of each distinct inline script that would run, in document order,
    leaving out any script of ``content``, the page's own content (see :func:`with_csp`)."""
    return _hashes(_Scan(html), content)


def _hashes(scan: _Scan, content: str) -> list[str]:
    # Every script element starts so; most pages' content has none, and is not parsed then.
    untrusted = ({_hash(script) for script in _Scan(content).scripts}
                 if "<script" in content.lower() else set())
    return [source for source in dict.fromkeys(_hash(script) for script in scan.scripts)
            if source not in untrusted]


def content_security_policy(html: str, *, content: str = "", styles: tuple[str, ...] = ()) -> str:
    """The policy for the page ``html``: :data:`DIRECTIVES`, its inline scripts' hashes and
    ``styles``, the hashes of style sheets the theme's scripts write (bundle_style_hashes)."""
    return _policy(_Scan(html), content, styles)


def _policy(scan: _Scan, content: str, styles: tuple[str, ...]) -> str:
    added = {"script-src": tuple(_hashes(scan, content)), "style-src": tuple(styles)}
    return "; ".join(" ".join((name, *sources, *added.get(name, ())))
                     for name, sources in DIRECTIVES)


def with_csp(html: str, *, content: str = "", styles: tuple[str, ...] = ()) -> str:
    """``html`` with its policy as the first element of <head> after <meta charset>.

    ``content`` is the part of the page made from its Markdown and the policy data. Hashing
    the final HTML would also allow a script that reached the page through them; the hashes
    are for the theme's own scripts, so no script of ``content`` gets one and each stays
    blocked.
    """
    position, meta = csp_meta(html, content=content, styles=styles)
    return html[:position] + meta + html[position:]


def csp_meta(html: str, *, content: str = "", styles: tuple[str, ...] = ()) -> tuple[int, str]:
    """Where in ``html`` the policy's <meta> goes, and the <meta>; see :func:`with_csp`.

    ``html`` may leave out the content: its scripts get no hash anyway, and a long page is read
    much faster without it (sitegen.finish puts the meta into the whole page).
    """
    scan = _Scan(html)
    if scan.insert_at is None:
        raise ValueError("the page has no <head> to put its Content-Security-Policy in")
    if scan.policies:
        # A second meta would not replace the first: the browser enforces both.
        raise ValueError("the page already has a Content-Security-Policy meta")
    # The policy holds no quote or ampersand today; escaping keeps the attribute whole anyway.
    policy = html_lib.escape(_policy(scan, content, styles), quote=False).replace('"', "&quot;")
    return scan.insert_at, f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
