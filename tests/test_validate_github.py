"""`validate --format github` (and `make validate FORMAT=github`): every problem and warning as a
GitHub Actions workflow command, which a pull request shows on the line it names; escaped as
the runner requires; the summary line and the exit status as in the plain format."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from calculators.cli import main
from conftest import DATA, ROOT
from policydata.schema import Problem
from policydata.workflow_commands import workflow_command
from test_make_variables import _make, no_stray_file  # noqa: F401 - no_stray_file is a fixture
from test_validation import CORPUS, data_copy  # noqa: F401 - data_copy is a fixture

ESCAPES = [
    # (problem, its workflow command)
    (Problem("data/slt.yaml", 3, 7, "'x' is not text"),
     "::error file=data/slt.yaml,line=3,col=7::'x' is not text"),
    (Problem("data/slt.yaml", 3, 7, "warning: S2 has nobody on duty"),
     "::warning file=data/slt.yaml,line=3,col=7::S2 has nobody on duty"),
    (Problem("data/slt.yaml", 1, 1, "100% sure: a,b"),
     "::error file=data/slt.yaml,line=1,col=1::100%25 sure: a,b"),
    # "%" is escaped first: an escape typed in stays text.
    (Problem("data/slt.yaml", 1, 1, "typed %0A"),
     "::error file=data/slt.yaml,line=1,col=1::typed %250A"),
    (Problem("data/slt.yaml", 1, 1, "one\rtwo\nthree\r\nfour"),
     "::error file=data/slt.yaml,line=1,col=1::one%0Dtwo%0Athree%0D%0Afour"),
    (Problem("a::b/slt.yaml", 2, 4, "x"), "::error file=a%3A%3Ab/slt.yaml,line=2,col=4::x"),
    (Problem("a:b,c%d\ne/slt.yaml", 2, 4, "x"),
     "::error file=a%3Ab%2Cc%25d%0Ae/slt.yaml,line=2,col=4::x"),
    (Problem("data/slt.yaml", 0, 0, "the file is missing"),
     "::error file=data/slt.yaml::the file is missing"),
    (Problem("data/slt.yaml", 2, 1, "warning: not at the start: warning: kept"),
     "::warning file=data/slt.yaml,line=2,col=1::not at the start: warning: kept"),
]


@pytest.mark.parametrize("problem, command", ESCAPES, ids=[c for _, c in ESCAPES])
def test_a_problem_is_one_escaped_workflow_command(problem, command):
    assert workflow_command(problem) == command


@pytest.mark.parametrize("problem", [problem for problem, _ in ESCAPES],
                         ids=[c for _, c in ESCAPES])
def test_the_runner_reads_back_the_problem(problem):
    """What the escaping is for: the runner gets back the path and the message as written."""
    level, properties, message = _runner_reads(workflow_command(problem))
    assert properties["file"] == problem.path
    written = f"warning: {message}" if level == "warning" else message
    assert written == problem.message


def _runner_reads(command: str) -> tuple[str, dict[str, str], str]:
    """The command as the Actions runner parses it (ActionCommand.TryParseV2): the first "::"
    after the start ends the properties; each value is unescaped with "%25" last."""
    assert command.startswith("::"), command
    end = command.index("::", 2)
    level, _, properties = command[2:end].partition(" ")

    def unescape(text: str, also: str = "") -> str:
        for char in "\r\n" + also + "%":
            text = text.replace(f"%{ord(char):02X}", char)
        return text

    read = dict(pair.split("=", 1) for pair in properties.split(","))
    return level, {key: unescape(value, ":,") for key, value in read.items()}, unescape(
        command[end + 2:])


def _validate(data, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", "validate", "--data", str(data),
                           *args], cwd=data.parent, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def broken(tmp_path):
    """The shipped data with three errors in two files: a time, a letter for a digit, a YAML
    fault that stops its file."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    contacts = data / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    text = text.replace('open: "08:00", close: "18:00"}', 'open: "8:30", close: "17:3O"}', 1)
    contacts.write_text(text, encoding="utf-8")
    readings = data / "readings.yaml"
    readings.write_text(readings.read_text(encoding="utf-8") + "  - [\n", encoding="utf-8")
    return data


