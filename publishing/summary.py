"""``python -m publishing diff --format markdown``: what readers will see change, as Markdown for
a pull request's job summary (GitHub Actions' ``$GITHUB_STEP_SUMMARY``).

A headline, then one table per page of the site, by the title the navigation gives it: each
fact that changes, what it was and what it becomes, and the readings it rests on. Every string
from the data is escaped (``text``), so no data can add markup, a link or a row to the summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from calculators.model import Policy

from .changes import Change, confirmation, fact_changes, page_titles

# GitHub Actions refuses a step's summary past 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted,
# supports content up to a size of 1024k"), and then shows none of it.
LIMIT = 1_048_576  # bytes of UTF-8

WAS_NOTHING, IS_NOTHING = "*(not shown before)*", "*(no longer shown)*"


class BaseError(Exception):
    """The data to compare with cannot be read; the message is one line saying why."""


def base_policy(folder: Path) -> Policy:
    """The policy in ``folder`` (a pull request's base checkout); its warnings are not this
    change's business."""
    from policydata import DataError, load_policy

    try:
        return load_policy(folder)
    except DataError as error:
        problems = [str(problem) for problem in error.problems] or ["it has problems"]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BaseError(_one_line(f"the data in {folder} has problems: {problems[0]}{more}"))
    except OSError as error:
        raise BaseError(_one_line(f"the data in {folder} cannot be read: {error}"))


def against(*, folder: Path | None = None, published: bool = False,
            before: Policy | None = None) -> str:
    """What the change is measured against, in words: a data folder, or the published site."""
    if folder is not None:
        return f"the data in {folder}"
    if before is not None:
        return f"the published site (policy dated {before.updated.isoformat()})"
    if published:
        return ("the published site, whose policy an earlier version of the site wrote in "
                "another shape (so every fact is listed)")
    return "nothing published yet (every fact is new)"


def markdown(before: Policy | None, after: Policy, against: str, *,
             titles: dict[str, str] | None = None, refusal: str | None = None) -> str:
    """The summary, ending in a newline, at most LIMIT bytes; ``refusal``, why publishing would
    refuse the change, stands in bold under the headline."""
    found = fact_changes(before, after)
    if not found:
        return f"No change for readers against {text(against)}.\n"
    titles = page_titles() if titles is None else titles
    pages: dict[str, list[Change]] = {}
    for change in found:
        pages.setdefault(change.page, []).append(change)
    # The pages in the navigation's order, the footer (on every page) last.
    order = [page for page in titles if page in pages] + [p for p in pages if p not in titles]
    order.sort(key=lambda page: page == "*")
    lines: list[tuple[str, bool]] = [(
        f"### What readers will see change: {count(len(found), 'change')} on "
        f"{count(len(pages), 'page')}, against {text(against)}", False)]
    if refusal:
        lines += [("", False), (f"**{text(refusal)}**", False)]
    for page in order:
        lines += _table(titles.get(page, page), pages[page], (after, before))
    return _fit(lines, LIMIT)


def _table(title: str, found: list[Change], policies) -> list[tuple[str, bool]]:
    """One page's heading and table; each row, a change, marked True."""
    resting = any(change.readings for change in found)
    header = ["What", "Was", "Now"] + (["Reading it rests on"] if resting else [])
    lines = [("", False), (f"#### {text(title)}", False), ("", False),
             (_row(header), False), (_row(["---"] * len(header)), False)]
    for change in found:
        cells = [text(change.words),
                 WAS_NOTHING if change.old is None else text(change.old),
                 IS_NOTHING if change.new is None else text(change.new)]
        if resting:
            cells.append("<br>".join(_reading(policies, i) for i in change.readings))
        lines.append((_row(cells), True))
    return lines


def _reading(policies: Iterable[Policy | None], reading_id: str) -> str:
    """'Reading 4, "Which holidays each office observes": not confirmed by the policy owner',
    as the edited policy has it (or the one it is compared with, for a reading it removed)."""
    for policy in policies:
        for number, reading in enumerate(policy.readings if policy else (), start=1):
            if reading.id == reading_id:
                return (f"Reading {number}, “{text(reading.title)}”: "
                        f"{text(confirmation(reading))}")
    return text(reading_id)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def count(number: int, noun: str) -> str:
    """'1 change', '1,234 changes'."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _fit(lines: list[tuple[str, bool]], limit: int) -> str:
    """The lines, each ending in a newline, within ``limit`` bytes: past it, whole lines go
    from the end (never part of a row or of a character) and a last line counts the changes
    left out. The headline always stays."""
    sizes = [len(line.encode("utf-8")) + 1 for line, _ in lines]
    total = sum(sizes)
    if total <= limit:
        return "".join(f"{line}\n" for line, _ in lines)
    rows_left_out = 0
    kept = len(lines)
    while kept > 1:
        line, is_row = lines[kept - 1]
        # The last line kept is a row (or the headline): no heading or table without rows.
        ends_well = is_row and total + len(_left_out(rows_left_out).encode("utf-8")) <= limit
        if ends_well:
            break
        kept -= 1
        total -= sizes[kept]
        rows_left_out += is_row
    # A blank line ends the table: the count would otherwise be read as one more row.
    return "".join(f"{line}\n" for line, _ in lines[:kept]) + _left_out(rows_left_out)


def _left_out(rows: int) -> str:
    return f"\n… and {count(rows, 'more change')} not shown: a job summary holds at most 1 MiB\n"


# Markdown's and HTML's own characters; escaped wherever they are (a backslash before ASCII
# punctuation is that character in CommonMark, and `\|` a bar inside a table's cell). With
# "[" escaped, "(" and "!" begin no link or image. Data only ever stands inside a line, after
# the summary's own words or a cell's bar, so a list marker or a heading's `#` cannot begin a
# line; `#` is escaped all the same. "$" would begin GitHub's math.
_MARKUP = re.compile(r"[\\`*_\[\]#|~$<>&]")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# Every line break CommonMark or a browser knows, and the ones Python's splitlines() splits on:
# one would end a table's row, or a heading.
_BREAKS = re.compile(r"[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def text(value: str) -> str:
    """``value`` as Markdown that shows exactly it, on one line: no markup, link, HTML or
    table cell of its own."""
    value = _BREAKS.sub(" ", value).replace("\0", "\ufffd")
    return _MARKUP.sub(lambda m: _ENTITIES.get(m[0]) or "\\" + m[0], value)


def _one_line(message: str) -> str:
    return _BREAKS.sub(" ", message)
