"""The calculators' browser runtime, published into the built site: Pyodide from the pinned npm
package, the calculators and tzdata wheels (and phonenumberslite for the call-quality report), a
memory snapshot of a warm interpreter, the policy as JSON, and the worker and widget scripts.
Nothing is fetched from any other host.

Plain Python: the site hook calls :func:`publish`; no site engine is known here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / "static"
PYODIDE = ROOT / "node_modules" / "pyodide"
DIST = ROOT / "dist"
CACHE = ROOT / ".cache" / "webruntime"
CACHE_KEEP = 6  # entries are ~40 MB; each edit of the data makes a new one
# What the browser loads from the npm package; the rest (console pages, type files, maps) is not
# published.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
# Run before the snapshot is taken, with the policy's JSON in POLICY_JSON: the browser starts
# with the calculators imported, every zone loaded (the snapshot keeps memory, not files) and
# every kind of answer computed once, so even the first answer runs warm code.
SNAPSHOT_PREPARE = ("from calculators import browser\nbrowser.preload_zones()\n"
                    "browser.warm_up(POLICY_JSON)\ndel POLICY_JSON")
URL_PATH = "assets/calculators"
# Wheels that only one kind of request needs, by that kind: published beside the others but
# neither in the snapshot nor unpacked at start; the worker fetches one the first time a page
# asks for its kind (manifest.json's "on_demand"). Each comes from dist/ (`make wheels`).
ON_DEMAND = {"call_report": "phonenumberslite"}


class RuntimeBuildError(Exception):
    """The runtime could not be built; the message says what to run."""


def publish(site_dir: str | os.PathLike, policy_json: dict) -> Path:
    """Write the runtime under ``site_dir/assets/calculators`` and return that folder."""
    dest = Path(site_dir) / URL_PATH
    policy_text = _json_text(policy_json)
    built = _built_runtime(policy_text)
    for name in PYODIDE_FILES:
        _copy(PYODIDE / name, dest / "pyodide" / name)
    wheels = []
    for wheel in built["wheels"]:
        _copy(wheel, dest / "wheels" / wheel.name)
        wheels.append(f"wheels/{wheel.name}")
    on_demand = {}
    for kind, project in ON_DEMAND.items():
        wheel = _dist_wheel(project)
        _copy(wheel, dest / "wheels" / wheel.name)
        on_demand[kind] = f"wheels/{wheel.name}"
    snapshot = f"snapshot-{built['key'][:16]}.bin.gz"
    _copy(built["snapshot"], dest / snapshot)
    for path in STATIC.iterdir():
        _copy(path, dest / path.name)
    _write_text(dest / "policy.json", policy_text)
    # Each file's size, so the worker can show bytes received of a known total even when the
    # host sends no Content-Length; `download` is what a start from the snapshot fetches
    # (pyodide.mjs and pyodide.asm.mjs are modules, imported rather than fetched).
    sizes = {path.relative_to(dest).as_posix(): path.stat().st_size
             for path in sorted(dest.rglob("*")) if path.is_file()}
    download = {name: sizes[name] for name in (
        "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip", "pyodide/pyodide-lock.json",
        snapshot, "policy.json")}
    _write_text(dest / "manifest.json", _json_text(
        {"snapshot": snapshot, "wheels": wheels, "on_demand": on_demand, "sizes": sizes,
         "download": download}))
    return dest


def _built_runtime(policy_text: str) -> dict:
    """The calculators wheel and the snapshot, rebuilt only when their inputs change."""
    if not (PYODIDE / "pyodide.mjs").exists():
        raise RuntimeBuildError("node_modules/pyodide is missing; run: npm ci")
    tzdata = _dist_wheel("tzdata")
    key = _inputs_key(tzdata, policy_text)
    cached = CACHE / key
    if not (cached / "snapshot.bin.gz").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="building-", dir=CACHE))
        try:
            calculators_wheel = build_calculators_wheel(work / "wheels")
            (work / "policy.json").write_text(policy_text, encoding="utf-8")
            _run(["node", str(Path(__file__).with_name("make_snapshot.mjs")),
                  str(work / "snapshot.bin"), SNAPSHOT_PREPARE, str(work / "policy.json"),
                  str(tzdata), str(calculators_wheel)], "making the Pyodide snapshot")
            # Compressed here rather than by the web server: 31 MB of memory image becomes about
            # 6 MB on any host, small enough for the browser's cache to keep; the worker inflates
            # it with DecompressionStream.
            raw = work / "snapshot.bin"
            (work / "snapshot.bin.gz").write_bytes(gzip.compress(raw.read_bytes(), compresslevel=6,
                                                                 mtime=0))
            raw.unlink()
            shutil.copy2(tzdata, work / "wheels" / tzdata.name)
            shutil.rmtree(cached, ignore_errors=True)
            # A rename, so a half-built entry is never taken for a whole one.
            work.rename(cached)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        _prune_cache(keep=cached)
    else:
        os.utime(cached)  # recently used: the last to be pruned
    return {
        "key": key,
        "snapshot": cached / "snapshot.bin.gz",
        "wheels": sorted((cached / "wheels").glob("*.whl")),
    }


def _dist_wheel(project: str) -> Path:
    """The newest wheel of ``project`` that `make wheels` put in dist/."""
    wheels = sorted(DIST.glob(f"{project}-*.whl"))
    if not wheels:
        raise RuntimeBuildError(f"dist/ has no {project} wheel; run: make wheels")
    return wheels[-1]


def _prune_cache(keep: Path) -> None:
    entries = sorted((path for path in CACHE.iterdir() if not path.name.startswith("building-")),
                     key=lambda path: path.stat().st_mtime, reverse=True)
    for path in entries[CACHE_KEEP:]:
        if path != keep:
            shutil.rmtree(path, ignore_errors=True)


def build_calculators_wheel(outdir: Path) -> Path:
    """The calculators as a pure-Python wheel, from the normal build backend (no isolation:
    setuptools is pinned in the lock, and the build must work offline)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="calculators-src-") as src:
        # Build from a copy, so setuptools' build/ and egg-info never land in the checkout.
        src = Path(src)
        shutil.copy2(ROOT / "pyproject.toml", src / "pyproject.toml")
        shutil.copytree(ROOT / "calculators", src / "calculators",
                        ignore=shutil.ignore_patterns("__pycache__"))
        _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
              str(outdir), str(src)], "building the calculators wheel")
    wheels = sorted(outdir.glob("premium_support_calculators-*.whl"))
    return wheels[-1]


def _inputs_key(tzdata_wheel: Path, policy_text: str) -> str:
    digest = hashlib.sha256()
    paths = [ROOT / "pyproject.toml", tzdata_wheel, PYODIDE / "package.json",
             Path(__file__).with_name("make_snapshot.mjs"),
             *sorted((ROOT / "calculators").glob("*.py"))]
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(SNAPSHOT_PREPARE.encode() + b"\0" + policy_text.encode())
    return digest.hexdigest()


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise RuntimeBuildError(f"{what} failed: {detail[-1] if detail else 'no output'}")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def _json_text(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
