"""A pull request's job summary (issue 20): `make diff FORMAT=markdown BASE_DATA=...` writes
what readers will see change as Markdown, by the site's pages, naming the readings a change
touches; data cannot add markup to it, and it stays within the runner's 1 MiB."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown as python_markdown
import pytest

from conftest import DATA, ROOT
from policydata.recipes import command_line
from publishing import summary
from publishing.changes import publication_day


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The pull request's base: the shipped data, in a folder whose name needs escaping, dated
    today, so that an edit made today keeps its date (as a second change on one day does)."""
    folder = tmp_path_factory.mktemp("base") / "pr_base [*]"
    shutil.copytree(DATA, folder)
    _date(folder, publication_day())
    return folder


def _date(data: Path, day: dt.date) -> None:
    for path in data.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^updated: .*$", f"updated: {day.isoformat()}", text),
                        encoding="utf-8")


@pytest.fixture
def head(tmp_path, base) -> Path:
    """The pull request's data: a copy of the base, to edit."""
    return shutil.copytree(base, tmp_path / "head")


def _edit(data: Path, file: str, old: str, new: str) -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _confirm(data: Path, reading_id: str, by: str, date: str) -> None:
    """``reading_id``'s `confirmed: no` in readings.yaml becomes who and when."""
    path = data / "readings.yaml"
    text, count = re.subn(rf"(- id: {reading_id}\n(?:    .*\n|\n)*?    confirmed: )no",
                          rf"\g<1>{{by: {by}, date: {date}}}",
                          path.read_text(encoding="utf-8"))
    assert count == 1
    path.write_text(text, encoding="utf-8")


def _diff(head: Path, base: Path, *more: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "publishing", "diff", "--data", str(head), "--against", str(base),
         "--format", "markdown", *more],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _headline(base: Path, changes: str, pages: str) -> str:
    return (f"### What readers will see change: {changes} on {pages}, against the data in "
            f"{summary.text(str(base))}")


def _sections(markdown: str) -> dict[str, list[str]]:
    """Page heading -> the rows of its table."""
    sections: dict[str, list[str]] = {}
    for line in markdown.splitlines():
        if line.startswith("#### "):
            rows = sections.setdefault(line.removeprefix("#### "), [])
        elif line.startswith("| ") and not line.startswith(("| What |", "| --- |")):
            rows.append(line)
    return sections


HOLIDAYS = "Reading 4, “Which holidays each office observes”: not confirmed by the policy owner"
SHIFT_DAYS = "Reading 6, “Which days the escalation shifts run”"
# name: (edits on the pull request's data, the page heading, its one row)
EDITS = {
    "a changed phone number": (
        [("contacts.yaml", '{label: UK, number: "+ 44 2070966060"}',
          '{label: UK, number: "+ 44 2070966061"}')],
        "Contact", "| Europe: phone UK | +44 20 7096 6060 | +44 20 7096 6061 |"),
    "a new office holiday": (
        [("contacts.yaml", "holidays: {calendar: SG, name: Singapore public holidays, "
                           "readings: [office-holidays]}",
          "holidays: {calendar: SG, name: Singapore public holidays, "
          "readings: [office-holidays], add: [{date: 2026-12-24, name: Office party}]}")],
        "Contact",
        f"| APAC: office holiday on 2026-12-24 | *(not shown before)* | Office party | {HOLIDAYS} |"),
    "a confirmed reading": (
        [("readings.yaml", "shift-days", "Jane Doe", "2026-12-01")],
        "How the answers are worked out",
        "| Reading 6: confirmed? | not confirmed by the policy owner | confirmed by Jane Doe on "
        f"2026-12-01 | {SHIFT_DAYS}: confirmed by Jane Doe on 2026-12-01 |"),
    "a shift's hours": (
        [("contacts.yaml", 'emea: {days: [mon, tue, wed, thu, fri], open: "09:00", '
                           'close: "18:30", readings: [shift-days]}',
          'emea: {days: [mon, tue, wed, thu, fri], open: "09:30", close: "18:30", '
          'readings: [shift-days]}')],
        "Escalation",
        "| Tier 1 Support, EMEA/UK: shift | Mon-Fri 09:00-18:30 Europe/Paris | Mon-Fri "
        f"09:30-18:30 Europe/Paris | {SHIFT_DAYS}: not confirmed by the policy owner<br>Reading "
        "9, “\"CET\" in EMEA/UK's escalation hours”: not confirmed by the policy owner |"),
    "a target": (
        [("slt.yaml", "initial_response: {within: 2 hours,", "initial_response: {within: 1 hour,")],
        "Service levels",
        "| S2 initial response | 2 hours | 1 hour | Reading 1, “Which time counts towards an "
        "initial response”: not confirmed by the policy owner |"),
}


