"""How long a site build takes with each engine, bare and with what this project adds. Prints
JSON; asserts nothing (timings are noisy, and the machine is shared).

    .venv/bin/python benchmarks/engines.py [--runs 3] [--baseline FILE]

For MkDocs + Material and for Zensical, on the shipped data and on a policy 100 times larger
(generated here: 100 times the support regions and listed items, 50 times the escalation tiers):

- bare_s: the engine alone on the same pages (the markers stay HTML comments), no hook;
- extension_s: the engine with the policy extension (markers rendered), nothing after it;
- build_s: what `make build` runs, `python -m sitegen.build`: data and markers checked, the
  engine with the extension, then sitegen.finish (schemas, runtime, CSP) and the swap;
- overhead_wall_pct: build_s over bare_s, in percent more (target: 30 or less);
- the same as CPU seconds of the processes (*_cpu_s, overhead_cpu_pct): on a shared machine
  the wall clock also counts the waits for a core.

Each figure is the median of --runs runs, each a fresh process into a fresh folder. The
calculators' runtime is cached (one build before the timed runs makes its snapshot), as it is
between two builds of the same policy. Save a run (`> base.json`) and pass it as --baseline to
print each figure beside it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policydata import load_policy  # noqa: E402
from sitegen.build import ENGINES, engine_environment  # noqa: E402
from sitegen.views import footer  # noqa: E402

SCALE = 100
# Half as many copies of the tiers: with SCALE of everything, contacts.yaml would pass the 256 KiB
# that the loader allows a data file.
TIER_SCALE = SCALE // 2
EXTENSION = "sitegen.extension"


class _Dumper(yaml.SafeDumper):
    # The copies share their hours and phones; the data files allow no YAML anchors.
    def ignore_aliases(self, data):
        return True


def scaled_data(target: Path) -> Path:
    """A copy of data/ with SCALE times the regions and items, TIER_SCALE times the tiers;
    valid (checked)."""
    shutil.copytree(ROOT / "data", target)
    contacts = yaml.safe_load((target / "contacts.yaml").read_text(encoding="utf-8"))
    # The copies leave out the regions' chart colours, which must differ: they take the
    # palette's in turn. The tier customers escalate in is the first copy's.
    contacts["support_regions"] = [
        {**{key: value for key, value in region.items() if key != "colour" or not k},
         "id": f"{region['id']}-{k}", "name": f"{region['name']} {k}"}
        for k in range(SCALE) for region in contacts["support_regions"]]
    contacts["escalation"]["tiers"] = [
        {**tier, "id": f"{tier['id']}-{k}", "name": f"{tier['name']} {k}"}
        for k in range(TIER_SCALE) for tier in contacts["escalation"]["tiers"]]
    if contacts["escalation"].get("case_tier"):
        contacts["escalation"]["case_tier"]["tier"] += "-0"
    policy = yaml.safe_load((target / "policy.yaml").read_text(encoding="utf-8"))
    for key in ("customer_responsibilities", "support_responsibilities"):
        policy[key]["items"] = [{**item, "title": f"{item['title']} {k}"}
                                for k in range(SCALE) for item in policy[key]["items"]]
    for name, document in (("contacts.yaml", contacts), ("policy.yaml", policy)):
        # Leaf mappings in flow style, as the shipped files write them: a data file may hold
        # at most 256 KiB.
        (target / name).write_text(yaml.dump(document, Dumper=_Dumper, allow_unicode=True,
                                             sort_keys=False, default_flow_style=None,
                                             width=100), encoding="utf-8")
    load_policy(target)  # raises DataError if the validator refuses the copy
    return target


def _config(work: Path, data: Path, *, extension: bool) -> Path:
    """mkdocs.yml for a build in ``work`` (pages copied there: Zensical's rule), with or
    without the policy extension, never the hook."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["markdown_extensions"] = [
        {EXTENSION: {"data": str(data)}} if isinstance(entry, dict) and EXTENSION in entry
        else entry
        for entry in config["markdown_extensions"]
        if extension or not (isinstance(entry, dict) and EXTENSION in entry)]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    # The footer the theme's overrides read, as sitegen.build gives it to both engines.
    config.setdefault("extra", {})["policy_footer"] = dataclasses.asdict(
        footer(load_policy(data)))
    config["site_dir"] = str(work / "site")
    shutil.copytree(ROOT / "docs", work / "docs")
    path = work / "mkdocs.yml"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def _engine_command(engine: str, config: Path) -> list[str]:
    strict = ["--strict", "--quiet"] if engine == "mkdocs" else ["--strict"]
    return [sys.executable, "-m", engine, "build", *strict, "--config-file", str(config)]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], *, cwd: Path, env: dict) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the command and its children)."""
    started, cpu = time.perf_counter(), _cpu()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started, _cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def measure(engine: str, data: Path, runs: int, cold_runtime: bool = False) -> dict:
    env = engine_environment(ROOT, data)
    times: dict[str, list[tuple[float, float]]] = {"bare": [], "extension": [], "build": []}
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as scratch:
        scratch = Path(scratch)
        build = [sys.executable, "-m", "sitegen.build", "--engine", engine, "--data", str(data)]
        _timed([*build, str(scratch / "warm")], cwd=ROOT, env=env)  # the runtime's cache
        for run in range(runs):
            for name, extension in (("bare", False), ("extension", True)):
                work = scratch / f"{name}-{run}"
                work.mkdir()
                config = _config(work, data, extension=extension)
                times[name].append(_timed(_engine_command(engine, config), cwd=work, env=env))
            # --cold-runtime: as after an edit of the data, the runtime is built anew (its
            # snapshot made, its library chosen) in an empty cache.
            cache = {"WEBRUNTIME_CACHE": str(scratch / f"cache-{run}")} if cold_runtime else {}
            times["build"].append(_timed([*build, str(scratch / f"site-{run}")], cwd=ROOT,
                                         env=env | cache))
    result = {}
    for clock, unit, index in (("wall", "s", 0), ("cpu", "cpu_s", 1)):
        for name, values in times.items():
            result[f"{name}_{unit}"] = round(statistics.median(v[index] for v in values), 3)
        result[f"overhead_{clock}_pct"] = round(
            100 * (result[f"build_{unit}"] / result[f"bare_{unit}"] - 1), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--cold-runtime", action="store_true",
                        help="build the calculators' runtime anew in every build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-data-") as scratch:
        datasets = {"shipped": ROOT / "data", f"x{SCALE}": scaled_data(Path(scratch) / "data")}
        results = {f"{engine}/{name}": measure(engine, data, args.runs, args.cold_runtime)
                   for engine in ENGINES for name, data in datasets.items()}
    for engine in ENGINES:
        # The target: a build of the 100x policy within 3x the shipped one's.
        shipped, scaled = results[f"{engine}/shipped"], results[f"{engine}/x{SCALE}"]
        results[f"{engine}/x{SCALE}_over_shipped"] = {
            unit: round(scaled[unit] / shipped[unit], 2) for unit in ("build_s", "build_cpu_s")}
    if args.baseline:
        baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
        results = {case: {name: [value, baseline.get(case, {}).get(name)]
                          for name, value in figures.items()}
                   for case, figures in results.items()}
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
