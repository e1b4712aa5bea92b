"""A build from broken data or a broken page fails, says where, and leaves the last site as it was,
with either engine.

Each case runs `make build` in a mirror of the repository (its entries linked, so the
Makefile, mkdocs.yml, sitegen/ and the venv are the real ones) that already holds a site built
by the same command; the broken data is a copy that POLICY_DATA points at, as a staff member
would try an edit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DATA, ROOT

# Built output and the folders a case replaces are not linked into the mirror.
NOT_MIRRORED = {".git", "site", ".site-build", "docs"}


@dataclass(frozen=True)
class Break:
    folder: str  # "bad-data" (then POLICY_DATA points at it) or "docs"
    file: str
    old: str
    new: str
    at: str  # where in `new` the message points
    message: str  # the text after "path:line:col: " or "path:line: "
    column: bool = True

    def apply(self, workdir: Path) -> str:
        path = workdir / self.folder / self.file
        text = path.read_text(encoding="utf-8")
        assert self.old in text, f"the shipped {self.file} changed: update this case"
        edited = text.replace(self.old, self.new, 1)
        path.write_text(edited, encoding="utf-8")
        index = text.index(self.old) + self.new.index(self.at)
        line = edited.count("\n", 0, index) + 1
        column = index - (edited.rfind("\n", 0, index) + 1) + 1
        where = f"{self.folder}/{self.file}:{line}" + (f":{column}" if self.column else "")
        return f"{where}: {self.message}"


CASES = {
    "time out of range": [Break(
        "bad-data", "contacts.yaml", 'close: "18:00"}', 'close: "25:00"}', '"25:00"',
        "'25:00' is not a 24-hour time in quotes")],
    "problems in two files, all reported": [
        Break("bad-data", "contacts.yaml", 'close: "18:00"}', 'close: "25:00"}', '"25:00"',
              "'25:00' is not a 24-hour time in quotes"),
        Break("bad-data", "slt.yaml", "clock: business_days", "clock: weekdays", "weekdays",
              "'weekdays' is not a clock"),
    ],
    # Fails after MkDocs has emptied its output folder: only the Makefile's swap saves site/.
    "unknown marker on a page": [Break(
        "docs", "contact.md", "<!-- policy: office-holidays -->",
        "<!-- policy: office-holidays -->\n\n<!-- policy: holiday-table -->",
        "<!-- policy: holiday-table", "unknown marker <!-- policy: holiday-table -->",
        column=False)],
    "bad markers on two pages, all reported": [
        Break("docs", "contact.md", "<!-- policy: office-holidays -->",
              "<!-- policy: office-holidays -->\n\n<!-- policy: holiday-table -->",
              "<!-- policy: holiday-table", "unknown marker <!-- policy: holiday-table -->",
              column=False),
        Break("docs", "escalation.md", "<!-- policy: escalation-tiers -->",
              "see <!-- policy: escalation-tiers -->", "see <!-- policy",
              "marker <!-- policy: escalation-tiers --> must stand alone on its line",
              column=False),
    ],
}
# Zensical fails silently where MkDocs has a hook (issue 12): each kind of failure with it too.
ZENSICAL_CASES = ("time out of range", "unknown marker on a page")


def _make_build(workdir: Path, data: str | None,
                engine: str = "mkdocs") -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "POLICY_DATA"}
    if data:
        env["POLICY_DATA"] = data
    # Setup is not under test, and a test must never install anything: no prerequisites.
    return subprocess.run(["make", "--no-print-directory", "build", "PYTHON_READY=",
                           "NODE_READY=", f"ENGINE={engine}"],
                          cwd=workdir, env=env, capture_output=True, text=True)


def _snapshot(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def built_mirror(tmp_path_factory):
    """A mirror of the repository with a site built from the shipped data."""
    workdir = tmp_path_factory.mktemp("mirror")
    for entry in ROOT.iterdir():
        if entry.name not in NOT_MIRRORED:
            (workdir / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", workdir / "docs")
    result = _make_build(workdir, None)
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir


@pytest.mark.parametrize("engine, breaks", [
    *(("mkdocs", breaks) for breaks in CASES.values()),
    *(("zensical", CASES[name]) for name in ZENSICAL_CASES),
], ids=[*CASES, *(f"{name}, zensical" for name in ZENSICAL_CASES)])
def test_failed_build_reports_and_keeps_the_site(built_mirror, tmp_path, engine, breaks):
    workdir = tmp_path / "repo"
    shutil.copytree(built_mirror, workdir, symlinks=True)
    shutil.copytree(DATA, workdir / "bad-data")
    before = _snapshot(workdir / "site")
    assert "contact/index.html" in before

    expected = [each.apply(workdir) for each in breaks]
    result = _make_build(workdir, "bad-data", engine)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for message in expected:
        assert message in output
    assert _snapshot(workdir / "site") == before
