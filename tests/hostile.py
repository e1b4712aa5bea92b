"""Running a corpus of hostile inputs in a child process: each case under a 10 s alarm, the child
under a memory limit, so that a hang or a memory bomb fails its own case and not the suite.

``python tests/hostile.py MODULE`` runs every case of ``MODULE.CASES`` (a dict name -> case) in
one process and prints one JSON object: for each case its expected and actual outcome, or the
error ("timeout", a traceback) it ended with. A case is a callable: given a fresh working folder
holding a copy of data/ as ``data/``, it makes its input and returns (expected, actual).
Running them together keeps the corpus fast; each case still gets its own folder and alarm.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SECONDS_PER_CASE = 10
MEMORY_LIMIT = 1536 * 1024 * 1024  # address space; the worker needs about 300 MB
MAX_MESSAGE = 300  # characters of any one line of output


class _Timeout(Exception):
    pass


def run_cases(module: str, names) -> dict:
    """The outcome of each case of ``module``, run in one child process."""
    names = list(names)
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), module], cwd=ROOT, capture_output=True,
        text=True, timeout=SECONDS_PER_CASE * len(names) + 60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def validate() -> tuple[int, list[str], str]:
    """``python -m calculators validate`` in this process: (status, stdout lines, stderr), less
    the warnings about valid data (tests/test_warnings.py has those), and the count of them
    that the closing line adds."""
    status, lines, err = cli(["validate"])
    lines = [re.sub(r"; \d+ warnings above$", "", line) for line in lines
             if ": warning: " not in line]
    return status, lines, err


def cli(argv: list[str]) -> tuple[int, list[str], str]:
    from calculators.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:  # argparse leaves through SystemExit
            status = exit_.code
    return status, out.getvalue().splitlines(), err.getvalue()


def line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


@dataclass(frozen=True)
class Edit:
    """Replace the first ``old`` in a data file by ``new``; expect ``message`` where ``at``
    stands inside ``new`` (or, ``message`` None, expect the data to stay valid). ``first``, if
    given, changes the data folder before that."""

    file: str
    old: str
    new: str
    at: str = ""
    message: str | None = None
    first: Callable[[Path], None] | None = None

    def __call__(self, folder: Path):
        if self.first:
            self.first(folder / "data")
        path = folder / "data" / self.file
        text = path.read_text(encoding="utf-8")
        assert self.old in text, f"the shipped data changed: {self.old!r} is gone"
        start = text.index(self.old)
        path.write_text(text.replace(self.old, self.new, 1), encoding="utf-8")
        if self.message is None:
            expected = (0, [VALID], "")
        else:
            line, column = line_column(text[:start] + self.new, start + self.new.index(self.at))
            expected = (1, [f"data/{self.file}:{line}:{column}: {self.message}"], "")
        return expected, validate()


VALID = "data/ is valid: 3 priorities, 3 support regions, 3 tiers"


@dataclass(frozen=True)
class Content:
    """Write ``content`` as a whole data file; expect exactly ``lines``."""

    file: str
    content: bytes
    lines: tuple[str, ...]

    def __call__(self, folder: Path):
        (folder / "data" / self.file).write_bytes(self.content)
        return (1, list(self.lines), ""), validate()


@dataclass(frozen=True)
class Setup:
    """Arrange the folder with ``make`` (given the data folder); expect ``lines`` from
    validate (status 1, or 0 when they say the data is valid)."""

    make: Callable[[Path], None]
    lines: tuple[str, ...]

    def __call__(self, folder: Path):
        self.make(folder / "data")
        status = 0 if self.lines == (VALID,) else 1
        return (status, list(self.lines), ""), validate()


def _run_one(case, folder: Path):
    def alarm(signum, frame):
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(SECONDS_PER_CASE)
    try:
        expected, actual = case(folder)
        return {"expected": expected, "actual": actual, "error": None}
    except _Timeout:
        return {"error": f"no answer within {SECONDS_PER_CASE} s"}
    except BaseException:  # noqa: BLE001 - a traceback is the finding
        return {"error": traceback.format_exc()[-3000:]}
    finally:
        signal.alarm(0)


def _main(module_name: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    module = __import__(module_name)
    results = {}
    home = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        for index, (name, case) in enumerate(module.CASES.items()):
            folder = Path(scratch) / str(index)
            shutil.copytree(ROOT / "data", folder / "data")
            os.chdir(folder)
            try:
                results[name] = _run_one(case, folder)
            finally:
                os.chdir(home)
    json.dump(results, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    _main(sys.argv[1])
