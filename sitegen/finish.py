"""The step after any engine has written the pages: ``python -m sitegen.finish SITE_DIR``.

It adds what no engine makes: the data files' JSON schemas, the calendars readers subscribe to,
the answers pages show at first paint (:mod:`sitegen.schedules`), the calculators' runtime
with the policy as JSON, and each page's Content-Security-Policy, hashed from the HTML as
written, so it covers every inline script the engine's theme wrote and no script of the page's
own content (the part :mod:`sitegen.extension` framed). Last, the host's ``_headers``
(:mod:`sitegen.hosting`), which sends each page's policy as a header too. ``--preview`` leaves
the policy and the headers out, for a preview server that injects a live-reload script of its
own into every response, and compiles a week of answers rather than 120 days.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from calculators.model import Policy
from calculators.policy_json import to_json
from policydata.json_schema import SCHEMA_DIR, write as write_schemas
from webruntime import URL_PATH, RuntimeBuildError, publish

from .calendars import published as published_calendars
from .csp import bundle_style_hashes, csp_meta
from .extension import CONTENT_END, CONTENT_START, PolicyDataError, data_dir, policy_from
from .hosting import HostingError, write_headers
from .schedules import DEFAULT_DAYS, PREVIEW_DAYS, ScheduleMismatch, build_start, page_files

__all__ = ["FinishError", "Split", "finish", "main", "split_content", "theme_styles"]

_START_PREFIX, _, _START_SUFFIX = CONTENT_START.partition("{token}")
_RUNTIME_LINK = re.compile(rf"""(["'/]{re.escape(URL_PATH)}/)([\w.-]+)(["'])""")


class FinishError(Exception):
    """The built folder cannot be finished; the message says which file and why."""


@dataclass(frozen=True, slots=True)
class Split:
    """A written page, read for its policy."""

    page: str  # the page without the content frames
    theme: str  # the page without the framed content: what the theme wrote
    content: str  # the framed content, from the Markdown and the data
    first: int  # where in ``page`` the first framed content starts (its length if none)


def split_content(html: str) -> Split:
    """``html`` without its content frames, and what was framed.

    The token is read from the first frame: it comes before anything the content could write.
    A frame with no end would make the rest of the page content; it is refused instead.
    """
    contents, theme, position = [], [], 0
    while (start := html.find(_START_PREFIX, position)) >= 0:
        token_start = start + len(_START_PREFIX)
        token_end = html.find(_START_SUFFIX, token_start)
        token = html[token_start:token_end] if token_end >= 0 else ""
        if not token or not token.isalnum():
            raise FinishError("a content frame has no token")
        opening, closing = CONTENT_START.format(token=token), CONTENT_END.format(token=token)
        end = html.rfind(closing)
        if end < start:
            raise FinishError("a content frame is not closed")
        theme.append(html[position:start])
        contents.append(html[start + len(opening):end].replace(opening, "").replace(closing, ""))
        position = end + len(closing)
    theme.append(html[position:])
    page = "".join(part for pair in zip(theme, [*contents, ""]) for part in pair)
    return Split(page=page, theme="".join(theme), content="".join(contents),
                 first=len(theme[0]) if contents else len(page))


def _protect(page: Path, *, csp: bool, styles: tuple[str, ...], linked: dict[str, str]) -> None:
    try:
        split = split_content(_hashed_links(page.read_text(encoding="utf-8"), linked))
        text = split.page
        if csp:
            # Read from what the theme wrote; the meta goes into <head>, before the content.
            position, meta = csp_meta(split.theme, content=split.content, styles=styles)
            if position > split.first:
                raise FinishError("the page's <head> comes after its content")
            text = text[:position] + meta + text[position:]
        page.write_text(text, encoding="utf-8")
    except (FinishError, ValueError) as error:
        raise FinishError(f"{page}: {error}") from None


def _hashed_links(html: str, linked: dict[str, str]) -> str:
    """The page with its links to the runtime's scripts and styles under their hashed names
    (the templates name ``assets/calculators/widgets.js``; the file is widgets.<hash>.js)."""
    return _RUNTIME_LINK.sub(
        lambda match: match[1] + linked.get(match[2], match[2]) + match[3], html)


def theme_styles(site: Path) -> tuple[str, ...]:
    """The hashes of the style sheets the theme's scripts write into pages (both themes keep
    their bundles in assets/javascripts/)."""
    hashes = []
    for bundle in sorted((site / "assets" / "javascripts").glob("*.js")):
        try:
            hashes += bundle_style_hashes(bundle.read_text(encoding="utf-8"))
        except ValueError as error:
            raise FinishError(f"{bundle}: {error}") from None
    return tuple(dict.fromkeys(hashes))


def finish(site: Path, policy: Policy, *, csp: bool = True) -> None:
    """Complete the built site in ``site`` for ``policy``; raise FinishError if it cannot be."""
    if not (site / "index.html").is_file():
        raise FinishError(f"{site} holds no built site (no index.html)")
    # The data files' schemas, for editors that fetch them from the published site.
    write_schemas(site / SCHEMA_DIR)
    # The calendars readers subscribe to; bytes, so the CRLF line ends RFC 5545 asks for stay.
    for path, text in published_calendars(policy).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(text.encode("utf-8"))
    notes: list[str] = []  # said once the site is finished: a refusal stays one line
    try:
        # A preview is rebuilt on every edit: a week of answers is compiled in seconds.
        answers = page_files(policy, build_start(), PREVIEW_DAYS if not csp else DEFAULT_DAYS,
                             report=notes.append)
    except ScheduleMismatch as error:
        raise FinishError(f"the answers at first paint: {error}") from None
    try:
        linked = publish(site, to_json(policy), page_data=answers)
    except RuntimeBuildError as error:
        raise FinishError(f"the calculators' runtime: {error}") from None
    styles = theme_styles(site) if csp else ()
    for page in sorted(site.rglob("*.html")):
        _protect(page, csp=csp, styles=styles, linked=linked)
    if csp:
        # Read from the pages as protected above, so the header and the meta are one policy.
        try:
            write_headers(site)
        except HostingError as error:
            raise FinishError(f"the host's headers: {error}") from None
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.finish", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("site", type=Path, help="the folder an engine built")
    parser.add_argument("--data", default="data",
                        help="the policy's data folder (default: POLICY_DATA, else data)")
    parser.add_argument("--preview", action="store_true",
                        help="no Content-Security-Policy: for a local preview server")
    args = parser.parse_args(argv)
    try:
        finish(args.site, policy_from(data_dir(args.data)), csp=not args.preview)
    except (FinishError, PolicyDataError) as error:
        print(f"python -m sitegen.finish: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
