"""`python -m sitegen.finish SITE_DIR` on folders it must refuse: one line that says why, exit 1,
and no traceback. (Finishing a real build is what every built-site test checks.)"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def _finish(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitegen.finish", *args], cwd=ROOT,
                          capture_output=True, text=True)


def _missing(site, tmp):
    return tmp / "missing"


def _finished(site, tmp):
    return shutil.copytree(site, tmp / "finished")


def _headless(site, tmp):
    (tmp / "headless").mkdir()
    (tmp / "headless" / "index.html").write_text("<p>a page with no head</p>")
    return tmp / "headless"


@pytest.mark.parametrize("prepare, message", [
    (_missing, "holds no built site (no index.html)"),
    (_finished, ".html: the page already has a Content-Security-Policy meta"),
    (_headless, "index.html: the page has no <head> to put its Content-Security-Policy in"),
], ids=["no site", "finished already", "a page without head"])
def test_a_folder_it_cannot_finish_is_refused_in_one_line(site, tmp_path, prepare, message):
    result = _finish(str(prepare(site, tmp_path)))
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
