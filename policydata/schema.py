"""Declarative shapes for the YAML data: each kind reads a composed YAML node and describes itself
as JSON Schema, so the validator and the editors' schema come from one declaration.

Reading never stops at the first problem: a kind reports what is wrong at the node's position and
returns ``INVALID``, and its parent goes on with the siblings.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import unicodedata

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from calculators.quoting import character, quoted

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass(slots=True)
class Reference:
    kind: str
    id: str
    node: Node
    path: str
    also: tuple[str, ...] = ()  # words accepted in place of an id, such as "vacant"


@dataclass(slots=True)
class Context:
    """Where problems, definitions and references are collected while the files are read."""

    problems: list[Problem] = field(default_factory=list)
    definitions: dict[str, dict[str, Node]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    rules: list[tuple[Callable[["Fields", "Context"], None], "Fields", str]] = field(
        default_factory=list)
    # Quotations of the policy text: (the words, their node, their file), checked against the
    # text once it is read (see policydata.policy_text).
    quotes: list[tuple[str, Node, str]] = field(default_factory=list)
    path: str = ""
    # The day the data is checked for: the rules that depend on the date (the holiday years
    # must hold this week) read it here; None is the computer's today.
    today: dt.date | None = None

    def report(self, node: Node, message: str, path: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(Problem(path or self.path, mark.line + 1, mark.column + 1, message))

    def apply_rules(self) -> None:
        """Rules across fields, run once every file is read and every id is known."""
        for rule, fields, path in self.rules:
            self.path = path
            rule(fields, self)

    def check_references(self) -> None:
        for ref in self.references:
            known = self.definitions.get(ref.kind, {})
            if ref.id not in known:
                choices = _choices([*known, *ref.also])
                self.report(ref.node, f"unknown {ref.kind} {quoted(ref.id)}; {choices}", ref.path)


def _choices(names, limit: int = 12) -> str:
    names = list(names)
    if not names:
        return "none is defined"
    more = f", ... ({len(names)} in all)" if len(names) > limit else ""
    return "write one of: " + ", ".join(names[:limit]) + more


def _scalar_text(node: Node) -> str:
    return _shortened(node.value) if isinstance(node, ScalarNode) else ""


def _shortened(text: str) -> str:
    """An unquoted scalar as written, for messages that show it the way staff typed it; one
    that is long or holds unprintable characters is shown quoted instead."""
    return text if len(text) <= 40 and text.isprintable() else quoted(text)


def _report_character(node: ScalarNode, char: str, what: str, ctx: Context) -> None:
    """Report ``char`` where it stands in the file; one that an escape in quotes wrote
    ("\\e", "\\u202E") is not in the file as itself, so the value's start is shown."""
    start, end = node.start_mark, node.end_mark
    found = start.buffer.find(char, start.index, end.index) if start.buffer else -1
    if found < 0 and unicodedata.category(char) == "Cs":
        half = "first" if char < "\udc00" else "second"
        ctx.report(node, f"an escape in this value writes {character(char)}, the {half} half "
                         "of a character beyond U+FFFF without the other half; write the "
                         "character itself, or its escape in full, such as \\U0001F600 for "
                         "U+1F600, or both halves, such as \\ud83d\\ude00")
        return
    if found < 0:
        ctx.report(node, f"an escape in this value writes {character(char)}, which is not "
                         f"allowed in {what}; delete it")
        return
    message = f"{character(char)} is not allowed in {what}; delete it"
    line = start.buffer.count("\n", 0, found) + 1
    column = found - (start.buffer.rfind("\n", 0, found) + 1) + 1
    ctx.problems.append(Problem(ctx.path, line, column, message))


def _yaml_reading(node: ScalarNode) -> str:
    """What YAML 1.1 makes of an unquoted scalar, for messages about its traps."""
    if node.tag == NULL_TAG:
        return "nothing (null)"
    try:
        # Short ones only: Python refuses to convert an integer of thousands of digits.
        value = yaml.safe_load(node.value) if len(node.value) <= 40 else None
    except ValueError:  # 2026-13-45 looks like a date to YAML, and is none
        value = None
    if value is None:
        return "a date" if node.tag == TIMESTAMP_TAG else "a number"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"a {type(value).__name__}"


class Refused(ValueError):
    """Raised by ``parse`` with the whole reason after the quoted value: "is in the future; ..."."""


class Kind:
    """One shape of YAML value."""

    expected = "a value"

    def read(self, node: Node, ctx: Context) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError


# What no value may hold: controls (NUL, ESC and the terminal sequences they start), lone
# surrogates (they cannot be encoded), line separators, private-use and unassigned code points.
_NEVER = frozenset(("Cc", "Cs", "Zl", "Zp", "Co", "Cn"))


