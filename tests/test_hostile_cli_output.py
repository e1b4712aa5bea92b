"""Hostile surroundings for the CLI, round three (issue 19, part 4): an output encoding that cannot
carry the answer, standard output closed, full or gone, and a data folder whose name holds a
newline. Only a real process shows these: each case runs ``python -m calculators`` in its own
child process under a memory limit and a timeout.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from hostile import MAX_MESSAGE, MEMORY_LIMIT, ROOT

SECONDS = 30
CLOSED = b"python -m calculators: error: cannot write to standard output: it is closed\n"
FULL = (b"python -m calculators: error: cannot write to standard output: No space left on "
        b"device\n")
NAME = "D\u00efpen \u015ehah \U0001F600"  # latin-1, beyond it, beyond the BMP
ESCALATION = ("escalation", "--tier", "tier1", "--at", "2026-11-27T17:30:00Z")
DEADLINE = ("deadline", "--priority", "S1", "--region", "usa", "--at", "2026-11-27T17:30:00Z")
DIRECTOR = "  1. Tier 1 Director: {name}, Phone +1 209-362-3905, dipen.shah@8x8.com"


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(argv, *, env=None, stdout="pipe") -> subprocess.CompletedProcess:
    """``python -m calculators argv`` with stdout a pipe, "closed" (``>&-``), "full"
    (``>/dev/full``) or "gone" (a pipe whose reader has left, as ``| head -n 0``); or with
    stdout a pipe and "stderr closed" (``2>&-``)."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LC_CTYPE", "LANG")}
    environment.update({"PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", **(env or {})})
    command = [sys.executable, "-m", "calculators", *argv]
    if stdout == "gone":
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, preexec_fn=_limits)
        process.stdout.close()
        err = process.stderr.read()
        return subprocess.CompletedProcess(command, process.wait(timeout=SECONDS), b"", err)

    def prepare():
        _limits()
        if stdout == "closed":
            os.close(1)
        if stdout == "stderr closed":
            os.close(2)

    if stdout == "full":
        with open("/dev/full", "wb") as full:
            return subprocess.run(command, cwd=ROOT, env=environment, stdout=full,
                                  stderr=subprocess.PIPE, timeout=SECONDS, preexec_fn=prepare)
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True,
                          timeout=SECONDS, preexec_fn=prepare)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Data folders: "named", whose Tier 1 Director has NAME; "newline", a copy of data/ whose
    name holds a newline (and an escape); "missing", a name like it that does not exist."""
    base = tmp_path_factory.mktemp("cli-output")
    named = base / "named"
    shutil.copytree(ROOT / "data", named)
    contacts = named / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert "name: Dipen Shah" in text, "the shipped data changed"
    contacts.write_text(text.replace("name: Dipen Shah", f"name: {NAME}", 1), encoding="utf-8")
    newline = base / "da\nta\x1b[2J"
    shutil.copytree(ROOT / "data", newline)
    return {"named": str(named), "newline": str(newline),
            "missing": str(base / "no\ndata\r"), "base": str(base)}


# ------------------------------------------------------------------ encodings


@dataclass(frozen=True)
class Encoded:
    """The Director's line of the escalation answer, or its --json, where stdout is
    ``encoding`` (as ``env`` makes it): the line as ``shown``, the JSON the same as in UTF-8."""

    env: dict
    encoding: str
    shown: str = ""
    json: bool = False
    extra: tuple = field(default=())


ESCAPED = "D\\u00efpen \\u015ehah \\ud83d\\ude00"
ENCODED_CASES = {
    "C locale, no UTF-8 mode": Encoded({"LC_ALL": "C", "PYTHONUTF8": "0"}, "ascii", ESCAPED),
    "POSIX locale, no UTF-8 mode": Encoded({"LC_ALL": "POSIX", "PYTHONUTF8": "0"}, "ascii",
                                           ESCAPED),
    "PYTHONIOENCODING=latin-1": Encoded({"PYTHONIOENCODING": "latin-1"}, "latin-1",
                                        "D\u00efpen \\u015ehah \\ud83d\\ude00"),
    "PYTHONIOENCODING=ascii:strict": Encoded({"PYTHONIOENCODING": "ascii:strict"}, "ascii",
                                             ESCAPED),
    "PYTHONIOENCODING=cp1252": Encoded({"PYTHONIOENCODING": "cp1252"}, "cp1252",
                                       "D\u00efpen \\u015ehah \\ud83d\\ude00"),
    "UTF-8": Encoded({}, "utf-8", NAME),
    "C locale --json": Encoded({"LC_ALL": "C", "PYTHONUTF8": "0"}, "ascii", json=True),
    "PYTHONIOENCODING=latin-1 --json": Encoded({"PYTHONIOENCODING": "latin-1"}, "latin-1",
                                               json=True),
}


@pytest.fixture(scope="module")
def utf8_json(folders):
    done = _run([*ESCALATION, "--json", "--data", folders["named"]])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.decode("utf-8"))


@pytest.mark.parametrize("name", ENCODED_CASES)
def test_the_answer_is_faithful_in_any_encoding(folders, utf8_json, name):
    case = ENCODED_CASES[name]
    done = _run([*ESCALATION, *(["--json"] if case.json else []), "--data", folders["named"]],
                env=case.env)
    assert (done.returncode, done.stderr) == (0, b"")
    out = done.stdout.decode(case.encoding)  # strict: every byte is of that encoding
    if case.json:
        assert json.loads(out) == utf8_json
    else:
        assert DIRECTOR.format(name=case.shown) in out.splitlines()


# ------------------------------------------------------------------ stdout that cannot be written


WRITE_CASES = {
    # name: (argv, stdout, status, stderr)
    "deadline, stdout closed": (DEADLINE, "closed", 2, CLOSED),
    "validate, stdout closed": (("validate",), "closed", 2, CLOSED),
    "escalation --json, stdout closed": ((*ESCALATION, "--json"), "closed", 2, CLOSED),
    "--help, stdout closed": (("deadline", "--help"), "closed", 2, CLOSED),
    "deadline, stdout full": (DEADLINE, "full", 2, FULL),
    "deadline of 100 updates, stdout full": ((*DEADLINE, "--updates", "100"), "full", 2, FULL),
    "validate, stdout full": (("validate",), "full", 2, FULL),
    "escalation --json, stdout full": ((*ESCALATION, "--json"), "full", 2, FULL),
    "--help, stdout full": (("--help",), "full", 2, FULL),
    # A reader that leaves early is no error worth a word.
    "deadline, the reader gone": (DEADLINE, "gone", 1, b""),
    "deadline of 100 updates, the reader gone": ((*DEADLINE, "--updates", "100"), "gone", 1,
                                                 b""),
    "validate, the reader gone": (("validate",), "gone", 1, b""),
    # An error goes to stderr, which works: stdout's state does not change it.
    "an unknown priority, stdout closed": (
        ("deadline", "--priority", "S9", "--region", "usa"), "closed", 2,
        b"python -m calculators deadline: error: unknown priority 'S9'; choose one of: S1, S2, "
        b"S3\n"),
}


@pytest.mark.parametrize("name", WRITE_CASES)
def test_a_failure_to_write_is_one_line_and_an_error(name):
    argv, stdout, status, err = WRITE_CASES[name]
    done = _run(argv, stdout=stdout)
    assert (done.returncode, done.stderr) == (status, err)


# ------------------------------------------------------------------ paths with controls


def _lines(done: subprocess.CompletedProcess) -> list[str]:
    lines = done.stdout.decode("utf-8").splitlines() + done.stderr.decode("utf-8").splitlines()
    for line in lines:
        assert line.isprintable(), line
        assert len(line) <= MAX_MESSAGE + 200, line[:100]
    return lines


def test_a_valid_folder_named_with_a_newline_is_one_line(folders):
    done = _run(["validate", "--data", folders["newline"]])
    lines = _lines(done)
    warnings = [line for line in lines if ": warning: " in line]
    shown = folders["base"] + "/da\\u000ata\\u001b[2J/"
    assert done.returncode == 0
    assert lines == [*warnings, f"{shown} is valid: 3 priorities, 3 support regions, 3 tiers; "
                                f"{len(warnings)} warnings above"]
    assert all(line.startswith(shown) for line in warnings)


def test_a_folder_named_with_a_newline_refused_for_its_warnings_is_one_line(folders):
    done = _run(["validate", "--strict-warnings", "--data", folders["newline"]])
    lines = _lines(done)
    warnings = [line for line in lines if ": warning: " in line]
    assert done.returncode == 1
    assert lines[-1] == (folders["base"] + f"/da\\u000ata\\u001b[2J/ is refused: {len(warnings)} "
                         "warnings and --strict-warnings")


@pytest.mark.parametrize("argv, status", [
    (("validate",), 1),
    (DEADLINE, 2),
    (ESCALATION, 2),
])
def test_a_missing_folder_named_with_a_newline_is_escaped_everywhere(folders, argv, status):
    done = _run([*argv, "--data", folders["missing"]])
    lines = _lines(done)
    assert done.returncode == status
    assert lines and all(folders["base"] + "/no\\u000adata\\u000d/" in line for line in lines)
    if status == 2:
        assert len(lines) == 1


def test_a_deadline_from_a_folder_named_with_a_newline(folders):
    done = _run([*DEADLINE, "--data", folders["newline"]])
    assert (done.returncode, done.stderr) == (0, b"")
    assert _lines(done)[0].startswith("S1 (Production down) in the USA support region")


@pytest.mark.parametrize("argv", [
    ("deadline", "--bad"),
    ("deadline", "--priority", "S9", "--region", "usa"),
    ("deadline", "--priority", "S1", "--region", "usa", "--data", "/nowhere"),
])
def test_an_error_with_stderr_closed_never_goes_to_stdout(argv):
    done = _run(argv, stdout="stderr closed")
    assert (done.returncode, done.stdout) == (2, b"")
