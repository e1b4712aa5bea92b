"""Support staff's publishing commands (the Makefile's publish, diff and rollback).

    python -m publishing publish  [--to public] [--data data] [--strict-warnings] [--site DIR]
    python -m publishing diff     [--to public] [--data data] [--strict-warnings]
                                  [--format plain|markdown] [--against DIR]
    python -m publishing rollback [--to public] [--data data]

Exit status 0 on success, 1 when the data, the build or the published folder is wrong (nothing
published or rolled back: what readers see is untouched; one line on stderr says why, naming the
path and the cause, such as "No space left on device"), 2 for a wrong command line. diff exits
1 where publish would refuse: data with problems, or a change under a date left from an earlier
day.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from . import releases, summary
from .changes import changes, kept_date, publication_day, still_holds, warning_changes
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
    parser.add_argument("--site", type=Path, default=None,
                        help="publish: this site, already built from --data (by `make build`), "
                             "instead of building one; it is copied and checked like a build")
    parser.add_argument("--format", choices=("plain", "markdown"), default="plain",
                        help="diff: plain (the default), or markdown: a pull request's job "
                             "summary ($GITHUB_STEP_SUMMARY), by page")
    parser.add_argument("--against", type=Path, default=None, metavar="DIR",
                        help="diff: compare with the policy in this data folder (a pull "
                             "request's base) instead of the published site")
    args = parser.parse_args(argv)
    if args.command != "diff" and (args.format != "plain" or args.against is not None):
        parser.error(f"--format and --against are diff's; not {args.command}'s")
    target = args.to.absolute()
    done = "not rolled back" if args.command == "rollback" else "not published"
    try:
        if args.command == "rollback":
            return _rollback(args, target)
        # A job summary holds only the Markdown: the data's warnings go to the job's log.
        with (contextlib.redirect_stdout(sys.stderr) if args.format == "markdown"
              else contextlib.nullcontext()):
            policy = _load(args)
        if policy is None:
            return 1
        if args.command == "diff" and args.format == "plain" and args.against is None:
            # 1 when `make publish` would refuse it, so that a check built on diff fails too.
            return 1 if _print_changes(target, policy, args.warnings) == "forgotten" else 0
        if args.command == "diff":
            return _diff(args, target, policy)
        return _publish(args, target, policy)
    except releases.ReleaseError as error:
        print(f"{done}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        # A full disk, a read-only or foreign folder, a file where a folder belongs: what readers
        # see was left as it was (see releases.py), so one line is enough.
        print(f"{done}: {_os_problem(error)}; what readers see is unchanged", file=sys.stderr)
        return 1


def _diff(args, target: Path, policy) -> int:
    """diff against another data folder, or as Markdown: what readers will see change."""
    if args.against is not None:
        try:
            before = summary.base_policy(args.against)
        except summary.BaseError as error:
            print(f"not compared: {error}", file=sys.stderr)
            return 1
        where = summary.against(folder=args.against)
    else:
        before = _published_policy(target)
        where = summary.against(published=(target / POLICY_JSON).exists(), before=before)
    # Against a pull request's base, a date left as it was is the forgotten date publish refuses:
    # the check fails, so the pull request says so before it is merged.
    forgotten = kept_date(before, policy, publication_day()) == "forgotten"
    refusal = f"`make publish` will refuse this: {_FORGOTTEN.format(updated=policy.updated)}."
    if args.format == "markdown":
        sys.stdout.write(summary.markdown(before, policy, where,
                                          refusal=refusal if forgotten else None))
    else:
        if forgotten:
            print(refusal)
        _list_changes(changes(before, policy), where, SCREEN * 5)
    return 1 if forgotten else 0


def _os_problem(error: OSError) -> str:
    """'<path>: <cause>', e.g. '/srv/public.releases/x: No space left on device'."""
    cause = error.strerror or str(error) or type(error).__name__
    paths = [name for name in (error.filename, error.filename2) if name is not None]
    return f"{' -> '.join(map(str, paths))}: {cause}" if paths else cause


# The last error a failed build reports from the system, e.g.
# "OSError: [Errno 28] No space left on device: '/srv/public.releases/.work-x/site/a.js'".
_SYSTEM_ERROR = re.compile(r"\[Errno \d+\] (?P<cause>[^\n]*?)(?:: '(?P<path>[^'\n]*)')?$", re.M)


def _load(args):
    """The policy of ``args.data``, its warnings kept in ``args.warnings`` (said later, beside
    the change list, against the published site's); None when the data is refused, which is
    said."""
    from policydata import DataError, load_with_warnings

    # A diff is a preview: nothing was going to be published, so it says what blocks it instead.
    preview = args.command == "diff"
    try:
        policy, args.warnings = load_with_warnings(args.data)
    except DataError as error:
        _fail("the data has problems, so nothing can be compared until they are fixed"
              if preview else "the data has problems; nothing was published",
              [str(p) for p in error.problems], preview=preview)
        return None
    if args.warnings and args.strict_warnings:
        _fail("the data has warnings and --strict-warnings was given, so nothing can be "
              "compared until they are fixed" if preview else
              "the data has warnings and --strict-warnings was given; nothing was published",
              [str(w) for w in args.warnings], preview=preview)
        return None
    if args.warnings and args.command == "diff" and (args.format != "plain"
                                                     or args.against is not None):
        # Against another data folder, or as a job summary: no live release's warnings to tell
        # new ones from, so all are listed, before the changes.
        print(f"The data is valid, with {summary.count(len(args.warnings), 'warning')}:")
        _print_lines([str(w) for w in args.warnings], SCREEN, sys.stdout)
    return policy


def _publish(args, target: Path, policy) -> int:
    with releases.Releases(target) as journal:
        removed = journal.clean()
        if removed:
            shown = ", ".join(removed[:3]) + (f" and {len(removed) - 3} more"
                                              if len(removed) > 3 else "")
            print(f"Removed {len(removed)} leftover(s) of interrupted publishes from "
                  f"{journal.folder}: {shown}.")
        work = journal.new_work()
        try:
            release = _build_and_activate(args, target, policy, journal, work)
        finally:
            releases.discard(work)
    if release is None:
        return 1
    print(f"Published to {target} (release {release}); `make rollback` brings back the "
          "one before.")
    try:
        releases.remember_target(target)
    except OSError as error:  # published all the same: only the default of the next command
        print(f"(not remembered as the folder to publish to: {_os_problem(error)})",
              file=sys.stderr)
    return 0


def _build_and_activate(args, target: Path, policy, journal, work: Path) -> str | None:
    """The site built (or copied) into ``work``, checked, and made live; None on a refusal,
    which is already said."""
    built = work / "site"
    releases.pause_point("work")
    if args.site is not None:
        _copy_site(args.site, built)
    else:
        result = subprocess.run(
            [sys.executable, "-m", "sitegen.build", "--data", str(args.data.absolute()),
             str(built)],
            cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            output = (result.stderr or result.stdout).strip()
            # The system's error, when the build ended on one (its last lines say so).
            system = list(_SYSTEM_ERROR.finditer("\n".join(output.splitlines()[-3:])))
            if system:
                found = system[-1]
                # A write names no file: the folder it was written in is what staff can check.
                where = found["path"] or work.parent
                print(f"not published: the site could not be written: {where}: "
                      f"{found['cause']}; what readers see is unchanged", file=sys.stderr)
                return None
            lines = output.splitlines()
            if "Traceback (most recent call last):" in output:
                # A crash: its last lines say what went wrong, the first only where it began.
                lines = lines[-SCREEN:]
            _fail("the site did not build; nothing was published", lines)
            return None
    releases.pause_point("built")
    problems = check_site(built, policy)
    if problems:
        _fail("the built site failed its checks; nothing was published", problems)
        return None
    before = _published_policy(target)
    if kept_date(before, policy, publication_day()) == "forgotten":
        _fail(_FORGOTTEN.format(updated=policy.updated), changes(before, policy))
        return None
    _print_changes(target, policy, args.warnings)
    releases.pause_point("checked")
    return journal.activate(built, policy.updated.isoformat(),
                            [warning.message for warning in args.warnings])


_FORGOTTEN = ("readers would see changes, but the policy's date is still {updated}, as the "
              "published site's, and that day is over; set `updated:` to today's date in each "
              "file you edited")


def _copy_site(site: Path, into: Path) -> None:
    """``site`` copied file by file (an error names the file and its cause, as OSError)."""
    if not (site / "index.html").is_file():
        raise releases.ReleaseError(f"{site} is not a built site (it has no index.html)")
    for folder, _, files in os.walk(site):
        relative = Path(folder).relative_to(site)
        (into / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copyfile(Path(folder, name), into / relative / name)


def _rollback(args, target: Path) -> int:
    releases.rollback_needs(target)
    with releases.Releases(target) as journal:
        live, before, back = journal.rollback()
        entry = journal.journal.releases[before]
        folder = journal.folder
    published = entry.get("published") or "an unknown time"
    dated = entry.get("policy_updated") or "unknown"
    print(f"{target} now serves release {before} again: the one live before {live}, "
          f"published {_when(published)}, policy dated {dated}.")
    if back is not None:
        # The release rolled back to may be one staff already took away: say so, or a second
        # rollback quietly brings back what the first withdrew.
        when = _when(back.get("at") or "an unknown time")
        if back.get("release") == before:
            print(f"Careful: release {before} was itself withdrawn by a rollback on {when}; "
                  "readers now see it again.")
        else:
            print(f"Careful: release {before} has the same policy as release "
                  f"{back.get('release')}, which a rollback withdrew on {when}; readers now see "
                  "that withdrawn policy again.")
    old, new = _policy_at(folder / live), _policy_at(folder / before)
    if old is None or new is None:
        print("What readers see change is not known: a release has no policy this version reads.")
        return 0
    lines = changes(old, new)
    if not lines:
        print("No change for readers: both releases have the same policy.")
    else:
        print("What readers see change, against the release rolled back from:")
        _print_lines(lines, SCREEN, sys.stdout)
    _print_data_after_rollback(args.data, withdrawn=old, live=new)
    return 0


def _print_data_after_rollback(data: Path, *, withdrawn, live) -> None:
    """Whether ``data`` still holds the edit rolled back: the next publish would bring it back."""
    from policydata import DataError, load_policy

    try:
        edited = load_policy(data)
    except DataError:
        print(f"{data} has problems (`make validate` lists them), so whether it still holds the "
              "edit rolled back is not known.")
        return
    held = still_holds(withdrawn, live, edited)
    if held:
        print(f"{data} still holds the edit rolled back, so the next `make publish` would bring "
              "it back; fix or revert it there first:")
        _print_lines(held, SCREEN, sys.stdout)
    elif changes(live, edited):
        print(f"{data} holds none of the edit rolled back, but differs from what readers now "
              "see: `make diff` shows how.")
    else:
        print(f"{data} holds what readers now see.")


def _when(stamp: str) -> str:
    try:
        return dt.datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp


def _published_policy(target: Path):
    """The live release's policy; None when there is none, or when an earlier version of the
    site wrote it in a shape this one no longer reads (there is then nothing to compare)."""
    return _policy_at(target)


def _policy_at(release: Path):
    from calculators.policy_json import PolicyJSONError, from_json

    live = release / POLICY_JSON
    if not live.exists():
        return None
    try:
        return from_json(json.loads(live.read_text(encoding="utf-8")))
    except PolicyJSONError:
        return None


def _print_changes(target: Path, policy, warnings) -> str | None:
    """What publishing ``policy`` to ``target`` changes: first whether anything is published
    there, then the data's warnings against the live release's, then its date, then each fact
    readers see change."""
    before = _published_policy(target)
    nothing = not (target / POLICY_JSON).exists()
    if nothing:
        # Said first and in one line: a long list of "(new)" facts looks like an answer.
        print(f"Nothing is published in {target} yet: everything below is new to readers.")
    _print_warnings(target, warnings, nothing)
    dating = kept_date(before, policy, publication_day())
    if dating == "same day":
        print(f"Dated today, {policy.updated}, as the published site: a second change on the "
              "same day keeps its date.")
    elif dating == "forgotten":
        print(f"`make publish` will refuse this: {_FORGOTTEN.format(updated=policy.updated)}.")
    if before:
        where = f"the site published in {target}"
    elif not nothing:
        where = (f"the site published in {target}, whose policy an earlier version of the site "
                 "wrote in another shape (so every fact is listed)")
    else:
        where = "nothing (first publication)"
    # A first publication lists everything: one screen of it is enough to see it is the policy.
    _list_changes(changes(before, policy), where, SCREEN * 5 if before else SCREEN)
    return dating


def _list_changes(lines: list[str], where: str, limit: int) -> None:
    if not lines:
        print(f"No change for readers against {where}.")
        return
    print(f"What readers will see change, against {where}:")
    _print_lines(lines, limit, sys.stdout)


def _print_warnings(target: Path, warnings, nothing: bool) -> None:
    """The data's warnings, the ones the change adds and removes apart from those the live
    release was published with, which are one count (said before the change list, so they
    never scroll out of sight behind a long one)."""
    try:
        known = [] if nothing else releases.live_warnings(target)
    except releases.ReleaseError:
        known = None  # an unreadable journal, which publish refuses in its own line
    if known is None:
        if warnings:
            print(f"{summary.count(len(warnings), 'warning')}; the published release kept no "
                  "record of its own to compare with, so all are listed:")
            _print_lines([str(w) for w in warnings], SCREEN, sys.stdout)
        return
    new, gone, same = warning_changes(known, warnings)
    if new:
        print(f"{summary.count(len(new), 'new warning')}:")
        _print_lines([str(w) for w in new], SCREEN, sys.stdout)
    if gone:
        print(f"{summary.count(len(gone), 'warning')} gone:")
        _print_lines(gone, SCREEN, sys.stdout)
    if same:
        print(f"{summary.count(same, 'known warning')}, as in the published site; `make validate` "
              "lists them.")



def _fail(headline: str, lines: list[str], *, preview: bool = False) -> None:
    """``headline``, then one screen of ``lines``; a preview (diff) publishes nothing in any
    case, so it does not say "not published"."""
    print(f"{headline[0].upper()}{headline[1:]}:" if preview else f"not published: {headline}",
          file=sys.stderr)
    _print_lines(lines, SCREEN, sys.stderr)


def _print_lines(lines: list[str], limit: int, stream) -> None:
    for line in lines[:limit]:
        print(f"  {line}", file=stream)
    if len(lines) > limit:
        print(f"  ... and {len(lines) - limit} more", file=stream)


if __name__ == "__main__":
    sys.exit(main())
