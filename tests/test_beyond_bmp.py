"""Text beyond the Basic Multilingual Plane (issue 19, part 5): a flag or an emoji in free text
validates and is shown as itself everywhere (pages, calendars, the CLI, the widgets), however it
is written: typed, as a \\U escape, or as a pair of \\u escapes (as JSON writes it). Half of a
pair alone is refused where it stands, saying what to write instead.

The validation cases run in a child process under limits (tests/hostile.py); one site is built,
from a copy of data/ holding such text, and shared by the page and browser tests."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT, build_site
from hostile import MAX_MESSAGE, Edit, run_cases

FLAG = "\U0001F1EC\U0001F1E7"  # 🇬🇧, two regional indicators
ROCKET = "\U0001F680"
GRIN = "\U0001F600"
LABEL = 'label: UK, number: "+ 44 2070966060"'
NOTE = "note: The first of the policy's three escalation tiers."
NAME = "name: Dipen Shah"

HALF = ("the {half} half of a character beyond U+FFFF without the other half; write the "
        "character itself, or its escape in full, such as \\U0001F600 for U+1F600, or both "
        "halves, such as \\ud83d\\ude00")


def _lone(code: str, half: str) -> str:
    return f"an escape in this value writes U+{code} (a lone surrogate), " + HALF.format(half=half)


def _label(written: str, message: str | None = None) -> Edit:
    return Edit("contacts.yaml", LABEL, f'label: "{written} UK", number: "+ 44 2070966060"', '"',
                message)


# How a label may be written: each valid one is read as the flag (tests below build with it).
CASES = {
    "typed": _label(FLAG),
    "as \\U escapes": _label("\\U0001F1EC\\U0001F1E7"),
    "as JSON's surrogate pairs": _label("\\ud83c\\uddec\\ud83c\\udde7"),
    "as upper-case surrogate pairs": _label("\\uD83C\\uDDEC\\uD83C\\uDDE7"),
    "a pair then a typed one": _label("\\ud83c\\uddec\U0001F1E7"),
    "an emoji in a note, typed": Edit("contacts.yaml", NOTE, f"note: Tier one {ROCKET}.", "", None),
    "an emoji in a name, as a pair": Edit("contacts.yaml", NAME, 'name: "Dipen \\ud83d\\ude00"',
                                          "", None),
    "an emoji in a key's place (unknown key)": Edit(
        "policy.yaml", "acceptance_requests: 3\n", f"acceptance_requests: 3\n  {ROCKET}: x\n",
        ROCKET, f"unknown key '{ROCKET}'; expected one of: paragraphs, acceptance_requests"),
    # Half a pair: refused at the value, with what to write instead.
    "a lone high half": _label("\\ud83c", _lone("D83C", "first")),
    "a lone low half": _label("\\uddec", _lone("DDEC", "second")),
    "the halves reversed": _label("\\uddec\\ud83c", _lone("DDEC", "second")),
    "a high half then a letter": _label("\\ud83cx\\uddec", _lone("D83C", "first")),
    "two high halves": _label("\\ud83c\\ud83c\\uddec", _lone("D83C", "first")),
    "a pair then a lone half": _label("\\ud83c\\uddec\\ud83c", _lone("D83C", "first")),
    "a lone half in a name": Edit("contacts.yaml", NAME, 'name: "Dipen \\udfff"', '"',
                                  _lone("DFFF", "second")),
    "a lone half in a phone number": Edit(
        "contacts.yaml", 'number: "+1 888 898 8733"', 'number: "+1 888\\ud800 898 8733"', '"',
        _lone("D800", "first")),
    "a lone half in a key": Edit(
        "policy.yaml", "acceptance_requests: 3\n", 'acceptance_requests: 3\n  "k\\ud800": x\n',
        '"', "unknown key 'k\\ud800'; expected one of: paragraphs, acceptance_requests"),
}


@pytest.fixture(scope="module")
def outcomes():
    return run_cases(__name__, CASES)


@pytest.mark.parametrize("name", CASES)
def test_text_beyond_the_bmp_validates_or_gets_its_answer(outcomes, name):
    outcome = outcomes[name]
    assert outcome["error"] is None, outcome["error"]
    status, lines, err = outcome["actual"]
    assert [status, lines, err] == outcome["expected"]
    assert all(len(line) <= MAX_MESSAGE for line in lines)


PAIRS = {  # written in a double-quoted YAML value -> what the value holds
    "\\ud83c\\uddec\\ud83c\\udde7 UK": f"{FLAG} UK",
    "\\uD83D\\uDE00": GRIN,
    "a\\ud83d\\ude00b\\U0001F680c": f"a{GRIN}b{ROCKET}c",
    "\\ud83c": "\ud83c",  # alone: kept, for the value's check to refuse where it stands
    "\\udde7\\ud83c": "\udde7\ud83c",  # low before high is no pair
}


@pytest.mark.parametrize("written", PAIRS)
def test_pairs_are_read_as_the_character(tmp_path, written):
    from policydata.schema import Context
    from policydata.yaml_source import compose

    path = tmp_path / "x.yaml"
    path.write_text(f'"{written}": ["{written}"]\n', encoding="utf-8")
    node = compose(path, "x.yaml", Context())
    (key, value), = node.value
    assert key.value == value.value[0].value == PAIRS[written]


# ------------------------------------------------------------------ one site with such text


def _data(folder: Path) -> Path:
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    contacts = data / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    for old, new in ((LABEL, f'label: "{FLAG} UK", number: "+ 44 2070966060"'),
                     (NOTE, f"note: The first of the policy's three escalation tiers {ROCKET}."),
                     (NAME, 'name: "Dipen Shah \\ud83d\\ude00"')):  # JSON's way: a pair
        assert old in text
        text = text.replace(old, new, 1)
    contacts.write_text(text, encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return _data(tmp_path_factory.mktemp("beyond-bmp"))


@pytest.fixture(scope="module")
def site(data, tmp_path_factory):
    """The site built from that data: the conftest's browser fixtures serve this one."""
    site = tmp_path_factory.mktemp("beyond-bmp-site")
    result = build_site(site, data=data)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return site