class Scalar(Kind):
    """A string scalar, converted by ``parse`` (which raises ValueError with the expectation).

    Before ``parse`` sees it, the value's length and characters are checked. No value holds a
    control character, lone surrogate, line separator, private-use or unassigned code point.
    Free text (``strict`` False) may hold line breaks and invisible formatting, bidi controls
    included: prose mixing right-to-left and left-to-right scripts needs them, and a page
    shows text, not a link made from it. Everything else (ids, emails, phone numbers, codes)
    holds no formatting character at all, so that what a page shows is what a link does.
    """

    expected = "text"
    what = "text"
    max_length = 2000
    strict = False

    def __init__(self, expected: str | None = None, *, json_schema: dict | None = None,
                 what: str | None = None, max_length: int | None = None) -> None:
        if expected:
            self.expected = expected
        if what:
            self.what, self.strict = what, True
        if max_length:
            self.max_length = max_length
        self._json_schema = dict(json_schema or {"type": "string", "minLength": 1},
                                 maxLength=self.max_length)

    def parse(self, text: str) -> Any:
        if not text.strip():
            raise ValueError
        return text

    def read(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode):
            ctx.report(node, f"expected {self.expected}, found a {_node_kind(node)}")
            return INVALID
        if node.tag != STR_TAG and not self.accepts_tag(node.tag):
            if node.tag == NULL_TAG and not node.value:
                ctx.report(node, f"missing value; write {self.expected}")
            else:
                shown = _shortened(node.value)
                how = f'"{shown}"' if shown == node.value else "the whole value"
                ctx.report(node, f"{shown} is read by YAML as {_yaml_reading(node)}; "
                                 f"write it in quotes: {how}")
            return INVALID
        # Length first: every check after it, patterns included, then runs on a short string.
        if len(node.value) > self.max_length:
            ctx.report(node, f"{quoted(node.value)} is too long; {self.what} has at most "
                             f"{self.max_length:,} characters")
            return INVALID
        # isprintable() holds for nearly every value and is one call; the walk is for the rest.
        bad = None if node.value.isprintable() else next(
            (char for char in node.value if not self._allowed(char)), None)
        if bad is not None:
            _report_character(node, bad, self.what, ctx)
            return INVALID
        try:
            return self.parse(node.value)
        except Refused as error:
            ctx.report(node, f"{quoted(node.value)} {error}")
            return INVALID
        except ValueError as error:
            detail = f": {error}" if str(error) else ""
            ctx.report(node, f"{quoted(node.value)} is not {self.expected}{detail}")
            return INVALID

    def _allowed(self, char: str) -> bool:
        if char.isprintable() or char == " ":
            return True
        if not self.strict and char == "\n":
            return True
        category = unicodedata.category(char)
        if category in _NEVER:
            return False
        return not self.strict or category != "Cf"  # Cf: bidi controls and other formatting

    def accepts_tag(self, tag: str) -> bool:
        return False

    def json_schema(self) -> dict:
        return dict(self._json_schema, description=f"{self.expected[0].upper()}{self.expected[1:]}.")


class Pattern(Scalar):
    def __init__(self, pattern: str, expected: str, *, what: str, max_length: int = 100) -> None:
        # JSON Schema patterns match anywhere in the string; the validator matches it whole.
        super().__init__(expected, json_schema={"type": "string", "pattern": f"^(?:{pattern})$"},
                         what=what, max_length=max_length)
        self._regex = re.compile(pattern)

    def parse(self, text: str) -> Any:
        if not self._regex.fullmatch(text):
            raise ValueError
        return text


class Choice(Scalar):
    def __init__(self, choices: tuple[str, ...], what: str) -> None:
        super().__init__(f"{what}, one of: {', '.join(choices)}",
                         json_schema={"enum": list(choices)}, what=what,
                         max_length=max(map(len, choices)) + 40)
        self.choices = choices

    def parse(self, text: str) -> Any:
        if text not in self.choices:
            raise ValueError
        return text


