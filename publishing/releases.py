"""Published builds as releases: ``public`` is a symbolic link to one folder under
``public.releases/``; publishing or rolling back replaces that link in one rename, so readers
only ever see a whole build, and the ones before stay for ``make rollback``.

What counts as a release is written down, not guessed from the folder listing: the journal
``public.releases/journal.json`` names every release that was completely written, checked and
made live, the release each one replaced, and a log of what was live when. It is replaced
atomically (temporary file, fsync, rename, fsync of the folder). Every command reads it; a
folder in ``public.releases/`` that the journal does not name is a leftover of an interrupted
publish (its work folder ``.work-…``, or a finished folder that was never made live) and is
never a rollback target: the next publish removes it.

Steps, and what a kill at each leaves behind:

1. ``.work-<stamp>/`` is created and the site is built (or copied) into it: killed here, the
   work folder is a leftover; ``public`` is untouched.
2. Its files are fsynced, and it is renamed to ``<stamp>/``: killed here, ``<stamp>/`` is an
   orphan (not in the journal); ``public`` is untouched.
3. The link ``public`` is switched to ``<stamp>/`` in one rename: from here readers see the new
   release. Killed before the journal names it, the next command finds the link pointing at a
   finished release the journal does not know, and records it (it was made live).
4. The journal records the new release as live, and drops the releases beyond the last
   ``KEEP``; their folders are removed after (killed between, they are leftovers).

A releases folder written before the journal existed has none: the first command to need one
writes it, with the release ``public`` points at as its first entry. The older folders beside it
are leftovers from then on (nothing recorded that they were ever whole and live); the next
publish removes them.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

KEEP = 3  # the live release and the two it replaced, one after the other
JOURNAL = "journal.json"
LOCK = ".lock"
WORK_PREFIX = ".work-"
LOG_LIMIT = 500  # the journal's log keeps this many of the latest events
WITHDRAWN_LIMIT = 100  # and this many of the latest rollbacks' withdrawn releases
# Test hook: the step named here pauses (for a test to kill the process at a known moment).
PAUSE_VARIABLE = "PUBLISHING_TEST_PAUSE_AT"


class ReleaseError(Exception):
    """Nothing was changed; the message says why."""


def pause_point(step: str) -> None:
    """When the test hook names ``step``, say so on stderr and wait to be killed."""
    if os.environ.get(PAUSE_VARIABLE) == step:
        print(f"[paused at {step}]", file=sys.stderr, flush=True)
        time.sleep(3600)


def releases_dir(target: Path) -> Path:
    return target.with_name(target.name + ".releases")


def current(target: Path) -> Path | None:
    """The folder the link ``target`` points at, or None when nothing was published yet.
    Refuses a ``target`` that is not a link (a folder or a file put there by hand)."""
    if target.is_symlink():
        return Path(os.path.realpath(target))
    if target.is_dir():
        raise ReleaseError(f"{target} is a folder, not a link to a release; move it away first")
    if target.exists():
        raise ReleaseError(f"{target} is a file, not a link to a release; move it away first")
    return None


def check_releases_dir(target: Path) -> None:
    folder = releases_dir(target)
    if folder.is_symlink() and not folder.exists():
        raise ReleaseError(f"{folder} is a broken link, not a folder of releases; "
                           "move it away first")
    if folder.exists() and not folder.is_dir():
        raise ReleaseError(f"{folder} is a file, not a folder of releases; move it away first")


@dataclass
class Journal:
    live: str | None = None
    releases: dict[str, dict] = field(default_factory=dict)
    log: list[dict] = field(default_factory=list)
    # Each release a rollback took readers away from: {"release", "at", "policy"}, "policy"
    # being the fingerprint of the policy it withdrew (None when the rollback left readers the
    # same policy). Kept after the release's folder goes, so that a rollback that brings the
    # withdrawn policy back in another release can say so. Journals written before it have none
    # (read as empty; an earlier version reading this one ignores it).
    withdrawn: list[dict] = field(default_factory=list)

    def event(self, by: str) -> None:
        self.log.append({"at": _now(), "live": self.live, "by": by})
        del self.log[:-LOG_LIMIT]

    def to_json(self) -> dict:
        return {"format": 1, "live": self.live, "releases": self.releases, "log": self.log,
                "withdrawn": self.withdrawn}


def read_journal(target: Path) -> tuple[Journal, bool]:
    """The journal as written, and whether it exists; without one, the migration: the release
    ``target`` points at is the first entry (not written here: see ``Releases.save``)."""
    check_releases_dir(target)
    folder = releases_dir(target)
    path = folder / JOURNAL
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        journal = Journal()
        live = _live_name(target)
        if live is not None:
            journal.live = live
            journal.releases[live] = _entry(folder / live, before=None,
                                            published=_mtime(folder / live))
            journal.event("migrated: the release live when the journal was started")
        return journal, False
    try:
        data = json.loads(raw)
        journal = Journal(live=data["live"], releases=dict(data["releases"]),
                          log=list(data["log"]), withdrawn=list(data.get("withdrawn", [])))
        if journal.live is not None and journal.live not in journal.releases:
            raise ValueError("the live release is not among its releases")
    except (ValueError, KeyError, TypeError) as error:
        raise ReleaseError(f"{path} is not a publish journal this version reads ({error}); "
                           "move it away (the release public points at then starts a new one)"
                           ) from None
    return journal, True


class Releases:
    """The releases of ``target`` for one command that changes them: holds the folder's lock,
    reads the journal and brings it up to date with the link (after a kill between the link's
    switch and the journal's write)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.folder = releases_dir(target)
        current(target)
        check_releases_dir(target)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.folder / LOCK, "a")  # noqa: SIM115 - held until close()
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise ReleaseError(f"another publish or rollback is running on {target}; "
                               "wait for it to end") from None
        self.journal, self.journaled = read_journal(target)
        self._reconcile()

    def close(self) -> None:
        self._lock.close()

    def __enter__(self) -> Releases:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _reconcile(self) -> None:
        live = _live_name(self.target)
        journal = self.journal
        if live == journal.live:
            return
        if live is None:
            # The link went (by hand): nothing is live, whatever the journal last said.
            journal.live = None
            journal.event("the link was gone")
        elif live in journal.releases:
            journal.live = live  # a rollback killed before it wrote the journal
            journal.event("recovered: the link pointed at this release")
        else:
            # A publish killed between switching the link and writing the journal: its release
            # was checked (it is renamed only then) and made live, so it counts.
            journal.releases[live] = _entry(self.folder / live, before=journal.live,
                                            published=_mtime(self.folder / live))
            journal.live = live
            journal.event("recovered: a publish made it live before it wrote the journal")
        self.save()

    def save(self) -> None:
        _write_atomically(self.folder / JOURNAL, json.dumps(self.journal.to_json(), indent=1))
        self.journaled = True

    def leftovers(self) -> list[Path]:
        """Everything in the releases folder that is not a release of the journal."""
        keep = set(self.journal.releases) | {JOURNAL, LOCK}
        return sorted(path for path in self.folder.iterdir() if path.name not in keep)

    def clean(self) -> list[str]:
        """Removes the leftovers of interrupted publishes; returns their names."""
        if not self.journaled:
            self.save()  # the migration first, so that the live release is never a leftover
        names = []
        for path in self.leftovers():
            _remove(path)
            names.append(path.name)
        return names

    def new_work(self) -> Path:
        """A fresh, empty, uniquely named work folder to build the next release in."""
        path = self.folder / f"{WORK_PREFIX}{_stamp()}"
        path.mkdir()
        return path

    def activate(self, built: Path, policy_updated: str | None,
                 warnings: list[str] | None = None) -> str:
        """Make the finished site ``built`` (inside a work folder) the live release; returns
        its name. On failure nothing readers see has changed, and the error is raised.
        ``warnings``: the data's warnings' messages, which the next diff and publish compare
        with (kept in the journal: a file in the release would be served to readers)."""
        _fsync_tree(built)
        name = _stamp()
        final = self.folder / name
        built.rename(final)
        if built.parent.parent == self.folder and built.parent.name.startswith(WORK_PREFIX):
            _remove(built.parent)  # what the build left beside the site: nothing else is kept
        _fsync_dir(self.folder)
        pause_point("renamed")
        journal = self.journal
        before = journal.live
        try:
            _point(self.target, final)
        except BaseException:
            _remove(final)
            raise
        pause_point("switched")
        entry = _entry(final, before=before, published=_now())
        entry["policy_updated"] = policy_updated
        if warnings is not None:
            entry["warnings"] = warnings
        kept = self._chain(name, {**journal.releases, name: entry})
        old_releases = journal.releases
        journal.releases = {key: value for key, value in {**old_releases, name: entry}.items()
                            if key in kept}
        journal.live = name
        journal.event("publish")
        try:
            self.save()
        except BaseException:
            # Readers must not keep a release the journal does not name: put the link back.
            journal.releases, journal.live = old_releases, before
            journal.log.pop()
            if before is not None:
                _point(self.target, self.folder / before)
            else:
                self.target.unlink()
            _remove(final)
            raise
        pause_point("journaled")
        for old in old_releases:
            if old not in kept:
                _remove(self.folder / old)
        return name

    def _chain(self, name: str, releases: dict[str, dict]) -> list[str]:
        """``name`` and the releases it replaced, one after the other, up to KEEP."""
        chain = [name]
        while len(chain) < KEEP:
            before = releases[chain[-1]].get("before")
            if before is None or before not in releases or before in chain:
                break
            chain.append(before)
        return chain

    def previous(self) -> str:
        """The release that was live before the live one; refuses when there is none."""
        journal = self.journal
        if journal.live is None:
            raise ReleaseError(f"nothing is published at {self.target}; "
                               "there is nothing to roll back")
        before = journal.releases[journal.live].get("before")
        if before is None or before not in journal.releases:
            raise ReleaseError(f"{self.target} has no earlier release to roll back to "
                               f"(the journal {self.folder / JOURNAL} names none before "
                               f"{journal.live})")
        if not (self.folder / before).is_dir():
            raise ReleaseError(f"the release before, {self.folder / before}, is missing")
        return before

    def rollback(self) -> tuple[str, str, dict | None]:
        """Point ``target`` back at the release that was live before; returns (from, to, and
        the earlier withdrawal that release brings back, see ``withdrawal``)."""
        before = self.previous()
        live = self.journal.live
        back = self.withdrawal(before)
        withdrew, kept = _policy_print(self.folder / live), _policy_print(self.folder / before)
        if not self.journaled:
            self.save()
        _point(self.target, self.folder / before)
        pause_point("rollback-switched")
        journal = self.journal
        journal.live = before
        journal.event("rollback")
        journal.withdrawn.append({"release": live, "at": journal.log[-1]["at"],
                                  "policy": withdrew if withdrew != kept else None})
        del journal.withdrawn[:-WITHDRAWN_LIMIT]
        try:
            self.save()
        except BaseException:
            journal.live = live
            journal.log.pop()
            journal.withdrawn.pop()
            _point(self.target, self.folder / live)
            raise
        return live, before, back

    def withdrawal(self, name: str) -> dict | None:
        """The latest rollback that withdrew release ``name`` itself, or, when none did, a policy
        the same as ``name``'s (republished from data that still held a rolled-back edit):
        {"release", "at", "policy"}; None when neither was ever withdrawn."""
        same_policy = None
        policy = _policy_print(self.folder / name)
        for record in reversed(self.journal.withdrawn):
            if record.get("release") == name:
                return record
            if same_policy is None and policy is not None and record.get("policy") == policy:
                same_policy = record
        return same_policy


