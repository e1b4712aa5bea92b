"""How fast the calculators answer on CPython. Prints JSON; asserts nothing (timings are noisy).

    .venv/bin/python benchmarks/calculators.py [--runs 2000] [--baseline FILE]

- deadline_ms, escalation_ms: median of one answer as the CLI's --json and the widgets build
  it (target: 1 ms or less each);
- import_and_load_ms: a fresh interpreter importing the package and building the policy from
  its JSON, with bytecode compiled as an installed wheel has it (target: 50 ms or less);
  import_and_load_uncompiled_ms the same when every module is compiled from source first;
- yaml_load_ms: reading and validating data/ with policydata, for reference.

Save a run (`> base.json`) and pass it as --baseline to print each figure beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators import deadline_json, escalation_json, to_json  # noqa: E402

AT = dt.datetime(2026, 11, 27, 17, 30, tzinfo=dt.timezone.utc)
FRESH_RUNS = 9

IMPORT_AND_LOAD = """
import time
started = time.perf_counter()
import json
from calculators import from_json
with open({path!r}, encoding="utf-8") as file:
    from_json(json.load(file))
print((time.perf_counter() - started) * 1000)
"""

YAML_LOAD = """
import time
started = time.perf_counter()
from policydata import load_policy
load_policy({data!r})
print((time.perf_counter() - started) * 1000)
"""


def median_ms(call, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return round(statistics.median(timings) * 1000, 4)


def fresh_ms(code: str, bytecode: bool) -> float:
    """Median over fresh interpreters of the milliseconds ``code`` prints."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="pycache-") as cache:
        if bytecode:
            # Compile once into a private cache, as pip does when it installs the wheel; the
            # checkout's environment may forbid writing bytecode next to the sources.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = cache
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        runs = [_run(code, env) for _ in range(FRESH_RUNS + (1 if bytecode else 0))]
    return round(statistics.median(runs[1:] if bytecode else runs), 1)


def _run(code: str, env: dict) -> float:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    return float(done.stdout)


def measure(runs: int) -> dict:
    from policydata import load_policy

    policy = load_policy(ROOT / "data")
    with tempfile.TemporaryDirectory(prefix="policy-json-") as folder:
        path = Path(folder) / "policy.json"
        path.write_text(json.dumps(to_json(policy)), encoding="utf-8")
        return {
            "python": sys.version.split()[0],
            "deadline_ms": median_ms(lambda: deadline_json(policy, "S2", AT, "usa"), runs),
            "escalation_ms": median_ms(lambda: escalation_json(policy, "tier1", AT), runs),
            "import_and_load_ms": fresh_ms(IMPORT_AND_LOAD.format(path=str(path)), True),
            "import_and_load_uncompiled_ms": fresh_ms(IMPORT_AND_LOAD.format(path=str(path)),
                                                      False),
            "yaml_load_ms": fresh_ms(YAML_LOAD.format(data=str(ROOT / "data")), True),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="answers timed per figure")
    parser.add_argument("--baseline", type=Path, help="a saved run to print beside this one")
    args = parser.parse_args()
    current = measure(args.runs)
    if args.baseline is None:
        print(json.dumps(current, indent=2))
        return
    baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
    print(json.dumps({key: {"current": value, "baseline": baseline.get(key)}
                      for key, value in current.items()}, indent=2))


if __name__ == "__main__":
    main()
