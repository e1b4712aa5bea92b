"""Releases that are whole or absent (issue 19): a publish or rollback killed at any step, a full
disk, a read-only folder, a file where a folder belongs. After each, readers see the release they
saw before, byte for byte; the next publish clears what was left behind in one line; rollback
goes only to a release that was whole and live; and a failure is one line, never a traceback.

The publishes copy the session's built site (``--site``) instead of building one each (a build
takes over a minute); one case kills a real build. Site B is site A with one file more, so the
two releases differ byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import DATA, ROOT

PAUSE = "PUBLISHING_TEST_PAUSE_AT"


def _command(command: str, public: Path, site: Path | None = None) -> list[str]:
    line = [sys.executable, "-m", "publishing", command, "--to", str(public)]
    if command == "publish":
        line += ["--data", str(DATA)]
        if site is not None:
            line += ["--site", str(site)]
    return line


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != PAUSE}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


# Root ignores file modes; without these two capabilities it meets them as any owner does.
AS_OWNER = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def _run(command: str, public: Path, site: Path | None = None, *,
         as_owner: bool = False) -> subprocess.CompletedProcess:
    """``command`` run to its end; ``as_owner``: held to file modes even when run as root."""
    prefix = AS_OWNER if as_owner and os.geteuid() == 0 else []
    return subprocess.run(prefix + _command(command, public, site), cwd=ROOT,
                          capture_output=True, text=True, env=_env(), timeout=300)


def _ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr
    return result


def _killed_at(step: str, command: str, public: Path, site: Path | None = None) -> None:
    """Runs ``command`` until it pauses at ``step``, then SIGKILLs it and all it started."""
    process = subprocess.Popen(_command(command, public, site), cwd=ROOT, env=_env(**{PAUSE: step}),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        seen = []
        for line in process.stderr:
            seen.append(line)
            if line.strip() == f"[paused at {step}]":
                break
        else:
            pytest.fail(f"{command} never reached {step}: {''.join(seen)}")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL


def _tree(path: Path) -> dict[str, str]:
    """Every file served under ``path``, with its content's hash."""
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def _journal(public: Path) -> dict:
    return json.loads((public.with_name("public.releases") / "journal.json").read_text())


def _live(public: Path) -> str:
    return Path(os.readlink(public)).name


def _only_releases_left(public: Path) -> None:
    """The releases folder holds the journal's releases and nothing else of a publish's."""
    folder = public.with_name("public.releases")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*_journal(public)["releases"], "journal.json", ".lock"])


def _one_line_failure(result: subprocess.CompletedProcess, start: str, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(start), result.stderr
    for word in words:
        assert word in result.stderr


@pytest.fixture(scope="module")
def two_sites(site, tmp_path_factory):
    """(site A, site B): the session's build, and a copy of it with one file more."""
    other = tmp_path_factory.mktemp("site-b") / "site"
    shutil.copytree(site, other)
    (other / "release-b.txt").write_text("release B\n", encoding="utf-8")
    return site, other


@pytest.fixture(scope="module")
def trees(two_sites):
    return tuple(_tree(site) for site in two_sites)


# step the publish of site B is killed at: (whether a release was published before it, what
# readers see after the kill)
KILLS = {
    "after its work folder appears": ("work", True, "old"),
    "with the site written, before its checks": ("built", True, "old"),
    "in the finish step, checked, before the rename": ("checked", True, "old"),
    "after its release folder appears, before the link switch": ("renamed", True, "old"),
    "after the link switch, before the journal": ("switched", True, "new"),
    "after the journal, before old releases go": ("journaled", True, "new"),
    "the first publish, after its work folder appears": ("work", False, "nothing"),
    "the first publish, after its release folder appears": ("renamed", False, "nothing"),
}


@pytest.mark.parametrize("step, earlier, seen", KILLS.values(), ids=KILLS.keys())
def test_a_killed_publish_leaves_readers_the_release_before(two_sites, trees, tmp_path, step,
                                                            earlier, seen):
    (site_a, site_b), (tree_a, tree_b) = two_sites, trees
    public = tmp_path / "public"
    if earlier:
        _ok(_run("publish", public, site_a))
        assert _tree(public) == tree_a
    _killed_at(step, "publish", public, site_b)

    if seen == "nothing":
        assert not public.exists() and not public.is_symlink()
    else:
        assert _tree(public) == {"old": tree_a, "new": tree_b}[seen]
    live_after_kill = _live(public) if public.is_symlink() else None

    # The next publish clears what the kill left, in one line, and publishes.
    result = _ok(_run("publish", public, site_b))
    left = [line for line in result.stdout.splitlines() if line.startswith("Removed ")]
    assert len(left) == (1 if seen != "new" else 0), result.stdout
    _only_releases_left(public)
    assert _tree(public) == tree_b

    # Rollback goes to the release live before this publish, never to a leftover.
    rolled = _run("rollback", public)
    if live_after_kill is None:
        _one_line_failure(rolled, "not rolled back: ", "no earlier release")
        assert _tree(public) == tree_b
    else:
        _ok(rolled)
        assert _live(public) == live_after_kill
        assert not _live(public).startswith(".")
        assert _live(public) in _journal(public)["releases"]
        assert _tree(public) == {"old": tree_a, "new": tree_b}[seen]
        assert "again: the one live before" in rolled.stdout
    _only_releases_left(public)


def test_a_killed_rollback_leaves_a_whole_release(two_sites, trees, tmp_path):
    (site_a, site_b), (tree_a, tree_b) = two_sites, trees
    public = tmp_path / "public"
    _ok(_run("publish", public, site_a))
    first = _live(public)
    _ok(_run("publish", public, site_b))
    _killed_at("rollback-switched", "rollback", public)
    assert _tree(public) == tree_a and _live(public) == first
    # The journal catches up with the link: A is live and nothing was live before it.
    _one_line_failure(_run("rollback", public), "not rolled back: ", "no earlier release")
    assert _journal(public)["live"] == first
    _ok(_run("publish", public, site_b))
    _ok(_run("rollback", public))
    assert _tree(public) == tree_a and _live(public) == first


def test_a_first_publish_killed_in_its_build_is_never_a_release(two_sites, trees, tmp_path):
    # The real build (no --site): it writes its own temporary folder, inside the work folder.
    site_a, _ = two_sites
    public = tmp_path / "public"
    folder = tmp_path / "public.releases"
    process = subprocess.Popen(_command("publish", public), cwd=ROOT, env=_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not list(folder.glob(".work-*/.site-building-*/*")):
            assert process.poll() is None and time.monotonic() < deadline, "the build never began"
            time.sleep(0.05)
        time.sleep(1)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert not public.is_symlink()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".work-")]
    result = _ok(_run("publish", public, site_a))
    assert any(line.startswith("Removed 1 leftover") for line in result.stdout.splitlines())
    _only_releases_left(public)
    _one_line_failure(_run("rollback", public), "not rolled back: ", "no earlier release")
    assert _tree(public) == trees[0]


