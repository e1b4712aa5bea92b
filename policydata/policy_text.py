"""The policy's own text (``policy-text.txt``), against which every quotation in the readings is
checked, so that a reading's quoted words cannot drift from the policy they read."""

from __future__ import annotations

import re

from .schema import Context, Problem

_SPACE = re.compile(r"\s+")
# How much of the quotation and of the text a message shows where the two part.
SHOWN = 30
EMPTY = "the file is empty; it must hold the policy's own text, which readings.yaml quotes"


def words(text: str) -> str:
    """``text`` with every run of white space, line breaks included, as one space: a quotation
    matches across the text's line breaks, as a reader sees the words."""
    return _SPACE.sub(" ", text).strip()


def check_quotes(text: str, shown_as: str, ctx: Context) -> None:
    """Report each quotation of ``ctx.quotes`` that is not in ``text`` word for word."""
    policy = words(text)
    if not policy:
        # Every quotation would be refused for the same reason: it is said once, here.
        ctx.problems.append(Problem(shown_as, 1, 1, EMPTY))
        return
    for quote, node, path in ctx.quotes:
        wanted = words(quote)
        if wanted in policy:
            continue
        ctx.report(node, _mismatch(wanted, policy, shown_as), path)


def _mismatch(quote: str, policy: str, source: str) -> str:
    """Where ``quote`` parts from the policy: after the last whole word of its longest opening
    that the text has, with what each goes on with there."""
    low, high = 0, len(quote)  # the longest found opening has a length in [low, high)
    while low < high - 1:
        middle = (low + high) // 2
        if quote[:middle] in policy:
            low = middle
        else:
            high = middle
    start = policy.find(quote[:low])
    if quote[low] == " " and start + low == len(policy):
        shared = low  # the text's last word ends where the quotation's word does
    else:
        # Back off to a whole word: the opening may end inside one ("until resol|ved").
        shared = quote.rfind(" ", 0, low)
    if shared <= 0:
        return (f"{_part(quote)} is not in the policy text, not even its first word; copy the "
                f"words exactly from {source}")
    place = start + shared + 1
    text_goes_on = (f"the text goes on {_part(policy[place:])}" if place < len(policy)
                    else "the text ends there")
    return (f"the quotation parts from the policy text after {_part(quote[:shared], tail=True)}: "
            f"{text_goes_on}, the quotation {_part(quote[shared + 1:])}; copy the words exactly "
            f"from {source}")


def _part(text: str, *, tail: bool = False) -> str:
    """At most SHOWN characters of ``text`` in quotes, from its start (or its end, ``tail``),
    with "..." where it is cut; fewer where escapes would make them long."""
    size = min(len(text), SHOWN)
    while size > 1 and len(repr(text[-size:] if tail else text[:size])) > SHOWN + 2:
        size -= 1
    if size == len(text):
        return repr(text)
    return f"...{text[-size:]!r}" if tail else f"{text[:size]!r}..."
