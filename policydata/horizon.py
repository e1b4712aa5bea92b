"""``python -m policydata.horizon [--data DIR] [--days N] [--today YYYY-MM-DD]``: fails while the holiday years end
within the reach of what a build computes ahead.

A site nobody edits is rebuilt every week (.github/workflows/site.yml), so that its schedules
(answers at first paint, 120 days ahead) and the coverage charts' weeks never run out. Past the
last holiday year the calculators refuse deadlines, so the weekly rebuild must fail, visibly and
early, before readers meet that: from 120 days before the end. Validation already warns a year
ahead; this is the point where the warning becomes a failure.

Exit 0 when the years reach far enough, 1 when not (one line, file:line:col, what to write),
2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from calculators.schedule import DEFAULT_DAYS

from . import DataError, holiday_years_end
from .schema import Problem
from .workflow_commands import workflow_command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policydata.horizon",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="data", metavar="DIR")
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS,
                        help=f"fail when the holidays end within this many days (default "
                             f"{DEFAULT_DAYS}, the reach of the build's schedules)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="judge as on this day (default: today), e.g. to see next month's")
    parser.add_argument("--format", choices=("plain", "github"), default="plain",
                        help="github: the failure as a GitHub Actions workflow command")
    args = parser.parse_args(argv)
    today = args.today or dt.date.today()
    try:
        end, place = holiday_years_end(args.data, today)
    except DataError as error:
        print(f"the data has problems, so its reach is unknown; first: {error.problems[0]}",
              file=sys.stderr)
        return 1
    left = (end - today).days
    if left >= args.days:
        print(f"Holidays are known until {end.isoformat()}, {left} days from today (at least "
              f"{args.days} are needed).")
        return 0
    problem = Problem(place.path, place.line, place.column, (
        f"holidays are known only until {end.isoformat()}, {left} days from today "
        f"({today.isoformat()}), less than the {args.days} days the weekly rebuild needs; write "
        f"last: {end.year + 1} (python-holidays knows the coming years) and publish"))
    shown = workflow_command(problem) if args.format == "github" else str(problem)
    # On stdout as well as validate's problems are, so that a workflow command reaches the runner.
    print(shown)
    return 1


if __name__ == "__main__":
    sys.exit(main())
