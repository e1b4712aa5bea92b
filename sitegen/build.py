"""One build of the site, whichever engine: ``python -m sitegen.build [--engine E] SITE_DIR``.

``make build``, ``make publish`` and the tests' site all come from :func:`build_site`: check the
data and every page's markers (all problems, with file:line, before any engine starts), let the
engine generate the pages into a fresh folder, finish that folder (:mod:`sitegen.finish`), and
only then put it where the site goes. A failure at any step leaves the previous site as it was.

The engines run as commands, each on a small config that inherits the project's mkdocs.yml and
adds what a build needs: where the pages go, the policy's date for the foot of every page, and
no MkDocs hook (it only serves ``make serve``). Zensical takes its pages and output only from
inside the config's folder and caches rendered pages there, not knowing that they depend on the
data, so it builds in a folder of its own with a copy of docs/.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from calculators.model import Policy

from .extension import PolicyDataError, data_dir, hand_over, policy_from
from .finish import FinishError, finish
from .render import marker_problems
from .views import footer

__all__ = ["ENGINES", "BuildError", "build_site", "engine_config", "main"]

ENGINES = ("mkdocs", "zensical")


class BuildError(Exception):
    """The site could not be built; the message says what to fix."""


def engine_config(project: Path, policy: Policy, **settings) -> str:
    """A config inheriting ``project``/mkdocs.yml, with the footer (the policy's date and the
    support numbers) and ``settings``.

    JSON is YAML, and keeps every value a plain string."""
    extra = {"policy_footer": dataclasses.asdict(footer(policy))}
    return json.dumps({"INHERIT": str(project / "mkdocs.yml"), "extra": extra, **settings},
                      indent=1, ensure_ascii=False) + "\n"


def check_pages(docs: Path) -> list[str]:
    """Every bad marker of every page under ``docs``, as ``docs/page.md:line: message``."""
    problems = []
    for page in sorted(docs.rglob("*.md")):
        problems += marker_problems(page.read_text(encoding="utf-8"),
                                    page=os.path.relpath(page))
    return problems


def engine_environment(project: Path, data: Path) -> dict[str, str]:
    return {**os.environ, "POLICY_DATA": str(data), "NO_MKDOCS_2_WARNING": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(project),
                                                        os.environ.get("PYTHONPATH")]))}


def _generate(engine: str, project: Path, work: Path, policy: Policy, data: Path) -> Path:
    """The engine's pages for ``policy`` in a new folder under ``work``."""
    site = work / "site"
    common = {"theme": {"custom_dir": str(project / "overrides")}, "site_dir": str(site)}
    if engine == "mkdocs":
        config = engine_config(project, policy, docs_dir=str(project / "docs"), hooks=[],
                               watch=[], **common)
        command = ["-m", "mkdocs", "build", "--strict", "--quiet"]
    else:
        shutil.copytree(project / "docs", work / "docs")
        config = engine_config(project, policy, **common)
        command = ["-m", "zensical", "build", "--strict"]
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    # Loaded and checked once per build: the engine's extension takes this model.
    hand_over(work / "policy.pickle", data)
    env = {**engine_environment(project, data), "POLICY_MODEL": str(work / "policy.pickle")}
    result = subprocess.run([sys.executable, *command, "--config-file", "mkdocs.yml"],
                            cwd=work, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not (site / "index.html").is_file():
        output = (result.stdout + result.stderr).strip()
        raise BuildError(f"{engine} build failed:\n{output}")
    return site


def build_site(dest: Path, *, engine: str = "mkdocs", data: str | os.PathLike | None = None,
               project: Path | None = None) -> None:
    """Build the site of ``project`` (default: the current folder) into ``dest``."""
    if engine not in ENGINES:
        raise BuildError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    project = (project or Path.cwd()).absolute()
    folder = Path(data).absolute() if data else data_dir()
    problems = []
    try:
        policy = policy_from(folder)
    except PolicyDataError as error:
        problems.append(str(error))
    pages = check_pages(project / "docs")
    if pages:
        problems.append("\n".join(pages) + "\nUse one of the known markers, alone on its line.")
    if problems:
        raise BuildError("\n".join(problems))
    dest = dest.absolute()
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Beside dest, so that the swap below is two renames on one file system.
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}-building-", dir=dest.parent))
    try:
        site = _generate(engine, project, work, policy, folder)
        finish(site, policy)
        if dest.exists():
            dest.rename(work / "previous")
        site.rename(dest)
    except FinishError as error:
        raise BuildError(str(error)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.build",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="where the finished site goes")
    parser.add_argument("--engine", choices=ENGINES, default="mkdocs")
    parser.add_argument("--data", default=None,
                        help="the policy's data folder (default: POLICY_DATA, else data)")
    args = parser.parse_args(argv)
    try:
        build_site(args.site, engine=args.engine, data=args.data)
    except BuildError as error:
        print(f"the site was not built (the previous one is unchanged):\n{error}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
