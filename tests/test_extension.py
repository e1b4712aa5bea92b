"""sitegen.extension in plain Python-Markdown, the way any engine loads it: markers rendered,
links left for the engine's own link resolver, the content framed, the data loaded once, and
errors that name the file and line."""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as etree

import markdown
import pytest
from markdown.treeprocessors import Treeprocessor

from conftest import DATA
from sitegen.extension import PolicyDataError, PolicyExtension, policy_from
from sitegen.finish import split_content
from sitegen.render import MarkerError, render_section

PAGE = "# Service levels\n\nProse.\n\n<!-- policy: target-clocks -->\n\nMore prose.\n"


class _Resolver(Treeprocessor):
    """What an engine's link resolver does (MkDocs' runs at priority 0): x.md -> ../x/."""

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.endswith(".md"):
                link.set("href", f"../{href.removesuffix('.md')}/")


class _Engine(markdown.Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_Resolver(md), "relpath", 0)


def _convert(text: str, *extensions) -> str:
    return markdown.markdown(text, extensions=[PolicyExtension(data=str(DATA)), *extensions])


@pytest.mark.parametrize("engine, href, readings", [
    ((), "contact.md", "readings.md"),
    ((_Engine(),), "../contact/", "../readings/"),
], ids=["no resolver: the engine rewrites raw HTML (Zensical)", "a tree resolver (MkDocs)"])
def test_links_in_blocks_are_what_the_engine_makes_of_them(policy, engine, href, readings):
    split = split_content(_convert(PAGE, *engine))
    assert f'<a href="{href}">regional hours and office holidays</a>' in split.page
    assert f'href="{readings}#reading-business-days"' in split.page
    assert "policy-link-" not in split.page
    # The link elements lent to the engine are gone again: only the block's own are left.
    block = render_section("target-clocks", policy, link=str)
    assert split.page.count("<a ") == block.count("<a ")


def test_the_block_replaces_the_marker_and_the_content_is_framed():
    html = _convert(PAGE)
    split = split_content(html)
    assert split.content == split.page and html != split.page
    assert "<!-- policy:" not in split.page
    assert "<p>Prose.</p>" in split.page and "<p>More prose.</p>" in split.page
    assert "Counts towards the updates of S2 and S3." in split.page


@pytest.mark.parametrize("text, message", [
    ("# T\n\n<!-- policy: holiday-table -->\n",
     "the page:3: unknown marker <!-- policy: holiday-table -->"),
    ("Text\n<!-- policy: target-clocks --> and more\n",
     "the page:2: marker <!-- policy: target-clocks --> must stand alone"),
], ids=["unknown", "not alone"])
def test_bad_markers_are_refused_with_their_line(text, message):
    with pytest.raises(MarkerError, match="Use one of the known markers") as raised:
        _convert(text)
    assert message in str(raised.value)


def test_bad_data_is_refused_with_file_line_and_column(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    contacts = data / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(
        'close: "18:00"}', 'close: "25:00"}', 1), encoding="utf-8")
    with pytest.raises(PolicyDataError, match=r"contacts\.yaml:\d+:\d+: '25:00' is not"):
        markdown.markdown(PAGE, extensions=[PolicyExtension(data=str(data))])


def test_the_data_is_loaded_once_until_a_file_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    first = policy_from(data)
    assert policy_from(data) is first
    slt = data / "slt.yaml"
    stat = slt.stat()
    os.utime(slt, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = policy_from(data)
    assert again is not first and again == first