def test_the_pages_hold_the_characters(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"{FLAG} UK" in home  # the footer's support numbers
    escalation = (site / "escalation" / "index.html").read_text(encoding="utf-8")
    assert ROCKET in escalation and f"Dipen Shah {GRIN}" in escalation
    for page in site.rglob("*.html"):
        assert not re.search("[\ud800-\udfff]", page.read_text(encoding="utf-8")), page


def test_the_calendars_hold_the_characters(site):
    """Europe's hours name its numbers; folding at 75 octets never cuts a character."""
    text = (site / "calendars" / "europe-hours.ics").read_bytes().decode("utf-8")
    assert f"{FLAG} UK +44 20 7096 6060" in text.replace("\r\n ", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_the_cli_shows_the_characters(data):
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "escalation", "--data", str(data), "--tier",
         "tier1", "--at", "2026-11-30T09:04:00Z"], cwd=ROOT, capture_output=True, timeout=60)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr
    assert f"{FLAG} UK +44 20 7096 6060" in out and f"Dipen Shah {GRIN}" in out


@pytest.mark.browser
def test_the_page_shows_the_flag(page, site_url):
    page.goto(site_url)
    expect(page.locator("footer .policy-footer__phones")).to_contain_text(f"{FLAG} UK")


@pytest.mark.browser
def test_a_widget_answer_shows_the_label(page, site_url):
    page.goto(f"{site_url}escalation/?tier=tier1&at=2026-11-30T09:04:00Z")
    page.wait_for_selector("form[data-widget=escalation][data-state=answered]", timeout=60_000)
    status = page.locator("form[data-widget=escalation] [role=status]")
    expect(status).to_contain_text(f"{FLAG} UK")
    expect(status).to_contain_text(f"Dipen Shah {GRIN}")
