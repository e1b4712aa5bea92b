"""What staff type into make's variables reaches the programs as one argument (issue 19, part
2): a folder named with a backtick, "$(...)" or a double quote is the folder validated, and
nothing in the name runs. Each case runs ``make`` in a child process, under a time limit."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from calculators.quoting import terminal_safe
from policydata.recipes import COMMANDS, command_line

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 60

# Folder names, each a trap for one layer: the shell (backtick, quotes), make ("$(...)",
# "$$"), argparse (a leading "-").
NAMES = {
    "backtick": "x`touch S`y",
    "$(touch S)": "x$(touch S)y",
    "make's own $(shell ...)": "x$(shell touch S)y",
    "double quote": 'a"b',
    "single quote": "q'r",
    "$$": "p$$q",
    "$HOME": "h$HOME",
    "semicolon": "s;touch S",
    "leading dash": "-d",
    "spaces": "two  spaces",
    "newline": "nl\nx",
    "tab, # and backslash": "tab\tx#y\\z",
}
# How the variable reaches make: on its command line, or in its environment.
WAYS = ("command line", "environment")


def _make(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items()
               if key not in ("POLICY_DATA", "PUBLISH_DIR", "ENGINE", "HOST", "STRICT_WARNINGS",
                              "FORMAT", "BASE_DATA", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    return subprocess.run(["make", "--no-print-directory", "-s", *args], cwd=ROOT,
                          env={**environ, **(env or {})}, capture_output=True, text=True,
                          timeout=SECONDS)


@pytest.fixture
def no_stray_file():
    """The file a command in a name would create: there before means a case cannot tell."""
    stray = ROOT / "S"
    assert not stray.exists(), f"{stray} exists; remove it"
    yield stray
    assert not stray.exists(), "a command in a variable's value ran"


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("name", NAMES)
def test_the_folder_named_is_the_folder_validated(tmp_path, no_stray_file, name, way):
    folder = tmp_path / NAMES[name]
    shutil.copytree(ROOT / "data", folder)
    # A mark only this copy has: a problem at a line of its own.
    (folder / "slt.yaml").write_text("updated: 2026-01-01\nmarker_of_this_copy: 1\n")
    value = str(folder)
    done = (_make(["validate", f"POLICY_DATA={value}"]) if way == "command line" else
            _make(["validate"], {"POLICY_DATA": value}))
    assert done.returncode != 0
    # The path as validate writes it: a newline or tab in it escaped, as every path it shows.
    shown = terminal_safe(value, lines=False)
    assert f"{shown}/slt.yaml:2:1: unknown key 'marker_of_this_copy'" in done.stdout + done.stderr


@pytest.mark.parametrize("way", WAYS)
def test_strict_warnings_is_data_too(no_stray_file, way):
    """STRICT_WARNINGS is only ever tested for being set: a command in it does not run."""
    value = "$(shell touch S)`touch S`"
    done = (_make(["validate", f"STRICT_WARNINGS={value}"]) if way == "command line" else
            _make(["validate"], {"STRICT_WARNINGS": value}))
    assert "is refused:" in done.stdout + done.stderr  # the shipped data has warnings


# The program each recipe starts, given the variables: each value is one argument, whole.
HOSTILE = 'x`touch S`$(touch S)"\' ;y'
RECIPES = {
    "validate": ({}, ["-m", "calculators", "validate", "--data=data"]),
    "validate, all set": (
        {"POLICY_DATA": HOSTILE, "STRICT_WARNINGS": HOSTILE, "FORMAT": HOSTILE},
        ["-m", "calculators", "validate", f"--data={HOSTILE}", "--strict-warnings",
         f"--format={HOSTILE}"]),
    "validate, FORMAT empty": ({"FORMAT": ""}, ["-m", "calculators", "validate", "--data=data"]),
    "build": ({"ENGINE": HOSTILE, "POLICY_DATA": HOSTILE},
              ["-m", "sitegen.build", f"--engine={HOSTILE}", f"--data={HOSTILE}", "site"]),
    "serve": ({"ENGINE": "zensical", "HOST": HOSTILE},
              ["-m", "sitegen.serve", "--engine=zensical", f"--dev-addr={HOSTILE}"]),
    "serve, defaults": ({}, ["-m", "sitegen.serve", "--engine=mkdocs",
                             "--dev-addr=127.0.0.1:8000"]),
    "publish": ({"POLICY_DATA": "-d", "PUBLISH_DIR": HOSTILE, "STRICT_WARNINGS": "1"},
                ["-m", "publishing", "publish", "--data=-d", f"--to={HOSTILE}",
                 "--strict-warnings"]),
    "diff": ({"PUBLISH_DIR": ""}, ["-m", "publishing", "diff", "--data=data"]),
    "rollback": ({"PUBLISH_DIR": HOSTILE},
                 ["-m", "publishing", "rollback", "--data=data", f"--to={HOSTILE}"]),
}


@pytest.mark.parametrize("case", RECIPES)
def test_each_recipe_passes_each_value_whole(case, tmp_path):
    environ, expected = RECIPES[case]
    never_published = tmp_path / "published-to"
    assert command_line(case.split(",")[0], environ, never_published) == expected


# Without PUBLISH_DIR, publish, diff and rollback use the folder the last `make publish` went to.
REMEMBERED = {
    "diff, remembered": ({}, HOSTILE, ["-m", "publishing", "diff", "--data=data",
                                       f"--to={HOSTILE}"]),
    "rollback, remembered": ({}, HOSTILE, ["-m", "publishing", "rollback", "--data=data",
                                           f"--to={HOSTILE}"]),
    "publish, typed wins": ({"PUBLISH_DIR": "/typed"}, HOSTILE,
                            ["-m", "publishing", "publish", "--data=data", "--to=/typed"]),
    "diff, never published": ({}, None, ["-m", "publishing", "diff", "--data=data"]),
}


@pytest.mark.parametrize("environ, remembered, expected", REMEMBERED.values(),
                         ids=REMEMBERED.keys())
def test_the_last_publish_folder_is_the_default(tmp_path, environ, remembered, expected):
    memory = tmp_path / "published-to"
    if remembered is not None:
        memory.write_text(remembered + "\n", encoding="utf-8")
    assert command_line(expected[2], environ, memory) == expected


def test_no_recipe_writes_a_variable_into_a_command():
    """The recipes name no variable staff set: they reach the programs only through the
    environment."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = [line for line in text.splitlines() if line.startswith("\t")]
    for name in ("POLICY_DATA", "PUBLISH_DIR", "ENGINE", "HOST", "STRICT"):
        assert not [line for line in recipes if name in line], name
    assert set(COMMANDS) <= {line.split()[-1] for line in recipes if "$(RECIPE)" in line}


def test_wheels_says_nothing_when_it_works():
    # `make publish` runs wheels first: its commands and the wheel's name are no news to staff.
    result = subprocess.run(["make", "--no-print-directory", "wheels"], cwd=ROOT,
                            capture_output=True, text=True, timeout=SECONDS)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr


def test_staff_commands_echo_no_recipe():
    # What staff read starts with the program's own first line, not the command make ran.
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("wheels", "publish", "diff", "rollback"):
        recipe = text.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
        assert recipe and all(line.startswith("\t@") for line in recipe), (target, recipe)
