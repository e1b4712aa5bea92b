"""The shape of each data file: which keys, which kinds of value, which rules between them."""

from __future__ import annotations

import datetime as dt
import difflib
import importlib.resources
import re
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import holidays as python_holidays
import phonenumbers
from holidays.registry import EntityLoader

from calculators.model import AGE_LIMIT_SLOT, WEEKDAYS, Clock
from calculators.quoting import quoted

from yaml.nodes import MappingNode, ScalarNode

from .schema import (
    BOOL_TAG,
    INVALID,
    STR_TAG,
    Choice,
    Context,
    Date,
    Field,
    Fields,
    Integer,
    KeyedBy,
    Kind,
    ListOf,
    Pattern,
    Record,
    Ref,
    Refused,
    Scalar,
    _choices,
    _describe,
    digits_fix,
    _shortened,
)

# ---------------------------------------------------------------- kinds of value


class Time(Pattern):
    def __init__(self) -> None:
        super().__init__(r"([01][0-9]|2[0-3]):[0-5][0-9]",
                         'a 24-hour time in quotes, "HH:MM" from "00:00" to "23:59"',
                         what="a time", max_length=40)

    def parse(self, text: str) -> dt.time:
        try:
            return dt.time.fromisoformat(super().parse(text))
        except ValueError:
            raise ValueError(digits_fix(text, _as_time)) from None


def _as_time(text: str) -> str | None:
    """'8:30' as '08:30'; None unless it is a time of day."""
    found = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", text)
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        return None
    return f"{int(found[1]):02}:{found[2]}"


class Zone(Scalar):
    expected = 'an IANA time zone such as "Europe/London"'

    def __init__(self) -> None:
        super().__init__(json_schema={"type": "string", "pattern": r"^[A-Za-z0-9_+\-/]+$"},
                         what="a time zone", max_length=64)

    def parse(self, text: str) -> str:
        if text not in _zones():
            close = difflib.get_close_matches(text, _zones(), n=1)
            raise ValueError(f"did you mean {close[0]!r}?" if close else "")
        return text


@cache
def _zones() -> frozenset[str]:
    """The zones of the tzdata package the browser loads too (requirements-browser.lock), not
    this machine's: "localtime" is a file of /usr/share/zoneinfo that no browser has, and
    "Factory" keeps no one's time."""
    names = importlib.resources.files("tzdata").joinpath("zones").read_text("ascii").split()
    return frozenset(names) - {"Factory"}


# A target beyond a month would put update deadlines past every holiday year in the data.
MAX_DURATION = dt.timedelta(days=30)


class Duration(Pattern):
    def __init__(self) -> None:
        super().__init__(r"[1-9][0-9]{0,5} (minute|minutes|hour|hours)",
                         'a duration such as "30 minutes" or "4 hours", at most 720 hours '
                         "(30 days)", what="a duration", max_length=40)

    def parse(self, text: str) -> dt.timedelta:
        amount, unit = super().parse(text).split()
        span = dt.timedelta(**{unit.rstrip("s") + "s": int(amount)})
        if span > MAX_DURATION:
            raise Refused("is longer than any target of the policy may be; a response or "
                          "update target is at most 720 hours (30 days)")
        return span


@cache
def _countries() -> frozenset[str]:
    # The registry's codes: list_supported_countries() would import every country's module
    # to list subdivisions, where only the data's own countries are needed.
    return frozenset(EntityLoader.get_country_codes(include_aliases=True))


class CountryCode(Scalar):
    expected = 'a country code known to python-holidays, such as "US", "GB" or "SG"'

    def __init__(self) -> None:
        super().__init__(what="a country code", max_length=40)

    def parse(self, text: str) -> str:
        if text not in _countries():
            raise ValueError
        return text


