"""`make serve`'s server, with each engine: the preview rebuilds when a data file changes, the
calculators' runtime follows the data, and the live-reload script is not blocked by the
Content-Security-Policy that published builds carry."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import DATA, ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"not within {seconds} s")


# What each engine's server injects into every page to reload it.
LIVE_RELOAD = {"mkdocs": "livereload(", "zensical": '<script type="module">const path = '}


@pytest.fixture(params=LIVE_RELOAD)
def server(request, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen.serve", "--engine", request.param,
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "POLICY_DATA": str(data)})
    try:
        yield f"http://127.0.0.1:{port}/", data, request.param
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert not list(ROOT.glob(f".serve*-{process.pid}*")), "the preview's files were left"


def test_preview_follows_data_edits(server):
    url, data, engine = server
    page = _wait_for(lambda: _get(url + "contact/"), 120)
    assert "+44 20 7096 6060" in page
    assert LIVE_RELOAD[engine] in page and "Content-Security-Policy" not in page
    policy_json = url + "assets/calculators/policy.json"
    assert "+44 20 7096 6060" in _wait_for(lambda: _get(policy_json), 60)
    contacts = data / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(
        "+ 44 2070966060", "+44 20 7096 6099"), encoding="utf-8")
    _wait_for(lambda: "+44 20 7096 6099" in _get(url + "contact/"), 120)
    _wait_for(lambda: "+44 20 7096 6099" in _get(policy_json), 60)
