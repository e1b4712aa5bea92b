"""README's screenshots: the deadline calculator, answered, on a desktop (the whole answer) and
on a phone (the first screen, as a reader sees it before scrolling).

    .venv/bin/python scripts/screenshots.py [--site site] [--out screenshots]

Takes them from a built site (`make build`) in Debian's Chromium, with a fixed question and the
reader's zone fixed, so a rerun changes the pictures only when the site's look changed. The
question is an S1 case reported late on a Saturday in Sydney: its due times carry the marks of
the site's readings they rest on, and every support office is closed at each of them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
# The tests' own helpers, imported as the tests import them (by module name from tests/).
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_ARGS, CHROMIUM_PATH, serve  # noqa: E402
from screens import open_answered, screen  # noqa: E402

PAGE = "service-levels/?priority=S1&at=2026-12-05T11:30:00Z&region=apac"
NOW = "2026-12-05T11:30:00Z"  # the page's clock: "reach support now" is then the same each run
READER_ZONE = "Australia/Sydney"
WIDGET = ".calc[data-widget=deadline]"
# name: (width, height, whole answer?); the phone's picture is its first screen.
SHOTS = {"desktop": (1280, 800, True), "phone": (390, 844, False)}
MARGIN_PX = 24  # of page around the calculator, so the picture shows where it sits


def take(site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            for name, (width, height, whole) in SHOTS.items():
                with screen(browser, url, width, height=height,
                            timezone_id=READER_ZONE) as context:
                    page = open_answered(context, url + PAGE, now=NOW)
                    path = out / f"deadline-{name}.png"
                    if whole:
                        box = page.locator(WIDGET).bounding_box()
                        top = max(0, box["y"] - MARGIN_PX)
                        page.screenshot(path=path, full_page=True, clip={
                            "x": 0, "y": top, "width": width,
                            "height": box["y"] + box["height"] + MARGIN_PX - top})
                    else:
                        page.screenshot(path=path)
                    written.append(path)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site",
                        help="a built site (default: site/, from `make build`)")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots",
                        help="where the pictures go (default: screenshots/)")
    args = parser.parse_args(argv)
    if not (args.site / "service-levels" / "index.html").is_file():
        parser.exit(2, f"screenshots: {args.site} holds no built site; run `make build` first\n")
    try:
        for path in take(args.site, args.out):
            print(path)
    except PlaywrightError as error:
        parser.exit(1, f"screenshots: Chromium failed: {str(error).splitlines()[0]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