class Identifier(Pattern):
    def __init__(self, what: str, reserved: dict[str, str]) -> None:
        super().__init__(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*",
                         f"{what}: letters and digits, words joined by '-'",
                         what=what.split(" such as ")[0])
        self.reserved = reserved

    def parse(self, text: str) -> str:
        # Vacant or VACANT would read as the reserved word on every page.
        if text.lower() in self.reserved:
            raise Refused(f"{self.reserved[text.lower()]}; choose another id")
        return super().parse(text)


def identifier(what: str, reserved: dict[str, str] | None = None) -> Identifier:
    return Identifier(what, reserved or {})


class PhoneNumber(Scalar):
    """A number in international form, read by the phonenumbers library: to ``(shown, tel)``,
    its international format for the page and its E.164 form for ``tel:`` links."""

    how = '"+", the country code, then the number, such as "+44 20 7946 0000"'
    expected = f"a phone number in international form: {how}"

    def __init__(self) -> None:
        super().__init__(what="a phone number", max_length=40,
                         json_schema={"type": "string", "pattern": r"^\+[0-9 ()\-]+$"})

    def parse(self, text: str) -> tuple[str, str]:
        return self._read(text)

    # Reading a number is a pure function of its text and the slowest check of a load, which
    # `mkdocs serve` repeats on every save; the cache is bounded, as the texts come from files.
    @lru_cache(maxsize=256)
    def _read(self, text: str) -> tuple[str, str]:
        if not text.startswith("+"):
            raise Refused(f"is not in international form; write {self.how}")
        if any(char.isalpha() for char in text):
            # phonenumbers reads letters as a keypad's digits: "+44 20 7946 OOOO" would be
            # published as +44 20 7946 6666, a working number that is not the policy's.
            fix = digits_fix(text, _as_phone_number)
            raise Refused(f"is not a phone number: {fix}" if fix
                          else f"is not a phone number; write {self.how}")
        try:
            number = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException as error:
            if error.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
                raise Refused("has no known country code after the \"+\"; write "
                              f"{self.how}") from None
            raise Refused(f"is not a phone number; write {self.how}") from None
        region = phonenumbers.region_code_for_country_code(number.country_code)
        if not phonenumbers.is_valid_number(number):
            raise Refused(f"is not a valid number of {region} (+{number.country_code}): "
                          "check its digits against the policy text")
        return (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


TEXT = Scalar()


class Quote(Scalar):
    """Words quoted from the policy text; checked against it once every file is read."""

    expected = "words copied exactly from the policy text"

    def read(self, node, ctx: Context):
        value = super().read(node, ctx)
        if value is not INVALID:
            ctx.quotes.append((value, node, ctx.path))
        return value


class Confirmation(Kind):
    """Whether the policy owner confirmed a reading: ``no``, or who and when."""

    expected = "no (not confirmed) or who confirmed it and when: {by: <name>, date: <YYYY-MM-DD>}"

    def __init__(self) -> None:
        self.record = Record({"by": Field(TEXT, doc="The policy owner who confirmed it."),
                              "date": Field(Date(past=True), doc="The day they confirmed it.")})

    def read(self, node, ctx: Context):
        if isinstance(node, MappingNode):
            return self.record.read(node, ctx)
        if isinstance(node, ScalarNode):
            word = node.value.lower()
            # YAML 1.1 reads no and false as false; an editor (YAML 1.2) and "no" as the word.
            if (node.tag == BOOL_TAG and word in ("no", "false")) or (
                    node.tag == STR_TAG and word == "no"):
                return None
            if node.tag == BOOL_TAG:
                ctx.report(node, f"{node.value} does not say who confirmed the reading or when; "
                                 "write {by: <name>, date: <YYYY-MM-DD>}, or no until it is "
                                 "confirmed")
                return INVALID
        ctx.report(node, f"{_describe(node)} is not {self.expected}")
        return INVALID

    def json_schema(self) -> dict:
        # YAML 1.2, which editors read, takes an unquoted no as the word, and false as false.
        return {"oneOf": [{"enum": [False, "no", "No", "NO"]}, self.record.json_schema()],
                "description": f"{self.expected[0].upper()}{self.expected[1:]}."}


EMAIL = Pattern(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", "an email address such as name@8x8.com",
                what="an email address", max_length=254)


def _as_phone_number(text: str) -> str | None:
    """``text`` as written when it is a valid number in digits; None otherwise."""
    if any(char.isalpha() for char in text):
        return None
    try:
        return text if phonenumbers.is_valid_number(phonenumbers.parse(text, None)) else None
    except phonenumbers.NumberParseException:
        return None


PHONE_NUMBER = PhoneNumber()
CLOCK = Choice(tuple(clock.value for clock in Clock), "a clock")


class Days(ListOf):
    def __init__(self) -> None:
        super().__init__(Choice(WEEKDAYS, "a weekday"))

    def read(self, node, ctx: Context):
        days = super().read(node, ctx)
        if days is not INVALID and len(set(days)) != len(days):
            ctx.report(node, "a weekday is listed twice; list each day once")
            return INVALID
        return days if days is INVALID else frozenset(WEEKDAYS.index(day) for day in days)


# ---------------------------------------------------------------- rules across fields


def _hours_rule(hours: Fields, ctx: Context) -> None:
    if hours["open"] == hours["close"]:
        ctx.report(hours.where("close"), "close is the same time as open; a window must last; "
                                         "for a window past midnight write a close before the open")


def _holidays_rule(spec: Fields, ctx: Context) -> None:
    subdivision = spec["subdivision"]
    if subdivision is None:
        return
    known = python_holidays.country_holidays(spec["calendar"]).subdivisions
    if subdivision not in known:
        ctx.report(spec.where("subdivision"),
                   f"{subdivision!r} is not a subdivision of {spec['calendar']}; "
                   + (_choices(known) if known else "write none (leave subdivision out)"))


def _colours_rule(regions: tuple[Fields, ...], ctx: Context) -> None:
    """Regions drawn in one chart need colours a reader can tell apart."""
    seen: dict[int, Fields] = {}
    for region in regions:
        colour = region["colour"]
        if colour is None:
            continue
        if colour in seen:
            ctx.report(region.where("colour"),
                       f"colour {colour} is already {seen[colour]['id']}'s; give each region of "
                       f"the list its own, from 1 to {CHART_COLOURS}")
        else:
            seen[colour] = region


def _years_rule(years: Fields, ctx: Context) -> None:
    """The range is a range, and it holds this week: the coverage chart opens on it, and
    every answer about now needs its holidays (issue 19: first: 2100 built until the chart
    raised). "Today" is a day earlier or later in some zone, and a zone's local day reaches
    into the UTC day either side: so the years must hold from the day before the Monday of
    yesterday's week to the day after the Sunday of tomorrow's. A week that straddles a new
    year needs both years."""
    first, last = years["first"], years["last"]
    if last < first:
        ctx.report(years.where("last"), "last is before first; give the last year of the range")
        return
    today = ctx.today or dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    earliest = _monday_of(today - dt.timedelta(days=1)) - dt.timedelta(days=1)
    latest = _monday_of(today + dt.timedelta(days=1)) + dt.timedelta(days=7)
    week = (f"this week ({_day(monday)} to {_day(monday + dt.timedelta(days=6))}, "
            f"today being {today.isoformat()})")
    if first > earliest.year:
        ctx.report(years.where("first"),
                   f"holidays would be known only from {first}, which leaves {week} without "
                   f"them, so the site could not say who is open now; write first: "
                   f"{earliest.year} or earlier")
    elif last < latest.year:
        ctx.report(years.where("last"),
                   f"holidays would be known only until the end of {last}, which leaves {week} "
                   f"without them, so the site could not say who is open now; write last: "
                   f"{latest.year} or later")


def _monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _tier_rule(tier: Fields, ctx: Context) -> None:
    """Every role names a holder (a person or vacant) for exactly the regions with a shift."""
    defined = ctx.definitions.get("escalation region", {}).keys()
    shift_regions = tier["shifts"].values.keys()
    if not shift_regions <= defined:
        return  # a misspelt region was reported; which one it meant is for staff to say
    without_shift: dict[str, list[Fields]] = {}
    for role in tier["roles"]:
        holders = role["holders"]
        if not holders.values.keys() <= defined:
            continue
        for region in shift_regions - holders.values.keys():
            ctx.report(role.where("holders"),
                       f"role {quoted(role['role'])} names no holder for {region}; "
                       f"add {region}: vacant, or {region}: <person id>")
        for region in holders.values.keys() - shift_regions:
            without_shift.setdefault(region, []).append(role)
    for region, roles in without_shift.items():
        ctx.report(roles[0]["holders"].nodes[region],
                   f"tier {tier['id']} has no shift in {region}, yet its roles name holders "
                   f"there ({', '.join(_shortened(role['role']) for role in roles)}); "
                   f"add a shift for {region} or remove those holders")


def _targets_rule(plan: Fields, ctx: Context) -> None:
    seen: dict[str, int] = {}
    for target in plan["targets"]:
        priority = target["priority"]
        if priority in seen:
            ctx.report(target.where("priority"),
                       f"priority {priority} already has targets on line {seen[priority]}; "
                       "keep one entry per priority")
        else:
            seen[priority] = target.where("priority").start_mark.line + 1


def _zone_seasons(zone: str, first: int, last: int) -> dict[bool, set[str]]:
    """The tz database's abbreviations for ``zone`` in the years ``first`` to ``last``, by
    whether daylight saving time is in force; every day at noon UTC, since a zone may change
    its rules within the range."""
    tz = ZoneInfo(zone)
    seasons: dict[bool, set[str]] = {}
    day = dt.datetime(first, 1, 1, 12, tzinfo=dt.timezone.utc)
    end = dt.datetime(last + 1, 1, 1, tzinfo=dt.timezone.utc)
    while day < end:
        local = day.astimezone(tz)
        seasons.setdefault(bool(local.dst()), set()).add(local.tzname() or "")
        day += dt.timedelta(days=1)
    return seasons


def _zone_labels_rule(contacts: Fields, ctx: Context) -> None:
    """Every zone a region uses has labels; a zone has a daylight label exactly when it keeps
    daylight saving time in the holiday years; a label agrees with the tz database's own
    wherever that is letters ("PTS" for PST is a typo; "SGT" for "+08" is the data's word)."""
    labelled: Fields = contacts["zone_labels"]
    years = contacts["holiday_years"]
    if years["last"] < years["first"]:
        return  # reported at holiday_years; the seasons of no years say nothing
    regions = [*contacts["support_regions"], *contacts["escalation"]["regions"]]
    for region in regions:
        name = region["zone"]
        # A fixed offset's own name is its label: it is written "UTC" or "UTC+8" as any zone
        # without labels is (calculators.time_words).
        if name not in labelled.values and not (name == "UTC" or name.startswith("Etc/")):
            ctx.report(region.where("zone"),
                       f"{name} has no labels under zone_labels; add {name}: "
                       "{standard: <its abbreviation, such as PST>, daylight: <such as PDT>}, "
                       "leaving daylight out for a zone without daylight saving time")
    span = f"{years['first']}-{years['last']}"
    for name, labels in labelled.values.items():
        seasons = _zone_seasons(name, years["first"], years["last"])
        if True in seasons and labels["daylight"] is None:
            ctx.report(labelled.nodes[name],
                       f"{name} keeps daylight saving time in {span}, yet has no daylight "
                       f"label; add daylight: {_tz_word(seasons[True], 'such as BST')}")
        if True not in seasons and labels["daylight"] is not None:
            ctx.report(labels.where("daylight"),
                       f"{name} keeps no daylight saving time in {span}; remove daylight and "
                       "keep only standard")
        for daylight, key in ((False, "standard"), (True, "daylight")):
            label, known = labels[key], seasons.get(daylight, set())
            letters = {word for word in known if word.isalpha()}
            if label is not None and letters and label not in letters:
                ctx.report(labels.where(key),
                           f"{label!r} is not what the tz database calls {key} time in "
                           f"{name} ({', '.join(sorted(letters))}); write "
                           f"{key}: {sorted(letters)[0]}")


def _tz_word(names: set[str], otherwise: str) -> str:
    letters = sorted(word for word in names if word.isalpha())
    return letters[0] if letters else f"<its abbreviation, {otherwise}>"


ZONE_LABEL = Pattern(r"[A-Z]{2,6}", 'a time zone abbreviation in capital letters, such as "PST"',
                     what="a time zone abbreviation", max_length=40)


# ---------------------------------------------------------------- the files

# The readings (readings.yaml) a piece of data rests on, by id.
READINGS = Field(ListOf(Ref("reading")), required=False, default=(),
                 doc="The ids of the readings in readings.yaml that this rests on: rules the "
                     "policy text does not state outright.")

# The week charts' region colours (docs/assets/coverage.css), each with its own pattern.
CHART_COLOURS = 4
COLOUR = Field(Integer(1, CHART_COLOURS), required=False,
               doc="The region's colour and pattern in the week charts, 1 to "
                   f"{CHART_COLOURS}: give the same place the same number on Contact and "
                   "Escalation (Europe and EMEA/UK), so a reader who learnt it on one page "
                   "finds it on the other. Without it the region takes the first number no "
                   "other region of its list names.")

HOURS = Record(
    {
        "days": Field(Days(), doc="Weekdays on which the window opens."),
        "open": Field(Time(), doc="Local opening time."),
        "close": Field(Time(), doc="Local closing time (not included); before open: next day."),
    },
    check=_hours_rule,
)

DATED_NAME = Record({"date": Field(Date()), "name": Field(TEXT)})

HOLIDAYS = Record(
    {
        "calendar": Field(CountryCode(), doc="python-holidays country code."),
        "name": Field(TEXT, doc="The calendar as readers know it, such as "
                                "\"England bank holidays\"; the site names it so."),
        "subdivision": Field(Scalar("a subdivision code such as \"ENG\"", what="a subdivision code",
                                    max_length=40), required=False),
        "add": Field(ListOf(DATED_NAME), required=False, default=(),
                     doc="Office holidays that the calendar does not have."),
        "remove": Field(ListOf(Date()), required=False, default=(),
                        doc="Calendar holidays on which the office is open."),
        "readings": READINGS,
    },
    check=_holidays_rule,
)

PHONE = Record({"label": Field(TEXT), "number": Field(PHONE_NUMBER)})

UPDATED = Field(Date(past=True),
                doc="The day this file last changed in a way readers see; the site shows the "
                    "newest of the files' dates as the policy's.")

SLT_FILE = Record(
    {
        "updated": UPDATED,
        "disclaimer": Field(TEXT),
        "priorities": Field(ListOf(Record(
            {"id": Field(identifier("a priority id such as S1")), "name": Field(TEXT),
             "definition": Field(TEXT)},
            defines="priority",
        ))),
        "plan": Field(Record(
            {
                "name": Field(TEXT),
                "targets": Field(ListOf(Record({
                    "priority": Field(Ref("priority")),
                    "initial_response": Field(Record(
                        {"within": Field(Duration()), "clock": Field(CLOCK),
                         "readings": READINGS})),
                    "updates": Field(Record(
                        {"every": Field(Duration()), "clock": Field(CLOCK),
                         "until": Field(TEXT, required=False), "readings": READINGS})),
                }))),
            },
            check=_targets_rule,
        )),
    },
    doc="Service-level targets of Premium Support.",
)

CONTACTS_FILE = Record(
    {
        "updated": UPDATED,
        "holiday_years": Field(Record(
            {"first": Field(Integer(2000, 2100)), "last": Field(Integer(2000, 2100))},
            check=_years_rule,
        ), doc="Years for which holidays are resolved."),
        "support_regions": Field(ListOf(Record(
            {
                "id": Field(identifier("a region id such as usa")),
                "name": Field(TEXT),
                "zone": Field(Zone()),
                "hours": Field(HOURS),
                "phones": Field(ListOf(PHONE)),
                "holidays": Field(HOLIDAYS),
                "colour": COLOUR,
                "readings": READINGS,
            },
            defines="support region",
        ), check=_colours_rule)),
        "zone_labels": Field(KeyedBy(Zone(), Record({
            "standard": Field(ZONE_LABEL, doc="The abbreviation of its standard time."),
            "daylight": Field(ZONE_LABEL, required=False,
                              doc="The abbreviation of its daylight saving time; leave it out "
                                  "for a zone that keeps none."),
        })), doc="The abbreviation readers know for each zone the regions use, per season; "
                 "every time the site shows in that zone is labelled with it."),
        "out_of_hours": Field(TEXT, required=False,
                              doc="What to do while every support region is closed, shown "
                                  "by \"Open now?\"; only what the policy itself says."),
        "escalation": Field(Record({
            "instructions": Field(TEXT),
            "follow_the_sun": Field(TEXT),
            "zones_note": Field(TEXT, required=False,
                                doc="Why one region's times are in different zones on the "
                                    "Contact and Escalation pages; shown on both."),
            "regions": Field(ListOf(Record(
                {"id": Field(identifier("a region id such as emea")), "name": Field(TEXT),
                 "zone": Field(Zone()), "colour": COLOUR, "readings": READINGS},
                defines="escalation region",
            ), check=_colours_rule)),
            "people": Field(ListOf(Record(
                {
                    "id": Field(identifier("a person id such as dipen-shah", {
                        "vacant": "is the word a role's holders use for nobody"})),
                    "name": Field(TEXT),
                    "title": Field(TEXT, required=False),
                    "phones": Field(ListOf(PHONE), required=False, default=()),
                    "email": Field(EMAIL, required=False),
                },
                defines="person",
            ))),
            "tiers": Field(ListOf(Record(
                {
                    "id": Field(identifier("a tier id such as tier1")),
                    "name": Field(TEXT),
                    "note": Field(TEXT, required=False,
                                  doc="A short note under the tier's heading: only what the "
                                      "policy itself says about the tier."),
                    "shifts": Field(KeyedBy(
                        Ref("escalation region"),
                        Record({**HOURS.fields, "holidays": Field(HOLIDAYS, required=False),
                                "readings": READINGS},
                               check=_hours_rule),
                    )),
                    "roles": Field(ListOf(Record({
                        "role": Field(TEXT),
                        "holders": Field(KeyedBy(Ref("escalation region"),
                                                 Ref("person", also=("vacant",)))),
                        "readings": READINGS,
                    })), doc="In escalation order."),
                },
                defines="tier",
                check=_tier_rule,
            ))),
            "case_tier": Field(Record({"tier": Field(Ref("tier")), "readings": READINGS}),
                               required=False,
                               doc="The tier a customer escalates a case in when a service-level "
                                   "target is missed: the Service levels answer names who is on "
                                   "duty in it then. The policy does not say which tier that is."),
        })),
    },
    doc="Support regions, hours and phones; escalation tiers and contacts.",
    check=_zone_labels_rule,
)

TEXT_LIST = ListOf(TEXT)


def _answer_rule(answer: Fields, ctx: Context) -> None:
    choices, other = answer["choices"], answer["other"]
    for choice in sorted({c for c in choices if choices.count(c) > 1}):
        ctx.report(answer.where("choices"), f"{choice!r} is offered twice; list each choice once")
    if other in choices:
        ctx.report(answer.where("other"), f"{other!r} is already one of the choices; give the "
                                          "choice with its own text box another name")
    if len(choices) + bool(other) < 2:
        ctx.report(answer.where("choices"), "a question with choices needs two or more; "
                                            "leave out answer for a text box")


def _age_limit_rule(limit: Fields, ctx: Context) -> None:
    # The words must say the duration the builder checks, so they are written around it.
    if limit["text"].count(AGE_LIMIT_SLOT) != 1:
        ctx.report(limit.where("text"), f"write {AGE_LIMIT_SLOT} once, where the duration goes: "
                                        f'"Call sample needs to be within {AGE_LIMIT_SLOT} of '
                                        'the call"')


ANSWER = Record(
    {
        "pick": Field(Choice(("one", "several"), "how many choices a reader may pick")),
        "choices": Field(TEXT_LIST),
        "other": Field(TEXT, required=False,
                       doc="A last choice, such as \"something else\", with a text box."),
    },
    check=_answer_rule,
)

CALL_SAMPLES = Record({
    "intro": Field(TEXT),
    "age_limit": Field(Record(
        {"within": Field(Duration(), doc="How old a call may be for a sample of it."),
         "text": Field(TEXT, doc=f"The requirement in words; {AGE_LIMIT_SLOT} stands for the "
                                 "duration.")},
        check=_age_limit_rule,
    )),
    "requirements": Field(Record({
        "calling": Field(TEXT), "called": Field(TEXT), "time": Field(TEXT),
        "direction": Field(TEXT),
    }), doc="The other requirements, in this order; they label a sample's fields."),
    "directions": Field(TEXT_LIST, doc="The call directions a sample may have."),
    "notes": Field(Record({
        "landline_preferred": Field(TEXT, doc="Shown beside a sample with a mobile number."),
        "withheld": Field(TEXT, doc="Shown beside a sample from a withheld number."),
    })),
})
RESPONSIBILITIES = Record({
    "intro": Field(TEXT),
    "items": Field(ListOf(Record({"title": Field(TEXT), "text": Field(TEXT)}))),
})

POLICY_FILE = Record(
    {
        "updated": UPDATED,
        "overview": Field(Record({
            "summary": Field(TEXT), "applies_to": Field(TEXT_LIST), "contact_hint": Field(TEXT),
        })),
        "customer_responsibilities": Field(RESPONSIBILITIES),
        "support_responsibilities": Field(RESPONSIBILITIES),
        "case_handling": Field(Record({
            "paragraphs": Field(TEXT_LIST),
            "acceptance_requests": Field(Integer(1, 10)),
        })),
        "quality_of_service": Field(Record({"paragraphs": Field(TEXT_LIST)})),
        "call_quality": Field(Record({
            "intro": Field(TEXT),
            "questions": Field(ListOf(Record({
                "question": Field(TEXT, doc="Shown word for word."),
                "answer": Field(ANSWER, required=False,
                                doc="The report builder's choices; without it, a text box."),
            }))),
            "call_samples": Field(CALL_SAMPLES),
        })),
    },
    doc="The policy's text.",
)

READINGS_FILE = Record(
    {
        "updated": UPDATED,
        "readings": Field(ListOf(Record(
            {
                "id": Field(identifier("a reading id such as shift-days")),
                "title": Field(TEXT, doc="What the reading is about, as a short heading."),
                "policy_words": Field(ListOf(Quote()),
                                      doc="The policy's own words that the reading reads, each "
                                          "copied exactly from policy-text.txt."),
                "site_reading": Field(TEXT, doc="What the site takes them to mean, in one or "
                                                "two plain sentences."),
                "confirmed": Field(Confirmation(), doc="no, until the policy owner confirms "
                                                       "the reading."),
            },
            defines="reading",
        ), min_items=0)),
    },
    doc="The site's readings of a policy text that is silent or contradicts itself.",
)

# File name -> shape, in the order they are read.
FILES = {"slt.yaml": SLT_FILE, "contacts.yaml": CONTACTS_FILE, "policy.yaml": POLICY_FILE,
         "readings.yaml": READINGS_FILE}

# The policy's own text, which every quotation in readings.yaml is checked against.
POLICY_TEXT = "policy-text.txt"
