"""The calculators' browser runtime, published into the built site: Pyodide from the pinned npm
package, the standard library trimmed to what the calculators reach, the calculators wheel (and
phonenumberslite for the call-quality report), each zone's TZif file, a memory snapshot of a
warm interpreter, the policy as JSON, and the worker and widget scripts. Nothing is fetched from
any other host.

Every file the worker or a page loads has a content-hashed name (``worker.1a2b3c4d5e.mjs``, a
hashed folder for Pyodide's and the zones' files), so a host may let browsers keep it for a year
and a visit after the first revalidates none of them (README, "Hosting"). ``policy.json`` and
``manifest.json`` also keep their plain names, for people and scripts that read them.

Plain Python: :mod:`sitegen.finish` calls :func:`publish`; no site engine is known here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import brotli

from calculators.browser import ZONE_DIR
from .stdlib import imports_of, trimmed_stdlib

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / "static"
PYODIDE = ROOT / "node_modules" / "pyodide"
DIST = ROOT / "dist"
# WEBRUNTIME_CACHE moves it (benchmarks/engines.py --cold-runtime times builds without it).
CACHE = Path(os.environ.get("WEBRUNTIME_CACHE") or ROOT / ".cache" / "webruntime")
CACHE_KEEP = 6  # entries are ~10 MB; each edit of the data makes a new one
# Precompressed copies of the large files, by content: brotli takes half a minute on the wasm.
COMPRESSED = ROOT / ".cache" / "compressed"
# Pyodide's standard library compiled to bytecode, by the release's zip.
COMPILED = ROOT / ".cache" / "stdlib-bytecode"
# What the browser loads from the npm package; the rest (console pages, type files, maps, and
# the whole standard library, replaced by the trimmed one) is not published.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
# Run in a new interpreter (at build time, or in the browser when it starts without a snapshot)
# with the policy's zone files written to ZONE_DIR, before a snapshot of it is taken.
PREPARE = ("from calculators import browser\nbrowser.prepare(POLICY_JSON, ZONE_NAMES)\n"
           "del POLICY_JSON, ZONE_NAMES")
URL_PATH = "assets/calculators"
# Wheels that only one kind of request needs, by that kind: published beside the others but
# neither in the snapshot nor unpacked at start; the worker fetches one the first time a page
# asks for its kind (manifest.json's "on_demand"). Each comes from dist/ (`make wheels`).
ON_DEMAND = {"call_report": "phonenumberslite"}
# Pyodide 314 cannot restore a snapshot of more memory than this: it ignores INITIAL_MEMORY, and
# its heap starts at 30 MiB (pyodide issue 6254). A larger one would throw on every visit.
SNAPSHOT_MEMORY_LIMIT = 31_457_280
# Imported by nothing a browser runs: only a command line (argparse, policydata) or a module's
# self-test (doctest) names them, and each would bring a megabyte of the library with it.
NOT_IN_BROWSER = ("argparse", "doctest", "policydata")
# Text the host should compress; precompressed siblings (.gz, .br) are written for these, for
# hosts that serve such files as they are (nginx gzip_static).
COMPRESSIBLE = (".wasm", ".mjs", ".js", ".json", ".css")
PAGE_FILES = ("widgets.js", "widgets.css", "report.js", "report.css")


class RuntimeBuildError(Exception):
    """The runtime could not be built; the message says what to run."""


def publish(site_dir: str | os.PathLike, policy_json: dict, *,
            page_data: dict[str, bytes] | None = None,
            report=lambda message: print(f"note: {message}", file=sys.stderr)) -> dict[str, str]:
    """Write the runtime under ``site_dir/assets/calculators``; return the hashed name of each
    file pages link to (``{"widgets.js": "widgets.1a2b3c4d5e.js", ...}``), ``page_data``'s
    files among them (the schedules pages read at first paint, no part of the runtime).
    ``report`` hears what a staff member should know (a snapshot too big to ship)."""
    dest = Path(site_dir) / URL_PATH
    policy_text = _json_text(policy_json)
    built = _built_runtime(policy_text)
    names: dict[str, str] = {}

    def put(name: str, data: bytes) -> str:
        hashed = _hashed(name, data)
        _write(dest / hashed, data)
        names[name] = hashed
        return hashed

    pyodide = f"pyodide.{_digest(*(PYODIDE / name for name in PYODIDE_FILES))}/"
    for name in PYODIDE_FILES:
        _copy(PYODIDE / name, dest / pyodide / name)
    tzdata = _dist_wheel("tzdata")
    zones = f"zones.{_digest(tzdata)}/"
    zone_names = _write_zones(tzdata, dest / zones)
    wheels = [put(f"wheels/{wheel.name}", wheel.read_bytes()) for wheel in built["wheels"]]
    on_demand = {kind: put(f"wheels/{wheel.name}", wheel.read_bytes())
                 for kind, wheel in ((kind, _dist_wheel(project))
                                     for kind, project in ON_DEMAND.items())}
    snapshot = None
    memory = built["snapshot_memory"]
    if memory > SNAPSHOT_MEMORY_LIMIT:
        report(f"the calculators' snapshot would hold {memory:,} bytes of memory, more than the "
               f"{SNAPSHOT_MEMORY_LIMIT:,} Pyodide can restore; the site ships without one, and "
               "readers' browsers start Python themselves (a few seconds more on a first visit)")
    else:
        # The Pyodide build in the name as well as the content's hash: a browser's copy of a
        # snapshot (kept under this name) never meets another build of the interpreter.
        snapshot = put(f"snapshot.{_pyodide_version()}.bin.gz", built["snapshot"].read_bytes())
    stdlib = put("stdlib.zip", built["stdlib"].read_bytes())
    policy = put("policy.json", policy_text.encode("utf-8"))
    _write(dest / "policy.json", policy_text.encode("utf-8"))
    sizes = {name: path.stat().st_size for name, path in _files(dest)}
    # What each way of starting downloads (pyodide.mjs and pyodide.asm.mjs are modules,
    # imported rather than fetched), so that the worker can show bytes received of the total.
    common = [f"{pyodide}pyodide.asm.wasm", f"{pyodide}pyodide-lock.json", stdlib, policy]
    download = {
        "start": common + wheels + [f"{zones}{zone_file(zone)}" for zone in built["policy_zones"]],
        "restore": common + [snapshot] if snapshot else None,
    }
    manifest = {
        "download": {way: names and {name: sizes[name] for name in names}
                     for way, names in download.items()},
        "pyodide": pyodide, "stdlib": stdlib, "snapshot": snapshot, "snapshot_memory": memory,
        "snapshot_memory_limit": SNAPSHOT_MEMORY_LIMIT, "wheels": wheels, "on_demand": on_demand,
        "policy": policy, "zones": zones, "zone_dir": ZONE_DIR, "zone_names": zone_names,
        "policy_zones": built["policy_zones"], "prepare": PREPARE,
        # Each file's size (but the zones'), so the worker can show bytes received of a known
        # total even when the host sends no Content-Length (it counts bytes after decoding).
        "sizes": {name: size for name, size in sizes.items() if not name.startswith(zones)},
    }
    manifest_name = put("manifest.json", _json_text(manifest).encode("utf-8"))
    _write(dest / "manifest.json", _json_text(manifest | {"hashed": manifest_name}).encode())
    # The scripts name what they load by its hashed name: the worker its manifest, the pages'
    # scripts the worker. Each is hashed after its names are written in.
    worker = put("worker.mjs", _linked(STATIC / "worker.mjs", {"manifest.json": manifest_name}))
    for name in PAGE_FILES:
        put(name, _linked(STATIC / name, {"worker.mjs": worker} if name.endswith(".js") else {}))
    for name, data in (page_data or {}).items():
        put(name, data)
    for name, path in _files(dest):
        if path.suffix in COMPRESSIBLE and path.stat().st_size > 1024:
            _precompress(path)
    return {name: names[name] for name in (*PAGE_FILES, *(page_data or {}))}


def _linked(path: Path, links: dict[str, str]) -> bytes:
    """``path``'s text with each quoted name in ``links`` replaced by its hashed name; each
    must appear exactly once, so that a script rewritten by hand cannot lose its link."""
    text = path.read_text(encoding="utf-8")
    for name, hashed in links.items():
        if text.count(f'"{name}"') != 1:
            raise RuntimeBuildError(f"{path.name} must name \"{name}\" exactly once")
        text = text.replace(f'"{name}"', f'"{hashed}"')
    return text.encode("utf-8")


def zone_file(name: str) -> str:
    """Where zone ``name``'s file is, under the zones' folder: its name, with the "+" of
    Etc/GMT+5 written "~", which no zone name holds and no host or URL reads otherwise."""
    return name.replace("+", "~")


def _write_zones(tzdata: Path, folder: Path, file_name=zone_file) -> list[str]:
    """Each zone's TZif file from the tzdata wheel, in ``folder`` under ``file_name(zone)``
    (by default as published); their names."""
    with zipfile.ZipFile(tzdata) as wheel:
        names = wheel.read("tzdata/zones").decode("ascii").split()
        for name in names:
            _write(folder / file_name(name), wheel.read(f"tzdata/zoneinfo/{name}"))
    return names


def _built_runtime(policy_text: str) -> dict:
    """The calculators wheel, the snapshot and the trimmed standard library, rebuilt only when
    their inputs change."""
    if not (PYODIDE / "pyodide.mjs").exists():
        raise RuntimeBuildError("node_modules/pyodide is missing; run: npm ci")
    tzdata = _dist_wheel("tzdata")
    key = _inputs_key(tzdata, policy_text)
    cached = CACHE / key
    if not (cached / "built.json").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="building-", dir=CACHE))
        try:
            calculators_wheel = build_calculators_wheel(work / "wheels")
            (work / "policy.json").write_text(policy_text, encoding="utf-8")
            zones = work / "zones"
            # Under their own names: this folder is read by the snapshot's maker, not served.
            zone_names = _write_zones(tzdata, zones, file_name=str)
            # First what a start and the warm-up import, with the whole library; then the
            # snapshot, with the library readers get (a snapshot remembers the zip it read).
            compiled = _compiled_stdlib()
            _make_snapshot("-", work / "modules.json", work, zones, zone_names,
                           calculators_wheel, compiled)
            made = json.loads((work / "modules.json").read_text(encoding="utf-8"))
            (work / "stdlib.zip").write_bytes(trimmed_stdlib(
                (PYODIDE / "python_stdlib.zip").read_bytes(), compiled.read_bytes(),
                made["modules"], _named(calculators_wheel)))
            _make_snapshot(work / "snapshot.bin", work / "modules.json", work, zones, zone_names,
                           calculators_wheel, work / "stdlib.zip")
            raw = (work / "snapshot.bin").read_bytes()
            # The snapshot's header says where memory starts; what follows is the heap.
            memory = len(raw) - struct.unpack_from("<I", raw, 4)[0]
            # Compressed here rather than by the web server, so it is small on every host; the
            # worker inflates it with DecompressionStream.
            (work / "snapshot.bin.gz").write_bytes(gzip.compress(raw, compresslevel=6, mtime=0))
            (work / "snapshot.bin").unlink()
            shutil.rmtree(zones)
            (work / "built.json").write_text(json.dumps(
                {"snapshot_memory": memory, "policy_zones": made["policy_zones"]}))
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
        "stdlib": cached / "stdlib.zip",
        "wheels": sorted((cached / "wheels").glob("*.whl")),
        **json.loads((cached / "built.json").read_text()),
    }


def _make_snapshot(out, modules: Path, work: Path, zones: Path, zone_names: list[str],
                   calculators_wheel: Path, stdlib: Path) -> None:
    _run(["node", str(Path(__file__).with_name("make_snapshot.mjs")), str(out), str(modules),
          PREPARE, str(work / "policy.json"), str(zones), json.dumps(zone_names),
          str(calculators_wheel), str(stdlib)], "making the Pyodide snapshot")


def _compiled_stdlib() -> Path:
    """Pyodide's standard library as bytecode (compile_stdlib.mjs), made once per release of
    Pyodide: compiling it takes a few seconds."""
    source = PYODIDE / "python_stdlib.zip"
    script = Path(__file__).with_name("compile_stdlib.mjs")
    key = hashlib.sha256(source.read_bytes() + script.read_bytes()).hexdigest()
    compiled = COMPILED / f"{key}.zip"
    if not compiled.exists():
        COMPILED.mkdir(parents=True, exist_ok=True)
        partial = COMPILED / f"building-{os.getpid()}.zip"
        try:
            _run(["node", str(script), str(source), str(partial)],
                 "compiling the standard library")
            partial.rename(compiled)
        finally:
            partial.unlink(missing_ok=True)
    return compiled


def _named(calculators_wheel: Path) -> set[str]:
    """What the calculators' and the on-demand wheels' code imports, on every path: the trimmed
    library holds these as well as what the warm-up imported."""
    named: set[str] = set()
    for wheel in (calculators_wheel, *(_dist_wheel(project) for project in ON_DEMAND.values())):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(".py"):
                    named |= imports_of(archive.read(name).decode("utf-8"),
                                        name[:-3].replace("/", "."), name.endswith("__init__.py"))
    return {name for name in named if name.partition(".")[0] not in NOT_IN_BROWSER}


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


# Modules of calculators/ the browser never runs, left out of its wheel.
BUILD_ONLY = ("schedule.py", "schedule_tables.py")


def build_calculators_wheel(outdir: Path) -> Path:
    """The calculators as a pure-Python wheel, from the normal build backend (no isolation:
    setuptools is pinned in the lock, and the build must work offline)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="calculators-src-") as src:
        # Build from a copy, so setuptools' build/ and egg-info never land in the checkout.
        src = Path(src)
        shutil.copy2(ROOT / "pyproject.toml", src / "pyproject.toml")
        # The schedules are compiled at build time only: the browser reads them as data.
        shutil.copytree(ROOT / "calculators", src / "calculators",
                        ignore=shutil.ignore_patterns("__pycache__", *BUILD_ONLY))
        _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
              str(outdir), str(src)], "building the calculators wheel")
    wheels = sorted(outdir.glob("premium_support_calculators-*.whl"))
    return wheels[-1]