COMMAND = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+)::(.*)$")
PLAIN = re.compile(r"^([^:]+):(\d+):(\d+): (.*)$")


def _as_plain(line: str) -> str:
    level, properties, message = _runner_reads(line)
    prefix = "warning: " if level == "warning" else ""
    return f"{properties['file']}:{properties['line']}:{properties['col']}: {prefix}{message}"


@pytest.mark.parametrize("case", ["errors", "warnings only"])
def test_every_problem_once_as_in_plain_format(broken, case):
    data = broken if case == "errors" else DATA
    plain, github = _validate(data), _validate(data, "--format", "github")
    assert github.returncode == plain.returncode == (1 if case == "errors" else 0)
    plain_lines = plain.stdout.splitlines()
    github_lines = github.stdout.splitlines()
    problems = [line for line in plain_lines if PLAIN.match(line)]
    commands = [line for line in github_lines if line.startswith("::")]
    assert problems and len(commands) == len(problems)
    assert [_as_plain(line) for line in commands] == problems
    # Whatever is not a problem (the summary line) is the same in both.
    assert [line for line in github_lines if not line.startswith("::")] == \
        [line for line in plain_lines if not PLAIN.match(line)]
    if case == "errors":
        assert {COMMAND.match(line)[1] for line in commands} == {"error"}
        assert len(commands) == 3
    else:
        assert {COMMAND.match(line)[1] for line in commands} == {"warning"}
        assert " is valid: " in github_lines[-1]


def test_strict_warnings_refuse_in_github_format_too():
    result = _validate(DATA, "--format", "github", "--strict-warnings")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].endswith("warnings and --strict-warnings")
    assert all(line.startswith("::warning ") for line in result.stdout.splitlines()[:-1])


def test_an_unknown_format_is_a_usage_error():
    result = _validate(DATA, "--format", "xml")
    assert result.returncode == 2
    assert "invalid choice: 'xml'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_make_validate_format_github(broken):
    result = subprocess.run(["make", "--no-print-directory", "-s", "validate", "FORMAT=github",
                             f"POLICY_DATA={broken}"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode != 0
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(COMMAND.match(line) for line in lines), lines
    assert "write '08:30'" in lines[0]
    assert "the letter O where a digit belongs; write '17:30'" in lines[1]
    assert lines[2].endswith("; nothing else in this file is checked until this is fixed")


@pytest.mark.parametrize("write", CORPUS.values(), ids=CORPUS.keys())
def test_each_malformed_input_is_one_command_per_problem(data_copy, capsys, write):
    """Every malformed input of tests/test_validation.py: the plain lines, as commands."""
    write(data_copy)
    ran = {}
    for form in ("plain", "github"):
        status = main(["validate", f"--format={form}"])
        ran[form] = (status, capsys.readouterr())
    (status, plain), (github_status, github) = ran["plain"], ran["github"]
    assert (status, github_status, plain.err, github.err) == (1, 1, "", "")
    assert [_as_plain(line) for line in github.out.splitlines()] == plain.out.splitlines() != []


def test_valid_data_without_warnings(data_copy, capsys, monkeypatch):
    """Exit status 0 and the summary alone, in both formats."""
    import policydata.warnings

    monkeypatch.setattr(policydata.warnings, "warnings", lambda *args: [])
    for form in ("plain", "github"):
        assert main(["validate", f"--format={form}"]) == 0
        assert capsys.readouterr() == (
            "data/ is valid: 3 priorities, 3 support regions, 3 tiers\n", "")


@pytest.mark.parametrize("value", ["xml", "markdown", "$(shell touch S)`touch S`"])
def test_make_validate_with_an_unknown_format(value, no_stray_file):
    """validate's one-line usage error, then make's own line; a command in it does not run."""
    done = _make(["-o", ".venv/.installed", "validate", f"FORMAT={value}"])
    program, make = done.stderr.splitlines()
    assert program == ("python -m calculators validate: error: argument --format: invalid "
                       f"choice: '{value}' (choose from 'plain', 'github') (see --help)")
    assert (done.returncode, done.stdout, make.startswith("make: *** ")) == (2, "", True)
