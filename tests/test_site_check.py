"""A release is checked before it goes live: lychee finds links and anchors that lead nowhere, and
the project's own checks find pages without content, unreplaced markers, links in schemes the
site does not publish, and widget data that is not the policy's. Each case breaks one thing in a
copy of the built site and reads the one problem it must cause; `make publish` then refuses it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from publishing import link_check
from publishing.site_check import POLICY_JSON, check_site

ESCALATION = "escalation/index.html"


def _insert_in_article(markup: str):
    return lambda text: text.replace("</article>", markup + "</article>", 1)


def _without_words_in_article(text: str) -> str:
    """The article's elements, anchors and links kept, every word of it gone."""
    start, end = text.index("<article"), text.index("</article>")
    return text[:start] + re.sub(r">[^<]+<", "><", text[start:end]) + text[end:]


BROKEN = [
    # (what is broken, file, how its text changes, the problem the check must report)
    ("an anchor on another page", ESCALATION,
     _insert_in_article('<a href="../contact/#no-such-office">x</a>'),
     "link to /contact/#no-such-office: no such anchor on that page"),
    ("an anchor on the page itself", ESCALATION,
     _insert_in_article('<a href="#nobody-here">x</a>'),
     "link to /escalation/#nobody-here: no such anchor on that page"),
    ("a page that does not exist", ESCALATION,
     _insert_in_article('<a href="../no-such-page/">x</a>'),
     "link to /no-such-page: leads to nothing"),
    ("a root-relative link, as on 404.html", "404.html",
     lambda text: text.replace("</body>", '<a href="/contact/#nowhere">x</a></body>', 1),
     "link to /contact/#nowhere: no such anchor on that page"),
    ("an image that is not there", ESCALATION,
     _insert_in_article('<img src="../assets/missing.png" alt="">'),
     "link to /assets/missing.png: leads to nothing"),
    ("a javascript: link", ESCALATION,
     _insert_in_article('<a href="javascript:alert(1)">x</a>'),
     "link 'javascript:alert(1)' uses a scheme the site does not publish"),
    ("a marker left in the page", ESCALATION,
     _insert_in_article("<!-- policy:contacts -->"),
     "marker <!-- policy:contacts --> was not replaced"),
    ("a page with an empty article", ESCALATION,
     lambda text: _without_words_in_article(text),
     "escalation/index.html: the page has no content"),
    ("widget data that is not the policy's", str(POLICY_JSON),
     lambda text: text.replace('"S1"', '"S9"', 1),
     "does not match data/; the widgets would answer from other data"),
]


@pytest.fixture(scope="module")
def linked(site, tmp_path_factory) -> Path:
    """The built site, hard-linked: each case copies only the file it breaks."""
    copy = tmp_path_factory.mktemp("checked") / "site"
    shutil.copytree(site, copy, copy_function=os.link)
    return copy


@pytest.fixture
def broken_site(linked, tmp_path):
    def broken(name: str, change) -> Path:
        copy = tmp_path / "site"
        shutil.copytree(linked, copy, copy_function=os.link)
        target = copy / name
        text = change(target.read_text(encoding="utf-8"))
        target.unlink()  # a hard link: writing in place would change the session's site too
        target.write_text(text, encoding="utf-8")
        return copy
    return broken


def test_the_built_site_passes(linked, policy):
    assert check_site(linked, policy) == []


@pytest.mark.parametrize("what, name, change, problem", BROKEN, ids=[case[0] for case in BROKEN])
def test_one_break_is_one_problem(broken_site, policy, what, name, change, problem):
    problems = check_site(broken_site(name, change), policy)
    assert len(problems) == 1, problems
    assert problem in problems[0]


def test_a_link_problem_names_page_line_and_column(broken_site, policy):
    site = broken_site(ESCALATION, _insert_in_article('<a href="../contact/#gone">x</a>'))
    [problem] = check_site(site, policy)
    where = problem.split(": ")[0]
    page, line, column = where.split(":")
    assert page == ESCALATION
    text = (site / ESCALATION).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert 'href="../contact/#gone"' in text
    assert 1 <= int(column) <= len(text)


def test_without_the_checker_nothing_passes(linked, policy, monkeypatch, tmp_path):
    monkeypatch.setattr(link_check, "LYCHEE", tmp_path / "no-lychee")
    [problem] = check_site(linked, policy)
    assert problem.startswith("links and anchors were not checked: the link checker is not "
                              "installed")


def test_publish_refuses_a_release_with_a_broken_anchor(broken_site, tmp_path):
    site = broken_site(ESCALATION, _insert_in_article('<a href="../contact/#gone">x</a>'))
    public = tmp_path / "public"
    result = subprocess.run(
        [sys.executable, "-m", "publishing", "publish", "--to", str(public), "--data", str(DATA),
         "--site", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert "the built site failed its checks; nothing was published" in result.stderr
    assert "link to /contact/#gone: no such anchor on that page" in result.stderr
    assert not public.exists() or not any(public.iterdir())
