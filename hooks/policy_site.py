"""What only `mkdocs serve` needs (``make serve``); builds go through ``python -m sitegen.build``,
which leaves this hook out, and the pages' markers are the Markdown extension's business.

- the preview rebuilds when a data file changes, in the folder ``POLICY_DATA`` names too;
- edits to the project's Python reach the next rebuild;
- every rebuild gets the calculators' runtime and the policy as JSON (sitegen.finish without
  the Content-Security-Policy: the server injects a live-reload script into each response, with
  numbers that change per request, which no hash can allow).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PROJECT_PACKAGES = ("sitegen", "policydata", "calculators", "webruntime")

# MkDocs puts only hooks/ on sys.path, and `mkdocs serve` re-runs this file on every rebuild
# while Python keeps modules it has imported: make the project importable from any directory,
# and drop cached project modules so that edits to the watched folders reach the next build.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
for _name in [name for name in sys.modules if name.partition(".")[0] in _PROJECT_PACKAGES]:
    del sys.modules[_name]

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.build import check_pages  # noqa: E402
from sitegen.extension import PolicyDataError, data_dir, policy_from  # noqa: E402
from sitegen.finish import FinishError, finish  # noqa: E402

_serving = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config):
    if _serving:
        # Before any page, every problem with file:line, as `make build` reports them (MkDocs
        # re-reads its config on each rebuild).
        try:
            policy_from(data_dir())
        except PolicyDataError as error:
            raise PluginError(str(error)) from None
        problems = check_pages(Path(config.docs_dir))
        if problems:
            raise PluginError("\n".join(problems))
    return config


def on_serve(server, config, builder):
    # `watch:` in mkdocs.yml names data/; the folder POLICY_DATA chose may be another one.
    server.watch(str(data_dir()))
    return server


def on_post_build(config):
    if not _serving:
        return
    try:
        finish(Path(config.site_dir), policy_from(data_dir()), csp=False)
    except (FinishError, PolicyDataError) as error:
        raise PluginError(str(error)) from None