def _apply(data: Path, edits) -> None:
    for file, *change in edits:
        if file == "readings.yaml":
            _confirm(data, *change)
        else:
            _edit(data, file, *change)


@pytest.mark.parametrize("edits, page, row", EDITS.values(), ids=EDITS.keys())
def test_an_edit_shows_on_its_page_with_its_readings(head, base, edits, page, row):
    _apply(head, edits)
    result = _diff(head, base)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == _headline(base, "1 change", "1 page")
    assert _sections(result.stdout) == {page: [row]}


def test_the_pages_are_the_navigations_in_its_order(head, base):
    """The summary names pages as readers know them: the titles mkdocs.yml's nav gives."""
    _apply(head, [edit for edits, _, _ in EDITS.values() for edit in edits])
    _date(head, dt.date(2026, 12, 3))  # a date unlike the base's (today's): the footer shows it
    result = _diff(head, base)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == _headline(base, "6 changes", "5 pages")
    assert list(_sections(result.stdout)) == [
        "Service levels", "Contact", "Escalation", "How the answers are worked out",
        "Every page (the footer)"]


def test_no_change_is_one_line(head, base):
    result = _diff(head, base)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"No change for readers against the data in {summary.text(str(base))}.\n"


def test_broken_base_data_is_one_line_and_exit_1(head, tmp_path):
    broken = shutil.copytree(head, tmp_path / "broken")
    _edit(broken, "contacts.yaml", 'open: "08:00", close: "18:00"}', 'open: "08:00", close: "25:00"}')
    result = _diff(head, broken)
    assert result.returncode == 1
    assert result.stdout == ""
    # The data's own warnings come before it, on stderr too (the job's log).
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"not compared: the data in {broken} has problems: ")
    assert "'25:00' is not a 24-hour time" in last


# Text built to break out of a cell, a line or the page: each shows as itself.
HOSTILE = {
    "bar and script": "UK | <script>alert(1)</script>",
    "emphasis and code": "*bold* _it_ `code` ~~gone~~ $x$",
    "link and image": "[click](https://evil.example) ![i](https://evil.example/i.png)",
    "heading and quote": "# Heading > quote",
    "entity and backslash": "&lt;b&gt; \\| \\*",
}


