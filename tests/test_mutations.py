"""Careless edits, generated: whatever happens to the shipped YAML, loading it either gives a
policy or a clean list of `file:line:col: message` problems. Never another exception."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from policydata import DataError, load_policy
from policydata.shapes import FILES, POLICY_TEXT

PROBLEM = re.compile(r"data/(slt\.yaml|contacts\.yaml|policy\.yaml|readings\.yaml|policy-text\.txt)"
                     r":[1-9][0-9]*:[1-9][0-9]*: [^\n]+")
# Every file of the data folder; a careless edit of the policy text breaks the quotes of it.
EDITED = sorted([*FILES, POLICY_TEXT])
# Characters that change YAML's structure or a value's type.
SHARP = list(":-'\"[]{},&*!|>#%@`\t \n0123456789") + ["yes", "NO", "null", "~", "17:30"]


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(EDITED))
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    index = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace", "truncate",
                                "indent", "dedent"]))
    line = lines[index]
    if how == "delete":
        del lines[index]
    elif how == "duplicate":
        lines.insert(index, line)
    elif how == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif how in ("insert", "replace"):
        at = draw(st.integers(0, len(line)))
        piece = draw(st.sampled_from(SHARP))
        cut = at + (1 if how == "replace" else 0)
        lines[index] = line[:at] + piece + line[cut:]
    elif how == "truncate":
        lines = lines[:index] + [line[: draw(st.integers(0, len(line)))]]
    elif how == "indent":
        lines[index] = "  " + line
    else:
        lines[index] = line[2:] if line.startswith("  ") else line
    return name, "\n".join(lines)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    root = tmp_path_factory.mktemp("mutations")
    shutil.copytree(DATA, root / "data")
    return root


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=mutated())
def test_any_edit_loads_or_reports_cleanly(workdir, monkeypatch, mutation):
    name, text = mutation
    monkeypatch.chdir(workdir)
    for data_file in EDITED:
        shutil.copy2(DATA / data_file, workdir / "data" / data_file)
    (workdir / "data" / name).write_text(text, encoding="utf-8")
    try:
        load_policy(workdir / "data")
    except DataError as error:
        assert error.problems, "a DataError always says what is wrong"
        for problem in error.problems:
            assert PROBLEM.fullmatch(str(problem)), str(problem)
