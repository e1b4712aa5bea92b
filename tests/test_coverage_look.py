"""The week charts as readers see them: one colour and one pattern per region on every page,
built and redrawn; each colour 3:1 against the page in both palettes; the whole day on a
phone with "now" in view; without JavaScript, a typical week with its holidays in words."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from calculators.coverage_chart import PATTERNS, typical_week, week_chart
from screens import open_answered, screen

pytestmark = pytest.mark.browser

PAGES = [("contact/", "support"), ("escalation/", "tiers")]
NOW = "2026-12-01T09:04:00Z"  # a Tuesday: every region has a shift that day

# What each drawn lane looks like, by region: its colour class, its pattern and its fill.
LOOKS = """group => [...group.querySelectorAll('svg.cov-chart .cov-lane')]
    .filter(lane => lane.getBoundingClientRect().width > 0)
    .map(lane => {
        const mark = lane.nextElementSibling;
        return {
            region: lane.dataset.region,
            colour: [...lane.classList].find(c => c.startsWith('cov-colour-')),
            pattern: mark && mark.classList.contains('cov-mark')
                ? document.querySelector(mark.getAttribute('fill').slice(4, -1)).innerHTML : '',
            fill: getComputedStyle(lane).fill,
        };
    })"""


def _looks(page) -> dict[str, set]:
    looks: dict[str, set] = {}
    for group in page.locator("[data-widget=coverage]").all():
        for look in group.evaluate(LOOKS):
            looks.setdefault(look.pop("region"), set()).add(tuple(sorted(look.items())))
    return looks


# The same place under the ids of the two lists: Europe is EMEA/UK.
SAME_PLACE = {"europe": "emea"}


@pytest.mark.parametrize("javascript", [False, True], ids=["built", "redrawn"])
def test_a_region_looks_alike_on_every_page(browser, site_url, javascript):
    looks: dict[str, set] = {}
    with screen(browser, site_url, 1280, java_script_enabled=javascript) as context:
        for path, _ in PAGES:
            page = open_answered(context, site_url + path) if javascript else context.new_page()
            if not javascript:
                page.goto(site_url + path)
            else:
                page.clock.set_fixed_time(NOW)
                page.reload()
                page.wait_for_selector("[data-widget=coverage][data-state=answered]",
                                       timeout=60_000)
            for region, found in _looks(page).items():
                looks.setdefault(SAME_PLACE.get(region, region), set()).update(found)
    assert set(looks) == {"usa", "emea", "apac"}
    for region, found in looks.items():
        assert len(found) == 1, f"{region} is drawn {len(found)} ways: {found}"
    assert len({found.pop() for found in looks.values()}) == 3, "two regions look alike"


def test_each_region_has_its_own_colour_and_pattern(policy):
    by_region = {lane["region"]: lane["colour"]
                 for view in ["support", *(t.id for t in policy.escalation.tiers)]
                 for lane in typical_week(policy, view, policy.updated)["legend"]}
    assert by_region == {"usa": 1, "europe": 2, "apac": 3, "emea": 2}
    # One solid, the others each a pattern of its own.
    assert len({PATTERNS.get(colour) for colour in by_region.values()}) == 3


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(n) for n in re.findall(r"[\d.]+", css))


# Each colour's fill, and the colour behind the chart: the first box with a background.
COLOURS = """() => {
    const chart = document.querySelector('svg.cov-chart');
    let box = chart, behind = 'rgba(0, 0, 0, 0)';
    while (box && /rgba\\(.*, 0\\)|transparent/.test(behind = getComputedStyle(box).backgroundColor))
        box = box.parentElement;
    const fills = {};
    document.querySelectorAll('svg.cov-chart .cov-lane').forEach(lane => {
        fills[[...lane.classList].find(c => c.startsWith('cov-colour-'))] = getComputedStyle(lane).fill;
    });
    return {behind, fills};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [path for path, _ in PAGES])
def test_every_colour_keeps_3_to_1_against_the_page(browser, site_url, scheme, path):
    # The theme's palette script sets the scheme: without JavaScript every page is light.
    with screen(browser, site_url, 1280, scheme) as context:
        page = context.new_page()
        page.goto(site_url + path)
        page.wait_for_function("document.body.dataset.mdColorScheme")
        assert page.evaluate("document.body.dataset.mdColorScheme") == (
            "slate" if scheme == "dark" else "default")
        found = page.evaluate(COLOURS)
    behind = _luminance(_rgb(found["behind"]))
    assert len(found["fills"]) == 3
    for colour, fill in found["fills"].items():
        lum = _luminance(_rgb(fill))
        ratio = (max(lum, behind) + 0.05) / (min(lum, behind) + 0.05)
        assert ratio >= 3, f"{colour} {fill} on {found['behind']}: {ratio:.2f}:1"


