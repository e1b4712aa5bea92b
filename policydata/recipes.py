"""``python -m policydata.recipes COMMAND``: the Makefile's recipes, given what staff typed.

Staff set POLICY_DATA, PUBLISH_DIR, ENGINE, HOST, STRICT_WARNINGS, FORMAT and BASE_DATA on
make's command line or in the environment. A value written into a shell command line is read
by the shell: a backtick or ``$(...)`` in a folder's name would run as a command, a double
quote would end the quoting.
So the Makefile writes none of them into a command; it exports each, unexpanded, and this
module reads them from the environment and starts the program with each one a single argument
(``os.execv``: no shell at all), whatever it holds.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from publishing.releases import LAST_TARGET_VARIABLE, last_target

__all__ = ["COMMANDS", "command_line", "main"]

COMMANDS = ("validate", "build", "serve", "publish", "diff", "rollback", "horizon")
# The folder the last `make publish` went to (in .cache/, which git ignores).
LAST_TARGET = Path(__file__).resolve().parent.parent / ".cache" / "published-to"


def command_line(command: str, environ: Mapping[str, str] = os.environ,
                 memory: Path = LAST_TARGET) -> list[str]:
    """The arguments after ``python`` for ``command``, each value from ``environ`` whole;
    ``memory``: where the last publish's folder is remembered.

    Values are given as ``--option=value``, so that one starting with "-" is still the
    option's value and not read as another option."""
    data = environ.get("POLICY_DATA") or "data"
    strict = ["--strict-warnings"] if environ.get("STRICT_WARNINGS") else []
    engine = environ.get("ENGINE") or "mkdocs"
    form = [f"--format={environ['FORMAT']}"] if environ.get("FORMAT") else []
    if command == "validate":
        return ["-m", "calculators", "validate", f"--data={data}", *strict, *form]
    if command == "build":
        return ["-m", "sitegen.build", f"--engine={engine}", f"--data={data}", "site"]
    if command == "serve":  # the server reads the data folder from POLICY_DATA itself
        return ["-m", "sitegen.serve", f"--engine={engine}",
                f"--dev-addr={environ.get('HOST') or '127.0.0.1:8000'}"]
    # Without PUBLISH_DIR, the folder the last `make publish` here went to: staff who publish
    # elsewhere need not type it on every command (each says which folder it used).
    published = environ.get("PUBLISH_DIR") or last_target(memory)
    to = [f"--to={published}"] if published else []
    if command in ("publish", "diff"):
        # diff's own: how it writes (FORMAT) and what it compares with (BASE_DATA).
        against = [f"--against={environ['BASE_DATA']}"] if environ.get("BASE_DATA") else []
        own = [*form, *against] if command == "diff" else []
        return ["-m", "publishing", command, f"--data={data}", *to, *strict, *own]
    if command == "rollback":  # the data, to say whether it still holds the edit rolled back
        return ["-m", "publishing", "rollback", f"--data={data}", *to]
    if command == "horizon":
        return ["-m", "policydata.horizon", f"--data={data}", *form]
    raise ValueError(f"unknown command {command!r}; one of: {', '.join(COMMANDS)}")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in COMMANDS:
        print(f"usage: python -m policydata.recipes {{{','.join(COMMANDS)}}}", file=sys.stderr)
        return 2
    arguments = command_line(argv[0])
    os.environ[LAST_TARGET_VARIABLE] = str(LAST_TARGET)  # a publish from make remembers its folder
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, *arguments])
    return 1  # not reached: execv replaces this process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
