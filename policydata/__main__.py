"""python -m policydata schemas [DIR]: write the data files' JSON Schemas (default: schemas/)."""

from __future__ import annotations

import sys
from pathlib import Path

from .json_schema import SCHEMA_DIR, write


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "schemas" or len(argv) > 2:
        print("usage: python -m policydata schemas [DIR]", file=sys.stderr)
        return 2
    for path in write(Path(argv[1] if len(argv) > 1 else SCHEMA_DIR)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
