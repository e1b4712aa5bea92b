"""Holiday names do not depend on the machine's locale: python-holidays names holidays in the
language of $LANG when it has them, so a site built on one machine said "Eid al-Fitr" where one
built on another said "Hari Raya Puasa", and a release built in one locale failed its policy
check in another. Each calendar is named in its own default language."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import DATA, ROOT

LOCALES = [None, "C.UTF-8", "en_US.UTF-8", "th_TH.UTF-8", "de_DE.UTF-8"]

SCRIPT = """
import json, sys
from policydata import load_policy
from calculators.policy_json import to_json
json.dump(to_json(load_policy(sys.argv[1])), sys.stdout, sort_keys=True)
"""


def _policy_json(lang: str | None) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("LANG", "LANGUAGE") and not key.startswith("LC_")}
    env["PYTHONPATH"] = str(ROOT)
    if lang:
        env["LANG"] = lang
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(DATA)], capture_output=True,
                            text=True, env=env, timeout=120, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def unset():
    return _policy_json(None)


@pytest.mark.parametrize("lang", LOCALES[1:])
def test_the_policy_is_the_same_in_every_locale(unset, lang):
    assert _policy_json(lang) == unset


def test_singapore_holidays_are_named_as_singapore_names_them(unset):
    apac = next(region for region in unset["support_regions"] if region["id"] == "apac")
    names = {holiday["name"] for holiday in apac["holidays"]["holidays"]}
    assert {"Hari Raya Puasa", "Hari Raya Haji", "Deepavali"} <= names
    assert not names & {"Eid al-Fitr", "Eid al-Adha", "Diwali"}
