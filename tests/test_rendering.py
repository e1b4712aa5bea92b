"""The page sections rendered directly, without a site build: escaping, markers, UTC times."""

from __future__ import annotations

import datetime as dt
import shutil

import markdown
import pytest

from calculators.model import WeeklyHours
from conftest import DATA
from policydata import load_policy
from sitegen import SECTIONS, MarkerError, render_section, replace_markers
from sitegen.views import utc_equivalents

# Text that would run as script, break out of an attribute, or turn into Markdown emphasis and
# a link if any of it were taken as markup.
NASTY = """<script>alert(1)</script> "&' *em* [x](y)"""
NASTY_SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39; *em* [x](y)"
NASTY_EMAIL = """x"'&<script>@8x8.com"""


def _yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


NASTY_QUOTED = _yaml_quoted(NASTY)

# (file, shipped text, the same with NASTY in it): at least one field shown by every section.
EDITS = [
    ("policy.yaml", "The 8x8 Technical Support team", f"{NASTY} The 8x8 Technical Support team"),
    ("policy.yaml", "applies_to: [8x8 Support]", f"applies_to: [{NASTY_QUOTED}]"),
    ("policy.yaml", "contact_hint: Read how to Contact 8x8 Technical Support.",
     f"contact_hint: {NASTY_QUOTED}"),
    ("policy.yaml", "- title: Service identifier", f"- title: {NASTY_QUOTED}"),
    ("policy.yaml", "- title: Case Number", f"- title: {NASTY_QUOTED}"),
    ("policy.yaml", "Fix times will vary", f"{NASTY} Fix times will vary"),
    ("policy.yaml", "As 8x8’s VoIP", f"{NASTY} As 8x8’s VoIP"),
    ("policy.yaml", "- question: Is it on all calls or is it intermittent?",
     f"- question: {NASTY_QUOTED}"),
    ("policy.yaml", "time: Date and time of call", f"time: {NASTY_QUOTED}"),
    ("policy.yaml", "choices: [all calls, intermittent]", f"choices: [all calls, {NASTY_QUOTED}]"),
    ("policy.yaml", "directions: [incoming,", f"directions: [{NASTY_QUOTED},"),
    ("slt.yaml", "name: Production down", f"name: {NASTY_QUOTED}"),
    ("slt.yaml", "SLTs are not", f"{NASTY} SLTs are not"),
    ("slt.yaml", "until: resolution", f"until: {NASTY_QUOTED}"),
    ("contacts.yaml", "name: Europe", f"name: {NASTY_QUOTED}"),
    ("contacts.yaml", "{label: UK, number", f"{{label: {NASTY_QUOTED}, number"),
    ("contacts.yaml", "holidays: {calendar: SG,",
     f"holidays: {{calendar: SG, add: [{{date: 2025-06-03, name: {NASTY_QUOTED}}}],"),
    ("contacts.yaml", "name: England bank holidays", f"name: {NASTY_QUOTED}"),
    ("contacts.yaml", "The Escalate Case button", f"{NASTY} The Escalate Case button"),
    ("contacts.yaml", "APAC's times are in two", f"{NASTY} APAC's times are in two"),
    ("contacts.yaml", "note: The first of the policy's three escalation tiers.",
     f"note: {NASTY_QUOTED}"),
    ("contacts.yaml", "name: EMEA/UK", f"name: {NASTY_QUOTED}"),
    ("contacts.yaml", "name: Dipen Shah", f"name: {NASTY_QUOTED}"),
    ("contacts.yaml", "title: Director, T2 ROM/APAC", f"title: {NASTY_QUOTED}"),
    ("contacts.yaml", "email: dipen.shah@8x8.com", f"email: {_yaml_quoted(NASTY_EMAIL)}"),
    ("contacts.yaml", "name: Tier 1 Support", f"name: {NASTY_QUOTED}"),
    ("contacts.yaml", "- role: Tier 1 Lead", f"- role: {NASTY_QUOTED}"),
    # A reading the target clocks and the readings page show, and a title its marks carry.
    ("readings.yaml", "The site counts only whole days",
     f"{NASTY} The site counts only whole days"),
    ("readings.yaml", "title: Which days the escalation shifts run", f"title: {NASTY_QUOTED}"),
]


# Sections that show no text from the data, only the calculators' wording.
WORDING_ONLY: set[str] = set()
DATA_SECTIONS = [name for name in SECTIONS if name not in WORDING_ONLY]


def _fake_link(src_uri: str) -> str:
    return f"../{src_uri.removesuffix('.md')}/"


