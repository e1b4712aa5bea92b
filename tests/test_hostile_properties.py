"""Hostile input as properties (issue 11): random Unicode of every category and random nesting,
into every kind of field of the data, the CLI's arguments and the Answerer's request fields.
Each either works or gives a clean error: problems as file:line:col lines, one-line CLI errors,
field errors from the Answerer; never an exception, never a control character on a terminal,
never a line over 300 characters. Examples are bounded so that this runs in seconds.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import unicodedata
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.quoting import BIDI_CONTROLS
from hostile import MAX_MESSAGE, ROOT, SECONDS_PER_CASE, cli
from policydata import DataError, load_policy

# Every code point, surrogates included: st.text leaves those out.
any_char = st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr),
                     st.sampled_from(["\x00", "\x1b", "\x85", "\u2028", "\u202e", "\ufeff"]))
any_text = st.text(any_char, max_size=40)
# What YAML 1.1 reads as numbers, dates and times when unquoted: 010, 0x1F, 1:30, 2026-13-45.
yamlish = st.text("0123456789-:.xob_+eE ", max_size=30) | st.just("9" * 5000)
nested = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text | yamlish,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=12)

# One field of each kind: (file, the line as shipped, its key).
FIELDS = [
    ("contacts.yaml", "name: Dipen Shah", "name"),
    ("contacts.yaml", "email: dipen.shah@8x8.com", "email"),
    ("contacts.yaml", 'number: "+1 888 898 8733"', "number"),
    ("contacts.yaml", "- id: usa\n", "- id"),
    ("contacts.yaml", "zone: Asia/Singapore", "zone"),
    ("contacts.yaml", 'open: "09:00"', "open"),
    ("contacts.yaml", "updated: 2026-11-27", "updated"),
    ("contacts.yaml", "calendar: SG,", "calendar"),
    ("contacts.yaml", "subdivision: ENG,", "subdivision"),
    ("contacts.yaml", "first: 2025,", "first"),
    ("contacts.yaml", "{label: UK,", "{label"),
    ("slt.yaml", "within: 30 minutes", "within"),
    ("slt.yaml", "- priority: S1", "- priority"),
    ("slt.yaml", "clock: 24x7}", "clock"),
    ("policy.yaml", "acceptance_requests: 3", "acceptance_requests"),
]
PROBLEM = re.compile(r"[^:]+/(slt|contacts|policy)\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S.*")


@contextmanager
def _within_seconds():
    def alarm(signum, frame):
        raise AssertionError(f"no answer within {SECONDS_PER_CASE} s")

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(SECONDS_PER_CASE)
    try:
        yield
    finally:
        signal.alarm(0)


def _terminal_clean(text: str) -> bool:
    return not any(
        (unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") and char != "\n")
        or char in BIDI_CONTROLS for char in text)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


def _value(value, form: str) -> str:
    if isinstance(value, str) and form == "quoted":
        return f'"{value}"'  # typed as it is: quotes, backslashes and controls left raw
    if isinstance(value, str) and form == "plain":
        return value  # unquoted, for YAML to read as it will
    # JSON with ASCII escapes is YAML flow: nesting, numbers, nulls and \uXXXX escapes.
    return json.dumps(value, ensure_ascii=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=nested,
       form=st.sampled_from(["json", "quoted", "plain"]))
def test_any_value_in_any_field_validates_or_is_a_clean_problem(data, field, value, form):
    file, line, key = field
    path = data / file
    shipped = (ROOT / "data" / file).read_text(encoding="utf-8")
    edited = shipped.replace(line, f"{key}: {_value(value, form)}"
                             + ("\n" if line.endswith("\n") else "")
                             + ("," if line.endswith(",") else "")
                             + ("}" if line.endswith("}") else ""), 1)
    path.write_text(edited, encoding="utf-8", errors="surrogatepass")
    try:
        with _within_seconds():
            load_policy(data)
    except DataError as error:
        lines = [str(problem) for problem in error.problems]
        assert lines
        for text in lines:
            assert PROBLEM.fullmatch(text), text
            assert len(text) <= MAX_MESSAGE, text
            assert _terminal_clean(text), text
    finally:
        path.write_text(shipped, encoding="utf-8")


COMMAND = st.sampled_from([
    ["deadline", "--priority", "S1", "--region", "usa", "--at"],
    ["deadline", "--priority", "S1", "--region", "usa", "--at", "2026-11-27T09:30", "--tz"],
    ["deadline", "--region", "usa", "--at", "2026-11-27T17:30:00Z", "--priority"],
    ["deadline", "--priority", "S1", "--at", "2026-11-27T17:30:00Z", "--region"],
    ["deadline", "--priority", "S1", "--region", "usa", "--at", "2026-11-27T17:30:00Z",
     "--updates"],
    ["escalation", "--at", "2026-11-27T17:30:00Z", "--tier"],
    ["escalation", "--tier", "tier1", "--at", "2026-11-27T09:30", "--tz", "Europe/London",
     "--fold"],
    ["escalation", "--tier", "tier1", "--json", "--at"],
])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=COMMAND, argument=any_text, extra=st.lists(any_text, max_size=2))
def test_any_argument_works_or_is_one_clean_line(command, argument, extra):
    subcommand, *options = command
    with _within_seconds():
        status, out, err = cli([subcommand, "--data", str(ROOT / "data"), *options, argument,
                                *extra])
    assert status in (0, 2), (status, err)
    if status == 2:
        assert out == [] and len(err.splitlines()) == 1, err
        assert err.startswith("python -m calculators") and len(err) <= MAX_MESSAGE + 1, err
    assert _terminal_clean(err) and all(_terminal_clean(line) for line in out)
    assert "Traceback" not in err


REQUEST_FIELDS = ("kind", "priority", "region", "tier", "tz", "at", "local", "fold")


@pytest.fixture(scope="module")
def answerer():
    from calculators.browser import Answerer
    from calculators.policy_json import to_json

    return Answerer(json.dumps(to_json(load_policy(ROOT / "data"))))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["deadline", "escalation", "open_now"]) | nested,
       fields=st.dictionaries(st.sampled_from(REQUEST_FIELDS), nested, max_size=5),
       whole=st.none() | nested)
def test_any_request_is_answered_or_marks_a_field(answerer, kind, fields, whole):
    request = {"kind": kind, "priority": "S1", "region": "usa", "tier": "tier1",
               "at": "2026-11-27T17:30:00Z", **fields} if whole is None else whole
    with _within_seconds():
        answer = json.loads(answerer.answer(json.dumps(request)))
    assert isinstance(answer, dict)
    if "error" in answer:
        error = answer["error"]
        assert set(error) == {"field", "message"}
        assert error["field"] in (*REQUEST_FIELDS, "general"), error
        assert 0 < len(error["message"]) <= MAX_MESSAGE, error