class Integer(Kind):
    def __init__(self, minimum: int, maximum: int) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.expected = f"a whole number from {minimum} to {maximum}"

    def read(self, node: Node, ctx: Context) -> Any:
        # Digits only, and few of them, before YAML converts: Python refuses to convert an
        # integer of thousands of digits, and YAML 1.1 reads 010 as octal 8 and 0x10 as 16.
        if (isinstance(node, ScalarNode) and node.tag == INT_TAG and len(node.value) <= 9
                and re.fullmatch(r"[0-9]+", node.value)):
            if len(node.value) > 1 and node.value.startswith("0"):
                ctx.report(node, f"{node.value} is read by YAML as the octal number "
                                 f"{yaml.safe_load(node.value)}; write the number without "
                                 "leading zeros")
                return INVALID
            value = int(node.value)
            if self.minimum <= value <= self.maximum:
                return value
        ctx.report(node, f"{_scalar_text(node) or 'this'!s} is not {self.expected}; write {self.expected}")
        return INVALID

    def json_schema(self) -> dict:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class Date(Scalar):
    expected = 'a date "YYYY-MM-DD"'

    def __init__(self, *, past: bool = False) -> None:
        super().__init__(json_schema={"type": "string", "format": "date"}, what="a date",
                         max_length=40)
        self.past = past

    def accepts_tag(self, tag: str) -> bool:
        return tag == TIMESTAMP_TAG  # an unquoted 2026-12-24 is fine

    def parse(self, text: str) -> dt.date:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(digits_fix(text, _as_date))
        day = dt.date.fromisoformat(text)
        if self.past and day > _latest_today():
            raise Refused("is in the future; write the day of the change, today or earlier")
        return day


# Characters typed for a digit that they look like: the letter O for zero, l and I for one.
LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1"}


def digits_fix(text: str, normal: Callable[[str], str | None]) -> str:
    """What to write instead of ``text``, a time or a date typed with a look-alike letter or
    without its leading zero, as a ValueError's detail ("" when no fix is clear). ``normal``
    gives the value in its one written form, or None when the digits do not make one."""
    digits = "".join(LOOKALIKES.get(char, char) for char in text)
    fixed = normal(digits)
    if fixed is None:
        return ""
    letters = sorted({char for char in text if char in LOOKALIKES})
    if letters:
        names = " and ".join(f"the letter {char}" for char in letters)
        return f"it has {names} where a digit belongs; write {quoted(fixed)}"
    return f"write {quoted(fixed)}"


def _as_date(text: str) -> str | None:
    """'2026-1-5' as '2026-01-05'; None unless it is a real date."""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    try:
        return dt.date(*map(int, found.groups())).isoformat() if found else None
    except ValueError:
        return None


def _latest_today() -> dt.date:
    """Today's date where it is latest (UTC+14): staff anywhere may write their own today."""
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=14)).date()


class Ref(Scalar):
    """The id of something defined elsewhere in the data, checked once every file is read."""

    def __init__(self, kind: str, *, also: tuple[str, ...] = ()) -> None:
        super().__init__(f"the id of a {kind}" + (f" or {' or '.join(also)}" if also else ""),
                         what=f"the id of a {kind}", max_length=100)
        self.kind, self.also = kind, also

    def read(self, node: Node, ctx: Context) -> Any:
        value = super().read(node, ctx)
        if value is not INVALID and value not in self.also:
            ctx.references.append(Reference(self.kind, value, node, ctx.path, self.also))
        return value


@dataclass(frozen=True, slots=True)
class Field:
    kind: Kind
    required: bool = True
    default: Any = None
    doc: str = ""


class Record(Kind):
    """A mapping with known keys. Reads to a :class:`Fields`; ``check`` adds rules across fields."""

    expected = "a mapping"

    def __init__(
        self,
        fields: dict[str, Field],
        *,
        doc: str = "",
        # A rule across fields; it runs after all files are read (see Context.apply_rules).
        check: Callable[["Fields", Context], None] | None = None,
        defines: str | None = None,
    ) -> None:
        self.fields, self.doc, self.check, self.defines = fields, doc, check, defines

    def read(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, MappingNode):
            ctx.report(node, f"expected a mapping with keys {', '.join(self.fields)}, "
                             f"found {_describe(node)}")
            return INVALID
        values: dict[str, Any] = {}
        nodes: dict[str, Node] = {}
        misspelt: set[str] = set()
        pairs, ok = _distinct_pairs(node, _key, ctx)
        for key, key_node, value_node in pairs:
            spec = self.fields.get(key)
            if spec is None:
                close = difflib.get_close_matches(key, list(self.fields), n=1)
                misspelt.update(close)
                hint = f"did you mean {close[0]!r}? " if close else ""
                ctx.report(key_node, f"unknown key {quoted(key)}; {hint}expected one of: "
                                     f"{', '.join(self.fields)}")
                ok = False
                continue
            nodes[key] = value_node
            if _is_empty(value_node):
                # An empty value's own mark is the end of the line; the key is what staff see.
                ctx.report(key_node, f"{key} has no value; write {spec.kind.expected}")
                values[key] = INVALID
                ok = False
                continue
            values[key] = spec.kind.read(value_node, ctx)
            ok = ok and values[key] is not INVALID
        for key, spec in self.fields.items():
            if key in values:
                continue
            if spec.required:
                # A misspelt key was reported with its correction already.
                if key not in misspelt:
                    ctx.report(node, f"missing key {key!r}; add {key}: {spec.kind.expected}")
                ok = False
            else:
                values[key] = spec.default
        fields = Fields(values, nodes, node)
        if self.defines and values.get("id", INVALID) is not INVALID:
            # Defined even when another field is wrong, so references to it do not fail too.
            _define(self.defines, fields, ctx)
        if not ok:
            return INVALID
        if self.check:
            ctx.rules.append((self.check, fields, ctx.path))
        return fields

    def json_schema(self) -> dict:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {
                name: dict(spec.kind.json_schema(), **({"description": spec.doc} if spec.doc else {}))
                for name, spec in self.fields.items()
            },
            "required": [name for name, spec in self.fields.items() if spec.required],
            "additionalProperties": False,
        }
        if self.doc:
            schema["description"] = self.doc
        return schema


