"""Support staff's workflow end to end: publish, see the change, refuse a broken edit without
touching what readers see, roll back."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT


def _run(command: str, data: Path, public: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "publishing", command, "--data", str(data), "--to", str(public)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _tree(path: Path) -> dict[str, str]:
    """Every file under the published link, with its content's hash, and where the link points."""
    files = {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(path.rglob("*")) if p.is_file()}
    return {"->": os.readlink(path), **files}


def _edit(data: Path, file: str, old: str, new: str) -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _live_policy(public: Path) -> dict:
    return json.loads((public / "assets/calculators/policy.json").read_text(encoding="utf-8"))


def _dated(data: Path, day: str) -> None:
    """Every data file's updated: set to ``day``."""
    for path in data.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^updated: \d{4}-\d{2}-\d{2}$", f"updated: {day}", text,
                               count=1, flags=re.M), encoding="utf-8")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A first publication of the shipped data, and a data folder to edit. It is dated
    2026-11-27, so that an edit can move the date on without writing a day in the future."""
    root = tmp_path_factory.mktemp("publishing")
    data, public = root / "data", root / "public"
    shutil.copytree(DATA, data)
    _dated(data, "2026-11-27")
    result = _run("publish", data, public)
    assert result.returncode == 0, result.stderr
    assert "first publication" in result.stdout
    return data, public


BROKEN = {
    "bad time": ("contacts.yaml", 'close: "18:00"}', 'close: "25:00"}',
                 "contacts.yaml:29:68: '25:00' is not a 24-hour time"),
    "unknown person": ("contacts.yaml", "usa: dipen-shah,", "usa: dipen-sha,",
                       "unknown person 'dipen-sha'"),
    "syntax": ("slt.yaml", "priorities:", "priorities: [", "not valid YAML"),
}


@pytest.mark.parametrize("file, old, new, message", BROKEN.values(), ids=BROKEN.keys())
def test_broken_edit_publishes_nothing(published, tmp_path, file, old, new, message):
    data, public = published
    broken = tmp_path / "data"
    shutil.copytree(data, broken)
    _edit(broken, file, old, new)
    before = _tree(public)
    result = _run("publish", broken, public)
    assert result.returncode == 1
    assert result.stderr.startswith("not published: the data has problems")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) <= 22, "one screen"
    assert _tree(public) == before


def test_edit_diff_publish_rollback(published):
    data, public = published
    original = _live_policy(public)
    _edit(data, "slt.yaml", "initial_response: {within: 2 hours,",
          "initial_response: {within: 1 hour,")
    _edit(data, "contacts.yaml", "holders: {usa: dipen-shah, apac: dipen-shah, emea: vacant}",
          "holders: {usa: dipen-shah, apac: dipen-shah, emea: dipen-shah}")
    _edit(data, "contacts.yaml", 'open: "08:00", close: "18:00"', 'open: "08:30", close: "18:00"')

    forgot_date = _run("publish", data, public)
    assert forgot_date.returncode == 1
    assert "set `updated:` to today's date" in forgot_date.stderr
    assert _live_policy(public) == original

    for name in ("slt.yaml", "contacts.yaml"):
        _edit(data, name, "updated: 2026-11-27", "updated: 2026-11-28")
    diff = _run("diff", data, public)
    assert diff.returncode == 0
    lines = diff.stdout.splitlines()
    changes = lines.index(f"What readers will see change, against the site published in "
                          f"{public}:")
    # Dipen Shah now holds a role in EMEA, so tier 1 there names someone: that warning went.
    assert lines[:2] == ["1 warning gone:", "  warning: Tier 1 Support in EMEA/UK: every role is "
                         "vacant, so its shift names nobody to escalate to"]
    assert re.fullmatch(r"\d+ known warnings, as in the published site; `make validate` lists "
                        r"them\.", lines[2])
    assert changes == 3
    assert lines[changes + 1:] == [
        "  policy last updated: 2026-11-27 -> 2026-11-28",
        "  S2 initial response: 2 hours -> 1 hour",
        "  europe hours: Mon-Fri 08:00-18:00 Europe/London -> Mon-Fri 08:30-18:00 Europe/London",
        "  tier1 / emea / Tier 1 Director: vacant -> Dipen Shah",
    ]

    first = os.readlink(public)
    result = _run("publish", data, public)
    assert result.returncode == 0, result.stderr
    assert "S2 initial response: 2 hours -> 1 hour" in result.stdout
    assert os.readlink(public) != first
    assert "1 hour" in (public / "service-levels/index.html").read_text(encoding="utf-8")
    assert _live_policy(public)["updated"] == "2026-11-28"

    rolled = _run("rollback", data, public)
    assert rolled.returncode == 0, rolled.stderr
    assert os.readlink(public) == first
    # It says which release it brought back, and what readers see change.
    assert rolled.stdout.startswith(f"{public} now serves release {Path(first).name} again: "
                                    "the one live before ")
    assert "policy dated 2026-11-27." in rolled.stdout
    assert "  S2 initial response: 1 hour -> 2 hours" in rolled.stdout.splitlines()
    assert _live_policy(public) == original


def test_strict_warnings_publish_nothing(published):
    data, public = published
    before = _tree(public)
    result = subprocess.run(
        [sys.executable, "-m", "publishing", "publish", "--data", str(data), "--to", str(public),
         "--strict-warnings"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("not published: the data has warnings and --strict-warnings was given; "
                        "nothing was published")
    assert lines[1].startswith(f"  {data / 'contacts.yaml'}:") and ": warning: " in lines[1]
    assert _tree(public) == before


def test_rollback_with_nothing_before(tmp_path):
    result = _run("rollback", DATA, tmp_path / "public")
    assert result.returncode == 1
    assert result.stderr == (f"not rolled back: nothing is published at {tmp_path / 'public'}; "
                             "there is nothing to roll back\n")


def _live_at(public: Path, policy_json: dict) -> None:
    """A published folder holding only what `diff` reads: the live policy."""
    live = public / "assets/calculators/policy.json"
    live.parent.mkdir(parents=True)
    live.write_text(json.dumps(policy_json), encoding="utf-8")


def _in_the_old_shape(policy_json: dict) -> dict:
    """The policy as the site wrote it before the checklist had structured answers."""
    calls = policy_json["texts"]["call_quality"]
    samples = calls["call_samples"]
    calls["questions"] = [item["question"] for item in calls["questions"]]
    calls["call_samples"] = {"intro": samples["intro"],
                             "requirements": list(samples["requirements"].values()),
                             "notes": list(samples["notes"].values())}
    return policy_json


CHECKLIST_DIFF_CASES = {
    "the age limit": ("within: 24 hours", "within: 12 hours", [
        "call-sample requirement 1: Call sample needs to be within 24 hours of the call -> "
        "Call sample needs to be within 12 hours of the call"]),
    "a choice": ("choices: [all calls, intermittent]", "choices: [all calls, sometimes]", [
        "call-quality question 2 choices: pick one of: all calls, intermittent -> "
        "pick one of: all calls, sometimes"]),
    "a direction": ("directions: [incoming, outgoing, internal]",
                    "directions: [incoming, outgoing]", [
                        "call-sample directions: incoming, outgoing, internal -> "
                        "incoming, outgoing"]),
}


@pytest.mark.parametrize("old, new, lines", CHECKLIST_DIFF_CASES.values(),
                         ids=CHECKLIST_DIFF_CASES.keys())
def test_diff_shows_checklist_edits(policy, tmp_path, old, new, lines):
    from calculators.policy_json import to_json

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    _edit(data, "policy.yaml", old, new)
    _live_at(tmp_path / "public", to_json(policy))
    assert _changed(_run("diff", data, tmp_path / "public")) == lines


SHIFT_DAYS = (
    "The escalation tables give each shift's hours but no days. The site takes every shift to "
    "run Monday to Friday in its own time zone, like the support hours (\"M-F\"), office "
    "holidays included. So nobody in a tier is on duty at weekends, and between some shifts on "
    "weekdays, although the policy says \"around the clock\".")
SHIFT_WORDS = "Region and Hours | USA 5 A.M. - 6 P.M. PT 12 P.M. - 1 A.M. GMT |"
LAST_READING_END = "Partner Support (see Escalation).\n    confirmed: no\n"
NEW_READING = """  - id: weekend-routes
    title: What to do at weekends
    policy_words: ["Our follow-the-sun support model"]
    site_reading: The site names the Escalate Case button.
    confirmed: no