# Per chart: the drawing shown, whether its box scrolls sideways, and where "now" is in it.
FITS = """() => [...document.querySelectorAll('.cov-drawing')].map(box => {
    const shown = [...box.querySelectorAll('svg.cov-chart')].filter(svg => svg.getBoundingClientRect().width > 0);
    const frame = box.getBoundingClientRect();
    const now = box.querySelector('svg.cov-chart-phone .cov-now');
    const at = now && now.getBoundingClientRect();
    return {
        shown: shown.map(svg => svg.getAttribute('class')),
        scrolls: box.scrollWidth > box.clientWidth + 1,
        nowInside: at ? at.left >= frame.left && at.right <= frame.right : null,
        fontPx: parseFloat(getComputedStyle(shown[0].querySelector('text')).fontSize)
            * shown[0].getBoundingClientRect().width / shown[0].viewBox.baseVal.width,
    };
})"""


@pytest.mark.parametrize("path, group", PAGES)
def test_on_a_phone_the_whole_day_fits_and_now_is_in_view(browser, site_url, path, group):
    with screen(browser, site_url, 390, height=844) as context:
        page = context.new_page()
        page.clock.set_fixed_time(NOW)
        page.goto(site_url + path)
        page.wait_for_selector(f"#coverage-{group}[data-state=answered]", timeout=60_000)
        charts = page.evaluate(FITS)
    assert charts
    for chart in charts:
        assert chart["shown"] == ["cov-chart cov-chart-phone"]
        assert not chart["scrolls"]
        assert chart["fontPx"] >= 9.5, "the drawing's text is too small to read"
    assert charts[0]["nowInside"] is True


def test_the_wide_drawing_is_shown_on_a_desktop(browser, site_url):
    with screen(browser, site_url, 1280, java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(site_url + "escalation/")
        charts = page.evaluate(FITS)
    assert {chart["shown"][0] for chart in charts} == {"cov-chart cov-chart-wide"}
    assert not any(chart["scrolls"] for chart in charts)


@pytest.mark.parametrize("path, group, holidays", [
    ("contact/", "support", ["USA on US federal holidays", "Europe on England bank holidays",
                             "APAC on Singapore public holidays", "Observed office holidays"]),
    ("escalation/", "tiers", ["each runs on public holidays as on any other weekday"]),
])
def test_without_javascript_a_typical_week_with_holidays_in_words(browser, site_url, path,
                                                                  group, holidays):
    with screen(browser, site_url, 1280, java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(site_url + path)
        for section in page.locator(f"#coverage-{group} section.cov").all():
            caption = section.locator(".cov-caption").inner_text()
            assert caption.startswith("A typical week, each region in its own local time")
            text = section.inner_text()
            assert not re.search(r"\b\d{1,2} (Nov|Dec|November|December|Jan)\b|20\d\d", text), \
                "a dated week"
            assert section.locator(".cov-holiday, time").count() == 0
            words = section.locator(".cov-holidays-intro").inner_text()
            assert all(holiday in words for holiday in holidays), words
            assert "America/Los_Angeles" in section.locator(".cov-legend").inner_text()
        if group == "support":
            link = page.locator("#coverage-support .cov-holidays-intro a")
            assert link.get_attribute("href").endswith("#observed-office-holidays")


def test_the_typical_week_is_each_regions_own_hours(policy):
    chart = typical_week(policy, "support", dt.date(2026, 12, 4))
    monday = {lane["label"]: lane["open"] for lane in chart["rows"][0]["lanes"]}
    assert monday == {"USA": ["05:00-18:00"], "Europe": ["08:00-18:00"], "APAC": ["09:00-18:00"]}
    assert chart["gaps"] == ["In January Sat 02:00 - Mon 01:00 UTC",
                             "In July Sat 01:00 - Mon 01:00 UTC"]
    assert "week" not in chart and chart["zones"] == ["America/Los_Angeles", "Europe/London",
                                                      "Asia/Singapore"]


def test_the_redrawn_week_keeps_the_colours(policy):
    """The worker's chart names each region's colour, as the built one does."""
    chart = week_chart(policy, "tier1", "UTC", dt.date(2026, 11, 30))
    assert [(item["region"], item["colour"]) for item in chart["legend"]] == [
        ("usa", 1), ("apac", 3), ("emea", 2)]
    assert 'class="cov-lane cov-colour-3 cov-lane-1" data-region="apac"' in chart["svg"]
