"""Shared fixtures: the repository's paths and the shipped policy, loaded once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def policy():
    from policydata import load_policy

    return load_policy(DATA)


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """One strict build of the site for the whole session: (site folder, the build's result)."""
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True)
    return site, result


@pytest.fixture(scope="session")
def site(build):
    site, result = build
    assert result.returncode == 0, result.stdout + result.stderr
    return site
