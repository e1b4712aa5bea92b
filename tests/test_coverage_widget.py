"""The week charts and the deadline's calendar in Chromium: drawn by the worker in the reader's
zone, equal to the calculators' Python, moved by week and zone from the keyboard and the URL;
the calendar downloaded, nothing sent."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest

from calculators.coverage_chart import week_chart
from conftest import ROOT
from screens import screen

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT_MS = 60_000
NOW = "2026-11-30T09:04:00Z"


def _charts(page, group: str = "tiers"):
    page.wait_for_selector(f"#coverage-{group}[data-state=answered]", timeout=ANSWER_TIMEOUT_MS)
    return page.locator(f"#coverage-{group}")


def _query(page) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


@pytest.fixture
def reader(browser, site_url):
    """A reader in New York at NOW, on a page that may reach only the site itself."""
    with screen(browser, site_url, 1280, timezone_id="America/New_York",
                accept_downloads=True) as context:
        page = context.new_page()
        page.clock.set_fixed_time(NOW)
        yield page


@pytest.mark.parametrize("path, group, views", [
    ("escalation/", "tiers", ["tier1", "tier2", "tier2-partner"]),
    ("contact/", "support", ["support"]),
])
def test_charts_are_redrawn_in_the_readers_zone(reader, site_url, policy, path, group, views):
    reader.goto(site_url + path)
    charts = _charts(reader, group)
    now = dt.datetime.fromisoformat(NOW)
    for view, section in zip(views, charts.locator("section.cov").all(), strict=True):
        expected = week_chart(policy, view, "America/New_York", dt.date(2026, 11, 30), now)
        assert section.locator(".cov-caption").inner_text() == (
            "The week of Mon 30 Nov 2026, in America/New_York.")
        assert section.locator(".cov-gaps li").all_inner_texts() == expected["gaps"]
        rows = section.locator(".cov-table tbody tr").all()
        assert [row.locator("td").all_text_contents() for row in rows] == [
            [", ".join(lane["open"]) or "closed" for lane in row["lanes"]]
            for row in expected["rows"]]
    # "Now" is marked once in each drawing (the wide one and the phone's), in the first chart.
    first = charts.locator("section.cov").first
    assert [first.locator(f".cov-chart-{kind} .cov-now").count() for kind in ("wide", "phone")] \
        == [1, 1]


def test_weeks_and_zone_from_the_keyboard(reader, site_url):
    reader.goto(site_url + "escalation/")
    charts = _charts(reader)
    caption = charts.locator(".cov-caption").first
    charts.locator("button", has_text="Next week").focus()
    reader.keyboard.press("Enter")
    reader.wait_for_function("() => document.querySelector('.cov-caption').innerText"
                             ".includes('7 Dec')", timeout=ANSWER_TIMEOUT_MS)
    assert _query(reader)["week"] == "2026-12-07"
    zone = charts.locator("input[name=tz]")
    zone.focus()
    reader.keyboard.press("Control+A")
    reader.keyboard.type("Asia/Tokyo")
    reader.keyboard.press("Tab")  # leaving the field asks
    reader.wait_for_function("() => document.querySelector('.cov-caption').innerText"
                             ".includes('Asia/Tokyo')", timeout=ANSWER_TIMEOUT_MS)
    assert caption.inner_text() == "The week of Mon 7 Dec 2026, in Asia/Tokyo."
    assert _query(reader)["tz"] == "Asia/Tokyo"
    assert charts.locator(".cov-status").inner_text() == (
        "Showing the week of Mon 7 Dec 2026, in Asia/Tokyo.")


@pytest.mark.parametrize("week, usa_monday", [
    ("2026-03-02", "13:00-24:00"),  # US winter time
    ("2026-03-09", "12:00-24:00"),  # the US clocks went forward on Sunday 8 March
])
def test_the_week_of_a_clock_change_shows_the_shift_moving(reader, site_url, week, usa_monday):
    reader.goto(f"{site_url}escalation/?week={week}&tz=UTC")
    first = _charts(reader).locator("section.cov").first
    monday = first.locator(".cov-table tbody tr").first.locator("td").first
    assert monday.text_content() == usa_monday


def test_a_zone_that_is_not_one_keeps_the_charts(reader, site_url):
    reader.goto(f"{site_url}contact/?tz=Mars")
    reader.wait_for_selector("#coverage-support[data-state=invalid]", timeout=ANSWER_TIMEOUT_MS)
    group = reader.locator("#coverage-support")
    assert group.locator(".cov-status").inner_text().startswith("“Mars” is not a time zone")
    assert group.locator("input[name=tz]").get_attribute("aria-invalid") == "true"
    # The chart drawn at build time (a typical week) is still there.
    assert group.locator(".cov-caption").inner_text().startswith("A typical week")


def test_add_to_calendar_downloads_the_cases_deadlines(reader, site_url):
    reader.goto(f"{site_url}service-levels/?priority=S2&region=europe&at=2026-03-27T17:00:00Z")
    reader.wait_for_selector("form[data-widget=deadline][data-state=answered]",
                             timeout=ANSWER_TIMEOUT_MS)
    button = reader.get_by_role("button", name="Add to calendar (.ics)")
    button.focus()
    with reader.expect_download() as info:
        reader.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "S2-case-20260327T1700Z.ics"
    calendar = icalendar.Calendar.from_ical(open(download.path(), "rb").read())
    shown = [event.decoded("DTSTART") for event in calendar.walk("VEVENT")]
    cli = json.loads(subprocess.run(
        [sys.executable, "-m", "calculators", "deadline", "--priority", "S2", "--region",
         "europe", "--at", "2026-03-27T17:00:00Z", "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    due = [cli["initial_response"]["due"], *(update["due"] for update in cli["updates"])]
    assert [instant.isoformat().replace("+00:00", "Z") for instant in shown] == due
