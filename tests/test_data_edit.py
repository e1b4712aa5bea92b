"""An edit to one value in data/ reaches every place the site shows it, and nothing keeps the old
one: the pages, their links, the calculators' policy and the search index."""

from __future__ import annotations

import shutil

import pytest

from conftest import DATA, build_site

EDITS = {
    # the value as written in the data, old and new; as shown, old and new (the international
    # format); old link, new link; the page that shows it
    "support phone": ("+ 44 2070966060", "+44 20 7096 6099", "+44 20 7096 6060",
                      "+44 20 7096 6099", "tel:+442070966060", "tel:+442070966099",
                      "contact/index.html"),
    "escalation phone": ("+1 (209) 362-3905", "+1 (209) 362-3999", "+1 209-362-3905",
                         "+1 209-362-3999", "tel:+12093623905", "tel:+12093623999",
                         "escalation/index.html"),
}


@pytest.mark.parametrize("written, new_written, old, new, old_link, new_link, page",
                         EDITS.values(), ids=EDITS.keys())
def test_one_edit_changes_every_place(tmp_path, written, new_written, old, new, old_link,
                                      new_link, page):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    contacts = data / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert text.count(written) == 1, "the value is written once in the data"
    contacts.write_text(text.replace(written, new_written), encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, data=data)
    assert result.returncode == 0, result.stderr
    shown = {}
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json"):
            content = path.read_text(encoding="utf-8")
            assert old not in content and old_link not in content, path
            shown[str(path.relative_to(site))] = new in content or new_link in content
    assert shown[page]
    assert shown["assets/calculators/policy.json"]