class Fields:
    """A record's values by key, with the nodes they came from for later messages."""

    __slots__ = ("values", "nodes", "node")

    def __init__(self, values: dict[str, Any], nodes: dict[str, Node], node: Node) -> None:
        self.values, self.nodes, self.node = values, nodes, node

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def where(self, key: str) -> Node:
        return self.nodes.get(key, self.node)


def _define(kind: str, fields: Fields, ctx: Context) -> None:
    known = ctx.definitions.setdefault(kind, {})
    ident = fields["id"]
    if ident in known:
        line = known[ident].start_mark.line + 1
        ctx.report(fields.where("id"), f"{kind} id {quoted(ident)} is already used on line {line}; "
                                       "give each one its own id")
    else:
        known[ident] = fields.where("id")


class ListOf(Kind):
    def __init__(self, item: Kind, *, min_items: int = 1,
                 check: Callable[[tuple, Context], None] | None = None) -> None:
        # ``check``: a rule across the items, run with the records' own (Context.apply_rules).
        self.item, self.min_items, self.check = item, min_items, check
        self.expected = f"a list of {item.expected}"

    def read(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, SequenceNode):
            ctx.report(node, f"expected {self.expected}, found {_describe(node)}")
            return INVALID
        if len(node.value) < self.min_items:
            ctx.report(node, f"the list is empty; give at least {self.min_items}")
            return INVALID
        items = [self.item.read(child, ctx) for child in node.value]
        if any(item is INVALID for item in items):
            return INVALID
        if self.check:
            ctx.rules.append((self.check, tuple(items), ctx.path))
        return tuple(items)

    def json_schema(self) -> dict:
        return {"type": "array", "items": self.item.json_schema(), "minItems": self.min_items}


class KeyedBy(Kind):
    """A mapping from the ids of defined things (``usa: ...``) to values of one kind."""

    def __init__(self, key: Ref, value: Kind) -> None:
        self.key, self.value = key, value
        self.expected = f"a mapping from {key.expected} to {value.expected}"

    def read(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, MappingNode) or not node.value:
            ctx.report(node, f"expected {self.expected}, found {_describe(node)}")
            return INVALID
        values: dict[str, Any] = {}
        nodes: dict[str, Node] = {}
        pairs, ok = _distinct_pairs(node, self.key.read, ctx)
        for key, key_node, value_node in pairs:
            nodes[key] = key_node
            values[key] = self.value.read(value_node, ctx)
            ok = ok and values[key] is not INVALID
        return Fields(values, nodes, node) if ok else INVALID

    def json_schema(self) -> dict:
        return {"type": "object", "additionalProperties": self.value.json_schema(), "minProperties": 1}


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG and not node.value


def _distinct_pairs(node: MappingNode, read_key, ctx: Context):
    """The mapping's (key, key node, value node) with readable keys, each key once; and whether
    every key was readable and given once (the rest are reported)."""
    pairs, seen, ok = [], set(), True
    for key_node, value_node in node.value:
        key = read_key(key_node, ctx)
        if key is INVALID:
            ok = False
        elif key in seen:
            ctx.report(key_node, f"{quoted(key)} is given twice; keep one")
            ok = False
        else:
            seen.add(key)
            pairs.append((key, key_node, value_node))
    return pairs, ok


def _key(node: Node, ctx: Context) -> str:
    if isinstance(node, ScalarNode) and node.tag == STR_TAG:
        return node.value
    ctx.report(node, f"a key must be a name, found {_describe(node)}")
    return INVALID


def _node_kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    return "scalar"


def _describe(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return quoted(node.value) if node.value else "nothing"
    return f"a {_node_kind(node)}"
