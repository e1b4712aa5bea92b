"""What staff read when they publish, diff and roll back (issue 20): a second change on the same
day keeps its date while a forgotten one is refused; warnings a change adds or removes stand
apart from the known ones; a rollback says what the data still holds and when it brings back
what an earlier rollback withdrew; a diff of broken data publishes nothing and says so without
"not published".

The publishes copy the session's built site with the edited data's policy written into it
(``--site``): the checks compare only that file with the data, and a build per publish would
take over a minute each."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from publishing.changes import kept_date, publication_day

UK_PHONE = '{label: UK, number: "+ 44 2070966060"}'
EMEA_VACANT = "holders: {usa: dipen-shah, apac: dipen-shah, emea: vacant}"
EMEA_NAMED = "holders: {usa: dipen-shah, apac: dipen-shah, emea: dipen-shah}"
UNNAMED_PERSON = "  people:\n    - {id: jane-doe, name: Jane Doe}\n"


def _phone(number: str) -> str:
    return f'{{label: UK, number: "{number}"}}'


def _edit(data: Path, file: str, old: str, new: str) -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _dated(data: Path, day: dt.date) -> None:
    for path in data.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^updated: \d{4}-\d{2}-\d{2}$", f"updated: {day}", text,
                               count=1, flags=re.M), encoding="utf-8")


def _run(command: str, data: Path, public: Path, site: Path | None = None,
         **env: str) -> subprocess.CompletedProcess:
    line = [sys.executable, "-m", "publishing", command, "--data", str(data), "--to", str(public)]
    if site is not None:
        line += ["--site", str(site)]
    return subprocess.run(line, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def _ok(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def _journal(public: Path) -> dict:
    return json.loads((public.with_name("public.releases") / "journal.json").read_text())


def _live(public: Path) -> str:
    return Path(os.readlink(public)).name


@pytest.fixture
def staff(site, tmp_path):
    """(data, public, publish): a data folder to edit, where to publish it, and a publish of the
    data as it is then (the session's site carrying that data's policy)."""
    from calculators.policy_json import to_json
    from policydata import load_policy

    data, public = tmp_path / "data", tmp_path / "public"
    shutil.copytree(DATA, data)
    count = 0

    def publish(**env: str) -> subprocess.CompletedProcess:
        nonlocal count
        count += 1
        copy = tmp_path / f"site-{count}"
        shutil.copytree(site, copy)
        (copy / "assets/calculators/policy.json").write_text(
            json.dumps(to_json(load_policy(data))), encoding="utf-8")
        return _run("publish", data, public, copy, **env)

    return data, public, publish


# (the published date, the edit's date, the instant of publication, what the edit's date is)
DATES = {
    "a second change the same day": ("2026-12-04", "2026-12-04", "2026-12-04T20:00Z", "same day"),
    # 17:00 on 4 December in Los Angeles: staff there write 2026-12-04, and it is still that day.
    "the same day, somewhere it still is": ("2026-12-04", "2026-12-04", "2026-12-05T11:59Z",
                                            "same day"),
    "the day is over everywhere": ("2026-12-04", "2026-12-04", "2026-12-05T12:00Z", "forgotten"),
    "a date forgotten for days": ("2026-11-27", "2026-11-27", "2026-12-04T20:00Z", "forgotten"),
    "the date moved on": ("2026-11-27", "2026-12-04", "2026-12-04T20:00Z", None),
}


@pytest.mark.parametrize("published, edited, now, expected", DATES.values(), ids=DATES.keys())
def test_a_change_keeps_its_date_only_on_its_day(policy, published, edited, now, expected):
    before = dataclasses.replace(policy, updated=dt.date.fromisoformat(published))
    after = dataclasses.replace(policy, updated=dt.date.fromisoformat(edited),
                                out_of_hours="Call the duty manager.")
    today = publication_day(dt.datetime.fromisoformat(now))
    assert kept_date(before, after, today) == expected
    # Without a change readers see, the date is nobody's concern.
    assert kept_date(before, dataclasses.replace(before), today) is None


def test_two_publishes_on_one_day(staff):
    data, public, publish = staff
    today = publication_day()
    _dated(data, today)
    _ok(publish())
    _edit(data, "contacts.yaml", UK_PHONE, _phone("+44 20 7096 6061"))

    diff = _ok(_run("diff", data, public))
    assert f"Dated today, {today}, as the published site: a second change on the same day " \
           "keeps its date." in diff
    assert diff[-2:] == [f"What readers will see change, against the site published in {public}:",
                         "  europe phone UK: +44 20 7096 6060 -> +44 20 7096 6061"]
    second = _ok(publish())
    assert second[-1].startswith(f"Published to {public} (release {_live(public)})")
    assert _journal(public)["releases"][_live(public)]["policy_updated"] == today.isoformat()


def test_a_date_left_from_an_earlier_day_is_refused(staff):
    data, public, publish = staff
    _dated(data, dt.date(2026, 11, 27))
    _ok(publish())
    live = _live(public)
    _edit(data, "contacts.yaml", UK_PHONE, _phone("+44 20 7096 6061"))

    refusing = _run("diff", data, public)
    assert refusing.returncode == 1  # where publish would refuse, so does a check built on diff
    diff = refusing.stdout.splitlines()
    assert "`make publish` will refuse this: readers would see changes, but the policy's date " \
           "is still 2026-11-27, as the published site's, and that day is over; set `updated:` " \
           "to today's date in each file you edited." in diff
    refused = publish()
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "not published: readers would see changes, but the policy's date is still 2026-11-27, "
        "as the published site's, and that day is over; set `updated:` to today's date in each "
        "file you edited",
        "  europe phone UK: +44 20 7096 6060 -> +44 20 7096 6061"]
    assert _live(public) == live


def test_nothing_published_is_said_first(tmp_path):
    empty = tmp_path / "public"
    lines = _ok(_run("diff", DATA, empty))
    assert lines[0] == f"Nothing is published in {empty} yet: everything below is new to readers."
    assert re.fullmatch(r"\d+ new warnings:", lines[1]), lines[1]
    assert "What readers will see change, against nothing (first publication):" in lines


def test_warnings_a_change_adds_and_removes_stand_apart(staff):
    data, public, publish = staff
    _dated(data, publication_day())
    first = _ok(publish())
    recorded = _journal(public)["releases"][_live(public)]["warnings"]
    assert len(recorded) > 2
    assert first[1] == f"{len(recorded)} new warnings:"
    # In full, as far as one screen goes, each with its place (which the journal leaves out).
    shown = [line.split(": ", 1)[1] for line in first[2:22]]
    assert shown == recorded[:20]

    _edit(data, "contacts.yaml", EMEA_VACANT, EMEA_NAMED)
    _edit(data, "contacts.yaml", "  people:\n", UNNAMED_PERSON)
    diff = _ok(_run("diff", data, public))
    start = diff.index("1 new warning:")
    assert diff[start:start + 5] == [
        "1 new warning:",
        f"  {data / 'contacts.yaml'}:97:12: warning: Jane Doe (jane-doe) is listed but no role "
        "names them",
        "1 warning gone:",
        "  warning: Tier 1 Support in EMEA/UK: every role is vacant, so its shift names nobody "
        "to escalate to",
        f"{len(recorded) - 1} known warnings, as in the published site; `make validate` lists "
        "them."]


def test_a_journal_without_warnings_lists_them_all(staff):
    # A release published before warnings were recorded: nothing to tell new ones from.
    data, public, publish = staff
    _dated(data, publication_day())
    _ok(publish())
    path = public.with_name("public.releases") / "journal.json"
    journal = json.loads(path.read_text())
    count = len(journal["releases"][_live(public)].pop("warnings"))
    del journal["withdrawn"]
    path.write_text(json.dumps(journal))
    diff = _ok(_run("diff", data, public))
    assert diff[0] == (f"{count} warnings; the published release kept no record of its own to "
                       "compare with, so all are listed:")


def _phone_edit_published(staff):
    """``staff`` with today's data published, then an edit of the UK number published."""
    data, _, publish = staff
    _dated(data, publication_day())
    _ok(publish())
    _edit(data, "contacts.yaml", UK_PHONE, _phone("+44 20 7096 6061"))
    _ok(publish())
    return staff


