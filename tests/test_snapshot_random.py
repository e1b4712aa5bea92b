"""Two readers' browsers restoring the same snapshot start from the same memory, `random`'s state
included; the worker reseeds it from the browser's entropy (calculators.browser.restored)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

PYODIDE = ROOT / "node_modules" / "pyodide"
SCRIPT = ROOT / "tests" / "pyodide" / "restore_twice.mjs"


@pytest.mark.pyodide
def test_restored_interpreters_draw_different_random_numbers(site):
    node = shutil.which("node")
    assert node, "node is not on PATH; CI installs Node.js 20"
    done = subprocess.run([node, str(SCRIPT), str(PYODIDE), str(site / "assets" / "calculators")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    draws = json.loads(done.stdout)
    frozen = [draw["value"] for draw in draws if not draw["reseeded"]]
    reseeded = [draw["value"] for draw in draws if draw["reseeded"]]
    # As restored, every reader would draw the same number: the reason for reseeding.
    assert frozen[0] == frozen[1]
    assert reseeded[0] != reseeded[1]