"""

# A reading's heading, status, words, meaning and what rests on it are facts readers see on
# "How the answers are worked out" (and its marks): `make diff` says how each edit moves them.
READING_DIFF_CASES = {
    "its meaning": (
        "readings.yaml", "run Monday to Friday in its own time zone",
        "run Monday to Saturday in its own time zone",
        [f"reading shift-days site's reading: {SHIFT_DAYS} -> "
         f"{SHIFT_DAYS.replace('Monday to Friday', 'Monday to Saturday')}"]),
    "the owner confirms it": (
        "readings.yaml", 'although the policy says "around the clock".\n    confirmed: no',
        'although the policy says "around the clock".\n'
        "    confirmed: {by: Jane Doe, date: 2026-12-01}",
        ["reading shift-days confirmed: not confirmed by the policy owner -> confirmed by "
         "Jane Doe on 2026-12-01"]),
    "its title": (
        "readings.yaml", "title: Which days the escalation shifts run",
        "title: The days the escalation shifts run",
        ["reading shift-days: Reading 6: Which days the escalation shifts run -> Reading 6: "
         "The days the escalation shifts run"]),
    "its words": (
        "readings.yaml", f'      - "{SHIFT_WORDS}"', '      - "USA 5 A.M. - 6 P.M. PT"',
        [f"reading shift-days policy's words 1: {SHIFT_WORDS} -> USA 5 A.M. - 6 P.M. PT"]),
    "no data names it any more": (
        "contacts.yaml", "          readings: [tier1-director-columns]\n", "",
        ["reading tier1-director-columns affects: whom to escalate to if the initial response "
         "is missed; Tier 1 Support: who is on duty, whom to call, the tier's table, week chart "
         "and calendar -> nothing"]),
    # Added at the end of the file, it takes the next number and the others keep theirs.
    "a new one": (
        "readings.yaml", LAST_READING_END, LAST_READING_END + NEW_READING,
        ["reading weekend-routes: (new) Reading 13: What to do at weekends",
         "reading weekend-routes confirmed: (new) not confirmed by the policy owner",
         "reading weekend-routes policy's words 1: (new) Our follow-the-sun support model",
         "reading weekend-routes site's reading: (new) The site names the Escalate Case button.",
         "reading weekend-routes affects: (new) nothing"]),
}


@pytest.mark.parametrize("file, old, new, lines", READING_DIFF_CASES.values(),
                         ids=READING_DIFF_CASES.keys())
def test_diff_shows_reading_edits(policy, tmp_path, file, old, new, lines):
    from calculators.policy_json import to_json

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    _edit(data, file, old, new)
    _live_at(tmp_path / "public", to_json(policy))
    assert _changed(_run("diff", data, tmp_path / "public")) == lines


def _changed(result: subprocess.CompletedProcess) -> list[str]:
    """The lines of `diff` output that list what changes, without their indent."""
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    shown = result.stdout.splitlines()
    start = next(index for index, line in enumerate(shown)
                 if line.startswith("What readers will see change, against "))
    return [line.removeprefix("  ") for line in shown[start + 1:]]


def test_diff_against_a_release_before_readings_says_they_were_added(policy, tmp_path):
    # That release's policy.json has no readings: it loads with none, and every reading's
    # facts are new; nothing else changes.
    from calculators.policy_json import to_json
    from old_releases import before_readings
    from publishing.changes import reader_facts

    _live_at(tmp_path / "public", before_readings(to_json(policy)))
    changed = _changed(_run("diff", DATA, tmp_path / "public"))
    assert changed[:3] == [
        "reading initial-response-clock: (new) Reading 1: Which time counts towards an initial "
        "response",
        "reading initial-response-clock confirmed: (new) not confirmed by the policy owner",
        "reading initial-response-clock policy's words 1: (new) Service Level Targets (SLT*): "
        "Initial Response"]
    assert changed == [f"{key}: (new) {value}" for key, value in reader_facts(policy).items()
                       if key.startswith("reading ")]
    assert len(changed) == 5 * len(policy.readings) + sum(
        len(reading.policy_words) - 1 for reading in policy.readings)


def test_diff_against_a_policy_in_an_older_shape_lists_every_fact(policy, tmp_path):
    from calculators.policy_json import to_json

    _live_at(tmp_path / "public", _in_the_old_shape(to_json(policy)))
    result = _run("diff", DATA, tmp_path / "public")
    assert (result.returncode, result.stderr) == (0, "")
    assert (f"What readers will see change, against the site published in {tmp_path / 'public'}"
            ", whose policy an earlier version of the site wrote in another shape (so every fact "
            "is listed):") in result.stdout.splitlines()
    assert f"  policy last updated: (new) {policy.updated}" in result.stdout.splitlines()


def test_the_published_release_carries_the_hosts_headers(published):
    # `make publish` builds into the release folder, so the release has finish's _headers, with
    # a rule for each of its pages (the site checks read only pages: _headers is no page).
    _, public = published
    rules = (public / "_headers").read_text(encoding="utf-8")
    pages = sorted(page.relative_to(public).as_posix() for page in public.rglob("*.html"))
    assert len(pages) >= 7
    assert [page for page in pages if f"\n/{page}\n  Cache-Control: " not in rules] == []