def test_rollback_says_which_release_and_what_changes(two_sites, tmp_path, policy):
    site_a, site_b = two_sites
    public = tmp_path / "public"
    _ok(_run("publish", public, site_a))
    first = _live(public)
    _ok(_run("publish", public, site_b))
    second = _live(public)
    rolled = _ok(_run("rollback", public))
    published = _journal(public)["releases"][first]["published"][:10]
    assert rolled.stdout.splitlines() == [
        f"{public} now serves release {first} again: the one live before {second}, "
        f"published {published} {_journal(public)['releases'][first]['published'][11:16]} UTC, "
        f"policy dated {policy.updated.isoformat()}.",
        "No change for readers: both releases have the same policy.",
        "data holds what readers now see."]
    log = [(event["by"], event["live"]) for event in _journal(public)["log"]]
    assert log == [("publish", first), ("publish", second), ("rollback", first)]


def test_a_releases_folder_without_a_journal_starts_one_with_its_live_release(two_sites, trees,
                                                                           tmp_path):
    # As an earlier version left it: releases, a build it never cleared, no journal.
    site_a, site_b = two_sites
    public, folder = tmp_path / "public", tmp_path / "public.releases"
    for name in ("20260101T000000000000Z", "20260102T000000000000Z"):
        shutil.copytree(site_a, folder / name)
    shutil.copytree(site_b, folder / "20260103T000000000000Z")
    (folder / ".building-20260104T000000000000Z-building-x").mkdir()
    public.symlink_to("public.releases/20260102T000000000000Z")
    result = _ok(_run("publish", public, site_b))
    assert [line for line in result.stdout.splitlines() if line.startswith("Removed ")] == [
        f"Removed 3 leftover(s) of interrupted publishes from {folder}: "
        ".building-20260104T000000000000Z-building-x, 20260101T000000000000Z, "
        "20260103T000000000000Z."]
    _only_releases_left(public)
    assert _journal(public)["log"][0]["live"] == "20260102T000000000000Z"
    _ok(_run("rollback", public))
    assert _live(public) == "20260102T000000000000Z" and _tree(public) == trees[0]


# where the file is: what the refusal says
FILES_WHERE_FOLDERS_BELONG = {
    "public": ("public", "is a file, not a link to a release; move it away first"),
    "public.releases": ("public.releases", "is a file, not a folder of releases; move it away first"),
}


@pytest.mark.parametrize("command", ["publish", "rollback"])
@pytest.mark.parametrize("name, says", FILES_WHERE_FOLDERS_BELONG.values(),
                         ids=FILES_WHERE_FOLDERS_BELONG.keys())
def test_a_file_where_a_folder_belongs(two_sites, tmp_path, command, name, says):
    (tmp_path / name).write_text("not ours\n")
    result = _run(command, tmp_path / "public", two_sites[0])
    done = "not rolled back" if command == "rollback" else "not published"
    _one_line_failure(result, f"{done}: {tmp_path / name} {says}")
    assert (tmp_path / name).read_text() == "not ours\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@contextmanager
