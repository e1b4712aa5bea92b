"""Response deadlines and on-duty escalation contacts of the support policy.

Standard library only (zoneinfo; the tzdata wheel where there is no tz database), so the same
code runs on the command line, at site build time and in the browser under Pyodide. It works on
the validated model (:mod:`calculators.model`); reading the YAML is ``policydata``'s job.
"""

from .clocks import advance, advance_each, counted_time
from .deadlines import Deadlines, deadlines
from .errors import CalculatorError, HolidaysUnknown, TimeInputError
from .escalation import EscalationAnswer, NextShift, OnDuty, OpenStatus, escalation, open_status
from .instants import local_instant, parse_instant, utc_iso, zone
from .json_answers import deadline_json, escalation_json, open_now_json
from .model import Clock, Policy, UnknownChoice
from .policy_json import PolicyJSONError, from_json, to_json
from .windows import clock_windows, weekly_windows

__all__ = [
    "CalculatorError", "Clock", "Deadlines", "EscalationAnswer", "HolidaysUnknown", "NextShift",
    "OnDuty", "OpenStatus", "Policy", "PolicyJSONError", "TimeInputError", "UnknownChoice",
    "advance", "advance_each", "clock_windows", "counted_time", "deadline_json", "deadlines",
    "escalation", "escalation_json", "from_json", "local_instant", "open_status",
    "open_now_json", "parse_instant", "to_json", "utc_iso", "weekly_windows", "zone",
]
