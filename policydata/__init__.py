"""The policy data under ``data/``: read, validated and assembled into ``calculators.model``.

Build-time only (PyYAML, python-holidays); the calculators themselves never import it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from calculators.model import Policy

from . import assemble
from .schema import INVALID, Context, Problem
from .policy_text import check_quotes
from .shapes import FILES, POLICY_TEXT
from .yaml_source import compose, read_text

__all__ = ["DataError", "Problem", "load_policy", "load_with_warnings", "holiday_years_end",
           "FILES"]


class DataError(Exception):
    """The data has problems; ``problems`` lists every one found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column))
        super().__init__("\n".join(map(str, self.problems)))


def load_policy(data_dir: str | os.PathLike = "data", today: dt.date | None = None) -> Policy:
    """Read and check every data file for ``today`` (default: the computer's); raise DataError
    listing all problems found."""
    return _load(Path(data_dir), today)[0]


def load_with_warnings(data_dir: str | os.PathLike = "data",
                       today: dt.date | None = None) -> tuple[Policy, list[Problem]]:
    """The policy, as :func:`load_policy` gives it, and the warnings about it (see
    :mod:`policydata.warnings`), each a Problem whose message starts with "warning:"."""
    from .warnings import warnings

    today = today or dt.date.today()
    policy, files = _load(Path(data_dir), today)
    paths = {name: _shown(Path(data_dir) / name) for name in FILES}
    return policy, warnings(files, policy, paths, today)


def holiday_years_end(data_dir: str | os.PathLike = "data",
                      today: dt.date | None = None) -> tuple[dt.date, Problem]:
    """The last day whose holidays the data knows (31 December of ``holiday_years.last``), and
    a Problem placed at that ``last:`` (its message empty), for commands that judge the reach."""
    _, files = _load(Path(data_dir), today)
    years = files["contacts.yaml"]["holiday_years"]
    mark = years.where("last").start_mark
    place = Problem(_shown(Path(data_dir) / "contacts.yaml"), mark.line + 1, mark.column + 1, "")
    return dt.date(years["last"], 12, 31), place


def _load(data_dir: Path, today: dt.date | None = None):
    ctx = Context(today=today)
    files = {}
    for name, shape in FILES.items():
        ctx.path = _shown(data_dir / name)
        node = compose(data_dir / name, ctx.path, ctx)
        files[name] = INVALID if node is None else shape.read(node, ctx)
    if files["readings.yaml"] is INVALID and not ctx.definitions.get("reading"):
        # readings.yaml could not be read, which is reported there: the reading ids the other
        # files name are not at fault, and are not each reported as unknown too.
        ctx.references = [ref for ref in ctx.references if ref.kind != "reading"]
    ctx.check_references()
    ctx.apply_rules()
    text_path = _shown(data_dir / POLICY_TEXT)
    text = read_text(data_dir / POLICY_TEXT, text_path, ctx)
    if text is not None:
        check_quotes(text, text_path, ctx)
    if ctx.problems or any(value is INVALID for value in files.values()):
        raise DataError(ctx.problems)
    # Resolving holiday calendars is the one step of assembly that can still find a problem
    # (a removed date that is no holiday), and calendars live in contacts.yaml.
    ctx.path = _shown(data_dir / "contacts.yaml")
    result = assemble.policy(files, ctx)
    if ctx.problems:
        raise DataError(ctx.problems)
    return result, files


def _shown(path: Path) -> str:
    """The path as staff typed it relative to where they are, e.g. data/contacts.yaml; links
    are not followed, so a file that links elsewhere is still named by its own name."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
