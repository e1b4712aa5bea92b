"""Holiday years that leave this week without holidays are refused by validate, at the year to
change and saying what to write (issue 19, part 6); a build of such data ends in that message,
never in a traceback. "This week" is the week of the validation's date in every zone: a week
that straddles the new year needs both years. Each case runs in a child process under limits
(tests/hostile.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from hostile import Edit, line_column, run_cases

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = "holiday_years: {first: 2025, last: 2030}"
WHY = "without them, so the site could not say who is open now"


def _week(today: dt.date) -> str:
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    return (f"this week ({monday:%a} {monday.day} {monday:%b %Y} to {sunday:%a} {sunday.day} "
            f"{sunday:%b %Y}, today being {today.isoformat()})")


def too_late(first: int, today: dt.date, write: int) -> str:
    return (f"holidays would be known only from {first}, which leaves {_week(today)} {WHY}; "
            f"write first: {write} or earlier")


def too_early(last: int, today: dt.date, write: int) -> str:
    return (f"holidays would be known only until the end of {last}, which leaves "
            f"{_week(today)} {WHY}; write last: {write} or later")


@dataclass(frozen=True)
class Years:
    """contacts.yaml's holiday years set to ``first``..``last``, validated for ``today``:
    ``message`` at the year named by ``at`` ("first" or "last"), or None for valid data."""

    first: int
    last: int
    today: str
    at: str = ""
    message: str | None = None

    def __call__(self, folder: Path):
        from policydata import DataError, load_with_warnings

        path = folder / "data" / "contacts.yaml"
        text = path.read_text(encoding="utf-8")
        new = f"holiday_years: {{first: {self.first}, last: {self.last}}}"
        text = text.replace(SHIPPED, new, 1)
        path.write_text(text, encoding="utf-8")
        expected: list[str] = []
        if self.message:
            year = str(self.first if self.at == "first" else self.last)
            index = text.index(new) + new.index(f"{self.at}: {year}") + len(self.at) + 2
            line, column = line_column(text, index)
            expected = [f"data/contacts.yaml:{line}:{column}: {self.message}"]
        try:
            load_with_warnings(folder / "data", today=dt.date.fromisoformat(self.today))
            found: list[str] = []
        except DataError as error:
            found = [str(problem) for problem in error.problems]
        return expected, found


def _late(first: int, last: int, today: str, write: int) -> Years:
    return Years(first, last, today, "first",
                 too_late(first, dt.date.fromisoformat(today), write))


def _early(first: int, last: int, today: str, write: int) -> Years:
    return Years(first, last, today, "last",
                 too_early(last, dt.date.fromisoformat(today), write))


TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)
# The first day this week needs: the Sunday before the Monday of yesterday's week.
EARLIEST = YESTERDAY - dt.timedelta(days=YESTERDAY.weekday() + 1)
CASES = {
    # The case, on the day it was found.
    "2100-2100 (Friday 4 December 2026)": _late(2100, 2100, "2026-12-04", 2026),
    "2027-2030 before 2027": _late(2027, 2030, "2026-06-15", 2026),
    "2000-2025 after 2025": _early(2000, 2025, "2026-12-04", 2026),
    "2025-2030 (shipped)": Years(2025, 2030, "2026-12-04"),
    "2026-2026 mid-year": Years(2026, 2026, "2026-06-15"),
    # The last week of a year: its Sunday is in the year, the next Monday is not.
    "2025-2026 on Thursday 24 December 2026": Years(2025, 2026, "2026-12-24"),
    # Sunday 27 December: in UTC+14 it is already Monday 28, whose week ends in 2027.
    "2025-2026 on Sunday 27 December 2026": _early(2025, 2026, "2026-12-27", 2027),
    # Week straddles the new year: Monday 28 December 2026 to Sunday 3 January 2027.
    "2025-2026 on Wednesday 30 December 2026": _early(2025, 2026, "2026-12-30", 2027),
    "2027-2030 on Friday 1 January 2027": _late(2027, 2030, "2027-01-01", 2026),
    "2026-2026 on Thursday 31 December 2026": _early(2026, 2026, "2026-12-31", 2027),
    "2026-2027 on Thursday 31 December 2026": Years(2026, 2027, "2026-12-31"),
    # Monday 4 January 2027: in UTC-12 it is still Sunday 3, in the week of 28 December.
    "2027-2030 on Monday 4 January 2027": _late(2027, 2030, "2027-01-04", 2026),
    "2027-2030 on Tuesday 5 January 2027": Years(2027, 2030, "2027-01-05"),
    # The reversed range is said once, as before; this week is not checked against it.
    "reversed": Years(2030, 2025, "2026-12-04", "last",
                      "last is before first; give the last year of the range"),
    # Through the command, on the computer's today.
    "2100-2100 through validate, today": Edit(
        "contacts.yaml", SHIPPED, "holiday_years: {first: 2100, last: 2100}", "2100",
        too_late(2100, TODAY, EARLIEST.year)),
}


@pytest.fixture(scope="module")
def outcomes():
    return run_cases(__name__, CASES)


@pytest.mark.parametrize("name", CASES)
def test_holiday_years_must_hold_this_week(outcomes, name):
    outcome = outcomes[name]
    assert outcome["error"] is None, outcome["error"]
    assert outcome["actual"] == outcome["expected"]


def test_a_build_of_such_data_says_so_without_a_traceback(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    contacts = data / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(
        SHIPPED, "holiday_years: {first: 2100, last: 2100}"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sitegen.build", "--data", str(data),
                           str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "holidays would be known only from 2100" in done.stderr
    assert not (tmp_path / "site").exists()
