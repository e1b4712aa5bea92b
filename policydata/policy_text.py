"""The policy's own text (``policy-text.txt``), against which every quotation in the readings is
checked, so that a reading's quoted words cannot drift from the policy they read."""

from __future__ import annotations

import re

from calculators.quoting import quoted

from .schema import Context

_SPACE = re.compile(r"\s+")
# How much of the text a message shows where a quotation parts from it.
SHOWN = 30


def words(text: str) -> str:
    """``text`` with every run of white space, line breaks included, as one space: a quotation
    matches across the text's line breaks, as a reader sees the words."""
    return _SPACE.sub(" ", text).strip()


def check_quotes(text: str, shown_as: str, ctx: Context) -> None:
    """Report each quotation of ``ctx.quotes`` that is not in ``text`` word for word."""
    policy = words(text)
    for quote, node, path in ctx.quotes:
        wanted = words(quote)
        if wanted in policy:
            continue
        ctx.report(node, _mismatch(wanted, policy, shown_as), path)


def _mismatch(quote: str, policy: str, source: str) -> str:
    """Where ``quote`` parts from the policy: after its longest opening that the text has."""
    low, high = 0, len(quote)  # the longest found opening has a length in [low, high)
    while low < high - 1:
        middle = (low + high) // 2
        if quote[:middle] in policy:
            low = middle
        else:
            high = middle
    if low == 0:
        return (f"{quoted(_cut(quote))} is not in the policy text; copy the words exactly "
                f"from {source}")
    start = policy.find(quote[:low])
    found = policy[start + low:start + low + SHOWN]
    return (f"{quoted(_cut(quote))} is not in the policy text word for word: it follows the "
            f"text up to {quoted(_cut(quote[:low], tail=True))}, where the text goes on "
            f"{quoted(found) if found else 'no further'}; copy the words exactly from {source}")


def _cut(text: str, *, tail: bool = False) -> str:
    if len(text) <= 2 * SHOWN:
        return text
    return "..." + text[-SHOWN:] if tail else text[:2 * SHOWN] + "..."
