"""How long compiling the schedules of the shipped policy takes, and their size per page.

    .venv/bin/python benchmarks/schedules.py [--start 2026-12-05T10:07Z] [--days 120]

Prints JSON: ``compile_s`` (all questions, one process), ``splits`` (segments the engine check
had to split: each one an event the compiler missed; expected 0), and per page the schedules it
would load as one compact JSON array (``raw_bytes``, ``gzip_bytes`` at level 9), with their
segments. Contact and home load the same open-now schedule.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators import schedule  # noqa: E402
from policydata import load_policy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--start", default=None, help="ISO instant; default: now")
    parser.add_argument("--days", type=int, default=schedule.DEFAULT_DAYS)
    parser.add_argument("--check", default="end+middle", choices=["end+middle", "end"])
    args = parser.parse_args()
    start = (dt.datetime.fromisoformat(args.start.replace("Z", "+00:00")) if args.start
             else dt.datetime.now(dt.timezone.utc))
    policy = load_policy(ROOT / "data")
    stats: dict = {}
    began = time.perf_counter()
    schedules = schedule.compile_all(policy, start, args.days, args.check, stats)
    compiled = time.perf_counter() - began
    pages: dict[str, list[dict]] = {}
    for one in schedules:
        pages.setdefault(schedule.PAGES[one["question"]["kind"]], []).append(one)
    report = {"start": args.start or start.isoformat(), "days": args.days,
              "compile_s": round(compiled, 1), "splits": stats.get("splits", 0), "pages": {}}
    for page, found in pages.items():
        text = json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode()
        report["pages"][page] = {
            "schedules": len(found), "segments": sum(len(s["segments"]) for s in found),
            "raw_bytes": len(text), "gzip_bytes": len(gzip.compress(text, 9))}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
