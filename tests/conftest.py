"""Shared fixtures: the repository's paths, the shipped policy loaded once, one strict build of the
site, and Chromium on that site (for every browser test module)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from browser import CHROMIUM_ARGS, CHROMIUM_PATH, only_own_host, serve

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def policy():
    from policydata import load_policy

    return load_policy(DATA)


def build_site(site: Path, *, engine: str = "mkdocs",
               data: Path | None = None) -> subprocess.CompletedProcess:
    """The site built into ``site`` the way `make build` builds it: generate, then finish."""
    command = [sys.executable, "-m", "sitegen.build", "--engine", engine, str(site)]
    if data is not None:
        command[3:3] = ["--data", str(data)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """One strict build of the site for the whole session: (site folder, the build's result)."""
    site = tmp_path_factory.mktemp("site")
    return site, build_site(site)


@pytest.fixture(scope="session")
def site(build):
    site, result = build
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def sites(site, tmp_path_factory):
    """{engine: built site} for MkDocs + Material (the session's site) and Zensical."""
    zensical = tmp_path_factory.mktemp("zensical-site")
    result = build_site(zensical, engine="zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    return {"mkdocs": site, "zensical": zensical}


@pytest.fixture(scope="module")
def site_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def context(browser, site_url):
    """One browser context for the module, so the runtime comes from its cache after the first
    page (the cold start is the benchmark's business). It may reach only the local server:
    anything else is blocked and recorded."""
    # The reader's zone is fixed, so "the browser's zone" means the same on every machine.
    context = browser.new_context(timezone_id="UTC")
    context.elsewhere = only_own_host(context, site_url)
    yield context
    context.close()


@pytest.fixture
def page(context):
    context.elsewhere.clear()
    page = context.new_page()
    yield page
    page.close()
    assert context.elsewhere == [], "the page asked hosts other than its own"