def _tmpfs(where: Path, size: str):
    """A tmpfs of ``size`` mounted at ``where`` (root only; otherwise the test is skipped)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (a full disk) or a read-only one")
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"could not mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _size(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


# (room for what, how the site is made): a full disk refuses in one line, readers see no change
FULL_DISKS = {
    "the first publish, into 3 MB": ("3m", False, True),
    "the first publish, a real build into 3 MB": ("3m", False, False),
    "a second publish, room for one release": ("one", True, True),
}


@pytest.mark.parametrize("size, earlier, copy", FULL_DISKS.values(), ids=FULL_DISKS.keys())
def test_a_full_disk(two_sites, trees, tmp_path, size, earlier, copy):
    site_a, site_b = two_sites
    if size == "one":
        size = f"{_size(site_a) * 3 // 2 // 1024}k"
    with _tmpfs(tmp_path / "disk", size) as disk:
        public = disk / "public"
        if earlier:
            _ok(_run("publish", public, site_a))
        result = _run("publish", public, site_b if copy else None)
        _one_line_failure(result, "not published: ", "No space left on device",
                          str(disk / "public.releases"))
        if earlier:
            assert _tree(public) == trees[0]
            _only_releases_left(public)
        else:
            assert not public.is_symlink()
        assert not list((disk / "public.releases").glob(".work-*"))


@contextmanager
def _remounted_read_only(disk: Path):
    """``disk``'s tmpfs remounted read-only (root only; otherwise the test is skipped)."""
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(disk)],
                               capture_output=True, text=True)
    if remounted.returncode != 0:
        pytest.skip(f"could not remount the tmpfs read-only: {remounted.stderr.strip()}")
    try:
        yield "Read-only file system"
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=False)


@contextmanager
def _without_write_permission(disk: Path):
    """``disk`` and its releases folder without write permission, the lock file read-only."""
    if os.geteuid() == 0 and shutil.which(AS_OWNER[0]) is None:
        pytest.skip("needs setpriv (util-linux) to run as root held to file modes")
    folders = [disk, disk / "public.releases"]
    for folder in folders:
        folder.chmod(0o555)
    (disk / "public.releases" / ".lock").chmod(0o444)
    try:
        yield "Permission denied"
    finally:
        for folder in folders:
            folder.chmod(0o755)


@contextmanager
def _publish_folder(tmp_path: Path, how: str):
    """A folder to publish in: a tmpfs to remount read-only, else a plain folder."""
    if how == "read-only file system":
        with _tmpfs(tmp_path / "disk", "200m") as disk:
            yield disk
    else:
        (tmp_path / "disk").mkdir()
        yield tmp_path / "disk"


READ_ONLY = {"read-only file system": _remounted_read_only,
             "no write permission": _without_write_permission}


@pytest.mark.parametrize("how", READ_ONLY)
@pytest.mark.parametrize("command", ["publish", "rollback"])
def test_a_folder_that_cannot_be_written(two_sites, trees, tmp_path, command, how):
    site_a, site_b = two_sites
    with _publish_folder(tmp_path, how) as disk:
        public = disk / "public"
        _ok(_run("publish", public, site_a))
        _ok(_run("publish", public, site_b))
        before = _live(public)
        with READ_ONLY[how](disk) as cause:
            result = _run(command, public, site_a, as_owner=True)
            done = "not rolled back" if command == "rollback" else "not published"
            _one_line_failure(result, f"{done}: {disk / 'public.releases'}", cause)
            assert _live(public) == before and _tree(public) == trees[1]


def test_one_publish_or_rollback_at_a_time(two_sites, trees, tmp_path):
    site_a, site_b = two_sites
    public = tmp_path / "public"
    _ok(_run("publish", public, site_a))
    process = subprocess.Popen(_command("publish", public, site_b), cwd=ROOT,
                               env=_env(**{PAUSE: "built"}), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        for line in process.stderr:
            if line.strip() == "[paused at built]":
                break
        else:
            pytest.fail("the publish never reached its pause")
        for command in ("publish", "rollback"):
            done = "not rolled back" if command == "rollback" else "not published"
            _one_line_failure(_run(command, public, site_b),
                              f"{done}: another publish or rollback is running on {public}")
        assert _tree(public) == trees[0]
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()


def test_rollback_walks_back_through_the_kept_releases(two_sites, trees, tmp_path):
    # Each rollback goes to the release that was live before the live one; three are kept.
    site_a, site_b = two_sites
    public = tmp_path / "public"
    published = []
    for site in (site_a, site_b, site_a, site_b):
        _ok(_run("publish", public, site))
        published.append(_live(public))
    assert sorted(_journal(public)["releases"]) == published[1:]
    _only_releases_left(public)
    for name, tree in ((published[2], trees[0]), (published[1], trees[1])):
        _ok(_run("rollback", public))
        assert (_live(public), _tree(public)) == (name, tree)
    _one_line_failure(_run("rollback", public), "not rolled back: ", "no earlier release")
    assert _live(public) == published[1]
