"""The policy model as plain JSON and back, exactly: how the browser receives the policy.

The mapping follows the model's own type hints, so a field added to the model travels without
an edit here. Dates and times are ISO strings, durations whole seconds, sets sorted lists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import sys
import types
from functools import cache

from . import model


class PolicyJSONError(ValueError):
    """Policy JSON that does not match the model; the message names the path to the value."""


def to_json(policy: model.Policy) -> dict:
    """``policy`` as JSON-able values (dicts, lists, str, int, bool, None)."""
    return _dump(policy)


def from_json(data: dict) -> model.Policy:
    """The policy that ``to_json`` turned into ``data``."""
    return _load(model.Policy, data, "policy")


def _dump(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_dump(item) for item in value]
    if isinstance(value, frozenset):
        return sorted(_dump(item) for item in value)
    if isinstance(value, dt.timedelta):
        return _seconds(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


def _load(hint, value, path: str):
    origin, args = getattr(hint, "__origin__", None), getattr(hint, "__args__", ())
    if isinstance(hint, types.UnionType):  # X | None (typing.Union is this type on 3.14)
        if value is None and type(None) in args:
            return None
        (hint,) = (arg for arg in args if arg is not type(None))
        return _load(hint, value, path)
    if origin in (tuple, frozenset):
        items = _expect(list, value, path)
        loaded = (_load(args[0], item, f"{path}[{index}]") for index, item in enumerate(items))
        return origin(loaded)
    if dataclasses.is_dataclass(hint):
        return _load_record(hint, _expect(dict, value, path), path)
    if hint is dt.timedelta:
        return dt.timedelta(seconds=_expect(int, value, path))
    if hint in (dt.date, dt.time):
        try:
            return hint.fromisoformat(_expect(str, value, path))
        except ValueError:
            raise PolicyJSONError(f"{path}: {value!r} is not an ISO {hint.__name__}") from None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError:
            raise PolicyJSONError(f"{path}: {value!r} is not one of "
                                  f"{', '.join(m.value for m in hint)}") from None
    return _expect(hint, value, path)


def _load_record(cls, data: dict, path: str):
    hints = _hints(cls)
    unknown = sorted(set(data) - set(hints))
    # A field with a default was added after some policy.json files were published: the
    # published one is read back to show what an edit changes, so its absence is no error.
    missing = [name for name in hints if name not in data and name not in _defaulted(cls)]
    if unknown or missing:
        raise PolicyJSONError(f"{path}: expected the {cls.__name__} keys {', '.join(hints)}; "
                              f"unexpected: {unknown or 'none'}, missing: {missing or 'none'}")
    return cls(**{name: _load(hint, data[name], f"{path}.{name}")
                  for name, hint in hints.items() if name in data})


@cache
def _defaulted(cls) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls)
                     if f.default is not dataclasses.MISSING)


@cache
def _hints(cls) -> dict:
    # What typing.get_type_hints does for the model's string annotations, without importing
    # typing (a few ms of every start-up, in the browser too).
    namespace = vars(sys.modules[cls.__module__])
    return {f.name: eval(f.type, namespace) if isinstance(f.type, str) else f.type
            for f in dataclasses.fields(cls)}


def _expect(kind: type, value, path: str):
    # bool is an int to Python; in the policy it never stands for a number.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PolicyJSONError(f"{path}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _seconds(span: dt.timedelta) -> int:
    if span % dt.timedelta(seconds=1):
        raise PolicyJSONError(f"{span} is not a whole number of seconds")
    return span // dt.timedelta(seconds=1)
