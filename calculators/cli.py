"""``python -m calculators validate | deadline | escalation``: a stable contract for staff and
scripts. Errors are one line on stderr with exit status 2 (``validate`` with bad data: every
problem on stdout, exit status 1). Standard output that cannot be written (closed, a full disk)
is such an error too; a reader that leaves early (``| head -n 1``) ends it quietly, status 1.

Everything written goes through ``terminal_safe``: what it quotes (arguments, paths, data) can
hold no control character that would reach the terminal. A character the output's encoding
cannot carry (``LC_ALL=C``, ``PYTHONIOENCODING=latin-1``) is written as its JSON escape,
``\\u00e9`` (two escapes, a UTF-16 pair, above U+FFFF): in ``--json`` output that is the same
character to any JSON reader; in text it is the notation ``terminal_safe`` uses.
"""

from __future__ import annotations

import argparse
import codecs
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
    def _print_message(self, message: str, file=None) -> None:
        # Help and usage, for stdout (None: stdout is closed). argparse ignores a failure to
        # write (--help on a full disk would exit 0, saying nothing); here it is an error like
        # any other write to stdout.
        if message:
            _say(message, end="")

    def exit(self, status: int = 0, message: str | None = None):
        if message:
            _say(message, err=True, end="")
        sys.exit(status)

    def error(self, message: str):
        # One line instead of argparse's usage block, like every other error of the CLI.
        self.exit(2, terminal_safe(f"{self.prog}: error: {message} (see --help)", lines=False)
                  + "\n")


class _Failure(Exception):
    """An error already worded for the user."""


class _WriteFailed(Exception):
    """Standard output cannot be written: the reason, in the system's words."""


PROG = "python -m calculators"
# The error handler for characters the output's encoding cannot carry (see the docstring).
ESCAPE_UNENCODABLE = "calculators-json-escape"


def _json_escapes(error: UnicodeError):
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escapes = []
    for char in error.object[error.start:error.end]:
        code = ord(char)
        if code > 0xFFFF:  # as JSON writes it: a UTF-16 surrogate pair
            code -= 0x10000
            escapes.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escapes.append(f"\\u{code:04x}")
    return "".join(escapes), error.end


codecs.register_error(ESCAPE_UNENCODABLE, _json_escapes)


def main(argv: list[str] | None = None) -> int:
    restore = _escaping_unencodable()
    try:
        try:
            status = _main(argv)
        except SystemExit:  # argparse's --help and errors: what they wrote must reach stdout too
            _flush()
            raise
        _flush()
        return status
    except BrokenPipeError:
        # The reader left early (`| head -n 1`): stop quietly. Output still buffered would
        # fail again when Python flushes it at exit, so it goes to /dev/null instead.
        _drop_stdout()
        return 1
    except _WriteFailed as failed:
        _drop_stdout()
        _say(f"{PROG}: error: cannot write to standard output: {failed}", err=True,
             lines=False)
        return 2
    finally:
        restore()


def _escaping_unencodable():
    """Make stdout and stderr write what their encoding cannot carry as JSON escapes; returns
    the function that puts them back (main may run inside another program, such as pytest)."""
    changed = []
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or getattr(stream, "errors", None) is None:
            continue
        try:
            before = stream.errors
            reconfigure(errors=ESCAPE_UNENCODABLE)
        except (OSError, ValueError):
            continue
        changed.append((stream, before))

    def restore() -> None:
        for stream, before in changed:
            try:
                stream.reconfigure(errors=before)
            except (OSError, ValueError):
                pass

    return restore


def _flush() -> None:
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _WriteFailed(_reason(error)) from None


def _drop_stdout() -> None:
    """Send what is still buffered for stdout to /dev/null, so that Python's own flush at exit
    does not fail on it again (with a traceback-like "Exception ignored")."""
    if sys.stdout is None:
        return
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a file (a StringIO in tests)
        pass


def _reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (_Failure, CalculatorError, UnknownChoice) as error:
        # UnknownChoice is a LookupError, whose str() would add quotes.
        message = error.args[0] if error.args else str(error)
    except OverflowError:  # a deadline, shift or local time past 9999-12-31 or before year 1
        message = OUT_OF_RANGE
    _say(f"{PROG} {args.command}: error: {message}", err=True, lines=False)
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG,
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
    validate.add_argument("--format", choices=("plain", "github"), default="plain",
                          help="github: each problem as a GitHub Actions workflow command, shown "
                               "on its line in a pull request (default: plain)")
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
    from policydata.workflow_commands import workflow_command

    shown = workflow_command if args.format == "github" else str
    try:
        policy, warnings = load_with_warnings(args.data)
    except DataError as error:
        for problem in error.problems:
            _say(shown(problem), lines=False)
        return 1
    for warning in warnings:
        _say(shown(warning), lines=False)
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


def _say(text: str, *, err: bool = False, lines: bool = True, end: str = "\n") -> None:
    """Write ``text`` on stdout, or (``err``) on stderr: a failure to write stdout is
    _WriteFailed (BrokenPipeError when the reader left); one to write stderr is ignored, since
    there is nowhere left to say it."""
    out = sys.stderr if err else sys.stdout
    if out is None:  # started with the stream closed (`>&-`): Python then sets it to None
        if not err:
            raise _WriteFailed("it is closed")
        return
    try:
        print(terminal_safe(text, lines=lines), file=out, end=end)
    except BrokenPipeError:
        if not err:
            raise
    except OSError as error:
        if not err:
            raise _WriteFailed(_reason(error)) from None


def _shown(data_dir: str) -> str:
    """The data folder as every line shows it: controls (a newline too) escaped."""
    return terminal_safe(data_dir.rstrip("/") + "/", lines=False)
