"""Shared fixtures: the repository's paths and the shipped policy, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def policy():
    from policydata import load_policy

    return load_policy(DATA)
