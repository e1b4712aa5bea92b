"""Quoting what someone typed inside a one-line message: shortened, and with every character
that could hide, reorder or control what a terminal or page shows written as an escape."""

from __future__ import annotations

import unicodedata

# A quote longer than this is cut in the middle: its start and end are what identify it.
QUOTE_LIMIT = 60

# Bidirectional controls reorder what is shown (U+202E makes "moc.x8x8" read as "8x8.com").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")

# Names Python's unicodedata has no entry for (control characters have none).
_CONTROL_NAMES = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` in quotes as Python writes a string (every unprintable character escaped),
    cut to about ``limit`` characters with the full length said."""
    if len(text) <= limit:
        return repr(text)
    head, tail = text[: limit * 2 // 3], text[-(limit // 4):]
    return f"{head!r}...{tail!r} ({len(text):,} characters)"


def character(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    code = ord(char)
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, "")
    if not name:
        category = unicodedata.category(char)
        name = {"Cc": "a control character", "Cs": "a lone surrogate",
                "Co": "a private-use character", "Cn": "an unassigned code point"}.get(
            category, f"category {category}")
        return f"U+{code:04X} ({name})"
    return f"U+{code:04X} {name}"


def terminal_safe(text: str, *, lines: bool = True) -> str:
    """``text`` with every control, bidi control, lone surrogate and line separator written as
    a JSON-compatible \\u escape, so that output cannot move the cursor, retitle the window,
    reorder what is shown or fail to encode; newlines are kept if ``lines``."""
    if text.isprintable():
        return text
    return "".join(_escape(char) if _unsafe(char, lines) else char for char in text)


def _unsafe(char: str, lines: bool) -> bool:
    if (lines and char == "\n") or char.isprintable():
        return False
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in BIDI_CONTROLS


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