def test_rollback_says_what_the_data_still_holds(staff):
    data, public, publish = _phone_edit_published(staff)

    rolled = _ok(_run("rollback", data, public))
    assert rolled[1:] == [
        "What readers see change, against the release rolled back from:",
        "  europe phone UK: +44 20 7096 6061 -> +44 20 7096 6060",
        f"{data} still holds the edit rolled back, so the next `make publish` would bring it "
        "back; fix or revert it there first:",
        "  europe phone UK: +44 20 7096 6060 -> +44 20 7096 6061"]


# What the data holds after a rollback, and what the rollback says of it.
DATA_AFTER = {
    "reverted": ("+ 44 2070966060", "{data} holds what readers now see."),
    "corrected": ("+44 20 7096 6062", "{data} holds none of the edit rolled back, but differs "
                                      "from what readers now see: `make diff` shows how."),
    "broken": ("+44 20 7096 6061\" oops", "{data} has problems (`make validate` lists them), "
                                          "so whether it still holds the edit rolled back is "
                                          "not known."),
}


@pytest.mark.parametrize("number, says", DATA_AFTER.values(), ids=DATA_AFTER.keys())
def test_rollback_says_what_became_of_the_edit(staff, number, says):
    data, public, publish = _phone_edit_published(staff)
    _edit(data, "contacts.yaml", _phone("+44 20 7096 6061"), _phone(number))
    assert _ok(_run("rollback", data, public))[-1] == says.format(data=data)


