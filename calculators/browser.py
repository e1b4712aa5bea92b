"""The calculators as the browser widgets ask them: JSON text in, JSON text out.

The worker (webruntime/static/worker.mjs) builds one ``Answerer`` from the site's policy.json
and passes each widget request through ``answer``. Answers are the same dicts as the CLI's
``--json`` (``json_answers``); a request that cannot be answered gets
``{"error": {"field": ..., "message": ...}}``, the field naming the form input to mark.

Requests: ``{"kind": "deadline", "priority", "region", "tz", "at" | "local"}`` (region "" picks
the support region nearest to ``tz``), ``{"kind": "escalation", "tier", "tz", "at" | "local"}``,
``{"kind": "open_now", "at"}``, ``{"kind": "coverage", "view": "support" | tier id, "tz", "at",
"week"}`` (the week chart of ``coverage_chart``; ``week`` a date in it, default the week of
``at``, which also places the "now" marker). ``at`` is ISO-8601 with an offset or Z; ``local`` a wall time
read in ``tz`` (``fold`` 0 or 1 may choose the reading of an ambiguous or skipped one).
``{"kind": "call_report", "tz", "at", "answers", "samples"}`` is answered by ``call_report``.
"""

from __future__ import annotations

import datetime as dt
import json

from .call_report import call_report
from .deadlines import DEFAULT_UPDATES
from .coverage_chart import week_chart
from .errors import CalculatorError, HolidaysUnknown
from .instants import known_zones, parse_instant, zone
from .json_answers import deadline_json, escalation_json, open_now_json
from .model import Policy, SupportRegion, UnknownChoice
from .policy_json import from_json


class _FieldError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


class Answerer:
    def __init__(self, policy_json: str) -> None:
        self.policy = from_json(json.loads(policy_json))

    def answer(self, request_json: str) -> str:
        return json.dumps(self.answer_dict(json.loads(request_json)), ensure_ascii=False)

    def answer_dict(self, request: dict) -> dict:
        try:
            return self._answer(request)
        except _FieldError as error:
            return {"error": {"field": error.field, "message": error.message}}

    def _answer(self, request: dict) -> dict:
        kind = request.get("kind")
        if kind == "deadline":
            priority = _checked("priority", request, self.policy.service_levels.for_priority)
            at = _instant(request)
            region = request.get("region") or nearest_region(self.policy, _zone(request), at).id
            _checked("region", request | {"region": region}, self.policy.support_region)
            return _computed(deadline_json, self.policy, priority.priority.id, at, region,
                             DEFAULT_UPDATES)
        if kind == "escalation":
            tier = _checked("tier", request, self.policy.tier)
            return _computed(escalation_json, self.policy, tier.id, _instant(request))
        if kind == "open_now":
            return _computed(open_now_json, self.policy, _instant(request))
        if kind == "coverage":
            return self._coverage(request)
        if kind == "call_report":
            return call_report(self.policy.texts.call_quality, request, tz=_zone(request),
                               now=_instant(request))
        raise _FieldError("general", f"unknown request kind {kind!r}; "
                                     "ask for deadline, escalation or open_now")


    def _coverage(self, request: dict) -> dict:
        view = str(request.get("view") or "")
        if view != "support":
            _checked("view", {"view": view}, self.policy.tier)
        tz = _zone(request)
        at = _instant(request)
        try:
            week = dt.date.fromisoformat(str(request.get("week") or ""))
        except ValueError:
            week = at.astimezone(zone(tz)).date()
        try:
            return week_chart(self.policy, view, tz, week, at)
        except HolidaysUnknown as error:
            raise _FieldError("week", str(error)) from None


# Strong references keep zoneinfo's cache holding every zone (it only keeps a few otherwise).
_PRELOADED: dict[str, object] = {}


def preload_zones() -> None:
    """Load every zone now, for a memory snapshot: a restored interpreter then answers for any
    zone without the tz database's files, which a snapshot does not carry."""
    for name in known_zones():
        _PRELOADED[name] = zone(name)


def warm_up(policy_json: str) -> None:
    """Answer every kind of request once, for a memory snapshot: the first answer a reader
    asks for then runs code the interpreter has already specialised."""
    answerer = Answerer(policy_json)
    at = "2026-01-05T12:00:00Z"
    for priority in answerer.policy.service_levels.priorities:
        for region in answerer.policy.support_regions:
            answerer.answer(json.dumps({"kind": "deadline", "priority": priority.id,
                                        "region": region.id, "at": at, "tz": region.zone}))
    for tier in answerer.policy.escalation.tiers:
        answerer.answer(json.dumps({"kind": "escalation", "tier": tier.id, "at": at}))
    answerer.answer(json.dumps({"kind": "open_now", "at": at}))
    answerer.answer(json.dumps({"kind": "deadline", "priority": "S1", "region": "",
                                "local": "2026-01-05T12:00", "tz": "Europe/Paris"}))


def nearest_region(policy: Policy, zone_name: str, at: dt.datetime) -> SupportRegion:
    """The support region whose UTC offset at ``at`` is closest to ``zone_name``'s (the first
    such in the policy's order on a tie)."""
    offset = at.astimezone(zone(zone_name)).utcoffset()
    return min(policy.support_regions,
               key=lambda region: abs(at.astimezone(zone(region.zone)).utcoffset() - offset))


def _checked(field: str, request: dict, lookup):
    try:
        return lookup(str(request.get(field) or ""))
    except UnknownChoice as error:
        raise _FieldError(field, error.args[0]) from None


def _zone(request: dict) -> str:
    name = request.get("tz") or "UTC"
    try:
        zone(name)
    except CalculatorError as error:
        raise _FieldError("tz", str(error)) from None
    return name


def _instant(request: dict) -> dt.datetime:
    if request.get("local"):
        tz = _zone(request)
        text, fold = request["local"], request.get("fold")
    else:
        tz, text, fold = None, request.get("at") or "", None
    try:
        return parse_instant(text, tz, fold)
    except CalculatorError as error:
        raise _FieldError("at", str(error)) from None


def _computed(build, *args) -> dict:
    try:
        return build(*args)
    except HolidaysUnknown as error:
        raise _FieldError("at", str(error)) from None
