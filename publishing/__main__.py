"""Support staff's publishing commands (the Makefile's publish, diff and rollback).

    python -m publishing publish  [--to public] [--data data] [--strict-warnings]
    python -m publishing diff     [--to public] [--data data] [--strict-warnings]
    python -m publishing rollback [--to public]

Exit status 0 on success, 1 when the data or the build is wrong (nothing published), 2 for
a wrong command line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from . import releases
from .changes import changes, undated
from .site_check import POLICY_JSON, check_site

ROOT = Path(__file__).resolve().parent.parent
SCREEN = 20  # lines of a failure shown; the rest is counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publishing", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("publish", "diff", "rollback"))
    parser.add_argument("--to", type=Path,
                        default=Path(os.environ.get("PUBLISH_DIR") or "public"),
                        help="the published folder (default: $PUBLISH_DIR or public)")
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--strict-warnings", action="store_true",
                        help="refuse to publish while the data has warnings")
    args = parser.parse_args(argv)
    target = args.to.absolute()
    try:
        if args.command == "rollback":
            release = releases.rollback(target)
            print(f"{args.to} now serves the release of {release.name}.")
            return 0
        policy = _load(args.data, args.strict_warnings)
        if policy is None:
            return 1
        if args.command == "diff":
            _print_changes(target, policy)
            return 0
        return _publish(args, target, policy)
    except releases.ReleaseError as error:
        done = "not rolled back" if args.command == "rollback" else "not published"
        print(f"{done}: {error}", file=sys.stderr)
        return 1


def _load(data: Path, strict_warnings: bool):
    from policydata import DataError, load_with_warnings

    try:
        policy, warnings = load_with_warnings(data)
    except DataError as error:
        _fail("the data has problems; nothing was published", [str(p) for p in error.problems])
        return None
    if warnings and strict_warnings:
        _fail("the data has warnings and --strict-warnings was given; nothing was published",
              [str(w) for w in warnings])
        return None
    if warnings:
        # Said before the change list, so it never scrolls out of sight behind a long one.
        print("The data is valid, with warnings (known ones are listed in README, "
              "\"Updating the policy\"):")
        _print_lines([str(w) for w in warnings], SCREEN, sys.stdout)
    return policy


def _publish(args, target: Path, policy) -> int:
    releases.current(target)  # refuse early if the target is not ours to replace
    built = releases.new_release(target)
    release = None
    try:
        result = subprocess.run(
            [sys.executable, "-m", "sitegen.build", "--data", str(args.data.absolute()), str(built)],
            cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            _fail("the site did not build; nothing was published",
                  (result.stderr or result.stdout).strip().splitlines())
            return 1
        problems = check_site(built, policy)
        if problems:
            _fail("the built site failed its checks; nothing was published", problems)
            return 1
        before = _published_policy(target)
        if undated(before, policy):
            _fail("readers would see changes, but the policy's date is still "
                  f"{policy.updated}; set `updated:` to today's date in each file you edited",
                  changes(before, policy))
            return 1
        _print_changes(target, policy)
        release = releases.activate(target, built)
    finally:
        if release is None:
            releases.discard(built)
    print(f"Published to {args.to} (release {release.name}); `make rollback` brings back the "
          "one before.")
    return 0


def _published_policy(target: Path):
    """The live release's policy; None when there is none, or when an earlier version of the
    site wrote it in a shape this one no longer reads (there is then nothing to compare)."""
    from calculators.policy_json import PolicyJSONError, from_json

    live = target / POLICY_JSON
    if not live.exists():
        return None
    try:
        return from_json(json.loads(live.read_text(encoding="utf-8")))
    except PolicyJSONError:
        return None


def _print_changes(target: Path, policy) -> None:
    before = _published_policy(target)
    lines = changes(before, policy)
    if before:
        where = "the published site"
    elif (target / POLICY_JSON).exists():
        where = ("the published site, whose policy an earlier version of the site wrote in "
                 "another shape (so every fact is listed)")
    else:
        where = "nothing (first publication)"
    if not lines:
        print(f"No change for readers against {where}.")
        return
    print(f"What readers will see change, against {where}:")
    # A first publication lists everything: one screen of it is enough to see it is the policy.
    _print_lines(lines, SCREEN * 5 if before else SCREEN, sys.stdout)


def _fail(headline: str, lines: list[str]) -> None:
    print(f"not published: {headline}", file=sys.stderr)
    _print_lines(lines, SCREEN, sys.stderr)


def _print_lines(lines: list[str], limit: int, stream) -> None:
    for line in lines[:limit]:
        print(f"  {line}", file=stream)
    if len(lines) > limit:
        print(f"  ... and {len(lines) - limit} more", file=stream)


if __name__ == "__main__":
    sys.exit(main())