def test_a_rollback_that_brings_back_a_withdrawn_policy_says_so(staff):
    # The edit rolled back, published again from data that still held it, then corrected: the
    # second rollback goes to the release that carries the withdrawn policy.
    data, public, publish = _phone_edit_published(staff)
    bad = _live(public)
    first = _ok(_run("rollback", data, public))
    assert not any(line.startswith("Careful") for line in first)
    _ok(publish())
    again = _live(public)
    _edit(data, "contacts.yaml", _phone("+44 20 7096 6061"), _phone("+44 20 7096 6062"))
    _ok(publish())

    second = _ok(_run("rollback", data, public))
    withdrawn = next(record for record in _journal(public)["withdrawn"]
                     if record["release"] == bad)
    when = dt.datetime.fromisoformat(withdrawn["at"]).strftime("%Y-%m-%d %H:%M UTC")
    assert second[0].startswith(f"{public} now serves release {again} again")
    assert second[1] == (f"Careful: release {again} has the same policy as release {bad}, which "
                         f"a rollback withdrew on {when}; readers now see that withdrawn policy "
                         "again.")


# The command, and how it says that broken data stops it.
BROKEN = {
    "diff": ("diff", "The data has problems, so nothing can be compared until they are fixed:"),
    "publish": ("publish", "not published: the data has problems; nothing was published"),
}


@pytest.mark.parametrize("command, says", BROKEN.values(), ids=BROKEN.keys())
def test_broken_data(tmp_path, command, says):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    _edit(data, "contacts.yaml", 'close: "18:00"}', 'close: "25:00"}')
    result = _run(command, data, tmp_path / "public")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == says
    assert lines[1].startswith(f"  {data / 'contacts.yaml'}:29:68: '25:00' is not a 24-hour time")
    assert not (tmp_path / "public").exists()


# Whether the publish is asked to remember its folder (as the Makefile's recipes ask).
@pytest.mark.parametrize("asked", [True, False], ids=["asked", "not asked"])
def test_a_publish_remembers_its_folder_only_when_asked(staff, tmp_path, asked):
    from publishing.releases import LAST_TARGET_VARIABLE, last_target

    data, public, publish = staff
    _dated(data, publication_day())
    memory = tmp_path / "cache" / "published-to"
    _ok(publish(**({LAST_TARGET_VARIABLE: str(memory)} if asked else {})))
    assert last_target(memory) == (str(public) if asked else None)


def test_a_rollback_to_a_release_withdrawn_itself_says_so(staff):
    # Only a link moved by hand brings a withdrawn release back under the live one: A, B, C
    # published, rolled back to A (withdrawing C, then B), the link put back on C.
    data, public, publish = staff
    _dated(data, publication_day())
    for number in ("+44 20 7096 6060", "+44 20 7096 6061", "+44 20 7096 6062"):
        _edit(data, "contacts.yaml", re.search(r'\{label: UK, number: "[^"]*"\}',
                                               (data / "contacts.yaml").read_text()).group(),
              _phone(number))
        _ok(publish())
    c = _live(public)
    b = _journal(public)["releases"][c]["before"]
    _ok(_run("rollback", data, public))
    _ok(_run("rollback", data, public))
    os.unlink(public)
    os.symlink(os.path.relpath(public.with_name("public.releases") / c, public.parent), public)

    again = _ok(_run("rollback", data, public))
    withdrawn = next(record for record in _journal(public)["withdrawn"] if record["release"] == b)
    when = dt.datetime.fromisoformat(withdrawn["at"]).strftime("%Y-%m-%d %H:%M UTC")
    assert again[1] == (f"Careful: release {b} was itself withdrawn by a rollback on {when}; "
                        "readers now see it again.")
