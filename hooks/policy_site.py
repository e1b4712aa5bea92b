"""MkDocs wiring for the policy site; the only file that knows the site engine.

It loads and validates the data before anything is written, and hands each page's Markdown to
:func:`sitegen.replace_markers`. Everything else is plain Python under ``sitegen/``.

The data folder is ``data`` beside mkdocs.yml, or the one the environment variable
``POLICY_DATA`` names (relative to mkdocs.yml, or absolute): the tests build from a broken copy
that way, e.g. ``POLICY_DATA=/tmp/bad make build``.
"""

from __future__ import annotations

import os
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
from mkdocs.structure.files import Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from calculators.policy_json import to_json  # noqa: E402
from policydata import DataError, load_policy  # noqa: E402
from policydata.json_schema import SCHEMA_DIR, write as write_schemas  # noqa: E402
from sitegen import MarkerError, replace_markers  # noqa: E402
from sitegen.calendars import published as published_calendars  # noqa: E402
from sitegen.csp import with_csp  # noqa: E402
from sitegen.views import footer  # noqa: E402
from webruntime import RuntimeBuildError, publish  # noqa: E402

_policy = None
_serving = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def _data_dir(config) -> Path:
    return Path(config.config_file_path).parent / os.environ.get("POLICY_DATA", "data")


def on_config(config):
    global _policy
    try:
        _policy = load_policy(_data_dir(config))
    except DataError as error:
        raise PluginError(f"the policy data has problems; fix each line below and build again:\n"
                          f"{error}") from None
    # For overrides/main.html, which puts it at the foot of every page.
    config.extra["policy_footer"] = footer(_policy)
    return config


def on_serve(server, config, builder):
    # `watch:` in mkdocs.yml names data/; the folder POLICY_DATA chose may be another one.
    server.watch(str(_data_dir(config)))
    return server


def on_page_markdown(markdown: str, page: Page, config, files: Files) -> str:
    def link(src_uri: str) -> str:
        target = files.get_file_from_path(src_uri)
        if target is None:
            raise PluginError(f"{page.file.src_uri}: a generated link leads to {src_uri}, "
                              f"which is not in docs/")
        return get_relative_url(target.url, page.file.url)

    try:
        # MkDocs hands over the page without its front matter; messages count the file's lines.
        source = page.file.content_string
        first_line = source[:max(source.find(markdown), 0)].count("\n") + 1
        return replace_markers(markdown, _policy, page=os.path.relpath(page.file.abs_src_path),
                               link=link, first_line=first_line)
    except MarkerError as error:
        raise PluginError(f"{error}\nUse one of the known markers, alone on its line.") from None


def on_post_page(output: str, page: Page, config) -> str:
    # `mkdocs serve` injects its live-reload script into each response, with numbers that change
    # per request: no hash can allow it, so the local preview goes without the policy. Every
    # build that is published (make build, make publish) has it.
    if _serving:
        return output
    # After every plugin (hooks run last), so the hashes are of the HTML as it is written;
    # page.content, from the Markdown and the data, gets no hash for any script in it.
    return with_csp(output, content=page.content or "")


def on_post_template(output_content: str, template_name: str, config) -> str:
    # 404.html is a theme template, never a page, so on_post_page does not see it; the other
    # theme template, sitemap.xml, is no HTML.
    if template_name.endswith(".html") and not _serving:
        return with_csp(output_content)
    return output_content


def on_post_build(config):
    # The data files' schemas, for editors that fetch them from the published site.
    write_schemas(Path(config.site_dir) / SCHEMA_DIR)
    # The calendars readers subscribe to.
    for path, text in published_calendars(_policy).items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        # Bytes, so the CRLF line ends RFC 5545 asks for are written as they are.
        target.write_bytes(text.encode("utf-8"))
    # The calculators' runtime and the policy they answer from, next to the pages.
    try:
        publish(config.site_dir, to_json(_policy))
    except RuntimeBuildError as error:
        raise PluginError(f"the calculators' runtime: {error}") from None
