"""Published builds as releases: ``public`` is a symbolic link to one folder under
``public.releases/``; publishing or rolling back replaces that link in one rename, so readers
only ever see a whole build, and the one before stays for ``make rollback``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

KEEP = 3  # the live release and the two before it


class ReleaseError(Exception):
    """Nothing was changed; the message says why."""


def releases_dir(target: Path) -> Path:
    return target.with_name(target.name + ".releases")


def current(target: Path) -> Path | None:
    """The live release folder, or None when nothing was published yet."""
    if target.is_symlink():
        return target.resolve()
    if target.exists():
        raise ReleaseError(f"{target} is a folder, not a link to a release; move it away first")
    return None


def new_release(target: Path) -> Path:
    """A fresh, empty, uniquely named folder to build the next release into."""
    folder = releases_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"building-{stamp}"
    path.mkdir()
    return path


def activate(target: Path, built: Path) -> Path:
    """Make ``built`` the live release in one atomic rename; returns its final folder."""
    final = built.with_name(built.name.removeprefix("building-"))
    built.rename(final)
    _point(target, final)
    _prune(target)
    return final


def rollback(target: Path) -> Path:
    """Point ``target`` back at the release before the live one."""
    live = current(target)
    if live is None:
        raise ReleaseError(f"nothing is published at {target}; there is nothing to roll back")
    older = [path for path in _finished(target) if path.name < live.name]
    if not older:
        raise ReleaseError(f"{target} has no earlier release to roll back to")
    _point(target, older[-1])
    return older[-1]


def discard(built: Path) -> None:
    shutil.rmtree(built, ignore_errors=True)


def _point(target: Path, release: Path) -> None:
    link = target.with_name(f".{target.name}.link-{os.getpid()}")
    if link.is_symlink():
        link.unlink()
    link.symlink_to(os.path.relpath(release, target.parent))
    os.replace(link, target)


def _finished(target: Path) -> list[Path]:
    return sorted(path for path in releases_dir(target).iterdir()
                  if path.is_dir() and not path.name.startswith("building-"))


def _prune(target: Path) -> None:
    live = current(target)
    finished = _finished(target)
    for path in finished[:-KEEP]:
        if path != live:
            shutil.rmtree(path, ignore_errors=True)
    # Builds that a crash left behind are never live; clear them.
    for path in releases_dir(target).glob("building-*"):
        shutil.rmtree(path, ignore_errors=True)
