"""Resolving a region's holiday calendar (python-holidays plus the data's own edits) to dates."""

from __future__ import annotations

import holidays as python_holidays

from calculators.model import Holiday, HolidayCalendar

from .schema import Context, Fields


def resolve(spec: Fields, first_year: int, last_year: int, ctx: Context) -> HolidayCalendar:
    """The calendar for the years given; a removal that matches no holiday is reported."""
    country, subdivision = spec["calendar"], spec["subdivision"]
    years = range(first_year, last_year + 1)
    # Without a language, python-holidays names holidays in $LANG's when it has them: the same
    # data would publish "Hari Raya Puasa" from one machine and "Eid al-Fitr" from another, and a
    # release built in one locale would fail its policy check in another. Each calendar is named
    # in its own language, wherever it is built.
    language = python_holidays.country_holidays(country).default_language
    by_date = dict(python_holidays.country_holidays(country, subdiv=subdivision, years=years,
                                                    language=language))
    for index, day in enumerate(spec["remove"]):
        if by_date.pop(day, None) is None:
            ctx.report(spec.where("remove").value[index],
                       f"{day} is not a holiday of {_source(spec)}; there is nothing to remove")
    for added in spec["add"]:
        by_date[added["date"]] = added["name"]
    holidays = tuple(Holiday(date=day, name=name) for day, name in sorted(by_date.items())
                     if first_year <= day.year <= last_year)
    return HolidayCalendar(name=spec["name"], source=_source(spec), first_year=first_year,
                           last_year=last_year, holidays=holidays,
                           readings=spec["readings"])


def _source(spec: Fields) -> str:
    subdivision = spec["subdivision"]
    return spec["calendar"] + (f" ({subdivision})" if subdivision else "")
