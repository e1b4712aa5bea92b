"""The GitHub Actions workflows staff's pull requests and merges run (.github/workflows): actionlint
(pinned in requirements.lock, with shellcheck for the `run:` scripts) finds nothing, and the
rules the project keeps for them hold: actions pinned by commit, least privilege, and only make
targets in the steps, so that what the host checks is what `make` checks locally."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def _actionlint(folder: Path) -> subprocess.CompletedProcess:
    """actionlint on ``folder``'s workflows, named one by one (a copy is no Git repository,
    where actionlint would look for them itself)."""
    files = sorted(str(path.relative_to(folder))
                   for path in (folder / ".github" / "workflows").glob("*.yml"))
    return subprocess.run([str(BIN / "actionlint"), "-shellcheck", str(BIN / "shellcheck"),
                           "-pyflakes=", "-no-color", *files],
                          cwd=folder, capture_output=True, text=True, timeout=120)


def _workflow(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def _steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, job, step


def _makefile_targets() -> set[str]:
    phony = next(line for line in (ROOT / "Makefile").read_text().splitlines()
                 if line.startswith(".PHONY:"))
    return set(phony.split()[1:])


def _make_variables() -> set[str]:
    line = next(line for line in (ROOT / "Makefile").read_text().splitlines()
                if line.startswith("USER_VARIABLES :="))
    return set(line.split(":=")[1].split())


def test_there_are_the_two_workflows():
    assert [path.name for path in WORKFLOWS] == ["publish.yml", "pull-request.yml"]


def test_actionlint_finds_nothing():
    result = _actionlint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# (what is wrong, how a workflow is changed, what actionlint says)
MISTAKES = [
    ("an unquoted variable in a script", ('"$GITHUB_STEP_SUMMARY"', "$GITHUB_STEP_SUMMARY"),
     "SC2086"),
    ("a step output that does not exist", ("steps.deployment.outputs", "steps.deploymnt.outputs"),
     'property "deploymnt" is not defined'),
    ("a timeout in words", ("timeout-minutes: 30", "timeout-minutes: thirty"),
     "expecting a single ${{...}} expression"),
]


@pytest.mark.parametrize("what, change, says", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_actionlint_would_catch_a_mistake(tmp_path, what, change, says):
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    changed = 0
    for path in (tmp_path / ".github" / "workflows").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        changed += text.count(change[0])
        path.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    assert changed, f"no workflow holds {change[0]!r}"
    result = _actionlint(tmp_path)
    assert result.returncode == 1
    assert says in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_their_version_named(path):
    text = path.read_text(encoding="utf-8")
    for _, _, step in _steps(_workflow(path)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
            assert re.search(re.escape(step["uses"]) + r" # v\d+\.\d+\.\d+$", text, re.M), \
                f"{step['uses']}: name the version it is, as a comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_least_privilege(path):
    workflow = _workflow(path)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        allowed = {"pages": "write", "id-token": "write"} if name == "deploy" else None
        assert job.get("permissions") == allowed, name
    for _, _, step in _steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_script_is_a_make_target_with_staff_variables(path):
    targets, variables = _makefile_targets(), _make_variables()
    for _, _, step in _steps(_workflow(path)):
        if "run" not in step:
            continue
        words = shlex.split(step["run"].split(">>")[0])
        assert words[0] == "make", step["run"]
        assert words[1] in targets, step["run"]
        for assignment in words[2:]:
            assert assignment.split("=")[0] in variables, step["run"]


def test_a_pull_request_checks_data_docs_and_templates_and_summarises():
    workflow = _workflow(ROOT / ".github/workflows/pull-request.yml")
    paths = workflow["on"]["pull_request"]["paths"]
    assert {"data/**", "docs/**", "templates/**"} <= set(paths)
    runs = [step.get("run", "") for _, _, step in _steps(workflow)]
    assert "make validate FORMAT=github" in runs
    assert any(run.startswith("make diff FORMAT=markdown") and 'GITHUB_STEP_SUMMARY' in run
               for run in runs)
    assert any(step.get("uses", "").startswith("actions/upload-artifact@")
               for _, _, step in _steps(workflow))


def test_merging_publishes_to_a_protected_environment_and_a_weekly_rebuild_guards_holidays():
    workflow = _workflow(ROOT / ".github/workflows/publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"]
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    runs = [step.get("run", "") for _, _, step in _steps(workflow)]
    assert "make horizon FORMAT=github" in runs
    assert runs.index("make horizon FORMAT=github") < next(i for i, run in enumerate(runs)
                                             if run.startswith("make publish"))