@pytest.mark.parametrize("label", HOSTILE.values(), ids=HOSTILE.keys())
def test_data_cannot_add_markup(head, base, label):
    yaml_label = label.replace("\\", "\\\\").replace('"', '\\"')
    _edit(head, "contacts.yaml", '{label: UK, number: "+ 44 2070966060"}',
          f'{{label: "{yaml_label}", number: "+ 44 2070966060"}}')
    result = _diff(head, base)
    assert result.returncode == 0, result.stderr
    rendered = _tables(python_markdown.markdown(result.stdout, extensions=["tables"]))
    # The new label and the old one: two rows of three cells in one table, the label's own
    # text in its cell, and nothing else made of it (no script, link, image or emphasis).
    assert rendered.rows == [["What", "Was", "Now"],
                             [f"Europe: phone {label}", "(not shown before)", "+44 20 7096 6060"],
                             ["Europe: phone UK", "+44 20 7096 6060", "(no longer shown)"]]
    assert rendered.tags <= {"h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "em", "p"}


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")

    def handle_data(self, data):
        if self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def _tables(page: str) -> _Tables:
    parser = _Tables()
    parser.feed(page)
    # GitHub (CommonMark) takes a backslash before any ASCII punctuation as that character;
    # Python-Markdown, this test's renderer, only before its own, so "\~" and "\$" are
    # read here as GitHub reads them.
    parser.rows = [[re.sub(r"\\([~$])", r"\1", cell.strip()) for cell in row]
                   for row in parser.rows]
    return parser


@pytest.mark.parametrize("value", [*HOSTILE.values(), "two\nlines\r\nand\u2028more"])
def test_text_is_one_line_that_shows_itself(value):
    escaped = summary.text(value)
    assert "\n" not in escaped and "\r" not in escaped and "\u2028" not in escaped
    assert "<" not in escaped and re.search(r"(?<!\\)\|", escaped) is None
    shown = html.unescape(re.sub(r"\\(.)", r"\1", escaped))
    assert shown == re.sub(r"\r\n|[\n\u2028]", " ", value)


@pytest.fixture(scope="module")
def policy():
    from policydata import load_policy

    return load_policy(DATA)


@pytest.mark.parametrize("limit", [3_000, 20_000, 60_000])
def test_past_the_limit_whole_rows_go_and_are_counted(monkeypatch, policy, limit):
    """Against nothing published, all of the policy's facts are changes; a lowered limit
    leaves most of them out."""
    everything = summary.markdown(None, policy, "nothing")
    total = len(_rows(everything))
    assert len(everything.encode("utf-8")) > limit
    monkeypatch.setattr(summary, "LIMIT", limit)
    shortened = summary.markdown(None, policy, "nothing").encode("utf-8")
    assert len(shortened) <= limit
    text = shortened.decode("utf-8")  # strict: no character cut in two
    shown = _rows(text)
    assert everything.startswith(text.rsplit("\n\n…", 1)[0])
    lines = text.splitlines()
    assert lines[-1] == (f"… and {total - len(shown):,} more changes not shown: "
                         "a job summary holds at most 1 MiB")
    # The table ends before the count (a blank line), on a whole row.
    assert lines[-2] == "" and lines[-3] == shown[-1]


def test_within_the_limit_nothing_is_left_out(policy):
    everything = summary.markdown(None, policy, "nothing")
    assert len(everything.encode("utf-8")) <= summary.LIMIT
    assert "more change" not in everything
    assert len(_rows(everything)) == len(summary.fact_changes(None, policy))


def _rows(markdown: str) -> list[str]:
    return [row for rows in _sections(markdown).values() for row in rows]


def test_make_diff_markdown_against_base_data(head, base):
    """The pull request's job step, through make: POLICY_DATA the change, BASE_DATA its base."""
    _edit(head, "contacts.yaml", '{label: UK, number: "+ 44 2070966060"}',
          '{label: UK, number: "+ 44 2070966061"}')
    environ = {key: value for key, value in os.environ.items()
               if key not in ("FORMAT", "BASE_DATA", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "diff", "FORMAT=markdown", f"BASE_DATA={base}",
         f"POLICY_DATA={head}"],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == _headline(base, "1 change", "1 page")
    assert _sections(result.stdout) == {"Contact": [EDITS["a changed phone number"][2]]}


RECIPES = {
    "neither": ({}, []),
    "markdown": ({"FORMAT": "markdown"}, ["--format=markdown"]),
    "base data, one argument": ({"BASE_DATA": "../b a$(x)`y`"}, ["--against=../b a$(x)`y`"]),
    "both": ({"FORMAT": "markdown", "BASE_DATA": ".base/data"},
             ["--format=markdown", "--against=.base/data"]),
}


@pytest.mark.parametrize("environ, more", RECIPES.values(), ids=RECIPES.keys())
def test_make_diff_passes_format_and_base_data(environ, more):
    assert command_line("diff", environ) == ["-m", "publishing", "diff", "--data=data", *more]
    # publish compares with the published site and writes plain text, whatever they hold.
    assert command_line("publish", environ) == ["-m", "publishing", "publish", "--data=data"]


def test_plain_diff_against_base_data(head, base):
    """--against without --format: the plain lines, against the data folder."""
    _apply(head, EDITS["a target"][0])
    result = subprocess.run(
        [sys.executable, "-m", "publishing", "diff", "--data", str(head), "--against", str(base)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        f"What readers will see change, against the data in {base}:",
        "  S2 initial response: 2 hours -> 1 hour"]


@pytest.mark.parametrize("form", ["markdown", "plain"])
def test_a_date_left_from_an_earlier_day_fails_the_check(tmp_path, form):
    """Against the base, an edit under the base's own date from an earlier day is the forgotten
    date `make publish` refuses: the check fails (exit 1) and says so first."""
    base = shutil.copytree(DATA, tmp_path / "base")
    _date(base, dt.date(2026, 11, 27))
    head = shutil.copytree(base, tmp_path / "head")
    _apply(head, EDITS["a target"][0])
    result = subprocess.run(
        [sys.executable, "-m", "publishing", "diff", "--data", str(head), "--against", str(base),
         "--format", form],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1, result.stderr
    refusal = ("`make publish` will refuse this: readers would see changes, but the policy's "
               "date is still 2026-11-27")
    lines = result.stdout.splitlines()
    if form == "markdown":
        assert lines[1:3] == ["", lines[2]] and lines[2].startswith("**" + summary.text(refusal))
        assert lines[2].endswith("**")
    else:
        said = next(n for n, line in enumerate(lines) if line.startswith(refusal))
        assert lines[said + 1].startswith("What readers will see change, against the data in ")
