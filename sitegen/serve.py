"""The local preview, ``make serve``: ``python -m sitegen.serve [--engine E] [--dev-addr HOST]``.

Both engines serve a config that inherits mkdocs.yml and adds the policy's date (the foot of
every page) and the data folder to watch; it lives beside mkdocs.yml while the server runs,
since Zensical takes pages only from inside the config's folder.

- MkDocs: ``mkdocs serve`` with hooks/policy_site.py, which publishes the calculators' runtime
  after every rebuild.
- Zensical runs no hooks, and empties its output folder when a watched file changes. The
  runtime is published again here whenever it is missing from that folder (after every such
  rebuild) or the data changed.

Neither preview carries the Content-Security-Policy: each server injects a live-reload script.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from webruntime import URL_PATH

from .build import ENGINES, engine_config, engine_environment
from .extension import PolicyDataError, data_dir, fingerprint, policy_from
from .finish import FinishError, finish

__all__ = ["main", "serve"]

def serve(engine: str, address: str, project: Path) -> int:
    data = data_dir()
    policy = policy_from(data)
    # Inside the project (Zensical's rule), one of each per server; both named in .gitignore.
    config = project / f".serve-{os.getpid()}.yml"
    preview = project / f".site-serve-{os.getpid()}"
    settings = {}
    if engine == "zensical":
        # Zensical adds this list to mkdocs.yml's; for MkDocs it would replace it, and the hook
        # watches the data folder instead.
        settings = {"site_dir": str(preview), "watch": [str(data)]}
        command = ["-m", "zensical", "serve", "--dev-addr", address]
    else:
        command = ["-m", "mkdocs", "serve", "--strict", "--dev-addr", address]
    config.write_text(engine_config(project, policy, **settings), encoding="utf-8")
    try:
        server = subprocess.Popen([sys.executable, *command, "--config-file", str(config)],
                                  cwd=project, env=engine_environment(project, data))
        try:
            if engine == "zensical":
                _keep_runtime(server, preview, data)
            return server.wait()
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        config.unlink(missing_ok=True)
        shutil.rmtree(preview, ignore_errors=True)


def _keep_runtime(server: subprocess.Popen, site: Path, data: Path) -> None:
    published = None
    while server.poll() is None:
        time.sleep(0.5)
        current = fingerprint(data)
        missing = not (site / URL_PATH / "policy.json").is_file()
        if (site / "index.html").is_file() and (missing or current != published):
            try:
                finish(site, policy_from(data), csp=False)
                published = current
            except (FinishError, PolicyDataError, OSError) as error:
                # The server shows the page's own error; the runtime is tried again next time.
                print(f"sitegen.serve: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.serve",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=ENGINES, default="mkdocs")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    # Stopped like Ctrl-C, so the server is stopped and the config removed on the way out.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return serve(args.engine, args.dev_addr, Path.cwd().absolute())
    except PolicyDataError as error:
        print(f"python -m sitegen.serve: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
