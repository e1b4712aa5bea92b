"""Reading a data file into a composed YAML node tree, refusing what YAML would let through."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import Node

from calculators.quoting import character

from .schema import Context, Problem

# Far above any real policy file; it keeps a pasted log or binary out of the parser.
MAX_BYTES = 256 * 1024
# The deepest value of the schema (a role's holders) is 6 mappings and lists down; composing
# is recursive, so nesting is refused long before Python's recursion limit could be reached.
MAX_DEPTH = 20
# YAML counts these as line breaks and editors do not, so every later line number would be
# wrong; they are refused, with the place an editor shows, before YAML reads the file.
# A carriage return not followed by a line feed is one too (old Mac line ends, or a stray one
# pasted into a line): YAML breaks the line there and some editors do not, so a problem after
# it, 400 nested sequences on one line say, was reported a line below where staff see it.
_LINE_SEPARATOR = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
# A character beyond U+FFFF written as two \u escapes (as JSON writes it, "\ud83c\uddec"):
# YAML makes each escape a character of its own, a lone surrogate; the pair is one character.
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FILE_TYPES = {stat.S_ISDIR: "a folder", stat.S_ISFIFO: "a named pipe", stat.S_ISCHR:
               "a character device", stat.S_ISBLK: "a block device", stat.S_ISSOCK: "a socket"}


class _Loader(yaml.SafeLoader):
    """A composer that refuses anchors and aliases: they make "billion laughs" bombs possible
    and they hide where a value comes from, which staff must be able to see."""

    depth = 0  # collections open around the node being composed

    def compose_sequence_node(self, anchor):  # noqa: D102 - overrides PyYAML
        self._enter()
        try:
            return super().compose_sequence_node(anchor)
        finally:
            self.depth -= 1

    def compose_mapping_node(self, anchor):  # noqa: D102 - overrides PyYAML
        self._enter()
        try:
            return super().compose_mapping_node(anchor)
        finally:
            self.depth -= 1

    def _enter(self) -> None:
        if self.depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"values are nested more than {MAX_DEPTH} levels deep; no value of "
                "the policy data is; close the brackets or undo the indentation",
                self.peek_event().start_mark)
        self.depth += 1

    def compose_node(self, parent, index):  # noqa: D102 - overrides PyYAML
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed; write the value out in full",
                event.start_mark)
        event = self.peek_event()
        if getattr(event, "tag", None):  # only an explicit tag sets it
            raise yaml.composer.ComposerError(
                None, None, f"tags ({event.tag}) are not allowed; remove the tag",
                event.start_mark)
        if getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors (&name) are not allowed; write each value out in full",
                event.start_mark)
        return super().compose_node(parent, index)


def read_text(path: Path, shown_as: str, ctx: Context) -> str | None:
    """The text of a regular UTF-8 file within MAX_BYTES, or None after reporting why not."""

    def fail(message: str, line: int = 1, column: int = 1) -> None:
        ctx.problems.append(Problem(shown_as, line, column, message))

    raw = _read(path, fail)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        fail(f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8", line, column)
        return None


# The file's values are checked only once all of it reads as YAML: those before the fault
# are not checked either.
NOT_CHECKED = "nothing else in this file is checked until this is fixed"


def compose(path: Path, shown_as: str, ctx: Context) -> Node | None:
    """The file's node tree, or None after reporting why it cannot be read."""

    def fail(message: str, line: int = 1, column: int = 1) -> None:
        # Nothing else in this file was checked, before the fault or after it: staff who fix it
        # must not take the next run's new problems for a regression.
        ctx.problems.append(Problem(shown_as, line, column, f"{message}; {NOT_CHECKED}"))

    text = read_text(path, shown_as, ctx)
    if text is None:
        return None
    found = _LINE_SEPARATOR.search(text)
    if found:
        separator = found.start()
        line = text.count("\n", 0, separator) + 1
        column = separator - (text.rfind("\n", 0, separator) + 1) + 1
        if text[separator] == "\r":
            fail("U+000D CARRIAGE RETURN without a line feed after it is not allowed: YAML reads "
                 "it as a line break that some editors do not show; delete it, or save the file "
                 "with Unix (LF) or Windows (CRLF) line ends", line, column)
        else:
            fail(f"{character(text[separator])} is not allowed: YAML reads it as a line break "
                 "that editors do not show; delete it", line, column)
        return None
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        fail(f"character U+{error.character:04X} is not allowed in YAML; delete it", line, column)
        return None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        ours = isinstance(error, yaml.composer.ComposerError) and error.context is None
        hint = "" if ours else (
            "; check the indentation, colons, quotes and brackets here and on the line before")
        fail(f"not valid YAML: {error.problem}{hint}", *where)
        return None
    except yaml.YAMLError as error:
        fail(f"not valid YAML: {error}")
        return None
    finally:
        loader.dispose()
    if node is None:
        ctx.problems.append(Problem(shown_as, 1, 1, "the file is empty; it must hold the policy "
                                                    "data"))
        return None
    _join_surrogate_pairs(node)
    return node


def _join_surrogate_pairs(root: Node) -> None:
    """Every scalar's surrogate pairs made the characters they write; a surrogate left alone
    stays, for the value's check to refuse where it stands."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node.value, str):
            if _SURROGATE.search(node.value):
                node.value = _SURROGATE_PAIR.sub(_joined, node.value)
        elif isinstance(node.value, list):
            for item in node.value:
                stack.extend(item if isinstance(item, tuple) else (item,))


def _joined(pair: re.Match) -> str:
    high, low = map(ord, pair.group())
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _read(path: Path, fail) -> bytes | None:
    """The bytes of a regular file within MAX_BYTES, or None after reporting why not.

    The kind of file is checked before it is opened: opening a named pipe waits for a writer
    for ever, and a device such as /dev/zero never ends."""
    try:
        info = path.stat()
    except FileNotFoundError:
        fail("file not found; it is part of the policy data and must exist")
        return None
    except OSError as error:
        fail(f"cannot be read: {error.strerror}" + (
            " (a symbolic link that leads back to itself)" if error.errno == errno.ELOOP else ""))
        return None
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _FILE_TYPES.items() if test(info.st_mode)),
                    "not a regular file")
        fail(f"is {kind}, not a file; a data file must be a regular file")
        return None
    if info.st_size > MAX_BYTES:
        fail(f"the file is {info.st_size:,} bytes; a data file may have at most {MAX_BYTES:,}")
        return None
    try:
        # O_NONBLOCK: should the file have been swapped for a pipe since stat, do not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as error:
        fail(f"cannot be read: {error.strerror}")
        return None
    if len(raw) > MAX_BYTES:
        fail(f"the file is more than {MAX_BYTES:,} bytes; a data file may have at most "
             f"{MAX_BYTES:,}")
        return None
    return raw