def _inputs_key(tzdata_wheel: Path, policy_text: str) -> str:
    digest = hashlib.sha256()
    paths = [ROOT / "pyproject.toml", tzdata_wheel, PYODIDE / "package.json",
             Path(__file__).with_name("make_snapshot.mjs"),
             *sorted((ROOT / "calculators").glob("*.py"))]
    paths += [Path(__file__).with_name("stdlib.py"), PYODIDE / "python_stdlib.zip",
              Path(__file__).with_name("compile_stdlib.mjs"),
              *(_dist_wheel(project) for project in ON_DEMAND.values())]
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(PREPARE.encode() + b"\0" + policy_text.encode())
    return digest.hexdigest()


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise RuntimeBuildError(f"{what} failed: {detail[-1] if detail else 'no output'}")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix not in (".gz", ".br") or path.name.endswith(".bin.gz"):
            yield path.relative_to(folder).as_posix(), path


def _digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _hashed(name: str, data: bytes) -> str:
    """``name`` with the hash of ``data`` before its extension: worker.mjs -> worker.<h>.mjs,
    wheels/x-1.0-py3-none-any.whl -> wheels/x-1.0-py3-none-any.<h>.whl."""
    extension = ".bin.gz" if name.endswith(".bin.gz") else os.path.splitext(name)[1]
    return f"{name[:-len(extension)]}.{hashlib.sha256(data).hexdigest()[:10]}{extension}"


def _pyodide_version() -> str:
    return json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]


def _precompress(path: Path) -> None:
    """``path.gz`` and ``path.br`` beside ``path``, made once per content (the wasm alone takes
    brotli half a minute) and kept in the build cache."""
    data = path.read_bytes()
    key = COMPRESSED / hashlib.sha256(data).hexdigest()
    if not (key / "br").exists():
        work = Path(tempfile.mkdtemp(prefix="building-", dir=COMPRESSED.parent))
        (work / "gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        (work / "br").write_bytes(brotli.compress(data, quality=11))
        COMPRESSED.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(key, ignore_errors=True)
        work.rename(key)
    for suffix in ("gz", "br"):
        shutil.copyfile(key / suffix, path.with_name(f"{path.name}.{suffix}"))


def _json_text(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