@pytest.fixture(scope="module")
def nasty_policy(tmp_path_factory):
    data = tmp_path_factory.mktemp("policy") / "data"
    shutil.copytree(DATA, data)  # the whole folder: the policy text and readings too
    for file, old, new in EDITS:
        text = (data / file).read_text(encoding="utf-8")
        assert old in text, f"the shipped {file} changed: update the edit of {old!r}"
        (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_policy(data)


@pytest.mark.parametrize("marker", DATA_SECTIONS)
def test_data_text_is_escaped(nasty_policy, marker):
    html = render_section(marker, nasty_policy, link=_fake_link)
    assert NASTY_SHOWN in html
    assert "<script" not in html


@pytest.mark.parametrize("marker", DATA_SECTIONS)
def test_markdown_leaves_the_block_alone(nasty_policy, marker):
    page = f"# A page\n\nSome prose.\n<!-- policy: {marker} -->\nMore prose.\n"
    replaced = replace_markers(page, nasty_policy, page="docs/page.md", link=_fake_link)
    html = markdown.markdown(replaced, extensions=["toc"])
    assert NASTY_SHOWN in html
    assert "<script" not in html and "<em>em</em>" not in html and 'href="y"' not in html


def test_email_is_escaped_in_text_and_quoted_in_href(nasty_policy):
    html = render_section("escalation-tiers", nasty_policy, link=_fake_link)
    assert 'href="mailto:x%22%27%26%3Cscript%3E@8x8.com"' in html
    assert ">x&#34;&#39;&amp;&lt;script&gt;@8x8.com</a>" in html


@pytest.mark.parametrize("page_text, message", [
    ("<!-- policy: no-such-table -->\n",
     "docs/x.md:1: unknown marker <!-- policy: no-such-table -->; known markers: overview,"),
    ("# Title\n\n<!--policy:escalation-tier-->\n",
     "docs/x.md:3: unknown marker <!-- policy: escalation-tier -->"),
    ("Text <!-- policy: update-targets --> in a paragraph\n",
     "docs/x.md:1: marker <!-- policy: update-targets --> must stand alone on its line"),
    ("  <!-- policy: update-targets -->\n",
     "docs/x.md:1: marker <!-- policy: update-targets --> must stand alone on its line"),
], ids=["unknown", "unknown, no spaces", "inside a paragraph", "indented"])
def test_bad_marker_names_page_line_and_marker(policy, page_text, message):
    with pytest.raises(MarkerError) as raised:
        replace_markers(page_text, policy, page="docs/x.md", link=_fake_link)
    assert message in str(raised.value)


def test_every_bad_marker_of_a_page_is_reported(policy):
    page = "<!-- policy: one -->\n\n<!-- policy: update-targets -->\n\n<!-- policy: two -->\n"
    with pytest.raises(MarkerError) as raised:
        replace_markers(page, policy, page="docs/x.md", link=_fake_link)
    lines = str(raised.value).splitlines()
    assert [line.split(": unknown marker")[0] for line in lines] == ["docs/x.md:1", "docs/x.md:5"]


def test_page_without_markers_is_unchanged(policy):
    page = "# Title\n\n<!-- an ordinary comment -->\nText.\n"
    assert replace_markers(page, policy, page="docs/x.md", link=_fake_link) == page


def _hours(open_: str, close: str, days=range(5)) -> WeeklyHours:
    return WeeklyHours(days=frozenset(days), open=dt.time.fromisoformat(open_),
                       close=dt.time.fromisoformat(close))


@pytest.mark.parametrize("zone, open_, close, expected", [
    ("America/Los_Angeles", "05:00", "18:00",
     ("13:00-02:00 UTC (PST)", "12:00-01:00 UTC (PDT)")),
    ("Europe/London", "08:00", "18:00", ("08:00-18:00 UTC (GMT)", "07:00-17:00 UTC (BST)")),
    ("Europe/Paris", "07:00", "18:30", ("06:00-17:30 UTC (CET)", "05:00-16:30 UTC (CEST)")),
    ("Europe/Paris", "09:00", "18:30", ("08:00-17:30 UTC (CET)", "07:00-16:30 UTC (CEST)")),
    # Sydney's summer is January, yet standard time (AEST) comes first; Monday 08:00 there is
    # still Sunday in UTC, so the days are named.
    ("Australia/Sydney", "08:00", "17:00",
     ("Sun-Thu 22:00-07:00 UTC (AEST)", "Sun-Thu 21:00-06:00 UTC (AEDT)")),
    ("Asia/Singapore", "09:00", "18:00", ("01:00-10:00 UTC",)),
    ("UTC", "09:00", "17:00", ("09:00-17:00 UTC",)),
    # Overnight, close before open.
    ("Asia/Tokyo", "23:00", "07:00", ("14:00-22:00 UTC",)),
    # A zone the data does not label is named by its offsets (calculators.time_words).
    ("Pacific/Auckland", "06:00", "15:00",
     ("Sun-Thu 18:00-03:00 UTC (UTC+12)", "Sun-Thu 17:00-02:00 UTC (UTC+13)")),
    # West of UTC late in the day: the UTC window starts the day after.
    ("America/New_York", "20:00", "23:00",
     ("Tue-Sat 01:00-04:00 UTC (UTC-5)", "Tue-Sat 00:00-03:00 UTC (UTC-4)")),
])
def test_utc_equivalents(zone, open_, close, expected):
    assert utc_equivalents(_hours(open_, close), zone, range(2025, 2031), _shipped_words()) == \
        expected


def _shipped_words():
    from calculators.time_words import words

    return words(load_policy(DATA))


def test_utc_equivalents_follow_a_zone_that_changed_its_rules():
    # Yukon kept Pacific time with DST until 2020-11-01, then stayed on UTC-7 all year (MST):
    # both offsets show, standard first; unlabelled, PDT and MST are both UTC-7.
    assert utc_equivalents(_hours("09:00", "17:00"), "America/Whitehorse", range(2019, 2022)) == (
        "17:00-01:00 UTC (UTC-8)", "16:00-00:00 UTC (UTC-7)")
