"""``python -m calculators validate | deadline | escalation``: a stable contract for staff and
scripts. Errors are one line on stderr with exit status 2 (``validate`` with bad data: every
problem on stdout, exit status 1).

Everything written goes through ``terminal_safe``: what it quotes (arguments, paths, data) can
hold no control character that would reach the terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from .deadlines import DEFAULT_UPDATES, MAX_UPDATES, deadlines
from .errors import CalculatorError
from .escalation import escalation
from .instants import OUT_OF_RANGE, UTC, parse_instant
from .json_answers import deadline_json, escalation_json
from .model import Policy, UnknownChoice
from .quoting import quoted, terminal_safe
from .text_answers import deadline_text, escalation_text

MAX_ID = 100  # characters; as policydata allows for an id


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        # One line instead of argparse's usage block, like every other error of the CLI.
        self.exit(2, terminal_safe(f"{self.prog}: error: {message} (see --help)", lines=False)
                  + "\n")


class _Failure(Exception):
    """An error already worded for the user."""


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader left early (`| head -n 1`): stop quietly. Output still buffered would
        # fail again when Python flushes it at exit, so it goes to /dev/null instead.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (_Failure, CalculatorError, UnknownChoice) as error:
        # UnknownChoice is a LookupError, whose str() would add quotes.
        message = error.args[0] if error.args else str(error)
    except OverflowError:  # a deadline, shift or local time past 9999-12-31 or before year 1
        message = OUT_OF_RANGE
    _say(f"python -m calculators {args.command}: error: {message}", sys.stderr, lines=False)
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m calculators",
                     description="Support-policy deadlines and escalation contacts.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data = _Parser(add_help=False)
    data.add_argument("--data", default="data", metavar="DIR",
                      help="the policy data directory (default: ./data)")
    instant = _Parser(add_help=False)
    instant.add_argument("--at", help="ISO-8601 time with an offset or Z, or a local time "
                         "with --tz (default: now)")
    instant.add_argument("--tz", metavar="ZONE", help="IANA zone of a local --at time")
    instant.add_argument("--fold", type=int, choices=(0, 1),
                         help="which reading of an ambiguous or skipped local time")
    instant.add_argument("--json", action="store_true", help="print JSON instead of text")

    validate = commands.add_parser("validate", parents=[data], help="check the policy data")
    validate.add_argument("--strict-warnings", action="store_true",
                          help="treat warnings (legal but probably unintended data) as errors")
    validate.set_defaults(run=_validate)

    deadline = commands.add_parser("deadline", parents=[data, instant],
                                   help="when the response and the updates are due")
    deadline.add_argument("--priority", required=True, type=_id, help="e.g. S2")
    deadline.add_argument("--region", required=True, type=_id, help="support region id, e.g. usa")
    deadline.add_argument("--updates", type=_count, default=DEFAULT_UPDATES, metavar="N",
                          help=f"how many update deadlines, 0 to {MAX_UPDATES} "
                               f"(default: {DEFAULT_UPDATES})")
    deadline.set_defaults(run=_deadline)

    on_duty = commands.add_parser("escalation", parents=[data, instant],
                                  help="who is on duty, and their contact chain")
    on_duty.add_argument("--tier", required=True, type=_id, help="e.g. tier1")
    on_duty.set_defaults(run=_escalation)
    return parser


def _validate(args) -> int:
    from policydata import DataError, load_with_warnings

    try:
        policy, warnings = load_with_warnings(args.data)
    except DataError as error:
        for problem in error.problems:
            _say(str(problem), lines=False)
        return 1
    for warning in warnings:
        _say(str(warning), lines=False)
    if warnings and args.strict_warnings:
        _say(f"{_shown(args.data)} is refused: {len(warnings)} warnings and --strict-warnings")
        return 1
    _say(f"{_shown(args.data)} is valid: {len(policy.service_levels.priorities)} priorities, "
         f"{len(policy.support_regions)} support regions, {len(policy.escalation.tiers)} tiers"
         + (f"; {len(warnings)} warnings above" if warnings else ""))
    return 0


def _deadline(args) -> int:
    policy, at = _policy(args.data), _instant(args)
    if args.json:
        _print_json(deadline_json(policy, args.priority, at, args.region, args.updates))
    else:
        _say(deadline_text(policy, deadlines(policy, args.priority, at, args.region,
                                              args.updates)))
    return 0


def _escalation(args) -> int:
    policy, at = _policy(args.data), _instant(args)
    if args.json:
        _print_json(escalation_json(policy, args.tier, at))
    else:
        _say(escalation_text(policy, escalation(policy, args.tier, at)))
    return 0


def _policy(data_dir: str) -> Policy:
    # policydata needs PyYAML and python-holidays; importing it here keeps `import calculators`
    # standard-library only.
    from policydata import DataError, load_policy

    try:
        return load_policy(data_dir)
    except DataError as error:
        count = len(error.problems)
        first = error.problems[0] if error.problems else "no details"
        raise _Failure(f"{_shown(data_dir)} has {count} problem{'s' * (count != 1)}, the first: "
                       f"{first}; run: python -m calculators validate --data {data_dir}") from None


def _instant(args) -> dt.datetime:
    if args.at is None:
        if args.tz is not None or args.fold is not None:
            raise _Failure("--tz and --fold describe an --at time; give --at too")
        return dt.datetime.now(UTC)
    return parse_instant(args.at, args.tz, args.fold)


def _id(text: str) -> str:
    # The policy's ids are short; refusing a long one here keeps the error about it short.
    if len(text) > MAX_ID:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is longer than any id of the policy")
    return text


def _count(text: str) -> int:
    # Digits only, and few: int() would take "1_000" or "٣", and refuses thousands of digits.
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else -1
    if not 0 <= value <= MAX_UPDATES:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number from 0 to "
                                         f"{MAX_UPDATES}")
    return value


def _print_json(data: dict) -> None:
    _say(json.dumps(data, indent=2, ensure_ascii=False))


def _say(text: str, stream=None, *, lines: bool = True) -> None:
    print(terminal_safe(text, lines=lines), file=stream or sys.stdout)


def _shown(data_dir: str) -> str:
    return data_dir.rstrip("/") + "/"
