"""python -m webruntime wheel DIR: build the calculators wheel into DIR (used by `make wheels`)."""

from __future__ import annotations

import sys
from pathlib import Path

from . import RuntimeBuildError, build_calculators_wheel


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "wheel":
        print("usage: python -m webruntime wheel DIR", file=sys.stderr)
        return 2
    try:
        print(build_calculators_wheel(Path(argv[1])))
    except RuntimeBuildError as error:
        print(f"python -m webruntime: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
