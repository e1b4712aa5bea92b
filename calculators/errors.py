"""What the calculators refuse to answer, each said in one line that tells how to ask instead."""

from __future__ import annotations


class CalculatorError(ValueError):
    """A question the calculators cannot answer as asked; the message says why in one line."""


class TimeInputError(CalculatorError):
    """A reported-at time that is malformed, has no zone, or does not name one instant."""


class HolidaysUnknown(CalculatorError):
    """The answer depends on a day outside the years the holiday calendar was resolved for.

    Raised rather than treating the day as holiday-free: a wrong deadline is worse than none.
    ``first_year`` and ``last_year`` are the years known, for callers that word it themselves.
    """

    def __init__(self, message: str, *, first_year: int | None = None,
                 last_year: int | None = None) -> None:
        super().__init__(message)
        self.first_year, self.last_year = first_year, last_year
