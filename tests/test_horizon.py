"""The weekly rebuild's guard (`make horizon`): it fails, in one line at holiday_years' `last:`,
from 120 days before the last holiday year ends, the reach of what a build computes ahead."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import DATA, ROOT

LAST = 2030  # data/contacts.yaml: holiday_years: {first: 2025, last: 2030}

CASES = [
    # (judged as on, days asked, exit status, what the line says)
    ("2030-08-01", None, 0, "Holidays are known until 2030-12-31, 152 days from today"),
    ("2030-09-02", None, 0, "Holidays are known until 2030-12-31, 120 days from today"),
    ("2030-09-03", None, 1, "holidays are known only until 2030-12-31, 119 days from today "
                            "(2030-09-03), less than the 120 days the weekly rebuild needs; "
                            f"write last: {LAST + 1}"),
    ("2030-12-20", None, 1, "11 days from today (2030-12-20)"),
    ("2026-12-04", "1500", 1, "less than the 1500 days the weekly rebuild needs"),
]


def _horizon(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policydata.horizon", "--data", str(DATA), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("today, days, status, says", CASES, ids=[c[0] for c in CASES])
def test_the_guard_fails_within_the_reach(today, days, status, says):
    result = _horizon("--today", today, *(["--days", days] if days else []))
    assert result.returncode == status
    said = result.stdout
    assert len(said.strip().splitlines()) == 1
    assert says in said
    if status:
        line = next(n for n, text in enumerate(
            (DATA / "contacts.yaml").read_text(encoding="utf-8").splitlines(), 1)
            if text.startswith("holiday_years:"))
        assert said.startswith(f"data/contacts.yaml:{line}:")


def test_the_failure_as_a_workflow_command():
    result = _horizon("--today", "2030-09-03", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=data/contacts.yaml,line=")
    assert "119 days from today (2030-09-03)" in result.stdout


def test_data_that_leaves_this_week_unknown_is_refused_as_validate_refuses_it():
    result = _horizon("--today", "2030-12-31")
    assert result.returncode == 1
    assert "leaves this week (Mon 30 Dec 2030 to Sun 5 Jan 2031" in result.stderr


def test_broken_data_is_one_line(tmp_path):
    result = _horizon("--data", str(tmp_path))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("the data has problems, so its reach is unknown; first: ")
