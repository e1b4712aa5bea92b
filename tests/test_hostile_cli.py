"""Hostile arguments, round two (issue 11): the CLI's and the browser Answerer's answers at the
edges of datetime, to huge counts, and to arguments that carry terminal escapes.

The table cases run in one child process (tests/hostile.py), each under a 10 s alarm, the
process under a memory limit. What only a real process shows (a closed pipe, bytes that are not
UTF-8 in a path, the escapes that reach a terminal, make) runs in subprocesses below.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache

import pytest

from hostile import MAX_MESSAGE, ROOT, cli, run_cases

DEADLINE = "python -m calculators deadline: error: "
ESCALATION = "python -m calculators escalation: error: "
BEYOND = ("the answer falls outside the years 1 to 9999, which is as far as dates can be "
          "computed; ask about a time well inside them")
UPDATES = "is not a whole number from 0 to 100 (see --help)"


@dataclass(frozen=True)
class Cli:
    """``argv`` gives ``status``, exactly ``err`` on stderr and, when given, ``first`` as the
    first line of stdout."""

    argv: tuple[str, ...]
    status: int
    err: str = ""
    first: str | None = None

    def __call__(self, folder):
        status, out, err = cli(list(self.argv))
        first = (out[0] if out else "") if self.first is not None else None
        expected = (self.status, self.first, self.err + "\n" if self.err else "",
                    self.first is not None)
        return expected, (status, first, err, bool(out))


def _deadline(at: str, *more: str, priority: str = "S1", region: str = "usa") -> tuple[str, ...]:
    return ("deadline", "--priority", priority, "--region", region, "--at", at, *more)


def _escalation(at: str, *more: str, tier: str = "tier1") -> tuple[str, ...]:
    return ("escalation", "--tier", tier, "--at", at, *more)


def _bad_deadline(*argv: str, message: str) -> Cli:
    return Cli(argv, 2, DEADLINE + message)


LONG = "9" * 5000
LONG_SHOWN = f"'{'9' * 40}'...'{'9' * 15}' (5,000 characters)"

CLI_CASES = {
    # --- instants at the edges of datetime
    "at year 1 at +14:00 (year 0 in UTC)": Cli(
        _deadline("0001-01-01T00:00:00+14:00"), 2,
        DEADLINE + "'0001-01-01T00:00:00+14:00' is outside the years 1 to 9999 in UTC, which is "
                   "as far as dates can be computed"),
    "at the last second of 9999 at -14:00": Cli(
        _deadline("9999-12-31T23:59:59-14:00"), 2,
        DEADLINE + "'9999-12-31T23:59:59-14:00' is outside the years 1 to 9999 in UTC, which is "
                   "as far as dates can be computed"),
    "local year 1 in Tokyo (LMT +09:18:59)": Cli(
        _deadline("0001-01-01T00:00", "--tz", "Asia/Tokyo"), 2,
        DEADLINE + "'0001-01-01T00:00' is outside the years 1 to 9999 in UTC, which is as far "
                   "as dates can be computed"),
    "local end of 9999 in Pago Pago": Cli(
        _deadline("9999-12-31T23:59", "--tz", "Pacific/Pago_Pago"), 2,
        DEADLINE + "'9999-12-31T23:59' is outside the years 1 to 9999 in UTC, which is as far "
                   "as dates can be computed"),
    "S1 at 9999-12-31T23:59:59Z": Cli(_deadline("9999-12-31T23:59:59Z"), 2, DEADLINE + BEYOND),
    "S2 at 9999-12-31T23:59:59Z": Cli(_deadline("9999-12-31T23:59:59Z", priority="S2"), 2,
                                      DEADLINE + BEYOND),
    "S3 in Europe at 9999-12-31T23:59:59Z": Cli(
        _deadline("9999-12-31T23:59:59Z", priority="S3", region="europe"), 2, DEADLINE + BEYOND),
    "S1 updates past 9999": Cli(_deadline("9999-12-31T12:00:00Z"), 2, DEADLINE + BEYOND),
    "S1 at 9999-12-31T09:59Z: all within 9999": Cli(
        _deadline("9999-12-31T09:59:00Z"), 0,
        first="S1 (Production down) in the USA support region, reported Fri 31 Dec 9999, 01:59 PST (Fri 31 Dec 9999, 09:59 UTC)"),
    # London's zone in year 1 is its local mean time, 1 min 15 s behind UTC: year 0.
    "S1 at year 1 in Europe": Cli(_deadline("0001-01-01T00:00:00Z", region="europe"), 2,
                                  DEADLINE + BEYOND),
    "S1 at year 1 in APAC --json": Cli(
        _deadline("0001-01-01T00:00:00Z", "--json", region="apac"), 0, first="{"),
    "S1 --json at 9999-12-31T23:59:59Z": Cli(_deadline("9999-12-31T23:59:59Z", "--json"), 2,
                                             DEADLINE + BEYOND),
    "escalation at 9999-12-31T23:59:59Z": Cli(_escalation("9999-12-31T23:59:59Z"), 2,
                                              ESCALATION + BEYOND),
    "escalation at 0001-01-01T00:00:00Z": Cli(_escalation("0001-01-01T00:00:00Z"), 2,
                                              ESCALATION + BEYOND),
    "tier 2 escalation at year 1": Cli(_escalation("0001-01-01T00:00:00Z", tier="tier2"), 2,
                                       ESCALATION + BEYOND),
    "escalation --json at 9999-12-31T23:59:59Z": Cli(
        _escalation("9999-12-31T23:59:59Z", "--json"), 2, ESCALATION + BEYOND),
    "year 10000": _bad_deadline(
        *_deadline("10000-01-01T00:00:00Z"),
        message="'10000-01-01T00:00:00Z' is not an ISO-8601 date and time such as "
                "2026-11-27T17:30:00Z, or 2026-11-27T09:30 together with a time zone"),
    "year 0": _bad_deadline(
        *_deadline("0000-01-01T00:00:00Z"),
        message="'0000-01-01T00:00:00Z' is not an ISO-8601 date and time such as "
                "2026-11-27T17:30:00Z, or 2026-11-27T09:30 together with a time zone"),
    # --- the number of updates
    "--updates 10000000": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", "--updates", "10000000"),
        message=f"argument --updates: '10000000' {UPDATES}"),
    "--updates 101": _bad_deadline(*_deadline("2026-11-27T17:30:00Z", "--updates", "101"),
                                   message=f"argument --updates: '101' {UPDATES}"),
    "--updates 1000000000 from 9990": _bad_deadline(
        *_deadline("9990-01-01T00:00:00Z", "--updates", "1000000000"),
        message=f"argument --updates: '1000000000' {UPDATES}"),
    "--updates 100 running past 9999": Cli(
        _deadline("9999-12-25T00:00:00Z", "--updates", "100"), 2, DEADLINE + BEYOND),
    "--updates 100": Cli(
        _deadline("2026-11-27T17:30:00Z", "--updates", "100"), 0,
        first="S1 (Production down) in the USA support region, reported Fri 27 Nov 2026, 09:30 PST (Fri 27 Nov 2026, 17:30 UTC)"),
    "--updates 0": Cli(
        _deadline("2026-11-27T17:30:00Z", "--updates", "0"), 0,
        first="S1 (Production down) in the USA support region, reported Fri 27 Nov 2026, 09:30 PST (Fri 27 Nov 2026, 17:30 UTC)"),
    "--updates empty": _bad_deadline(*_deadline("2026-11-27T17:30:00Z", "--updates", ""),
                                     message=f"argument --updates: '' {UPDATES}"),
    "--updates Arabic-Indic 3": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", "--updates", "\u0663"),
        message=f"argument --updates: '\u0663' {UPDATES}"),
    "--updates 1_0": _bad_deadline(*_deadline("2026-11-27T17:30:00Z", "--updates", "1_0"),
                                   message=f"argument --updates: '1_0' {UPDATES}"),
    "--updates with a space": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", "--updates", " 5"),
        message=f"argument --updates: ' 5' {UPDATES}"),
    "--updates of 5,000 digits": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", "--updates", LONG),
        message=f"argument --updates: {LONG_SHOWN} {UPDATES}"),
    # --- terminal escapes and invisible characters in arguments
    "priority clears the screen": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", priority="S\x1b[2J"),
        message="unknown priority 'S\\x1b[2J'; choose one of: S1, S2, S3"),
    "priority sets the window title": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", priority="\x1b]0;pwned\x07"),
        message="unknown priority '\\x1b]0;pwned\\x07'; choose one of: S1, S2, S3"),
    "priority with a C1 CSI": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", priority="S\x9b2J"),
        message="unknown priority 'S\\x9b2J'; choose one of: S1, S2, S3"),
    "priority with a lone surrogate (bytes not UTF-8)": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", priority="S\udcff"),
        message="unknown priority 'S\\udcff'; choose one of: S1, S2, S3"),
    "region with a right-to-left override": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", region="us\u202ea"),
        message="unknown support region 'us\\u202ea'; choose one of: usa, europe, apac"),
    "tier with a bell": Cli(_escalation("2026-11-27T17:30:00Z", tier="tier1\x07"), 2,
                            ESCALATION + "unknown tier 'tier1\\x07'; choose one of: tier1, tier2, "
                                         "tier2-partner"),
    "zone with an escape": _bad_deadline(
        *_deadline("2026-11-27T09:30", "--tz", "Europe/\x1b[2JLondon"),
        message="unknown time zone 'Europe/\\x1b[2JLondon': give an IANA name such as "
                "Europe/London; did you mean Europe/London, Europe/Monaco, Europe/Lisbon?"),
    "at with an escape": _bad_deadline(
        *_deadline("2026-11-27\x1b[2J"),
        message="'2026-11-27\\x1b[2J' is not an ISO-8601 date and time such as "
                "2026-11-27T17:30:00Z, or 2026-11-27T09:30 together with a time zone"),
    "an unknown argument that clears the screen": Cli(
        ("validate", "\x1b[2J"), 2,
        "python -m calculators: error: unrecognized arguments: \\u001b[2J (see --help)"),
    "an unknown argument that is a newline": Cli(
        ("validate", "\n"), 2,
        "python -m calculators: error: unrecognized arguments: \\u000a (see --help)"),
    "priority with a newline": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", priority="S1\nS2"),
        message="unknown priority 'S1\\nS2'; choose one of: S1, S2, S3"),
    "fold with an escape": _bad_deadline(
        *_deadline("2026-11-27T09:30", "--tz", "Europe/London", "--fold", "\x1b"),
        message="argument --fold: invalid int value: '\\x1b' (see --help)"),
    "a data folder named with escapes": Cli(
        ("deadline", "--data", "no\x1b[2Jdata", "--priority", "S1", "--region", "usa"), 2,
        DEADLINE + "no\\u001b[2Jdata/ has 5 problems, the first: "
                   "no\\u001b[2Jdata/contacts.yaml:1:1: file not found; it is part of the policy "
                   "data and must exist; run: python -m calculators validate --data "
                   "no\\u001b[2Jdata"),
    "validate a data folder named with escapes": Cli(
        ("validate", "--data", "\x1b]0;x\x07"), 1, "",
        first="\\u001b]0;x\\u0007/contacts.yaml:1:1: file not found; it is part of the policy "
              "data and must exist"),
    # --- length
    "priority of 5,000 characters": _bad_deadline(
        *_deadline("2026-11-27T17:30:00Z", priority=LONG),
        message=f"argument --priority: {LONG_SHOWN} is longer than any id of the policy "
                "(see --help)"),
    "tier of 5,000 characters": Cli(
        _escalation("2026-11-27T17:30:00Z", tier=LONG), 2,
        ESCALATION + f"argument --tier: {LONG_SHOWN} is longer than any id of the policy "
                     "(see --help)"),
    "zone of 5,000 characters": _bad_deadline(
        *_deadline("2026-11-27T09:30", "--tz", LONG),
        message=f"unknown time zone {LONG_SHOWN}: give an IANA name such as Europe/London"),
    "at of 5,000 characters": _bad_deadline(
        *_deadline(LONG),
        message=f"{LONG_SHOWN} is not an ISO-8601 date and time such as 2026-11-27T17:30:00Z, "
                "or 2026-11-27T09:30 together with a time zone"),
    "zone that is a path": _bad_deadline(
        *_deadline("2026-11-27T09:30", "--tz", "../../../etc/passwd"),
        message="unknown time zone '../../../etc/passwd': give an IANA name such as "
                "Europe/London"),
    "zone that is an absolute path": _bad_deadline(
        *_deadline("2026-11-27T09:30", "--tz", "/etc/localtime"),
        message="unknown time zone '/etc/localtime': give an IANA name such as Europe/London; "
                "did you mean localtime?"),
}


@cache
def _answerer():
    from calculators.browser import Answerer
    from calculators.policy_json import to_json
    from policydata import load_policy

    return Answerer(json.dumps(to_json(load_policy(ROOT / "data"))))


FOLD_QUESTION = (
    "01:30 on 2026-10-25 happens twice in Europe/London: the clocks go back. Choose under "
    "“Clock change” whether you mean the first, before the change (UTC+01:00, which is 00:30 "
    "UTC), or the second, after it (UTC+00:00, which is 01:30 UTC).")


@dataclass(frozen=True)
class Ask:
    """The Answerer, asked ``request``, marks ``field`` with ``message``."""

    request: object
    field: str
    message: str

    def __call__(self, folder):
        answer = json.loads(_answerer().answer(json.dumps(self.request)))
        first = answer["errors"][0] if answer.get("errors") else answer
        return ({"field": self.field, "message": self.message},
                {key: first.get(key) for key in ("field", "message")})


def _ask_deadline(at: str, **more) -> dict:
    return {"kind": "deadline", "priority": "S1", "region": "usa", "tz": "UTC", "at": at, **more}


ANSWERER_CASES = {
    "widget: S1 at 9999-12-31T23:59:59Z": Ask(_ask_deadline("9999-12-31T23:59:59Z"), "at", BEYOND),
    "widget: year 1 at +14:00": Ask(
        _ask_deadline("0001-01-01T00:00:00+14:00"), "at",
        "The time “0001-01-01T00:00:00+14:00” is not a date and time this calculator can read. "
        "Give the date and time in the form."),
    "widget: local year 1 in Tokyo": Ask(
        _ask_deadline("0001-01-01T00:00", tz="Asia/Tokyo"), "at", BEYOND),
    "widget: nearest region at the end of 9999": Ask(
        _ask_deadline("9999-12-31T23:00:00Z", region=""), "at", BEYOND),
    "widget: escalation at 9999-12-31T23:59:59Z": Ask(
        {"kind": "escalation", "tier": "tier1", "tz": "UTC", "at": "9999-12-31T23:59:59Z"}, "at",
        BEYOND),
    "widget: escalation at year 1": Ask(
        {"kind": "escalation", "tier": "tier1", "tz": "UTC", "at": "0001-01-01T00:00:00Z"}, "at",
        BEYOND),
    "widget: open now at 9999-12-31T23:59:59Z": Ask(
        {"kind": "open_now", "at": "9999-12-31T23:59:59Z"}, "at", BEYOND),
    "widget: a request that is a list": Ask(
        [1, 2], "general", "This page sent the calculator a request it cannot read. Reload the "
                           "page."),
    "widget: at as a list": Ask(
        _ask_deadline(["2026"]), "at", "The time “['2026']” is not a date and time this "
                                       "calculator can read. Give the date and time in the form."),
    "widget: tz as an object": Ask(
        _ask_deadline("2026-11-27T17:30:00Z", tz={"a": 1}), "tz",
        "“{'a': 1}” is not a time zone known here. Type a city or a zone name, such as London or "
        "Europe/London, and pick one of the suggestions."),
    "widget: priority as a number": Ask(_ask_deadline("2026-11-27T17:30:00Z", priority=1),
                                        "priority", "There is no priority “1”. Choose S1, S2 or S3."),
    # A fold that is not 0 or 1 is no choice: the reader is asked to make one.
    "widget: fold as text": Ask(
        {"kind": "deadline", "priority": "S1", "region": "usa", "tz": "Europe/London",
         "local": "2026-10-25T01:30", "fold": "1"}, "at", FOLD_QUESTION),
    "widget: fold 2": Ask(
        {"kind": "deadline", "priority": "S1", "region": "usa", "tz": "Europe/London",
         "local": "2026-10-25T01:30", "fold": 2}, "at", FOLD_QUESTION),
    "widget: tz of 5,000 characters": Ask(
        _ask_deadline("2026-11-27T17:30:00Z", tz="x" * 5000), "tz",
        f"“{'x' * 39}…” is not a time zone known here. Type a city or a zone name, such as London "
        "or Europe/London, and pick one of the suggestions."),
    "widget: kind with an escape": Ask(
        {"kind": "\x1b[2J"}, "general",
        "This page asked the calculator something it does not know (“‹U+001B›[2J”). Reload the "
        "page."),
}

CASES = {**CLI_CASES, **ANSWERER_CASES}


@pytest.fixture(scope="module")
def outcomes():
    return run_cases(__name__, CASES)


@pytest.mark.parametrize("name", CASES)
def test_hostile_arguments_get_their_exact_answer(outcomes, name):
    outcome = outcomes[name]
    assert outcome["error"] is None, outcome["error"]
    assert outcome["actual"] == outcome["expected"]
    text = json.dumps(outcome["actual"], ensure_ascii=False)
    assert "Traceback" not in text and "\x1b" not in text
    if isinstance(outcome["actual"], list):  # a command: status, first line, stderr, stdout
        assert all(len(line) <= MAX_MESSAGE for line in outcome["actual"][2].splitlines())


def _run(argv: list, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *argv], cwd=ROOT,
                          capture_output=True, timeout=60, **options)


def test_no_escape_reaches_the_terminal():
    done = _run(["deadline", "--priority", "\x1b]0;pwned\x07\x1b[2J", "--region", "usa"])
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == (b"python -m calculators deadline: error: unknown priority "
                           b"'\\x1b]0;pwned\\x07\\x1b[2J'; choose one of: S1, S2, S3\n")


def test_a_folder_name_that_is_not_utf8(tmp_path):
    folder = os.fsencode(tmp_path) + b"/caf\xe9"
    os.makedirs(folder)
    done = _run([b"validate", b"--data", folder],
                env={**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"})
    shown = f"{tmp_path}/caf\\udce9"
    assert (done.returncode, done.stderr) == (1, b"")
    assert done.stdout.decode("utf-8").splitlines() == [
        f"{shown}/{name}:1:1: file not found; it is part of the policy data and must exist"
        for name in ("contacts.yaml", "policy-text.txt", "policy.yaml", "readings.yaml",
                     "slt.yaml")]


def test_a_reader_that_leaves_early_gets_no_traceback():
    # The reader closes the pipe before anything is written, as `| head -n 0` would.
    process = subprocess.Popen(
        [sys.executable, "-m", "calculators", *_deadline("2026-11-27T17:30:00Z", "--updates",
                                                         "100")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    err = process.stderr.read()
    assert (process.wait(timeout=60), err) == (1, b"")


def test_help_states_the_most_updates():
    done = _run(["deadline", "--help"], text=True)
    assert "how many update deadlines, 0 to 100 (default: 3)" in " ".join(done.stdout.split())


@pytest.mark.parametrize("folder, status, first", [
    ("bad", 2, "{bad}/slt.yaml:42:41: 'weekdays' is not a clock, one of: 24x7, business_hours, "
               "business_days"),
    (None, 0, "data/ is valid: 3 priorities, 3 support regions, 3 tiers"),
])
def test_make_validate_checks_the_folder_policy_data_names(tmp_path, folder, status, first):
    env = {key: value for key, value in os.environ.items() if key != "POLICY_DATA"}
    if folder:
        bad = tmp_path / folder
        shutil.copytree(ROOT / "data", bad)
        slt = bad / "slt.yaml"
        slt.write_text(slt.read_text().replace("clock: business_days,", "clock: weekdays,", 1))
        env["POLICY_DATA"] = str(bad)
        first = first.format(bad=bad)
    # -o: the shared virtual environment is set up already; make must not try to rebuild it.
    done = subprocess.run(["make", "--no-print-directory", "-s", "-o", ".venv/.installed",
                           "validate"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=env)
    # The first line that is not a warning about valid data (tests/test_warnings.py).
    said = [line for line in done.stdout.splitlines() if ": warning: " not in line]
    assert (done.returncode, said[0].split("; ")[0]) == (status, first)