def live_warnings(target: Path) -> list[str] | None:
    """The warnings' messages the live release of ``target`` was published with; None when it
    recorded none (published before they were kept, or nothing is published). Only reads."""
    journal, _ = read_journal(target)
    if journal.live is None or _live_name(target) != journal.live:
        return None
    return journal.releases[journal.live].get("warnings")


# Where `make publish` remembers the folder it published to, so that publish, diff and rollback
# without PUBLISH_DIR use it (policydata/recipes.py). Only a command given this variable, by the
# Makefile's recipes, writes it: a test's or a script's publish never changes staff's default.
LAST_TARGET_VARIABLE = "PUBLISHING_LAST_TARGET_FILE"


def remember_target(target: Path) -> None:
    """Record ``target`` as the last folder published to, when the recipe asked for it."""
    memory = os.environ.get(LAST_TARGET_VARIABLE)
    if memory:
        Path(memory).parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(Path(memory), str(target.absolute()) + "\n")


def last_target(memory: Path) -> str | None:
    """The folder last published to, as ``remember_target`` wrote it in ``memory``."""
    try:
        return memory.read_text(encoding="utf-8").rstrip("\n") or None
    except (OSError, UnicodeDecodeError):
        return None  # never published from here, or unreadable: the default folder then


def rollback_needs(target: Path) -> None:
    """Refuses early, without writing anything, when there is nothing to roll back."""
    if current(target) is None and not releases_dir(target).exists():
        raise ReleaseError(f"nothing is published at {target}; there is nothing to roll back")


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _live_name(target: Path) -> str | None:
    """The name of the release folder ``target`` points at, when it is one of ours."""
    live = current(target)
    if live is None:
        return None
    folder = Path(os.path.realpath(releases_dir(target)))
    if live.parent != folder or live.name.startswith(".") or not live.is_dir():
        return None
    return live.name


def _entry(path: Path, *, before: str | None, published: str) -> dict:
    entry: dict = {"published": published, "before": before}
    policy = path / "assets/calculators/policy.json"
    try:
        entry["policy_updated"] = json.loads(policy.read_text(encoding="utf-8")).get("updated")
    except (OSError, ValueError, AttributeError):
        entry["policy_updated"] = None
    return entry


def _policy_print(release: Path) -> str | None:
    """A fingerprint of the policy ``release`` serves (the same policy, the same fingerprint,
    however its JSON was spaced); None when it has none readable."""
    try:
        policy = json.loads((release / "assets/calculators/policy.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    canonical = json.dumps(policy, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _mtime(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).isoformat(
        timespec="seconds")


def _point(target: Path, release: Path) -> None:
    link = target.with_name(f".{target.name}.link-{os.getpid()}")
    if link.is_symlink():
        link.unlink()
    link.symlink_to(os.path.relpath(release, target.parent))
    try:
        os.replace(link, target)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_tree(root: Path) -> None:
    """Every file and folder of ``root`` on disk, so a release is whole even after a crash."""
    for folder, _, files in os.walk(root):
        for name in files:
            descriptor = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        _fsync_dir(Path(folder))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
