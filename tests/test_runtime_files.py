"""The runtime's files as a host serves them: each named by its content's hash, so a browser
keeps it a year; large ones compressed on every host; and a visit after the first asks the host
for no runtime file at all."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
import zipfile

import brotli
import pytest

from browser import CHROMIUM_ARGS, CHROMIUM_PATH, HostHandler, serve

RUNTIME = "assets/calculators"
# Kept under their plain names for people and scripts (the worker reads the hashed copies).
PLAIN_NAMES = {"manifest.json", "policy.json"}
HASHED = re.compile(r"\.([0-9a-f]{10})(\.[a-z]+)+$")
HOST_COMPRESSES = (".wasm", ".mjs", ".js", ".json", ".css")
LARGE = 64 * 1024


def _runtime_files(site):
    folder = site / RUNTIME
    for path in sorted(folder.rglob("*")):
        # Not the .gz and .br copies beside a file (the snapshot's own .gz has none beside it).
        if path.is_file() and not (path.suffix in (".gz", ".br")
                                   and path.with_suffix("").is_file()):
            yield path.relative_to(folder).as_posix(), path


def test_every_runtime_file_is_named_by_its_content(site):
    manifest = json.loads((site / RUNTIME / "manifest.json").read_text())
    wrong = []
    for name, path in _runtime_files(site):
        if name in PLAIN_NAMES:
            continue
        folder = name.split("/")[0]
        if folder in (manifest["pyodide"].rstrip("/"), manifest["zones"].rstrip("/")):
            continue  # a folder named by the hash of all its files (below)
        found = HASHED.search(name)
        if not found or hashlib.sha256(path.read_bytes()).hexdigest()[:10] != found[1]:
            wrong.append(name)
    assert wrong == []
    # The worker reads the hashed copies, equal to the plain ones.
    assert (site / RUNTIME / manifest["hashed"]).read_text() == json.dumps(
        {key: value for key, value in manifest.items() if key != "hashed"},
        ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    assert (site / RUNTIME / manifest["policy"]).read_bytes() == \
        (site / RUNTIME / "policy.json").read_bytes()


def test_the_pyodide_and_zone_folders_change_name_with_their_files(site):
    manifest = json.loads((site / RUNTIME / "manifest.json").read_text())
    for folder in (manifest["pyodide"], manifest["zones"]):
        assert HASHED.search(folder.rstrip("/") + ".x"), folder
    assert manifest["snapshot"].startswith("snapshot.314.0.7."), "the Pyodide build is named"


def test_large_files_are_small_on_every_host(site):
    """Those a host compresses have .gz and .br copies beside them, equal once inflated, for
    hosts that serve such copies; the rest are compressed inside."""
    checked = []
    for name, path in _runtime_files(site):
        size = path.stat().st_size
        if size < LARGE:
            continue
        data = path.read_bytes()
        if name.endswith(HOST_COMPRESSES):
            assert gzip.decompress((path.parent / f"{path.name}.gz").read_bytes()) == data, name
            assert brotli.decompress((path.parent / f"{path.name}.br").read_bytes()) == data, name
        elif name.endswith((".zip", ".whl")):
            with zipfile.ZipFile(path) as archive:
                stored = [info.filename for info in archive.infolist()
                          if info.compress_type != zipfile.ZIP_DEFLATED and info.file_size > 256]
            assert stored == [], name
        elif name.endswith(".bin.gz"):
            assert data[:2] == b"\x1f\x8b", name
        else:
            pytest.fail(f"{name}: {size} bytes that no host would compress")
        checked.append(name)
    assert any(name.endswith("pyodide.asm.wasm") for name in checked)
    assert any(name.startswith("stdlib.") for name in checked)


class _Counting(HostHandler):
    """The host, counting what it sends per visit."""

    lock = threading.Lock()
    sent: list[tuple[str, int]] = []

    def send_response(self, code, message=None):
        self._code = code
        super().send_response(code, message)

    def send_header(self, keyword, value):
        if keyword == "Content-Length":
            with self.lock:
                self.sent.append((self.path, int(value)))
        super().send_header(keyword, value)

    def end_headers(self):
        if getattr(self, "_code", 200) == 304:
            with self.lock:
                self.sent.append((self.path, 0))
        super().end_headers()


def test_a_visit_after_the_first_asks_the_host_for_no_runtime_file(site, tmp_path):
    """In a browser with a profile on disk, as readers' are: after one calculator page, a reload
    and another calculator page get every runtime file from the browser's own caches."""
    from playwright.sync_api import sync_playwright

    pages = {"first": "service-levels/?priority=S2&region=usa&at=2026-11-27T17:30:00Z",
             "reload": "service-levels/?priority=S2&region=usa&at=2026-11-27T17:30:00Z",
             "another": "escalation/?tier=tier1&at=2026-11-27T17:30:00Z"}
    seen = {}
    with serve(site, _Counting) as url, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS,
            timezone_id="UTC")
        page = context.new_page()
        for visit, path in pages.items():
            _Counting.sent.clear()
            if visit == "reload":
                page.reload()
            else:
                page.goto(url + path)
            page.wait_for_selector("form[data-state=answered]", timeout=120_000)
            if visit == "first":
                # The snapshot is kept once the first answer is given.
                page.wait_for_function("async () => (await caches.keys()).length === 1")
            seen[visit] = list(_Counting.sent)
        context.close()
    for visit in ("reload", "another"):
        # A page's schedule (its answers at first paint) is no part of the runtime: another
        # page fetches its own the first time.
        runtime = [path for path, _ in seen[visit]
                   if f"/{RUNTIME}/" in path and "/schedule-" not in path]
        assert runtime == [], visit
        assert sum(size for _, size in seen[visit]) <= 150_000, (visit, seen[visit])
