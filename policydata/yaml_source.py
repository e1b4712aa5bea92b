"""Reading a data file into a composed YAML node tree, refusing what YAML would let through."""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import Node

from .schema import Context, Problem

# Far above any real policy file; it keeps a pasted log or binary out of the parser.
MAX_BYTES = 256 * 1024


class _Loader(yaml.SafeLoader):
    """A composer that refuses anchors and aliases: they make "billion laughs" bombs possible
    and they hide where a value comes from, which staff must be able to see."""

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


def compose(path: Path, shown_as: str, ctx: Context) -> Node | None:
    """The file's node tree, or None after reporting why it cannot be read."""

    def fail(message: str, line: int = 1, column: int = 1) -> None:
        ctx.problems.append(Problem(shown_as, line, column, message))

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        fail("file not found; it is part of the policy data and must exist")
        return None
    except OSError as error:
        fail(f"cannot be read: {error.strerror}")
        return None
    if len(raw) > MAX_BYTES:
        fail(f"the file is {len(raw):,} bytes; a data file may have at most {MAX_BYTES:,}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        fail(f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8", line, column)
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
        hint = "" if "allowed" in str(error.problem) else (
            "; check the indentation, colons, quotes and brackets here and on the line before")
        fail(f"not valid YAML: {error.problem}{hint}", *where)
        return None
    except yaml.YAMLError as error:
        fail(f"not valid YAML: {error}")
        return None
    finally:
        loader.dispose()
    if node is None:
        fail("the file is empty; it must hold the policy data")
    return node
